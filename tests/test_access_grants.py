"""FRT401/FRT503 across files: which other ways to a grant count as a fallback."""

from __future__ import annotations

from typing import List, Tuple

from conftest import lint_tree

LOCK = "class Lock:\n    def unlock(self, who):\n        relay.on()\n"

FACE_SCRIPT = (
    "import face_recognition as fr\n"
    "from lock import Lock\n\n"
    "def watch(lock, known, enc):\n"
    "    if True in fr.compare_faces(known, enc):\n"
    "        lock.unlock('face')\n\n"
    "if __name__ == '__main__':\n"
    "    watch(Lock(), [], None)\n"
)

CARD_SCRIPT = (
    "from lock import Lock\n\n"
    "def on_card(lock, uid):\n"
    "    if uid in CARDS:\n"
    "        lock.unlock(uid)\n\n"
    "if __name__ == '__main__':\n"
    "    on_card(Lock(), read_uid())\n"
)


def _found(files, tmp_path, monkeypatch, rules=("FRT401", "FRT503")) -> List[Tuple[str, str, int, int]]:
    result = lint_tree(files, tmp_path, list(rules), monkeypatch)
    return sorted((f.rule, f.path, f.line, f.column) for f in result.active)


def test_card_reader_in_another_script_is_no_fallback(tmp_path, monkeypatch) -> None:
    files = {"lock.py": LOCK, "face_door.py": FACE_SCRIPT, "card_door.py": CARD_SCRIPT}
    assert ("FRT401", "face_door.py", 6, 9) in _found(files, tmp_path, monkeypatch)


def test_card_reader_in_the_same_script_is_a_fallback(tmp_path, monkeypatch) -> None:
    both = FACE_SCRIPT.replace(
        "if __name__ == '__main__':\n    watch(Lock(), [], None)\n",
        "def on_card(lock, uid):\n    if uid in CARDS:\n        lock.unlock(uid)\n\n"
        "if __name__ == '__main__':\n    watch(Lock(), [], None)\n    on_card(Lock(), read_uid())\n",
    )
    files = {"lock.py": LOCK, "face_door.py": both}
    assert [f for f in _found(files, tmp_path, monkeypatch) if f[0] == "FRT401"] == []


def test_lock_self_test_is_no_fallback(tmp_path, monkeypatch) -> None:
    with_test = FACE_SCRIPT.replace(
        "if __name__ == '__main__':\n    watch(Lock(), [], None)\n",
        "def run_lock_test(lock):\n    lock.unlock('test')\n\n"
        "if __name__ == '__main__':\n    watch(Lock(), [], None)\n    run_lock_test(Lock())\n",
    )
    files = {"lock.py": LOCK, "face_door.py": with_test}
    assert ("FRT401", "face_door.py", 6, 9) in _found(files, tmp_path, monkeypatch)


def test_face_behind_a_login_is_a_second_factor_but_still_needs_liveness(tmp_path, monkeypatch) -> None:
    view = (
        "from deepface import DeepFace\n"
        "from flask import jsonify\n\n"
        "@jwt_required()\n"
        "def verify(img, ref):\n"
        "    if DeepFace.verify(img, ref)['verified']:\n"
        "        return jsonify({'authenticated': True})\n"
        "    return jsonify({'authenticated': False})\n"
    )
    assert _found({"views.py": view}, tmp_path, monkeypatch) == [("FRT503", "views.py", 6, 8)]


def test_no_match_flag_reset_after_a_failure_keeps_the_decision(tmp_path, monkeypatch) -> None:
    code = (
        "import face_recognition as fr\n\n"
        "def unlock():\n    pass\n\n"
        "def step(known, enc):\n"
        "    try:\n"
        "        hits = fr.compare_faces(known, enc)\n"
        "    except ValueError:\n"
        "        hits = []\n"
        "    if any(hits):\n"
        "        unlock()\n"
    )
    assert _found({"door.py": code}, tmp_path, monkeypatch) == [("FRT401", "door.py", 12, 9), ("FRT503", "door.py", 8, 16)]


def test_helper_in_another_module_returns_who_matched(tmp_path, monkeypatch) -> None:
    files = {
        "faces.py": (
            "import face_recognition as fr\n\n"
            "def identify(known, names, enc):\n"
            "    hits = fr.compare_faces(known, enc)\n"
            "    return names[hits.index(True)] if True in hits else None\n"
        ),
        "door.py": (
            "from faces import identify\n\n"
            "def open_door():\n    relay.on()\n\n"
            "def on_frame(known, names, enc):\n"
            "    who = identify(known, names, enc)\n"
            "    if who:\n"
            "        open_door()\n"
        ),
    }
    assert _found(files, tmp_path, monkeypatch) == [("FRT401", "door.py", 9, 9), ("FRT503", "faces.py", 4, 12)]
