"""The pre-commit hooks through the real `pre-commit try-repo`.

pre-commit clones a git repository holding `.pre-commit-hooks.yaml` and pip-installs
frtlint from it into its own virtual environment. The repository under test is a
snapshot of this working tree committed into a temporary git repository, so the hook
runs the code as it is now (uncommitted edits included).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "frtlint tests", "GIT_AUTHOR_EMAIL": "tests@frtlint.invalid",
    "GIT_COMMITTER_NAME": "frtlint tests", "GIT_COMMITTER_EMAIL": "tests@frtlint.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def _snapshot(target: Path) -> Path:
    """This working tree's files (tracked and untracked, minus ignored) as a fresh git repo."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, check=True, capture_output=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listing.split("\0")):
        source = REPO / name
        if not source.is_file():  # deleted in the working tree
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return target


def _try_repo(project: Path, hooks_repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), hook, "--color", "never"],
        cwd=project, capture_output=True, text=True, env=env, timeout=900,
    )


def test_hooks_file_declares_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"frtlint", "frtlint-errors"}
    assert hooks["frtlint"]["entry"] == "frtlint check --force-exclude"
    assert hooks["frtlint-errors"]["entry"] == "frtlint check --force-exclude --fail-on error"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["python", "javascript", "ts", "java", "kotlin", "yaml", "json"]
        assert "require_serial" not in hook


def test_try_repo_fails_on_a_staged_noncompliant_file_and_passes_once_fixed(tmp_path: Path) -> None:
    hooks_repo = _snapshot(tmp_path / "frtlint")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    # A PIPIA record, so the project-level FRT901 stays quiet in both runs.
    (project / "docs" / "pipia.md").write_text("# Personal information protection impact assessment\n")
    shutil.copy(FIXTURES / "deepface_analytics" / "noncompliant" / "job.py", project / "job.py")
    (project / "README.md").write_text("demo\n")
    _git(project, "init", "-q")
    _git(project, "add", "job.py", "README.md", "docs/pipia.md")
    home = tmp_path / "pre-commit-home"

    failed = _try_repo(project, hooks_repo, home, "frtlint")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "frtlint" in failed.stdout and "Failed" in failed.stdout
    assert "job.py:24:13: FRT301 [error] DeepFace.analyze infers race from faces (Draft Art. 11)" in failed.stdout
    assert (
        "job.py:30:13: FRT301 [error] DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)"
        in failed.stdout
    )
    errors_only = _try_repo(project, hooks_repo, home, "frtlint-errors")
    assert errors_only.returncode == 1, errors_only.stdout + errors_only.stderr
    assert "job.py:24:13: FRT301" in errors_only.stdout

    # The fix: the compliant version of the same job (consent checks, no race, deletion).
    shutil.copy(FIXTURES / "deepface_analytics" / "compliant" / "job.py", project / "job.py")
    _git(project, "add", "job.py")
    passed = _try_repo(project, hooks_repo, home, "frtlint")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    assert "FRT" not in passed.stdout
