"""The finding: what every engine produces and every reporter consumes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Optional, Tuple

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

    @property
    def name(self) -> str:
        from frtlint.checks import get_rule

        return get_rule(self.rule).name

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


def articles_label(finding: Finding, regime: str) -> str:
    """'(Draft Art. 17, 18; Measures Art. 8)' with the chosen regime first."""
    draft = f"Draft Art. {', '.join(finding.draft_articles)}" if finding.draft_articles else ""
    measures = (
        f"Measures Art. {', '.join(finding.measures_articles)}" if finding.measures_articles else ""
    )
    ordered = [measures, draft] if regime == "measures-2025" else [draft, measures]
    parts = [p for p in ordered if p]
    return f"({'; '.join(parts)})" if parts else ""
