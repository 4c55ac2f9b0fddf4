"""The JSON report: a stable, documented schema (docs/cli.md, "JSON output")."""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List

from frtlint import __version__
from frtlint.model import RunResult
from frtlint.reporters.json_text import indented_json

SCHEMA_VERSION = 1


def document(result: RunResult, regime: str = "draft-2023") -> Dict[str, Any]:
    active = result.active
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "frtlint", "version": __version__},
        "regime": regime,
        "findings": [f.to_json() for f in active],
        "suppressed": [f.to_json() for f in result.suppressed],
        "summary": {
            "files_checked": len(result.files),
            "findings": len(active),
            "errors": sum(1 for f in active if f.severity == "error"),
            "warnings": sum(1 for f in active if f.severity == "warning"),
            "suppressed": len(result.suppressed),
        },
        "notices": list(result.notices),
        "unchecked": [f.display for f in result.unchecked],
        "partly_checked": list(result.partly_checked),
    }


def statistics_of(result: RunResult) -> List[Dict[str, Any]]:
    """Active findings counted per rule, most frequent first (what `--statistics` prints)."""
    counts = Counter((f.rule, f.name) for f in result.active)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"rule": rule, "name": name, "count": count} for (rule, name), count in ranked]


def render(result: RunResult, regime: str = "draft-2023", statistics: bool = False, **_: object) -> str:
    data = document(result, regime)
    if statistics:
        data["statistics"] = statistics_of(result)
    return indented_json(data)
