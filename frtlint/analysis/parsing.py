"""LibCST parsing without re-validating what the parser itself built.

Every LibCST node checks its own fields when it is created (`CSTNode.__post_init__`
calls `_validate`). That guards trees that people assemble by hand; a tree the parser
produced from valid source passes by construction, and the checks cost about a twelfth
of a parse (LibCST's own comment on `__post_init__` suggests moving them out of the
parse path). frtlint only reads parsed trees, so while it parses, the hook is
switched off. If LibCST ever changes the hook, parsing simply validates as before.

A file Python accepts but LibCST's parser rejects is parsed through an equivalent text
with the same lines and columns, when there is one (`parse_equivalent`).
"""

from __future__ import annotations

import ast
import threading
from typing import Any, Callable, Optional, Tuple

import libcst as cst

from frtlint.analysis.equivalent_source import libcst_equivalent

_LOCK = threading.Lock()
# Looked up on CSTNode itself: if a LibCST release moves the hook, nothing is switched off.
_HOOK: Optional[Callable[[Any], None]] = vars(cst.CSTNode).get("__post_init__")


def _trusted(node: Any) -> None:
    return None


def parse_module(text: str) -> cst.Module:
    if _HOOK is None:
        return cst.parse_module(text)
    with _LOCK:  # an editor may parse on several threads; switch the hook once
        cst.CSTNode.__post_init__ = _trusted  # type: ignore[method-assign]
        try:
            return cst.parse_module(text)
        finally:
            cst.CSTNode.__post_init__ = _HOOK  # type: ignore[method-assign]


def parse_equivalent(text: str, tree: ast.Module) -> Optional[Tuple[cst.Module, str]]:
    """For a file Python accepts and LibCST rejects: LibCST's tree of an equivalent text
    with the same lines and columns (equivalent_source), and that text; None if none."""
    rewritten = libcst_equivalent(text, tree)
    if rewritten is None:
        return None
    try:
        return parse_module(rewritten), rewritten
    except (cst.ParserSyntaxError, RecursionError):
        return None
