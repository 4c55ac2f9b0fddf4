"""The function walker's statements: one handler per statement kind, each saying whether it leaves the block."""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence, Tuple

import libcst as cst

from frtlint.analysis.facts import Atom
from frtlint.analysis.syntax import always_exits, called_name, dotted, literal, names_in, root_name, words_of
from frtlint.analysis.walker.support import FILLERS, decorator_target, param_defaults, strongest


class Statements:
    """Statements: one handler per statement kind, each saying whether it leaves the block.

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _block(self, statements: Sequence[cst.CSTNode], guards: Tuple[Atom, ...]) -> bool:
        current = list(guards)
        exits = False
        for statement in statements:
            exits = self._statement(statement, current) or exits
        return exits

    # Each statement handler walks one kind of statement and says whether it always
    # leaves the block (return, raise, break, ...); it may append to `guards` the
    # conditions known to hold after it (`if not ok: return` leaves `ok` true).
    def _statement(self, node: cst.CSTNode, guards: List[Atom]) -> bool:
        handler = _STATEMENT_HANDLERS.get(type(node))
        if handler is not None:
            return handler(self, node, guards)
        if isinstance(node, cst.BaseSmallStatement):
            return self._small(node, guards)  # the body of `if ok: cv2.imwrite(p, frame)`
        return False

    def _simple_line(self, node: cst.SimpleStatementLine, guards: List[Atom]) -> bool:
        exits = False
        for small in node.body:
            exits = self._small(small, guards) or exits
        return exits

    def _for(self, node: cst.For, guards: List[Atom]) -> bool:
        here = tuple(guards)
        self._expr(node.iter, here)
        element = self._element_of(node.iter)
        self._bind_loop(node.target, node.iter, element)
        self._bind_listing(node.target, node.iter)
        loop_guards = here
        if element is not None and element.kind == "match":
            line = self.position_of(node).line
            loop_guards = here + (Atom(frozenset(words_of(node.iter)), True, True, False, line, "loop"),)
        self._block(node.body.body, loop_guards)
        if node.orelse is not None:
            self._block(node.orelse.body.body, here)
        return False

    def _while(self, node: cst.While, guards: List[Atom]) -> bool:
        here = tuple(guards)
        self._expr(node.test, here)
        line = self.position_of(node).line
        self._block(node.body.body, here + tuple(self._atoms(node.test, True, line, "if")))
        if node.orelse is not None:
            self._block(node.orelse.body.body, here)
        return False

    def _with(self, node: cst.With, guards: List[Atom]) -> bool:
        here = tuple(guards)
        for item in node.items:
            self._expr(item.item, here)
            if item.asname is not None:
                self._bind(item.asname.name, item.item)
        return self._block(node.body.body, here)

    def _function_statement(self, node: cst.FunctionDef, guards: List[Atom]) -> bool:
        self._nested_function(node, tuple(guards))
        return False

    def _class_statement(self, node: cst.ClassDef, guards: List[Atom]) -> bool:
        return False  # classes are walked by the module pass

    def _match_statement(self, node: cst.Match, guards: List[Atom]) -> bool:
        here = tuple(guards)
        for case in node.cases:
            self._block(case.body.body, here)
        return False

    def _indented_block(self, node: cst.IndentedBlock, guards: List[Atom]) -> bool:
        return self._block(node.body, tuple(guards))

    def _small(self, small: cst.BaseSmallStatement, guards: List[Atom]) -> bool:
        handler = _SMALL_STATEMENT_HANDLERS.get(type(small))
        return handler(self, small, guards) if handler is not None else False

    def _expression_statement(self, small: cst.Expr, guards: List[Atom]) -> bool:
        self._expr(small.value, tuple(guards), statement=True)
        call = small.value
        if type(call) is not cst.Call:
            return False
        self._fill_container(call)
        self._mask_with_rectangle(call)
        name = called_name(call.func)
        if self.catalog.consent_assertion_pattern.search(name) or name in self.catalog.consent_names:
            line = self.position_of(call).line
            guards.append(Atom(frozenset({name.lower()}), True, False, False, line, "call"))
        return name in {"abort", "exit", "_exit"}

    def _assign(self, small: cst.Assign, guards: List[Atom]) -> bool:
        here = tuple(guards)
        recorded = len(self.facts.calls)
        self._expr(small.value, here)
        self._note_assigned(small, recorded)
        for target in small.targets:
            self._bind(target.target, small.value, here)
        return False

    def _annotated_assign(self, small: cst.AnnAssign, guards: List[Atom]) -> bool:
        if small.value is not None:
            here = tuple(guards)
            self._expr(small.value, here)
            self._bind(small.target, small.value, here)
        return False

    def _augmented_assign(self, small: cst.AugAssign, guards: List[Atom]) -> bool:
        self._expr(small.value, tuple(guards))
        value = self._face_of(small.value)
        name = dotted(small.target)
        if name and value is not None:
            self.face[name] = strongest([self.face.get(name), value]) or value
        return False

    def _return(self, small: cst.Return, guards: List[Atom]) -> bool:
        if small.value is not None:
            here = tuple(guards)
            self._expr(small.value, here)
            self._record_literal_return(small, small.value, here)
            self._note_returned_match(small.value, here)
            returned = self._face_of(small.value)
            if returned is not None and returned.kind == "image":
                self.facts.returns_image = True  # a crop, a frame: callers hold a face image
        self.returns_after.append(self.position_of(small).line)
        return True

    def _raise(self, small: cst.Raise, guards: List[Atom]) -> bool:
        if small.exc is not None:
            self._expr(small.exc, tuple(guards))
        self.returns_after.append(self.position_of(small).line)
        return True

    def _leave_loop(self, small: cst.BaseSmallStatement, guards: List[Atom]) -> bool:
        return True  # continue, break

    def _assert(self, small: cst.Assert, guards: List[Atom]) -> bool:
        self._expr(small.test, tuple(guards))
        guards.extend(self._atoms(small.test, True, self.position_of(small).line, "assert"))
        return False

    def _mask_with_rectangle(self, call: cst.Call) -> None:
        """`cv2.rectangle(img, (l, t), (r, b), color, -1)` over a face box masks it."""
        if called_name(call.func) != "rectangle" or not call.args:
            return
        filled = False
        for index, arg in enumerate(call.args):
            if (arg.keyword is None and index == 4) or (arg.keyword is not None and arg.keyword.value == "thickness"):
                filled = literal(arg.value) == -1 or (dotted(arg.value) or "").endswith("FILLED")
        boxes = any(
            v is not None and v.kind == "boxes"
            for a in call.args[1:3] for v in (self._face_of(n) for n in names_in(a.value))
        )
        image = root_name(call.args[0].value)
        if filled and boxes and image:
            self.face.pop(image, None)
            self.anonymised.add(image)

    def _fill_container(self, call: cst.Call) -> None:
        """`known.append(encoding)` makes `known` hold face data."""
        if not type(call.func) is cst.Attribute or call.func.attr.value not in FILLERS:
            return
        target = dotted(call.func.value) or root_name(call.func.value)  # buf[k].append, buf.setdefault(k, []).append
        if target is None:
            return
        self.constants.pop(target, None)
        value = strongest([self._face_of(a.value) for a in call.args])
        if value is not None:
            self.face[target] = strongest([self.face.get(target), value]) or value

    def _if(self, node: cst.If, guards: List[Atom]) -> bool:
        here = tuple(guards)
        line = self.position_of(node).line
        self._expr(node.test, here)
        # Both readings of the test see the same state: whether each part depends on a
        # face match is worked out once for the two.
        face_parts: Dict[int, bool] = {}

        def is_face(part: cst.BaseExpression) -> bool:
            known = face_parts.get(id(part))
            if known is None:
                known = face_parts[id(part)] = self._is_face_condition(part)
            return known

        body_guards = here + tuple(self._atoms(node.test, True, line, "if", is_face))
        else_guards = here + tuple(self._atoms(node.test, False, line, "if", is_face))
        body_exits = self._block(node.body.body, body_guards)
        else_exits = False
        if type(node.orelse) is cst.If:
            else_list = list(else_guards)
            else_exits = self._if(node.orelse, else_list)
        elif type(node.orelse) is cst.Else:
            else_exits = self._block(node.orelse.body.body, else_guards)
        body_exits = body_exits or always_exits(node.body)
        if body_exits and not else_exits:
            guards.extend(self._atoms(node.test, False, line, "if"))
        elif else_exits and not body_exits:
            guards.extend(self._atoms(node.test, True, line, "if"))
        return body_exits and else_exits

    def _try(self, node, guards: List[Atom]) -> bool:
        here = tuple(guards)
        marker = id(node)
        self.try_stack.append(marker)
        exits = self._block(node.body.body, here)
        self.try_stack.pop()
        for handler in node.handlers:
            self._block(handler.body.body, here)
        if node.orelse is not None:
            self._block(node.orelse.body.body, here)
        if node.finalbody is not None:
            self.finally_of.append(marker)
            self._block(node.finalbody.body.body, here)
            self.finally_of.pop()
        return exits and not node.handlers

    def _nested_function(self, node: cst.FunctionDef, guards: Tuple[Atom, ...]) -> None:
        line = self.position_of(node).line
        extra = tuple(
            Atom(frozenset({(dotted(decorator_target(d.decorator)) or "").split(".")[-1].lower()}), True, False, False, line, "decorator")
            for d in node.decorators
        )
        for param in param_defaults(node).values():
            if param is not None:
                self._expr(param, guards)
        body = node.body.body if type(node.body) is cst.IndentedBlock else [node.body]
        self._block(body, guards + extra)


_STATEMENT_HANDLERS: Dict[type, Callable[..., bool]] = {
    cst.SimpleStatementLine: Statements._simple_line,
    cst.If: Statements._if,
    cst.For: Statements._for,
    cst.While: Statements._while,
    cst.Try: Statements._try,
    cst.With: Statements._with,
    cst.FunctionDef: Statements._function_statement,
    cst.ClassDef: Statements._class_statement,
    cst.Match: Statements._match_statement,
    cst.IndentedBlock: Statements._indented_block,
}
if hasattr(cst, "TryStar"):  # `try: ... except* E:` (LibCST 1.x on Python 3.11+)
    _STATEMENT_HANDLERS[cst.TryStar] = Statements._try

_SMALL_STATEMENT_HANDLERS: Dict[type, Callable[..., bool]] = {
    cst.Expr: Statements._expression_statement,
    cst.Assign: Statements._assign,
    cst.AnnAssign: Statements._annotated_assign,
    cst.AugAssign: Statements._augmented_assign,
    cst.Return: Statements._return,
    cst.Raise: Statements._raise,
    cst.Continue: Statements._leave_loop,
    cst.Break: Statements._leave_loop,
    cst.Assert: Statements._assert,
}
