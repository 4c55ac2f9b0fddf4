"""Fast traversal of LibCST trees, in source order.

LibCST's `node.children` runs a visitor per call, which dominates a walk over a large
tree. Reading the dataclass fields directly is an order of magnitude cheaper. The field
order of a few node types differs from the order in the source (decorators come first
in the text, `body if test else orelse`, ...); those are listed explicitly, because the
position matching in `positions.py` relies on visiting nodes in source order.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, FrozenSet, Iterator, List, Sequence, Tuple, Type

import libcst as cst

# Fields that only hold whitespace, punctuation or operator tokens: never code.
_SKIP = frozenset({
    "lpar", "rpar", "comma", "semicolon", "lbrace", "rbrace", "lbracket", "rbracket", "colon",
    "dot", "equal", "operator", "leading_lines", "lines_after_decorators", "header", "footer",
    "star", "asynchronous", "newline", "indent", "posonly_ind", "default_indent", "default_newline",
})

_SOURCE_ORDER: Dict[str, Tuple[str, ...]] = {
    "FunctionDef": ("decorators", "name", "type_parameters", "params", "returns", "body"),
    "ClassDef": ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    "IfExp": ("body", "test", "orelse"),
    "ExceptHandler": ("type", "name", "body"),
    "ExceptStarHandler": ("type", "name", "body"),
    "Parameters": ("posonly_params", "posonly_ind", "params", "star_arg", "kwonly_params", "star_kwarg"),
    "MatchCase": ("pattern", "guard", "body"),
}

_FIELDS: Dict[Type[cst.CSTNode], Tuple[str, ...]] = {}


def _fields_of(kind: Type[cst.CSTNode]) -> Tuple[str, ...]:
    fields = _FIELDS.get(kind)
    if fields is None:
        names = [f.name for f in dataclasses.fields(kind)]
        ordered = _SOURCE_ORDER.get(kind.__name__)
        if ordered is not None:
            names = [n for n in ordered if n in names] + [n for n in names if n not in ordered]
        fields = tuple(n for n in names if n not in _SKIP and not n.startswith("whitespace"))
        _FIELDS[kind] = fields
    return fields


_IS_NODE: Dict[type, bool] = {}
# One file's tree is walked several times (index, seeding, the flow pass): its child
# lists are kept while that file is analysed and dropped by `forget()`.
# The node itself is kept with its children so its id cannot be reused meanwhile.
_CHILDREN: Dict[int, Tuple[cst.CSTNode, Tuple[cst.CSTNode, ...]]] = {}


def _is_node(value: object) -> bool:
    # isinstance against LibCST's abstract base classes is slow: remember per type.
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = isinstance(value, cst.CSTNode)
    return known


# Other per-node caches that live as long as the child lists (see `file_cache`).
_FILE_CACHES: List[Dict[int, object]] = []


def file_cache() -> Dict[int, Any]:
    """A dict keyed by node id, emptied with the child lists when a file is done
    (node ids are only stable while the file's tree is alive)."""
    cache: Dict[int, Any] = {}
    _FILE_CACHES.append(cache)
    return cache


def forget() -> None:
    _CHILDREN.clear()
    for cache in _FILE_CACHES:
        cache.clear()


def children(node: cst.CSTNode) -> Tuple[cst.CSTNode, ...]:
    """The child nodes that can hold code, in source order."""
    known = _CHILDREN.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    return _remember_children(node)


def _remember_children(node: cst.CSTNode) -> Tuple[cst.CSTNode, ...]:
    found: List[cst.CSTNode] = []
    for name in _fields_of(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is list or kind is tuple:
            for item in value:
                known = _IS_NODE.get(type(item))
                if known or (known is None and _is_node(item)):
                    found.append(item)
        else:
            known = _IS_NODE.get(kind)
            if known or (known is None and _is_node(value)):
                found.append(value)
    result = tuple(found)
    _CHILDREN[id(node)] = (node, result)
    return result


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Pre-order, source order: a node before its children, earlier code first."""
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def nodes_of_types(roots: Sequence[cst.CSTNode], kinds: FrozenSet[type]) -> List[cst.CSTNode]:
    """The nodes of these types below `roots` (the roots included), in source order: the
    loop of `walk` without a generator, for passes that want only a few node types."""
    found: List[cst.CSTNode] = []
    for root in roots:
        stack: List[cst.CSTNode] = [root]
        while stack:
            current = stack.pop()
            if type(current) in kinds:
                found.append(current)
            known = _CHILDREN.get(id(current))
            below = known[1] if known is not None and known[0] is current else _remember_children(current)
            stack.extend(reversed(below))
    return found


def index(node: cst.CSTNode, buckets: Dict[type, str]) -> Dict[str, List[cst.CSTNode]]:
    """One source-order walk that files nodes of the given types into named buckets.

    It meets every node of the tree first, so it fills the child lists the later
    walks read (the same loop as `walk`, without a generator: this is the hot one).
    """
    found: Dict[str, List[cst.CSTNode]] = {name: [] for name in set(buckets.values())}
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        bucket = buckets.get(type(current))
        if bucket is not None:
            found[bucket].append(current)
        known = _CHILDREN.get(id(current))
        below = known[1] if known is not None and known[0] is current else _remember_children(current)
        stack.extend(reversed(below))
    return found
