"""The shared types: what the engines produce and the reporters, gate and front ends
consume. A leaf: it imports nothing else of frtlint, so every layer may use it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Protocol, Set, Tuple

SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Evidence:
    """A place that explains a finding, e.g. where the face data came from."""

    line: int
    column: int
    note: str
    path: Optional[str] = None  # None: the finding's own file


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    severity: str
    draft_articles: Tuple[str, ...] = ()
    measures_articles: Tuple[str, ...] = ()
    evidence: Tuple[Evidence, ...] = ()
    # Text that identifies the finding without its line number: the enclosing
    # function and the normalised source of the flagged code.
    anchor: str = ""
    engine: str = "libcst"
    fingerprint: str = ""
    suppression_reason: Optional[str] = None
    # The rule's name (`face-data-logged`), set by whoever builds the finding, so that a
    # reader of findings needs no rule registry.
    name: str = ""

    def sort_key(self) -> Tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def with_fingerprint(self, occurrence: int) -> "Finding":
        digest = hashlib.sha256(
            f"{self.rule}\0{self.path}\0{self.anchor}\0{occurrence}".encode("utf-8")
        ).hexdigest()[:32]
        return replace(self, fingerprint=digest)

    def to_json(self) -> Dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "severity": self.severity,
            "message": self.message,
            "articles": {
                "draft": list(self.draft_articles),
                "measures": list(self.measures_articles),
            },
            "evidence": [
                {"path": e.path or self.path, "line": e.line, "column": e.column, "note": e.note} for e in self.evidence
            ],
            "fingerprint": self.fingerprint,
            "engine": self.engine,
            "suppressed": self.suppression_reason is not None,
            "suppression_reason": self.suppression_reason,
        }


def assign_fingerprints(findings: List[Finding]) -> List[Finding]:
    """Fingerprint each finding; identical anchors in one file are told apart by order."""
    seen: Dict[Tuple[str, str, str], int] = {}
    out: List[Finding] = []
    for finding in sorted(findings, key=Finding.sort_key):
        key = (finding.rule, finding.path, finding.anchor)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(finding.with_fingerprint(occurrence))
    return out


def meets(severity: str, threshold: str) -> bool:
    """True when `severity` is at or above `threshold` ("never" is never met)."""
    if threshold == "never":
        return False
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold]


class CitesArticles(Protocol):
    """A finding or a rule: what cites articles of both regimes."""

    draft_articles: Tuple[str, ...]
    measures_articles: Tuple[str, ...]


def articles_in(cites: CitesArticles, regime: str) -> Tuple[str, ...]:
    """The articles `cites` names in `regime`'s numbering (draft-2023 or measures-2025)."""
    return tuple(cites.measures_articles) if regime == "measures-2025" else tuple(cites.draft_articles)


def articles_label(finding: Finding, regime: str) -> str:
    """'(Draft Art. 17, 18; Measures Art. 8)' with the chosen regime first."""
    draft = f"Draft Art. {', '.join(finding.draft_articles)}" if finding.draft_articles else ""
    measures = (
        f"Measures Art. {', '.join(finding.measures_articles)}" if finding.measures_articles else ""
    )
    ordered = [measures, draft] if regime == "measures-2025" else [draft, measures]
    parts = [p for p in ordered if p]
    return f"({'; '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    display: str  # relative to the current directory, with forward slashes
    language: str


@dataclass
class RunResult:
    findings: List[Finding]  # active and suppressed, sorted, fingerprinted
    files: List[SourceFile]
    # The run's ModuleFacts (the report's inventory reads them); typed loosely because
    # the facts belong to the analysis layer, above this one.
    modules: List[Any] = field(default_factory=list)
    parsed: int = 0
    cache_hits: int = 0
    notices: List[str] = field(default_factory=list)
    unchecked: List[SourceFile] = field(default_factory=list)  # files no available engine could read
    # Files an engine could not analyse (FRT000), also when FRT000 is not selected or is ignored.
    not_analysed: Set[str] = field(default_factory=set)
    # Checked files an engine analysed only in part (FRT000 says which part): counted as checked.
    partly_checked: List[str] = field(default_factory=list)

    @property
    def active(self) -> List[Finding]:
        return [f for f in self.findings if f.suppression_reason is None]

    @property
    def suppressed(self) -> List[Finding]:
        return [f for f in self.findings if f.suppression_reason is not None]
