"""Every key of the catalog's vocabulary files is read by some code (issue 11: no dead knowledge)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Mapping, Tuple

from frtlint.tomlcompat import tomllib

PACKAGE = Path(__file__).resolve().parents[1] / "frtlint"
# Tables whose keys are data (API names, attribute names, ...), not settings the code asks for.
DATA_TABLES = {"apis", "constructors", "aliases", "methods", "constructor-patterns", "persist", "persist-methods", "sensitive-attributes"}


def _keys(table: Mapping[str, Any], path: Tuple[str, ...] = ()) -> Iterator[Tuple[str, ...]]:
    for key, value in table.items():
        if path and path[-1] in DATA_TABLES:
            return
        yield path + (key,)
        if isinstance(value, Mapping):
            yield from _keys(value, path + (key,))


def test_every_vocabulary_key_is_read_by_the_code() -> None:
    code = "".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    unread = []
    for name in ("markers.toml", "face_apis.toml", "face_data_words.toml"):
        with open(PACKAGE / "catalog" / name, "rb") as handle:
            data = tomllib.load(handle)
        for path in _keys(data):
            if f'"{path[-1]}"' not in code and f"'{path[-1]}'" not in code:
                unread.append(f"{name}: {'.'.join(path)}")
    assert unread == []
