"""The function walker's file paths: the shapes of paths that hold face images, and where they flow."""

from __future__ import annotations

from typing import Dict, Optional, Set, Tuple

import libcst as cst

from frtlint.analysis.facts import FaceValue
from frtlint.analysis.syntax import called_name, dotted, is_literal, literal, names_in, root_name
from frtlint.analysis.walker.support import chain_base, image_args, opens_for_writing, strongest
from frtlint.catalog import ApiSpec, SinkSpec


class FilePaths:
    """File paths: the shapes of paths that hold face images, and where they flow.

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _qualified_text(self, node: cst.Call) -> str:
        return self._callee(node)[0] or dotted(node.func) or ""

    def _bind_path(self, name: str, value: Optional[cst.BaseExpression]) -> None:
        """Keep the path shape and the read file's shape a name holds after this binding."""
        self._hold_shape(self.path_names, name, self.shape_of(value) if value is not None else None)
        self._hold_shape(self.read_names, name, self._read_shape(value) if value is not None else None)
        if type(value) is cst.Call and opens_for_writing(value) and value.args and self._is_reader(value):
            written = self.shape_of(value.args[0].value)
            if written is not None:
                self.open_shapes[name] = (written, self.text_of(value.args[0].value))

    def _link_forward(self, name: str, value: cst.BaseExpression) -> None:
        """`small = cv2.resize(frame)`, `face = crop_face(frame)`: what `name` now carries."""
        if type(value) is cst.Await:
            value = value.expression
        if type(value) is cst.Call:
            site = self._sites.get(id(value))
            if site is not None and site.api is None:
                site.result = name  # a project function that returns a face image makes it one
        source = self._carried_local(value)
        if source and source != name:
            self.forward_edges.add((name, source))

    def _carried_local(self, node: cst.BaseExpression, depth: int = 0) -> Optional[str]:
        """The local name whose image `node` still is (transforms and crops, not fields)."""
        if depth > 8:
            return None
        if type(node) is cst.Call:
            if self._is_anonymiser_call(node):
                return None
            _, qualified = self._classify(node)
            name = called_name(node.func)
            if not (qualified in self.catalog.transform_calls or name in self.catalog.transform_methods):
                return None
            parts = [a.value for a in node.args if not is_literal(literal(a.value))]
            if type(node.func) is cst.Attribute:
                parts.insert(0, node.func.value)
            for part in parts:
                found = self._carried_local(part, depth + 1)
                if found:
                    return found
            return None
        if type(node) in (cst.Name, cst.Subscript):
            base = chain_base(node)
            if type(base) is cst.Call:
                return self._carried_local(base, depth + 1)
            name = root_name(node)
            return name if name and name not in ("self", "cls") and name not in self.resolver.imports else None
        return None

    def _bind_listing(self, target: cst.BaseExpression, iterable: cst.BaseExpression) -> None:
        """`for path in folder.glob('*.jpg')`: each path lies in that folder."""
        shape = self.shape_of.listing(iterable)
        if shape is None:
            return
        if type(target) in (cst.Tuple, cst.List) and target.elements:
            target = target.elements[0].value  # `for root, dirs, files in os.walk(folder)`
        if type(target) is cst.Name:
            self._hold_shape(self.path_names, target.value, shape)

    def _hold_shape(self, names: Dict[str, str], name: str, shape: Optional[str]) -> None:
        """Record that `name` now holds a path (or file content) of `shape`; None: no longer any."""
        if shape is None:
            names.pop(name, None)
            return
        names[name] = shape
        self.shapes_seen.setdefault(name, set()).add(shape)

    def _read_shape(self, node: cst.BaseExpression, depth: int = 0) -> Optional[str]:
        """The shape of the file whose content `node` carries (`open(p, 'rb').read()`)."""
        if depth > 8:
            return None
        kind = type(node)
        if kind is cst.Await:
            return self._read_shape(node.expression, depth + 1)
        if kind is cst.Name:
            return self.read_names.get(node.value)
        if kind is cst.Attribute:
            text = dotted(node)
            return self.read_names.get(text) if text else None
        if kind is cst.Subscript:
            return self._read_shape(node.value, depth + 1)
        if kind in (cst.Tuple, cst.List, cst.Set):
            for element in node.elements:
                found = self._read_shape(element.value, depth + 1)
                if found:
                    return found
            return None
        if kind is cst.Dict:
            for element in node.elements:
                if type(element) is cst.DictElement:
                    found = self._read_shape(element.value, depth + 1)
                    if found:
                        return found
            return None
        if kind is not cst.Call:
            return None
        api, _ = self._classify(node)
        if api is not None and api.kind != "load":
            return None  # an embedding or a match is not the file's content
        if self._is_anonymiser_call(node):
            return None
        if self._is_reader(node) or api is not None:
            if opens_for_writing(node) or not node.args:
                return None
            return self.shape_of(node.args[0].value)
        if type(node.func) is cst.Attribute:
            found = self._read_shape(node.func.value, depth + 1)
            if found:
                return found
        first = next((a.value for a in node.args if a.keyword is None), None)
        return self._read_shape(first, depth + 1) if first is not None else None

    def _face_path_args(self, node: cst.Call, api: ApiSpec) -> None:
        """Files a face API reads: `load_image_file('temp.jpg')`, `files={'image_file': open(p, 'rb')}`."""
        line = self.position_of(node).line
        for arg in image_args(node, api, self.catalog.words):
            for shape in (self.shape_of(arg.value), self._read_shape(arg.value)):
                if shape is not None:
                    self.face_paths.setdefault(shape, line)

    def _sink_path(self, node: cst.Call, spec: SinkSpec, receiver: str) -> Tuple[Optional[str], Optional[str], bool]:
        """(shape, source text) of where a persisting call writes, and whether what it
        writes went through an anonymiser (then where it goes does not matter)."""
        masked = self.anonymised | self.region_blurred
        position = 0
        target: Optional[cst.BaseExpression] = None
        hidden = False
        for arg in node.args:
            if arg.keyword is None:
                if position in spec.data and (self._is_masked(arg.value, masked) or self._is_constant(arg.value)):
                    hidden = True
                if position in spec.path and target is None:
                    target = arg.value
                position += 1
            elif (arg.keyword.value in spec.keywords or "*" in spec.keywords) and self._is_masked(arg.value, masked):
                hidden = True
        if spec.receiver and type(node.func) is cst.Attribute and self._is_masked(node.func.value, masked):
            hidden = True
        if target is not None:
            return self.shape_of(target), self.text_of(target), hidden
        if spec.receiver_from and receiver in self.open_shapes:
            return self.open_shapes[receiver][0], self.open_shapes[receiver][1], hidden
        return None, None, hidden

    def _is_constant(self, node: cst.BaseExpression) -> bool:
        """Data built only from constants (`pickle.dumps({})`): no image from anywhere."""
        if is_literal(literal(node, self.constants)):
            return True
        names = [n.value for n in names_in(node)]
        return bool(names) and all(
            n in self.constants or n in self.resolver.imports or n in ("str", "bytes", "dict", "list") for n in names
        )

    def _is_masked(self, node: cst.BaseExpression, masked: Set[str]) -> bool:
        if type(node) is cst.Call:
            return self._is_anonymiser_call(node)
        name = root_name(node) if type(node) in (cst.Name, cst.Attribute, cst.Subscript) else None
        return bool(name and name in masked)

    def _element_of(self, iterable: cst.BaseExpression) -> Optional[FaceValue]:
        if type(iterable) is cst.Call:
            name = called_name(iterable.func)
            if name in ("zip", "enumerate", "reversed", "sorted", "list"):
                return strongest([self._face_of(a.value) for a in iterable.args])
            if name in ("range", "len"):
                return None
        return self._face_of(iterable)
