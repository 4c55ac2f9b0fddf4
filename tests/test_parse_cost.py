"""LibCST's parser cannot be interrupted: code whose estimated parse time passes the
per-file limit is FRT000 before LibCST sees it; ordinary code costs nothing extra."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

from frtlint.analysis import extract as extract_module
from frtlint.analysis.parse_cost import estimate_parse_cost
from frtlint.catalog import build_catalog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _chain(links: int) -> str:
    return "y = a" + ".b()" * links + "\n"


def test_ordinary_code_has_no_extra_cost() -> None:
    sources = sorted(FIXTURES.rglob("*.py"))
    assert len(sources) > 10
    for path in sources:
        assert estimate_parse_cost(ast.parse(path.read_text(encoding="utf-8"))).seconds == 0, path


def test_the_cost_grows_with_the_square_of_the_nesting() -> None:
    single = estimate_parse_cost(ast.parse(_chain(400))).seconds
    double = estimate_parse_cost(ast.parse(_chain(800))).seconds
    assert 3.5 < double / single < 4.5
    assert estimate_parse_cost(ast.parse(_chain(400) * 3)).seconds == pytest.approx(3 * single)


def test_a_level_inside_brackets_costs_more() -> None:
    calls = estimate_parse_cost(ast.parse("y = " + "f(" * 150 + "x" + ")" * 150 + "\n")).seconds
    subscripts = estimate_parse_cost(ast.parse("y = x" + "[0]" * 150 + "\n")).seconds
    assert calls > 4 * subscripts > 0


def test_the_deepest_line_is_the_first_of_the_deepest_statements() -> None:
    code = "x = 1\n" + _chain(100) + _chain(300) + _chain(300)
    assert estimate_parse_cost(ast.parse(code)).deepest_line == 3


def test_a_file_over_the_estimate_is_frt000_without_parsing(monkeypatch) -> None:
    monkeypatch.setattr(extract_module, "FILE_CPU_SECONDS", 2)
    code = "import face_recognition\n" + "x = 1\n" + _chain(1000) * 10  # LibCST: about 25 s
    started = time.process_time()
    facts = extract_module.extract("deep.py", code.encode(), build_catalog({}))
    assert time.process_time() - started < 5
    assert facts.error == (
        1, 1,
        "cannot parse file: LibCST's parser would take about 8 s of CPU time on deeply nested code "
        "(deepest at line 3), more than the 2 s allowed per file",
    )
