"""Matrix products on one thread.

presswatch multiplies matrices with numpy's BLAS (OpenBLAS in numpy's wheels):
spaCy's models (the NLP stage loads them with numpy's BLAS, see
:mod:`presswatch.stages.nlp`) and the sentence encoder of the persuasion stage.
An analysis runs them on one thread, as spaCy's default BLIS backend does: the
products are small, extra threads mostly wait, and corpus ingest already runs
one worker process per core. :func:`one_blas_thread` sets that for the duration
of a block and restores the previous setting after it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The controller and the number of imported modules it was made with.
_CACHED: list[tuple[int, Any]] = []


def _controller() -> Any:
    """threadpoolctl's view of the BLAS libraries loaded (numpy's, and any a
    module imported since brought: scipy's, for one); ``None`` without it.

    Finding the libraries takes milliseconds, so the view is kept, and made
    again only once more modules have been imported (a new BLAS library comes
    with an imported extension module)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a dependency; without it the products just use BLAS's default
        return None
    import numpy  # noqa: F401  (numpy's BLAS must be loaded to be found)

    modules = len(sys.modules)
    if not _CACHED or _CACHED[0][0] != modules:
        _CACHED[:] = [(modules, ThreadpoolController())]
    return _CACHED[0][1]


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with BLAS limited to one thread."""
    controller = _controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield
