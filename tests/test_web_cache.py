"""The dashboard's result cache: requests missing the same key at the same
time compute it once; a failed computation is not cached and the waiting
requests compute it again; a new corpus revision is a new key."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from presswatch.web.data import ResultCache


class Revisions:
    """A stand-in for a store: only its revision is read by the cache."""

    def __init__(self) -> None:
        self.current = (1, 0)

    def revision(self) -> tuple[int, int]:
        return self.current


def test_web_cache_computes_a_key_once_for_concurrent_misses() -> None:
    cache = ResultCache()
    store: Any = Revisions()
    calls = []
    started = threading.Barrier(8)

    def compute() -> list[int]:
        calls.append(1)
        time.sleep(0.3)
        return [len(calls)]

    def request() -> list[int]:
        started.wait()
        return cache.get(("facets", None), store, compute)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: request(), range(8)))
    assert len(calls) == 1
    assert all(result is results[0] for result in results)
    assert cache.misses == 1 and cache.hits == 7


def test_web_cache_a_failure_is_not_cached_and_waiters_try_again() -> None:
    cache = ResultCache()
    store: Any = Revisions()
    attempts = []
    started = threading.Barrier(4)

    def compute() -> str:
        attempts.append(1)
        time.sleep(0.2)
        if len(attempts) == 1:
            raise RuntimeError("the database went away")
        return "counted"

    def request() -> str:
        started.wait()
        try:
            return cache.get("key", store, compute)
        except RuntimeError:
            return "failed"

    with ThreadPoolExecutor(4) as pool:
        results = sorted(pool.map(lambda _: request(), range(4)))
    assert results == ["counted"] * 3 + ["failed"]
    assert len(attempts) == 2
    assert cache.get("key", store, compute) == "counted"
    assert len(attempts) == 2


def test_web_cache_a_new_revision_computes_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("presswatch.web.data.VERSION_TTL", 0.0)
    cache = ResultCache()
    store: Any = Revisions()
    assert cache.get("key", store, lambda: "old") == "old"
    assert cache.get("key", store, lambda: "new") == "old"
    store.current = (2, 0)
    assert cache.get("key", store, lambda: "new") == "new"
