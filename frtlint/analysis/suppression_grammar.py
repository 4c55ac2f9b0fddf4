"""The one grammar of suppression comments, and the one answer to "does it cover this rule".

Two directives are understood, any number of them in one comment:

    # frtlint: ignore[FRT101, FRT2] reason: consented demo data
    # noqa: FRT301            (a bare `# noqa` covers every rule)

A directive starts a comment or a later segment of it: a `#` (or `//` in JavaScript,
TypeScript, Java and Kotlin) at the comment's start or after white space, so
`# type: ignore  # noqa: FRT101` holds one directive and prose that mentions
`frtlint: ignore` mid-sentence holds none. A segment runs to the next such marker.

Lines are counted as Python's tokenizer and LibCST count them: only `\\n`, `\\r\\n` and a
lone `\\r` end a line. `str.splitlines()` also splits on form feed, U+0085, U+2028,
U+2029 and \\x1c-\\x1e, which would move a comment onto the wrong line.
"""

from __future__ import annotations

import re
import tokenize
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from frtlint.analysis.facts import Suppression

FRTLINT = "frtlint"
NOQA = "noqa"

_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_IGNORE = re.compile(r"\s*frtlint:\s*ignore(?:\[(?P<rules>[^\]]*)\])?", re.IGNORECASE)
_NOQA = re.compile(r"\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_REASON = re.compile(r"reason\s*[:=]\s*(?P<reason>\S.*)", re.IGNORECASE | re.DOTALL)
_TEXT_OPENING = re.compile(r"(?:^|(?<=\s))(?://|#)(?=\s*frtlint:\s*ignore)", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    kind: str  # FRTLINT or NOQA
    rules: Tuple[str, ...]  # upper case; empty: every rule
    reason: Optional[str]  # None when none is given (a noqa never gives one)
    start: int  # offset of the directive's marker in the comment
    end: int  # offset where its segment ends (the next marker, or the comment's end)
    rules_span: Optional[Tuple[int, int]] = None  # offsets of the text between `[` and `]`


def physical_lines(text: str, keepends: bool = False) -> List[str]:
    """The lines of `text` as the tokenizer counts them."""
    lines = _PHYSICAL_LINE.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def covers(rules: Sequence[str], rule: str) -> bool:
    """Whether a suppression naming `rules` (empty: all) covers `rule`; a name is an
    id or an id prefix (`FRT1` covers FRT101)."""
    return not rules or any(names_rule(name, rule) for name in rules)


def names_rule(name: str, rule: str) -> bool:
    return rule.startswith(name)


def _segments(comment: str, marker: str) -> Iterator[Tuple[int, int]]:
    starts = [
        offset
        for offset in range(len(comment))
        if comment.startswith(marker, offset) and (offset == 0 or comment[offset - 1].isspace())
    ]
    for index, start in enumerate(starts):
        yield start, starts[index + 1] if index + 1 < len(starts) else len(comment)


def parse_comment(comment: str, marker: str = "#") -> List[Directive]:
    """Every directive in `comment`, which starts with `marker` (`#` or `//`)."""
    if "frtlint" not in comment.lower() and "noqa" not in comment.lower():
        return []
    found: List[Directive] = []
    for start, end in _segments(comment, marker):
        body_start = start + len(marker)
        ignore = _IGNORE.match(comment, body_start, end)
        if ignore:
            rules = ignore.group("rules")
            reason = _REASON.search(comment, ignore.end(), end)
            found.append(
                Directive(
                    FRTLINT,
                    _names(rules or "", ","),
                    reason.group("reason").strip() or None if reason else None,
                    start,
                    end,
                    ignore.span("rules") if rules is not None else None,
                )
            )
            continue
        noqa = _NOQA.match(comment, body_start, end)
        if noqa:
            codes = _names(noqa.group("codes") or "", r"[\s,]+")
            ours = tuple(code for code in codes if code.startswith("FRT"))
            if codes and not ours:
                continue  # a noqa for other tools only
            found.append(Directive(NOQA, ours, None, start, end))
    return found


def _names(text: str, separator: str) -> Tuple[str, ...]:
    return tuple(name.strip().upper() for name in re.split(separator, text) if name.strip())


def python_suppressions(text: str) -> List[Suppression]:
    """The suppressions in Python source, read from its comment tokens."""
    if "frtlint" not in text and "noqa" not in text.lower():
        return []
    lines = physical_lines(text, keepends=True)
    found: List[Suppression] = []
    for line, column, comment in _comments(lines):
        own_line = lines[line - 1][:column].strip() == ""
        target = _next_code_line(lines, line, ("#",)) if own_line else line
        for directive in parse_comment(comment, "#"):
            at = column + directive.start + 1
            if directive.kind == FRTLINT:
                found.append(Suppression(target, line, at, directive.rules, directive.reason, FRTLINT))
            elif not own_line:  # a noqa covers its own line only (flake8's rule)
                found.append(Suppression(line, line, at, directive.rules, NOQA, NOQA))
    return found


def _comments(lines: List[str]) -> Iterator[Tuple[int, int, str]]:
    """(line, 0-based column, text) of each comment token; a file that stops tokenizing
    keeps the comments read before that point."""
    feed = iter(lines)
    try:
        for token in tokenize.generate_tokens(lambda: next(feed, "")):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.start[1], token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return


def text_suppressions(text: str) -> List[Suppression]:
    """`// frtlint: ignore[...] reason: ...` (or `#`) in JavaScript, Java, Kotlin, YAML."""
    if "frtlint" not in text:
        return []
    lines = physical_lines(text)
    found: List[Suppression] = []
    for number, line in enumerate(lines, start=1):
        opening = _TEXT_OPENING.search(line)
        if opening is None:
            continue
        start = opening.start()
        marker = "//" if line.startswith("//", start) else "#"
        own_line = line[:start].strip() == ""
        target = _next_code_line(lines, number, ("#", "//")) if own_line else number
        for directive in parse_comment(line[start:], marker):
            if directive.kind == FRTLINT:
                at = start + directive.start + 1
                found.append(Suppression(target, number, at, directive.rules, directive.reason, FRTLINT))
    return found


def _next_code_line(lines: Sequence[str], line: int, comment_markers: Tuple[str, ...]) -> int:
    """The first line after `line` that is neither blank nor a comment (`line` if none)."""
    for index in range(line, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith(comment_markers):
            return index + 1
    return line


def suppressed_line_texts(text: str, suppressions: Iterable[Suppression]) -> Dict[int, str]:
    """The text of each line a suppression applies to (part of FRT001/FRT002 anchors)."""
    wanted = {s.line for s in suppressions}
    if not wanted:
        return {}
    lines = physical_lines(text)
    return {number: lines[number - 1] for number in sorted(wanted) if 0 < number <= len(lines)}
