"""Line-oriented output must not let a file name or message forge lines.

A pull request controls its file names: `a.py\n::error::...` printed raw would add a
line (or a GitHub workflow command) to the CI log, and terminal escapes or bidi
controls can hide text. Line-based formats print such characters as escapes.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, zero-width and bidi controls, line/paragraph separators, BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character that could break or disguise a line escaped."""
    return _UNSAFE.sub(_escape, text)
