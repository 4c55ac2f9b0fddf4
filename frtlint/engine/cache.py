"""Per-file facts cached by content hash, frtlint version and catalog digest."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Optional

from frtlint import __version__
from frtlint.analysis.facts import ModuleFacts

_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# frtlint cache; see https://bford.info/cachedir/\n"


def _analysis_digest() -> str:
    """Facts depend on the analysis code too: a changed checkout must not reuse them."""
    digest = hashlib.sha256(__version__.encode())
    for source in sorted((Path(__file__).resolve().parent.parent / "analysis").glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


class FactsCache:
    def __init__(self, directory: Path, catalog_digest: str, enabled: bool = True) -> None:
        self.enabled = enabled
        self.directory = directory / f"v{__version__}-{_analysis_digest()}-{catalog_digest}"
        self.hits = 0
        self.misses = 0
        if enabled:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                (directory / "CACHEDIR.TAG").write_text(_TAG)
                (directory / ".gitignore").write_text("*\n")
            except OSError:
                self.enabled = False

    @staticmethod
    def key(display: str, content: bytes) -> str:
        return hashlib.sha256(display.encode() + b"\0" + content).hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Optional[ModuleFacts]:
        if not self.enabled:
            return None
        try:
            with open(self._file(key), "rb") as handle:
                facts = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: ModuleFacts) -> None:
        if not self.enabled:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(facts, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except OSError:
            pass


class RunCache:
    """The whole result of a run, keyed by every input: an unchanged tree costs only
    discovery, hashing and one read (the per-file facts are not even loaded)."""

    def __init__(self, facts_cache: FactsCache) -> None:
        self.enabled = facts_cache.enabled
        self.directory = facts_cache.directory / "runs"

    def get(self, key: str):
        if not self.enabled:
            return None
        try:
            with open(self.directory / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def put(self, key: str, value) -> None:
        if not self.enabled:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in sorted(self.directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-16]:
                old.unlink()  # keep the last few runs only
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.directory / f"{key}.pickle")
        except OSError:
            pass
