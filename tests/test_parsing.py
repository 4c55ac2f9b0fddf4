"""Parsing without LibCST's per-node validation: same trees, hook always restored."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from frtlint.analysis import parsing

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_trees_equal_libcst_own_parse_on_every_fixture() -> None:
    sources = sorted(FIXTURES.rglob("*.py"))
    assert len(sources) > 10
    for path in sources:
        text = path.read_text(encoding="utf-8")
        ours = parsing.parse_module(text)
        theirs = cst.parse_module(text)
        assert ours.code == text
        assert ours.deep_equals(theirs), path


def test_validation_is_back_after_parsing() -> None:
    parsing.parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not an identifier")


def test_validation_is_back_after_a_syntax_error() -> None:
    with pytest.raises(cst.ParserSyntaxError):
        parsing.parse_module("def broken(:\n")
    assert cst.CSTNode.__post_init__ is parsing._HOOK
    with pytest.raises(cst.CSTValidationError):
        cst.Name("1x")
