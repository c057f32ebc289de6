"""Database access for the dashboard: a bounded pool of store connections
and a small cache of query results that is dropped when the corpus changes.

A store connection belongs to the thread that opened it, so requests run
their database work (and page rendering) on the threads of :class:`StorePool`.
The dashboard never writes to the store.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Literal, TypeVar

from presswatch.corpus.store import Store, StoreError, open_store

T = TypeVar("T")

#: How long (seconds) the corpus size is trusted before it is read again.
VERSION_TTL = 1.0


Lane = Literal["query", "lookup"]


class StorePool:
    """Database threads, each with its own connection to the store at
    ``url`` (a SQLite connection may only be used by the thread that opened
    it). :meth:`run` executes a function with a store on one of them.

    Two lanes: ``query`` (``size`` threads: searches, facets, series) and
    ``lookup`` (2 threads: one article by id), so that reading an article
    never waits behind a slow facet count."""

    def __init__(self, url: str | None, size: int = 4) -> None:
        self.url = url
        self.size = size
        self._local = threading.local()
        self._lanes = {
            "query": ThreadPoolExecutor(max_workers=size, thread_name_prefix="presswatch-query"),
            "lookup": ThreadPoolExecutor(max_workers=2, thread_name_prefix="presswatch-lookup"),
        }

    def _store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
        return store

    def _call(self, function: Callable[[Store], T]) -> T:
        store = self._store()
        try:
            return function(store)
        except StoreError:
            # The connection may be broken: open a new one next time.
            self._local.store = None
            with suppress(Exception):  # closing a broken connection may fail too
                store.close()
            raise

    def call(self, function: Callable[[Store], T], lane: Lane = "query") -> T:
        """Run ``function(store)`` on a database thread and wait for it."""
        return self._lanes[lane].submit(self._call, function).result()

    async def run(self, function: Callable[[Store], T], lane: Lane = "query") -> T:
        """Run ``function(store)`` on a database thread without blocking the event loop."""
        return await asyncio.wrap_future(self._lanes[lane].submit(self._call, function))

    def check(self) -> None:
        """Open a connection now, so a bad URL fails at start-up."""
        self.call(lambda store: store.count())

    def close(self) -> None:
        for executor in self._lanes.values():
            executor.shutdown(wait=True)


class ResultCache:
    """Results of read queries, keyed by what was asked and by the corpus
    version (:meth:`Store.revision`: its number of articles and of
    replacements; the store never deletes), least recently used dropped
    first. Thread-safe; a miss computes outside the lock."""

    def __init__(self, *, entries: int = 512, enabled: bool = True) -> None:
        self.entries = entries
        self.enabled = enabled
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._version: tuple[float, tuple[int, int]] = (0.0, (-1, -1))
        #: The keys being computed, each with a lock held until its value is stored.
        self._pending: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def version(self, store: Store) -> tuple[int, int]:
        """The corpus version, read at most once per :data:`VERSION_TTL`."""
        checked, version = self._version
        now = time.monotonic()
        if now - checked > VERSION_TTL:
            version = store.revision()
            self._version = (now, version)
        return version

    def get(self, key: Hashable, store: Store, compute: Callable[[], T]) -> T:
        """The cached result of ``key``, computed on a miss. Requests that
        miss the same key at the same time wait for the one computing it
        (twenty clients opening the front page count its facets once)."""
        if not self.enabled:
            return compute()
        full_key = (self.version(store), key)
        with self._lock:
            if full_key in self._items:
                self._items.move_to_end(full_key)
                self.hits += 1
                return self._items[full_key]  # type: ignore[return-value]
            pending = self._pending.get(full_key)
            if pending is None:
                pending = self._pending[full_key] = threading.Lock()
                pending.acquire()
                owner = True
            else:
                owner = False
        if not owner:
            with pending:  # released when the owner has stored the value (or failed)
                pass
            with self._lock:
                if full_key in self._items:
                    self.hits += 1
                    return self._items[full_key]  # type: ignore[return-value]
            return self.get(key, store, compute)  # the owner failed: try again
        try:
            with self._lock:
                self.misses += 1
            value = compute()
            with self._lock:
                self._items[full_key] = value
                self._items.move_to_end(full_key)
                while len(self._items) > self.entries:
                    self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._pending[full_key]
            pending.release()
