"""Per-file facts and whole-run results, cached by content hash, version, catalog and frtlint's own code.

The scanned tree is untrusted (CI runs frtlint on pull requests), so the cache is
built to be useless to an attacker who can write files:

- It lives outside the project by default, in a per-user folder keyed by the
  project's path (`cache_home()`); `cache-dir` moves it.
- Entries are data (JSON checked field by field against the fact classes, see
  `cache_format`), never pickle, which would run code while loading.
- Every entry carries an HMAC under a secret key kept in the per-user folder with
  mode 0600: an entry planted in the tree, or copied from another key, is a miss,
  so a forged "no findings" run result cannot pass the gate.
- frtlint writes only inside a folder it created (it holds frtlint's CACHEDIR.TAG) or
  found empty, and never through a symbolic link.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, List, Optional, Set, Tuple

from frtlint import __version__
from frtlint.analysis.facts import ModuleFacts
from frtlint.engine import cache_format
from frtlint.findings import Finding
from frtlint.report_file import replace_atomically, symlink_on_the_way
from frtlint.rule_pack import bundled_rules_dir

TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# frtlint cache; see https://bford.info/cachedir/\n"
_MAGIC = b"frtlint-cache-1 "
_MAX_ENTRY_BYTES = 64 * 1024 * 1024
_KEY_FILE = "secret.key"
RunValue = Tuple[List[Finding], List[str]]


def cache_home() -> Path:
    """The per-user cache folder: $FRTLINT_CACHE_DIR, else $XDG_CACHE_HOME/frtlint, else ~/.cache/frtlint."""
    explicit = os.environ.get("FRTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "frtlint"


def default_cache_dir(root: Path) -> Path:
    """The cache folder of the project at `root` when `cache-dir` is not set."""
    project = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_home() / "projects" / project


def analysis_sources() -> List[Path]:
    """The code facts are built by: the analysis (with its subpackages, such as the walker)
    and the code that builds the catalog."""
    package = Path(__file__).resolve().parent.parent
    return sorted([*(package / "analysis").rglob("*.py"), *(package / "catalog").rglob("*.py")])


@lru_cache(maxsize=1)
def _analysis_digest() -> str:
    """Facts depend on the analysis code and the code that builds the catalog too: a changed
    checkout must not reuse them. (Run results depend on all the code: `code_digest`.)"""
    digest = hashlib.sha256(__version__.encode())
    for source in analysis_sources():
        digest.update(source.read_bytes())
    digest.update(repr(cache_format.schema_names(ModuleFacts)).encode())
    digest.update(repr(cache_format.schema_names(Finding)).encode())
    return digest.hexdigest()[:12]


def _code_roots() -> List[Path]:
    """The installed package and its Semgrep rule pack (inside the wheel, or a checkout's rules/)."""
    package = Path(__file__).resolve().parent.parent
    return [package, bundled_rules_dir().resolve()]


def _code_files(root: Path) -> List[Path]:
    """Every file below `root` that can change a result: sources and data, not bytecode."""
    found: List[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend(Path(folder) / name for name in names if not name.endswith((".pyc", ".pyo")))
    return found


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Content digest of the whole installed frtlint and its rule pack, computed once per process.

    A run's findings come from the checks, the engine, the catalog and the rule pack, not
    only from the analysis: an edited check must not keep printing its old message.
    """
    digest = hashlib.sha256(__version__.encode())
    seen: Set[Path] = set()  # a wheel's rule pack lies inside the package
    for number, root in enumerate(_code_roots()):
        files = sorted(set(_code_files(root)) - seen) if root.is_dir() else []
        seen.update(files)
        for path in files:
            try:
                content = path.read_bytes()
            except OSError:
                content = b"\0unreadable"
            name = f"{number}/{path.relative_to(root).as_posix()}"
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _make_private_dir(path: Path) -> None:
    """`path` as a directory that is not a symlink, created (with parents) if missing."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not _is_real_dir(path):
        raise OSError(f"{path} is not a plain directory")


def _secret_key() -> bytes:
    """The per-user HMAC key, created on first use (mode 0600, never in a project)."""
    home = cache_home()
    _make_private_dir(home)
    path = home / _KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    fd = os.open(path, flags)
    with os.fdopen(fd) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        text = handle.read(200).strip()
    if len(text) != 64:
        raise OSError(f"{path} does not hold a frtlint key")
    return bytes.fromhex(text)


def claim_directory(directory: Path) -> Optional[str]:
    """Make `directory` frtlint's own cache folder; a reason when it must not be used.

    frtlint writes only into a folder it created (it holds frtlint's CACHEDIR.TAG) or
    one that is empty: `cache-dir = "."` must never overwrite the project's files.
    """
    link = symlink_on_the_way(directory.parent, Path.cwd())
    if link is not None:
        return f"cache-dir {directory}: {link} is a symbolic link"
    try:
        if os.path.lexists(directory):
            if not _is_real_dir(directory):
                return f"cache-dir {directory} is not a plain directory (a file or a symbolic link)"
            tag = directory / "CACHEDIR.TAG"
            if _is_regular(tag) and tag.read_text(encoding="utf-8", errors="replace") == TAG:
                return None
            if any(directory.iterdir()):
                return f"cache-dir {directory} holds files frtlint did not write"
        else:
            directory.mkdir(parents=True, mode=0o700)
        _create_new(directory / "CACHEDIR.TAG", TAG.encode())
        _create_new(directory / ".gitignore", b"*\n")
    except OSError as error:
        return f"cache-dir {directory}: {error.strerror or error}"
    return None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _create_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


class _Store:
    """Signed JSON entries in a folder frtlint owns."""

    def __init__(self, directory: Path, key: bytes) -> None:
        self.directory = directory
        self._key = key

    def _mac(self, name: str, body: bytes) -> str:
        return hmac.new(self._key, name.encode() + b"\0" + body, hashlib.sha256).hexdigest()

    def read(self, name: str, hint: Any) -> Any:
        """The entry's value, or None when it is missing, forged, damaged or of another shape."""
        path = self.directory / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            try:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY_BYTES:
                    return None
                data = handle.read()
            except OSError:
                return None
        header, _, body = data.partition(b"\n")
        if not header.startswith(_MAGIC):
            return None
        if not hmac.compare_digest(header[len(_MAGIC):], self._mac(name, body).encode()):
            return None
        try:
            return cache_format.loads(body, hint)
        except cache_format.FormatError:
            return None

    def write(self, name: str, value: Any, hint: Any) -> None:
        try:
            body = cache_format.dumps(value, hint)
        except (cache_format.FormatError, TypeError, ValueError):
            return  # a value the format cannot hold is simply not cached
        target = self.directory / name
        try:
            _make_private_dir(target.parent)
            entry = _MAGIC + self._mac(name, body).encode() + b"\n" + body
            replace_atomically(target, entry, 0o600, durable=False)
        except OSError:
            pass


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class FactsCache:
    def __init__(
        self, directory: Optional[Path], catalog_digest: str, enabled: bool = True, root: Optional[Path] = None
    ) -> None:
        """`directory` is the configured cache-dir (None: the per-user default for `root`)."""
        self.enabled = enabled
        self.notice: Optional[str] = None
        self.hits = 0
        self.misses = 0
        base = directory if directory is not None else default_cache_dir(root or Path.cwd())
        self.directory = base / f"v{__version__}-{_analysis_digest()}-{catalog_digest}"
        self._store: Optional[_Store] = None
        if not enabled:
            return
        try:
            key = _secret_key()
        except OSError:
            self.enabled = False  # no private place for the key: run without a cache
            return
        refusal = claim_directory(base)
        if refusal is None:
            try:
                _make_private_dir(self.directory)
            except OSError as error:
                refusal = f"cache-dir {base}: {error}"
        if refusal is not None:
            self.enabled = False
            self.notice = f"{refusal}; running without a cache"
            return
        self._store = _Store(self.directory, key)

    @staticmethod
    def key(display: str, content: bytes) -> str:
        return hashlib.sha256(display.encode("utf-8", "surrogateescape") + b"\0" + content).hexdigest()

    def get(self, key: str) -> Optional[ModuleFacts]:
        if self._store is None:
            return None
        facts = self._store.read(f"{key[:2]}/{key}.json", ModuleFacts)
        if facts is None:
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: ModuleFacts) -> None:
        if self._store is not None:
            self._store.write(f"{key[:2]}/{key}.json", facts, ModuleFacts)


class RunCache:
    """The whole result of a run, keyed by every input: an unchanged tree costs only
    discovery, hashing and one read (the per-file facts are not even loaded)."""

    _KEEP = 16

    def __init__(self, facts_cache: FactsCache) -> None:
        self._store = facts_cache._store
        self.directory = facts_cache.directory / "runs"

    @staticmethod
    def _entry(key: str) -> str:
        """The entry of a run key, which covers the inputs; the code that reads them is added here."""
        return "runs/" + hashlib.sha256(f"{code_digest()}\0{key}".encode()).hexdigest() + ".json"

    def get(self, key: str) -> Optional[RunValue]:
        if self._store is None:
            return None
        return self._store.read(self._entry(key), RunValue)  # type: ignore[no-any-return]

    def put(self, key: str, value: RunValue) -> None:
        if self._store is None:
            return
        try:
            if _is_real_dir(self.directory):
                entries = sorted(self.directory.glob("*.json"), key=lambda p: p.lstat().st_mtime)
                for old in entries[: -self._KEEP]:
                    _unlink(old)  # keep the last few runs only
        except OSError:
            pass
        self._store.write(self._entry(key), value, RunValue)
