"""Files Semgrep cannot analyse (over the size cap, a syntax error it cannot get past) are
reported as FRT000, never counted as checked without a word; files it analyses in part (a
syntax error it skips, a rule it stops) keep their findings and are listed as checked in part."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from frtlint.cli import main
from frtlint.engine.discover import MAX_SOURCE_BYTES

BROKEN_JS = "const faceapi = require('face-api.js');\nfunction f( {\n  faceapi.detectAllFaces(img).withAgeAndGender();\n"
BROKEN_JAVA = "import com.google.mlkit.vision.face.FaceDetection;\nclass A {\n  void f() { int x = = 2; }\n}\n"
BROKEN_KOTLIN = "import com.google.mlkit.vision.face.FaceDetection\nclass A {\n  fun f() { val x = = 2 }\n}\n"
GOOD_JS = "const faceapi = require('face-api.js');\nfaceapi.detectAllFaces(img).withAgeAndGender();\n"


PARTIAL_JS = (
    "const faceapi = require('face-api.js');\n"
    "async function good(img) {\n  return faceapi.detectAllFaces(img).withAgeAndGender();\n}\n"
    "function bad( {\n  let x = = 2;\n}\n"
)
ARTICLES = " (Draft Art. 15; Measures Art. 9)"


def _frt000(capsys, *args: str) -> Tuple[int, List[Tuple[str, int, int, str]], int]:
    code, document = _check(capsys, *args)
    rows = [(f["path"], f["line"], f["column"], f["message"]) for f in document["findings"] if f["rule"] == "FRT000"]
    return code, rows, document["summary"]["files_checked"]


def _check(capsys, *args: str) -> Tuple[int, Dict[str, Any]]:
    code = main(["check", "--format", "json", *args])
    captured = capsys.readouterr()
    assert captured.out, captured.err
    return code, json.loads(captured.out)


def test_syntax_errors_semgrep_skips_leave_the_rest_of_the_file_checked(tmp_path: Path, monkeypatch, capsys, private_cache_home) -> None:
    """One real Semgrep run over the three languages: each broken file is checked in part,
    and a face call outside the broken part is still found. The second run (run cache) says the same."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.js").write_text(BROKEN_JS)
    (tmp_path / "Bad.java").write_text(BROKEN_JAVA)
    (tmp_path / "Bad.kt").write_text(BROKEN_KOTLIN)
    (tmp_path / "good.js").write_text(GOOD_JS)
    (tmp_path / "partial.js").write_text(PARTIAL_JS)
    for _ in range(2):
        code, document = _check(capsys)
        rows = [(f["path"], f["rule"], f["line"], f["column"], f["message"] if f["rule"] == "FRT000" else f["message"].split()[0])
                for f in document["findings"]]
        assert rows == [
            ("Bad.java", "FRT000", 3, 22, "analysed in part: Semgrep skipped line 3 (syntax error); findings may be missing" + ARTICLES),
            ("Bad.kt", "FRT000", 3, 21, "analysed in part: Semgrep skipped line 3 (syntax error); findings may be missing" + ARTICLES),
            ("bad.js", "FRT000", 2, 1, "analysed in part: Semgrep skipped lines 2-3 (syntax error); findings may be missing" + ARTICLES),
            ("good.js", "FRT201", 2, 1, "face-api.js"),
            ("partial.js", "FRT201", 3, 10, "face-api.js"),
            ("partial.js", "FRT000", 5, 1, "analysed in part: Semgrep skipped lines 5-7 (syntax error); findings may be missing" + ARTICLES),
        ]
        assert code == 1
        assert document["summary"]["files_checked"] == 5
        assert document["unchecked"] == []
        assert document["partly_checked"] == ["Bad.java", "Bad.kt", "bad.js", "partial.js"]


