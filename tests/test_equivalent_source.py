"""Valid Python that LibCST's parser rejects is analysed through an equivalent text with
the same lines and columns; what cannot be rewritten so is FRT000 saying exactly why."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import List, Tuple

import libcst as cst
import pytest

from frtlint.analysis.equivalent_source import libcst_equivalent, merge_adjacent_strings
from tests.conftest import lint_code

FACE = "import face_recognition\n"
CALL = "face_recognition.face_encodings(image)"


def _found(code: str, tmp_path: Path) -> List[Tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in lint_code(code, ["FRT0", "FRT2"], tmp_path)]


def _rejected_by_libcst(code: str) -> bool:
    ast.parse(code)  # Python accepts it
    try:
        cst.parse_module(code)
    except cst.ParserSyntaxError:
        return True
    return False


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (FACE + "if ready:\n    image = load()\n\\\nelse:\n    encodings = " + CALL + "\n", [("FRT201", 6, 17)]),
        (FACE + "if ready:\n    if image:\n        pass\n\\\n\\\nelif other:\n    " + CALL + "\n", [("FRT201", 8, 5)]),
        (FACE + "encodings = " + CALL + "\n\\\r\n", [("FRT201", 2, 13)]),
        (FACE + "if ready:\n    pass\n" + "\\\n" * 100_000 + "else:\n    " + CALL + "\n", [("FRT201", 100_005, 5)]),
        (FACE + "banner = " + " ".join(['"a"'] * 50_000) + "\nencodings = " + CALL + "\n", [("FRT201", 3, 13)]),
        (FACE + "pair = (" + " ".join(["b'a'"] * 50_000) + ", " + CALL + ")\n", [("FRT201", 2, 250_010)]),
        (
            FACE + "banner = (\n" + "\n".join(['    "a" "b"  # two'] * 2_000) + "\n)\nencodings = " + CALL + "\n",
            [("FRT201", 2_004, 13)],
        ),
    ],
    ids=["backslash-before-else", "two-backslashes-before-elif", "backslash-crlf-at-end", "100k-backslashes", "50k-strings",
         "50k-strings-before-the-call", "4k-strings-on-2k-lines"],
)
def test_valid_code_libcst_rejects_is_analysed_at_the_right_place(
    code: str, expected: List[Tuple[str, int, int]], tmp_path: Path
) -> None:
    assert _rejected_by_libcst(code)
    assert _found(code, tmp_path) == expected


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            FACE + "if ready:\n    if image:\n        pass\n\\\n    else:\n        " + CALL + "\n",
            "cannot parse file: line 5 holds only a backslash continuation, which LibCST's parser rejects, "
            "and no rewrite keeps the code it continues at the same line and column",
        ),
        (
            FACE + "banner = " + " ".join(['"a"', "'b'"] * 2_000) + "\nencodings = " + CALL + "\n",
            "cannot parse file: LibCST's parser accepts at most 3,000 adjacent string literals; "
            "this file has 4,000 in a row that cannot be merged into fewer "
            "(mixed quotes or prefixes, f-strings or literals spanning lines)",
        ),
    ],
    ids=["backslash-before-an-indented-else", "4k-alternating-quotes"],
)
def test_what_cannot_be_rewritten_is_frt000_saying_why(code: str, message: str, tmp_path: Path) -> None:
    assert _rejected_by_libcst(code)
    findings = lint_code(code, ["FRT0", "FRT2"], tmp_path)
    assert [(f.rule, f.line, f.column, f.message.split(" (Draft")[0]) for f in findings] == [("FRT000", 1, 1, message)]


def test_merged_literals_keep_every_position_and_value() -> None:
    code = 'x = f("ab" "c"   "d", y)  # note\n'
    rewritten = merge_adjacent_strings(code)
    assert rewritten == 'x = f("abcd"      "", y)  # note\n'
    tree = ast.parse(code)
    assert libcst_equivalent(code, tree) == rewritten


def test_lines_between_merged_literals_stay() -> None:
    code = 'x = ("a"  # one\n     "b" \\\n     "c")\n'
    rewritten = 'x = ("abc"\n\\\n      "")\n'
    assert merge_adjacent_strings(code) == rewritten
    assert libcst_equivalent(code, ast.parse(code)) == rewritten
    assert cst.parse_module(rewritten).code == rewritten


def test_an_escape_a_digit_would_extend_is_not_joined() -> None:
    code = 'x = "\\1" "2" "3"\n'
    assert merge_adjacent_strings(code) == code
    assert libcst_equivalent(code, ast.parse(code)) is None


def test_a_backslash_line_inside_a_string_is_left_alone() -> None:
    code = 's = """\n\\\n"""\nif x:\n    y = 1\n\\\nelse:\n    pass\n'
    rewritten = libcst_equivalent(code, ast.parse(code))
    assert rewritten == 's = """\n\\\n"""\nif x:\n    y = 1\n \nelse:\n    pass\n'


def test_no_rewrite_for_a_file_libcst_accepts_or_one_that_would_change_meaning() -> None:
    plain = 'x = "a" "b"\n'
    assert libcst_equivalent(plain, ast.parse(plain)) is None
    moved = "x = 1 + \\\n\\\n2\n"  # blanking the lone backslash would end the statement early
    assert libcst_equivalent(moved, ast.parse(moved)) is None
