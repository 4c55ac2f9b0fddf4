"""The installed wheel carries its data: catalog TOML and the Semgrep rule pack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    isolation = ["--no-build-isolation"] if _has_hatchling() else []
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True,
    )
    [built] = out.glob("frtlint-*.whl")
    return built


def _has_hatchling() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True


def test_wheel_contains_catalog_and_rules(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("frtlint/catalog/face_apis.toml", "frtlint/catalog/markers.toml", "frtlint/catalog/articles.toml"):
        assert data in names
    bundled = [n for n in names if n.startswith("frtlint/_bundled_rules/")]
    in_checkout = [p for p in (REPO / "rules").rglob("*.yaml")]
    assert len(bundled) >= len(in_checkout)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "frtlint = frtlint.cli:main" in text
    assert "FRT = frtlint.integrations.flake8_plugin:Flake8Plugin" in text


def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()
    (work / "job.py").write_text("from deepface import DeepFace\nr = DeepFace.analyze(img)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    completed = subprocess.run(
        [str(python), "-m", "frtlint", "check", "--no-cache", "--format", "json", "--select", "FRT301", "."],
        cwd=work, capture_output=True, text=True, env=env,
    )
    assert completed.returncode == 1, completed.stderr
    [finding] = json.loads(completed.stdout)["findings"]
    assert (finding["rule"], finding["path"], finding["line"]) == ("FRT301", "job.py", 2)
    located = subprocess.run(
        [str(python), "-c", "import frtlint.rule_pack as s; print(s.bundled_rules_dir())"],
        cwd=work, capture_output=True, text=True, env=env, check=True,
    ).stdout.strip()
    assert "site-packages" in located and located.endswith("_bundled_rules")
