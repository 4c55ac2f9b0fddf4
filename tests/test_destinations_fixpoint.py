"""FRT101's face parameters are solved to a fixpoint over the call graph (analysis/destinations.py).

The pass once stopped after 8 rounds: with callers written above their callees it learns one
helper per round, so a path handed down a chain of 9 or more helpers to a face API was lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import lint_tree


def _chain(helpers: int) -> str:
    lines = [
        "import cv2",
        "import face_recognition",
        "",
        "def grab(cam):",
        "    ok, frame = cam.read()",
        "    cv2.imwrite('snap.jpg', frame)",
        "    step0('snap.jpg')",
        "",
    ]
    for index in range(helpers):
        lines += [f"def step{index}(path):", f"    return step{index + 1}(path)", ""]
    lines += [
        f"def step{helpers}(path):",
        "    return face_recognition.face_encodings(face_recognition.load_image_file(path))",
        "",
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("helpers", [2, 8, 9, 20])
def test_a_path_handed_down_a_chain_of_helpers_reaches_the_face_api(helpers: int, tmp_path: Path) -> None:
    result = lint_tree({"app.py": _chain(helpers)}, tmp_path, select=["FRT101"])
    found = [(f.rule, f.line) for f in result.findings if f.suppression_reason is None]
    assert found == [("FRT101", 6)], helpers
