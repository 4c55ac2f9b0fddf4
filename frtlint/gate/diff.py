"""Diff-aware gating: which lines a branch added or changed since it left REF.

`git merge-base REF HEAD` gives the commit the branch started from; `git diff -U0`
from there to the working tree lists the added and changed lines (uncommitted edits
count, as they would in the pull request). Files git does not track yet are new in
full. A finding is reported when its range touches one of those lines.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set

from frtlint.errors import UsageError
from frtlint.findings import Finding
from frtlint.hardened_git import run_git

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
_GIT_TIMEOUT = 120


@dataclass
class ChangedLines:
    top: Path
    base: str
    lines: Dict[str, Set[int]] = field(default_factory=dict)  # absolute path -> added/changed lines
    new_files: Set[str] = field(default_factory=set)  # absolute paths of untracked files

    def touches(self, absolute: str, first: int, last: int) -> bool:
        if absolute in self.new_files:
            return True
        changed = self.lines.get(absolute)
        if not changed:
            return False
        return any(line in changed for line in range(first, max(last, first) + 1))


def _git(args: List[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return run_git(args, cwd, timeout=_GIT_TIMEOUT)
    except FileNotFoundError:
        raise UsageError("--diff-base: git is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"--diff-base: git {args[0]} took longer than {_GIT_TIMEOUT} s") from None


def _last_line(completed: subprocess.CompletedProcess) -> str:
    lines = completed.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit {completed.returncode}"


def _unquote(name: bytes) -> bytes:
    """Undo git's C-style quoting of unusual path names ("a\\tb", "\\303\\251")."""
    if not (name.startswith(b'"') and name.endswith(b'"')):
        return name
    body, out, index = name[1:-1], bytearray(), 0
    simple = {b"n": b"\n", b"t": b"\t", b'"': b'"', b"\\": b"\\", b"a": b"\a", b"b": b"\b", b"f": b"\f", b"r": b"\r", b"v": b"\v"}
    while index < len(body):
        char = body[index : index + 1]
        if char == b"\\" and index + 1 < len(body):
            following = body[index + 1 : index + 2]
            if following in simple:
                out += simple[following]
                index += 2
                continue
            if re.match(rb"[0-7]{3}", body[index + 1 : index + 4]):
                out.append(int(body[index + 1 : index + 4], 8))
                index += 4
                continue
        out += char
        index += 1
    return bytes(out)


def parse_diff(output: bytes, top: Path) -> Dict[str, Set[int]]:
    """Added/changed line numbers per file (absolute paths) from `git diff -U0` output."""
    changed: Dict[str, Set[int]] = {}
    current: Optional[Set[int]] = None
    for raw in output.split(b"\n"):
        if raw.startswith(b"+++ "):
            name = raw[4:].rstrip(b"\r")
            if name == b"/dev/null":
                current = None
                continue
            name = _unquote(name.rstrip(b"\t"))
            if name.startswith(b"b/"):
                name = name[2:]
            absolute = os.path.normpath(os.path.join(str(top), os.fsdecode(name)))
            current = changed.setdefault(absolute, set())
        elif raw.startswith(b"@@") and current is not None:
            match = _HUNK.match(raw)
            if match:
                start = int(match.group("start"))
                count = int(match.group("count")) if match.group("count") is not None else 1
                current.update(range(start, start + count))
    return changed


def changed_lines(ref: str, cwd: Optional[Path] = None) -> ChangedLines:
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
        raise UsageError(f"--diff-base: {ref!r} is not a revision (it must not start with '-')")
    cwd = cwd or Path.cwd()
    top_run = _git(["rev-parse", "--show-toplevel"], cwd)
    if top_run.returncode != 0:
        raise UsageError(f"--diff-base: not inside a git work tree ({_last_line(top_run)})")
    top = Path(os.fsdecode(top_run.stdout.strip()))
    verify = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    if verify.returncode != 0:
        raise UsageError(
            f"--diff-base: unknown revision '{ref}' (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)"
        )
    merge_base = _git(["merge-base", "--end-of-options", ref, "HEAD"], cwd)
    if merge_base.returncode != 0:
        raise UsageError(
            f"--diff-base: no merge base between '{ref}' and HEAD ({_last_line(merge_base)}); "
            "a shallow clone may be missing history (fetch-depth: 0)"
        )
    base = merge_base.stdout.decode().strip()
    diff = _git(
        [
            "diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames",
            "--src-prefix=a/", "--dst-prefix=b/", base, "--",
        ],
        top,
    )
    if diff.returncode != 0:
        raise UsageError(f"--diff-base: git diff failed ({_last_line(diff)})")
    result = ChangedLines(top=top, base=base, lines=parse_diff(diff.stdout, top))
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    if untracked.returncode == 0:
        result.new_files = {
            os.path.normpath(os.path.join(str(top), os.fsdecode(name)))
            for name in untracked.stdout.split(b"\0")
            if name
        }
    return result


def filter_findings(findings: List[Finding], changes: ChangedLines, cwd: Optional[Path] = None) -> List[Finding]:
    """The findings whose lines were added or changed (paths in findings are relative to cwd)."""
    cwd = cwd or Path.cwd()
    real_top = os.path.realpath(str(changes.top))
    kept = []
    for finding in findings:
        absolute = os.path.realpath(os.path.join(str(cwd), finding.path))
        # Compare with git's paths (under the unresolved top) through the real path.
        if absolute.startswith(real_top + os.sep):
            absolute = os.path.join(str(changes.top), os.path.relpath(absolute, real_top))
        if changes.touches(os.path.normpath(absolute), finding.line, finding.end_line or finding.line):
            kept.append(finding)
    return kept
