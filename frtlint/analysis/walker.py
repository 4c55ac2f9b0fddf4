"""The per-function pass: face-data flow, guards and call sites, in source order.

A function body is interpreted statement by statement. Along the way the walker keeps
which local names hold face data (and where it came from), which conditions hold on
the current path (guards), and records every call with that context.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from frtlint.analysis.conditions import atoms_of
from frtlint.analysis.facts import Atom, CallSite, FaceArg, FaceValue, FunctionFacts, KeyRead, Origin, Span
from frtlint.analysis.path_shapes import ShapeOf
from frtlint.analysis.resolver import Resolver
from frtlint.analysis.tree import children
from frtlint.analysis.syntax import (
    always_exits,
    dotted,
    is_literal,
    iter_nodes,
    literal,
    names_in,
    root_name,
    words_of,
)
from frtlint.catalog import ApiSpec, Catalog, SinkSpec

PositionOf = Callable[[cst.CSTNode], Span]

# Strongest first: a container holding an image is an image.
_KIND_RANK = {"image": 6, "template": 5, "record": 4, "match": 3, "boxes": 2, "path": 1}
_TEMPLATE_ATTRS = re.compile(r"(embedding|encoding|descriptor|feature|feat|vector|template)", re.I)
_BOX_ATTRS = re.compile(r"^(bbox|box|boxes|kps|landmarks?|location|locations|rect|facial_area|region|boundingbox|det_score|detection|face_rectangle|left|top|right|bottom|width|height|x|y|w|h)$", re.I)
_MATCH_KEYS = re.compile(r"(facematches|matches|verified|similarity|distance|confidence|score|identity|user_list|results?|is_match)", re.I)
# Dict keys that name face templates (`{"names": n, "encodings": e}`) and project helpers
# whose name says they return one (`get_embedding(face)`).
_TEMPLATE_KEY = re.compile(r"(known_)?(face_?)?(encodings|embeddings)|face_?(encoding|embedding|descriptor|template)s?|embedding", re.I)
_EMBEDDER_NAME = re.compile(r"_?((get|compute|extract|calc|calculate|generate|make)_?)?(face_?(embedding|encoding|descriptor)s?|embeddings?)|_?embed(_?faces?)?", re.I)
# A face API reply's body (`r.text`, `r.json()`) and parsers that keep it whole (FRT102).
_RESPONSE_BODY = frozenset({"text", "content", "json"})
_RESPONSE_PARSERS = frozenset({"loads", "dumps", "str", "repr", "dict", "pformat"})
_FILLERS = frozenset({"append", "extend", "add", "insert", "update", "appendleft", "setdefault"})
# Keyword arguments of face APIs that carry the image or template itself.
_IMAGE_KEYWORD = re.compile(r"(img|image|photo|frame|face|bytes|file|data|picture|encoding|source|target|probe|known)", re.I)
_ID_KEYWORD = re.compile(r"(id|ids|token|field|type|name|path_prefix|collection|group|threshold)$", re.I)
_NOT_DATA_ATTRS = frozenset({"shape", "size", "dtype", "ndim", "len", "__len__", "mode", "format"})
_BOX_HELPER = re.compile(r"(^|_)(bb|bbox|box(es)?|rect|rects|coords?|location|landmarks?|keypoints?)($|_)|(bbox|Box|Rect|Coords)", re.I)
_ENCODER_NAME = re.compile(r"(encode|b64|base64|bytes|jpe?g|png|crop|resize|convert|align|preprocess|normali[sz]e|^to_|serialize)", re.I)
# Keyword arguments of face APIs that configure the call rather than carry face data.
_CONFIG_KEYWORDS = frozenset(
    {
        "tolerance", "model", "model_name", "actions", "threshold", "detector_backend",
        "enforce_detection", "number_of_times_to_upsample", "num_jitters", "distance_metric",
        "collectionid", "maxfaces", "facematchthreshold", "similaritythreshold", "qualityfilter",
        "attributes", "externalimageid", "return_face_attributes", "return_face_id",
        "recognition_model", "detection_model", "options", "group_id_list", "db_path",
        "scalefactor", "minneighbors", "minsize", "flags", "silent", "align", "expand_percentage",
    }
)


def _rank(value: Optional[FaceValue]) -> int:
    return _KIND_RANK.get(value.kind, 0) if value else 0


def _strongest(values: Sequence[Optional[FaceValue]]) -> Optional[FaceValue]:
    best: Optional[FaceValue] = None
    for value in values:
        if value is not None and _rank(value) > _rank(best):
            best = value
    return best


def _image_args(node: cst.Call, api: ApiSpec) -> Iterator[cst.Arg]:
    """The arguments of a face API call that carry the image (two for a 1:1 verify)."""
    image_positions = (0, 1) if api.kind == "verify" else (0,)
    position = 0
    for arg in node.args:
        if arg.keyword is None:
            carries = position in image_positions
            position += 1
        else:
            keyword = arg.keyword.value
            carries = keyword.lower() not in _CONFIG_KEYWORDS and bool(_IMAGE_KEYWORD.search(keyword)) and not _ID_KEYWORD.search(keyword)
        if carries:
            yield arg


class FunctionWalker:
    """Walks one function (or the module's top-level code) and fills FunctionFacts."""

    def __init__(
        self,
        resolver: Resolver,
        catalog: Catalog,
        position_of: PositionOf,
        facts: FunctionFacts,
        class_name: Optional[str],
        params: Mapping[str, Optional[cst.BaseExpression]],
        base_guards: Tuple[Atom, ...] = (),
        text_of: Optional[Callable[[cst.CSTNode], str]] = None,
    ) -> None:
        self.resolver = resolver
        self.text_of = text_of or _text
        self.catalog = catalog
        self.position_of = position_of
        self.facts = facts
        self.class_name = class_name
        self.types: Dict[str, str] = {}
        self._callees: Dict[int, Tuple[Optional[str], bool, Optional[str]]] = {}  # see _callee
        self.face: Dict[str, FaceValue] = {}
        self.seeds: Dict[str, FaceValue] = {}
        self.anonymised: Set[str] = set()
        self.constants: Dict[str, object] = dict(resolver.module_constants)
        self.trivial: Set[str] = set()
        self.opened: Dict[str, str] = {}
        self.temp_names: Set[str] = set()
        self.shrunk: Set[str] = set()  # names holding a scaled-down copy (pixelation)
        self.face_files: Dict[str, FaceValue] = {}  # handles opened for writing on face image paths
        self.responses: Set[str] = set()  # names holding a whole face API response (FRT102)
        self.written_images: Dict[str, FaceValue] = {}  # paths a face image was written to (`cv2.imwrite(p, face)`)
        self.base_guards = base_guards
        self.deletions: List[Tuple[str, int, Tuple[int, ...], bool]] = []  # text, line, try ids, in finally
        self.try_stack: List[int] = []
        self.finally_of: List[int] = []
        self.pending_writes: List[Tuple[CallSite, str, Tuple[int, ...]]] = []
        self.returns_after: List[int] = []  # lines of return/raise statements
        for name, default in params.items():
            if default is not None and literal(default) is True:
                self.trivial.add(name.lower())
        # Local names that still carry a parameter's value (for callers to decide).
        self.param_of: Dict[str, str] = {n: n for n in params if n not in ("self", "cls")}
        # File paths (see analysis/paths.py): the shape a name holds now, the shape of the
        # file whose content it holds now, every shape it ever held (seeds are not tied to
        # a place in the flow), where write handles point, and the face files found.
        self.path_names: Dict[str, str] = {}
        self.read_names: Dict[str, str] = {}
        self.shapes_seen: Dict[str, Set[str]] = {}
        self.open_shapes: Dict[str, Tuple[str, str]] = {}  # handle -> (shape, source text)
        self.face_paths: Dict[str, int] = {}
        self.region_blurred: Set[str] = set()  # a region overwritten by a blur, boxes unknown here
        self.copied: List[Tuple[str, str, int]] = []  # (written shape, shape of the file its content came from, line)
        self.forward_edges: Set[Tuple[str, str]] = set()  # (x, y): x carries y's image
        self._sites: Dict[int, CallSite] = {}  # call node -> its record, to note where the result goes
        self.shape_of = ShapeOf(self.path_names, self.constants, resolver.imports, self._qualified_text)

    # -- entry -------------------------------------------------------------------
    def run(self, body: Sequence[cst.CSTNode]) -> None:
        self._seed(body)
        self._block(body, self.base_guards)
        self._resolve_temp_files()
        params = self.facts.params
        self.facts.face_params = tuple(p for p in params if p in self.seeds and self.seeds[p].kind == "image")
        self.facts.face_path_params = tuple(p for p in params if p in self.seeds and self.seeds[p].kind == "path")
        self.facts.anonymised_params = tuple(p for p in params if p in self.anonymised)
        self.facts.face_attributes = tuple(
            sorted(n[5:] for n, v in self.seeds.items() if n.startswith("self.") and v.kind in ("image", "path"))
        )
        for name, value in self.seeds.items():
            if value.kind in ("image", "path"):
                for shape in self.shapes_seen.get(name, ()):
                    self.face_paths.setdefault(shape, value.origin.line)
        for written, source, line in self.copied:
            if written in self.face_paths:
                self.face_paths.setdefault(source, line)  # its content became a face image file
        if self.face_paths:
            self.facts.face_paths = tuple(sorted(self.face_paths.items()))
        if self.forward_edges:
            self.facts.forward_edges = tuple(sorted(self.forward_edges))

    # -- seeding: values passed to face APIs are face data ----------------------------
    def _seed(self, body: Sequence[cst.CSTNode]) -> None:
        assignments: List[Tuple[List[str], cst.BaseExpression]] = []
        for statement in body:
            for node in iter_nodes(statement):
                if type(node) is cst.Call:
                    self._seed_call(node)
                elif type(node) is cst.Assign:
                    targets = [n.value for t in node.targets for n in names_in(t.target)]
                    assignments.append((targets, node.value))
                    # Learn local object types first (`app = FaceAnalysis()`), so the
                    # calls seeded below (`app.get(img)`) are recognised.
                    type_name = self.resolver.type_of(node.value, self.types, self.class_name)
                    if type_name and len(node.targets) == 1 and type(node.targets[0].target) is cst.Name:
                        self._learn_type(node.targets[0].target.value, type_name)
                elif type(node) is cst.AnnAssign and node.value is not None:
                    assignments.append(([n.value for n in names_in(node.target)], node.value))
                elif type(node) is cst.WithItem and node.asname is not None:
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
        for arg in _image_args(node, api):
            for name in names_in(arg.value):
                if name.value in ("self", "cls", "None", "True", "False"):
                    continue
                self.seeds.setdefault(name.value, FaceValue(kind, origin))
            attribute = _self_attribute(arg.value)
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
            name = node.func.attr.value if type(node.func) is cst.Attribute else (dotted(node.func) or "").split(".")[-1]
            is_transform = qualified in self.catalog.transform_calls or name in self.catalog.transform_methods or bool(_ENCODER_NAME.search(name))
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
        if type(node) is cst.Attribute and node.attr.value in _NOT_DATA_ATTRS:
            return None  # `img.shape` carries no image
        if type(node) in (cst.Name, cst.Attribute, cst.Subscript):
            base = _chain_base(node)
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
                base = _chain_base(value.func.value)
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
                    base = _chain_base(arg.value)
                    if type(base) is cst.Call:
                        return self._backward_source(base, depth + 1)
                    name = root_name(arg.value)
                    return name if name and name not in self.resolver.imports else None
            return None
        if type(value) in (cst.Subscript, cst.Name):
            name = root_name(value)
            return name if name not in ("self", "cls") else None
        return None

    # -- statements ---------------------------------------------------------------------
    def _block(self, statements: Sequence[cst.CSTNode], guards: Tuple[Atom, ...]) -> bool:
        current = list(guards)
        exits = False
        for statement in statements:
            exits = self._statement(statement, current) or exits
        return exits

    def _statement(self, node: cst.CSTNode, guards: List[Atom]) -> bool:
        """Walk one statement; may append to `guards` (facts that hold afterwards)."""
        here = tuple(guards)
        if type(node) is cst.SimpleStatementLine:
            exits = False
            for small in node.body:
                exits = self._small(small, guards) or exits
            return exits
        if isinstance(node, cst.BaseSmallStatement):
            return self._small(node, guards)  # the body of `if ok: cv2.imwrite(p, frame)`
        if type(node) is cst.If:
            return self._if(node, guards)
        if type(node) in (cst.For,):
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
        if type(node) is cst.While:
            self._expr(node.test, here)
            line = self.position_of(node).line
            self._block(node.body.body, here + tuple(self._atoms(node.test, True, line, "if")))
            if node.orelse is not None:
                self._block(node.orelse.body.body, here)
            return False
        if type(node) is cst.Try or type(node).__name__ == "TryStar":
            return self._try(node, guards)
        if type(node) is cst.With:
            for item in node.items:
                self._expr(item.item, here)
                if item.asname is not None:
                    self._bind(item.asname.name, item.item)
            return self._block(node.body.body, here)
        if type(node) is cst.FunctionDef:
            self._nested_function(node, here)
            return False
        if type(node) is cst.ClassDef:
            return False  # classes are walked by the module pass
        if type(node) is cst.Match:
            for case in node.cases:
                self._block(case.body.body, here)
            return False
        if type(node) is cst.IndentedBlock:
            return self._block(node.body, here)
        return False

    def _small(self, small: cst.BaseSmallStatement, guards: List[Atom]) -> bool:
        here = tuple(guards)
        if type(small) is cst.Expr:
            self._expr(small.value, here, statement=True)
            call = small.value
            if type(call) is cst.Call:
                self._fill_container(call)
                self._mask_with_rectangle(call)
                name = (dotted(call.func) or "").split(".")[-1]
                if self.catalog.consent_assertion_pattern.search(name) or name in self.catalog.consent_names:
                    line = self.position_of(call).line
                    guards.append(Atom(frozenset({name.lower()}), True, False, False, line, "call"))
                if name in {"abort", "exit", "_exit"}:
                    return True
            return False
        if type(small) is cst.Assign:
            recorded = len(self.facts.calls)
            self._expr(small.value, here)
            self._note_assigned(small, recorded)
            for target in small.targets:
                self._bind(target.target, small.value, here)
            return False
        if type(small) is cst.AnnAssign:
            if small.value is not None:
                self._expr(small.value, here)
                self._bind(small.target, small.value, here)
            return False
        if type(small) is cst.AugAssign:
            self._expr(small.value, here)
            value = self._face_of(small.value)
            name = dotted(small.target)
            if name and value is not None:
                self.face[name] = _strongest([self.face.get(name), value]) or value
            return False
        if type(small) in (cst.Return, cst.Raise):
            value = small.value if type(small) is cst.Return else small.exc
            if value is not None:
                self._expr(value, here)
                if type(small) is cst.Return:
                    self._record_literal_return(small, value, here)
                    self._note_returned_match(value, here)
                    returned = self._face_of(value)
                    if returned is not None and returned.kind == "image":
                        self.facts.returns_image = True  # a crop, a frame: callers hold a face image
            self.returns_after.append(self.position_of(small).line)
            return True
        if type(small) in (cst.Continue, cst.Break):
            return True
        if type(small) is cst.Assert:
            self._expr(small.test, here)
            guards.extend(self._atoms(small.test, True, self.position_of(small).line, "assert"))
            return False
        if type(small) in (cst.Import, cst.ImportFrom):
            return False
        return False

    def _mask_with_rectangle(self, call: cst.Call) -> None:
        """`cv2.rectangle(img, (l, t), (r, b), color, -1)` over a face box masks it."""
        if (dotted(call.func) or "").split(".")[-1] != "rectangle" or not call.args:
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
        if not type(call.func) is cst.Attribute or call.func.attr.value not in _FILLERS:
            return
        target = dotted(call.func.value) or root_name(call.func.value)  # buf[k].append, buf.setdefault(k, []).append
        if target is None:
            return
        self.constants.pop(target, None)
        value = _strongest([self._face_of(a.value) for a in call.args])
        if value is not None:
            self.face[target] = _strongest([self.face.get(target), value]) or value

    def _if(self, node: cst.If, guards: List[Atom]) -> bool:
        here = tuple(guards)
        line = self.position_of(node).line
        self._expr(node.test, here)
        body_guards = here + tuple(self._atoms(node.test, True, line, "if"))
        else_guards = here + tuple(self._atoms(node.test, False, line, "if"))
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
            Atom(frozenset({(dotted(_decorator_target(d.decorator)) or "").split(".")[-1].lower()}), True, False, False, line, "decorator")
            for d in node.decorators
        )
        for param in _params(node).values():
            if param is not None:
                self._expr(param, guards)
        body = node.body.body if type(node.body) is cst.IndentedBlock else [node.body]
        self._block(body, guards + extra)

    # -- binding ------------------------------------------------------------------------
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
                if qualified.split(".")[-1] == "open" and _opens_for_writing(value):
                    self.opened[name] = "open"
                if qualified in self.catalog.temp_files and not _has_false_kw(value, "delete"):
                    self.temp_names.add(name)
                if qualified.split(".")[-1] == "resize":
                    first = value.args[0].value if value.args else None
                    if type(first) is cst.Name and first.value in self.shrunk:
                        # scaled down, then back up: a pixelated copy, no longer identifiable
                        self.face.pop(name, None)
                        self.anonymised.add(name)
                        return
                    self.shrunk.add(name)
                if qualified.split(".")[-1] == "open" and _opens_for_writing(value) and value.args:
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
                self.face[owner] = _strongest([self.face.get(owner), face]) or face
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
        if _has_range_slice(target) and type(value) is cst.Call and self._is_anonymiser_call(value):
            self.region_blurred.add(base)  # boxes from elsewhere: not taken as kept by destination
        qualified, _ = self.resolver.qualify(target.value, self.types, self.class_name)
        if qualified in self.catalog.session_objects or base in self.catalog.session_objects or base.endswith(".session"):
            key = literal(target.slice[0].slice.value) if type(target.slice[0].slice) is cst.Index else None
            if isinstance(key, str):
                self._record_session_set(target, value, key, guards)
            return
        face = self._face_of(value)
        if face is not None:
            self.face[base] = _strongest([self.face.get(base), face]) or face

    def _bind_loop(self, target: cst.BaseExpression, iterable: cst.BaseExpression, element: Optional[FaceValue]) -> None:
        if type(iterable) is cst.Call and type(target) in (cst.Tuple, cst.List):
            name = (dotted(iterable.func) or "").split(".")[-1]
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

    # -- file paths ---------------------------------------------------------------------
    def _qualified_text(self, node: cst.Call) -> str:
        return self._callee(node)[0] or dotted(node.func) or ""

    def _bind_path(self, name: str, value: Optional[cst.BaseExpression]) -> None:
        """Keep the path shape and the read file's shape a name holds after this binding."""
        shape = self.shape_of(value) if value is not None else None
        if shape is not None:
            self.path_names[name] = shape
            self.shapes_seen.setdefault(name, set()).add(shape)
        else:
            self.path_names.pop(name, None)
        read = self._read_shape(value) if value is not None else None
        if read is not None:
            self.read_names[name] = read
            self.shapes_seen.setdefault(name, set()).add(read)
        else:
            self.read_names.pop(name, None)
        if type(value) is cst.Call and _opens_for_writing(value) and value.args and self._is_reader(value):
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
            name = node.func.attr.value if type(node.func) is cst.Attribute else (dotted(node.func) or "").split(".")[-1]
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
            base = _chain_base(node)
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
            self.path_names[target.value] = shape
            self.shapes_seen.setdefault(target.value, set()).add(shape)

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
            if _opens_for_writing(node) or not node.args:
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
        for arg in _image_args(node, api):
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
            name = (dotted(iterable.func) or "").split(".")[-1]
            if name in ("zip", "enumerate", "reversed", "sorted", "list"):
                return _strongest([self._face_of(a.value) for a in iterable.args])
            if name in ("range", "len"):
                return None
        return self._face_of(iterable)

    # -- expressions ------------------------------------------------------------------
    def _expr(self, node: cst.BaseExpression, guards: Tuple[Atom, ...], statement: bool = False) -> None:
        """Record every call in `node` with the guards that hold where it runs."""
        if type(node) is cst.Call:
            self._record_call(node, guards, statement)
            self._expr(node.func, guards)
            for arg in node.args:
                self._expr(arg.value, guards)
            return
        if type(node) is cst.BooleanOperation:
            self._expr(node.left, guards)
            line = self.position_of(node).line
            truth = type(node.operator) is cst.And
            self._expr(node.right, guards + tuple(self._atoms(node.left, truth, line, "if")))
            return
        if type(node) is cst.IfExp:
            line = self.position_of(node).line
            self._expr(node.test, guards)
            self._expr(node.body, guards + tuple(self._atoms(node.test, True, line, "if")))
            self._expr(node.orelse, guards + tuple(self._atoms(node.test, False, line, "if")))
            return
        if type(node) is cst.Lambda:
            self._expr(node.body, guards)
            return
        if type(node) in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
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
            return
        if type(node) is cst.Subscript:
            self._key_read(node)
        elif type(node) is cst.Comparison:
            self._key_compared(node)
            self._match_compared(node)
        for child in children(node):
            self._expr_or_parts(child, guards)

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

    def _atoms(self, test: cst.BaseExpression, truth: bool, line: int, source: str) -> List[Atom]:
        return atoms_of(
            test, truth, line, source, self._is_face_condition, frozenset(self.trivial), self.text_of, self.catalog.unknown_names
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

    # -- calls --------------------------------------------------------------------------
    def _learn_type(self, name: str, type_name: str) -> None:
        self.types[name] = type_name
        self._callees.clear()  # resolved with the types known before

    def _callee(self, node: cst.Call) -> Tuple[Optional[str], bool, Optional[str]]:
        """(qualified callee, resolved, receiver type), remembered per call node: the
        flow pass asks for the same call from several places (its record, the face
        value it yields, the parameter it carries), and each answer walks the call's
        whole receiver chain, so without it a chain of n calls cost n cubed, not n squared."""
        known = self._callees.get(id(node))
        if known is None:
            known = self._callees[id(node)] = self._resolve_callee(node)
        return known

    def _resolve_callee(self, node: cst.Call) -> Tuple[Optional[str], bool, Optional[str]]:
        func = node.func
        qualified, instance = self.resolver.qualify(func, self.types, self.class_name)
        receiver_type = None
        if type(func) is cst.Attribute:
            receiver_type = self.resolver.type_of(func.value, self.types, self.class_name)
            if receiver_type and not qualified:
                qualified = f"{receiver_type}.{func.attr.value}"
        if qualified and instance:
            qualified = f"{qualified}.__call__"
        return qualified, qualified is not None, receiver_type

    def _classify(self, node: cst.Call) -> Tuple[Optional[ApiSpec], Optional[str]]:
        qualified, resolved, _ = self._callee(node)
        api = self.catalog.api(qualified) if qualified else None
        if api is None and qualified and qualified.endswith(".__call__"):
            api = self.catalog.api(qualified[: -len(".__call__")])
        if api is None and not resolved:
            text = dotted(node.func)
            api = self.catalog.api(text) if text else None
        if api is None and type(node.func) is cst.Attribute and not resolved:
            key = self.catalog.methods.get(node.func.attr.value)
            api = self.catalog.api(key) if key else None
        if api is None and type(node.func) is cst.Name and not resolved:
            key = self.catalog.methods.get(node.func.value)
            api = self.catalog.api(key) if key else None
        if api is None and qualified in self.catalog.network_calls or (
            api is None and type(node.func) is cst.Attribute and node.func.attr.value in ("post", "put", "get", "request")
        ):
            url = self._url_of(node)
            if url:
                api = self.catalog.api_for_http(url)
        return api, qualified

    def _url_of(self, node: cst.Call) -> Optional[str]:
        for arg in node.args:
            if arg.keyword is None or arg.keyword.value == "url":
                value = literal(arg.value, self.constants)
                if isinstance(value, str):
                    return value
                if type(arg.value) is cst.FormattedString:
                    return self.text_of(arg.value)
                if type(arg.value) is cst.BinaryOperation:
                    return self.text_of(arg.value) + " " + " ".join(
                        v for v in (literal(n, self.constants) for n in iter_nodes(arg.value) if type(n) is cst.Name) if isinstance(v, str)
                    )
                if arg.keyword is None:
                    return None
        return None

    def _is_anonymiser_call(self, node: cst.Call) -> bool:
        qualified, _, _ = self._callee(node)
        name = (dotted(node.func) or "").split(".")[-1]
        if not name:
            return False
        return self.catalog.is_anonymiser(qualified or "", name)

    def _record_call(self, node: cst.Call, guards: Tuple[Atom, ...], statement: bool) -> None:
        qualified, resolved, receiver_type = self._callee(node)
        api, _ = self._classify(node)
        text = dotted(node.func) or ""
        name = text.split(".")[-1] if text else (node.func.attr.value if type(node.func) is cst.Attribute else "")
        receiver = ""
        receiver_origin = None
        face_args: List[FaceArg] = []
        if type(node.func) is cst.Attribute:
            receiver = dotted(node.func.value) or ""
            receiver_origin = self.opened.get(receiver)
            value = self._face_of(node.func.value)
            if value is not None:
                face_args.append(FaceArg("receiver", value))
        if type(node.func) is cst.Attribute and node.func.attr.value in ("write", "writelines") and receiver in self.face_files:
            origin = self.face_files[receiver].origin
            face_args.append(FaceArg("0", FaceValue("image", Origin(origin.line, origin.column, "written to a file that a face library loads"))))
            for arg in node.args:  # content read from another file: that file holds face images too
                read = self._read_shape(arg.value)
                if read is not None:
                    self.face_paths.setdefault(read, origin.line)
        literals: Dict[str, object] = {}
        param_args: List[Tuple[str, str]] = []
        name_args: List[Tuple[str, str]] = []
        if type(node.func) is cst.Attribute and not face_args:
            root = self._param_root(node.func.value)
            if root:
                param_args.append(("receiver", root))
        position = 0
        for arg in node.args:
            slot = arg.keyword.value if arg.keyword is not None else str(position)
            if arg.keyword is None:
                position += 1
            value = self._face_of(arg.value)
            if value is not None:
                face_args.append(FaceArg(slot, value))
                for inner in self._element_kinds(arg.value):
                    if inner.kind != value.kind:
                        face_args.append(FaceArg(slot, inner))
            else:
                for root in self._param_roots(arg.value):
                    param_args.append((slot, root))
            constant = literal(arg.value, self.constants)
            if is_literal(constant):
                literals[slot] = constant
                if isinstance(constant, dict):
                    for key, inner in constant.items():
                        literals[f"{slot}.{key}"] = inner
            elif type(arg.value) is cst.Name and arg.value.value in self.constants:
                literals[slot] = self.constants[arg.value.value]
            if type(arg.value) in (cst.Name, cst.Subscript, cst.Attribute):
                local = root_name(arg.value)
                if local and local not in ("self", "cls") and not _field_of(arg.value):
                    name_args.append((slot, local))
                elif local == "self":
                    attribute = _self_attribute(arg.value)
                    if attribute:
                        name_args.append((slot, attribute))
        span = self.position_of(node)
        path_shape, path_text, masked = None, None, False
        path_args: List[Tuple[str, str]] = []
        read_args: List[Tuple[str, str]] = []
        spec = self.catalog.persist_spec(qualified or text or name, name, receiver_type, resolved, type(node.func) is cst.Attribute)
        if spec is not None:
            path_shape, path_text, masked = self._sink_path(node, spec, receiver)
            position = 0
            for arg in node.args:  # `f.write(b64decode(store[key]))`: content of another file kept
                slot = arg.keyword.value if arg.keyword is not None else str(position)
                position += arg.keyword is None
                read = self._read_shape(arg.value) if path_shape is not None else None
                if read is not None and read != path_shape:
                    read_args.append((slot, read))
                    self.copied.append((path_shape, read, span.line))
        elif api is not None:
            self._face_path_args(node, api)
        elif node.args and name not in _NOT_PROJECT_CALLS:
            position = 0
            for arg in node.args:
                slot = arg.keyword.value if arg.keyword is not None else str(position)
                position += arg.keyword is None
                shape = self.shape_of(arg.value)
                if shape is not None:
                    path_args.append((slot, shape))
                read = self._read_shape(arg.value)
                if read is not None:
                    read_args.append((slot, read))
        call = CallSite(
            span=span,
            callee=qualified or text or name,
            name=name,
            resolved=resolved,
            receiver=receiver,
            method=type(node.func) is cst.Attribute,
            receiver_type=receiver_type,
            receiver_origin=receiver_origin,
            api=api.name if api else None,
            kind=api.kind if api else None,
            guards=tuple(guards),
            face_args=tuple(face_args),
            literals=literals,
            arg_words=frozenset(w for a in node.args for w in words_of(a.value)),
            arg_names=frozenset(_passed_names(node)),
            statement=statement,
            text=self.text_of(node),
            in_face_loop=any(g.source == "loop" and g.face for g in guards),
            param_args=tuple(param_args),
            name_args=tuple(name_args),
            response_args=tuple(_slot(a, i) for i, a in enumerate(node.args) if self._is_whole_response(a.value)),
            path_shape=None if masked else path_shape,
            path_args=tuple(path_args),
            read_args=tuple(read_args),
            masked_data=masked,
        )
        self.facts.calls.append(call)
        self._sites[id(node)] = call
        if qualified in self.catalog.delete_calls or (type(node.func) is cst.Attribute and node.func.attr.value in self.catalog.delete_methods):
            target = node.args[0].value if node.args else (node.func.value if type(node.func) is cst.Attribute else None)
            if target is not None:
                self.deletions.append((self.text_of(target), span.line, tuple(self.try_stack), bool(self.finally_of) and self.finally_of[-1] in self.try_stack or bool(self.finally_of)))
        self._remember_written_image(node, qualified, face_args)
        if face_args and node.args:
            first = node.args[0].value
            self.pending_writes.append((call, self.text_of(first), tuple(self.try_stack)))
            if any(n.value in self.temp_names for n in names_in(first)):
                call.temp_cleaned = True
        elif spec is not None and path_text is not None:
            # Kept or not by where it goes (FRT101): a temporary file is still no retention.
            self.pending_writes.append((call, path_text, tuple(self.try_stack)))
            if any(n in self.temp_names for n in _names_of_text(path_text)):
                call.temp_cleaned = True

    def _remember_written_image(self, node: cst.Call, qualified: Optional[str], face_args: List[FaceArg]) -> None:
        """`cv2.imwrite(path, face)`: the file at `path` now holds the face image."""
        spec = self.catalog.persist.get(qualified or "")
        if spec is None or not spec.path:
            return
        image = next((a.value for a in face_args if a.value.kind == "image" and a.slot.isdigit() and int(a.slot) in spec.data), None)
        positional = [a.value for a in node.args if a.keyword is None]
        for index in spec.path:
            path = _path_key(positional[index]) if index < len(positional) else None
            if image is not None and path:
                self.written_images[path] = image

    def _note_assigned(self, node: cst.Assign, recorded: int) -> None:
        """`who = helper(img)`: remember the names, so the project pass can tell a
        decision on `who` when `helper` returns a face match (FRT401, FRT503)."""
        value = node.value.expression if type(node.value) is cst.Await else node.value
        if type(value) is not cst.Call or len(self.facts.calls) <= recorded:
            return
        names = tuple(n.value for t in node.targets for n in names_in(t.target) if n.value not in ("self", "cls"))
        self.facts.calls[recorded].assigned_to = names

    def _note_returned_match(self, value: cst.BaseExpression, guards: Tuple[Atom, ...]) -> None:
        """The function returns who matched, or whether (`return True` where a face matched)."""
        face = self._face_of(value)
        if face is not None and face.kind == "match":
            self.facts.returns_match = True
        elif is_literal(literal(value)) and literal(value) not in (None, False) and any(g.face and g.truth for g in guards):
            self.facts.returns_match = True

    def _record_literal_return(self, node: cst.Return, value: cst.BaseExpression, guards: Tuple[Atom, ...]) -> None:
        """`return "Successfully logged in"` (or `return "ok", 200`) is a response like
        `jsonify(...)`: record it as a pseudo-call named `return` when it says access
        was granted (FRT401)."""
        first = value.elements[0].value if type(value) is cst.Tuple and value.elements else value
        constant = literal(first, self.constants)
        message = constant if isinstance(constant, str) else None
        if message is None or not self.catalog.success_message_pattern.search(message):
            return
        self.facts.calls.append(
            CallSite(
                span=self.position_of(node),
                callee="return",
                name="return",
                resolved=False,
                receiver="",
                method=False,
                receiver_type=None,
                receiver_origin=None,
                api=None,
                kind=None,
                guards=tuple(guards),
                face_args=(),
                literals={"0": message},
                arg_words=frozenset(),
                arg_names=frozenset(),
                statement=True,
                text=self.text_of(node),
                in_face_loop=any(g.source == "loop" and g.face for g in guards),
            )
        )

    def _record_session_set(self, target: cst.Subscript, value: cst.BaseExpression, key: str, guards: Tuple[Atom, ...]) -> None:
        span = self.position_of(target)
        face = self._face_of(value)
        self.facts.calls.append(
            CallSite(
                span=span,
                callee="session.__setitem__",
                name="__setitem__",
                resolved=True,
                receiver=dotted(target.value) or "session",
                method=True,
                receiver_type=None,
                receiver_origin=None,
                api=None,
                kind=None,
                guards=tuple(guards),
                face_args=(FaceArg("value", face),) if face else (),
                literals={"0": key},
                arg_words=frozenset(words_of(value)),
                arg_names=frozenset(),
                statement=True,
                text=self.text_of(target),
                session_key=key,
                in_face_loop=any(g.source == "loop" and g.face for g in guards),
            )
        )

    def _resolve_temp_files(self) -> None:
        """A file written and then deleted on every path is not retained."""
        for call, path_text, try_ids in self.pending_writes:
            for deleted_text, line, delete_try_ids, in_finally in self.deletions:
                if deleted_text != path_text or line < call.span.line:
                    continue
                if in_finally:
                    call.temp_cleaned = True
                    break
                # Deleted later on the same path: not inside a try body the write is
                # not in (a failure before it would skip the deletion), and no return
                # in between.
                protected = delete_try_ids == try_ids or len(delete_try_ids) <= len(try_ids)
                early_return = any(call.span.line < r < line for r in self.returns_after)
                if protected and not early_return and not delete_try_ids:
                    call.temp_cleaned = True
                    break

    # -- face data ----------------------------------------------------------------------
    def _is_whole_response(self, node: cst.BaseExpression) -> bool:
        """A cloud face API's reply or a face record as a whole (`resp`, `r.text`,
        `r.json()`, `json.loads(r.text)`), not a score or name read out of it."""
        if type(node) is cst.Await:
            return self._is_whole_response(node.expression)
        if type(node) is cst.Name:
            return node.value in self.responses
        if type(node) is cst.Attribute:
            return node.attr.value in _RESPONSE_BODY and self._is_whole_response(node.value)
        if type(node) is not cst.Call:
            return False
        api, _ = self._classify(node)
        if api is not None and api.kind != "load":
            return api.output == "record" or self.catalog.is_cloud_api(api.name)
        name = (dotted(node.func) or "").split(".")[-1]
        if type(node.func) is cst.Attribute and name in _RESPONSE_BODY:
            return self._is_whole_response(node.func.value)
        return name in _RESPONSE_PARSERS and bool(node.args) and self._is_whole_response(node.args[0].value)

    def _opened_face_file(self, node: cst.Call) -> Optional[FaceValue]:
        """`open(path, "rb")` on a face image's file (a path given to a face API, or one a
        face image was written to here): the handle reads the face image (FRT104 uploads)."""
        if (dotted(node.func) or "") not in ("open", "io.open") or not node.args or _opens_for_writing(node):
            return None
        first = node.args[0].value
        value = self._face_of(first) or self.written_images.get(_path_key(first) or "")
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
            if attribute in _NOT_DATA_ATTRS:
                return None
            base = self._face_of(node.value)
            if base is None:
                return None
            return FaceValue(self._refine(base.kind, attribute), base.origin)
        if type(node) is cst.Subscript:
            base = self._face_of(node.value)
            index_values = [self._face_of(n) for n in _slice_expressions(node)]
            if base is None:
                if any(v is not None and v.kind == "match" for v in index_values):
                    return next(v for v in index_values if v is not None and v.kind == "match")
                boxes = next((v for v in index_values if v is not None and v.kind == "boxes"), None)
                if boxes is not None and _has_range_slice(node) and not self._is_anonymised_root(node):
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
            return _strongest([self._face_of(node.left), self._face_of(node.right)])
        if type(node) is cst.Comparison:
            values = [self._face_of(node.left)] + [self._face_of(c.comparator) for c in node.comparisons]
            if any(v is not None and v.kind in ("match", "template") for v in values):
                found = _strongest(values)
                return FaceValue("match", found.origin) if found else None
            return None
        if type(node) is cst.BooleanOperation:
            return _strongest([self._face_of(node.left), self._face_of(node.right)])
        if type(node) is cst.UnaryOperation:
            return self._face_of(node.expression)
        if type(node) is cst.IfExp:
            return _strongest([self._face_of(node.body), self._face_of(node.orelse)])
        if type(node) in (cst.Tuple, cst.List, cst.Set):
            return _strongest([self._face_of(e.value) for e in node.elements])
        if type(node) is cst.Dict:
            found = _strongest([self._face_of(e.value) for e in node.elements if type(e) is cst.DictElement])
            named = None if found is not None else _template_key(node)
            if named is not None:
                span = self.position_of(named.key)
                return FaceValue("template", Origin(span.line, span.column, f"stored under the key {self.text_of(named.key)}"))
            scored = None if found is not None else self._match_score_key(node)
            if scored is not None:
                span = self.position_of(scored.key)
                return FaceValue("match", Origin(span.line, span.column, f"a recognition record with {self.text_of(scored.key)}"))
            return found
        if type(node) is cst.FormattedString:
            return _strongest([self._face_of(p.expression) for p in node.parts if type(p) is cst.FormattedStringExpression])
        if type(node) in (cst.ListComp, cst.GeneratorExp, cst.SetComp):
            value = self._face_of(node.elt)
            return value or self._element_of(node.for_in.iter)
        if type(node) is cst.DictComp:
            return self._face_of(node.value) or self._element_of(node.for_in.iter)
        return None

    def _face_of_call(self, node: cst.Call) -> Optional[FaceValue]:
        if self._is_anonymiser_call(node):
            return None
        name = (dotted(node.func) or (node.func.attr.value if type(node.func) is cst.Attribute else "")).split(".")[-1]
        if name and self.catalog.encryption_pattern.search(name):
            carried = _strongest([self._face_of(a.value) for a in node.args])
            if type(node.func) is cst.Attribute:
                carried = _strongest([carried, self._face_of(node.func.value)])
            # Encryption protects a template; an encrypted raw image is still a kept image.
            return carried if carried is not None and carried.kind == "image" else None
        api, qualified = self._classify(node)
        if api is not None and api.kind != "load":
            span = self.position_of(node)
            return FaceValue(api.output, Origin(span.line, span.column, f"returned by {api.name}"))
        opened = self._opened_face_file(node)
        if opened is not None:
            return opened
        if (api is not None or self._is_reader(node)) and node.args and not _opens_for_writing(node):
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
        name = (dotted(func) or "").split(".")[-1]
        if qualified in self.catalog.transform_calls or name in ("bytes", "bytearray", "str", "list", "tuple", "dict", "zip", "enumerate", "sorted", "reversed"):
            return _strongest(arg_values)
        project_helper = name and not (qualified or "").startswith(tuple(self.catalog.module_roots))
        if project_helper and _BOX_HELPER.search(name):
            found = _strongest(arg_values)  # `convert_and_trim_bb(image, rect)` returns a box
            return FaceValue("boxes", found.origin) if found else None
        if project_helper and _EMBEDDER_NAME.fullmatch(name):
            span = self.position_of(node)  # `pipeline.get_embedding(face)`
            return FaceValue("template", Origin(span.line, span.column, f"returned by {name}(), named as a face embedding"))
        if project_helper and _ENCODER_NAME.search(name):
            return _strongest(arg_values)
        if project_helper and name[:1].isupper():
            return _built_with_template(node, arg_values)
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
        project_helper = not (qualified or "").startswith(tuple(self.catalog.module_roots))
        if not compares_templates and not (project_helper and self.catalog.match_helper_pattern.search(name)):
            return None
        span = self.position_of(node)
        return FaceValue("match", Origin(span.line, span.column, f"face match decided by {name}()"))

    def _refine(self, kind: str, name: str) -> str:
        if kind in ("record", "template") and _TEMPLATE_ATTRS.search(name):
            return "template"
        if kind in ("record", "image", "template") and _BOX_ATTRS.match(name):
            return "boxes"
        if kind == "record" and _MATCH_KEYS.search(name):
            return "match"
        return kind

    def _is_anonymised_root(self, node: cst.Subscript) -> bool:
        name = root_name(node)
        return bool(name and name in self.anonymised)

    def _overwrites_face_region(self, target: cst.Subscript, value: cst.BaseExpression) -> bool:
        if not _has_range_slice(target):
            return False
        bounds = [self._face_of(n) for n in _slice_expressions(target)]
        if not any(v is not None and v.kind == "boxes" for v in bounds):
            # In a helper the box arrives as a parameter: a blur over it still counts.
            from_params = any(self._param_root(n) for n in _slice_expressions(target))
            if not (from_params and type(value) is cst.Call and self._is_anonymiser_call(value)):
                return False
        if type(value) is cst.Call and self._is_anonymiser_call(value):
            return True
        if type(value) is cst.Name and value.value in self.anonymised:
            return True
        if type(value) is cst.Call and (dotted(value.func) or "").split(".")[-1] == "resize" and value.args:
            first = value.args[0].value
            if type(first) is cst.Name and first.value in self.shrunk:
                return True  # scaled down, then back up over the face: pixelation
        constant = literal(value)
        return is_literal(constant) and isinstance(constant, (int, float, list, tuple))


def _built_with_template(node: cst.Call, arg_values: Sequence[Optional[FaceValue]]) -> Optional[FaceValue]:
    """`User(name=n, face_encoding=enc)`: a project class (an ORM row) built with a face
    template keeps it, so saving the row stores the template (FRT103)."""
    return next(
        (v for a, v in zip(node.args, arg_values) if a.keyword is not None and v is not None and v.kind == "template"),
        None,
    )


def _template_key(node: cst.Dict) -> Optional[cst.DictElement]:
    """`{"names": names, "encodings": encs}`: the entry named for face templates."""
    for element in node.elements:
        if type(element) is not cst.DictElement or type(element.key) is not cst.SimpleString:
            continue
        key = literal(element.key)
        if isinstance(key, str) and _TEMPLATE_KEY.fullmatch(key) and not is_literal(literal(element.value)):
            return element
    return None


def _path_key(node: cst.BaseExpression) -> Optional[str]:
    """A file path argument as a key: the variable (`path`, `self.snap`) or the literal."""
    value = literal(node)
    return repr(value) if isinstance(value, str) else dotted(node)


def _slot(arg: cst.Arg, index: int) -> str:
    """An argument's slot as CallSite records it: the keyword, else its position."""
    return arg.keyword.value if arg.keyword is not None else str(index)


# Builtins and common library calls that are never a project function taking a path.
_NOT_PROJECT_CALLS = frozenset(
    {"print", "len", "str", "int", "float", "bool", "format", "join", "exists", "isfile", "isdir", "makedirs",
     "mkdir", "remove", "unlink", "append", "get", "split", "replace", "startswith", "endswith", "lower", "upper",
     "strip", "info", "debug", "warning", "error", "exception", "log", "open", "listdir", "glob", "basename",
     "dirname", "splitext", "abspath", "Path", "isinstance", "range", "enumerate", "zip", "sorted", "list"}
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names_of_text(text: str) -> List[str]:
    return _IDENTIFIER.findall(text)


def _field_of(node: cst.BaseExpression) -> bool:
    """`args.user_id`, `record.name`: a field of an object, not the object's own data."""
    while type(node) is cst.Subscript:
        node = node.value
    return type(node) is cst.Attribute and node.attr.value not in ("T", "data", "content", "body", "raw")


def _chain_base(node: cst.BaseExpression) -> cst.BaseExpression:
    """The node under a chain of attributes and subscripts (`f(x)[1].data` -> `f(x)`)."""
    while type(node) in (cst.Attribute, cst.Subscript):
        node = node.value
    return node


def _self_attribute(node: cst.BaseExpression) -> Optional[str]:
    """`self.frame` for `self.frame`, `self.frame[y:y + h]`, `self.frame.shape`."""
    while type(node) in (cst.Attribute, cst.Subscript):
        if type(node) is cst.Attribute and type(node.value) is cst.Name and node.value.value == "self":
            return f"self.{node.attr.value}"
        node = node.value
    return None


def _passed_names(node: cst.Call) -> List[str]:
    """Names passed as bare values (`fn`, `self.fn`): not called here, maybe called later."""
    names = []
    for arg in node.args:
        value = arg.value
        if type(value) is cst.Name:
            names.append(value.value)
        elif type(value) is cst.Attribute:
            names.append(value.attr.value)
    return names


def _slice_expressions(node: cst.Subscript) -> List[cst.BaseExpression]:
    found: List[cst.BaseExpression] = []
    for element in node.slice:
        for sub in iter_nodes(element.slice):
            if type(sub) is cst.Name:
                found.append(sub)
            elif type(sub) is cst.Attribute:
                found.append(sub)
    return found


def _has_range_slice(node: cst.Subscript) -> bool:
    return any(type(e.slice) is cst.Slice for e in node.slice)


def _opens_for_writing(node: cst.Call) -> bool:
    mode = None
    for index, arg in enumerate(node.args):
        if (arg.keyword is None and index == 1) or (arg.keyword is not None and arg.keyword.value == "mode"):
            mode = literal(arg.value)
    return isinstance(mode, str) and any(flag in mode for flag in "wax+")


def _has_false_kw(node: cst.Call, keyword: str) -> bool:
    return any(a.keyword is not None and a.keyword.value == keyword and literal(a.value) is False for a in node.args)


def _decorator_target(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.func if type(node) is cst.Call else node


def _params(node: cst.FunctionDef) -> Dict[str, Optional[cst.BaseExpression]]:
    params: Dict[str, Optional[cst.BaseExpression]] = {}
    p = node.params
    for param in [*p.posonly_params, *p.params, *p.kwonly_params]:
        params[param.name.value] = param.default
    if type(p.star_arg) is cst.Param:  # `def log(*values)`: a wrapper forwards them
        params[p.star_arg.name.value] = None
    return params


_WHITESPACE = re.compile(r"\s+")
_EMPTY_MODULE = cst.Module(body=[])


def _text(node: cst.CSTNode) -> str:
    return _WHITESPACE.sub(" ", _EMPTY_MODULE.code_for_node(node)).strip()


decorator_target = _decorator_target
function_params = _params
node_text = _text
