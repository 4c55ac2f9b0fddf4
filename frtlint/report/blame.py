"""Who wrote a suppression comment, and when: `git blame` through the hardened runner.

The scanned tree is untrusted, so git runs only through `hardened_git.run_git` (no hooks,
filters, pagers or fsmonitor from the tree's config). Outside a repository, for lines not
committed yet, or when git is missing, the author and date are unknown (None).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Optional, Tuple

from frtlint.hardened_git import run_git

_TIMEOUT = 30.0


@dataclass(frozen=True)
class Blame:
    author: Optional[str]
    date: Optional[str]  # YYYY-MM-DD, UTC
    committed: bool


UNKNOWN = Blame(None, None, False)


class Blamer:
    """One `git blame` per file, however many suppressions it holds."""

    def __init__(self) -> None:
        self._files: Dict[Path, Dict[int, Blame]] = {}

    def line(self, path: str, line: int) -> Blame:
        file = Path(path)
        if file not in self._files:
            self._files[file] = _blame_file(file)
        return self._files[file].get(line, UNKNOWN)


def _blame_file(file: Path) -> Dict[int, Blame]:
    if not file.is_file():
        return {}
    try:
        completed = run_git(["blame", "--line-porcelain", "--", file.name], file.parent, timeout=_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return {}
    if completed.returncode != 0:
        return {}
    return _parse(completed.stdout.decode("utf-8", "replace"))


def _parse(porcelain: str) -> Dict[int, Blame]:
    lines: Dict[int, Blame] = {}
    commit, final_line = "", 0
    fields: Dict[str, str] = {}
    for row in porcelain.splitlines():
        if row.startswith("\t"):  # the source line closes one entry
            lines[final_line] = _entry(commit, fields)
            fields = {}
            continue
        head, _, rest = row.partition(" ")
        if len(head) in (40, 64) and all(c in "0123456789abcdef" for c in head):  # SHA-1 or SHA-256
            commit = head
            final_line = _final_line(rest)
        else:
            fields[head] = rest
    return lines


def _final_line(rest: str) -> int:
    parts: Tuple[str, ...] = tuple(rest.split())
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0


def _entry(commit: str, fields: Dict[str, str]) -> Blame:
    if set(commit) == {"0"}:
        return UNKNOWN
    stamp = fields.get("author-time", "")
    date = datetime.fromtimestamp(int(stamp), tz=timezone.utc).strftime("%Y-%m-%d") if stamp.isdigit() else None
    return Blame(fields.get("author") or None, date, True)
