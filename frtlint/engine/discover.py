"""Which files a run looks at."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from frtlint.config import Settings
from frtlint.errors import UsageError
from frtlint.hardened_git import run_git
from frtlint.model import SourceFile

LANGUAGES: Dict[str, str] = {
    ".py": "python",
    ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".ts": "typescript", ".tsx": "typescript",
    ".java": "java",
    ".kt": "kotlin", ".kts": "kotlin",
    ".yaml": "yaml", ".yml": "yaml",
    ".json": "json",
}


MAX_SOURCE_BYTES = 5 * 1024 * 1024  # Semgrep's own default limit; larger files are generated or data


def read_source(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_SOURCE_BYTES; OSError otherwise.

    The tree is untrusted: `x.py` may be a FIFO (a plain read would block forever), a
    symbolic link to /dev/zero (endless), a device or a symlink loop.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_size > MAX_SOURCE_BYTES:
            raise OSError(errno.EFBIG, f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB")
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB")
    return data


def safe_display(text: str) -> str:
    """A path as text that can be printed and encoded: undecodable bytes of a file name
    (kept by the filesystem as surrogate escapes) become `\\xNN`."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def display_path(path: Path) -> str:
    """`path` relative to the current directory, with forward slashes."""
    return _display_of(_resolved(path), Path.cwd().resolve())


def _resolved(path: Path) -> Path:
    """`path.resolve()`, or the absolute path when a symlink loop stops resolution."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _display_of(resolved: Path, cwd: Path) -> str:
    try:
        return safe_display(resolved.relative_to(cwd).as_posix())
    except ValueError:
        return safe_display(os.path.relpath(resolved, cwd).replace(os.sep, "/"))


def relative_to_root(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes (as exclude patterns match it), or
    the whole path when it lies elsewhere. Both are taken as given: resolve them first."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _text_below(path: str, folder: str) -> Optional[str]:
    """`path` relative to `folder` with forward slashes ("" for the folder itself), or
    None when it lies elsewhere: `relative_to_root` on strings, for the walk's hot loop."""
    if path == folder:
        return ""
    prefix = folder.rstrip(os.sep) + os.sep
    return path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else None


def _joined(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name


def _git_visible(directory: Path) -> Optional[Set[Path]]:
    """Files git does not ignore under `directory`, or None outside a git work tree.

    A folder that git itself ignores but the user named is checked in full.
    """
    try:
        ignored = run_git(["check-ignore", "-q", "."], directory, timeout=60)
        if ignored.returncode == 0:
            return None
        completed = run_git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], directory, 60)
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    top = directory.resolve()
    return {top / name for name in completed.stdout.decode("utf-8", "replace").split("\0") if name}


def discover(
    paths: Iterable[str], settings: Settings, unreadable: Optional[List[Tuple[str, str]]] = None
) -> List[SourceFile]:
    """The files to check under `paths`; folders that cannot be read are added to
    `unreadable` as (display path, reason)."""
    files: Dict[Path, SourceFile] = {}
    root = settings.root
    cwd = Path.cwd().resolve()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or directory")
        if not path.is_dir():  # a FIFO or device too: reading it reports FRT000, never blocks
            language = LANGUAGES.get(path.suffix.lower())
            # Files named on the command line are checked even if excluded (ruff's habit),
            # unless force-exclude asks otherwise (pre-commit passes every staged file).
            resolved = _resolved(path)
            excluded = settings.force_exclude and settings.is_excluded(relative_to_root(resolved, root))
            if language and not excluded:
                files[resolved] = SourceFile(resolved, _display_of(resolved, cwd), language)
            continue
        visible = _git_visible(path) if settings.respect_gitignore else None
        top = path.resolve()
        # A directory named on the command line is checked even if a pattern excludes
        # it (ruff's habit); patterns still apply to what lies below it.
        base = top if settings.is_excluded(relative_to_root(top, root)) else root
        # os.walk does not follow symlinked folders, so below the resolved top only a
        # symlinked file needs resolving. Paths stay strings here: pathlib and resolve()
        # on every file were most of a warm run's time on a large tree.
        is_excluded = settings.exclusion_matcher()
        base_text, cwd_text = str(base), str(cwd)
        def walk_error(error: OSError) -> None:
            if unreadable is not None and error.filename is not None:
                unreadable.append((_display_of(Path(error.filename), cwd), error.strerror or str(error)))

        for directory, subdirs, names in os.walk(top, onerror=walk_error):
            if "CACHEDIR.TAG" in names and directory != str(top):
                subdirs[:] = []  # a cache folder (frtlint's own, pytest's, ...): never code
                continue
            below = _text_below(directory, base_text)
            if below is None:
                below = Path(directory).as_posix()
            subdirs[:] = sorted(d for d in subdirs if not is_excluded(_joined(below, d)))
            for name in sorted(names):
                language = LANGUAGES.get(os.path.splitext(name)[1].lower())
                if language is None:
                    continue
                candidate_text = os.path.join(directory, name)
                candidate = Path(candidate_text)
                if visible is not None and candidate not in visible:
                    continue
                if os.path.islink(candidate_text):
                    # A symlinked file is judged, and reported, as its target.
                    resolved = _resolved(candidate)
                    if is_excluded(relative_to_root(resolved, base)):
                        continue
                    display = _display_of(resolved, cwd)
                else:
                    if is_excluded(_joined(below, name)):
                        continue
                    resolved = candidate
                    display = safe_display(_text_below(candidate_text, cwd_text) or _display_of(candidate, cwd))
                files[resolved] = SourceFile(resolved, display, language)
    return sorted(files.values(), key=lambda f: f.display)
