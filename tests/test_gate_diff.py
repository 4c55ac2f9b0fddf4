"""Diff-aware gating: `frtlint check --diff-base REF` in a temporary git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from frtlint.cli import main
from frtlint.gate.diff import parse_diff

GIT_ENV = {
    "GIT_AUTHOR_NAME": "frtlint tests", "GIT_AUTHOR_EMAIL": "tests@frtlint.invalid",
    "GIT_COMMITTER_NAME": "frtlint tests", "GIT_COMMITTER_EMAIL": "tests@frtlint.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}

BASE = '''from deepface import DeepFace


def demographics(img):
    return DeepFace.analyze(img, actions=["age", "race"])


def mood(img):
    return DeepFace.analyze(img, actions=["emotion"])
'''


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "profile.py").write_text(BASE, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(capsys, *args: str):
    code = main(["check", "--no-cache", "--jobs", "1", "--select", "FRT301", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, [(f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]] if out else [], err


def test_only_findings_on_changed_lines_are_reported(repo: Path, capsys) -> None:
    code, everything, _ = findings(capsys, "app")
    assert everything == [("app/profile.py", 5, "FRT301")]

    # The branch changes line 9 (mood -> adds race) and adds a new function; line 5 is untouched.
    source = BASE.replace('actions=["emotion"]', 'actions=["emotion", "race"]')
    source += '\n\ndef vip(img):\n    return DeepFace.analyze(img)\n'
    (repo / "app" / "profile.py").write_text(source, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "feature")
    git(repo, "checkout", "-q", "main")
    (repo / "unrelated.txt").write_text("main moves on\n")
    git(repo, "add", "unrelated.txt")
    git(repo, "commit", "-q", "-m", "main moves on")
    git(repo, "checkout", "-q", "feature")

    code, everything, _ = findings(capsys, "app")
    assert everything == [("app/profile.py", 5, "FRT301"), ("app/profile.py", 9, "FRT301"), ("app/profile.py", 13, "FRT301")]
    code, changed, err = findings(capsys, "--diff-base", "main", "app")
    assert code == 1
    assert err == ""
    assert changed == [("app/profile.py", 9, "FRT301"), ("app/profile.py", 13, "FRT301")]


def test_uncommitted_and_untracked_changes_count(repo: Path, capsys) -> None:
    code, changed, _ = findings(capsys, "--diff-base", "main", "app")
    assert (code, changed) == (0, [])
    (repo / "app" / "new_module.py").write_text("from deepface import DeepFace\nr = DeepFace.analyze(img)\n")
    with (repo / "app" / "profile.py").open("a", encoding="utf-8") as handle:
        handle.write('\n\ndef extra(img):\n    return DeepFace.analyze(img, actions=["race"])\n')
    code, changed, _ = findings(capsys, "--diff-base", "main", "app")
    assert code == 1
    assert changed == [("app/new_module.py", 2, "FRT301"), ("app/profile.py", 13, "FRT301")]


def test_diff_base_from_a_subdirectory(repo: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    with (repo / "app" / "profile.py").open("a", encoding="utf-8") as handle:
        handle.write('\n\ndef extra(img):\n    return DeepFace.analyze(img, actions=["race"])\n')
    monkeypatch.chdir(repo / "app")
    code, changed, _ = findings(capsys, "--diff-base", "main", ".")
    assert (code, changed) == (1, [("profile.py", 13, "FRT301")])


def test_diff_base_errors(repo: Path, capsys, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = findings(capsys, "--diff-base", "no-such-branch", "app")
    assert code == 2
    assert err == (
        "frtlint: error: --diff-base: unknown revision 'no-such-branch' "
        "(in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)\n"
    )
    elsewhere = tmp_path_factory.mktemp("not-a-repo")
    (elsewhere / "a.py").write_text("x = 1\n")
    monkeypatch.chdir(elsewhere)
    code, _, err = findings(capsys, "--diff-base", "main", ".")
    assert code == 2
    assert err.startswith("frtlint: error: --diff-base: not inside a git work tree")


def test_parse_diff_hunks_and_quoted_names(tmp_path: Path) -> None:
    output = (
        b"diff --git a/x.py b/x.py\n"
        b"--- a/x.py\n+++ b/x.py\n"
        b"@@ -3 +3 @@\n-a\n+b\n"
        b"@@ -10,0 +11,3 @@\n+c\n+d\n+e\n"
        b"@@ -20,2 +23,0 @@\n-f\n-g\n"
        b"diff --git \"a/caf\\303\\251 \\\"x\\\".py\" \"b/caf\\303\\251 \\\"x\\\".py\"\n"
        b"--- /dev/null\n+++ \"b/caf\\303\\251 \\\"x\\\".py\"\n"
        b"@@ -0,0 +1,2 @@\n+p\n+q\n"
        b"diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n"
    )
    changed = parse_diff(output, tmp_path)
    assert changed == {
        str(tmp_path / "x.py"): {3, 11, 12, 13},
        str(tmp_path / 'café "x".py'): {1, 2},
    }


def test_baseline_with_diff_base_counts_no_entry_gone_when_nothing_changed(repo: Path, capsys) -> None:
    assert main(["baseline", "create", "app", "--no-cache", "--select", "FRT301", "-o", "base.json"]) == 0
    capsys.readouterr()
    code, found, err = findings(capsys, "app", "--baseline", "base.json", "--diff-base", "main")
    assert (code, found, err) == (0, [], "")


def test_refresh_hint_keeps_the_checked_path(repo: Path, capsys) -> None:
    assert main(["baseline", "create", "app", "--no-cache", "--select", "FRT301", "-o", "base.json"]) == 0
    (repo / "app" / "profile.py").write_text(BASE.replace('"age", "race"', '"age"'), encoding="utf-8")
    capsys.readouterr()
    code, found, err = findings(capsys, "app", "--baseline", "base.json")
    assert (code, found) == (0, [])
    assert err == "frtlint: 1 baseline entry is gone (fixed or changed); refresh with `frtlint baseline create app -o base.json`\n"
