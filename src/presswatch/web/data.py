"""Database access for the dashboard: a bounded pool of store connections
and a small cache of query results that is dropped when the corpus changes.

Requests run in worker threads and a store connection belongs to one thread
at a time, so each request borrows a connection from :class:`StorePool`.
The dashboard never writes to the store.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

from presswatch.store import Store, StoreError, open_store

T = TypeVar("T")

#: How long (seconds) the corpus size is trusted before it is read again.
VERSION_TTL = 1.0


class StorePool:
    """At most ``size`` open connections to the store at ``url``, opened on
    demand and shared by the request threads one at a time."""

    def __init__(self, url: str | None, size: int = 4) -> None:
        self.url = url
        self.size = size
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened = 0
        self._lock = threading.Lock()
        self._closed = False

    def check(self) -> None:
        """Open one connection now, so a bad URL fails at start-up."""
        with self.store():
            pass

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = self._acquire()
        try:
            yield store
        except StoreError:
            # A connection that failed may be broken: do not reuse it.
            self._discard(store)
            raise
        except BaseException:
            self._idle.put(store)
            raise
        else:
            self._idle.put(store)

    def _acquire(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._closed:
                raise StoreError(self.url or "store", "the dashboard is shutting down")
            can_open = self._opened < self.size
            if can_open:
                self._opened += 1
        if not can_open:
            return self._idle.get()
        try:
            return open_store(self.url)
        except BaseException:
            with self._lock:
                self._opened -= 1
            raise

    def _discard(self, store: Store) -> None:
        with suppress(Exception):  # closing a broken connection may fail too
            store.close()
        with self._lock:
            self._opened -= 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                break
            store.close()


class ResultCache:
    """Results of read queries, keyed by what was asked and by the corpus
    version (its number of articles: the store only ever grows), least
    recently used dropped first. Thread-safe; a miss computes outside the lock."""

    def __init__(self, pool: StorePool, *, entries: int = 512, enabled: bool = True) -> None:
        self.pool = pool
        self.entries = entries
        self.enabled = enabled
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._version: tuple[float, int] = (0.0, -1)
        self.hits = 0
        self.misses = 0

    def version(self, store: Store) -> int:
        """The corpus version, read at most once per :data:`VERSION_TTL`."""
        checked, version = self._version
        now = time.monotonic()
        if now - checked > VERSION_TTL:
            version = store.count()
            self._version = (now, version)
        return version

    def get(self, key: Hashable, store: Store, compute: Callable[[], T]) -> T:
        if not self.enabled:
            return compute()
        full_key = (self.version(store), key)
        with self._lock:
            if full_key in self._items:
                self._items.move_to_end(full_key)
                self.hits += 1
                return self._items[full_key]  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[full_key] = value
            self._items.move_to_end(full_key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value
