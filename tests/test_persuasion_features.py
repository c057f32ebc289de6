"""Fast paths of persuasion inference give exactly the straightforward results."""

from __future__ import annotations

import numpy as np

from presswatch.persuasion.predict import sparse_dot, sparse_dots


def test_persuasion_batched_dots_equal_per_row_dots_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    weights = rng.standard_normal((3000, 23)).astype(np.float32)
    rows = [
        (
            rng.choice(3000, size=n, replace=False).astype(np.int64),
            rng.standard_normal(n),
        )
        for n in [5, 0, 1, 300, 17, 999, 64, 3]
    ]
    batched = sparse_dots(rows, weights)
    assert batched.shape == (len(rows), 23) and batched.dtype == np.float32
    for row, scores in zip(rows, batched, strict=True):
        assert scores.tobytes() == sparse_dot(row, weights).tobytes()
    assert not batched[1].any()
