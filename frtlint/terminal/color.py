"""Whether to colour output, and the few styles the text report uses.

The decision follows the common conventions: `--color always|never` wins, then
`NO_COLOR` (any non-empty value: no colour), then `FORCE_COLOR` (any non-empty value:
colour), then whether the stream is a terminal.
"""

from __future__ import annotations

import os
from typing import Mapping, Optional, TextIO

COLOR_CHOICES = ("auto", "always", "never")

_CODES = {
    "bold": "1",
    "red": "1;31",
    "yellow": "1;33",
    "blue": "1;34",
    "cyan": "36",
    "dim": "2",
}


def use_color(choice: str, stream: Optional[TextIO], environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether output written to `stream` (None: a report file) gets ANSI colour."""
    env = os.environ if environ is None else environ
    if choice == "always":
        return True
    if choice == "never" or stream is None:
        return False
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


class Style:
    """Wraps text in ANSI codes when enabled; returns it unchanged otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled or not text:
            return text
        return f"\x1b[{_CODES[style]}m{text}\x1b[0m"
