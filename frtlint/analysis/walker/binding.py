"""The function walker's binding: what an assignment, loop or `with` target holds afterwards."""

from __future__ import annotations

from typing import Optional, Tuple

import libcst as cst

from frtlint.analysis.facts import Atom, FaceValue, Origin
from frtlint.analysis.syntax import called_name, dotted, is_literal, literal, root_name
from frtlint.analysis.walker.support import (
    has_false_kw,
    has_range_slice,
    opens_for_writing,
    strongest,
)


class Binding:
    """Binding: what an assignment, loop or `with` target holds afterwards.

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression, guards: Tuple[Atom, ...] = ()) -> None:
        if type(target) in (cst.Tuple, cst.List) and type(value) in (cst.Tuple, cst.List) and len(target.elements) == len(value.elements):
            for t, v in zip(target.elements, value.elements):
                self._bind(t.value, v.value, guards)
            return
        if type(target) in (cst.Tuple, cst.List):
            face = self._face_of(value)
            for element in target.elements:
                self._bind_value(element.value, face, value)
            return
        if type(target) is cst.Subscript:
            self._bind_subscript(target, value, guards)
            return
        self._bind_value(target, self._face_of(value) or self._match_outcome(target, value, guards), value)

    def _match_outcome(self, target: cst.BaseExpression, value: cst.BaseExpression, guards: Tuple[Atom, ...]) -> Optional[FaceValue]:
        """A flag or name set to a literal where a face decided (`authorized = True` in
        `if True in matches:`, `name = "Unknown"` in its else) carries the match's
        outcome; so does a later literal reset of a name that already carries one."""
        constant = literal(value)
        empty = isinstance(constant, (list, tuple, dict)) and not constant  # `results = []` after a failure
        if type(target) not in (cst.Name, cst.Attribute) or not (constant is None or isinstance(constant, (bool, str)) or empty):
            return None
        decided_by = next((g for g in reversed(guards) if g.face), None)
        if decided_by is not None:
            return FaceValue("match", Origin(decided_by.line, 1, "set where a face match was decided"))
        known = self.face.get(dotted(target) or "")
        return known if known is not None and known.kind == "match" else None

    def _bind_value(self, target: cst.BaseExpression, face: Optional[FaceValue], value: Optional[cst.BaseExpression]) -> None:
        if type(target) is cst.StarredElement:
            target = target.value
        name = dotted(target)
        if name is None:
            return
        self._bind_path(name, value)
        if value is not None and type(target) is cst.Name:
            self._link_forward(name, value)
        if value is not None and self._is_whole_response(value):
            self.responses.add(name)
        else:
            self.responses.discard(name)
        if value is not None:
            constant = literal(value, self.constants)
            if is_literal(constant) and type(target) is cst.Name:
                self.constants[name] = constant
                if constant is True:
                    self.trivial.add(name.lower())
            else:
                self.constants.pop(name, None)
            type_name = self.resolver.type_of(value, self.types, self.class_name)
            if type_name:
                self._learn_type(name, type_name)
            if type(value) is cst.Call:
                qualified = self._qualified_text(value)
                if qualified.split(".")[-1] == "open" and opens_for_writing(value):
                    self.opened[name] = "open"
                if qualified in self.catalog.temp_files and not has_false_kw(value, "delete"):
                    self.temp_names.add(name)
                if qualified.split(".")[-1] == "resize":
                    first = value.args[0].value if value.args else None
                    if type(first) is cst.Name and first.value in self.shrunk:
                        # scaled down, then back up: a pixelated copy, no longer identifiable
                        self.face.pop(name, None)
                        self.anonymised.add(name)
                        return
                    self.shrunk.add(name)
                if qualified.split(".")[-1] == "open" and opens_for_writing(value) and value.args:
                    target_path = self._face_of(value.args[0].value)
                    if target_path is not None and target_path.kind == "path":
                        self.face_files[name] = target_path
                if self._is_anonymiser_call(value):
                    self.face.pop(name, None)
                    self.param_of.pop(name, None)
                    self.anonymised.add(name)
                    return
        if face is not None:
            self.face[name] = face
            self.anonymised.discard(name)
            owner = root_name(target) if type(target) is cst.Attribute else None
            if face.kind == "template" and owner and owner not in ("self", "cls"):
                # `row.embedding = emb`: saving the row (`row.save()`) stores the template.
                self.face[owner] = strongest([self.face.get(owner), face]) or face
        else:
            self.face.pop(name, None)
        carried = self._param_root(value) if value is not None and face is None else None
        if carried:
            self.param_of[name] = carried
        else:
            self.param_of.pop(name, None)

    def _bind_subscript(self, target: cst.Subscript, value: cst.BaseExpression, guards: Tuple[Atom, ...]) -> None:
        base = dotted(target.value)
        if base is None:
            return
        self.constants.pop(base, None)  # `store[key] = value`: no longer the literal it was
        # `frame[t:b, l:r] = blurred` over face boxes anonymises the frame.
        if self._overwrites_face_region(target, value):
            self.face.pop(base, None)
            self.anonymised.add(base)
            return
        if has_range_slice(target) and type(value) is cst.Call and self._is_anonymiser_call(value):
            self.region_blurred.add(base)  # boxes from elsewhere: not taken as kept by destination
        qualified, _ = self.resolver.qualify(target.value, self.types, self.class_name)
        if qualified in self.catalog.session_objects or base in self.catalog.session_objects or base.endswith(".session"):
            key = literal(target.slice[0].slice.value) if type(target.slice[0].slice) is cst.Index else None
            if isinstance(key, str):
                self._record_session_set(target, value, key, guards)
            return
        face = self._face_of(value)
        if face is not None:
            self.face[base] = strongest([self.face.get(base), face]) or face

    def _bind_loop(self, target: cst.BaseExpression, iterable: cst.BaseExpression, element: Optional[FaceValue]) -> None:
        if type(iterable) is cst.Call and type(target) in (cst.Tuple, cst.List):
            name = called_name(iterable.func)
            positional = [a.value for a in iterable.args if a.keyword is None]
            if name == "zip" and len(positional) == len(target.elements):
                for t, source in zip(target.elements, positional):
                    self._bind_value(t.value, self._element_of(source), None)
                return
            if name == "enumerate" and len(target.elements) == 2 and positional:
                self._bind_value(target.elements[1].value, self._element_of(positional[0]), None)
                return
        if type(target) in (cst.Tuple, cst.List):
            for element_node in target.elements:
                self._bind_loop(element_node.value, iterable, element)
            return
        self._bind_value(target, element, None)
