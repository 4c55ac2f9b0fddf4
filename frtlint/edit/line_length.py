"""The line length a project's formatter and linters enforce, so added comments respect it.

Read from the nearest folder (walking up from the checked path) that configures one:
`[tool.ruff] line-length`, `[tool.black] line-length` in pyproject.toml (or ruff.toml /
.ruff.toml), `max-line-length` in the `[flake8]` section of .flake8, setup.cfg or
tox.ini. The files are data: parsed, never run; an odd value is ignored.
"""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import Any, Optional

from frtlint.tomlcompat import tomllib

DEFAULT = 88
_SANE = range(20, 1001)


def project_line_length(start: Path) -> int:
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        found = _configured_in(candidate)
        if found is not None:
            return found
    return DEFAULT


def _configured_in(folder: Path) -> Optional[int]:
    for name, table in (("pyproject.toml", ("tool", "ruff")), ("ruff.toml", ()), (".ruff.toml", ()), ("pyproject.toml", ("tool", "black"))):
        value = _toml_value(folder / name, table + ("line-length",))
        if value is not None:
            return value
    for name in (".flake8", "setup.cfg", "tox.ini"):
        value = _flake8_value(folder / name)
        if value is not None:
            return value
    return None


def _toml_value(path: Path, keys: tuple) -> Optional[int]:
    try:
        with open(path, "rb") as handle:
            data: Any = tomllib.load(handle)
    except (OSError, ValueError):
        return None
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data if isinstance(data, int) and not isinstance(data, bool) and data in _SANE else None


def _flake8_value(path: Path) -> Optional[int]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
        text = parser.get("flake8", "max-line-length", fallback=None) or parser.get("flake8", "max_line_length", fallback=None)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    try:
        value = int(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value in _SANE else None
