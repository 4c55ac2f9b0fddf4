"""Helpers and vocabulary shared by the parts of the function walker."""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import libcst as cst

from frtlint.analysis.facts import FaceValue, Span
from frtlint.analysis.syntax import dotted, is_literal, iter_nodes, literal
from frtlint.catalog import ApiSpec, FaceDataWords

PositionOf = Callable[[cst.CSTNode], Span]

# Strongest first: a container holding an image is an image.
_KIND_RANK = {"image": 6, "template": 5, "record": 4, "match": 3, "boxes": 2, "path": 1}
# A face API reply's body (`r.text`, `r.json()`) and parsers that keep it whole (FRT102).
RESPONSE_BODY = frozenset({"text", "content", "json"})
RESPONSE_PARSERS = frozenset({"loads", "dumps", "str", "repr", "dict", "pformat"})
FILLERS = frozenset({"append", "extend", "add", "insert", "update", "appendleft", "setdefault"})
NOT_DATA_ATTRS = frozenset({"shape", "size", "dtype", "ndim", "len", "__len__", "mode", "format"})


def _rank(value: Optional[FaceValue]) -> int:
    return _KIND_RANK.get(value.kind, 0) if value else 0


def strongest(values: Sequence[Optional[FaceValue]]) -> Optional[FaceValue]:
    best: Optional[FaceValue] = None
    for value in values:
        if value is not None and _rank(value) > _rank(best):
            best = value
    return best


def image_args(node: cst.Call, api: ApiSpec, words: FaceDataWords) -> Iterator[cst.Arg]:
    """The arguments of a face API call that carry the image (two for a 1:1 verify)."""
    image_positions = (0, 1) if api.kind == "verify" else (0,)
    position = 0
    for arg in node.args:
        if arg.keyword is None:
            carries = position in image_positions
            position += 1
        else:
            keyword = arg.keyword.value
            carries = (
                keyword.lower() not in words.config_keywords
                and bool(words.image_keyword.search(keyword))
                and not words.id_keyword.search(keyword)
            )
        if carries:
            yield arg


def built_with_template(node: cst.Call, arg_values: Sequence[Optional[FaceValue]]) -> Optional[FaceValue]:
    """`User(name=n, face_encoding=enc)`: a project class (an ORM row) built with a face
    template keeps it, so saving the row stores the template (FRT103)."""
    return next(
        (v for a, v in zip(node.args, arg_values) if a.keyword is not None and v is not None and v.kind == "template"),
        None,
    )


def template_key(node: cst.Dict, words: FaceDataWords) -> Optional[cst.DictElement]:
    """`{"names": names, "encodings": encs}`: the entry named for face templates."""
    for element in node.elements:
        if type(element) is not cst.DictElement or type(element.key) is not cst.SimpleString:
            continue
        key = literal(element.key)
        if isinstance(key, str) and words.template_key.fullmatch(key) and not is_literal(literal(element.value)):
            return element
    return None


def path_key(node: cst.BaseExpression) -> Optional[str]:
    """A file path argument as a key: the variable (`path`, `self.snap`) or the literal."""
    value = literal(node)
    return repr(value) if isinstance(value, str) else dotted(node)


def arg_slots(node: cst.Call) -> Iterator[Tuple[str, cst.Arg]]:
    """Each argument with its slot as CallSite records it: the keyword, else its
    position among the positional arguments."""
    position = 0
    for arg in node.args:
        if arg.keyword is not None:
            yield arg.keyword.value, arg
        else:
            yield str(position), arg
            position += 1


# Builtins and common library calls that are never a project function taking a path.
NOT_PROJECT_CALLS = frozenset(
    {"print", "len", "str", "int", "float", "bool", "format", "join", "exists", "isfile", "isdir", "makedirs",
     "mkdir", "remove", "unlink", "append", "get", "split", "replace", "startswith", "endswith", "lower", "upper",
     "strip", "info", "debug", "warning", "error", "exception", "log", "open", "listdir", "glob", "basename",
     "dirname", "splitext", "abspath", "Path", "isinstance", "range", "enumerate", "zip", "sorted", "list"}
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def names_of_text(text: str) -> List[str]:
    return _IDENTIFIER.findall(text)


def field_of(node: cst.BaseExpression) -> bool:
    """`args.user_id`, `record.name`: a field of an object, not the object's own data."""
    while type(node) is cst.Subscript:
        node = node.value
    return type(node) is cst.Attribute and node.attr.value not in ("T", "data", "content", "body", "raw")


def chain_base(node: cst.BaseExpression) -> cst.BaseExpression:
    """The node under a chain of attributes and subscripts (`f(x)[1].data` -> `f(x)`)."""
    while type(node) in (cst.Attribute, cst.Subscript):
        node = node.value
    return node


def self_attribute(node: cst.BaseExpression) -> Optional[str]:
    """`self.frame` for `self.frame`, `self.frame[y:y + h]`, `self.frame.shape`."""
    while type(node) in (cst.Attribute, cst.Subscript):
        if type(node) is cst.Attribute and type(node.value) is cst.Name and node.value.value == "self":
            return f"self.{node.attr.value}"
        node = node.value
    return None


def passed_names(node: cst.Call) -> List[str]:
    """Names passed as bare values (`fn`, `self.fn`): not called here, maybe called later."""
    names = []
    for arg in node.args:
        value = arg.value
        if type(value) is cst.Name:
            names.append(value.value)
        elif type(value) is cst.Attribute:
            names.append(value.attr.value)
    return names


def slice_expressions(node: cst.Subscript) -> List[cst.BaseExpression]:
    found: List[cst.BaseExpression] = []
    for element in node.slice:
        for sub in iter_nodes(element.slice):
            if type(sub) is cst.Name:
                found.append(sub)
            elif type(sub) is cst.Attribute:
                found.append(sub)
    return found


def has_range_slice(node: cst.Subscript) -> bool:
    return any(type(e.slice) is cst.Slice for e in node.slice)


def opens_for_writing(node: cst.Call) -> bool:
    mode = None
    for index, arg in enumerate(node.args):
        if (arg.keyword is None and index == 1) or (arg.keyword is not None and arg.keyword.value == "mode"):
            mode = literal(arg.value)
    return isinstance(mode, str) and any(flag in mode for flag in "wax+")


def has_false_kw(node: cst.Call, keyword: str) -> bool:
    return any(a.keyword is not None and a.keyword.value == keyword and literal(a.value) is False for a in node.args)


def decorator_target(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.func if type(node) is cst.Call else node


def param_defaults(node: cst.FunctionDef) -> Dict[str, Optional[cst.BaseExpression]]:
    params: Dict[str, Optional[cst.BaseExpression]] = {}
    p = node.params
    for param in [*p.posonly_params, *p.params, *p.kwonly_params]:
        params[param.name.value] = param.default
    if type(p.star_arg) is cst.Param:  # `def log(*values)`: a wrapper forwards them
        params[p.star_arg.name.value] = None
    return params


_WHITESPACE = re.compile(r"\s+")
_EMPTY_MODULE = cst.Module(body=[])


def node_text(node: cst.CSTNode) -> str:
    return _WHITESPACE.sub(" ", _EMPTY_MODULE.code_for_node(node)).strip()

