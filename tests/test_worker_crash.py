"""A pool worker that dies on one file costs that file only: FRT000 for it, every other
file's findings kept, and the crash is not cached."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path
from typing import Tuple

import pytest

from frtlint.analysis.facts import ModuleFacts
from frtlint.engine import runner
from frtlint.engine.runner import Engine

from conftest import settings_for

FACE_CALL = "import face_recognition\n\ndef encode_{n}(img):\n    return face_recognition.face_encodings(img)\n"
_real_worker = runner._extract_in_worker


def _dies_on_boom(task: Tuple[str, bytes]) -> ModuleFacts:
    """Stands in for the worker (inherited through fork): killed like a native crash."""
    if task[0].endswith("boom.py"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_worker(task)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers through fork")
def test_a_worker_killed_on_one_file_costs_only_that_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for n in range(10):
        (tmp_path / f"enrol_{n}.py").write_text(FACE_CALL.format(n=n))
    (tmp_path / "boom.py").write_text(FACE_CALL.format(n="boom"))
    monkeypatch.setattr(runner, "_extract_in_worker", _dies_on_boom)
    settings = settings_for(tmp_path, ["FRT000", "FRT201"])

    result = Engine(settings, use_cache=True, jobs=2).run(["."])

    assert sorted((f.rule, f.path, f.line, f.column, f.message) for f in result.active if f.rule == "FRT000") == [
        ("FRT000", "boom.py", 1, 1, "cannot analyse file: the analysis process crashed on it (Draft Art. 15; Measures Art. 9)"),
    ]
    assert sorted(f.path for f in result.active if f.rule == "FRT201") == sorted(f"enrol_{n}.py" for n in range(10))

    monkeypatch.setattr(runner, "_extract_in_worker", _real_worker)
    again = Engine(settings, use_cache=True, jobs=2).run(["."])
    assert [f.path for f in again.active if f.rule == "FRT000"] == []
    assert sorted(f.path for f in again.active if f.rule == "FRT201") == sorted(["boom.py", *(f"enrol_{n}.py" for n in range(10))])
