"""Writing `# frtlint: ignore[FRTnnn] reason: TEXT` comments for current findings.

Used by `frtlint check --add-suppressions --reason TEXT` when a team adopts frtlint on
existing code. Every edit keeps the rest of the file byte for byte: the file's
encoding (PEP 263 coding line, UTF-8 BOM), its line endings (LF, CRLF or CR, per
line) and its indentation. Each file is written atomically (a temporary file in the
same directory, then `os.replace`), so an interrupted run leaves either the old or
the new file, never half of one.

Where the comment goes:
- at the end of the finding's line (`call()  # frtlint: ignore[FRT201] reason: ...`);
  a line that already has a comment keeps it and gets the directive after it, or, if
  that comment already holds a `# frtlint: ignore[...]` directive, the rule ids join
  its list and the reason is appended to its reason;
- on its own line above the finding's line, with the same indentation, when the
  end of the line cannot take a comment (it is inside a multi-line string or ends in
  a backslash continuation) or the comment would pass the project's line length
  (`edit/line_length.py`);
- in JavaScript, TypeScript, Java, Kotlin (`//`) and YAML (`#`) always on its own line
  above the finding.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from frtlint.analysis.suppression_grammar import FRTLINT, Directive, covers, parse_comment, physical_lines
from frtlint.analysis.suppression_grammar import python_suppressions, text_suppressions
from frtlint.edit.line_length import DEFAULT as DEFAULT_LINE_LENGTH
from frtlint.edit.line_length import project_line_length
from frtlint.engine.discover import read_source
from frtlint.findings import Finding
from frtlint.report_file import replace_atomically

# Findings a suppression comment cannot or should not silence.
NOT_SUPPRESSIBLE = {
    "FRT000": "the file could not be analysed; fix the syntax or encoding error instead",
    "FRT001": "give the existing suppression a reason instead",
    "FRT002": "remove the unused suppression instead",
}
SUPPORTED_SUFFIXES = (".py", ".pyi", ".pyw")

_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_EOL = re.compile(r"(\r\n|\r|\n)\Z")


class SuppressionError(ValueError):
    """A reason text that cannot be written as a suppression comment."""


def check_reason(reason: Optional[str]) -> str:
    text = (reason or "").strip()
    if not text:
        raise SuppressionError("--add-suppressions needs --reason TEXT (the reason is the audit trail)")
    if any(ch in text for ch in "\r\n") or any(ord(ch) < 32 for ch in text):
        raise SuppressionError("--reason must be one line of text")
    if "#" in text:
        raise SuppressionError("--reason must not contain '#' (it would end the suppression comment)")
    return text


def directive(rules: Iterable[str], reason: str) -> str:
    return f"# frtlint: ignore[{', '.join(sorted(set(rules)))}] reason: {reason}"


@dataclass
class Skipped:
    path: str
    line: int
    rule: str
    why: str


@dataclass
class EditReport:
    files: List[str] = field(default_factory=list)
    comments: int = 0
    suppressed: int = 0
    skipped: List[Skipped] = field(default_factory=list)


@dataclass
class _LineInfo:
    end_in_string: bool = False
    start_in_string: bool = False
    continued: bool = False  # ends with a backslash continuation
    comment_column: Optional[int] = None  # where an existing comment starts


def _split_lines(data: bytes) -> List[bytes]:
    return _LINE.findall(data)


def _line_facts(text: str, count: int) -> List[_LineInfo]:
    """Per physical line: strings crossing its ends, backslash continuations, comments."""
    info = [_LineInfo() for _ in range(count + 2)]
    feed = iter(physical_lines(text, keepends=True))  # a lone CR ends a line, as for the engine
    tokens = tokenize.generate_tokens(lambda: next(feed, ""))
    fstring_start: List[int] = []
    fstring_types = {getattr(tokenize, "FSTRING_START", -1), getattr(tokenize, "FSTRING_END", -1)}

    def span(first: int, last: int) -> None:
        for row in range(first, last):
            info[row].end_in_string = True
            info[row + 1].start_in_string = True

    for token in tokens:
        (srow, scol), (erow, _) = token.start, token.end
        if token.type == tokenize.COMMENT:
            info[srow].comment_column = scol
        elif token.type == tokenize.STRING and erow > srow:
            span(srow, erow)
        elif token.type in fstring_types and token.type != -1:
            if token.type == getattr(tokenize, "FSTRING_START"):
                fstring_start.append(srow)
            elif fstring_start:
                first = fstring_start.pop()
                if erow > first:
                    span(first, erow)
    lines = re.split(r"\r\n|\r|\n", text)
    for number, line in enumerate(lines, start=1):
        if number < len(info) and not info[number].end_in_string and info[number].comment_column is None:
            info[number].continued = line.endswith("\\")
    return info


def _first_directive(comment: str) -> Optional[Directive]:
    return next((d for d in parse_comment(comment) if d.kind == FRTLINT), None)


def _merge(comment: str, rules: Set[str], reason: str) -> Optional[str]:
    """The comment with `rules` added to its frtlint directive, or None if it has none
    (or one without a rule list, which a second directive could not extend)."""
    found = _first_directive(comment)
    if found is None or found.rules_span is None:
        return None
    rules_start, rules_end = found.rules_span
    existing = [r.strip() for r in comment[rules_start:rules_end].split(",") if r.strip()]
    merged = existing + sorted(r for r in rules if r not in existing)
    rest = comment[rules_end + 1 : found.end]  # after the `]`
    stripped = rest.rstrip()
    trailing = rest[len(stripped):]
    if found.reason is not None:
        if reason not in stripped:
            stripped = f"{stripped}; {reason}"
    else:
        stripped = f"{stripped} reason: {reason}" if stripped.strip() else f" reason: {reason}"
    return f"{comment[:rules_start]}{', '.join(merged)}]{stripped}{trailing}{comment[found.end:]}"


def plan_edit(
    path: Path, raw: bytes, targets: Dict[int, Set[str]], reason: str, line_length: int = DEFAULT_LINE_LENGTH
) -> Tuple[Optional[bytes], Dict[int, str]]:
    """What `--add-suppressions` would make of `raw` (the editor's unsaved text of `path`),
    without writing: new bytes (None if nothing changes) and why lines were skipped."""
    if not path.name.endswith(SUPPORTED_SUFFIXES):
        return _plan_text_file(path, targets, reason, raw)
    return _plan_file(path, targets, reason, raw, line_length)


def _plan_file(
    path: Path, targets: Dict[int, Set[str]], reason: str, raw: bytes, line_length: int = DEFAULT_LINE_LENGTH
) -> Tuple[Optional[bytes], Dict[int, str]]:
    """New bytes for the file (None if nothing changes) and why lines were skipped."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return None, {line: f"cannot decode the file: {error}" for line in targets}
    bom = b""
    if encoding == "utf-8-sig":
        encoding, bom = "utf-8", b"\xef\xbb\xbf"
        text = text[1:] if text.startswith("\ufeff") else text
    byte_lines = _split_lines(raw[len(bom):])
    text_lines = [m for m in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)]
    if len(byte_lines) != len(text_lines) or any(t.encode(encoding) != b for t, b in zip(text_lines, byte_lines)):
        return None, {line: f"the file does not round-trip through its encoding ({encoding})" for line in targets}
    try:
        info = _line_facts(text, len(text_lines))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        return None, {line: f"cannot tokenize the file: {error}" for line in targets}
    in_file, skipped = _lines_in_file(targets, len(text_lines))
    new_lines: List[str] = list(text_lines)
    above: Dict[int, str] = {}
    for line, rules in in_file:
        current = text_lines[line - 1]
        eol_match = _EOL.search(current)
        eol = eol_match.group(1) if eol_match else ""
        body = current[: len(current) - len(eol)]
        facts = info[line]
        if not facts.end_in_string and not facts.continued:
            if facts.comment_column is not None:
                code, comment = body[: facts.comment_column], body[facts.comment_column :]
                merged = _merge(comment, rules, reason)
                if merged is not None:
                    new_lines[line - 1] = code + merged + eol
                    continue
            if facts.comment_column is None or _first_directive(body[facts.comment_column :]) is None:
                content = body.rstrip()
                appended = content + "  " + directive(rules, reason)
                # A comment that would push the line past the project's limit goes on its
                # own line above instead (where one can go), so formatters stay quiet.
                fits = len(appended) <= line_length or facts.start_in_string or (line > 1 and info[line - 1].continued)
                if fits:
                    new_lines[line - 1] = appended + body[len(content) :] + eol
                    continue
        previous_continued = line > 1 and info[line - 1].continued
        if facts.start_in_string or previous_continued:
            skipped[line] = "no place for a comment: the line starts and ends inside a string or a continuation"
            continue
        indent = body[: len(body) - len(body.lstrip())]
        line_end = eol or _file_eol(text_lines)
        above[line] = indent + directive(rules, reason) + line_end
    if not above and new_lines == text_lines:
        return None, skipped
    new_text, renumbered = _with_lines_above(new_lines, above)
    try:
        data = bom + new_text.encode(encoding)
    except UnicodeEncodeError:
        return None, {line: f"the reason cannot be written in the file's encoding ({encoding})" for line in targets}
    wanted = {renumbered[line]: rules for line, rules in targets.items() if line not in skipped}
    problem = _verify(text, new_text, path, wanted)
    if problem:
        return None, {line: problem for line in targets}
    return data, skipped


