"""Name resolution without LibCST's heavy metadata providers.

One light pass collects imports, module constants and the catalog types of module,
class and instance attributes (`self.client = AipFace(...)`). Expressions are then
resolved to qualified names (`fr.face_encodings` -> `face_recognition.face_encodings`,
`client.search` -> `aip.AipFace.search`).
"""

from __future__ import annotations

from typing import Dict, Iterable, Mapping, Optional, Tuple

import libcst as cst

from frtlint.analysis.syntax import dotted, is_literal, literal
from frtlint.analysis.tree import walk
from frtlint.catalog import Catalog

# Methods that return the object they were called on (`InceptionResnetV1().eval()`).
_FLUENT = frozenset({"eval", "to", "cuda", "cpu", "half", "float", "double", "train"})
# Call types are remembered only while a function knows at most this many typed names
# (they are part of the key).
_MEMO_TYPES = 8
_UNKNOWN = object()


def _module_path(node: cst.BaseExpression) -> str:
    return dotted(node) or ""


def collect_imports(nodes: Iterable[cst.CSTNode], package: str) -> Dict[str, str]:
    """Local name -> qualified name, for the module's import statements in source order."""
    imports: Dict[str, str] = {}
    for node in nodes:
        if type(node) is cst.Import:
            for alias in node.names:
                full = _module_path(alias.name)
                if alias.asname is not None and type(alias.asname.name) is cst.Name:
                    imports[alias.asname.name.value] = full
                else:
                    head = full.split(".")[0]
                    imports.setdefault(head, head)
        elif type(node) is cst.ImportFrom:
            base = _module_path(node.module) if node.module is not None else ""
            if node.relative:
                parent = package.split(".") if package else []
                up = len(node.relative) - 1
                parent = parent[: len(parent) - up] if up else parent
                base = ".".join([*parent, base] if base else parent)
            if type(node.names) is cst.ImportStar:
                continue
            for alias in node.names:
                name = _module_path(alias.name)
                local = (
                    alias.asname.name.value
                    if alias.asname is not None and type(alias.asname.name) is cst.Name
                    else name
                )
                imports[local] = f"{base}.{name}" if base else name
    return imports


