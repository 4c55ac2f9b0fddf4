"""`frtlint lsp` hover, evidence as relatedInformation and the suppression quick fix,
through a real LSP client (pytest-lsp) over stdio."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from frtlint.integrations.lsp_features import minimal_edit

RACE = "from deepface import DeepFace\n\nresult = DeepFace.analyze(img)\n"
KEEP = 'import cv2\nimport face_recognition\n\n\ndef keep(img):\n    face_recognition.face_locations(img)\n    cv2.imwrite("x.jpg", img)\n'


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "frtlint", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    (root / "pyproject.toml").write_text('[tool.frtlint]\nselect = ["FRT1", "FRT3"]\n')
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
    )
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, name: str, text: str) -> str:
    path = Path(client.root) / name
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def _hover(uri: str, line: int, character: int) -> types.HoverParams:
    return types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)
    )


@pytest.mark.asyncio(loop_scope="function")
async def test_hover_on_a_finding_shows_its_rule_page_with_articles(client: LanguageClient) -> None:
    uri = await _open(client, "job.py", RACE)
    hover = await client.text_document_hover_async(_hover(uri, 2, 15))
    assert hover is not None and hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("# FRT301 sensitive-attribute-inference\n")
    assert "| Draft Provisions (2023) | Art. 11 |" in hover.contents.value
    assert "- Draft Art. 11 (sensitive attributes): Do not use face recognition to analyse race" in hover.contents.value
    assert await client.text_document_hover_async(_hover(uri, 0, 3)) is None  # the import line has no finding


@pytest.mark.asyncio(loop_scope="function")
async def test_evidence_is_related_information(client: LanguageClient) -> None:
    uri = await _open(client, "keep.py", KEEP)
    [frt101] = [d for d in client.diagnostics[uri] if d.code == "FRT101"]
    assert (frt101.range.start.line, frt101.range.start.character) == (6, 4)
    [related] = frt101.related_information
    assert related.message == "passed to face_recognition.face_locations"
    assert related.location.uri == uri
    assert (related.location.range.start.line, related.location.range.start.character) == (5, 4)


@pytest.mark.asyncio(loop_scope="function")
async def test_quick_fixes_apply_the_rule_fix_or_write_a_reasoned_suppression(client: LanguageClient) -> None:
    uri = await _open(client, "job.py", RACE)
    [frt301] = [d for d in client.diagnostics[uri] if d.code == "FRT301"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=frt301.range,
            context=types.CodeActionContext(diagnostics=[frt301]),
        )
    )
    fix, action = actions
    assert (fix.title, fix.is_preferred) == ("Fix FRT301: removed race from the requested attributes", True)
    [fix_edit] = fix.edit.changes[uri]
    assert (fix_edit.range.start.line, fix_edit.range.end.line) == (2, 3)
    assert fix_edit.new_text == 'result = DeepFace.analyze(img, actions=["emotion", "age", "gender"])\n'

    assert action.title == "Suppress FRT301 with a reason (frtlint)"
    assert action.kind == types.CodeActionKind.QuickFix
    [edit] = action.edit.changes[uri]
    assert (edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character) == (2, 0, 3, 0)
    assert edit.new_text == "result = DeepFace.analyze(img)  # frtlint: ignore[FRT301] reason: TODO\n"

    # Applied, the comment silences the finding (the engine reads the same comment).
    fixed = RACE.replace("result = DeepFace.analyze(img)\n", edit.new_text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == []


def test_minimal_edit_replaces_only_the_changed_lines() -> None:
    old = "a\nb\nc"
    assert minimal_edit(old, "a\nb\nc  # x") == ((2, 0), (2, 1), "c  # x")
    assert minimal_edit(old, "a\n# x\nb\nc") == ((1, 0), (1, 0), "# x\n")
    assert minimal_edit("a\r\nb\r\n", "a\r\nb  # x\r\n") == ((1, 0), (2, 0), "b  # x\r\n")


TOLERANCE = (
    "import face_recognition\n\n\ndef check(known, img):\n"
    "    enc = face_recognition.face_encodings(img)[0]\n"
    "    return face_recognition.compare_faces([known], enc, tolerance=0.7)\n"
)


async def _actions(client: LanguageClient, uri: str, rule: str) -> list:
    [diagnostic] = [d for d in client.diagnostics[uri] if d.code == rule]
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


@pytest.mark.asyncio(loop_scope="function")
async def test_unsafe_fixes_say_so_and_rules_without_a_fix_offer_only_the_suppression(client: LanguageClient) -> None:
    uri = await _open(client, "keep.py", KEEP)
    assert [a.title for a in await _actions(client, uri, "FRT101")] == ["Suppress FRT101 with a reason (frtlint)"]

    (Path(client.root) / "match").mkdir()
    (Path(client.root) / "match" / "pyproject.toml").write_text('[tool.frtlint]\nselect = ["FRT502"]\n')
    uri = await _open(client, "match/check.py", TOLERANCE)
    fix, suppress = await _actions(client, uri, "FRT502")
    assert fix.title == "Fix FRT502: tolerance=0.7 set back to the library default 0.6 (unsafe: changes behaviour)"
    assert not fix.is_preferred
    assert [e.new_text for e in fix.edit.changes[uri]] == [
        "    return face_recognition.compare_faces([known], enc, tolerance=0.6)\n"
    ]
    assert suppress.title == "Suppress FRT502 with a reason (frtlint)"


def test_hover_explains_the_published_findings_without_analysing_again(tmp_path: Path) -> None:
    """Hover answers on the event loop: it reads the findings last published for the
    document (the diagnostics on screen) and never re-analyses the text."""
    from frtlint.integrations.lsp_features import register
    from frtlint.integrations.lsp_server import findings_for

    (tmp_path / "pyproject.toml").write_text('[tool.frtlint]\nselect = ["FRT3"]\n')
    uri = (tmp_path / "job.py").as_uri()
    shown = {uri: findings_for(uri, RACE).findings}
    features: dict = {}

    class NoWorkspace:  # a hover that read the document to analyse it would fail here
        def feature(self, name: str, *options: object):
            def keep(function):
                features[name] = function
                return function

            return keep

    register(NoWorkspace(), lambda u: shown.get(u, []), Path)
    hover = features[types.TEXT_DOCUMENT_HOVER]
    found = hover(_hover(uri, 2, 15))
    assert found is not None and found.contents.value.startswith("# FRT301 sensitive-attribute-inference\n")
    shown[uri] = []  # nothing published (or a newer, clean version): nothing to explain
    assert hover(_hover(uri, 2, 15)) is None


def test_the_suppression_quick_fix_keeps_to_the_project_line_length(tmp_path: Path) -> None:
    """The quick fix makes the edit `--add-suppressions` makes: a comment that fits the
    project's configured line length stays on the flagged line (88 would move it above)."""
    from frtlint.integrations.lsp_features import suppressed_text

    text = "from deepface import DeepFace\n\nresult_of_the_long_name = DeepFace.analyze(img, actions=['race'])\n"
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 200\n")
    wide = suppressed_text(tmp_path / "job.py", text, 3, "FRT301")
    assert wide is not None
    assert wide.splitlines()[2].startswith("result_of_the_long_name = DeepFace.analyze(")
    assert wide.splitlines()[2].endswith("# frtlint: ignore[FRT301] reason: TODO")
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 88\n")
    narrow = suppressed_text(tmp_path / "job.py", text, 3, "FRT301")
    assert narrow is not None and narrow.splitlines()[2] == "# frtlint: ignore[FRT301] reason: TODO"
