"""Files Semgrep cannot analyse (syntax errors, over the size cap) are reported as
FRT000, never counted as checked without a word."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import List, Tuple

import pytest

from frtlint.cli import main
from frtlint.engine.discover import MAX_SOURCE_BYTES

BROKEN_JS = "const faceapi = require('face-api.js');\nfunction f( {\n  faceapi.detectAllFaces(img).withAgeAndGender();\n"
BROKEN_JAVA = "import com.google.mlkit.vision.face.FaceDetection;\nclass A {\n  void f() { int x = = 2; }\n}\n"
BROKEN_KOTLIN = "import com.google.mlkit.vision.face.FaceDetection\nclass A {\n  fun f() { val x = = 2 }\n}\n"
GOOD_JS = "const faceapi = require('face-api.js');\nfaceapi.detectAllFaces(img).withAgeAndGender();\n"


def _frt000(capsys, *args: str) -> Tuple[int, List[Tuple[str, int, int, str]], int]:
    code = main(["check", "--no-cache", "--format", "json", *args])
    captured = capsys.readouterr()
    assert captured.out, captured.err
    document = json.loads(captured.out)
    rows = [(f["path"], f["line"], f["column"], f["message"]) for f in document["findings"] if f["rule"] == "FRT000"]
    return code, rows, document["summary"]["files_checked"]


def test_syntax_errors_in_javascript_java_and_kotlin_are_frt000(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.js").write_text(BROKEN_JS)
    (tmp_path / "Bad.java").write_text(BROKEN_JAVA)
    (tmp_path / "Bad.kt").write_text(BROKEN_KOTLIN)
    (tmp_path / "good.js").write_text(GOOD_JS)
    code, rows, checked = _frt000(capsys)
    assert rows == [
        ("Bad.java", 3, 22, "cannot analyse file: syntax error at line 3 (Semgrep) (Draft Art. 15; Measures Art. 9)"),
        ("Bad.kt", 3, 21, "cannot analyse file: syntax error at line 3 (Semgrep) (Draft Art. 15; Measures Art. 9)"),
        ("bad.js", 2, 1, "cannot analyse file: syntax error at line 2 (Semgrep) (Draft Art. 15; Measures Art. 9)"),
    ]
    assert code == 1
    assert checked == 1  # good.js: a file reported as FRT000 was not checked


@pytest.mark.parametrize("engine", ["all", "semgrep"])
def test_a_javascript_file_over_the_cap_is_frt000_with_either_engine(tmp_path: Path, monkeypatch, capsys, engine: str) -> None:
    monkeypatch.chdir(tmp_path)
    padding = "// " + "x" * 77 + "\n"
    (tmp_path / "big.js").write_text(GOOD_JS + padding * (MAX_SOURCE_BYTES // len(padding) + 1))
    code, rows, checked = _frt000(capsys, "--engine", engine)
    assert rows == [("big.js", 1, 1, "cannot read file: larger than 5 MB (Draft Art. 15; Measures Art. 9)")]
    assert code == 1
    assert checked == 0


def test_a_per_file_semgrep_error_is_frt000_not_a_failed_run(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.js").write_text(GOOD_JS)
    target = str((tmp_path / "a.js").resolve())
    document = {
        "results": [],
        "errors": [
            {"level": "error", "type": "Timeout", "path": target, "message": "Timeout when running rules on a.js"},
            {"level": "warn", "type": ["PartialParsing", []], "path": target,
             "spans": [{"start": {"line": 7, "col": 3}}], "message": "ignored: one FRT000 per file"},
        ],
    }
    script = tmp_path / "fake-semgrep"
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{json.dumps(document)}\nEOF\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("FRTLINT_SEMGREP", str(script))
    code, rows, checked = _frt000(capsys)
    assert rows == [("a.js", 1, 1, "cannot analyse file: timeout at line 1 (Semgrep) (Draft Art. 15; Measures Art. 9)")]
    assert code == 1
    assert checked == 0
