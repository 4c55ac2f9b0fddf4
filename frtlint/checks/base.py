"""The rule framework: one class per rule, its docstring is its documentation page.

A rule declares its identity (id, name, articles, severity), options with defaults, and examples of code that must and
must not be flagged (`VALID` / `INVALID`), which the test suite runs, the way Fixit
keeps examples inside the rule.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Iterable, List, Mapping, Optional, Tuple

from frtlint.analysis.facts import FunctionFacts, ModuleFacts, Origin, Span
from frtlint.findings import Evidence, Finding

if TYPE_CHECKING:
    from frtlint.analysis.project import Project


@dataclass(frozen=True)
class Valid:
    code: str
    note: str = ""


@dataclass(frozen=True)
class Invalid:
    code: str
    line: int
    column: int
    note: str = ""


class Rule:
    """Base class. Subclasses set the class attributes and implement `check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    draft_articles: ClassVar[Tuple[str, ...]]
    measures_articles: ClassVar[Tuple[str, ...]] = ()
    summary: ClassVar[str]  # the one-line message when nothing more specific is said
    options: ClassVar[Dict[str, Any]] = {}
    VALID: ClassVar[List[Valid]] = []
    INVALID: ClassVar[List[Invalid]] = []
    # Scored in SARIF (`security-severity`), 0.0-10.0.
    security_severity: ClassVar[float] = 5.0

    def __init__(self, settings: Optional[Mapping[str, Any]] = None) -> None:
        self.settings: Dict[str, Any] = {**self.options, **dict(settings or {})}

    # -- implemented by checks ----------------------------------------------------
    def check(self, project: "Project") -> Iterable[Finding]:
        return ()

    @classmethod
    def implemented_in_python(cls) -> bool:
        return cls.check is not Rule.check

    @classmethod
    def languages(cls) -> Tuple[str, ...]:
        """Python when the LibCST engine implements it, plus the Semgrep pack's languages."""
        from frtlint.engine.semgrep import pack_languages

        found = ["python"] if cls.implemented_in_python() else []
        found += [lang for lang in pack_languages().get(cls.id, ()) if lang not in found]
        return tuple(found)

    # -- helpers --------------------------------------------------------------------
    def finding(
        self,
        module: ModuleFacts,
        span: Span,
        message: str,
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
        )

    @classmethod
    def documentation(cls) -> str:
        return textwrap.dedent(inspect.getdoc(cls) or "").strip()

    @classmethod
    def short_description(cls) -> str:
        return cls.documentation().split("\n\n", 1)[0].replace("\n", " ")
