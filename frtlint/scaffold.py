"""`python -m frtlint.scaffold FRTnnn rule-name`: the files of a new Python rule, ready to fill in.

It writes, in a frtlint checkout:

- `frtlint/checks/frtnnn_rule_name.py`: the rule class, its docstring with the standard
  headings, and one VALID and one INVALID stub. The stubs are marked `TODO(scaffold)`;
  the rule-example tests fail on them until they are replaced with real programs.
- `docs/rules/FRTnnn.md`: the rule's page, generated from the class the way
  `python -m frtlint.docs` does (regenerate it once the docstring is written).
- `tests/test_frtnnn_rule_name.py`: a test module for what the in-class examples cannot
  show (several files, configuration), failing until it is written.

It refuses an id that is taken and never overwrites a file.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from frtlint.catalog import load_articles
from frtlint.checks import all_rules
from frtlint.docs import REQUIRED_HEADINGS, rule_page

TODO_MARK = "TODO(scaffold)"
_ID = re.compile(r"FRT\d{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_HEADING_TEXT = {
    "What it flags": "The code this rule reports, and where the finding points.",
    "Why": "The article it conflicts with, in plain words.",
    "Example": "```python\n# code this rule flags\n```",
    "Use instead": "```python\n# the compliant version\n```",
    "Options": "None.",
    "References": "- Draft Provisions (CAC, 2023-08-08), Article N: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm",
}


class ScaffoldError(Exception):
    """A reason not to write anything; printed as one line."""


@dataclass(frozen=True)
class NewRule:
    rule_id: str
    name: str
    severity: str
    draft_articles: Tuple[str, ...]
    measures_articles: Tuple[str, ...]

    @property
    def module(self) -> str:
        return f"{self.rule_id.lower()}_{self.name.replace('-', '_')}"

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("-"))


@dataclass(frozen=True)
class Checkout:
    """Where the pieces of a rule live, from the folder that holds the `frtlint` package."""

    root: Path

    @property
    def checks(self) -> Path:
        return self.root / "frtlint" / "checks"

    @property
    def docs(self) -> Path:
        return self.root / "docs" / "rules"

    @property
    def tests(self) -> Path:
        return self.root / "tests"

    def files(self, rule: NewRule) -> List[Path]:
        return [
            self.checks / f"{rule.module}.py",
            self.docs / f"{rule.rule_id}.md",
            self.tests / f"test_{rule.module}.py",
        ]


def rule_source(rule: NewRule) -> str:
    sections = "\n\n".join(f"    ## {heading}\n    {_indent(_HEADING_TEXT[heading])}" for heading in REQUIRED_HEADINGS)
    measures = f"    measures_articles = {_tuple(rule.measures_articles)}\n" if rule.measures_articles else ""
    articles_todo = "" if rule.draft_articles else "  # TODO(scaffold): the Draft articles it maps to"
    return f'''from __future__ import annotations

from typing import Iterable

from frtlint.analysis.project import Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding


class {rule.class_name}(Rule):
    """{TODO_MARK}: one sentence saying what is wrong, for the rule list and SARIF.

{sections}
    """

    id = "{rule.rule_id}"
    name = "{rule.name}"
    severity = "{rule.severity}"
    draft_articles = {_tuple(rule.draft_articles)}{articles_todo}
{measures}
    VALID = [
        Valid(
            """
            # {TODO_MARK}: a program this rule must not flag
            """,
            note="what makes it acceptable",
        ),
    ]
    INVALID = [
        Invalid(
            """
            # {TODO_MARK}: a program this rule flags, at the line and column below
            """,
            line=1, column=1, note="what makes it a finding",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        return ()
'''


def rule_test_source(rule: NewRule) -> str:
    return f'''"""{rule.rule_id} {rule.name}: what its in-class examples cannot show (several files, settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import lint_tree


def test_{rule.name.replace('-', '_')}_across_files(tmp_path: Path) -> None:
    pytest.fail("{TODO_MARK}: write this test, e.g. lint_tree(tmp_path, {{...}}, [\\"{rule.rule_id}\\"]) and its exact findings")
'''


def _tuple(items: Tuple[str, ...]) -> str:
    """A tuple literal in the checks' style: `("17", "15")`, `("6",)`, `()`."""
    inside = ", ".join(f'"{item}"' for item in items)
    return f"({inside},)" if len(items) == 1 else f"({inside})"


def _indent(text: str) -> str:
    return text.replace("\n", "\n    ")


def _articles(text: Optional[str], known: Sequence[str], regime: str) -> Tuple[str, ...]:
    found = tuple(part.strip() for part in (text or "").split(",") if part.strip())
    unknown = [number for number in found if number not in known]
    if unknown:
        raise ScaffoldError(f"{regime} article {unknown[0]} is not in frtlint/catalog/articles.toml")
    return found


def plan(arguments: argparse.Namespace, checkout: Checkout) -> NewRule:
    rule_id = arguments.rule_id.upper()
    if not _ID.fullmatch(rule_id):
        raise ScaffoldError(f"rule id must look like FRT123, not '{arguments.rule_id}'")
    if not _NAME.fullmatch(arguments.name):
        raise ScaffoldError(f"rule name must be lower-case words joined by '-', like face-data-logged, not '{arguments.name}'")
    taken = {rule.id: rule for rule in all_rules()}
    if rule_id in taken:
        raise ScaffoldError(f"{rule_id} already exists: {taken[rule_id].__module__}.{taken[rule_id].__name__}")
    clash = sorted(checkout.checks.glob(f"{rule_id.lower()}_*.py"))
    if clash:
        raise ScaffoldError(f"{rule_id} already has a file: {clash[0]}")
    articles = load_articles()
    rule = NewRule(
        rule_id,
        arguments.name,
        arguments.severity,
        _articles(arguments.draft, list(articles["draft"]), "Draft"),
        _articles(arguments.measures, list(articles["measures"]), "Measures"),
    )
    for path in checkout.files(rule):
        if path.exists():
            raise ScaffoldError(f"{path} already exists")
        if not path.parent.is_dir():
            raise ScaffoldError(f"{path.parent} is not a folder: run the scaffold from a frtlint checkout")
    return rule


def write(rule: NewRule, checkout: Checkout) -> List[Path]:
    check_file, page, test_file = checkout.files(rule)
    check_file.write_text(rule_source(rule), encoding="utf-8")
    test_file.write_text(rule_test_source(rule), encoding="utf-8")
    importlib.invalidate_caches()
    module = importlib.import_module(f"frtlint.checks.{rule.module}")
    page.write_text(rule_page(getattr(module, rule.class_name)), encoding="utf-8")
    return [check_file, page, test_file]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m frtlint.scaffold", description="Create the files of a new Python rule.")
    parser.add_argument("rule_id", metavar="FRTnnn")
    parser.add_argument("name", metavar="rule-name")
    parser.add_argument("--severity", choices=("error", "warning"), default="warning")
    parser.add_argument("--draft", metavar="N,N", help="Draft Provisions articles the rule maps to, e.g. 17,15")
    parser.add_argument("--measures", metavar="N,N", help="2025 Measures articles the rule maps to, e.g. 14")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = _parser().parse_args(argv)
    checkout = Checkout(Path(__file__).resolve().parent.parent)
    try:
        rule = plan(arguments, checkout)
        written = write(rule, checkout)
    except (ScaffoldError, OSError) as error:
        print(f"frtlint.scaffold: error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path.relative_to(checkout.root).as_posix())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
