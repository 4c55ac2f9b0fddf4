"""A byte-level test that skips files which cannot contain face processing."""

from __future__ import annotations

import re
from typing import Iterable, Pattern

from frtlint.catalog import Catalog


class Prefilter:
    """Face vocabulary, or a model file named for race (`fairface_race.h5`: its inference
    is face analysis even in a file that imports no face library).

    The model-file regex cannot start from a literal and scans slowly, so it runs only on
    files that name a model file extension at all (a regex that starts with a literal dot).
    """

    def __init__(self, words: Pattern[bytes], model_files: Pattern[bytes], extensions: Pattern[bytes]) -> None:
        self.words = words
        self.model_files = model_files
        self.extensions = extensions

    def search(self, data: bytes) -> bool:
        if self.words.search(data):
            return True
        return bool(self.extensions.search(data)) and bool(self.model_files.search(data))


def build_prefilter(catalog: Catalog) -> Prefilter:
    words = [re.escape(w.encode()) for w in catalog.prefilter_words() if w not in catalog.sensitive]
    quoted_sensitive = [re.escape(w.encode()) for w in catalog.sensitive]
    alternatives = [rb"\b(?:" + b"|".join(words) + rb")\b"]
    if quoted_sensitive:
        alternatives.append(rb"[\"'](?:" + b"|".join(quoted_sensitive) + rb")[\"']")
    model_files = re.compile(b"(?i:" + catalog.sensitive_model_file_pattern.pattern.encode() + b")")
    extensions = re.compile(rb"\.(?i:" + b"|".join(re.escape(e.encode()) for e in catalog.model_file_extensions) + rb")\b")
    return Prefilter(re.compile(b"|".join(alternatives)), model_files, extensions)


def names_pattern(names: Iterable[str]) -> Pattern[bytes]:
    """Files that mention any of these identifiers (callers of project face functions)."""
    escaped = sorted({re.escape(n.encode()) for n in names if n})
    if not escaped:
        return re.compile(rb"(?!x)x")
    return re.compile(rb"\b(?:" + b"|".join(escaped) + rb")\b")


def build_other_language_prefilter(catalog: Catalog, config: bool = False) -> Pattern[bytes]:
    """For files the Semgrep engine reads: skip those with no face vocabulary at all.
    Configs (`config=True`) also count device and private-place words."""
    markers = catalog.other_language_markers + (catalog.config_markers if config else ())
    alternatives = b"|".join(m.encode("utf-8") for m in markers)
    return re.compile(b"(?i:" + alternatives + b")")