class Resolver:
    """Resolves expressions to qualified names and catalog types."""

    def __init__(self, catalog: Catalog, imports: Mapping[str, str]) -> None:
        self.catalog = catalog
        self.imports = dict(imports)
        self.module_types: Dict[str, str] = {}
        self.module_constants: Dict[str, object] = {}
        self.class_types: Dict[str, Dict[str, str]] = {}
        # The type of each call, by (call, class, the function's typed names); None while
        # the module pass still learns the state these answers depend on.
        self._call_types: Optional[Dict[Tuple[int, Optional[str], Tuple[Tuple[str, str], ...]], Optional[str]]] = None

    # -- module pass -------------------------------------------------------------
    def learn_module(self, module: cst.Module) -> None:
        for statement in module.body:
            self._learn_assignment(statement, self.module_types, self.module_constants)
        for statement in module.body:
            if type(statement) is cst.ClassDef:
                self._learn_class(statement)
        self._call_types = {}

    def _learn_assignment(self, statement: cst.CSTNode, types: Dict[str, str], constants: Dict[str, object]) -> None:
        if not type(statement) is cst.SimpleStatementLine:
            return
        for small in statement.body:
            if type(small) is cst.Assign and len(small.targets) == 1:
                target = small.targets[0].target
                name = dotted(target)
                if name is None:
                    continue
                value = literal(small.value, constants)
                if is_literal(value) and type(target) is cst.Name:
                    constants[name] = value
                type_name = self.type_of(small.value, types)
                if type_name:
                    types[name] = type_name
            elif type(small) is cst.AnnAssign and small.value is not None:
                name = dotted(small.target)
                type_name = self.type_of(small.value, types)
                if name and type_name:
                    types[name] = type_name

    def _learn_class(self, node: cst.ClassDef) -> None:
        attributes: Dict[str, str] = {}
        self.class_types[node.name.value] = attributes

        for statement in node.body.body:
            if type(statement) is cst.SimpleStatementLine:
                self._learn_assignment(statement, attributes, {})
        locals_: Dict[str, str] = {}
        for sub in walk(node):
            if not type(sub) is cst.Assign:
                continue
            for target in sub.targets:
                name = dotted(target.target)
                if name is None:
                    continue
                type_name = self.type_of(sub.value, {**self.module_types, **locals_})
                if not type_name:
                    continue
                if name.startswith("self."):
                    attributes[name[5:]] = type_name
                elif "." not in name:
                    locals_[name] = type_name

    # -- expressions ------------------------------------------------------------------
    def qualify(self, node: cst.BaseExpression, types: Mapping[str, str], class_name: Optional[str]) -> Tuple[Optional[str], bool]:
        """(qualified name, is an instance of a catalog type) for a Name/Attribute chain."""
        if type(node) is cst.Name:
            if node.value in types:
                return types[node.value], True
            if node.value in self.module_types:
                return self.module_types[node.value], True
            if node.value in self.imports:
                return self.catalog.canonical(self.imports[node.value]), False
            return None, False
        if type(node) is cst.Attribute:
            text = dotted(node)
            if text and text in types:
                return types[text], True
            if (
                type(node.value) is cst.Name
                and node.value.value in ("self", "cls")
                and class_name is not None
            ):
                attribute_type = self.class_types.get(class_name, {}).get(node.attr.value)
                return (attribute_type, True) if attribute_type else (None, False)
            if type(node.value) is cst.Call:
                # A call's result: only the type it constructs can be named. (Asking
                # twice along `a.b().c().d()` chains would double the work per link.)
                base = self.type_of(node.value, types, class_name)
            else:
                base, _ = self.qualify(node.value, types, class_name)
            if base is None:
                return None, False
            return self.catalog.canonical(f"{base}.{node.attr.value}"), False
        if type(node) is cst.Call:
            type_name = self.type_of(node, types, class_name)
            return (type_name, True) if type_name else (None, False)
        return None, False

    def type_of(self, node: cst.BaseExpression, types: Mapping[str, str], class_name: Optional[str] = None) -> Optional[str]:
        """The catalog type an expression evaluates to, if it constructs one."""
        if type(node) is cst.Await:
            return self.type_of(node.expression, types, class_name)
        if type(node) in (cst.Name, cst.Attribute):
            qualified, instance = self.qualify(node, types, class_name)
            return qualified if instance else None
        if not type(node) is cst.Call:
            return None
        # Each link of `a.b().c().d()` asks for the type of the links below it: remembered,
        # a chain costs its length, not its length squared.
        if self._call_types is None or len(types) > _MEMO_TYPES:
            return self._call_type(node, types, class_name)
        key = (id(node), class_name, tuple(types.items()))
        known = self._call_types.get(key, _UNKNOWN)
        if known is _UNKNOWN:
            known = self._call_types[key] = self._call_type(node, types, class_name)
        return known  # type: ignore[return-value]

    def _call_type(self, node: cst.Call, types: Mapping[str, str], class_name: Optional[str]) -> Optional[str]:
        func = node.func
        if type(func) is cst.Attribute:
            receiver = self.type_of(func.value, types, class_name)  # once per link
            if receiver and func.attr.value in _FLUENT:
                return receiver
            if receiver:
                qualified: Optional[str] = self.catalog.canonical(f"{receiver}.{func.attr.value}")
            elif type(func.value) is cst.Call:
                return None
            else:
                qualified, _ = self.qualify(func, types, class_name)
        else:
            qualified, _ = self.qualify(func, types, class_name)
        if qualified is None:
            return None
        first = None
        if node.args:
            value = literal(node.args[0].value, self.module_constants)
            first = value if isinstance(value, str) else None
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "service_name":
                value = literal(arg.value)
                first = value if isinstance(value, str) else first
        return self.catalog.constructor_type(qualified, first)
