"""Writing a report or baseline file named by `-o`, `--also` or `baseline create -o`.

The path may sit inside an untrusted tree (a pull request can add `frtlint.sarif` as a
symbolic link to a file elsewhere), and as root `-o /dev/null` must not replace the
device. So frtlint writes only regular files: a new file, or an existing regular file
that is replaced atomically (temporary file beside it, then rename). Symbolic links,
devices, FIFOs and folders are refused with a one-line error. New files get the
permissions the umask allows, existing files keep theirs.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Optional

from frtlint.errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def symlink_on_the_way(path: Path, top: Path) -> Optional[Path]:
    """The first folder between `top` and `path` (both included where `path` lies below
    `top`) that is a symbolic link: a tree can plant `out -> /elsewhere` so that
    `-o out/report.sarif` or `cache-dir = "out/cache"` writes outside it. Folders above
    `top` are the user's own (a symlinked /tmp or home) and are trusted."""
    absolute = Path(os.path.abspath(path))
    top = Path(os.path.abspath(top))
    try:
        below = absolute.relative_to(top)
    except ValueError:
        return None
    current = top
    for part in below.parts:
        current = current / part
        if os.path.islink(current):
            return current
    return None


def write_report_file(name: str, data: bytes) -> None:
    """Create or replace the regular file `name` with `data`; UsageError otherwise."""
    target = Path(name)
    link = symlink_on_the_way(target.parent, Path.cwd())
    if link is not None:
        raise UsageError(f"{name}: {os.path.relpath(link)} is a symbolic link; frtlint writes only inside real folders")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise UsageError(f"{name}: cannot write: {error.strerror or error}") from None
    else:
        if stat.S_ISLNK(info.st_mode):
            raise UsageError(f"{name}: is a symbolic link; frtlint writes only regular files (name the target)")
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{name}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{name}: is not a regular file; frtlint writes only regular files (leave out -o to print)")
        mode = stat.S_IMODE(info.st_mode)
    try:
        (target.parent if str(target.parent) else Path(".")).mkdir(parents=True, exist_ok=True)
        replace_atomically(target, data, mode)
    except OSError as error:
        raise UsageError(f"{name}: cannot write: {error.strerror or error}") from None


def replace_atomically(target: Path, data: bytes, mode: int, *, durable: bool = True) -> None:
    """Create or replace `target` with `data` and permissions `mode`: a temporary file
    beside it, fsync, rename. An interrupted run leaves the old file or the new one.
    `durable=False` skips the fsync, for files that may be lost in a crash but must never
    be seen half written (cache entries: written by the thousand, and rebuilt when lost)."""
    directory = target.parent if str(target.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".frtlint-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
