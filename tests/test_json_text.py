"""The reports' JSON text: what `json.dumps` with an indent writes, without its memory."""

from __future__ import annotations

import json

from frtlint.reporters.json_text import indented_json


def test_indented_json_is_the_text_json_dumps_writes() -> None:
    data = {"findings": [{"path": "人脸/登录.py", "line": 3, "ok": True, "none": None}] * 3, "empty": [], "n": 1.5}
    assert indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert indented_json({}) == "{}\n"
