"""A file whose analysis takes more CPU time than the per-file limit is FRT000 for that
file only; the timer and its signal handler are put back after every file."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import List, Tuple

import pytest

from frtlint.analysis import extract as extract_module
from frtlint.analysis.budget import OverBudget, cpu_budget
from frtlint.catalog import build_catalog
from tests.conftest import lint_tree

DOOR = Path(__file__).resolve().parent.parent / "fixtures" / "door_lock_pi" / "noncompliant" / "doorlock.py"
# 600 ordinary 30-link method chains: no deep nesting (parse_cost lets it through), and
# about 3 s of CPU time in all.
SLOW = "import face_recognition\nface_recognition.face_encodings(image)\n" + "".join(
    f"x{i} = a" + ".b()" * 30 + "\n" for i in range(600)
)


def _rows(files: dict, tmp_path: Path, monkeypatch) -> List[Tuple[str, str, int, int, str]]:
    result = lint_tree(files, tmp_path, monkeypatch=monkeypatch)
    return [(f.path, f.rule, f.line, f.column, f.message.split(" (Draft")[0]) for f in result.active]


def test_a_file_over_the_cpu_limit_is_frt000_and_the_others_are_analysed(tmp_path: Path, monkeypatch) -> None:
    door = DOOR.read_text()
    alone = _rows({"door.py": door}, tmp_path / "alone", monkeypatch)
    assert len(alone) > 5
    monkeypatch.setattr(extract_module, "FILE_CPU_SECONDS", 0.3)
    rows = _rows({"door.py": door, "slow.py": SLOW}, tmp_path / "both", monkeypatch)
    assert [r for r in rows if r[0] == "slow.py"] == [
        ("slow.py", "FRT000", 1, 1, "cannot analyse file: it takes more than 0.3 s of CPU time (the limit per file)")
    ]
    assert [r for r in rows if r[0] == "door.py"] == alone
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGVTALRM) == signal.SIG_DFL


def test_under_the_limit_the_file_is_analysed() -> None:
    facts = extract_module.extract("slow.py", SLOW.encode(), build_catalog({}))
    assert facts.error is None
    assert [f.qualname for f in facts.functions] == ["<module>"]


def test_an_outer_budget_is_kept() -> None:
    with cpu_budget(30.0):
        outer = signal.getitimer(signal.ITIMER_VIRTUAL)[0]
        with cpu_budget(0.01):
            inner = signal.getitimer(signal.ITIMER_VIRTUAL)[0]
        assert 0.01 < inner <= outer <= 30.01  # the timer counts in clock ticks
        assert signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_the_budget_stops_python_code_through_its_exception_handlers() -> None:
    with pytest.raises(OverBudget):
        with cpu_budget(0.05):
            while True:
                try:
                    sum(range(10_000))
                except Exception:  # what the analysis' handlers catch; OverBudget is not one
                    pass
    assert signal.getsignal(signal.SIGVTALRM) == signal.SIG_DFL


def _in_a_worker_thread(work) -> List[object]:
    seen: List[object] = []

    def run() -> None:
        try:
            seen.append(work())
        except BaseException as error:  # noqa: B902 - the test reports what reached the thread's top
            seen.append(type(error).__name__)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return seen


def test_off_the_main_thread_the_budget_holds_without_a_timer(monkeypatch) -> None:
    """The language server analyses on a worker thread: a slow file is FRT000 there too."""
    monkeypatch.setattr(extract_module, "FILE_CPU_SECONDS", 0.3)

    def analyse() -> object:
        facts = extract_module.extract("slow.py", SLOW.encode(), build_catalog({}))
        return facts.error, signal.getitimer(signal.ITIMER_VIRTUAL)

    assert _in_a_worker_thread(analyse) == [
        ((1, 1, "cannot analyse file: it takes more than 0.3 s of CPU time (the limit per file)"), (0.0, 0.0))
    ]


def test_a_worker_threads_budget_stops_its_loop_and_nothing_after_the_block() -> None:
    def spin() -> object:
        with cpu_budget(0.05):
            while True:
                try:
                    sum(range(10_000))
                except Exception:
                    pass

    assert _in_a_worker_thread(spin) == ["OverBudget"]

    def quick_then_busy() -> object:
        with cpu_budget(0.05):
            total = sum(range(1000))
        spent = time.thread_time()
        while time.thread_time() - spent < 0.4:  # past the budget, outside its block
            total += 1
        return "finished"

    assert _in_a_worker_thread(quick_then_busy) == ["finished"]


def test_a_worker_threads_inner_budget_keeps_the_outer_one() -> None:
    def nested() -> object:
        before = threading.active_count()
        with cpu_budget(30.0):
            with cpu_budget(0.01):
                watchers = threading.active_count() - before
                spent = time.thread_time()
                while time.thread_time() - spent < 0.2:
                    pass
        return watchers

    assert _in_a_worker_thread(nested) == [1]
