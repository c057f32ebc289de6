"""Matrix products run on one BLAS thread during an analysis, and the setting is restored."""

from __future__ import annotations

import numpy  # noqa: F401  (loads numpy's BLAS)
from threadpoolctl import threadpool_info, threadpool_limits

from presswatch.core.blas import one_blas_thread


def _blas_threads() -> list[int]:
    return [int(info["num_threads"]) for info in threadpool_info() if info["user_api"] == "blas"]


def test_blas_one_thread_inside_the_block_then_restored() -> None:
    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() and set(_blas_threads()) == {2}
        with one_blas_thread():
            assert set(_blas_threads()) == {1}
        assert set(_blas_threads()) == {2}
