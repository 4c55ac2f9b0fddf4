"""The Semgrep rule pack's vocabulary: name families shared by several rule files.

The families live in `semgrep_vocabulary.toml`; a family either lists its own regex
alternatives or reuses a pattern of the Python analysis's catalog files, so the two
engines cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, Mapping

from frtlint.tomlcompat import tomllib

VOCABULARY_FILE = Path(__file__).parent / "semgrep_vocabulary.toml"
_FORBIDDEN_CHARACTERS = ("'", '"', "\n")


class VocabularyError(ValueError):
    """The vocabulary file is malformed: a family without items, an unknown `from`, quotes."""


def _catalog_value(reference: str) -> str:
    """`markers.consent.name-pattern` -> that string in `markers.toml`."""
    stem, _, dotted = reference.partition(".")
    path = Path(__file__).parent / f"{stem}.toml"
    if not dotted or not path.is_file():
        raise VocabularyError(f"'from = {reference}': expected <catalog file>.<table>.<key>")
    with open(path, "rb") as handle:
        node: Any = tomllib.load(handle)
    for key in dotted.split("."):
        if not isinstance(node, Mapping) or key not in node:
            raise VocabularyError(f"'from = {reference}': no key '{key}' in {path.name}")
        node = node[key]
    if not isinstance(node, str):
        raise VocabularyError(f"'from = {reference}' is not a pattern string")
    return node


def _family_regex(name: str, table: Any) -> str:
    if not isinstance(table, Mapping) or ("items" in table) == ("from" in table):
        raise VocabularyError(f"[{name}] needs exactly one of 'items' or 'from'")
    if "from" in table:
        regex = _catalog_value(str(table["from"]))
    else:
        items = table["items"]
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
            raise VocabularyError(f"[{name}] items must be a non-empty list of non-empty strings")
        regex = "|".join(items)
    for character in _FORBIDDEN_CHARACTERS:
        if character in regex:
            raise VocabularyError(f"[{name}] contains {character!r}, which would break the YAML around it")
    return regex


def parse_vocabulary(text: str) -> Dict[str, str]:
    """Family name -> the regex alternation it renders to."""
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VocabularyError(f"{VOCABULARY_FILE.name}: {error}") from None
    return {name: _family_regex(name, table) for name, table in tables.items()}


@lru_cache(maxsize=1)
def load_semgrep_vocabulary() -> Mapping[str, str]:
    """The shipped vocabulary, read once (read-only: callers share it)."""
    return MappingProxyType(parse_vocabulary(VOCABULARY_FILE.read_text(encoding="utf-8")))
