"""One suppression grammar: comments parsed into directives, lines counted as the
tokenizer counts them, and `--add-suppressions` that keeps existing noqa comments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from frtlint.analysis.suppression_grammar import (
    FRTLINT,
    NOQA,
    covers,
    parse_comment,
    physical_lines,
    python_suppressions,
    text_suppressions,
)
from frtlint.cli import main

# Characters `str.splitlines()` treats as line breaks and Python's tokenizer does not.
NOT_LINE_BREAKS = ["\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _check(tmp_path: Path, monkeypatch, capsys, source: str, *extra: str) -> Tuple[int, Dict[str, object]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT0', 'FRT3']\n")
    (tmp_path / "s.py").write_bytes(source.encode("utf-8"))
    code = main(["check", "s.py", "--no-cache", "-q", "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def _rows(document: Dict[str, object], key: str) -> List[Tuple[str, int, int]]:
    return [(f["rule"], f["line"], f["column"]) for f in document[key]]  # type: ignore[index,union-attr]


def test_a_comment_holds_every_directive_in_order() -> None:
    comment = "# noqa: FRT301, E501  # frtlint: ignore[frt101, FRT2] reason: consented; ticket#12  # frtlint: ignore[FRT5]"
    directives = parse_comment(comment)
    assert [(d.kind, d.rules, d.reason) for d in directives] == [
        (NOQA, ("FRT301",), None),
        (FRTLINT, ("FRT101", "FRT2"), "consented; ticket#12"),
        (FRTLINT, ("FRT5",), None),
    ]
    second = directives[1]
    assert comment[second.start : second.end] == "# frtlint: ignore[frt101, FRT2] reason: consented; ticket#12  "
    assert second.rules_span is not None and comment[slice(*second.rules_span)] == "frt101, FRT2"


def test_what_is_not_a_directive() -> None:
    assert parse_comment("# noqa: E501") == []  # for other tools only
    assert parse_comment("# see the docs on frtlint: ignore[FRT101] comments") == []
    assert parse_comment("#x# frtlint: ignore[FRT101] reason: r") == []  # `#` not after white space
    (bare,) = parse_comment("# noqa")
    assert (bare.kind, bare.rules) == (NOQA, ())


def test_slash_comments_split_on_slashes_only() -> None:
    (directive,) = parse_comment("// frtlint: ignore[FRT101] reason: ticket #7, see http://x/y", "//")
    assert (directive.rules, directive.reason) == (("FRT101",), "ticket #7, see http://x/y")
    first, second = parse_comment("// frtlint: ignore[FRT101] reason: a // frtlint: ignore[FRT201] reason: b", "//")
    assert [(first.rules, first.reason), (second.rules, second.reason)] == [(("FRT101",), "a"), (("FRT201",), "b")]


def test_covers_ids_and_prefixes() -> None:
    assert covers((), "FRT101")
    assert covers(("FRT1",), "FRT101")
    assert covers(("FRT201", "FRT101"), "FRT101")
    assert not covers(("FRT2",), "FRT101")


@pytest.mark.parametrize("odd", NOT_LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in NOT_LINE_BREAKS])
def test_lines_are_counted_as_the_tokenizer_counts_them(odd: str) -> None:
    text = f"a = 1\n# two{odd}\nb = 2\r\nc = 3\rd = 4"
    assert physical_lines(text) == ["a = 1", f"# two{odd}", "b = 2", "c = 3", "d = 4"]
    assert physical_lines(text, keepends=True) == ["a = 1\n", f"# two{odd}\n", "b = 2\r\n", "c = 3\r", "d = 4"]


@pytest.mark.parametrize("odd", NOT_LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in NOT_LINE_BREAKS])
def test_a_suppression_after_an_odd_character_stays_on_its_line(tmp_path, monkeypatch, capsys, odd: str) -> None:
    source = (
        "from deepface import DeepFace\n"
        f"# part two{odd}\n"
        "a = DeepFace.analyze(x)  # frtlint: ignore[FRT301] reason: consented\n"
        "b = DeepFace.analyze(y)\n"
    )
    code, document = _check(tmp_path, monkeypatch, capsys, source)
    assert _rows(document, "findings") == [("FRT301", 4, 5)]
    assert _rows(document, "suppressed") == [("FRT301", 3, 5)]
    assert code == 1


def test_lone_carriage_returns_end_lines(tmp_path, monkeypatch, capsys) -> None:
    source = (
        "from deepface import DeepFace\r"
        "a = DeepFace.analyze(x)\r"
        "# frtlint: ignore[FRT301] reason: consented\r"
        "b = DeepFace.analyze(y)\r"
        "c = DeepFace.analyze(z)  # noqa: FRT301\r"
    )
    code, document = _check(tmp_path, monkeypatch, capsys, source)
    assert _rows(document, "findings") == [("FRT301", 2, 5)]
    assert _rows(document, "suppressed") == [("FRT301", 4, 5), ("FRT301", 5, 5)]
    assert code == 1
    assert [(s.line, s.comment_line, s.column) for s in python_suppressions(source)] == [(4, 3, 1), (5, 5, 26)]


def test_add_suppressions_keeps_an_existing_noqa_and_runs_once(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    source = "import logging\nfrom deepface import DeepFace\n\nlogging.info(DeepFace.analyze(img))  # noqa: FRT301\n"
    (tmp_path / "a.py").write_text(source)
    assert main(["check", "a.py", "--no-cache", "-q", "--add-suppressions", "--reason", "legacy"]) == 0
    written = (tmp_path / "a.py").read_text()
    # Appended, the line would pass 88 characters: the comment goes on its own line above.
    expected_lines = "# frtlint: ignore[FRT102, FRT201] reason: legacy\nlogging.info(DeepFace.analyze(img))  # noqa: FRT301\n"
    assert written == source.replace(source.splitlines(keepends=True)[3], expected_lines)
    capsys.readouterr()
    assert main(["check", "a.py", "--no-cache", "-q", "--add-suppressions", "--reason", "legacy"]) == 0
    out = capsys.readouterr().out
    assert "added 0 suppression comment(s)" in out
    assert out == "frtlint: added 0 suppression comment(s) for 0 finding(s) in 0 file(s)\n"
    assert (tmp_path / "a.py").read_text() == written
    assert main(["check", "a.py", "--no-cache", "-q", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["findings"] == []
    assert sorted((f["rule"], f["suppression_reason"]) for f in document["suppressed"]) == [
        ("FRT102", "legacy"), ("FRT201", "legacy"), ("FRT301", "noqa"),
    ]


def test_two_directives_in_one_python_comment_both_apply(tmp_path, monkeypatch, capsys) -> None:
    source = (
        "import logging\nfrom deepface import DeepFace\n\n"
        "logging.info(DeepFace.analyze(img))  # type: ignore  # noqa: FRT301  # frtlint: ignore[FRT0] reason: r\n"
    )
    code, document = _check(tmp_path, monkeypatch, capsys, source)
    assert _rows(document, "suppressed") == [("FRT301", 4, 14)]
    assert _rows(document, "findings") == [("FRT002", 4, 70)]  # the FRT0 directive matched nothing
    assert code == 1


def test_text_files_count_lines_like_python() -> None:
    text = "const a = 1; // part\x0c\n// frtlint: ignore[FRT301] reason: demo\nanalyse(face);\r\nx(); // frtlint: ignore reason: r\r"
    assert [(s.line, s.comment_line, s.column, s.rules, s.reason) for s in text_suppressions(text)] == [
        (3, 2, 1, ("FRT301",), "demo"),
        (4, 4, 6, (), "r"),
    ]
