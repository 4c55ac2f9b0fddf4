"""No module imports a higher layer, wherever the import is written in the file.

Function-local imports, `TYPE_CHECKING` blocks and `try/except ImportError` count too:
they hide a dependency from a reader, they do not remove it. There are no exceptions.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

PACKAGE = Path(__file__).resolve().parent.parent / "frtlint"

# Lowest first. A module may import its own layer and the layers before it. A name stands
# for that module and everything below it (the longest name that matches wins).
LAYERS: List[Tuple[str, Tuple[str, ...]]] = [
    ("model", (
        "frtlint", "frtlint.errors", "frtlint.model", "frtlint.findings", "frtlint.tomlcompat", "frtlint.report_file",
        "frtlint.hardened_git", "frtlint.rule_pack",
    )),
    ("catalog", ("frtlint.catalog",)),
    ("analysis", ("frtlint.analysis",)),
    ("checks", ("frtlint.checks", "frtlint.docs")),
    ("engine", ("frtlint.engine", "frtlint.config", "frtlint.cli_suggest", "frtlint.edit", "frtlint.fixes")),
    ("reporters", ("frtlint.reporters", "frtlint.terminal", "frtlint.report")),
    ("front ends", (
        "frtlint.gate", "frtlint.cli", "frtlint.cli_args", "frtlint.cli_check", "frtlint.cli_report", "frtlint.integrations", "frtlint.scaffold", "frtlint.__main__",
    )),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> Dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in path.parts}


def _layer(module: str) -> Optional[int]:
    best: Optional[Tuple[int, int]] = None  # (length of the matching name, layer)
    for index, (_, names) in enumerate(LAYERS):
        for name in names:
            if module == name or (name != "frtlint" and module.startswith(name + ".")):
                if best is None or len(name) > best[0]:
                    best = (len(name), index)
    return None if best is None else best[1]


def _imported(tree: ast.AST, module: str, is_package: bool, known: Set[str]) -> Iterator[str]:
    """Every frtlint module `module` imports, anywhere in its file."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "frtlint")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            if base.split(".")[0] != "frtlint":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in known else base


@lru_cache(maxsize=1)
def _upward_imports() -> FrozenSet[Tuple[str, str]]:
    modules = _modules()
    found: Set[Tuple[str, str]] = set()
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target in _imported(tree, module, path.name == "__init__.py", set(modules)):
            own, theirs = _layer(module), _layer(target)
            if own is not None and theirs is not None and theirs > own:
                found.add((module, target))
    return frozenset(found)


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(module for module in _modules() if _layer(module) is None)
    assert unplaced == [], "add these modules to LAYERS in tests/test_layers.py"


def test_no_module_imports_a_higher_layer() -> None:
    names = [name for name, _ in LAYERS]
    described = [f"{a} ({names[_layer(a)]}) imports {b} ({names[_layer(b)]})" for a, b in sorted(_upward_imports())]  # type: ignore[index]
    assert described == []


def test_front_ends_share_no_private_helpers() -> None:
    """What `cli`, `gate` and `report` share is public in a module they all import
    (`cli_args`), not reached for as another module's `_private` names."""
    found = []
    for module, path in _modules().items():
        if not module.startswith(("frtlint.cli", "frtlint.gate", "frtlint.report")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("frtlint")):
                found += [f"{module}: {alias.name}" for alias in node.names if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []


def test_function_local_and_guarded_imports_are_seen(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from frtlint.engine.runner import RunResult\n"
        "def f():\n"
        "    from ..cli import main\n"
        "    try:\n"
        "        import frtlint.gate.diff\n"
        "    except ImportError:\n"
        "        pass\n"
        "from . import base\n"
    )
    known = {"frtlint.checks.base", "frtlint.engine.runner", "frtlint.cli", "frtlint.gate.diff"}
    found = sorted(_imported(ast.parse(source), "frtlint.checks.example", False, known))
    assert found == ["frtlint.checks.base", "frtlint.cli", "frtlint.engine.runner", "frtlint.gate.diff"]
    assert [_layer(m) for m in found] == [3, 6, 4, 6]
