"""Shared helpers: run the engine in-process on code strings and small trees."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

from frtlint.config import Settings
from frtlint.engine.runner import Engine, RunResult
from frtlint.findings import Finding

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every frtlint it starts) caches in its own folder, never in ~/.cache."""
    home = tmp_path_factory.mktemp("frtlint-cache-home")
    monkeypatch.setenv("FRTLINT_CACHE_DIR", str(home))
    return home


def settings_for(root: Path, select: Sequence[str] = ("FRT",), **overrides) -> Settings:
    return Settings(root=root, select=list(select), engine=overrides.pop("engine", "libcst"), **overrides)


def lint_code(code: str, select: Sequence[str], tmp_path: Path, name: str = "example.py") -> List[Finding]:
    """Active findings for one snippet, through the same engine the CLI uses."""
    path = tmp_path / name
    path.write_text(code, encoding="utf-8")
    engine = Engine(settings_for(tmp_path, select), use_cache=False, jobs=1)
    return [f for f in engine.check_source(name, code.encode("utf-8")) if f.suppression_reason is None]


def lint_tree(files: Dict[str, str], tmp_path: Path, select: Sequence[str] = ("FRT",), monkeypatch: Optional[pytest.MonkeyPatch] = None) -> RunResult:
    for relative, code in files.items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
    if monkeypatch is not None:
        monkeypatch.chdir(tmp_path)
    engine = Engine(settings_for(tmp_path, select), use_cache=False, jobs=1)
    return engine.run([str(tmp_path)])
