"""Where the project's impact-assessment (PIPIA) record is, and how old it is (FRT901).

The path or glob comes from the untrusted project config: matches are only looked at
(stat, and `git log` through the hardened runner), never read or executed, and only
files inside the project root count.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import List, Optional

from frtlint.hardened_git import run_git

DEFAULT_RECORD = "docs/pipia.md"
DEFAULT_MAX_AGE_DAYS = 365
_GIT_TIMEOUT = 30.0
_MAX_MATCHES = 200  # a glob such as `**/*.md` over a large tree: the newest of the first few hundred


@dataclass(frozen=True)
class RecordState:
    path: Optional[str]  # the newest matching record, relative to the root (posix)
    dated: Optional[datetime.date]
    date_source: str  # "git" (last commit touching it) or "mtime"


def unsafe_record_pattern(pattern: str) -> bool:
    """A pattern that leaves the project root (`/etc/x`, `../other/pipia.md`)."""
    path = PurePosixPath(pattern.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(pattern) > 1 and pattern[1] == ":")


def find_record(root: Path, pattern: str) -> RecordState:
    """The newest file under `root` matching `pattern`, with its date."""
    if unsafe_record_pattern(pattern):
        return RecordState(None, None, "")
    base = root.resolve()
    candidates = _matches(base, pattern)
    if not candidates:
        return RecordState(None, None, "")
    dated = [(_dated(base, path), path) for path in candidates]
    (day, source), newest = max(dated, key=lambda item: (item[0][0], item[1].as_posix()))
    return RecordState(newest.relative_to(base).as_posix(), day, source)


def _matches(base: Path, pattern: str) -> List[Path]:
    found: List[Path] = []
    try:
        for path in base.glob(pattern):
            resolved = path.resolve()
            if resolved.is_file() and _inside(resolved, base):
                found.append(path)
            if len(found) >= _MAX_MATCHES:
                break
    except (OSError, ValueError, NotImplementedError):
        return []
    return sorted(found)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
    except ValueError:
        return False
    return True


def _dated(base: Path, path: Path) -> "tuple[datetime.date, str]":
    committed = _last_commit_date(base, path)
    if committed is not None:
        return committed, "git"
    return datetime.date.fromtimestamp(os.stat(path).st_mtime), "mtime"


def _last_commit_date(base: Path, path: Path) -> Optional[datetime.date]:
    try:
        completed = run_git(["log", "-1", "--format=%ct", "--", path.relative_to(base).as_posix()], base, _GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    text = completed.stdout.decode("ascii", "replace").strip()
    if completed.returncode != 0 or not text.isdigit():
        return None  # not a repository, or the file was never committed
    return datetime.date.fromtimestamp(int(text))
