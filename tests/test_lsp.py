"""`frtlint lsp` through a real LSP client (pytest-lsp) over stdio."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_session import client  # noqa: F401  (the shared fixture)

CODE = "from deepface import DeepFace\n\nresult = DeepFace.analyze(img)\n"


@pytest.mark.asyncio(loop_scope="function")
async def test_diagnostics_on_open_and_change(client: LanguageClient) -> None:
    path = Path(client.root) / "job.py"
    path.write_text(CODE)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=CODE))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = client.diagnostics[uri]
    frt301 = [d for d in diagnostics if d.code == "FRT301"]
    assert len(frt301) == 1
    assert (frt301[0].range.start.line, frt301[0].range.start.character) == (2, 9)
    assert frt301[0].severity == types.DiagnosticSeverity.Error
    assert frt301[0].source == "frtlint"
    assert frt301[0].message.endswith("(Draft Art. 11)")

    fixed = CODE.replace("analyze(img)", "analyze(img, actions=['age'])")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d for d in client.diagnostics[uri] if d.code == "FRT301"] == []


def _open(client: LanguageClient, path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    return uri


@pytest.mark.asyncio(loop_scope="function")
async def test_per_file_ignores_with_a_path_pattern_apply_in_the_editor(client: LanguageClient) -> None:
    root = Path(client.root)
    (root / "pyproject.toml").write_text('[tool.frtlint]\nper-file-ignores = { "legacy/**" = ["FRT301"] }\n')
    ignored = _open(client, root / "legacy" / "old" / "job.py", CODE)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    kept = _open(client, root / "current" / "job.py", CODE)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[ignored] if d.code == "FRT301"] == []
    assert [d.code for d in client.diagnostics[kept] if d.code == "FRT301"] == ["FRT301"]


@pytest.mark.asyncio(loop_scope="function")
async def test_config_error_is_shown_not_hidden(client: LanguageClient) -> None:
    root = Path(client.root)
    (root / "pyproject.toml").write_text("[tool.frtlint]\nfail-on = 'sometimes'\n")
    uri = _open(client, root / "job.py", CODE)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (problem,) = client.diagnostics[uri]
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.message.startswith("frtlint: configuration error, nothing checked: ")
    assert "'fail-on' must be one of error, warning, never, not 'sometimes'" in problem.message
    assert any("configuration error" in m.message for m in client.messages)
    shown = [(m.type, m.message) for m in client.messages if "configuration error" in m.message]
    assert shown == [(types.MessageType.Error, problem.message)]
