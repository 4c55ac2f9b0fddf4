"""How much CPU time LibCST's parser will take on a file, estimated from CPython's tree
before LibCST runs.

LibCST's native parser costs each level of an expression's nesting about as much as the
levels above it: a 250-link method chain parses in 0.14 s, 500 links in 0.5 s, 1,000 in
2.4 s, 2,000 in 11 s, and nested brackets cost about eight times more per level. Its time
cannot be cut short from Python (the per-file CPU budget fires only once the parse
returns), so a file whose estimate passes the per-file limit is not handed to it.

The estimate adds up, over every node nested deeper than ordinary code ever is, its
depth (a level inside brackets counts eight, a call or subscript trailer two). On
LibCST 1.9 it is within a factor of about three of the measured time for method and
attribute chains, operators, subscripts, nested calls and displays, and conditionals; a
file the estimate lets through is still under the per-file budget.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Dict, List, Tuple

# Nesting up to this depth (a dozen brackets, a fifty-link chain) costs nothing extra.
_ORDINARY_DEPTH = 100
_BRACKET_WEIGHT = 8
_TRAILER_WEIGHT = 2  # what a call's `()` or a subscript's `[]` is applied to
_SECONDS_PER_UNIT = 250e-9
# Fields whose values LibCST parses inside brackets: call arguments and displays.
_BRACKETED = {
    ast.Call: ("args", "keywords"),
    ast.List: ("elts",),
    ast.Tuple: ("elts",),
    ast.Set: ("elts",),
    ast.Dict: ("keys", "values"),
}
# The field a trailer is applied to: `f` in `f(x)`, `a` in `a[0]`.
_TRAILED = {ast.Call: "func", ast.Subscript: "value"}
_STEPS: Dict[type, Tuple[Tuple[str, int], ...]] = {}  # per node type, built on first use


@dataclass(frozen=True)
class ParseCost:
    seconds: float
    deepest_line: int  # where the deepest code starts, for the message


def estimate_parse_cost(tree: ast.Module) -> ParseCost:
    units = 0
    deepest, deepest_line = 0, 1
    stack: List[Tuple[ast.AST, int]] = [(tree, 0)]
    pop, push = stack.pop, stack.append
    steps_of = _STEPS.get
    while stack:
        node, depth = pop()
        if depth > _ORDINARY_DEPTH:
            units += depth
            line = getattr(node, "lineno", 0)
            if line and (depth > deepest or (depth == deepest and line < deepest_line)):  # the first of equals
                deepest, deepest_line = depth, line
        kind = type(node)
        steps = steps_of(kind)
        if steps is None:
            steps = _STEPS[kind] = _steps(kind)
        for name, step in steps:
            value = getattr(node, name, None)
            if type(value) is list:
                for child in value:
                    if isinstance(child, ast.AST):
                        push((child, depth + step))
            elif isinstance(value, ast.AST):
                push((value, depth + step))
    return ParseCost(units * _SECONDS_PER_UNIT, deepest_line)


def _steps(kind: type) -> Tuple[Tuple[str, int], ...]:
    """(field, how much deeper its nodes are) for a node type; `ctx` (Load, Store) has
    no text of its own."""
    bracketed = _BRACKETED.get(kind, ())
    trailed = _TRAILED.get(kind)
    return tuple(
        (name, _BRACKET_WEIGHT if name in bracketed else _TRAILER_WEIGHT if name == trailed else 1)
        for name in kind._fields
        if name != "ctx"
    )
