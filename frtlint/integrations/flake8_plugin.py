"""The flake8 plugin: `flake8 --select FRT` reports frtlint's findings for one file.

flake8 hands the plugin one file at a time, so the plugin runs frtlint's single-file
check (`Engine.check_source`): the same ids, positions and messages as
`frtlint check FILE`, but without the project pass. A finding that depends on other
files (a consent check in every caller, a fallback in another module) is reported as
`frtlint check` reports it for that file alone; run `frtlint check .` for the whole
project.

Settings come from `[tool.frtlint]` in the nearest `pyproject.toml` above the file
(flake8 itself does not read it). `# noqa: FRT201` is left to flake8, so
`flake8 --disable-noqa` shows those findings again; `# frtlint: ignore[...]` comments
are honoured here.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Type

from frtlint import __version__

# One engine per configuration file: building the catalog is the expensive part.
_ENGINES: Dict[Tuple[Optional[str], Optional[str]], Any] = {}


def _engine_for(directory: Path):
    from frtlint.config import find_pyproject, load_settings
    from frtlint.engine.runner import Engine

    pyproject = find_pyproject(directory.resolve())
    key = (str(pyproject) if pyproject else None, str(Path.cwd()))
    engine = _ENGINES.get(key)
    if engine is None:
        settings = load_settings(start=directory)
        # The flake8 process already runs files in parallel: one job per file here.
        engine = Engine(settings, use_cache=True, jobs=1)
        _ENGINES[key] = engine
    return engine


def _source_bytes(lines: Sequence[str], filename: str) -> bytes:
    """The file's bytes as frtlint would read them, rebuilt from flake8's decoded lines."""
    text = "".join(lines)
    head = "".join(lines[:2]).encode("utf-8", "surrogateescape")
    encoding = "utf-8"
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(head).readline)
    except SyntaxError:
        pass
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        try:
            return Path(filename).read_bytes()
        except OSError:
            return text.encode("utf-8", "surrogateescape")


def _frtlint_suppressed(suppressions: Sequence[Any], finding) -> bool:
    """True when a `# frtlint: ignore` comment (not a `# noqa`) of the file covers the finding."""
    from frtlint.analysis.suppression_grammar import covers

    return any(
        s.style == "frtlint" and s.line == finding.line and covers(s.rules, finding.rule) for s in suppressions
    )


class Flake8Plugin:
    """flake8 entry point `FRT`: frtlint's checks on the file flake8 is checking."""

    name = "frtlint"
    version = __version__

    def __init__(self, tree: Any, filename: str, lines: Sequence[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = list(lines)

    def _path(self) -> Path:
        if self.filename in ("-", "stdin", ""):
            return Path.cwd() / "stdin.py"
        return Path(self.filename)

    def run(self) -> Iterator[Tuple[int, int, str, Type["Flake8Plugin"]]]:
        from frtlint.engine.discover import display_path
        from frtlint.errors import EngineError, UsageError

        path = self._path()
        try:
            engine = _engine_for(path.parent if str(path.parent) else Path("."))
        except (UsageError, EngineError) as error:
            yield 1, 0, f"FRT000 frtlint configuration error: {error}", type(self)
            return
        content = _source_bytes(self.lines, self.filename)
        findings = engine.check_source(display_path(path), content)
        suppressions: Optional[List[Any]] = None  # read once, and only when a finding is suppressed
        for finding in findings:
            if finding.suppression_reason is not None:
                if suppressions is None:
                    from frtlint.analysis.suppression_grammar import python_suppressions

                    suppressions = python_suppressions("".join(self.lines))
                if _frtlint_suppressed(suppressions, finding):
                    continue
                # Suppressed by `# noqa`: flake8 applies its own noqa logic.
            yield finding.line, max(finding.column - 1, 0), f"{finding.rule} {finding.message}", type(self)


__all__: List[str] = ["Flake8Plugin"]
