"""`frtlint lsp`: a language server that publishes frtlint findings as diagnostics.

For editors (and ruff users) that do not run flake8. It checks the open document's
text on open, change (after a pause, see lsp_live) and save, with the settings of the
nearest pyproject.toml, one file at a time (cross-file call-graph results need
`frtlint check`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple
from urllib.parse import unquote, urlparse

from frtlint import __version__
from frtlint.integrations.lsp_live import LiveAnalysis
from frtlint.integrations.lsp_stream import CheckedStdin
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

    from frtlint.integrations.lsp_features import diagnostic_for, register

    server = LanguageServer("frtlint", __version__)
    published: Dict[str, List[Finding]] = {}  # uri -> the findings on screen, which hover explains
    register(server, lambda uri: published.get(uri, []), _path_of)  # hover, the rule fix and the suppression quick fix

    def publish(uri: str, version: int, checked: Checked) -> None:
        if checked.config_error is not None:
            published.pop(uri, None)
            message = f"frtlint: configuration error, nothing checked: {checked.config_error}"
            server.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))
            problem = types.Diagnostic(
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                message=message,
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[problem], version=version))
            return
        # The evidence trail rides along as relatedInformation (lsp_features).
        published[uri] = checked.findings
        diagnostics = [diagnostic_for(types, f, uri, _path_of(uri)) for f in checked.findings]
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def tell(message: str) -> None:
        server.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=message))

    # Debounced, on a worker thread, large documents on save only (lsp_live).
    live: LiveAnalysis[Checked] = LiveAnalysis(findings_for, publish, tell)

    def current(uri: str) -> Tuple[int, str]:
        document = server.workspace.get_text_document(uri)
        return document.version or 0, document.source

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        live.opened(params.text_document.uri, *current(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        live.changed(params.text_document.uri, *current(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        live.saved(params.text_document.uri, *current(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        live.closed(params.text_document.uri)
        published.pop(params.text_document.uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        live.shutdown()

    return server


def serve() -> int:
    try:
        server = build_server()
    except ImportError:
        raise UsageError("the language server needs pygls: pip install 'frtlint[lsp]'") from None
    # A malformed message header is skipped instead of hanging the reader (lsp_stream).
    server.start_io(stdin=CheckedStdin(sys.stdin.buffer), stdout=sys.stdout.buffer)
    return 0


