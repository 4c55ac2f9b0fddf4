"""Rule documentation: one page per rule, same headings, in sync with the rule classes."""

from __future__ import annotations

import re

import pytest

from frtlint.checks import all_rules
from frtlint.docs import REQUIRED_HEADINGS, docs_dir, rule_page

from conftest import REPO


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_page_is_generated_from_the_rule(rule) -> None:
    page = docs_dir() / f"{rule.id}.md"
    assert page.is_file(), f"run `python -m frtlint.docs` to write {page}"
    assert page.read_text(encoding="utf-8") == rule_page(rule), "docs out of date: run `python -m frtlint.docs`"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_page_has_the_standard_headings_in_order(rule) -> None:
    headings = re.findall(r"^## (.+)$", rule.documentation(), flags=re.MULTILINE)
    assert headings == list(REQUIRED_HEADINGS)


def test_no_orphan_pages() -> None:
    ids = {r.id for r in all_rules()}
    pages = {p.stem for p in docs_dir().glob("FRT*.md")}
    assert pages == ids


def test_rule_metadata_is_consistent() -> None:
    for rule in all_rules():
        assert re.fullmatch(r"FRT\d{3}", rule.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.severity in ("error", "warning")
        assert rule.draft_articles, rule.id
        assert 0.0 <= rule.security_severity <= 10.0


def test_readme_starts_with_the_two_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.+?)\n```", text, flags=re.DOTALL)
    assert blocks[0] == "python -m venv .venv && . .venv/bin/activate"  # a fresh machine has only Python
    assert blocks[1] == "python -m pip install . && frtlint check fixtures/door_lock_pi/noncompliant"
    assert blocks[2] == 'python -m pip install -e ".[test]" && python -m pytest -n auto'
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python -m pip install -e ".[test]"' in ci and "python -m pytest -n auto" in ci
