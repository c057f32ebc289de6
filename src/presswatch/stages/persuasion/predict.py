"""Inference with a :class:`~presswatch.stages.persuasion.model.PersuasionModel` (numpy, plus
spaCy's word-vector table when the model has a dense block)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from presswatch.stages.persuasion.features import (
    ArticleFeatures,
    SparseRow,
    article_arrays,
    best_segment,
    count_article,
    paragraph_arrays,
    span_columns,
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
    """``row · weights`` in float32."""
    return row[1].astype(np.float32) @ weights[row[0]]


def sparse_dots(rows: Sequence[SparseRow], weights: np.ndarray) -> np.ndarray:
    """``row · weights`` of every row (rows × weight columns): one gather for
    all rows, then one product per row, so each row's sum runs in the same
    order as in :func:`sparse_dot`."""
    values = np.concatenate([row[1] for row in rows]).astype(np.float32)
    gathered = weights[np.concatenate([row[0] for row in rows])]
    ends = np.cumsum([len(row[0]) for row in rows]).tolist()
    starts = [0, *ends[:-1]]
    return np.vstack([values[a:b] @ gathered[a:b] for a, b in zip(starts, ends, strict=True)])


def threshold_for(thresholds: dict[str, float], language: str | None) -> float:
    return float(thresholds.get(language or "*", thresholds["*"]))


class Predictor:
    """Scores techniques, spans, genre and frames for one article at a time."""

    def __init__(self, model: PersuasionModel) -> None:
        self.model = model
        self.spec = model.spec
        self.thresholds: dict[str, dict[str, float]] = model.metadata.get("thresholds", {})
        # float16 on disk, float32 in memory: gathers then need no conversion
        self.techniques_W = model["techniques_W"].astype(np.float32)
        self.article_W = np.hstack([model["genre_W"], model["frames_W"]]).astype(np.float32)
        self.spans_W = model["spans_W"].astype(np.float32)
        if self.spec.vector_dim:  # load the word vectors now, not at the first article
            load_vectors()

    def featurise(
        self, paragraphs: Sequence[str], titles: Sequence[bool], language: str | None
    ) -> ArticleFeatures:
        return count_article(paragraphs, titles, self.spec, language)

    def technique_probabilities(self, features: ArticleFeatures) -> np.ndarray:
        """Probability of every technique in every paragraph (paragraphs × techniques)."""
        m = self.model
        rows = paragraph_arrays(features, self.spec, m["idf_paragraph"], m["idf_words"])
        if not rows:
            return np.zeros((0, len(m.techniques)), dtype=np.float32)
        scores = sparse_dots(rows, self.techniques_W)
        return sigmoid(scores + m["techniques_b"])

    def article_probabilities(self, features: ArticleFeatures) -> tuple[np.ndarray, np.ndarray]:
        """Genre probabilities (softmax) and frame probabilities of the article."""
        m = self.model
        z = sparse_dot(article_arrays(features, self.spec, m["idf_paragraph"]), self.article_W)
        n_genres = len(m.genres)
        genre = z[:n_genres] + m["genre_b"]
        e = np.exp(genre - genre.max())
        return e / e.sum(), sigmoid(z[n_genres:] + m["frames_b"])

    def word_probabilities(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Word offsets of ``text`` and each word's span probability per technique."""
        return self.paragraphs_word_probabilities([text])[0]

    def paragraphs_word_probabilities(
        self, texts: Sequence[str]
    ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """:meth:`word_probabilities` of several paragraphs, computed together."""
        offsets, columns = span_columns(texts, self.spec)
        scores = self.spans_W[columns].sum(axis=1) + self.model["spans_b"]
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
    ) -> Prediction:
        """Techniques (with spans), genre and frames of an article given as paragraphs."""
        features = self.featurise(paragraphs, titles, language)
        prediction = Prediction()
        if not paragraphs:
            return prediction
        m = self.model
        probabilities = self.technique_probabilities(features)
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
        genre, frames = self.article_probabilities(features)
        best = int(np.argmax(genre))
        prediction.genre = (m.genres[best], round(float(genre[best]), 4))
        cut = threshold_for(self.thresholds["frames"], language)
        order = np.argsort(-frames)
        prediction.frames = [
            (m.frames[k], round(float(frames[k]), 4)) for k in order if frames[k] >= cut
        ]
        return prediction
