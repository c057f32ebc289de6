"""Fast paths of persuasion inference give exactly the straightforward results."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from presswatch.stages.persuasion.features import (
    WORD,
    FeatureSpec,
    _shape,
    _word_hashes,
    count_article,
    first_occurrence_counts,
    grouped_counts,
    span_columns,
    span_rows,
    stable_hash,
)
from presswatch.stages.persuasion.predict import sparse_dot, sparse_dots
from presswatch.stages.persuasion.stage import default_predictor


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


def _span_rows_word_by_word(text: str, mask: int) -> list[list[int]]:
    """The span features computed naively, one key string hashed per feature."""
    lowered = [w.lower() for w in WORD.findall(text)]
    written = WORD.findall(text)

    def bucket(key: str) -> int:
        return stable_hash(key) & mask

    rows = []
    for i, (word, lower) in enumerate(zip(written, lowered, strict=True)):
        previous = lowered[i - 1] if i else "<s>"
        following = lowered[i + 1] if i + 1 < len(lowered) else "</s>"
        rows.append(
            [
                bucket("t " + lower),
                bucket("p " + previous),
                bucket("n " + following),
                bucket("s " + lower[-3:]),
                bucket("h " + _shape(word)),
                bucket(f"pb {previous} {lower}"),
            ]
        )
    return rows


def test_persuasion_span_features_match_hashing_each_key() -> None:
    texts = [
        "Ces traîtres nous MENTENT effrontément : qui peut encore y croire ?",
        "",
        "Seul",
        "« Une honte ! » C'est l’aveu d'un échec…",
        "\ud83d lone surrogate é",
    ]
    spec = FeatureSpec()
    offsets, columns = span_columns(texts, spec)
    assert [len(o) for o in offsets] == [len(WORD.findall(t)) for t in texts]
    expected = [row for t in texts for row in _span_rows_word_by_word(t, spec.context_size - 1)]
    assert columns.tolist() == expected
    for text in texts:
        assert span_rows(text, spec) == (
            [m.span() for m in WORD.finditer(text)],
            _span_rows_word_by_word(text, spec.context_size - 1),
        )


def test_persuasion_word_probabilities_of_several_paragraphs_equal_one_by_one() -> None:
    predictor = default_predictor()
    texts = ["Une honte absolue, une trahison !", "", "Mensonges", "Le budget est présenté mardi."]
    together = predictor.paragraphs_word_probabilities(texts)
    for text, (offsets, probabilities) in zip(texts, together, strict=True):
        alone = predictor.word_probabilities(text)
        assert offsets == alone[0]
        assert (
            probabilities.shape == alone[1].shape == (len(offsets), len(predictor.model.techniques))
        )
        assert probabilities.tobytes() == alone[1].tobytes()


def test_persuasion_first_occurrence_counts_equal_a_counter() -> None:
    rng = np.random.default_rng(3)
    for keys in [
        rng.integers(0, 50, 400),
        rng.integers(0, 1 << 20, 1000),
        np.zeros(0, dtype=np.int64),
        np.array([7]),
        rng.integers(0, 3, 30) + (1 << 60),  # too wide to pack with positions
    ]:
        distinct, counts = first_occurrence_counts(keys.astype(np.int64))
        expected = Counter(keys.tolist())
        assert distinct.tolist() == list(expected)
        assert counts.dtype == np.float64 and counts.tolist() == list(expected.values())


def test_persuasion_grouped_counts_equal_one_counter_per_group() -> None:
    rng = np.random.default_rng(5)
    pieces = [rng.integers(0, 1 << 10, int(rng.integers(0, 40))) for _ in range(12)]
    group = sorted(rng.integers(0, 6, 12).tolist())
    counted = grouped_counts(pieces, group, 10, 7)
    assert len(counted) == 7
    for g, (keys, counts) in enumerate(counted):
        expected = Counter(
            itertools.chain.from_iterable(
                p.tolist() for p, o in zip(pieces, group, strict=True) if o == g
            )
        )
        assert keys.tolist() == list(expected) and counts.tolist() == list(expected.values())
    assert all(len(k) == 0 for k, _ in grouped_counts([], [], 10, 3))


def test_persuasion_article_counts_match_counting_each_paragraph() -> None:
    spec = FeatureSpec()
    texts = ["La maison brûle !", "", "Seul", "« Une honte ! » C'est l’aveu d'un échec… la honte"]
    features = count_article(texts, [True, False, False, False], spec, "fr")
    for i, text in enumerate(texts):
        tokens = [w.lower() for w in WORD.findall(text)]
        paragraph: Counter[int] = Counter()
        for token in tokens:
            paragraph.update(h & (spec.paragraph_size - 1) for h in _word_hashes(token, 3, 5))
        paragraph.update(
            stable_hash(f"b {a} {b}") & (spec.paragraph_size - 1)
            for a, b in itertools.pairwise(tokens)
        )
        keys, counts = features.paragraph[i]
        assert keys.tolist() == list(paragraph) and counts.tolist() == list(paragraph.values())
        context: Counter[int] = Counter()
        for j in (i - 1, i + 1):
            if 0 <= j < len(texts):
                context.update(
                    stable_hash("w " + w.lower()) & (spec.context_size - 1)
                    for w in WORD.findall(texts[j])
                )
        keys, counts = features.context[i]
        assert keys.tolist() == list(context) and counts.tolist() == list(context.values())
