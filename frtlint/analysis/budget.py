"""A limit on the CPU time the analysis of one file may take.

Some valid code costs LibCST and the analysis time that grows faster than the file
(a long method chain costs each link the links before it). A file that takes longer
than the limit becomes FRT000 for that file only; the rest of the run goes on.

The limit is a CPU-time timer (ITIMER_VIRTUAL, so it does not disturb a caller's
ITIMER_PROF or alarm), set in the main thread only: signals cannot reach other threads,
so an editor analysing on a worker thread runs without it. The timer fires between
Python bytecodes, so a file whose time goes to one long native LibCST parse is stopped
right after that parse returns.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

# A 5 MB file of ordinary code takes about 25 s; runaway files take minutes to hours.
FILE_CPU_SECONDS = 60.0


class OverBudget(BaseException):
    """A BaseException, so the analysis' own `except Exception` handlers let it pass."""


def _over_budget(signum: int, frame: object) -> None:
    raise OverBudget()


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block once it has used `seconds` of CPU time. Within an
    outer budget (the timer already runs), the outer one applies."""
    if not _can_time() or signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0:
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
