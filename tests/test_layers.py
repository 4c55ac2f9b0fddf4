"""No module imports a higher layer, wherever the import is written in the file.

Function-local imports, `TYPE_CHECKING` blocks and `try/except ImportError` count too:
they hide a dependency from a reader, they do not remove it. The known exceptions are
listed with the reason each is one; an entry that no longer occurs must be removed, so
the list only shrinks.
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
    ("model", ("frtlint", "frtlint.errors", "frtlint.findings", "frtlint.tomlcompat", "frtlint.report_file")),
    ("catalog", ("frtlint.catalog",)),
    ("analysis", ("frtlint.analysis",)),
    ("checks", ("frtlint.checks", "frtlint.docs")),
    ("engine", ("frtlint.engine", "frtlint.config", "frtlint.cli_suggest", "frtlint.edit", "frtlint.fixes")),
    ("reporters", ("frtlint.reporters", "frtlint.terminal", "frtlint.report")),
    ("front ends", (
        "frtlint.gate", "frtlint.cli", "frtlint.cli_check", "frtlint.integrations", "frtlint.scaffold", "frtlint.__main__",
    )),
]

# (importer, imported) -> why it is allowed for now.
KNOWN_VIOLATIONS: Dict[Tuple[str, str], str] = {
    ("frtlint.findings", "frtlint.checks"): "Finding.name looks the rule up in the registry; store the name on Finding (issue 16)",
    ("frtlint.checks.base", "frtlint.engine.semgrep"): "Rule.languages() asks the Semgrep pack; the pack's languages belong below checks (issue 16)",
    ("frtlint.checks.impact_record", "frtlint.engine.hardened_git"): "FRT901 reads git history; the hardened git runner is a leaf that belongs in the model layer",
    ("frtlint.checks.frt901_missing_impact_assessment", "frtlint.config"): "FRT901 reads project settings; pass them as rule options instead",
    ("frtlint.report", "frtlint.cli"): "`frtlint report` reuses cli's parser helpers; move them to a module both import (issue 16)",
}


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
    new = sorted(_upward_imports() - set(KNOWN_VIOLATIONS))
    described = [f"{a} ({names[_layer(a)]}) imports {b} ({names[_layer(b)]})" for a, b in new]  # type: ignore[index]
    assert described == []


def test_known_violations_still_occur() -> None:
    fixed = sorted(set(KNOWN_VIOLATIONS) - _upward_imports())
    assert fixed == [], "these imports are gone: remove them from KNOWN_VIOLATIONS"


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
