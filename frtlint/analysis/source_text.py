"""Source bytes as text, decoded the way the engine decodes them, without LibCST."""

from __future__ import annotations

import io
import tokenize


def decode_source(raw: bytes, path: str) -> str:
    """As the engine decodes: Python files by their BOM or PEP 263 coding line. Not through
    the engine's own decode, which would import LibCST into warm runs that need none."""
    encoding = "utf-8"
    if path.endswith(".py"):
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        except (SyntaxError, LookupError):
            encoding = "utf-8"
    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
