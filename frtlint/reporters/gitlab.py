"""GitLab Code Quality report (a Code Climate issue list) for merge request widgets.

https://docs.gitlab.com/ee/ci/testing/code_quality.html#implement-a-custom-tool
"""

from __future__ import annotations

from typing import Any, Dict, List

from frtlint.model import RunResult
from frtlint.reporters.links import docs_url
from frtlint.reporters.json_text import indented_json

FORMAT_NAME = "gitlab"

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issue(finding) -> Dict[str, Any]:
    return {
        "type": "issue",
        "check_name": finding.rule,
        "description": f"{finding.rule} {finding.message}",
        "content": {"body": f"{finding.name}: see {docs_url(finding.rule)}"},
        "categories": ["Security"],
        "severity": SEVERITIES.get(finding.severity, "minor"),
        "fingerprint": finding.fingerprint,
        "engine_name": "frtlint",
        "location": {
            "path": finding.path,
            "lines": {"begin": finding.line, "end": max(finding.end_line, finding.line)},
        },
    }


def render(result: RunResult, regime: str = "draft-2023", **_: object) -> str:
    issues: List[Dict[str, Any]] = [issue(f) for f in result.active]
    return indented_json(issues)
