"""The rule framework: one class per rule, its docstring is its documentation page.

A rule declares its identity (id, name, articles, severity), options with defaults (set in
`[tool.frtlint.rules.FRTnnn]`), and examples of code that must and must not be flagged
(`VALID` / `INVALID`), which the test suite runs, the way Fixit keeps examples inside the rule.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Iterable, List, Mapping, Optional, Tuple

from frtlint.analysis.facts import CallSite, FunctionFacts, ModuleFacts, Origin, Span
from frtlint.findings import Evidence, Finding
from frtlint.rule_pack import pack_languages

if TYPE_CHECKING:
    from frtlint.analysis.project import Project


def example_program(code: str) -> str:
    """The program an example holds. Written as an indented triple-quoted block (it opens
    with a newline and closes on a line of its own, indented), it is dedented and the
    opening newline dropped, so lines count from the first line of code; any other string
    is taken as it is (a one-line string may start with blank lines on purpose)."""
    closing_line = code.rpartition("\n")[2]
    if not code.startswith("\n") or not closing_line or closing_line.strip():
        return code
    return textwrap.dedent(code[1:])


@dataclass(frozen=True)
class _Example:
    """An example program, kept as `example_program` reads it."""

    code: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", example_program(self.code))


@dataclass(frozen=True)
class Valid(_Example):
    """A program the rule must not flag: `Valid(code, note=...)`."""

    note: str = ""


@dataclass(frozen=True)
class Invalid(_Example):
    """A program the rule flags once, at `line` and `column` (1-based) of the program:
    `Invalid(code, line=7, column=9, note=...)`."""

    line: int
    column: int
    note: str = ""


@dataclass(frozen=True)
class ProjectInputs:
    """What a project-level rule may read of the run's configuration. The engine hands it
    to `Rule.options_from_project`, so that no check imports the configuration."""

    root: Path  # the folder the configuration belongs to
    config_file: Optional[Path]  # the file the settings were read from, if any
    selected: Tuple[str, ...]  # `select` and `extend-select`, as written
    impact_assessment: Optional[str]  # the record's path or glob; None: not configured
    impact_assessment_max_age_days: int


class Rule:
    """Base class. Subclasses set the class attributes and implement `check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    draft_articles: ClassVar[Tuple[str, ...]]
    measures_articles: ClassVar[Tuple[str, ...]] = ()
    options: ClassVar[Dict[str, Any]] = {}
    VALID: ClassVar[List[Valid]] = []
    INVALID: ClassVar[List[Invalid]] = []
    # Scored in SARIF (`security-severity`), 0.0-10.0.
    security_severity: ClassVar[float] = 5.0
    # Whether the rule ignores test files (in a folder `test`, `tests` or `testing`; `test_*.py`,
    # `*_test.py`, `conftest.py`): its check then walks `project.modules` without them. Callers and call
    # targets still include tests; set it for rules about what production code does.
    skip_tests: ClassVar[bool] = False

    def __init__(self, settings: Optional[Mapping[str, Any]] = None) -> None:
        self.settings: Dict[str, Any] = {**self.options, **dict(settings or {})}

    # -- implemented by checks ----------------------------------------------------
    def check(self, project: "Project") -> Iterable[Finding]:
        return ()

    @classmethod
    def options_from_project(cls, project: ProjectInputs) -> Dict[str, Any]:
        """Options a project-level rule derives from the configuration and the project's
        files (FRT901: the impact-assessment record). The engine merges them into the
        rule's settings and into the run cache key. None by default."""
        return {}

    @classmethod
    def implemented_in_python(cls) -> bool:
        return cls.check is not Rule.check

    @classmethod
    def languages(cls) -> Tuple[str, ...]:
        """Python when the LibCST engine implements it, plus the Semgrep pack's languages."""
        found = ["python"] if cls.implemented_in_python() else []
        found += [lang for lang in pack_languages().get(cls.id, ()) if lang not in found]
        return tuple(found)

    # -- helpers --------------------------------------------------------------------
    def finding(
        self,
        module: ModuleFacts,
        span: Span,
        message: str,
        *,
        function: Optional[FunctionFacts] = None,
        anchor_text: str = "",
        evidence: Iterable[Origin] = (),
    ) -> Finding:
        anchor = f"{function.qualname if function else ''}|{anchor_text}"
        return Finding(
            rule=self.id,
            path=module.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            message=message,
            severity=self.severity,
            draft_articles=self.draft_articles,
            measures_articles=self.measures_articles,
            evidence=tuple(Evidence(o.line, o.column, o.note, o.path if o.path != module.path else None) for o in evidence),
            anchor=anchor,
            name=self.name,
        )

    def call_finding(
        self,
        module: ModuleFacts,
        call: CallSite,
        message: str,
        *,
        function: Optional[FunctionFacts],
        evidence: Iterable[Origin] = (),
    ) -> Finding:
        """A finding at a call site, anchored on the call's text in its function (so it keeps
        its identity in a baseline when lines move)."""
        return self.finding(module, call.span, message, function=function, anchor_text=call.text, evidence=evidence)

    @classmethod
    def documentation(cls) -> str:
        return textwrap.dedent(inspect.getdoc(cls) or "").strip()

    @classmethod
    def short_description(cls) -> str:
        return cls.documentation().split("\n\n", 1)[0].replace("\n", " ")
