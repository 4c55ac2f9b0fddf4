"""The run cache is keyed on the code that produced a result, not only on the scanned tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

from frtlint.engine import cache

REPO = Path(__file__).resolve().parent.parent
LOGGED = "import face_recognition\n\ndef f(img):\n    enc = face_recognition.face_encodings(img)[0]\n    print(enc)\n"
OLD_MESSAGE = 'f"{call.name}() writes {what} to a log"'
NEW_MESSAGE = 'f"{call.name}() prints {what} (edited copy)"'


def _check(project: Path, package_parent: Path) -> List[str]:
    environment = {**os.environ, "PYTHONPATH": str(package_parent)}
    done = subprocess.run(
        [sys.executable, "-m", "frtlint", "check", "--engine", "libcst", "--jobs", "1", "--select", "FRT102", "--format", "text", "-q", "app.py"],
        cwd=project, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr
    return done.stdout.splitlines()


def test_editing_a_check_in_an_installed_copy_changes_the_next_cached_run(tmp_path: Path, private_cache_home: Path) -> None:
    installed = tmp_path / "site"
    shutil.copytree(REPO / "frtlint", installed / "frtlint", ignore=shutil.ignore_patterns("__pycache__"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(LOGGED)

    first = _check(project, installed)
    assert first == ["app.py:5:5: FRT102 print() writes a face template to a log (Draft Art. 17, 15; Measures Art. 14)"]
    assert _check(project, installed) == first
    assert len(list(private_cache_home.rglob("runs/*.json"))) == 1  # the second run was served from the run cache

    check_file = installed / "frtlint" / "checks" / "frt102_face_data_logged.py"
    source = check_file.read_text(encoding="utf-8")
    assert source.count(OLD_MESSAGE) == 1
    check_file.write_text(source.replace(OLD_MESSAGE, NEW_MESSAGE), encoding="utf-8")

    assert _check(project, installed) == [
        "app.py:5:5: FRT102 print() prints a face template (edited copy) (Draft Art. 17, 15; Measures Art. 14)"
    ]
    assert len(list(private_cache_home.rglob("runs/*.json"))) == 2


def test_code_digest_covers_sources_and_data_but_not_bytecode(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "mod.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "data.toml").write_text("a = 1\n")
    (tmp_path / "pkg" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "pkg" / "stale.pyc").write_bytes(b"\0")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in cache._code_files(tmp_path / "pkg"))
    assert found == ["pkg/data.toml", "pkg/mod.py"]


def test_code_digest_hashes_the_package_and_the_rule_pack() -> None:
    roots = cache._code_roots()
    assert roots[0] == (REPO / "frtlint").resolve()
    assert (roots[1] / "python").is_dir()  # the checkout's rules/ (or a wheel's _bundled_rules)
    assert cache.code_digest() == cache.code_digest()
    assert len(cache.code_digest()) == 64


def test_the_facts_cache_key_covers_the_walker_and_every_analysis_subpackage() -> None:
    package = Path(__file__).resolve().parent.parent / "frtlint"
    expected = {p.resolve() for folder in ("analysis", "catalog") for p in (package / folder).rglob("*.py")}
    digested = {p.resolve() for p in cache.analysis_sources()}
    assert digested == expected
    assert (package / "analysis" / "walker" / "statements.py").resolve() in digested
