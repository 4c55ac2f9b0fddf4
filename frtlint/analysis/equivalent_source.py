"""Valid Python that LibCST's parser rejects, rewritten into a text it accepts.

Two shapes of code that CPython compiles make LibCST's parser fail:

- a line holding nothing but a backslash continuation where a block ends
  (`if x:\\n    y()\\n\\\\\\nelse: ...`): the backslash becomes a space, so the line is blank;
- more than 3,000 adjacent string literals (`"a" "b" ...`): LibCST nests one node per
  literal and its parser stops at that depth. Literals of the same kind are merged into
  one, followed by an empty literal that ends where the last one ended.

A rewrite keeps every line and column of the code around it, and it is used only when
CPython's tree of the rewritten text, positions included, equals the original's: then
the program means the same and every finding lands where it would in the original.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from bisect import bisect_right
from typing import Iterator, List, Optional, Sequence, Set, Tuple

from frtlint.analysis.suppression_grammar import physical_lines

# Python's line ends (str.splitlines also splits on form feed, U+2028 and others).
_LINE_END = re.compile(r"\r\n|\r|\n")
_LONE_BACKSLASH = re.compile(r"(?:(?<=[\r\n])|\A)([ \t\f]*)\\(?=\r\n|\r|\n|\Z)")
_STRING = re.compile(r"(?P<prefix>[A-Za-z]*)(?P<quote>'''|\"\"\"|'|\")", re.DOTALL)
# LibCST's parser gives up beyond this many adjacent literals (measured with LibCST 1.9).
LIBCST_MAX_ADJACENT_STRINGS = 3000


def libcst_equivalent(text: str, tree: ast.Module) -> Optional[str]:
    """`text` with the shapes LibCST rejects rewritten, or None when there is nothing to
    rewrite or the rewrite would not mean exactly the same at the same positions."""
    rewritten = merge_adjacent_strings(blank_lone_backslashes(text, tree))
    if rewritten == text:
        return None
    try:
        candidate = ast.parse(rewritten)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if ast.dump(candidate, include_attributes=True) != ast.dump(tree, include_attributes=True):
        return None
    return rewritten


def why_libcst_rejects(text: str, tree: ast.Module) -> str:
    """What in a file CPython compiles stops LibCST, for the FRT000 message."""
    lone = lone_backslash_lines(text, tree)
    if lone:
        return (
            f"line {lone[0]} holds only a backslash continuation, which LibCST's parser rejects, "
            "and no rewrite keeps the code it continues at the same line and column"
        )
    longest = _longest_string_run(text)
    if longest > LIBCST_MAX_ADJACENT_STRINGS:
        return (
            f"LibCST's parser accepts at most {LIBCST_MAX_ADJACENT_STRINGS:,} adjacent string literals; "
            f"this file has {longest:,} in a row that cannot be merged into fewer "
            "(mixed quotes or prefixes, f-strings or literals spanning lines)"
        )
    return "LibCST's parser rejects code that Python accepts"


def lone_backslash_lines(text: str, tree: ast.Module) -> List[int]:
    """Lines (1-based) holding only whitespace and a backslash continuation, outside
    any string literal."""
    inside = _lines_inside_strings(tree)
    starts = _line_starts(text)
    found: List[int] = []
    for match in _LONE_BACKSLASH.finditer(text):
        line = _line_of(starts, match.start())
        if line not in inside:
            found.append(line)
    return found


def blank_lone_backslashes(text: str, tree: ast.Module) -> str:
    """A backslash alone on its line, at the indentation of the next code line, joins
    that line to nothing but blank space: a space instead keeps the same statement."""
    lone = set(lone_backslash_lines(text, tree))
    if not lone:
        return text
    lines = physical_lines(text, keepends=True)
    following = _next_code_indents(lines)
    out: List[str] = []
    for number, line in enumerate(lines, start=1):
        if number in lone and following[number - 1] in (None, _indent(line)):
            cut = line.rindex("\\")
            line = line[:cut] + " " + line[cut + 1:]
        out.append(line)
    return "".join(out)


def merge_adjacent_strings(text: str) -> str:
    """Runs of three or more adjacent single-quoted literals of one kind become one
    literal holding their text and an empty literal ending where the last one ended;
    line breaks (and backslash continuations) between them stay, comments go."""
    tokens = _string_runs(text)
    if not tokens:
        return text
    starts = _line_starts(text)
    pieces: List[str] = []
    done = 0
    for run in tokens:
        begin = _offset(starts, run[0].start)
        end = _offset(starts, run[-1].end)
        replacement = _merged(run, text[begin:end])
        if replacement is None:
            continue
        pieces.append(text[done:begin])
        pieces.append(replacement)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _merged(run: Sequence[tokenize.TokenInfo], region: str) -> Optional[str]:
    prefix, quote = _kind(run[0].string)
    merged = prefix + quote + "".join(_content(t.string) for t in run) + quote
    empty = prefix + quote + quote
    breaks = list(_LINE_END.finditer(region))
    if not breaks:
        gap = len(region) - len(merged) - len(empty)
        return merged + " " * gap + empty if gap > 0 else None
    kept = []
    for line_end in breaks:  # a backslash continuation must stay before its line break
        joined = region[: line_end.start()].rstrip(" \t\f").endswith("\\")
        kept.append(("\\" if joined else "") + line_end.group())
    last_line = len(region) - breaks[-1].end()
    gap = last_line - len(empty)
    if gap < 0:
        return None
    return merged + "".join(kept) + " " * gap + empty


def _string_runs(text: str) -> List[List[tokenize.TokenInfo]]:
    """Runs of at least three adjacent one-line literals with the same prefix and quote."""
    runs: List[List[tokenize.TokenInfo]] = []
    current: List[tokenize.TokenInfo] = []
    try:
        for token in _tokens(text):
            if token.type in (tokenize.NL, tokenize.COMMENT):
                continue
            if _mergeable(token) and current and _kind_key(token.string) == _kind_key(current[-1].string) \
                    and _safe_join(current[-1].string, token.string):
                current.append(token)
                continue
            if len(current) >= 3:
                runs.append(current)
            current = [token] if _mergeable(token) else []
    except (tokenize.TokenError, SyntaxError):
        return []
    if len(current) >= 3:
        runs.append(current)
    return runs


def _longest_string_run(text: str) -> int:
    longest = count = 0
    try:
        for token in _tokens(text):
            if token.type in (tokenize.NL, tokenize.COMMENT):
                continue
            count = count + 1 if token.type == tokenize.STRING else 0
            longest = max(longest, count)
    except (tokenize.TokenError, SyntaxError):
        return 0
    return longest


def _tokens(text: str) -> Iterator[tokenize.TokenInfo]:
    # newline="": lines end where Python's do (\r, \n, \r\n), and nothing is translated
    return tokenize.generate_tokens(io.StringIO(text, newline="").readline)


def _mergeable(token: tokenize.TokenInfo) -> bool:
    if token.type != tokenize.STRING or token.start[0] != token.end[0]:
        return False
    prefix, quote = _kind(token.string)
    return len(quote) == 1 and "f" not in prefix.lower()


def _kind(literal: str) -> Tuple[str, str]:
    match = _STRING.match(literal)
    assert match is not None  # a STRING token always starts so
    return match.group("prefix"), match.group("quote")


def _kind_key(literal: str) -> Tuple[str, str]:
    prefix, quote = _kind(literal)
    return "".join(sorted(prefix.lower())), quote


def _content(literal: str) -> str:
    prefix, quote = _kind(literal)
    return literal[len(prefix) + len(quote): -len(quote)]


def _safe_join(left: str, right: str) -> bool:
    """`"\\1" "2"` is two characters, `"\\12"` one: no joining after an escape that a
    following digit or hex letter would extend."""
    return "\\" not in _content(left) or not re.match(r"[0-9A-Fa-f{]", _content(right))


def _lines_inside_strings(tree: ast.Module) -> Set[int]:
    """Lines after the first of every literal that spans several lines."""
    inside: Set[int] = set()
    for node in ast.walk(tree):
        if type(node) in (ast.Constant, ast.JoinedStr) and isinstance(getattr(node, "value", ""), (str, bytes)):
            end = node.end_lineno or node.lineno
            if end > node.lineno:
                inside.update(range(node.lineno + 1, end + 1))
    return inside


def _line_starts(text: str) -> List[int]:
    return [0] + [m.end() for m in _LINE_END.finditer(text)]


def _line_of(starts: Sequence[int], offset: int) -> int:
    return bisect_right(starts, offset)


def _offset(starts: Sequence[int], position: Tuple[int, int]) -> int:
    return starts[position[0] - 1] + position[1]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t\f"))]


def _next_code_indents(lines: Sequence[str]) -> List[Optional[str]]:
    """For each line, the indentation of the first line after it that is not a lone
    backslash (None at the end of the file), found in one pass from the end."""
    indents: List[Optional[str]] = [None] * len(lines)
    nearest: Optional[str] = None
    for index in range(len(lines) - 1, -1, -1):
        indents[index] = nearest
        if lines[index].strip(" \t\f\r\n") != "\\":
            nearest = _indent(lines[index])
    return indents
