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


def test_blas_one_thread_also_limits_a_library_loaded_after_the_first_use() -> None:
    """A BLAS library loaded after the first analysis (scipy's own OpenBLAS,
    imported by a later stage or by the user) is limited too."""
    with one_blas_thread():
        pass  # the first use, before scipy's BLAS is loaded
    import scipy.linalg  # noqa: F401  (scipy ships its own OpenBLAS)

    with threadpool_limits(limits=2, user_api="blas"):
        with one_blas_thread():
            assert set(_blas_threads()) == {1}
        assert set(_blas_threads()) == {2}
