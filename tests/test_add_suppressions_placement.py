"""Where `--add-suppressions` writes its comment: the project's line length, and files in other languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from frtlint.cli import main
from frtlint.edit.line_length import project_line_length
from frtlint.edit.suppressions import plan_edit

REASON = "legacy, ticket 12"
LONG = (
    "import face_recognition\n\n"
    "def enrol(image_of_the_member):\n"
    "    return face_recognition.face_encodings(image_of_the_member)\n"
)
COMMENT = "# frtlint: ignore[FRT201] reason: legacy, ticket 12"


def _plan(path: Path, text: str, line: int, line_length: int = 88) -> str:
    data, skipped = plan_edit(path, text.encode(), {line: {"FRT201"}}, REASON, line_length)
    assert skipped == {}
    assert data is not None
    return data.decode()


def test_a_comment_that_fits_goes_at_the_end_of_the_line(tmp_path: Path) -> None:
    new = _plan(tmp_path / "m.py", LONG, 4, line_length=120)
    assert new.splitlines()[3] == "    return face_recognition.face_encodings(image_of_the_member)  " + COMMENT


def test_a_comment_past_the_line_length_goes_on_its_own_line_above(tmp_path: Path) -> None:
    new = _plan(tmp_path / "m.py", LONG, 4, line_length=88)
    assert new.splitlines()[3:5] == ["    " + COMMENT, "    return face_recognition.face_encodings(image_of_the_member)"]


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("pyproject.toml", "[tool.ruff]\nline-length = 120\n", 120),
        ("pyproject.toml", "[tool.black]\nline-length = 100\n", 100),
        ("ruff.toml", "line-length = 99\n", 99),
        (".flake8", "[flake8]\nmax-line-length = 110\n", 110),
        ("setup.cfg", "[flake8]\nmax_line_length = 101\n", 101),
        ("pyproject.toml", "[tool.ruff]\nline-length = 'long'\n", 88),
        ("pyproject.toml", "[tool.ruff\n", 88),
        ("tox.ini", "[flake8]\nmax-line-length = 5\n", 88),
    ],
)
def test_the_line_length_comes_from_the_project_config(tmp_path: Path, name: str, text: str, expected: int) -> None:
    (tmp_path / name).write_text(text)
    (tmp_path / "pkg").mkdir()
    assert project_line_length(tmp_path / "pkg") == expected


JS = "async function f(img) {\n  const d = await faceapi.detectSingleFace(img).withFaceDescriptor();\n  return d;\n}\n"


@pytest.mark.parametrize(
    "name, marker",
    [("a.js", "//"), ("a.ts", "//"), ("A.java", "//"), ("A.kt", "//"), ("cams.yaml", "#")],
)
def test_other_languages_get_the_comment_above_with_their_marker(tmp_path: Path, name: str, marker: str) -> None:
    new = _plan(tmp_path / name, JS, 2)
    assert new.splitlines()[1] == f"  {marker} frtlint: ignore[FRT201] reason: legacy, ticket 12"
    assert new.splitlines()[2] == JS.splitlines()[1]


def test_json_has_no_comment_to_hold_a_suppression(tmp_path: Path) -> None:
    data, skipped = plan_edit(tmp_path / "c.json", b'{"a": 1}\n', {1: {"FRT601"}}, REASON)
    assert data is None
    assert skipped == {1: ".json files have no comments to hold a suppression"}


def test_add_suppressions_on_a_js_file_suppresses_and_is_idempotent(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "enrol.js").write_text(
        "const faceapi = require('face-api.js');\n"
        "async function enrol(img) {\n"
        "  return faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();\n"
        "}\n"
    )
    assert main(["check", "--no-cache", "--add-suppressions", "--reason", REASON, "."]) == 0
    assert (tmp_path / "enrol.js").read_text().splitlines()[2] == "  // frtlint: ignore[FRT201] reason: legacy, ticket 12"
    before = (tmp_path / "enrol.js").read_bytes()
    capsys.readouterr()
    assert main(["check", "--no-cache", "--output-format", "concise", "."]) == 0
    out = capsys.readouterr().out
    assert "1 suppressed" in out
    assert out == "No findings in 1 file(s) checked. 1 suppressed.\n"
    assert main(["check", "--no-cache", "--add-suppressions", "--reason", REASON, "."]) == 0
    assert (tmp_path / "enrol.js").read_bytes() == before
