"""Turning a condition into the atoms known to hold when a branch is taken."""

from __future__ import annotations

from typing import Callable, FrozenSet, List, Optional

import libcst as cst

from frtlint.analysis.facts import Atom
from frtlint.analysis.syntax import is_literal, literal, words_of

_NEGATIVE_OPS = (cst.NotEqual, cst.IsNot, cst.NotIn)
_ORDERING_OPS = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual)
_FALSY = (None, False, 0, "", "no", "false", "n", "0")


def atoms_of(
    test: cst.BaseExpression,
    truth: bool,
    line: int,
    source: str,
    is_face: Callable[[cst.BaseExpression], bool],
    trivial: FrozenSet[str],
    text_of: Optional[Callable[[cst.CSTNode], str]] = None,
    unknown: FrozenSet[str] = frozenset(),
) -> List[Atom]:
    """The atoms that hold when `test` evaluates to `truth`.

    `not` flips, `and` (true) and `or` (false) distribute; a comparison against a falsy
    literal, against a "no one recognised" name in `unknown` (`name == "Unknown"`), or
    with a negative operator flips the truth of its subject.
    """
    if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
        return atoms_of(test.expression, not truth, line, source, is_face, trivial, text_of, unknown)
    if type(test) is cst.BooleanOperation:
        is_and = type(test.operator) is cst.And
        if is_and == truth:
            return atoms_of(test.left, truth, line, source, is_face, trivial, text_of, unknown) + atoms_of(
                test.right, truth, line, source, is_face, trivial, text_of, unknown
            )
        return [_atom(test, truth, line, source, is_face, trivial, False, text_of)]
    if type(test) is cst.Comparison and len(test.comparisons) == 1:
        target = test.comparisons[0]
        operator = target.operator
        flipped = isinstance(operator, _NEGATIVE_OPS)
        value = literal(target.comparator)
        if is_literal(value) and _is_falsy(value, unknown) and type(operator) in (cst.Equal, cst.Is, cst.NotEqual, cst.IsNot):
            flipped = not flipped
            words = _words(test.left, trivial)
        else:
            words = _words(test, trivial)
        ordering = isinstance(operator, _ORDERING_OPS)
        return [
            Atom(
                words=words,
                truth=truth != flipped,
                face=is_face(test),
                comparison=ordering,
                line=line,
                source=source,
                text=(text_of or _source)(test),
            )
        ]
    return [_atom(test, truth, line, source, is_face, trivial, False, text_of)]


def _is_falsy(value: object, unknown: FrozenSet[str] = frozenset()) -> bool:
    if isinstance(value, str):
        text = value.strip().lower()
        return text in _FALSY or text in unknown
    return value in (None, False, 0)


def _words(node: cst.CSTNode, trivial: FrozenSet[str]) -> FrozenSet[str]:
    return frozenset(words_of(node) - trivial)


def _atom(test, truth, line, source, is_face, trivial, comparison, text_of=None) -> Atom:
    return Atom(
        words=_words(test, trivial),
        truth=truth,
        face=is_face(test),
        comparison=comparison,
        line=line,
        source=source,
        text="",  # only comparisons keep their text (FRT202 reads ages from it)
    )


_EMPTY = cst.Module(body=[])


def _source(node: cst.CSTNode) -> str:
    return " ".join(_EMPTY.code_for_node(node).split())[:200]
