"""A file reported as FRT000 (too large, unreadable, a syntax error no engine gets past) is
listed as unchecked and not counted in files_checked, on a fresh run and a cached one. A file
Semgrep analysed in part (it skipped a syntax error) is counted, and listed as partly checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Dict, List, Tuple

from frtlint.cli import main
from frtlint.engine.discover import MAX_SOURCE_BYTES

DOOR = Path(__file__).resolve().parent.parent / "fixtures" / "door_lock_pi" / "noncompliant" / "doorlock.py"
FACE_JS = "const faceapi = require('face-api.js');\n"


def _run(capsys, *args: str) -> Tuple[int, Dict[str, Any], List[Tuple[str, str]]]:
    code = main(["check", "--output-format", "json", *args])
    document = json.loads(capsys.readouterr().out)
    frt000 = [(f["path"], f["message"].split(" (Draft")[0]) for f in document["findings"] if f["rule"] == "FRT000"]
    return code, document, frt000


def test_files_over_the_cap_and_syntax_errors_are_not_counted_as_checked(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(DOOR, tmp_path / "door.py")
    (tmp_path / "huge.py").write_text("import face_recognition\n" + "x = 1\n" * (MAX_SOURCE_BYTES // 6 + 1))
    (tmp_path / "huge.js").write_text(FACE_JS + "let x = 1;\n" * (MAX_SOURCE_BYTES // 11 + 1))
    (tmp_path / "bad.js").write_text(FACE_JS + "faceapi.detectAllFaces(img);\nfunction f( {\n")
    (tmp_path / "bad.py").write_text("import face_recognition\ndef f(:\n")
    code, document, frt000 = _run(capsys, "--no-cache", ".")
    assert code == 1
    assert frt000 == [
        ("bad.js", "analysed in part: Semgrep skipped line 3 (syntax error); findings may be missing"),
        ("bad.py", "syntax error: invalid syntax"),
        ("huge.js", "cannot read file: larger than 5 MB"),
        ("huge.py", "cannot read file: larger than 5 MB"),
    ]
    assert document["summary"]["files_checked"] == 2
    assert document["unchecked"] == ["bad.py", "huge.js", "huge.py"]
    assert document["partly_checked"] == ["bad.js"]


def test_a_file_not_analysed_is_not_counted_when_frt000_is_ignored(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(DOOR, tmp_path / "door.py")
    (tmp_path / "bad.py").write_text("import face_recognition\ndef f(:\n")
    for _ in range(2):  # the second run would come from the run cache if the first were cached
        code, document, frt000 = _run(capsys, "--engine", "libcst", "--ignore", "FRT000", ".")
        assert (code, frt000) == (1, [])
        assert document["summary"]["files_checked"] == 1
        assert document["unchecked"] == ["bad.py"]


def test_a_cached_run_counts_the_same_files(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(DOOR, tmp_path / "door.py")
    (tmp_path / "bad.py").write_text("import face_recognition\ndef f(:\n")
    first = _run(capsys, "--engine", "libcst", ".")
    second = _run(capsys, "--engine", "libcst", ".")
    assert first == second
    code, document, frt000 = second
    assert (code, frt000) == (1, [("bad.py", "syntax error: invalid syntax")])
    assert (document["summary"]["files_checked"], document["unchecked"]) == (1, ["bad.py"])
