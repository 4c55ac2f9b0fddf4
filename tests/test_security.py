"""A hostile tree and config: frtlint never runs their code, never damages the project,
never hides findings (docs/security.md). Each test plants a payload the way a pull
request could and checks the run against a `--no-cache` run of the same tree."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from frtlint.catalog import UnsafePattern, build_catalog, check_pattern_cost
from frtlint.engine.cache import cache_home

DOOR = Path(__file__).resolve().parent.parent / "fixtures" / "door_lock_pi" / "noncompliant"


class _Payload:
    """Unpickling this runs a command that writes the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _frtlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "frtlint", *args], cwd=cwd, capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL, timeout=120,  # a FIFO regression must fail, not hang
    )


def _findings(cwd: Path, *args: str) -> Tuple[int, List[Tuple[str, str, int, int]]]:
    completed = _frtlint(cwd, "check", "--format", "json", *args)
    assert completed.returncode in (0, 1), completed.stderr
    data = json.loads(completed.stdout)
    return completed.returncode, sorted((f["rule"], f["path"], f["line"], f["column"]) for f in data["findings"])


def _snapshot(root: Path) -> Dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DOOR, root / "app", ignore=shutil.ignore_patterns("__pycache__"))
    (root / ".gitignore").write_text("*.log\n")
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    return root


# -- the cache ----------------------------------------------------------------------------
def test_planted_pickles_and_forged_entries_in_an_in_tree_cache_are_ignored(project: Path, tmp_path: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n\n[tool.frtlint]\ncache-dir = '.frtlint_cache'\n")
    expected = _findings(project, "--no-cache")
    assert expected[0] == 1 and expected[1]
    assert _findings(project) == expected  # writes a real cache to plant over
    cache = project / ".frtlint_cache"
    entries = sorted(cache.rglob("*.json"))
    assert entries and any(p.parent.name == "runs" for p in entries)
    marker = tmp_path / "pwned"
    for entry in entries:
        # A run result of "no findings" and facts with no functions, in valid JSON but
        # without the owner's key; a pickle payload beside each under the old name.
        entry.write_text('frtlint-cache-1 ' + "0" * 64 + '\n[[],[]]')
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(_Payload(marker)))
    assert _findings(project) == expected
    assert not marker.exists()


def test_an_entry_signed_for_another_key_is_a_miss(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n\n[tool.frtlint]\ncache-dir = '.cache'\n")
    expected = _findings(project, "--no-cache")
    _findings(project)
    runs = sorted((project / ".cache").rglob("runs/*.json"))
    assert len(runs) == 1
    # A signed empty result from an empty tree, copied over this tree's run entry.
    empty = project / "empty"
    empty.mkdir()
    (empty / "pyproject.toml").write_text("[project]\nname = 'e'\n\n[tool.frtlint]\ncache-dir = '.cache'\n")
    (empty / "plain.py").write_text("x = 1\n")
    _findings(empty)
    (empty_run,) = sorted((empty / ".cache").rglob("runs/*.json"))
    shutil.copyfile(empty_run, runs[0])
    assert _findings(project) == expected


def test_damaged_entries_are_misses_and_rewritten(project: Path) -> None:
    expected = _findings(project, "--no-cache")
    _findings(project)
    entries = sorted(cache_home().rglob("*.json"))
    assert entries
    for number, entry in enumerate(entries):
        entry.write_bytes([b"", b"\x80garbage", b"frtlint-cache-1 zz\n{"][number % 3])
    assert _findings(project) == expected
    assert all(p.read_bytes().startswith(b"frtlint-cache-1 ") and len(p.read_bytes()) > 80 for p in entries)


def test_default_cache_lives_outside_the_project(project: Path) -> None:
    before = _snapshot(project)
    _findings(project)
    assert _snapshot(project) == before
    assert list(cache_home().glob("projects/*/v*/*/*.json"))
    key = cache_home() / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.parametrize("setting", [".", "app", "pyproject.toml"])
def test_cache_dir_that_holds_other_files_is_refused(project: Path, setting: str) -> None:
    (project / "pyproject.toml").write_text(f"[project]\nname = 'demo'\n\n[tool.frtlint]\ncache-dir = '{setting}'\n")
    before = _snapshot(project)
    expected = _findings(project, "--no-cache")
    completed = _frtlint(project, "check")
    assert completed.returncode == 1
    assert f"notice: cache-dir {project / setting}" in completed.stdout
    assert "running without a cache" in completed.stdout
    assert _snapshot(project) == before  # .gitignore kept, no CACHEDIR.TAG written
    assert _findings(project) == expected


@pytest.mark.parametrize(("setting", "message"), [("link", "is not a plain directory"), ("link/sub", "link is a symbolic link")])
def test_cache_dir_symlink_is_refused(project: Path, tmp_path: Path, setting: str, message: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "link").symlink_to(elsewhere)
    (project / "pyproject.toml").write_text(f"[project]\nname = 'demo'\n\n[tool.frtlint]\ncache-dir = '{setting}'\n")
    completed = _frtlint(project, "check")
    assert message in completed.stdout
    notices = [line for line in completed.stdout.splitlines() if line.startswith("notice: cache-dir ")]
    assert len(notices) == 1 and message in notices[0], completed.stdout
    assert notices[0].endswith("; running without a cache")
    assert completed.returncode == 1  # the door lock's findings are still reported
    assert list(elsewhere.iterdir()) == []


def test_output_below_a_symlinked_folder_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "out").symlink_to(elsewhere)
    completed = _frtlint(project, "check", "-o", "out/report.txt")
    assert completed.returncode == 2
    assert completed.stderr.strip().endswith("out/report.txt: out is a symbolic link; frtlint writes only inside real folders")
    assert list(elsewhere.iterdir()) == []


