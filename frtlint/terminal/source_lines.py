"""The lines of the files a report shows, read once each and decoded as the engine does."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Mapping, Optional

from frtlint.analysis.source_text import decode_source
from frtlint.analysis.suppression_grammar import physical_lines
from frtlint.engine.discover import read_source


def split_lines(text: str) -> List[str]:
    """The lines as an editor numbers them: the tokenizer's physical lines (a form feed or
    U+2028 ends none), and after a final line break the empty last line, where a finding
    at the end of a file (a syntax error) points."""
    lines = physical_lines(text)
    if text.endswith(("\n", "\r")) or not text:
        lines.append("")
    return lines


class SourceLines:
    """`lines(display)` for the displayed paths of a run; None when a file cannot be read.

    `known` maps displayed paths to files on disk; `texts` holds contents that are not on
    disk (standard input). Other paths are looked up relative to the current directory.
    """

    def __init__(self, known: Mapping[str, Path], texts: Optional[Mapping[str, str]] = None) -> None:
        self._known = dict(known)
        self._cache: Dict[str, Optional[List[str]]] = {
            display: split_lines(text) for display, text in (texts or {}).items()
        }

    def lines(self, display: str) -> Optional[List[str]]:
        if display not in self._cache:
            self._cache[display] = self._read(display)
        return self._cache[display]

    def _read(self, display: str) -> Optional[List[str]]:
        try:
            raw = read_source(self._known.get(display, Path(display)))
        except OSError:
            return None
        return split_lines(decode_source(raw, display))
