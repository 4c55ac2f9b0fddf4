"""`frtlint lsp`: a language server that publishes frtlint findings as diagnostics.

For editors (and ruff users) that do not run flake8. It checks the open document's
text on open, change and save, with the settings of the nearest pyproject.toml, one
file at a time (cross-file call-graph results need `frtlint check`).
"""

from __future__ import annotations

from pathlib import Path
from typing import List, NamedTuple, Optional
from urllib.parse import unquote, urlparse

from frtlint import __version__
from frtlint.config import load_settings
from frtlint.engine.runner import Engine
from frtlint.errors import UsageError
from frtlint.findings import Finding

SOURCE = "frtlint"


def _path_of(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(uri)


class Checked(NamedTuple):
    findings: List[Finding]
    config_error: Optional[str] = None  # a broken configuration must not look like clean code


def findings_for(uri: str, text: str) -> Checked:
    path = _path_of(uri)
    if path.suffix != ".py":
        return Checked([])
    try:
        settings = load_settings(start=path.parent if path.parent.exists() else None)
    except UsageError as error:
        return Checked([], str(error))
    engine = Engine(settings, use_cache=False, jobs=1)
    # The path relative to the project root, as `frtlint check` run there shows it, so
    # path patterns in per-file-ignores apply in the editor too.
    try:
        display = path.resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:
        display = path.name
    return Checked([f for f in engine.check_source(display, text.encode("utf-8")) if f.suppression_reason is None])


def build_server():
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("frtlint", __version__)
    severity = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        checked = findings_for(uri, document.source)
        if checked.config_error is not None:
            message = f"frtlint: configuration error, nothing checked: {checked.config_error}"
            server.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))
            problem = types.Diagnostic(
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                message=message,
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[problem]))
            return
        diagnostics = [
            types.Diagnostic(
                range=types.Range(
                    start=types.Position(line=f.line - 1, character=f.column - 1),
                    end=types.Position(line=f.end_line - 1, character=max(f.end_column - 1, f.column - 1)),
                ),
                message=f.message,
                severity=severity.get(f.severity, types.DiagnosticSeverity.Information),
                code=f.rule,
                code_description=types.CodeDescription(href=f"https://github.com/frtlint/frtlint/blob/main/docs/rules/{f.rule}.md"),
                source=SOURCE,
            )
            for f in checked.findings
        ]
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    return server


def serve() -> int:
    try:
        server = build_server()
    except ImportError:
        raise UsageError("the language server needs pygls: pip install 'frtlint[lsp]'") from None
    server.start_io()
    return 0