# -- git -----------------------------------------------------------------------------------
def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=cwd, check=True, capture_output=True
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_runs_nothing_the_scanned_repository_configures(project: Path, tmp_path: Path) -> None:
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "base")
    markers = {name: tmp_path / name for name in ("fsmonitor", "external", "textconv", "clean", "hooks")}
    hooks = project / ".git" / "evil-hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {markers['hooks']}\n")
        (hooks / hook).chmod(0o755)
    config = {
        "core.fsmonitor": f"touch {markers['fsmonitor']}; false",
        "core.hooksPath": str(hooks),
        "diff.external": f"sh -c 'touch {markers['external']}'",
        "diff.evil.textconv": f"sh -c 'touch {markers['textconv']}; cat \"$1\"' -",
        "filter.evil.clean": f"sh -c 'touch {markers['clean']}; cat'",
    }
    for key, value in config.items():
        _git(project, "config", key, value)
    (project / ".gitattributes").write_text("*.py diff=evil filter=evil\n")
    with (project / "app" / "doorlock.py").open("a") as handle:
        handle.write("# changed\n")
    expected = _findings(project, "--no-cache")
    assert _findings(project, "--diff-base", "HEAD") == (0, [])  # only a comment line changed
    assert _findings(project) == expected
    assert [name for name, marker in markers.items() if marker.exists()] == []
    # The payloads are real: plain git runs every one of them (`status` refreshes the index
    # and so runs the post-index-change hook).
    for command in (["status", "--short"], ["diff", "HEAD"], ["diff", "--no-ext-diff", "HEAD"]):
        subprocess.run(["git", *command], cwd=project, capture_output=True, check=False)
    assert sorted(name for name, marker in markers.items() if marker.exists()) == sorted(markers)


def test_diff_base_that_looks_like_an_option_is_refused(project: Path) -> None:
    completed = _frtlint(project, "check", "--diff-base=--output=/tmp/frtlint-pwned")
    assert completed.returncode == 2
    assert completed.stderr.strip() == (
        "frtlint: error: --diff-base: '--output=/tmp/frtlint-pwned' is not a revision (it must not start with '-')"
    )


# -- outputs -------------------------------------------------------------------------------
@pytest.mark.parametrize("option", [["-o"], ["--also", "sarif="], ["baseline", "create", "-o"]])
def test_output_through_a_symlink_is_refused(project: Path, tmp_path: Path, option: List[str]) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (project / "report.out").symlink_to(victim)
    if option[0] == "baseline":
        args = [*option[:-1], "-o", "report.out"]
    elif option[0] == "--also":
        args = ["check", "--also", "sarif=report.out"]
    else:
        args = ["check", "-o", "report.out"]
    completed = _frtlint(project, *args)
    assert completed.returncode == 2
    assert completed.stderr.strip().endswith("report.out: is a symbolic link; frtlint writes only regular files (name the target)")
    assert victim.read_text() == "precious\n"
    assert (project / "report.out").is_symlink()


