"""The function walker's seeding: values passed to face APIs are face data, and so are the names they were assigned from."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst

from frtlint.analysis.facts import FaceValue, Origin
from frtlint.analysis.syntax import called_name, dotted, is_literal, literal, names_in, root_name
from frtlint.analysis.tree import nodes_of_types
from frtlint.analysis.walker.support import (
    NOT_DATA_ATTRS,
    chain_base,
    image_args,
    self_attribute,
)


_SEEDED_KINDS = frozenset({cst.Call, cst.Assign, cst.AnnAssign, cst.WithItem})


class Seeding:
    """Seeding: values passed to face APIs are face data, and so are the names they were assigned from.

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _seed(self, body: Sequence[cst.CSTNode]) -> None:
        assignments: List[Tuple[List[str], cst.BaseExpression]] = []
        for node in nodes_of_types(body, _SEEDED_KINDS):
            kind = type(node)
            if kind is cst.Call:
                self._seed_call(node)
            elif kind is cst.Assign:
                targets = [n.value for t in node.targets for n in names_in(t.target)]
                assignments.append((targets, node.value))
                # Learn local object types first (`app = FaceAnalysis()`), so the
                # calls seeded below (`app.get(img)`) are recognised.
                type_name = self.resolver.type_of(node.value, self.types, self.class_name)
                if type_name and len(node.targets) == 1 and type(node.targets[0].target) is cst.Name:
                    self._learn_type(node.targets[0].target.value, type_name)
            elif kind is cst.AnnAssign and node.value is not None:
                assignments.append(([n.value for n in names_in(node.target)], node.value))
            elif kind is cst.WithItem and node.asname is not None:
                targets = [n.value for n in names_in(node.asname.name)]
                assignments.append((targets, node.item))
        changed = True
        while changed:
            changed = False
            for targets, value in assignments:
                seeded = [self.seeds[t] for t in targets if t in self.seeds]
                if not seeded:
                    continue
                if seeded[0].kind == "path" and not type(value) in (cst.Name, cst.Attribute):
                    continue
                source = self._backward_source(value)
                if source and source not in self.seeds:
                    kind = "path" if self._is_reader(value) or seeded[0].kind == "path" else "image"
                    self.seeds[source] = FaceValue(kind, seeded[0].origin)
                    changed = True
        edges: Set[Tuple[str, str]] = set()
        for targets, value in assignments:
            source = self._backward_source(value)
            if source:
                edges.update((target, source) for target in targets if target != source)
        if edges:
            self.facts.back_edges = tuple(sorted(edges))

    def _seed_call(self, node: cst.Call) -> None:
        api, qualified = self._classify(node)
        if api is None and qualified in self.catalog.reader_calls and node.args:
            return  # paths read into images are seeded backwards from the image
        if api is None:
            return
        span = self.position_of(node)
        kind = "path" if api.kind == "load" else "template" if api.input == "template" else "image"
        origin = Origin(span.line, span.column, f"passed to {api.name}")
        for arg in image_args(node, api, self.catalog.words):
            for name in names_in(arg.value):
                if name.value in ("self", "cls", "None", "True", "False"):
                    continue
                self.seeds.setdefault(name.value, FaceValue(kind, origin))
            attribute = self_attribute(arg.value)
            if attribute:
                self.seeds.setdefault(attribute, FaceValue(kind, origin))  # `self.frame`, shared by methods

    def _element_kinds(self, node: cst.BaseExpression) -> List[FaceValue]:
        """One value per kind among a literal container's elements (an INSERT's tuple)."""
        if type(node) in (cst.Tuple, cst.List, cst.Set):
            values = [self._face_of(e.value) for e in node.elements]
        elif type(node) is cst.Dict:
            values = [self._face_of(e.value) for e in node.elements if type(e) is cst.DictElement]
        else:
            return []
        by_kind: Dict[str, FaceValue] = {}
        for value in values:
            if value is not None:
                by_kind.setdefault(value.kind, value)
        return list(by_kind.values())

    def _param_root(self, node: cst.BaseExpression) -> Optional[str]:
        """The parameter whose value `node` carries (`img`, `img[y:y+h]`, `img.tobytes()`)."""
        if type(node) is cst.Call:
            if self._is_anonymiser_call(node):
                return None
            _, qualified = self._classify(node)
            name = called_name(node.func)
            is_transform = qualified in self.catalog.transform_calls or name in self.catalog.transform_methods or bool(self.catalog.words.encoder_name.search(name))
            if not is_transform:
                return None
            parts = [a.value for a in node.args]
            if type(node.func) is cst.Attribute:
                parts.insert(0, node.func.value)
            for part in parts:
                root = self._param_root(part)
                if root:
                    return root
            return None
        if type(node) is cst.Attribute and node.attr.value in NOT_DATA_ATTRS:
            return None  # `img.shape` carries no image
        if type(node) in (cst.Name, cst.Attribute, cst.Subscript):
            base = chain_base(node)
            if type(base) is cst.Call:
                return self._param_root(base)  # `cv2.imencode('.jpg', img)[1]`
            name = root_name(node)
            if name and name not in self.anonymised:
                return self.param_of.get(name)
        if type(node) in (cst.Tuple, cst.List):
            for element in node.elements:
                root = self._param_root(element.value)
                if root:
                    return root
        if type(node) is cst.Dict:
            for element in node.elements:
                if type(element) is cst.DictElement:
                    root = self._param_root(element.value)
                    if root:
                        return root
        return None

    def _param_roots(self, node: cst.BaseExpression) -> List[str]:
        """Every parameter a literal container carries (`(user_id, emb.tobytes())` for an
        INSERT), else the one `_param_root` finds."""
        if type(node) in (cst.Tuple, cst.List):
            parts = [e.value for e in node.elements]
        elif type(node) is cst.Dict:
            parts = [e.value for e in node.elements if type(e) is cst.DictElement]
        else:
            root = self._param_root(node)
            return [root] if root else []
        roots = [root for root in (self._param_root(part) for part in parts) if root]
        return list(dict.fromkeys(roots))

    def _is_reader(self, value: cst.BaseExpression) -> bool:
        if type(value) is cst.Await:
            value = value.expression
        if not type(value) is cst.Call:
            return False
        _, qualified = self._classify(value)
        return qualified in self.catalog.reader_calls or (dotted(value.func) or "") in ("open", "io.open")

    def _backward_source(self, value: cst.BaseExpression, depth: int = 0) -> Optional[str]:
        """For `x = f(y, ...)`, `x = y[...]`, `x = y.m()` the name y: x's source image.
        Through chains on a call's result too: `b64encode(imencode('.jpg', y)[1]).decode()`."""
        if type(value) is cst.Await:
            value = value.expression
        if depth > 6:
            return None
        if type(value) is cst.Call:
            api, qualified = self._classify(value)
            if api is not None and api.kind != "load":
                return None
            if self._is_reader(value) or (api is not None and api.kind == "load"):
                first = value.args[0].value if value.args else None
                return root_name(first) if type(first) in (cst.Name, cst.Attribute, cst.Subscript) else None
            if type(value.func) is cst.Attribute and type(value.func.value) in (cst.Name, cst.Subscript, cst.Attribute):
                base = chain_base(value.func.value)
                if type(base) is cst.Call:
                    found = self._backward_source(base, depth + 1)
                    if found:
                        return found
                name = root_name(value.func.value) if type(base) is cst.Name else None
                if name and name not in ("self", "cls") and name not in self.resolver.imports:
                    return name
            elif type(value.func) is cst.Attribute and type(value.func.value) is cst.Call:
                found = self._backward_source(value.func.value, depth + 1)
                if found:
                    return found
            for arg in value.args:
                if arg.keyword is None:
                    if is_literal(literal(arg.value)):
                        continue  # `cv2.imencode('.jpg', frame)`: the image is the next one
                    base = chain_base(arg.value)
                    if type(base) is cst.Call:
                        return self._backward_source(base, depth + 1)
                    name = root_name(arg.value)
                    return name if name and name not in self.resolver.imports else None
            return None
        if type(value) in (cst.Subscript, cst.Name):
            name = root_name(value)
            return name if name not in ("self", "cls") else None
        return None
