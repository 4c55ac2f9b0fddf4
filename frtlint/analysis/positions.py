"""Source positions without LibCST's PositionProvider.

LibCST's PositionProvider re-generates the whole module's code to learn where each node
is; on a large tree that costs more than parsing it. Python's own `ast` parser is an
order of magnitude faster and records positions, so frtlint parses with both and
matches the nodes it reports on (calls, subscripts, statements, ...) by source order:
the k-th call LibCST meets in a source-order walk is the k-th call `ast` places in
the text. Each match is verified (same kind of node, same called name); if anything
disagrees, the file falls back to PositionProvider, so a position is never guessed.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from typing import Dict, Iterator, List, Optional, Tuple, Type

import libcst as cst

from frtlint.analysis.facts import Span
from frtlint.analysis.suppression_grammar import physical_lines
from frtlint.analysis.tree import index, walk

# LibCST node type -> the ast node types that stand for the same code.
_PAIRS: Dict[Type[cst.CSTNode], Tuple[type, ...]] = {
    cst.Call: (ast.Call,),
    cst.Subscript: (ast.Subscript,),
    cst.If: (ast.If,),
    cst.While: (ast.While,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.Assert: (ast.Assert,),
    cst.Return: (ast.Return,),
    cst.Raise: (ast.Raise,),
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.IfExp: (ast.IfExp,),
    cst.Comparison: (ast.Compare,),
    cst.ListComp: (ast.ListComp,),
    cst.SetComp: (ast.SetComp,),
    cst.DictComp: (ast.DictComp,),
    cst.GeneratorExp: (ast.GeneratorExp,),
    cst.Lambda: (ast.Lambda,),
}
_AST_TO_CST = {ast_type: cst_type for cst_type, ast_types in _PAIRS.items() for ast_type in ast_types}
# Buckets for tree.index(): the paired LibCST types, by name.
BUCKETS: Dict[type, str] = {cst_type: cst_type.__name__ for cst_type in _PAIRS}
_WHITESPACE = re.compile(r"\s+")
_EMPTY_MODULE = cst.Module(body=[])


class Positions:
    """Maps LibCST nodes to spans (1-based lines and columns, end column exclusive)."""

    def __init__(
        self,
        module: cst.Module,
        text: str,
        nodes: Optional[Dict[str, List[cst.CSTNode]]] = None,
        tree: Optional[ast.Module] = None,
    ) -> None:
        """`nodes`: the module's nodes of the paired types, by type name, in source order;
        `tree`: CPython's tree of `text`, when the caller has parsed it already."""
        self.module = module
        self.lines = physical_lines(text, keepends=True)  # not splitlines(): see physical_lines
        self._spans: Dict[int, Span] = {}
        self._fallback: Optional[Dict[cst.CSTNode, object]] = None
        if nodes is None:
            nodes = index(module, BUCKETS)
        if not self._match(text, nodes, tree):
            self._use_position_provider()

    # -- matching ---------------------------------------------------------------------
    def _match(self, text: str, nodes: Dict[str, List[cst.CSTNode]], tree: Optional[ast.Module] = None) -> bool:
        if tree is None:
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return False
        ast_nodes: Dict[type, List[ast.AST]] = {t: [] for t in _PAIRS}
        for node in _ast_walk(tree):
            kind = _AST_TO_CST.get(type(node))
            if kind is not None:
                ast_nodes[kind].append(node)
        for kind in _PAIRS:
            found = nodes.get(kind.__name__, [])
            expected = ast_nodes[kind]
            if len(found) != len(expected):
                return False
            expected.sort(key=_order)
            for cst_node, ast_node in zip(found, expected):
                if kind is cst.Call and not _same_callee(cst_node, ast_node):
                    return False
                self._spans[id(cst_node)] = self._span(ast_node)
        return True

    def _span(self, node: ast.AST) -> Span:
        line = node.lineno
        end_line = node.end_lineno or line
        return Span(
            line,
            self._column(line, node.col_offset) + 1,
            end_line,
            self._column(end_line, node.end_col_offset or node.col_offset) + 1,
        )

    def _column(self, line: int, byte_offset: int) -> int:
        """ast counts UTF-8 bytes; editors and LibCST count characters."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))

    def _use_position_provider(self) -> None:
        from libcst.metadata import MetadataWrapper, PositionProvider

        self._spans.clear()
        self._fallback = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)

    # -- queries -------------------------------------------------------------------------
    def span(self, node: cst.CSTNode) -> Optional[Span]:
        if self._fallback is not None:
            code_range = self._fallback.get(node)
            if code_range is None:
                return None
            return Span(code_range.start.line, code_range.start.column + 1, code_range.end.line, code_range.end.column + 1)
        found = self._spans.get(id(node))
        if found is not None:
            return found
        for child in walk(node):
            found = self._spans.get(id(child))
            if found is not None:
                return found
        return None

    def text(self, node: cst.CSTNode) -> str:
        """The node's source, whitespace collapsed (stable across reformatting)."""
        span = self._spans.get(id(node)) if self._fallback is None else None
        if span is None:
            return _WHITESPACE.sub(" ", _EMPTY_MODULE.code_for_node(node)).strip()
        if span.line == span.end_line:
            raw = self.lines[span.line - 1][span.column - 1 : span.end_column - 1]
        else:
            parts = [self.lines[span.line - 1][span.column - 1 :]]
            parts += self.lines[span.line : span.end_line - 1]
            parts.append(self.lines[span.end_line - 1][: span.end_column - 1])
            raw = "".join(parts)
        return _WHITESPACE.sub(" ", raw).strip()


_AST_FIELDS: Dict[type, Tuple[str, ...]] = {}
# Fields that hold only a context, an operator or a comment: never a node that matters.
_AST_LEAF_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})


def _ast_walk(tree: ast.AST) -> Iterator[ast.AST]:
    """`ast.walk`'s nodes in `ast.walk`'s order, a third of its cost (it asks
    `iter_child_nodes`, which re-checks every field of every node)."""
    queue = deque([tree])
    while queue:
        node = queue.popleft()
        yield node
        kind = type(node)
        fields = _AST_FIELDS.get(kind)
        if fields is None:
            fields = _AST_FIELDS[kind] = tuple(f for f in kind._fields if f not in _AST_LEAF_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        queue.append(item)
            elif isinstance(value, ast.AST):
                queue.append(value)


def _order(node: ast.AST) -> Tuple[int, int, int, int]:
    return (node.lineno, node.col_offset, -(node.end_lineno or 0), -(node.end_col_offset or 0))


def _same_callee(cst_node: cst.Call, ast_node: ast.Call) -> bool:
    func = cst_node.func
    name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
    target = ast_node.func
    expected = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else None
    return name is None or expected is None or name == expected
