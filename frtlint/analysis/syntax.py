"""Small, pure helpers over LibCST expression nodes."""

from __future__ import annotations

import ast
import re
from typing import Any, Dict, FrozenSet, Iterator, Optional, Set, Tuple

import libcst as cst

from frtlint.analysis.facts import NOT_A_LITERAL as _NOT_A_LITERAL
from frtlint.analysis.tree import children, file_cache, walk

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def dotted(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` for Name/Attribute chains, else None."""
    if type(node) is cst.Name:
        return node.value
    if type(node) is cst.Attribute:
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def called_name(func: cst.BaseExpression) -> str:
    """The last name of a callee: `resize` for `resize`, `cv2.resize` and `f().resize`;
    "" for any other callee (`handlers[0]()`)."""
    if type(func) is cst.Attribute:
        return func.attr.value
    return func.value if type(func) is cst.Name else ""


def root_name(node: cst.BaseExpression) -> Optional[str]:
    """The Name at the bottom of an attribute/subscript/call chain."""
    while True:
        if type(node) is cst.Name:
            return node.value
        if type(node) is cst.Attribute:
            node = node.value
        elif type(node) is cst.Subscript:
            node = node.value
        elif type(node) is cst.Call:
            node = node.func
        else:
            return None


def literal(node: cst.BaseExpression, constants: Optional[dict] = None) -> Any:
    """The Python value of a literal expression, or `NOT_A_LITERAL`."""
    if type(node) is cst.SimpleString:
        return _string_value(node.value)
    if type(node) is cst.ConcatenatedString:
        left, right = literal(node.left, constants), literal(node.right, constants)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        return _NOT_A_LITERAL
    if type(node) is cst.Integer:
        return _int(node.value)
    if type(node) is cst.Float:
        return float(node.value.replace("_", ""))
    if type(node) is cst.UnaryOperation and type(node.operator) is cst.Minus:
        inner = literal(node.expression, constants)
        return -inner if isinstance(inner, (int, float)) else _NOT_A_LITERAL
    if type(node) is cst.Name:
        if node.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.value]
        if constants is not None and node.value in constants:
            return constants[node.value]
        return _NOT_A_LITERAL
    if type(node) in (cst.List, cst.Tuple, cst.Set):
        values = []
        for element in node.elements:
            if type(element) in (cst.StarredElement,):
                return _NOT_A_LITERAL
            value = literal(element.value, constants)
            if value is _NOT_A_LITERAL:
                return _NOT_A_LITERAL
            values.append(value)
        return values
    if type(node) is cst.Dict:
        result = {}
        for element in node.elements:
            if not type(element) is cst.DictElement:
                return _NOT_A_LITERAL
            key = literal(element.key, constants)
            value = literal(element.value, constants)
            if key is _NOT_A_LITERAL or not isinstance(key, (str, int)):
                return _NOT_A_LITERAL
            result[key] = value if value is not _NOT_A_LITERAL else _NOT_A_LITERAL
        return result
    if type(node) is cst.Call and dotted(node.func) == "dict":
        result = {}
        for arg in node.args:
            if arg.keyword is None:
                return _NOT_A_LITERAL
            result[arg.keyword.value] = literal(arg.value, constants)
        return result
    return _NOT_A_LITERAL


_STRING_CACHE: dict = {}
_TRIPLE = ("'" * 3, '"' * 3)


def _string_value(source: str) -> Any:
    """The value of a string literal; plain ones without escapes skip the evaluator."""
    cached = _STRING_CACHE.get(source, _NOT_A_LITERAL)
    if cached is not _NOT_A_LITERAL:
        return cached
    quote_at = min(i for i in (source.find("'"), source.find('"')) if i >= 0)
    prefix = source[:quote_at].lower()
    body = source[quote_at:]
    value: Any
    if "b" in prefix:
        value = _NOT_A_LITERAL
    elif "\\" not in body or "r" in prefix:
        quotes = 3 if body[:3] in _TRIPLE else 1
        value = body[quotes:-quotes]
    else:
        try:
            value = ast.literal_eval(source)
        except (ValueError, SyntaxError):
            value = _NOT_A_LITERAL
    if len(_STRING_CACHE) < 50000:
        _STRING_CACHE[source] = value
    return value


def _int(text: str) -> Any:
    text = text.replace("_", "")
    try:
        return int(text, 0)
    except ValueError:
        return int(text) if text.isdigit() else _NOT_A_LITERAL


def is_literal(value: Any) -> bool:
    return value is not _NOT_A_LITERAL


NOT_A_LITERAL = _NOT_A_LITERAL  # re-exported for the walker


_WORDS: Dict[int, Tuple[cst.CSTNode, FrozenSet[str]]] = file_cache()


def words_of(node: cst.CSTNode) -> FrozenSet[str]:
    """Identifiers, attribute names and identifier-like words inside string literals.

    Remembered per node while its file is analysed: a call's argument words and the
    conditions around it ask for the same subtrees again."""
    known = _WORDS.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    found: Set[str] = set()
    for sub in iter_nodes(node):
        if type(sub) is cst.Name:
            found.add(sub.value.lower())
        elif type(sub) is cst.SimpleString:
            value = literal(sub)
            if isinstance(value, str) and len(value) <= 80:
                found.update(w.lower() for w in _WORD.findall(value))
    words = frozenset(found)
    _WORDS[id(node)] = (node, words)
    return words


def iter_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    return walk(node)


def names_in(node: cst.CSTNode) -> Iterator[cst.Name]:
    """Name nodes used as values (not attribute names, not keyword names)."""
    if type(node) is cst.Name:
        yield node
        return
    if type(node) is cst.Attribute:
        yield from names_in(node.value)
        return
    if type(node) is cst.Arg:
        yield from names_in(node.value)
        return
    if type(node) in (cst.Lambda, cst.FunctionDef):
        return
    for child in children(node):
        yield from names_in(child)


def always_exits(body: cst.BaseSuite) -> bool:
    """True when a block ends in return/raise/continue/break/abort()/sys.exit()."""
    statements = body.body if type(body) is cst.IndentedBlock else [body]
    if not statements:
        return False
    last = statements[-1]
    if type(last) is cst.SimpleStatementSuite or type(last) is cst.SimpleStatementLine:
        small = last.body[-1] if last.body else None
        if type(small) in (cst.Return, cst.Raise, cst.Continue, cst.Break):
            return True
        if type(small) is cst.Expr and type(small.value) is cst.Call:
            name = dotted(small.value.func) or ""
            return name.split(".")[-1] in {"abort", "exit", "_exit", "exit_with_error"}
        return False
    if type(last) is cst.If:
        return (
            last.orelse is not None
            and always_exits(last.body)
            and always_exits(last.orelse.body if type(last.orelse) is cst.Else else _as_block(last.orelse))
        )
    return False


def _as_block(node: cst.If) -> cst.BaseSuite:
    return cst.IndentedBlock(body=[node])