# Comment markers of the other languages frtlint reads suppressions in (JSON has none).
TEXT_COMMENT_MARKERS = {
    ".js": "//", ".jsx": "//", ".mjs": "//", ".cjs": "//", ".ts": "//", ".tsx": "//",
    ".java": "//", ".kt": "//", ".kts": "//", ".yaml": "#", ".yml": "#",
}


def _plan_text_file(
    path: Path, targets: Dict[int, Set[str]], reason: str, raw: bytes
) -> Tuple[Optional[bytes], Dict[int, str]]:
    """JavaScript, TypeScript, Java, Kotlin, YAML: the comment goes alone on the line above
    the finding (no tokenizer here tells whether a line's end is inside a template string
    or a block comment; a line of its own before the statement is safe)."""
    marker = TEXT_COMMENT_MARKERS.get(path.suffix.lower())
    if marker is None:
        return None, {line: f"{path.suffix or 'this'} files have no comments to hold a suppression" for line in targets}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, {line: f"cannot decode the file as UTF-8: {error}" for line in targets}
    lines = physical_lines(text, keepends=True)
    in_file, skipped = _lines_in_file(targets, len(lines))
    above: Dict[int, str] = {}
    for line, rules in in_file:
        body = lines[line - 1]
        eol_match = _EOL.search(body)
        indent = body[: len(body) - len(body.lstrip())]
        if not eol_match and indent == body:
            indent = ""
        comment = marker + directive(rules, reason)[1:]  # `// frtlint: ignore[...] reason: ...`
        above[line] = indent.rstrip("\r\n") + comment + (eol_match.group(1) if eol_match else _file_eol(lines))
    if not above:
        return None, skipped
    new_text, renumbered = _with_lines_above(lines, above)
    found = [s for s in text_suppressions(new_text) if s.reason]
    for line, rules in targets.items():
        if line in skipped:
            continue
        if not all(any(s.line == renumbered[line] and covers(s.rules, rule) for s in found) for rule in rules):
            return None, {n: f"the written comment would not suppress line {line}; nothing written" for n in targets}
    return new_text.encode("utf-8"), skipped


