"""A limit on the CPU time the analysis of one file may take.

Some valid code costs LibCST and the analysis time that grows faster than the file
(a long method chain costs each link the links before it). A file that takes longer
than the limit becomes FRT000 for that file only; the rest of the run goes on.

On the main thread the limit is a CPU-time timer (ITIMER_VIRTUAL, so it does not disturb
a caller's ITIMER_PROF or alarm). Signals cannot reach other threads, so on a worker
thread (the language server analyses there) a watchdog thread reads that thread's own CPU
clock and, past the limit, raises the exception in it (PyThreadState_SetAsyncExc). Either
way the exception arrives between Python bytecodes, so a file whose time goes to one long
native LibCST parse is stopped right after that parse returns.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager, nullcontext
from typing import Iterator

# A 5 MB file of ordinary code takes about 25 s; runaway files take minutes to hours.
FILE_CPU_SECONDS = 60.0

_in_budget = threading.local()  # whether a worker thread's block already has a budget


class OverBudget(BaseException):
    """A BaseException, so the analysis' own `except Exception` handlers let it pass."""


def _over_budget(signum: int, frame: object) -> None:
    raise OverBudget()


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block once its thread has used `seconds` of CPU time.
    Within an outer budget, the outer one applies."""
    if threading.current_thread() is threading.main_thread():
        limit = _timer_budget(seconds) if hasattr(signal, "setitimer") else nullcontext()
    else:
        limit = _watchdog_budget(seconds) if _can_watch() else nullcontext()
    with limit:
        yield


@contextmanager
def _timer_budget(seconds: float) -> Iterator[None]:
    if signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0:  # an outer budget runs
        yield
        return
    previous = signal.signal(signal.SIGVTALRM, _over_budget)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        # Ignored first: a signal that fires between the end of the block and the timer
        # being disarmed must not raise OverBudget here (the old handler would never come
        # back). Disarmed before the old handler returns, so none reaches a default handler.
        signal.signal(signal.SIGVTALRM, signal.SIG_IGN)
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _can_watch() -> bool:
    try:
        import ctypes  # noqa: F401  (CPython's C API, to raise in another thread)
    except ImportError:
        return False
    return hasattr(time, "pthread_getcpuclockid") and hasattr(ctypes, "pythonapi")


@contextmanager
def _watchdog_budget(seconds: float) -> Iterator[None]:
    if getattr(_in_budget, "active", False):
        yield
        return
    import ctypes

    ident = threading.get_ident()
    clock = time.pthread_getcpuclockid(ident)
    deadline = time.clock_gettime(clock) + seconds
    lock = threading.Lock()
    state = {"done": False}

    def watch() -> None:
        period = min(0.25, max(seconds / 4, 0.01))
        while True:
            time.sleep(period)
            with lock:
                if state["done"]:
                    return
                if time.clock_gettime(clock) >= deadline:
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(OverBudget))
                    return

    watcher = threading.Thread(target=watch, name="frtlint-cpu-budget", daemon=True)
    _in_budget.active = True
    watcher.start()
    try:
        yield
    finally:
        _in_budget.active = False
        try:
            with lock:
                state["done"] = True  # the watcher raises nothing from here on
            # One raised as the block ended and not delivered yet is withdrawn (None: NULL).
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)
        except OverBudget:
            pass  # delivered as the block ended: the block's own outcome stands
