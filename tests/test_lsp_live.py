"""`frtlint lsp` under load: debounced edits, analysis off the event loop, a size cap for
live analysis, and a malformed message header that must not hang the server."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path
from typing import List

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

from lsp_session import SERVER, client  # noqa: F401  (the shared fixture)

CODE = "from deepface import DeepFace\n\nresult = DeepFace.analyze(img)\n"
FIXED = CODE.replace("analyze(img)", "analyze(img, actions=['age'])")
SLOW_FUNCTION = "def f{n}(img):\n    faces = DeepFace.extract_faces(img)\n    return DeepFace.analyze(faces[0], actions=['age'])\n\n"


def _open(client: LanguageClient, name: str, text: str) -> str:
    path = Path(client.root) / name
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    return uri


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _next(client: LanguageClient, method: str):
    """The next notification of `method`; a server that never sends it fails the test."""
    return await asyncio.wait_for(client.wait_for_notification(method), 60)


async def _no_diagnostics_within(client: LanguageClient, seconds: float) -> None:
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), seconds)


def _rules(diagnostics: List[types.Diagnostic]) -> List[str]:
    return sorted(str(d.code) for d in diagnostics)


@pytest.mark.asyncio(loop_scope="function")
async def test_a_burst_of_edits_is_analysed_once_at_its_latest_version(client: LanguageClient) -> None:
    uri = _open(client, "job.py", CODE)
    opened = await _next(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert (opened.version, _rules(opened.diagnostics)) == (1, ["FRT201", "FRT301"])
    for version in range(2, 6):
        _change(client, uri, version, CODE + f"# edit {version}\n")
    _change(client, uri, 6, FIXED)
    published = await _next(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert (published.uri, published.version, _rules(published.diagnostics)) == (uri, 6, ["FRT201"])
    await _no_diagnostics_within(client, 1.5)  # versions 2-5 were superseded, never published


@pytest.mark.asyncio(loop_scope="function")
async def test_the_server_answers_while_a_document_is_analysed(client: LanguageClient) -> None:
    slow = CODE + "".join(SLOW_FUNCTION.format(n=n) for n in range(800))  # seconds of analysis
    uri = _open(client, "slow.py", slow)
    started = time.monotonic()
    with pytest.raises(JsonRpcMethodNotFound):
        await asyncio.wait_for(client.protocol.send_request_async("frtlint/ping", None), 60)
    answered_after = time.monotonic() - started
    assert uri not in client.diagnostics, "the request waited for the analysis"
    published = await _next(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert published.uri == uri and len(published.diagnostics) == 802
    assert answered_after < time.monotonic() - started


@pytest.mark.asyncio(loop_scope="function")
async def test_a_document_over_the_live_limit_is_checked_on_save_only(client: LanguageClient) -> None:
    large = CODE + "#" * 1_000_001 + "\n"
    uri = _open(client, "large.py", large)
    shown = await _next(client, types.WINDOW_SHOW_MESSAGE)
    assert shown.type == types.MessageType.Info
    assert shown.message == "frtlint: large.py is larger than 1 MB, so it is checked when saved, not while you type"
    _change(client, uri, 2, large + "x = 1\n")
    await _no_diagnostics_within(client, 1.5)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    saved = await _next(client, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert (saved.version, _rules(saved.diagnostics)) == (2, ["FRT201", "FRT301"])
    assert [m.message for m in client.messages].count(shown.message) == 1


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _responses(stdout: bytes) -> dict:
    found = {}
    for chunk in stdout.split(b"Content-Length: ")[1:]:
        body = json.loads(chunk.split(b"\r\n\r\n", 1)[1])
        if "id" in body:
            found[body["id"]] = body
    return found


def test_a_malformed_content_length_is_skipped_not_a_hang(tmp_path: Path) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"capabilities": {}, "rootUri": tmp_path.as_uri(), "processId": None}}
    stream = (
        b"Content-Length: abc\r\n\r\n" + json.dumps({**initialize, "id": 99}).encode()
        + _frame(initialize)
        + _frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        + _frame({"jsonrpc": "2.0", "method": "exit"})
    )
    completed = subprocess.run(SERVER, input=stream, capture_output=True, timeout=120, cwd=tmp_path)
    responses = _responses(completed.stdout)
    assert sorted(responses) == [1, 2]
    assert responses[1]["result"]["serverInfo"]["name"] == "frtlint"
    assert "skipped a message with a malformed header: b'Content-Length: abc\\r\\n'" in completed.stderr.decode()
