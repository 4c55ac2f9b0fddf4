"""The JSON report: a stable, documented schema (docs/cli.md, "JSON output")."""

from __future__ import annotations

import json
from typing import Any, Dict

from frtlint import __version__
from frtlint.engine.runner import RunResult

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
    }


def render(result: RunResult, regime: str = "draft-2023", **_: object) -> str:
    return json.dumps(document(result, regime), indent=2, ensure_ascii=False) + "\n"