def _special_files(folder: Path) -> List[Path]:
    """A FIFO, and a character device like /dev/null where the test may make one (root).

    Never the real /dev/null: on code with the defect, the test itself would replace it.
    """
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    made = [fifo]
    try:
        os.mknod(folder / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        made.append(folder / "null")
    except (PermissionError, AttributeError):
        pass
    return made


def test_output_to_a_device_or_fifo_is_refused(project: Path, tmp_path: Path) -> None:
    for special in _special_files(tmp_path):
        before = os.lstat(special)
        completed = _frtlint(project, "check", "-o", str(special))
        assert completed.returncode == 2
        assert completed.stderr.strip() == (
            f"frtlint: error: {special}: is not a regular file; frtlint writes only regular files (leave out -o to print)"
        )
        after = os.lstat(special)
        assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)


def test_new_output_follows_the_umask_and_existing_keeps_its_mode(project: Path) -> None:
    completed = subprocess.run(
        ["sh", "-c", f"umask 027 && {sys.executable} -m frtlint check -o new.txt"], cwd=project, capture_output=True
    )
    assert completed.returncode == 1
    assert stat.S_IMODE((project / "new.txt").stat().st_mode) == 0o640
    (project / "old.txt").write_text("x")
    (project / "old.txt").chmod(0o604)
    assert _frtlint(project, "check", "-o", "old.txt").returncode == 1
    assert stat.S_IMODE((project / "old.txt").stat().st_mode) == 0o604
    assert "FRT401" in (project / "old.txt").read_text()


# -- output injection ----------------------------------------------------------------------
FORGED = "a\n::error file=x.py::forged\x1b[2J.py"


def test_file_names_cannot_forge_lines_in_text_or_github_output(tmp_path: Path) -> None:
    (tmp_path / FORGED).write_text((DOOR / "doorlock.py").read_text())
    for fmt in ("text", "github"):
        completed = _frtlint(tmp_path, "check", "--no-cache", "--format", fmt)
        assert completed.returncode == 1
        lines = completed.stdout.splitlines()
        assert not any(line.startswith("::error file=x.py") for line in lines), fmt
        assert "\x1b" not in completed.stdout
        assert all(("forged" in line) == ("FRT" in line) for line in lines if line), fmt
    text = _frtlint(tmp_path, "check", "--no-cache").stdout
    assert text.splitlines()[0].startswith("a\\x0a::error file=x.py::forged\\x1b[2J.py:")


def test_sarif_uri_of_a_scheme_like_file_name_stays_relative(tmp_path: Path) -> None:
    (tmp_path / "javascript:alert(1).py").write_text((DOOR / "doorlock.py").read_text())
    completed = _frtlint(tmp_path, "check", "--no-cache", "--format", "sarif")
    sarif = json.loads(completed.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"javascript%3Aalert(1).py"}


# -- regexes -------------------------------------------------------------------------------
@pytest.mark.parametrize("pattern", ["(a+)+$", r"(\w*\s?)*x", r"(a)\1", "(a|aa)*b", pytest.param("x" * 2001, id="too-long")])
def test_costly_regexes_are_refused(pattern: str) -> None:
    with pytest.raises(UnsafePattern):
        check_pattern_cost(pattern)


@pytest.mark.parametrize("pattern", ["consent|agree", r"(?:foo|bar)+", r"\b(face|user)_(id|name)s?\b"])
def test_ordinary_regexes_pass(pattern: str) -> None:
    check_pattern_cost(pattern)


def test_every_shipped_catalog_regex_passes_the_cost_check() -> None:
    """The catalog compiles its shipped patterns without checking them at run time: this is the check."""
    catalog = build_catalog()
    holders = [vars(catalog), {f.name: getattr(catalog.words, f.name) for f in dataclasses.fields(catalog.words)}]
    patterns = [value.pattern for holder in holders for value in holder.values() if isinstance(value, re.Pattern)]
    patterns += [compiled.pattern for compiled, _ in catalog.constructor_patterns]
    assert len(patterns) >= 39
    for pattern in patterns:
        check_pattern_cost(pattern)
