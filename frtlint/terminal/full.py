"""The full text report, like ruff's: each finding with its source lines, the span
marked with `^`, and the evidence trail that explains it.

    race.py:3:10: FRT301 [error] DeepFace.analyze infers race from faces (Draft Art. 11)
      |
    3 | result = DeepFace.analyze(img, actions=["age", "race"])
      |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ FRT301
"""

from __future__ import annotations

import unicodedata
from typing import List, Optional, Tuple

from frtlint.model import Finding, RunResult
from frtlint.reporters.escape import printable
from frtlint.reporters.text import tail
from frtlint.terminal.color import Style
from frtlint.terminal.source_lines import SourceLines

_MAX_SPAN_LINES = 4  # longer spans show their first lines and the last one
_TAB = "    "
_SEVERITY_STYLE = {"error": "red", "warning": "yellow"}


def render(
    result: RunResult,
    statistics: bool = False,
    quiet: bool = False,
    color: bool = False,
    sources: Optional[SourceLines] = None,
    **_: object,
) -> str:
    style = Style(color)
    if sources is None:
        sources = SourceLines({f.display: f.path for f in [*result.files, *result.unchecked]})
    blocks = [_finding_block(f, sources, style) for f in result.active]
    lines: List[str] = []
    for block in blocks:
        lines.extend(block)
        lines.append("")
    lines.extend(tail(result, statistics, quiet, leading_blank=False))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + ("\n" if lines else "")


def _finding_block(finding: Finding, sources: SourceLines, style: Style) -> List[str]:
    location = style(f"{printable(finding.path)}:{finding.line}:{finding.column}:", "bold")
    severity = style(f"[{finding.severity}]", _SEVERITY_STYLE.get(finding.severity, "bold"))
    block = [f"{location} {style(finding.rule, 'bold')} {severity} {printable(finding.message)}"]
    block.extend(_snippet(finding, sources.lines(finding.path), style))
    for evidence in finding.evidence:
        where = f"{printable(evidence.path or finding.path)}:{evidence.line}:{evidence.column}"
        block.append(f"  {style('=', 'blue')} {style('evidence:', 'bold')} {where}: {printable(evidence.note)}")
    return block


def _snippet(finding: Finding, lines: Optional[List[str]], style: Style) -> List[str]:
    if not lines or not 0 < finding.line <= len(lines):
        return []
    last = max(finding.line, min(finding.end_line, len(lines)))
    numbers: List[Optional[int]] = list(range(finding.line, last + 1))
    if len(numbers) > _MAX_SPAN_LINES:
        numbers = numbers[: _MAX_SPAN_LINES - 1] + [None, last]
    width = len(str(last))
    bar = style("|", "blue")
    out = [f"{' ' * width} {bar}"]
    for number in numbers:
        if number is None:
            out.append(style("...", "blue"))
            continue
        text = lines[number - 1]
        start, end = _marked_columns(finding, number, text)
        shown, pad, marks = _mark(text, start, end)
        out.append(f"{style(str(number).rjust(width), 'blue')} {bar} {shown}".rstrip())
        label = f" {finding.rule}" if number == last else ""
        colour = _SEVERITY_STYLE.get(finding.severity, "bold")
        out.append(f"{' ' * width} {bar} {' ' * pad}{style('^' * marks + label, colour)}")
    out.append(f"{' ' * width} {bar}")
    return out


def _marked_columns(finding: Finding, number: int, text: str) -> Tuple[int, int]:
    """The 1-based [start, end) columns of the span on line `number`."""
    indent = len(text) - len(text.lstrip())
    start = finding.column if number == finding.line else indent + 1
    end = finding.end_column if number == finding.end_line else len(text) + 1
    start = min(max(start, 1), len(text) + 1)
    return start, max(end, start + 1)


def _mark(text: str, start: int, end: int) -> Tuple[str, int, int]:
    """The printable line, the width before the span and the span's width (at least 1)."""
    before = _shown(text[: start - 1])
    marked = _shown(text[start - 1 : end - 1])
    after = _shown(text[end - 1 :])
    return before + marked + after, _width(before), max(1, _width(marked))


def _shown(text: str) -> str:
    return printable(text.replace("\t", _TAB))


def _width(text: str) -> int:
    """Terminal cells: wide East Asian characters take two, combining marks none."""
    cells = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cells
