"""Run :func:`~presswatch.corpus.ingest.analysis.analyze_batch` in this process or
in a pool of worker processes, with a bounded number of batches in flight
(memory stays bounded however large the input)."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from presswatch.core.article import Article
from presswatch.core.errors import Failure
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest.analysis import analyze_batch
from presswatch.corpus.store.types import Record

Result = Record | Failure
#: A finished batch: the token given to :meth:`Analyzer.submit` and one result per article.
Finished = tuple[int, list[Result]]


class Analyzer(Protocol):
    def submit(self, token: int, batch: list[Article]) -> list[Finished]:
        """Queue a batch; returns the batches finished meanwhile (may block
        while too many batches are in flight)."""

    def poll(self) -> list[Finished]:
        """The batches finished so far, without waiting."""

    def drain(self) -> Iterator[Finished]:
        """Wait for every batch in flight."""

    def close(self) -> None:
        """Wait for the batches in flight, then stop."""

    def abort(self) -> None:
        """Stop now, dropping the batches in flight (Ctrl-C)."""


class InProcessAnalyzer:
    """``--workers 1``: analyse in the calling process."""

    def __init__(self, pipeline: Pipeline | None) -> None:
        self.pipeline = pipeline

    def submit(self, token: int, batch: list[Article]) -> list[Finished]:
        return [(token, analyze_batch(batch, self.pipeline))]

    def poll(self) -> list[Finished]:
        return []

    def drain(self) -> Iterator[Finished]:
        return iter(())

    def close(self) -> None:
        return None

    def abort(self) -> None:
        return None


_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(pipeline: Pipeline | None, parent: int) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9) exits instead of lingering."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _run_batch(batch: list[Article]) -> list[Result]:
    return analyze_batch(batch, _WORKER_PIPELINE)


class PoolAnalyzer:
    """``--workers N``: N worker processes (each loads the models once), at
    most ``2 * N`` batches in flight. A worker that dies (crash, out of
    memory) fails the batches it held; the pool is restarted."""

    def __init__(self, workers: int, pipeline: Pipeline | None) -> None:
        self.workers = workers
        self.pipeline = pipeline
        self.window = 2 * workers
        self._generation = 0
        self._pending: dict[Future[list[Result]], tuple[int, list[Article], int]] = {}
        self._executor: ProcessPoolExecutor | None = None  # started with the first batch

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing

        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.pipeline, os.getpid()),
        )

    def submit(self, token: int, batch: list[Article]) -> list[Finished]:
        if self._executor is None:
            self._executor = self._start()
        finished = []
        while len(self._pending) >= self.window:
            finished.extend(self._wait(FIRST_COMPLETED))
        try:
            future = self._executor.submit(_run_batch, batch)
        except BrokenProcessPool:
            self._restart(self._generation)
            future = self._executor.submit(_run_batch, batch)
        self._pending[future] = (token, batch, self._generation)
        finished.extend(self.poll())
        return finished

    def poll(self) -> list[Finished]:
        done = [f for f in self._pending if f.done()]
        return [self._result(f) for f in done]

    def drain(self) -> Iterator[Finished]:
        while self._pending:
            yield from self._wait(FIRST_COMPLETED)

    def _wait(self, how: str) -> list[Finished]:
        done, _ = wait(list(self._pending), return_when=how)
        return [self._result(f) for f in done]

    def _result(self, future: Future[list[Result]]) -> Finished:
        token, batch, generation = self._pending.pop(future)
        try:
            return token, future.result()
        except BrokenProcessPool as exc:
            self._restart(generation)
            reason = f"an analysis worker died ({exc}); the article will be retried on the next run"
            return token, [Failure(a.source or a.url or a.id, reason) for a in batch]

    def _restart(self, generation: int) -> None:
        if generation != self._generation or self._executor is None:
            return  # already restarted after this failure
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._generation += 1
        self._executor = self._start()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Terminate the workers (they ignore Ctrl-C) instead of waiting for them."""
        if self._executor is None:
            return
        processes = list(getattr(self._executor, "_processes", {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)
        self._pending.clear()


def make_analyzer(workers: int, pipeline: Pipeline | None) -> Analyzer:
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    if workers == 1:
        return InProcessAnalyzer(pipeline)
    return PoolAnalyzer(workers, pipeline)
