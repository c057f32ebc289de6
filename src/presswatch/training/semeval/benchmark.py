"""The SemEval benchmark interface: predict in the official formats, score
prediction files with the official metrics."""

from __future__ import annotations

from pathlib import Path

from presswatch.lang.identify import detect_language
from presswatch.stages.persuasion.labels import FRAMES, GENRES, TECHNIQUES
from presswatch.stages.persuasion.model import PersuasionModel, default_model
from presswatch.stages.persuasion.predict import Prediction, Predictor
from presswatch.training.semeval.formats import (
    SemevalArticle,
    SemevalFormatError,
    format_article_labels,
    format_techniques,
    read_articles,
    read_frames,
    read_genres,
    read_techniques,
)
from presswatch.training.semeval.scoring import Scores, macro_f1, micro_f1

TASK_NAMES = ("techniques", "genre", "frames")


def predict_article(
    predictor: Predictor, article: SemevalArticle, language: str | None
) -> Prediction:
    lines = article.paragraphs()
    return predictor.predict(
        [line.text for line in lines], [line.number == 1 for line in lines], language, spans=False
    )


def predict_folder(
    folder: Path,
    task: str = "techniques",
    *,
    language: str | None = None,
    model: PersuasionModel | None = None,
) -> str:
    """Predictions for every ``article<ID>.txt`` of ``folder`` in the official
    format of ``task``. ``language`` (ISO 639-1) is the articles' language;
    ``None`` detects it per article."""
    if task not in TASK_NAMES:
        raise ValueError(f"unknown task {task!r}")
    predictor = Predictor(model or default_model())
    articles = read_articles(folder)
    technique_rows: list[tuple[str, int, list[str]]] = []
    article_rows: list[tuple[str, list[str]]] = []
    for article in articles:
        lang = language or _detect(article)
        prediction = predict_article(predictor, article, lang)
        if task == "techniques":
            found: dict[int, list[str]] = {}
            for hit in prediction.techniques:
                found.setdefault(hit.paragraph, []).append(hit.technique)
            for index, line in enumerate(article.paragraphs()):
                labels = sorted(set(found.get(index, ())), key=TECHNIQUES.index)
                technique_rows.append((article.id, line.number, labels))
        elif task == "genre":
            article_rows.append((article.id, [prediction.genre[0]] if prediction.genre else []))
        else:
            article_rows.append((article.id, [label for label, _ in prediction.frames]))
    if task == "techniques":
        return format_techniques(technique_rows)
    return format_article_labels(article_rows)


def _detect(article: SemevalArticle) -> str | None:
    language, _ = detect_language(article.text[:5000])
    return language


def score_files(gold: Path, predicted: Path, task: str = "techniques") -> Scores:
    """Official metric of ``task`` for a prediction file against a gold file.

    Every gold row counts (a row missing from the predictions is an empty
    prediction). A technique row naming an (article, line) absent from the
    gold file is an error: the lines are numbered differently. Genre and
    frame rows for articles the gold file does not label are ignored and
    counted in ``Scores.ignored``."""
    if task == "techniques":
        gold_t = read_techniques(gold)
        pred_t = read_techniques(predicted)
        extra = [k for k in pred_t if k not in gold_t]
        if extra:
            raise SemevalFormatError(
                str(predicted),
                f"{len(extra)} prediction rows name no row of the gold file "
                f"(first: article {extra[0][0]}, line {extra[0][1]})",
            )
        return micro_f1(gold_t, pred_t, TECHNIQUES)
    if task == "frames":
        gold_f = read_frames(gold)
        pred_f = read_frames(predicted)
        scores = micro_f1(gold_f, pred_f, FRAMES)
        scores.ignored = sum(1 for k in pred_f if k not in gold_f)
        return scores
    if task == "genre":
        gold_g = read_genres(gold)
        pred_g = read_genres(predicted)
        scores = macro_f1(gold_g, pred_g)
        scores.ignored = sum(1 for k in pred_g if k not in gold_g)
        return scores
    raise ValueError(f"unknown task {task!r} (expected one of {', '.join(TASK_NAMES)})")


__all__ = ["GENRES", "predict_folder", "score_files"]
