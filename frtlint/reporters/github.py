"""GitHub Actions workflow commands: one `::error`/`::warning` annotation per finding.

GitHub shows these on the pull request's "Files changed" tab next to the line.
https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from typing import List

from frtlint.model import RunResult
from frtlint.reporters.escape import printable

FORMAT_NAME = "github"

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding) -> str:
    properties = [
        f"file={escape_property(finding.path)}",
        f"line={finding.line}",
        f"col={finding.column}",
    ]
    if finding.end_line and finding.end_line >= finding.line:
        properties.append(f"endLine={finding.end_line}")
        if finding.end_line == finding.line and finding.end_column > finding.column:
            properties.append(f"endColumn={finding.end_column}")
    properties.append(f"title={escape_property(f'{finding.rule} {finding.name}')}")
    command = _COMMANDS.get(finding.severity, "warning")
    return f"::{command} {','.join(properties)}::{escape_data(f'{finding.rule} {finding.message}')}"


def render(result: RunResult, regime: str = "draft-2023", **_: object) -> str:
    lines: List[str] = [annotation(f) for f in result.active]
    lines.extend(f"::notice title=frtlint::{escape_data(notice)}" for notice in result.notices)
    return "\n".join(lines) + ("\n" if lines else "")
