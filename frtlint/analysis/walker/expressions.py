"""The function walker's expressions: every call is recorded with the guards that hold where it runs."""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

import libcst as cst

from frtlint.analysis.conditions import atoms_of
from frtlint.analysis.facts import Atom, KeyRead
from frtlint.analysis.syntax import iter_nodes, literal
from frtlint.analysis.tree import children


class Expressions:
    """Expressions: every call is recorded with the guards that hold where it runs.

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _expr(self, node: cst.BaseExpression, guards: Tuple[Atom, ...], statement: bool = False) -> None:
        """Record every call in `node` with the guards that hold where it runs."""
        kind = type(node)
        if kind is cst.Call:
            self._call_expression(node, guards, statement)
            return
        handler = _EXPRESSION_HANDLERS.get(kind)
        if handler is not None:
            handler(self, node, guards)
            return
        if kind is cst.Subscript:
            self._key_read(node)
        elif kind is cst.Comparison:
            self._key_compared(node)
            self._match_compared(node)
        for child in children(node):
            self._expr_or_parts(child, guards)

    def _call_expression(self, node: cst.Call, guards: Tuple[Atom, ...], statement: bool) -> None:
        self._record_call(node, guards, statement)
        self._expr(node.func, guards)
        for arg in node.args:
            self._expr(arg.value, guards)

    def _boolean_operation(self, node: cst.BooleanOperation, guards: Tuple[Atom, ...]) -> None:
        """`ok and grant()`: the right side runs only when the left is true (or false, for `or`)."""
        self._expr(node.left, guards)
        line = self.position_of(node).line
        truth = type(node.operator) is cst.And
        self._expr(node.right, guards + tuple(self._atoms(node.left, truth, line, "if")))

    def _conditional_expression(self, node: cst.IfExp, guards: Tuple[Atom, ...]) -> None:
        line = self.position_of(node).line
        self._expr(node.test, guards)
        self._expr(node.body, guards + tuple(self._atoms(node.test, True, line, "if")))
        self._expr(node.orelse, guards + tuple(self._atoms(node.test, False, line, "if")))

    def _lambda(self, node: cst.Lambda, guards: Tuple[Atom, ...]) -> None:
        self._expr(node.body, guards)

    def _comprehension(self, node: cst.BaseComp, guards: Tuple[Atom, ...]) -> None:
        comp_guards = guards
        clause = node.for_in
        while clause is not None:
            self._expr(clause.iter, comp_guards)
            self._bind_loop(clause.target, clause.iter, self._element_of(clause.iter))
            line = self.position_of(clause).line
            for condition in clause.ifs:
                self._expr(condition.test, comp_guards)
                comp_guards = comp_guards + tuple(self._atoms(condition.test, True, line, "if"))
            clause = clause.inner_for_in
        if type(node) is cst.DictComp:
            self._expr(node.key, comp_guards)
            self._expr(node.value, comp_guards)
        else:
            self._expr(node.elt, comp_guards)

    def _expr_or_parts(self, node: cst.CSTNode, guards: Tuple[Atom, ...]) -> None:
        """Walk an expression, or the expressions inside an Arg/Element/Slice/... wrapper."""
        if isinstance(node, cst.BaseExpression):
            self._expr(node, guards)
            return
        for child in children(node):
            self._expr_or_parts(child, guards)

    def _key_read(self, node: cst.Subscript) -> None:
        if len(node.slice) != 1 or not type(node.slice[0].slice) is cst.Index:
            return
        key = literal(node.slice[0].slice.value)
        if isinstance(key, str) and self.catalog.sensitive_category(key):
            span = self.position_of(node)
            self.facts.key_reads.append(KeyRead(span, key, self.text_of(node), self._face_of(node.value) is not None))

    def _key_compared(self, node: cst.Comparison) -> None:
        """`column == "dominant_race"`: code that picks a sensitive attribute by name (FRT301)."""
        if len(node.comparisons) != 1 or type(node.comparisons[0].operator) not in (cst.Equal, cst.NotEqual):
            return
        key = literal(node.comparisons[0].comparator)
        if isinstance(key, str) and self.catalog.sensitive_category(key):
            span = self.position_of(node)
            self.facts.key_reads.append(KeyRead(span, key, self.text_of(node), self._face_of(node.left) is not None))

    def _match_compared(self, node: cst.Comparison) -> None:
        """`conf < 70`, `min(distances) <= 0.5`: a face match score held against a threshold (FRT502)."""
        ordering = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual)
        if any(type(c.operator) in ordering for c in node.comparisons) and self._is_face_condition(node):
            self.facts.match_comparisons.append(self.position_of(node).line)

    def _atoms(
        self, test: cst.BaseExpression, truth: bool, line: int, source: str,
        is_face: Optional[Callable[[cst.BaseExpression], bool]] = None,
    ) -> List[Atom]:
        return atoms_of(
            test, truth, line, source, is_face or self._is_face_condition, frozenset(self.trivial), self.text_of,
            self.catalog.unknown_names,
        )

    def _is_face_condition(self, test: cst.BaseExpression) -> bool:
        for node in iter_nodes(test):
            if type(node) is cst.Call:
                api, _ = self._classify(node)
                if api is not None and api.kind in ("verify", "identify"):
                    return True
            if type(node) in (cst.Name, cst.Attribute, cst.Subscript, cst.Call):
                value = self._face_of(node)
                if value is not None and value.kind == "match":
                    return True
        return False


# Expressions whose parts run under different guards; every other expression is walked
# child by child (`_expr`).
_EXPRESSION_HANDLERS: Dict[type, Callable[..., None]] = {
    cst.BooleanOperation: Expressions._boolean_operation,
    cst.IfExp: Expressions._conditional_expression,
    cst.Lambda: Expressions._lambda,
    cst.ListComp: Expressions._comprehension,
    cst.SetComp: Expressions._comprehension,
    cst.GeneratorExp: Expressions._comprehension,
    cst.DictComp: Expressions._comprehension,
}
