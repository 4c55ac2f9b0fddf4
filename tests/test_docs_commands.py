"""Every `frtlint` command the README and docs/*.md show is run, and its sample output compared.

What is run: in fenced `sh` blocks, each command line starting with `frtlint`; in fenced
`console` blocks, each `$ frtlint ...` line (and `$ flake8 ...`, the plugin's samples),
whose output (the lines after it, up to the next `$` line or the end of the block) must
equal what the command prints (standard output, then standard error). A block right after a line holding `<!-- docs-test: skip:
REASON -->` is not run (for commands that cannot run in a test, such as `frtlint lsp`).

The commands of one page run in order (a baseline created by one is read by the next)
in a temporary workspace: a copy of `fixtures/` (excluded from `.` by the workspace's
pyproject.toml, but checked when named), `src/` (a copy of one fixture app) and a git
repository whose `origin/main` is the current commit, so commands that write or ask git
never touch the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import pytest

from conftest import REPO

SKIP_MARKER = re.compile(r"<!--\s*docs-test:\s*skip:\s*\S.*-->")
_FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
CONSOLE_PROGRAMS = ("frtlint ", "flake8 ")


@dataclass
class Command:
    page: str
    line: int
    text: str
    expected: Optional[str] = None  # the sample output of a console block
    output_lines: List[str] = field(default_factory=list)


def _sh_commands(page: str, start: int, body: List[str]) -> List[Command]:
    commands: List[Command] = []
    pending = ""
    first = start
    for offset, raw in enumerate(body):
        if not pending:
            first = start + offset
        pending += raw.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        text, pending = pending.strip(), ""
        if text == "frtlint" or text.startswith("frtlint "):
            commands.append(Command(page, first, text))
    return commands


def _console_commands(page: str, start: int, body: List[str]) -> List[Command]:
    commands: List[Command] = []
    current: Optional[Command] = None
    for offset, raw in enumerate(body):
        if raw.startswith("$ "):
            text = raw[2:].strip()
            current = Command(page, start + offset, text, expected="") if text.startswith(CONSOLE_PROGRAMS) else None
            if current is not None:
                commands.append(current)
        elif current is not None:
            current.output_lines.append(raw)
    for command in commands:
        command.expected = "".join(f"{line}\n" for line in command.output_lines)
    return commands


def page_commands(path: Path) -> List[Command]:
    """The commands of one Markdown page, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    page = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.name
    commands: List[Command] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        indent, language = match.groups()
        end = index + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        body = [line[len(indent):] if line.startswith(indent) else line for line in lines[index + 1 : end]]
        previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        if not SKIP_MARKER.search(previous):
            if language == "sh":
                commands += _sh_commands(page, index + 2, body)
            elif language == "console":
                commands += _console_commands(page, index + 2, body)
        index = end + 1
    return commands


def _workspace(tmp_path: Path) -> Path:
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "fixtures", workspace / "fixtures")
    shutil.copytree(REPO / "fixtures" / "deepface_analytics" / "noncompliant", workspace / "src")
    # `frtlint check .` means the project (src/): the fixtures are reached only by name,
    # as a project's test data would be (a whole-fixtures run takes a minute).
    (workspace / "pyproject.toml").write_text('[tool.frtlint]\nextend-exclude = ["fixtures"]\n', encoding="utf-8")
    git = ["git", "-c", "user.name=docs", "-c", "user.email=docs@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "docs"], ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run([*git, *args], cwd=workspace, check=True, capture_output=True, timeout=60)
    (tmp_path / "bin").mkdir()
    for program in ("frtlint", "flake8"):  # the ones of the Python running the tests
        shim = tmp_path / "bin" / program
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m {program} "$@"\n')
        shim.chmod(0o755)
    return workspace


def _run(command: Command, workspace: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{workspace.parent / 'bin'}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        ["bash", "-c", command.text], cwd=workspace, env=env, capture_output=True, text=True, timeout=300,
        stdin=subprocess.DEVNULL,
    )


PAGES_WITH_COMMANDS = [p for p in PAGES if page_commands(p)]


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="needs bash and git")
@pytest.mark.parametrize("page", PAGES_WITH_COMMANDS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_documented_commands_run_and_print_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    for command in page_commands(page):
        completed = _run(command, workspace)
        where = f"{command.page}:{command.line}: `{command.text}`"
        # 0 and 1 are the gate's answers; 2 and 3 mean the page shows a wrong command.
        assert completed.returncode in (0, 1), f"{where} exited {completed.returncode}: {completed.stderr}"
        if command.expected is not None:
            assert completed.stdout + completed.stderr == command.expected, f"{where}: the sample output is stale"


def test_commands_are_found_in_sh_and_console_blocks_and_skips_are_honoured(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\npip install frtlint\nfrtlint check src \\\n  --select FRT1   # comment\n```\n\n"
        "<!-- docs-test: skip: needs an editor -->\n```sh\nfrtlint lsp\n```\n\n"
        "```console\n$ frtlint check --show-files src\nsrc/a.py\nsrc/b.py\n$ ls\n\n```\n\n"
        "```text\nfrtlint check not-run\n```\n",
        encoding="utf-8",
    )
    found = page_commands(page)
    assert [(c.line, c.text, c.expected) for c in found] == [
        (3, "frtlint check src    --select FRT1   # comment", None),
        (13, "frtlint check --show-files src", "src/a.py\nsrc/b.py\n"),
    ]


def test_every_page_is_read_and_the_readme_sample_is_compared() -> None:
    readme = page_commands(REPO / "README.md")
    assert any(c.expected for c in readme), "the README shows at least one sample output that is checked"
    sample = next(c for c in readme if c.text == "frtlint check fixtures/door_lock_pi/noncompliant --select FRT401")
    assert sample.expected is not None and sample.expected.startswith(
        "fixtures/door_lock_pi/noncompliant/doorlock.py:72:21: FRT401 [error] "
    )
    assert sample.expected.endswith("Found 1 finding(s) (1 error(s), 0 warning(s)) in 1 file(s); 2 file(s) checked.\n")
    skipped = [p for p in PAGES if SKIP_MARKER.search(p.read_text(encoding="utf-8"))]
    assert REPO / "docs" / "editors.md" in skipped  # `frtlint lsp` cannot run here