def _semgrep_reports(tmp_path: Path, monkeypatch, *errors: Dict[str, Any]) -> None:
    """A project with one JavaScript file, a.js, and a stand-in Semgrep that reports no
    results and these errors about a.js."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.js").write_text(GOOD_JS)
    target = str((tmp_path / "a.js").resolve())
    document = {"results": [], "errors": [{**error, "path": target} for error in errors]}
    script = tmp_path / "fake-semgrep"
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{json.dumps(document)}\nEOF\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("FRTLINT_SEMGREP", str(script))


@pytest.mark.parametrize("engine", ["all", "semgrep"])
def test_a_javascript_file_over_the_cap_is_frt000_with_either_engine(tmp_path: Path, monkeypatch, capsys, engine: str) -> None:
    monkeypatch.chdir(tmp_path)
    padding = "// " + "x" * 77 + "\n"
    (tmp_path / "big.js").write_text(GOOD_JS + padding * (MAX_SOURCE_BYTES // len(padding) + 1))
    code, rows, checked = _frt000(capsys, "--no-cache", "--engine", engine)
    assert rows == [("big.js", 1, 1, "cannot read file: larger than 5 MB (Draft Art. 15; Measures Art. 9)")]
    assert code == 1
    assert checked == 0


def test_a_skipped_part_and_a_stopped_rule_are_one_frt000_and_the_file_stays_checked(tmp_path: Path, monkeypatch, capsys) -> None:
    _semgrep_reports(
        tmp_path, monkeypatch,
        {"level": "error", "type": "Timeout", "message": "Timeout when running rules on a.js"},
        {"level": "warn", "type": ["PartialParsing", []],
         "spans": [{"start": {"line": 7, "col": 3}, "end": {"line": 9, "col": 1}}, {"start": {"line": 12, "col": 1}}]},
    )
    code, rows, checked = _frt000(capsys, "--no-cache")
    assert rows == [("a.js", 7, 3, "analysed in part: Semgrep skipped lines 7-9, 12 (syntax error); Semgrep stopped a rule on this file (timeout); findings may be missing" + ARTICLES)]
    assert code == 1
    assert checked == 1


def test_a_file_semgrep_cannot_parse_at_all_is_unchecked_even_with_a_skipped_part(tmp_path: Path, monkeypatch, capsys) -> None:
    _semgrep_reports(
        tmp_path, monkeypatch,
        {"level": "warn", "type": ["PartialParsing", []], "spans": [{"start": {"line": 2, "col": 1}}]},
        {"level": "error", "type": "Syntax error", "spans": [{"start": {"line": 4, "col": 5}}]},
    )
    code, document = _check(capsys, "--no-cache")
    rows = [(f["path"], f["line"], f["column"], f["message"]) for f in document["findings"] if f["rule"] == "FRT000"]
    assert rows == [("a.js", 4, 5, "cannot analyse file: syntax error at line 4 (Semgrep)" + ARTICLES)]
    assert code == 1
    assert document["summary"]["files_checked"] == 0
    assert document["unchecked"] == ["a.js"] and document["partly_checked"] == []


def test_a_stopped_rule_alone_says_so(tmp_path: Path, monkeypatch, capsys) -> None:
    _semgrep_reports(tmp_path, monkeypatch, {"level": "warn", "type": "OutOfMemory"}, {"level": "warn", "type": "OutOfMemory"})
    code, rows, checked = _frt000(capsys, "--no-cache")
    assert rows == [("a.js", 1, 1, "analysed in part: Semgrep stopped 2 rules on this file (out of memory); findings may be missing" + ARTICLES)]
    assert checked == 1


def test_a_file_checked_in_part_is_listed_so_when_frt000_is_ignored(tmp_path: Path, monkeypatch, capsys, private_cache_home) -> None:
    _semgrep_reports(tmp_path, monkeypatch, {"level": "warn", "type": ["PartialParsing", []], "spans": [{"start": {"line": 2, "col": 1}}]})
    for _ in range(2):  # the second run would come from the run cache if the first were cached
        code, document = _check(capsys, "--ignore", "FRT000")
        assert [f["rule"] for f in document["findings"]] == []
        assert document["summary"]["files_checked"] == 1
        assert document["partly_checked"] == ["a.js"]


@pytest.mark.parametrize("errors, said", [
    ([{"type": ["PartialParsing", []], "spans": [{"start": {"line": 3}}]}], "Semgrep skipped line 3 (syntax error)"),
    ([{"type": ["PartialParsing", []], "spans": [{"start": {"line": 9}, "end": {"line": 4}}, "not a span"]}],
     "Semgrep skipped line 9 (syntax error)"),
    ([{"type": ["PartialParsing", []], "spans": 5}, {"type": "Timeout"}],
     "Semgrep skipped a part of the file (syntax error); Semgrep stopped a rule on this file (timeout)"),
    ([{"type": "Stack overflow"}, {"type": "Timeout"}, {"type": "Timeout"}],
     "Semgrep stopped a rule on this file (stack overflow); Semgrep stopped 2 rules on this file (timeout)"),
])
def test_what_semgrep_left_out_is_said_from_any_error_shape(errors: List[Dict[str, Any]], said: str) -> None:
    from frtlint.engine.semgrep import _what_happened

    assert _what_happened(errors) == said
