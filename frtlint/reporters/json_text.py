"""JSON documents as the reports print them: indented, UTF-8 text kept as is."""

from __future__ import annotations

import io
import json
from typing import Any


def indented_json(data: Any) -> str:
    """`data` as indented JSON text with a final newline.

    Written piece by piece: `json.dumps` with an indent keeps every piece of a large
    report in one list before joining them, many times the report's own size."""
    text = io.StringIO()
    json.dump(data, text, indent=2, ensure_ascii=False)
    text.write("\n")
    return text.getvalue()
