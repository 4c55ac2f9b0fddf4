"""A byte-level test that skips files which cannot contain face processing."""

from __future__ import annotations

import re
from typing import Iterable, Pattern

from frtlint.catalog import Catalog


def build_prefilter(catalog: Catalog) -> Pattern[bytes]:
    words = [re.escape(w.encode()) for w in catalog.prefilter_words() if w not in catalog.sensitive]
    quoted_sensitive = [re.escape(w.encode()) for w in catalog.sensitive]
    alternatives = [rb"\b(?:" + b"|".join(words) + rb")\b"]
    if quoted_sensitive:
        alternatives.append(rb"[\"'](?:" + b"|".join(quoted_sensitive) + rb")[\"']")
    # A model file named for race (`fairface_race.h5`): its inference is face analysis
    # even in a file that imports no face library.
    alternatives.append(b"(?i:" + catalog.sensitive_model_file_pattern.pattern.encode() + b")")
    return re.compile(b"|".join(alternatives))


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
