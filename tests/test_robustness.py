"""One bad file costs only its own findings: deep code, hostile filesystem entries,
bad configuration values and damaged baselines give FRT000 or a one-line exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

DOOR = Path(__file__).resolve().parent.parent / "fixtures" / "door_lock_pi" / "noncompliant" / "doorlock.py"
FACE = "import face_recognition\n"


def _check(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "frtlint", "check", "--no-cache", "--output-format", "concise", *args],
        cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def _frt000(completed: subprocess.CompletedProcess) -> List[Tuple[str, str]]:
    return sorted(
        (line.split(":")[0], line.split(" FRT000 ")[1].split(" (Draft")[0])
        for line in completed.stdout.splitlines()
        if " FRT000 " in line
    )


def _door_findings(completed: subprocess.CompletedProcess, name: str) -> int:
    return sum(1 for line in completed.stdout.splitlines() if line.startswith(f"{name}:") and " FRT000 " not in line)


def test_deep_code_is_frt000_for_that_file_only(tmp_path: Path) -> None:
    shutil.copyfile(DOOR, tmp_path / "door.py")
    (tmp_path / "parens.py").write_text(FACE + "x = " + "(" * 1600 + "1" + ")" * 1600 + "\n")  # crashes LibCST's parser
    (tmp_path / "chain.py").write_text(FACE + "x = a" + ".b()" * 600 + "\n")
    (tmp_path / "plus.py").write_text(FACE + "x = " + "+".join(["a"] * 1200) + "\n")
    (tmp_path / "nested_calls.py").write_text(FACE + "x = " + "f(" * 150 + "1" + ")" * 150 + "\n")
    alone = _check(tmp_path, "door.py")
    completed = _check(tmp_path, ".")
    assert completed.returncode == 1, completed.stderr
    assert _frt000(completed) == [
        ("chain.py", "cannot analyse file: code nested too deeply (split the long expression or chain)"),
        ("parens.py", "cannot parse file: too many nested parentheses (line 2)"),
        ("plus.py", "cannot analyse file: code nested too deeply (split the long expression or chain)"),
    ]
    assert _door_findings(completed, "door.py") == _door_findings(alone, "door.py") > 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_hostile_filesystem_entries_are_frt000_and_never_hang(tmp_path: Path) -> None:
    shutil.copyfile(DOOR, tmp_path / "door.py")
    os.mkfifo(tmp_path / "pipe.py")
    os.mkfifo(tmp_path / "pipe.js")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "loop_a.py").symlink_to("loop_b.py")
    (tmp_path / "loop_b.py").symlink_to("loop_a.py")
    (tmp_path / "huge.py").write_bytes(b"x = 1\n" * (1024 * 1024))
    completed = _check(tmp_path, ".", timeout=60)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr == ""
    found = _frt000(completed)
    assert ("pipe.py", "cannot read file: not a regular file") in found
    assert ("pipe.js", "cannot read file: not a regular file") in found
    assert ("huge.py", "cannot read file: larger than 5 MB") in found
    assert ("loop_a.py", "cannot read file: Too many levels of symbolic links") in found
    assert any(message == "cannot read file: not a regular file" and path.endswith("dev/zero") for path, message in found)
    assert _door_findings(completed, "door.py") > 5
    named = _check(tmp_path, "pipe.py", timeout=60)
    assert (named.returncode, _frt000(named)) == (1, [("pipe.py", "cannot read file: not a regular file")])


def test_undecodable_file_name_is_printed_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.py")
    shutil.copyfile(DOOR, tmp_path / name)
    completed = subprocess.run(
        [sys.executable, "-m", "frtlint", "check", "--no-cache", "."], cwd=tmp_path, capture_output=True, check=False
    )
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.decode("utf-8").splitlines()
    assert lines[0].startswith("caf\\xe9.py:")
    as_json = _check(tmp_path, ".", "--format", "json")
    assert {f["path"] for f in json.loads(as_json.stdout)["findings"]} == {"caf\\xe9.py"}


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads every folder")
def test_unreadable_folder_is_frt000(tmp_path: Path) -> None:
    shutil.copyfile(DOOR, tmp_path / "door.py")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.py").write_text(DOOR.read_text())
    locked.chmod(0)
    try:
        completed = _check(tmp_path, ".")
    finally:
        locked.chmod(0o755)
    assert ("locked", "cannot read folder: Permission denied") in _frt000(completed)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("exclude = [1]", "[tool.frtlint] each 'exclude' entry must be a non-empty string without NUL, at most 1000 characters"),
        ('cache-dir = "a\\u0000b"', "[tool.frtlint] 'cache-dir' must be a non-empty string without NUL, at most 1000 characters"),
        ("jobs = -3", "[tool.frtlint] 'jobs' must be 0 (one per CPU) or more, not -3"),
        (
            '[tool.frtlint.catalog]\napis = { "x.y" = 5 }',
            "[tool.frtlint.catalog] 'apis': 'x.y' must be a kind (detect, embed, verify, identify, analyze, enroll, liveness, load) or a table with kind",
        ),
        (
            '[tool.frtlint.catalog]\napis = { "x.y" = "nonsense" }',
            "[tool.frtlint.catalog] 'apis': 'x.y' has unknown kind 'nonsense' (one of detect, embed, verify, identify, analyze, enroll, liveness, load)",
        ),
        ('[tool.frtlint.catalog]\nmethods = ["a"]', "[tool.frtlint.catalog] 'methods' must be a table of name = string"),
        ("[tool.frtlint.catalog]\nsensitive-attributes = [1]", "[tool.frtlint.catalog] 'sensitive-attributes' must be a list of names (strings)"),
        ("[tool.frtlint.catalog]\ngrants = [1]", "[tool.frtlint.catalog] 'grants' must be a list of names (strings)"),
    ],
)
def test_bad_config_values_are_a_one_line_exit_2(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.frtlint]\n{setting}\n")
    shutil.copyfile(DOOR, tmp_path / "door.py")
    completed = _check(tmp_path, ".")
    assert completed.returncode == 2
    assert completed.stderr == f"frtlint: error: {tmp_path / 'pyproject.toml'}: {message}\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
        ('{"frtlint-baseline": 1, "entries": [' + "9" * 5000 + "]}", "Exceeds the limit (4300 digits)"),
    ],
    ids=["nested-100k", "5000-digit-number"],
)
def test_damaged_baseline_is_a_one_line_exit_2(tmp_path: Path, content: str, reason: str) -> None:
    shutil.copyfile(DOOR, tmp_path / "door.py")
    (tmp_path / "base.json").write_text(content)
    completed = _check(tmp_path, ".", "--baseline", "base.json")
    assert completed.returncode == 2
    assert completed.stderr.startswith("frtlint: error: --baseline base.json: not a frtlint baseline (")
    assert reason in completed.stderr
    assert completed.stderr.count("\n") == 1
