"""`python -m frtlint.scaffold`, run in a copy of the checkout (it writes next to the package it runs from)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

REPO = Path(__file__).resolve().parent.parent


def _copy_checkout(target: Path) -> Path:
    shutil.copytree(REPO / "frtlint", target / "frtlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "docs" / "rules", target / "docs" / "rules")
    (target / "tests").mkdir()
    for name in ("conftest.py", "test_rule_examples.py", "test_docs.py"):
        shutil.copy(REPO / "tests" / name, target / "tests" / name)
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    return target


def _run(checkout: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    return subprocess.run(
        [sys.executable, *arguments], cwd=checkout, env=environment, capture_output=True, text=True, timeout=300
    )


def _files(checkout: Path) -> List[str]:
    return sorted(p.relative_to(checkout).as_posix() for p in checkout.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_checkout(tmp_path_factory.mktemp("checkout"))


def test_scaffold_writes_rule_docs_page_and_test_which_fail_until_filled_in(checkout: Path) -> None:
    before = _files(checkout)
    done = _run(checkout, "-m", "frtlint.scaffold", "FRT777", "demo-rule", "--draft", "17,15", "--measures", "14")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["frtlint/checks/frt777_demo_rule.py", "docs/rules/FRT777.md", "tests/test_frt777_demo_rule.py"]
    assert sorted(set(_files(checkout)) - set(before)) == sorted(done.stdout.splitlines())

    source = (checkout / "frtlint" / "checks" / "frt777_demo_rule.py").read_text(encoding="utf-8")
    assert "class DemoRule(Rule):" in source
    assert '    draft_articles = ("17", "15")\n    measures_articles = ("14",)\n' in source
    headings = [line.strip() for line in source.splitlines() if line.strip().startswith("## ")]
    assert headings == ["## What it flags", "## Why", "## Example", "## Use instead", "## Options", "## References"]
    page = (checkout / "docs" / "rules" / "FRT777.md").read_text(encoding="utf-8")
    assert page.startswith("# FRT777 demo-rule\n\n_TODO(scaffold): one sentence saying what is wrong")
    assert "| Draft Provisions (2023) | Art. 17, Art. 15 |" in page

    tests = _run(
        checkout, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "-rA", "-k", "FRT777 or demo_rule",
        "tests/test_rule_examples.py", "tests/test_docs.py", "tests/test_frt777_demo_rule.py",
    )
    failed = sorted(line.split(" - ")[0] for line in tests.stdout.splitlines() if line.startswith("FAILED"))
    assert failed == [
        "FAILED tests/test_frt777_demo_rule.py::test_demo_rule_across_files",
        "FAILED tests/test_rule_examples.py::test_example[FRT777-invalid-0]",
        "FAILED tests/test_rule_examples.py::test_no_example_is_a_scaffold_stub[FRT777]",
    ], tests.stdout
    passed = sorted(line for line in tests.stdout.splitlines() if line.startswith("PASSED"))
    assert passed == [
        "PASSED tests/test_docs.py::test_rule_page_has_the_standard_headings_in_order[FRT777]",
        "PASSED tests/test_docs.py::test_rule_page_is_generated_from_the_rule[FRT777]",
        "PASSED tests/test_rule_examples.py::test_example[FRT777-valid-0]",
        "PASSED tests/test_rule_examples.py::test_headline_rules_have_enough_examples[FRT777]",
    ], tests.stdout

    again = _run(checkout, "-m", "frtlint.scaffold", "FRT777", "other-name")
    assert again.returncode == 2
    assert again.stderr == "frtlint.scaffold: error: FRT777 already exists: frtlint.checks.frt777_demo_rule.DemoRule\n"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["FRT101", "new-name"], "FRT101 already exists: frtlint.checks.frt101_raw_face_image_persisted.RawFaceImagePersisted"),
        (["FRT12", "new-name"], "rule id must look like FRT123, not 'FRT12'"),
        (["FRT778", "New_Name"], "rule name must be lower-case words joined by '-', like face-data-logged, not 'New_Name'"),
        (["FRT778", "new-name", "--draft", "99"], "Draft article 99 is not in frtlint/catalog/articles.toml"),
        (["FRT779", "taken-test"], "tests/test_frt779_taken_test.py already exists"),
    ],
)
def test_scaffold_refuses_with_one_line_and_writes_nothing(checkout: Path, arguments: List[str], message: str) -> None:
    (checkout / "tests" / "test_frt779_taken_test.py").write_text("# someone's work\n", encoding="utf-8")
    before = _files(checkout)
    done = _run(checkout, "-m", "frtlint.scaffold", *arguments)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.replace(str(checkout) + os.sep, "") == f"frtlint.scaffold: error: {message}\n"
    assert _files(checkout) == before