def _lines_in_file(
    targets: Dict[int, Set[str]], line_count: int
) -> Tuple[List[Tuple[int, Set[str]]], Dict[int, str]]:
    """The targets on lines the file has, in line order, and why the others are skipped."""
    in_file = [(line, rules) for line, rules in sorted(targets.items()) if 1 <= line <= line_count]
    skipped = {line: "the line is past the end of the file" for line in sorted(targets) if not 1 <= line <= line_count}
    return in_file, skipped


def _with_lines_above(lines: Sequence[str], above: Dict[int, str]) -> Tuple[str, Dict[int, int]]:
    """The text with `above[n]` inserted before line n, and each old line's new number."""
    out: List[str] = []
    renumbered: Dict[int, int] = {}
    for number, line_text in enumerate(lines, start=1):
        if number in above:
            out.append(above[number])
        out.append(line_text)
        renumbered[number] = len(out)
    return "".join(out), renumbered


def _file_eol(lines: Sequence[str]) -> str:
    for line in lines:
        match = _EOL.search(line)
        if match:
            return match.group(1)
    return "\n"


def _verify(old_text: str, new_text: str, path: Path, targets: Dict[int, Set[str]]) -> Optional[str]:
    """The edited source still compiles (if the old one did), and the engine's own
    comment reader sees a reasoned suppression for every target (new line numbers)."""
    try:
        compile(old_text, str(path), "exec", dont_inherit=True, flags=0x400)
    except (SyntaxError, ValueError):
        pass
    else:
        try:
            compile(new_text, str(path), "exec", dont_inherit=True, flags=0x400)
        except (SyntaxError, ValueError) as error:
            return f"the edit would break the file ({error}); nothing written"
    found = [s for s in python_suppressions(new_text) if s.style == FRTLINT and s.reason]
    for line, rules in targets.items():
        for rule in rules:
            if not any(s.line == line and covers(s.rules, rule) for s in found):
                return f"the written comment would not suppress {rule} on line {line}; nothing written"
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: a temporary file beside it, fsync, os.replace."""
    target = Path(os.path.realpath(path))
    replace_atomically(target, data, stat.S_IMODE(target.stat().st_mode))


def add_suppressions(findings: Sequence[Finding], reason: str, base: Optional[Path] = None) -> EditReport:
    """Write a suppression comment for every active finding; report what was done."""
    reason = check_reason(reason)
    base = base or Path.cwd()
    report = EditReport()
    by_file: Dict[str, Dict[int, Set[str]]] = {}
    counts: Dict[Tuple[str, int], int] = {}
    for finding in findings:
        if finding.suppression_reason is not None:
            continue
        if finding.rule in NOT_SUPPRESSIBLE:
            report.skipped.append(Skipped(finding.path, finding.line, finding.rule, NOT_SUPPRESSIBLE[finding.rule]))
            continue
        by_file.setdefault(finding.path, {}).setdefault(finding.line, set()).add(finding.rule)
        counts[(finding.path, finding.line)] = counts.get((finding.path, finding.line), 0) + 1
    line_length = project_line_length(base)
    for display, targets in sorted(by_file.items()):
        path = base / display
        try:
            data, skipped = plan_edit(path, read_source(path), targets, reason, line_length)
        except OSError as error:
            data, skipped = None, {line: f"cannot read the file: {error.strerror or error}" for line in targets}
        for line, why in sorted(skipped.items()):
            for rule in sorted(targets[line]):
                report.skipped.append(Skipped(display, line, rule, why))
        if data is None:
            continue
        try:
            write_atomically(path, data)
        except OSError as error:
            for line in targets:
                if line not in skipped:
                    for rule in sorted(targets[line]):
                        report.skipped.append(Skipped(display, line, rule, f"cannot write the file: {error.strerror or error}"))
            continue
        report.files.append(display)
        done = [line for line in targets if line not in skipped]
        report.comments += len(done)
        report.suppressed += sum(counts[(display, line)] for line in done)
    return report
