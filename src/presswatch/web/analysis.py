"""The Analyze page's work queue: analyses run one at a time (the models are
shared) in a thread of their own, never in the server's thread pool, so
pages, static files and the JSON API are served while they run. The queue
is bounded: when it is full, a request is answered at once with 503 and a
``Retry-After`` estimate instead of waiting. The threads are daemons: a
stopping server (SIGTERM) does not wait for an analysis in progress."""

from __future__ import annotations

import asyncio
import math
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from presswatch.core.article import Article
from presswatch.core.errors import PresswatchError

#: Analyses waiting for their turn, beyond those running (``serve --analysis-queue``).
DEFAULT_WAITING = 4
#: One analysis to run, the loop of the request that waits for it, and its future.
Job = tuple[Callable[[], Article], asyncio.AbstractEventLoop, "asyncio.Future[Article]"]


class AnalysisBusyError(PresswatchError):
    """The analysis queue is full: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"The server is busy with other analyses: try again in {retry_after} seconds."
        )


class AnalysisQueue:
    """At most ``workers`` analyses running and ``waiting`` more queued."""

    def __init__(self, *, workers: int = 1, waiting: int = DEFAULT_WAITING) -> None:
        self.capacity = workers + waiting
        self._workers = workers
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._admitted = 0
        self._threads: list[threading.Thread] = []
        self._mean_seconds = 5.0  # a first guess, then a moving average

    @property
    def admitted(self) -> int:
        """Analyses running or waiting."""
        return self._admitted

    async def run(self, work: Callable[[], Article]) -> Article:
        """Run ``work`` (read and analyse an article) in the queue's thread;
        raise :class:`AnalysisBusyError` at once when the queue is full."""
        with self._lock:
            if self._admitted >= self.capacity:
                raise AnalysisBusyError(self._retry_after())
            self._admitted += 1
            self._start_threads()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Article] = loop.create_future()
        self._jobs.put((work, loop, future))
        return await future

    def _retry_after(self) -> int:
        """Seconds until a place is likely free: the queue's mean analysis time
        times the analyses ahead, shared by the workers."""
        ahead = self._admitted / self._workers
        return max(1, math.ceil(self._mean_seconds * ahead))

    def _start_threads(self) -> None:
        while len(self._threads) < self._workers:
            thread = threading.Thread(target=self._work, name="presswatch-analysis", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            work, loop, future = job
            try:
                if future.cancelled():  # the client went away while it waited
                    continue
                started = time.monotonic()
                settle: Callable[[asyncio.Future[Any], Any], None]
                try:
                    result: Any = work()
                    settle = _set_result
                except BaseException as exc:  # reported to the request that asked
                    result, settle = exc, _set_exception
                self._mean_seconds = 0.7 * self._mean_seconds + 0.3 * (time.monotonic() - started)
                loop.call_soon_threadsafe(settle, future, result)
            except RuntimeError:  # the event loop is closed: the server is stopping
                return
            finally:
                with self._lock:
                    self._admitted -= 1

    def close(self) -> None:
        """Stop the threads once the analyses in progress end (they are daemons:
        nothing waits for them)."""
        for _ in self._threads:
            self._jobs.put(None)


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
