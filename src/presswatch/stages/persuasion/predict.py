"""Inference with a :class:`~presswatch.stages.persuasion.model.PersuasionModel` (numpy, plus
spaCy's word-vector table when the model has a dense block, and the sentence encoder
when it has encoder heads: :mod:`~presswatch.stages.persuasion.fusion`)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from presswatch.stages.persuasion.encoder import SentenceEncoder, default_encoder
from presswatch.stages.persuasion.features import (
    ArticleFeatures,
    SparseRow,
    article_arrays,
    best_segment,
    count_article,
    paragraph_arrays,
    span_columns,
)
from presswatch.stages.persuasion.fusion import (
    article_vector,
    genre_head_row,
    mix_for,
    technique_head_rows,
)
from presswatch.stages.persuasion.model import PersuasionModel
from presswatch.stages.persuasion.vectors import load_vectors


@dataclass(slots=True)
class TechniqueHit:
    """A technique found in a paragraph; ``start``/``end`` are offsets in the
    paragraph's text of the words that carry it."""

    paragraph: int
    technique: str
    score: float
    start: int
    end: int


@dataclass(slots=True)
class Prediction:
    techniques: list[TechniqueHit] = field(default_factory=list)
    genre: tuple[str, float] | None = None
    frames: list[tuple[str, float]] = field(default_factory=list)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def sparse_dot(row: SparseRow, weights: np.ndarray) -> np.ndarray:
    """``row · weights`` in float32 (float16 weights are widened after the
    gather: the same numbers as a float32 copy of the whole table, without it)."""
    return row[1].astype(np.float32) @ weights[row[0]].astype(np.float32, copy=False)


def sparse_dots(rows: Sequence[SparseRow], weights: np.ndarray) -> np.ndarray:
    """``row · weights`` of every row (rows × weight columns): one gather for
    all rows, then one product per row, so each row's sum runs in the same
    order as in :func:`sparse_dot`."""
    values = np.concatenate([row[1] for row in rows]).astype(np.float32)
    gathered = weights[np.concatenate([row[0] for row in rows])].astype(np.float32, copy=False)
    ends = np.cumsum([len(row[0]) for row in rows]).tolist()
    starts = [0, *ends[:-1]]
    return np.vstack([values[a:b] @ gathered[a:b] for a, b in zip(starts, ends, strict=True)])


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def threshold_for(thresholds: dict[str, float], language: str | None) -> float:
    return float(thresholds.get(language or "*", thresholds["*"]))


#: An article for :meth:`Predictor.predict_many`: its paragraphs, which are
#: titles, and its language.
ArticleInput = tuple[Sequence[str], Sequence[bool], str | None]


