"""The concise text report (`--output-format concise`): one line per finding,
`path:line:col: FRT101 message (Draft Art. 17; Measures Art. 8)`, then a summary."""

from __future__ import annotations

from collections import Counter
from typing import List

from frtlint.model import RunResult
from frtlint.reporters.escape import printable
from frtlint.terminal.color import Style


def render(result: RunResult, statistics: bool = False, quiet: bool = False, color: bool = False, **_: object) -> str:
    style = Style(color)
    lines: List[str] = [
        f"{style(f'{printable(f.path)}:{f.line}:{f.column}:', 'bold')} {style(f.rule, 'red' if f.severity == 'error' else 'yellow')} "
        f"{printable(f.message)}"
        for f in result.active
    ]
    lines.extend(tail(result, statistics, quiet))
    return "\n".join(lines) + ("\n" if lines else "")


def tail(result: RunResult, statistics: bool, quiet: bool, leading_blank: bool = True) -> List[str]:
    """What follows the findings: per-rule counts, notices and the summary line."""
    lines: List[str] = []
    if statistics and result.active:
        counts = Counter((f.rule, f.name) for f in result.active)
        if leading_blank:
            lines.append("")
        for (rule, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"{count:5d}  {rule}  {name}")
    if not quiet:
        lines.extend(f"notice: {printable(n)}" for n in result.notices)
        lines.append(summary(result))
    return lines


def summary(result: RunResult) -> str:
    active = result.active
    errors = sum(1 for f in active if f.severity == "error")
    warnings = len(active) - errors
    files = len({f.path for f in active})
    suppressed = len(result.suppressed)
    if not active:
        head = f"No findings in {len(result.files)} file(s) checked."
    else:
        head = (
            f"Found {len(active)} finding(s) ({errors} error(s), {warnings} warning(s)) "
            f"in {files} file(s); {len(result.files)} file(s) checked."
        )
    return head + (f" {suppressed} suppressed." if suppressed else "")
