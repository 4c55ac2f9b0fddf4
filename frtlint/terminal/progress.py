"""A status line on stderr for long runs, and the per-file timings `-v` prints.

The status line appears only after a delay (short runs stay silent), only when stderr
is a terminal and not in CI, and is erased before the report is written.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Callable, Dict, List, Mapping, Optional, Sequence, TextIO, Tuple

from frtlint.analysis.facts import ModuleFacts
from frtlint.config import Settings
from frtlint.engine.runner import Engine
from frtlint.model import RunResult, SourceFile
from frtlint.reporters.escape import printable

DELAY_SECONDS = 1.0
_INTERVAL_SECONDS = 0.25
_CLEAR_LINE = "\r\x1b[2K"


def wants_progress(stream: TextIO, environ: Optional[Mapping[str, str]] = None) -> bool:
    env = os.environ if environ is None else environ
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not env.get("CI") and env.get("TERM") != "dumb"


class Progress:
    """`frtlint: checking... 120 file(s) analysed, 3s` redrawn in place until stopped."""

    def __init__(self, stream: TextIO, delay: float = DELAY_SECONDS) -> None:
        self.stream = stream
        self.delay = delay
        self.analysed = 0
        self._started = time.monotonic()
        self._shown = False
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="frtlint-progress", daemon=True)

    def __enter__(self) -> "Progress":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        with self._lock:
            if self._shown:
                self.stream.write(_CLEAR_LINE)
                self.stream.flush()

    def advance(self, files: int) -> None:
        with self._lock:
            self.analysed += files

    def line(self) -> str:
        elapsed = time.monotonic() - self._started
        return f"frtlint: checking... {self.analysed} file(s) analysed, {elapsed:.0f}s"

    def _loop(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            with self._lock:
                self.stream.write(_CLEAR_LINE + self.line())
                self.stream.flush()
                self._shown = True
            self._stop.wait(_INTERVAL_SECONDS)


class InstrumentedEngine(Engine):
    """The engine, reporting analysed files to a Progress and, for `-v`, timing each file.

    Timing a file means analysing it on its own, so `-v` runs without the worker pool.
    """

    def __init__(
        self, settings: Settings, use_cache: bool = True, jobs: Optional[int] = None,
        progress: Optional[Progress] = None, timed: bool = False,
    ) -> None:
        super().__init__(settings, use_cache=use_cache, jobs=jobs)
        self.progress = progress
        self.timings: Optional[Dict[str, Tuple[float, bool]]] = {} if timed else None  # display -> (s, cached)

    def _facts_for(self, tasks: Sequence[Tuple[SourceFile, Callable[[], bytes]]]) -> Tuple[List[ModuleFacts], int]:
        if self.timings is None:
            found = super()._facts_for(tasks)
            if self.progress is not None:
                self.progress.advance(len(tasks))
            return found
        modules: List[ModuleFacts] = []
        parsed = 0
        for task in tasks:
            started = time.perf_counter()
            some, count = super()._facts_for([task])
            self.timings[task[0].display] = (time.perf_counter() - started, count == 0)
            modules.extend(some)
            parsed += count
            if self.progress is not None:
                self.progress.advance(1)
        return modules, parsed


def verbose_lines(result: RunResult, timings: Mapping[str, Tuple[float, bool]], seconds: float) -> List[str]:
    """One line per checked file: its analysis time, or why it needed none."""
    run_cached = not timings and bool(result.files) and result.cache_hits == len(result.files)
    lines: List[str] = []
    why_not = {f.path: f.message for f in reversed(result.findings) if f.rule == "FRT000"}  # the first one wins
    partly = set(result.partly_checked)
    for source in sorted(result.files, key=lambda f: f.display):
        note = _file_note(source, timings, run_cached)
        if source.display in partly:  # FRT000 says which part, unless it is ignored
            why = why_not.get(source.display)
            note += f"; checked in part ({printable(why)})" if why else "; checked in part"
        lines.append(f"frtlint: {printable(source.display)}: {note}")
    for source in result.unchecked:
        fallback = "could not be analysed (FRT000 is ignored)" if source.display in result.not_analysed else "no engine could read it"
        reason = why_not.get(source.display, fallback)
        lines.append(f"frtlint: {printable(source.display)}: not checked ({printable(reason)})")
    lines.append(
        f"frtlint: {len(result.files)} file(s) in {seconds:.2f}s; "
        f"{result.parsed} parsed, {result.cache_hits} from the cache"
    )
    return lines


def _file_note(source: SourceFile, timings: Mapping[str, Tuple[float, bool]], run_cached: bool) -> str:
    if source.display in timings:
        seconds, cached = timings[source.display]
        return f"{seconds * 1000:.1f} ms" + (" (facts from the cache)" if cached else "")
    if run_cached:
        return "unchanged since the last run (run cache)"
    if source.language != "python":
        return "checked by Semgrep"
    return "skipped: names no face API (prefilter)"