class Predictor:
    """Scores techniques, spans, genre and frames for one article at a time
    (:meth:`predict`) or for a batch (:meth:`predict_many`)."""

    def __init__(self, model: PersuasionModel, encoder: SentenceEncoder | None = None) -> None:
        self.model = model
        self.spec = model.spec
        self.thresholds: dict[str, dict[str, float]] = model.metadata.get("thresholds", {})
        # float16 as stored, widened to float32 row by row as they are gathered
        # (a float32 copy of the tables would hold 52 MiB more)
        self.techniques_W = model["techniques_W"]
        self.article_W = np.hstack([model["genre_W"], model["frames_W"]])
        self.spans_W = model["spans_W"]
        if self.spec.vector_dim:  # load the word vectors now, not at the first article
            load_vectors()
        self.encoder: SentenceEncoder | None = None
        if self.spec.encoder_dim:
            fusion = model.metadata["fusion"]
            self.technique_mix = float(fusion["technique_mix"])
            self.genre_mix: dict[str, float] = dict(fusion["genre_mix"])
            self.techniques_enc_W = model["techniques_enc_W"].astype(np.float32)
            self.techniques_enc_b = model["techniques_enc_b"].astype(np.float32)
            self.genre_enc_W = model["genre_enc_W"].astype(np.float32)
            self.genre_enc_b = model["genre_enc_b"].astype(np.float32)
            self.encoder = encoder or default_encoder()
            self.encoder.load()  # now, not at the first article

    def paragraph_vectors(self, paragraphs: Sequence[str]) -> np.ndarray | None:
        """The sentence encoder's vectors of the paragraphs (``None``: the model has no heads)."""
        return self.encoder.encode(paragraphs) if self.encoder is not None else None

    def featurise(
        self, paragraphs: Sequence[str], titles: Sequence[bool], language: str | None
    ) -> ArticleFeatures:
        return count_article(paragraphs, titles, self.spec, language)

    def technique_probabilities(
        self,
        features: ArticleFeatures,
        vectors: np.ndarray | None = None,
        language: str | None = None,
    ) -> np.ndarray:
        """Probability of every technique in every paragraph (paragraphs × techniques),
        mixed with the encoder head's when the model has one (``vectors``: the
        paragraphs' sentence-encoder vectors)."""
        m = self.model
        rows = paragraph_arrays(features, self.spec, m["idf_paragraph"], m["idf_words"])
        if not rows:
            return np.zeros((0, len(m.techniques)), dtype=np.float32)
        scores = sparse_dots(rows, self.techniques_W)
        probabilities = sigmoid(scores + m["techniques_b"])
        if vectors is None or self.encoder is None:
            return probabilities
        head_rows = technique_head_rows(
            vectors, article_vector(vectors), language, self.spec.encoder_weight
        )
        head = sigmoid(head_rows @ self.techniques_enc_W + self.techniques_enc_b)
        return (1.0 - self.technique_mix) * probabilities + self.technique_mix * head

    def article_probabilities(
        self,
        features: ArticleFeatures,
        vectors: np.ndarray | None = None,
        language: str | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Genre probabilities (softmax) and frame probabilities of the article."""
        m = self.model
        encoded = article_vector(vectors) if vectors is not None else None
        row = article_arrays(features, self.spec, m["idf_paragraph"], encoded)
        z = sparse_dot(row, self.article_W)
        n_genres = len(m.genres)
        genre = softmax(z[:n_genres] + m["genre_b"])
        if encoded is not None and self.encoder is not None:
            head = softmax(genre_head_row(encoded, language) @ self.genre_enc_W + self.genre_enc_b)
            weight = mix_for(self.genre_mix, language)
            genre = (1.0 - weight) * genre + weight * head
        return genre, sigmoid(z[n_genres:] + m["frames_b"])

    def word_probabilities(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Word offsets of ``text`` and each word's span probability per technique."""
        return self.paragraphs_word_probabilities([text])[0]

    def paragraphs_word_probabilities(
        self, texts: Sequence[str]
    ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """:meth:`word_probabilities` of several paragraphs, computed together."""
        offsets, columns = span_columns(texts, self.spec)
        scores = self.spans_W[columns].astype(np.float32).sum(axis=1) + self.model["spans_b"]
        probabilities = sigmoid(scores)
        ends = list(itertools.accumulate(map(len, offsets)))
        return [
            (words, probabilities[end - len(words) : end])
            for words, end in zip(offsets, ends, strict=True)
        ]

    def span(
        self, text: str, technique_index: int, words: tuple[list[tuple[int, int]], np.ndarray]
    ) -> tuple[int, int]:
        """Offsets in ``text`` of the words that carry the technique: the run of
        words with the largest sum of (probability - cut-off)."""
        offsets, probabilities = words
        if not offsets:
            return 0, len(text)
        cut = float(self.model["spans_threshold"][technique_index])
        first, last = best_segment((probabilities[:, technique_index] - cut).tolist())
        return offsets[first][0], offsets[last - 1][1]

    def predict(
        self,
        paragraphs: Sequence[str],
        titles: Sequence[bool],
        language: str | None,
        *,
        spans: bool = True,
        vectors: np.ndarray | None = None,
    ) -> Prediction:
        """Techniques (with spans), genre and frames of an article given as paragraphs
        (``vectors``: their sentence-encoder vectors if already computed)."""
        prediction = Prediction()
        if not paragraphs:
            return prediction
        features = self.featurise(paragraphs, titles, language)
        if vectors is None:
            vectors = self.paragraph_vectors(paragraphs)
        m = self.model
        probabilities = self.technique_probabilities(features, vectors, language)
        cut = threshold_for(self.thresholds["techniques"], language)
        hits = list(zip(*np.nonzero(probabilities >= cut), strict=True))
        spanned = sorted({int(i) for i, _ in hits}) if spans else []
        words = dict(
            zip(
                spanned,
                self.paragraphs_word_probabilities([paragraphs[i] for i in spanned]),
                strict=True,
            )
        )
        for i, j in hits:
            text = paragraphs[i]
            start, end = 0, len(text)
            if spans:
                start, end = self.span(text, int(j), words[i])
            score = round(float(probabilities[i, j]), 4)
            prediction.techniques.append(TechniqueHit(int(i), m.techniques[j], score, start, end))
        genre, frames = self.article_probabilities(features, vectors, language)
        best = int(np.argmax(genre))
        prediction.genre = (m.genres[best], round(float(genre[best]), 4))
        cut = threshold_for(self.thresholds["frames"], language)
        order = np.argsort(-frames)
        prediction.frames = [
            (m.frames[k], round(float(frames[k]), 4)) for k in order if frames[k] >= cut
        ]
        return prediction

    def predict_many(
        self, articles: Sequence[ArticleInput], *, spans: bool = True
    ) -> list[Prediction]:
        """:meth:`predict` for each article; the sentence encoder runs over the
        batch's paragraphs in one call (each article's vectors are its own)."""
        encoded: list[np.ndarray | None] = [None] * len(articles)
        if self.encoder is not None:
            encoded = list(
                self.encoder.encode_articles([paragraphs for paragraphs, _, _ in articles])
            )
        return [
            self.predict(paragraphs, titles, language, spans=spans, vectors=vectors)
            for (paragraphs, titles, language), vectors in zip(articles, encoded, strict=True)
        ]
