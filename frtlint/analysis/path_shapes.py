"""The shape of a path expression in LibCST code (see `paths` for what shapes mean).

Kept apart from `paths` so the checks, which only compare shapes, do not import LibCST:
a run whose files all come from the cache never loads it.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping, Optional, Pattern

import libcst as cst

from frtlint.analysis.paths import normalise
from frtlint.analysis.syntax import called_name, dotted, literal

# Calls whose result is the path they are given (`str(p)`, `Path(p)`, `os.path.abspath(p)`).
_SAME_PATH = frozenset(
    {"str", "Path", "PurePath", "PosixPath", "WindowsPath", "abspath", "normpath", "realpath",
     "expanduser", "fspath", "resolve", "absolute", "as_posix", "secure_filename"}
)
# Listings: iterating one gives the paths inside a folder.
LISTINGS = frozenset({"listdir", "glob", "iglob", "rglob", "iterdir", "scandir", "walk"})
# A named location is only taken from attributes and keys that say they are one.
_PRINTF = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
_BRACES = re.compile(r"\{[^{}]*\}")


class ShapeOf:
    """Computes the shape of path expressions in one function."""

    def __init__(
        self,
        names: Mapping[str, str],
        constants: Mapping[str, object],
        imports: Mapping[str, str],
        qualify: Callable[[cst.Call], str],
        location_name: Pattern[str],
    ) -> None:
        self.names = names  # local name -> shape (the walker keeps it current)
        self.constants = constants
        self.imports = imports
        self.qualify = qualify
        self.location_name = location_name  # `UPLOAD_DIR`, `dataset_path`: names of places

    def __call__(self, node: cst.BaseExpression) -> Optional[str]:
        raw = self._raw(node, 0)
        return normalise(raw) if raw else None

    def _part(self, node: cst.BaseExpression, depth: int) -> str:
        return self._raw(node, depth + 1) or "*"

    def _raw(self, node: cst.BaseExpression, depth: int) -> Optional[str]:
        if depth > 12:
            return None
        kind = type(node)
        if kind in (cst.SimpleString, cst.ConcatenatedString):
            value = literal(node)
            return value if isinstance(value, str) else None
        if kind is cst.Name:
            name = node.value
            if name in self.names:
                return self.names[name]
            value = self.constants.get(name)
            if isinstance(value, str):
                return value
            if name in self.imports or (name.isupper() and len(name) > 1):
                return "{" + name + "}"
            return None
        if kind is cst.Attribute:
            text = dotted(node)
            if text and text in self.names:
                return self.names[text]
            attribute = node.attr.value
            if attribute.isupper() or self.location_name.search(attribute):
                return "{" + attribute + "}"
            return None
        if kind is cst.Subscript:
            if len(node.slice) == 1 and type(node.slice[0].slice) is cst.Index:
                key = literal(node.slice[0].slice.value)
                if isinstance(key, str) and (key.isupper() or self.location_name.search(key)):
                    return "{" + key + "}"
            return None
        if kind is cst.FormattedString:
            parts = []
            for part in node.parts:
                if type(part) is cst.FormattedStringText:
                    parts.append(part.value)
                elif type(part) is cst.FormattedStringExpression:
                    parts.append(self._part(part.expression, depth))
            return "".join(parts)
        if kind is cst.BinaryOperation:
            operator = type(node.operator)
            if operator is cst.Add:
                return self._part(node.left, depth) + self._part(node.right, depth)
            if operator is cst.Divide:
                left = self._raw(node.left, depth + 1)
                return None if left is None else left + "/" + self._part(node.right, depth)
            if operator is cst.Modulo:
                left = literal(node.left, self.constants)
                return _PRINTF.sub("*", left) if isinstance(left, str) else None
            return None
        if kind is cst.Call:
            return self._call(node, depth)
        return None

    def _call(self, node: cst.Call, depth: int) -> Optional[str]:
        func = node.func
        name = called_name(func)
        positional = [a.value for a in node.args if a.keyword is None]
        if name == "format" and type(func) is cst.Attribute:
            template = literal(func.value, self.constants)
            return _BRACES.sub("*", template) if isinstance(template, str) else None
        if name in ("join", "joinpath") and positional:
            qualified = self.qualify(node)
            if name == "join" and not (qualified.endswith("path.join") or qualified == "join"):
                return None  # `",".join(parts)` is no path
            parts = [self._part(a, depth) for a in positional]
            if name == "joinpath" and type(func) is cst.Attribute:
                parts.insert(0, self._part(func.value, depth))
            return "/".join(parts)
        if name in _SAME_PATH:
            if type(func) is cst.Attribute and name in ("resolve", "absolute", "as_posix", "expanduser"):
                return self._raw(func.value, depth + 1)
            return self._raw(positional[0], depth + 1) if positional else None
        if name == "with_suffix" and type(func) is cst.Attribute and positional:
            base = self._raw(func.value, depth + 1)
            suffix = literal(positional[0])
            if base is None or not isinstance(suffix, str):
                return None
            stem = base.rsplit(".", 1)[0] if "." in base.rpartition("/")[2] else base
            return stem + suffix
        return None

    def listing(self, node: cst.BaseExpression) -> Optional[str]:
        """The shape of one element of a listing (`for p in DIR.glob('*.jpg')`)."""
        if type(node) is not cst.Call:
            return None
        func = node.func
        name = called_name(func)
        if name not in LISTINGS:
            return None
        positional = [a.value for a in node.args if a.keyword is None]
        qualified = self.qualify(node)
        if type(func) is cst.Attribute and not qualified.startswith(("os.", "glob.")):
            # pathlib: `folder.glob(pattern)`, `folder.iterdir()`
            folder = self._raw(func.value, 1)
            if folder is None:
                return None
            pattern = literal(positional[0]) if positional and name != "iterdir" else None
            return normalise(folder + "/" + (pattern if isinstance(pattern, str) else "*"))
        if not positional:
            return None
        if name in ("glob", "iglob"):
            return self(positional[0])
        if name != "walk":
            return None  # `os.listdir` gives bare names: `os.path.join(folder, name)` has the shape
        folder = self._raw(positional[0], 1)
        return normalise(folder) if folder is not None else None
