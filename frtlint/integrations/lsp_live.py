"""When the language server analyses a document, and where.

- While the user types, a document is analysed once the edits pause for QUIET_SECONDS;
  a newer version supersedes a pending or running analysis of an older one, whose
  result is then dropped instead of published.
- Analysis runs on a worker thread, so the event loop keeps reading and answering
  messages while a large file is analysed.
- A document over LIVE_LIMIT_BYTES is analysed only when saved (not on open or while
  typing), and the user is told so once per document: typing in a 5 MB file would
  otherwise queue a minute-long analysis per pause.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, Generic, Optional, Set, TypeVar

QUIET_SECONDS = 0.3
LIVE_LIMIT_BYTES = 1_000_000

Result = TypeVar("Result")
logger = logging.getLogger(__name__)


def over_limit(text: str, limit: int) -> bool:
    """Whether `text` takes more than `limit` bytes in UTF-8; it is encoded only when
    its length in characters leaves the answer open (this runs on every keystroke)."""
    if len(text) > limit:
        return True
    if len(text) * 4 <= limit:
        return False
    return len(text.encode("utf-8", "surrogatepass")) > limit


class LiveAnalysis(Generic[Result]):
    def __init__(
        self,
        analyse: Callable[[str, str], Result],
        publish: Callable[[str, int, Result], None],
        tell: Callable[[str], None],
        quiet_seconds: float = QUIET_SECONDS,
        live_limit: int = LIVE_LIMIT_BYTES,
    ) -> None:
        self._analyse = analyse  # (uri, text) -> result, on the worker thread
        self._publish = publish  # (uri, version, result), on the event loop
        self._tell = tell  # a one-time message to the user
        self._quiet = quiet_seconds
        self._limit = live_limit
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frtlint-analysis")
        self._pending: Dict[str, "asyncio.Task[None]"] = {}
        self._latest: Dict[str, int] = {}  # uri -> the newest request's number
        self._requests = 0
        self._told: Set[str] = set()

    def opened(self, uri: str, version: int, text: str) -> None:
        if self._live(uri, text):
            self._schedule(uri, version, text, delay=0.0)

    def changed(self, uri: str, version: int, text: str) -> None:
        if self._live(uri, text):
            self._schedule(uri, version, text, delay=self._quiet)

    def saved(self, uri: str, version: int, text: str) -> None:
        self._schedule(uri, version, text, delay=0.0)

    def closed(self, uri: str) -> None:
        self._supersede(uri)
        self._latest.pop(uri, None)
        self._told.discard(uri)

    def _live(self, uri: str, text: str) -> bool:
        """Whether `text` is analysed as it changes; if not, pending work is dropped and
        the user told (once) why the document's diagnostics wait for a save."""
        if not over_limit(text, self._limit):
            return True
        self._supersede(uri)
        if uri not in self._told:
            self._told.add(uri)
            name = uri.rstrip("/").rsplit("/", 1)[-1]
            megabytes = self._limit / 1_000_000
            self._tell(f"frtlint: {name} is larger than {megabytes:g} MB, so it is checked when saved, not while you type")
        return False

    def _supersede(self, uri: str) -> None:
        self._requests += 1
        self._latest[uri] = self._requests  # a running analysis finishes unpublished
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def _schedule(self, uri: str, version: int, text: str, delay: float) -> None:
        self._supersede(uri)
        number = self._latest[uri]
        self._pending[uri] = asyncio.get_running_loop().create_task(self._run(uri, version, text, delay, number))

    async def _run(self, uri: str, version: int, text: str, delay: float, number: int) -> None:
        if delay:
            await asyncio.sleep(delay)
        loop = asyncio.get_running_loop()
        try:
            result: Optional[Result] = await loop.run_in_executor(self._worker, self._analyse, uri, text)
        except Exception as error:  # one document's failure must not stop the server
            logger.exception("frtlint could not analyse %s", uri)
            if self._latest.get(uri) == number:  # said, not left as a silently stale list
                self._tell(f"frtlint: could not analyse {uri.rsplit('/', 1)[-1]}: {type(error).__name__}: {error}")
            result = None
        if self._latest.get(uri) != number:
            return  # a newer version (or a close) came in meanwhile
        self._pending.pop(uri, None)
        if result is not None:
            self._publish(uri, version, result)

    def shutdown(self) -> None:
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
        self._worker.shutdown(wait=False, cancel_futures=True)
