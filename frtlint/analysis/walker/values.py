"""The function walker's face data: which kind of face data an expression holds (image, template, match, ...)."""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst

from frtlint.analysis.facts import FaceValue, Origin
from frtlint.analysis.syntax import called_name, dotted, is_literal, literal, root_name
from frtlint.analysis.walker.support import (
    built_with_template,
    NOT_DATA_ATTRS,
    RESPONSE_BODY,
    RESPONSE_PARSERS,
    has_range_slice,
    opens_for_writing,
    path_key,
    slice_expressions,
    strongest,
    template_key,
)


class FaceValues:
    """Face data: which kind of face data an expression holds (image, template, match, ...).

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _is_whole_response(self, node: cst.BaseExpression) -> bool:
        """A cloud face API's reply or a face record as a whole (`resp`, `r.text`,
        `r.json()`, `json.loads(r.text)`), not a score or name read out of it."""
        if type(node) is cst.Await:
            return self._is_whole_response(node.expression)
        if type(node) is cst.Name:
            return node.value in self.responses
        if type(node) is cst.Attribute:
            return node.attr.value in RESPONSE_BODY and self._is_whole_response(node.value)
        if type(node) is not cst.Call:
            return False
        api, _ = self._classify(node)
        if api is not None and api.kind != "load":
            return api.output == "record" or self.catalog.is_cloud_api(api.name)
        name = called_name(node.func)
        if type(node.func) is cst.Attribute and name in RESPONSE_BODY:
            return self._is_whole_response(node.func.value)
        return name in RESPONSE_PARSERS and bool(node.args) and self._is_whole_response(node.args[0].value)

    def _opened_face_file(self, node: cst.Call) -> Optional[FaceValue]:
        """`open(path, "rb")` on a face image's file (a path given to a face API, or one a
        face image was written to here): the handle reads the face image (FRT104 uploads)."""
        if (dotted(node.func) or "") not in ("open", "io.open") or not node.args or opens_for_writing(node):
            return None
        first = node.args[0].value
        value = self._face_of(first) or self.written_images.get(path_key(first) or "")
        return FaceValue("image", value.origin) if value is not None and value.kind in ("image", "path") else None

    def _face_of(self, node: cst.BaseExpression) -> Optional[FaceValue]:
        if type(node) is cst.Name:
            if node.value in self.anonymised:
                return None
            return self.face.get(node.value) or self.seeds.get(node.value)
        if type(node) is cst.Attribute:
            text = dotted(node)
            if text and text in self.face:
                return self.face[text]
            if text and text in self.anonymised:
                return None
            if text and text in self.seeds and type(node.value) is cst.Name:
                return self.seeds[text]  # `self.frame` handed to a face API in this method
            attribute = node.attr.value
            if attribute in NOT_DATA_ATTRS:
                return None
            base = self._face_of(node.value)
            if base is None:
                return None
            return FaceValue(self._refine(base.kind, attribute), base.origin)
        if type(node) is cst.Subscript:
            base = self._face_of(node.value)
            index_values = [self._face_of(n) for n in slice_expressions(node)]
            if base is None:
                if any(v is not None and v.kind == "match" for v in index_values):
                    return next(v for v in index_values if v is not None and v.kind == "match")
                boxes = next((v for v in index_values if v is not None and v.kind == "boxes"), None)
                if boxes is not None and has_range_slice(node) and not self._is_anonymised_root(node):
                    span = self.position_of(node)
                    return FaceValue("image", Origin(span.line, span.column, "crop taken with face boxes"))
                return None
            if base.kind == "record":
                key = literal(node.slice[0].slice.value) if type(node.slice[0].slice) is cst.Index else None
                if isinstance(key, str):
                    return FaceValue(self._refine("record", key), base.origin)
            return base
        if type(node) is cst.Call:
            return self._face_of_call(node)
        if type(node) is cst.Await:
            return self._face_of(node.expression)
        if type(node) is cst.BinaryOperation:
            return strongest([self._face_of(node.left), self._face_of(node.right)])
        if type(node) is cst.Comparison:
            values = [self._face_of(node.left)] + [self._face_of(c.comparator) for c in node.comparisons]
            if any(v is not None and v.kind in ("match", "template") for v in values):
                found = strongest(values)
                return FaceValue("match", found.origin) if found else None
            return None
        if type(node) is cst.BooleanOperation:
            return strongest([self._face_of(node.left), self._face_of(node.right)])
        if type(node) is cst.UnaryOperation:
            return self._face_of(node.expression)
        if type(node) is cst.IfExp:
            return strongest([self._face_of(node.body), self._face_of(node.orelse)])
        if type(node) in (cst.Tuple, cst.List, cst.Set):
            return strongest([self._face_of(e.value) for e in node.elements])
        if type(node) is cst.Dict:
            found = strongest([self._face_of(e.value) for e in node.elements if type(e) is cst.DictElement])
            named = None if found is not None else template_key(node, self.catalog.words)
            if named is not None:
                span = self.position_of(named.key)
                return FaceValue("template", Origin(span.line, span.column, f"stored under the key {self.text_of(named.key)}"))
            scored = None if found is not None else self._match_score_key(node)
            if scored is not None:
                span = self.position_of(scored.key)
                return FaceValue("match", Origin(span.line, span.column, f"a recognition record with {self.text_of(scored.key)}"))
            return found
        if type(node) is cst.FormattedString:
            return strongest([self._face_of(p.expression) for p in node.parts if type(p) is cst.FormattedStringExpression])
        if type(node) in (cst.ListComp, cst.GeneratorExp, cst.SetComp):
            value = self._face_of(node.elt)
            return value or self._element_of(node.for_in.iter)
        if type(node) is cst.DictComp:
            return self._face_of(node.value) or self._element_of(node.for_in.iter)
        return None

    def _face_of_call(self, node: cst.Call) -> Optional[FaceValue]:
        if self._is_anonymiser_call(node):
            return None
        name = called_name(node.func)
        if name and self.catalog.encryption_pattern.search(name):
            carried = strongest([self._face_of(a.value) for a in node.args])
            if type(node.func) is cst.Attribute:
                carried = strongest([carried, self._face_of(node.func.value)])
            # Encryption protects a template; an encrypted raw image is still a kept image.
            return carried if carried is not None and carried.kind == "image" else None
        api, qualified = self._classify(node)
        if api is not None and api.kind != "load":
            span = self.position_of(node)
            return FaceValue(api.output, Origin(span.line, span.column, f"returned by {api.name}"))
        opened = self._opened_face_file(node)
        if opened is not None:
            return opened
        if (api is not None or self._is_reader(node)) and node.args and not opens_for_writing(node):
            source = self._face_of(node.args[0].value)
            if source is not None and source.kind in ("path", "image"):
                return FaceValue("image", source.origin)  # read from a face image's file
        arg_values = [self._face_of(a.value) for a in node.args]
        matches = [v for v in arg_values if v is not None and v.kind == "match"]
        if matches:
            return matches[0]
        compared = self._comparison_of(node, name, qualified, arg_values)
        if compared is not None:
            return compared
        func = node.func
        if type(func) is cst.Attribute:
            receiver = self._face_of(func.value)
            if receiver is not None:
                if receiver.kind == "match":
                    return receiver
                if func.attr.value in self.catalog.transform_methods:
                    return receiver
                return None
        name = called_name(func)
        if qualified in self.catalog.transform_calls or name in ("bytes", "bytearray", "str", "list", "tuple", "dict", "zip", "enumerate", "sorted", "reversed"):
            return strongest(arg_values)
        project_helper = name and not self.catalog.in_face_library(qualified)
        if project_helper and self.catalog.words.box_helper.search(name):
            found = strongest(arg_values)  # `convert_and_trim_bb(image, rect)` returns a box
            return FaceValue("boxes", found.origin) if found else None
        if project_helper and self.catalog.words.template_helper.fullmatch(name):
            span = self.position_of(node)  # `pipeline.get_embedding(face)`
            return FaceValue("template", Origin(span.line, span.column, f"returned by {name}(), named as a face embedding"))
        if project_helper and self.catalog.words.encoder_name.search(name):
            return strongest(arg_values)
        if project_helper and name[:1].isupper():
            return built_with_template(node, arg_values)
        return None

    def _match_score_key(self, node: cst.Dict) -> Optional[cst.DictElement]:
        """`{"entity": person_id, "similarity": score}`: a recognition outcome, by its score."""
        for element in node.elements:
            if type(element) is cst.DictElement and type(element.key) is cst.SimpleString:
                key = literal(element.key)
                if isinstance(key, str) and self.catalog.match_score_key_pattern.search(key):
                    return element
        return None

    def _comparison_of(
        self, node: cst.Call, name: str, qualified: Optional[str], arg_values: Sequence[Optional[FaceValue]]
    ) -> Optional[FaceValue]:
        """A match score: a distance over a face template (`cosine(known, probe)`), or a
        project helper named like a face matcher (`compare_embeddings(a, b)`)."""
        compares_templates = self.catalog.distance_pattern.search(name) and any(
            v is not None and v.kind == "template" for v in arg_values
        )
        project_helper = not self.catalog.in_face_library(qualified)
        if not compares_templates and not (project_helper and self.catalog.match_helper_pattern.search(name)):
            return None
        span = self.position_of(node)
        return FaceValue("match", Origin(span.line, span.column, f"face match decided by {name}()"))

    def _refine(self, kind: str, name: str) -> str:
        if kind in ("record", "template") and self.catalog.words.template_field.search(name):
            return "template"
        if kind in ("record", "image", "template") and self.catalog.words.box_field.match(name):
            return "boxes"
        if kind == "record" and self.catalog.words.match_field.search(name):
            return "match"
        return kind

    def _is_anonymised_root(self, node: cst.Subscript) -> bool:
        name = root_name(node)
        return bool(name and name in self.anonymised)

    def _overwrites_face_region(self, target: cst.Subscript, value: cst.BaseExpression) -> bool:
        if not has_range_slice(target):
            return False
        bounds = [self._face_of(n) for n in slice_expressions(target)]
        if not any(v is not None and v.kind == "boxes" for v in bounds):
            # In a helper the box arrives as a parameter: a blur over it still counts.
            from_params = any(self._param_root(n) for n in slice_expressions(target))
            if not (from_params and type(value) is cst.Call and self._is_anonymiser_call(value)):
                return False
        if type(value) is cst.Call and self._is_anonymiser_call(value):
            return True
        if type(value) is cst.Name and value.value in self.anonymised:
            return True
        if type(value) is cst.Call and called_name(value.func) == "resize" and value.args:
            first = value.args[0].value
            if type(first) is cst.Name and first.value in self.shrunk:
                return True  # scaled down, then back up over the face: pixelation
        constant = literal(value)
        return is_literal(constant) and isinstance(constant, (int, float, list, tuple))
