"""Train the attribution models from gold annotations (``presswatch train attribution``).

The speaker model is a conditional logit: for each statement the rules find
and the gold matches, a softmax over its candidate speakers (see
:mod:`presswatch.stages.attribution.ranking`), trained to put the gold speaker
first, with L2 regularisation. Model selection (the regularisation strength)
is by article-grouped cross-validation inside the training gold; the final
model is fitted on all of it. Only development data is read: the held-out
split is for the verdict (``presswatch evaluate extraction``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.api import analyze_article
from presswatch.core.article import Article
from presswatch.core.pipeline import Pipeline
from presswatch.stages.attribution import Decision, find_statements
from presswatch.stages.attribution.model import LinearModel
from presswatch.stages.attribution.ranking import Candidate
from presswatch.stages.attribution.view import ArticleView
from presswatch.training.evaluation import (
    GoldArticle,
    GoldStatement,
    Span,
    gold_article_text,
    match,
    same_speaker,
)

#: The stages an article needs before attribution.
BEFORE_ATTRIBUTION = ("repair", "language", "nlp", "entities")
#: Regularisation strengths tried by cross-validation (L2 penalty per statement).
PENALTIES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5
SEED = 20261203


@dataclass
class Group:
    """One statement's candidates for training: feature dicts and which are right."""

    article: str
    features: list[dict[str, float]]
    positive: list[bool]
    rule: int  # index of the rules' choice (-1 if none)


@dataclass
class Dataset:
    groups: list[Group] = field(default_factory=list)
    statements: int = 0  # matched statements, with or without a right candidate


def prepared_articles(
    gold: Iterable[GoldArticle], articles_dir: str | Path | None
) -> list[tuple[GoldArticle, Article]]:
    """Each gold article analysed up to attribution (NLP and entities)."""
    pipeline = Pipeline(list(BEFORE_ATTRIBUTION))
    return [
        (item, analyze_article(gold_article_text(item, articles_dir), pipeline)) for item in gold
    ]


def speaker_dataset(prepared: Sequence[tuple[GoldArticle, Article]]) -> Dataset:
    """The candidates of every found statement that matches a gold statement."""
    dataset = Dataset()
    for item, article in prepared:
        decisions: list[Decision] = []
        find_statements(article, ArticleView(article), record=decisions)
        mapped = article.original_offset
        spans = [Span(mapped(d.parts[0][0]), mapped(d.parts[-1][1])) for d in decisions]
        for gi, di in match(item.statements, spans):
            dataset.statements += 1
            group = _group(item.id, item.statements[gi], decisions[di])
            if group is not None:
                dataset.groups.append(group)
    return dataset


def _group(article: str, gold: GoldStatement, decision: Decision) -> Group | None:
    positive = [_is_gold(gold, c) for c in decision.candidates]
    if not any(positive):
        return None
    rule = next((i for i, c in enumerate(decision.candidates) if "rule" in c.sources), -1)
    return Group(article, [c.features for c in decision.candidates], positive, rule)


def _is_gold(gold: GoldStatement, candidate: Candidate) -> bool:
    if candidate.name is None:
        return gold.speaker is None
    return gold.speaker is not None and same_speaker(gold.speaker, candidate.name)


# -- the conditional logit --------------------------------------------------------------


@dataclass
class _Matrix:
    """Groups as one sparse design: rows of (column, value) pairs."""

    columns: dict[str, int]
    rows: list[list[tuple[int, float]]]
    group_rows: list[range]
    positive: list[list[bool]]


def _design(groups: Sequence[Group], columns: dict[str, int] | None = None) -> _Matrix:
    if columns is None:
        counts: dict[str, int] = {}
        for group in groups:
            for features in group.features:
                for name in features:
                    counts[name] = counts.get(name, 0) + 1
        columns = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= 2))}
    rows: list[list[tuple[int, float]]] = []
    spans = []
    for group in groups:
        first = len(rows)
        for features in group.features:
            rows.append([(columns[n], v) for n, v in features.items() if n in columns])
        spans.append(range(first, len(rows)))
    return _Matrix(columns, rows, spans, [g.positive for g in groups])


def fit_ranker(groups: Sequence[Group], penalty: float) -> LinearModel:
    """Fit the conditional logit (L-BFGS) on ``groups``."""
    import numpy
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    design = _design(groups)
    size = len(design.columns)
    data, indices, pointers = [], [], [0]
    for row in design.rows:
        for column, value in row:
            indices.append(column)
            data.append(value)
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(design.rows), size))
    group_of = numpy.zeros(len(design.rows), dtype=int)
    target = numpy.zeros(len(design.rows))
    for g, rows in enumerate(design.group_rows):
        group_of[rows.start : rows.stop] = g
        positives = [r for r, ok in zip(rows, design.positive[g], strict=True) if ok]
        for r in positives:
            target[r] = 1.0 / len(positives)
    count = len(design.group_rows)

    def loss(weights: Any) -> tuple[float, Any]:
        scores = matrix @ weights
        top = numpy.full(count, -numpy.inf)
        numpy.maximum.at(top, group_of, scores)
        exp = numpy.exp(scores - top[group_of])
        totals = numpy.zeros(count)
        numpy.add.at(totals, group_of, exp)
        log_z = numpy.log(totals) + top
        probability = exp / totals[group_of]
        value = -(target * (scores - log_z[group_of])).sum() + 0.5 * penalty * (weights @ weights)
        gradient = matrix.T @ (probability - target) + penalty * weights
        return float(value), gradient

    result = minimize(loss, numpy.zeros(size), jac=True, method="L-BFGS-B")
    names = sorted(design.columns, key=design.columns.__getitem__)
    weights = {name: float(w) for name, w in zip(names, result.x, strict=True) if abs(w) > 1e-6}
    return LinearModel("speakers", weights)


def ranker_accuracy(model: LinearModel, groups: Sequence[Group]) -> float:
    """Share of groups whose top-scored candidate is a right one."""
    if not groups:
        return 0.0
    right = 0
    for group in groups:
        scores = [model.score(f) for f in group.features]
        right += group.positive[max(range(len(scores)), key=scores.__getitem__)]
    return right / len(groups)


def rule_accuracy(groups: Sequence[Group]) -> float:
    """Share of groups where the rules' choice is right (no choice: "none" is)."""
    if not groups:
        return 0.0
    right = 0
    for group in groups:
        if group.rule >= 0:
            right += group.positive[group.rule]
        else:
            right += any(
                ok and "none" in f for ok, f in zip(group.positive, group.features, strict=True)
            )
    return right / len(groups)


def folds(articles: Sequence[str], count: int = FOLDS, seed: int = SEED) -> list[set[str]]:
    """Articles split into ``count`` folds (fixed seed): the CV's groups."""
    names = sorted(set(articles))
    random.Random(seed).shuffle(names)
    return [set(names[i::count]) for i in range(count)]


def cross_validate(
    groups: Sequence[Group],
    fit: Callable[[Sequence[Group], float], LinearModel],
    penalties: Sequence[float] = PENALTIES,
) -> dict[float, float]:
    """Article-grouped CV accuracy for each penalty."""
    parts = folds([g.article for g in groups])
    scores: dict[float, float] = {}
    for penalty in penalties:
        right = 0.0
        for held in parts:
            train = [g for g in groups if g.article not in held]
            test = [g for g in groups if g.article in held]
            right += ranker_accuracy(fit(train, penalty), test) * len(test)
        scores[penalty] = right / len(groups)
    return scores


@dataclass
class TrainingReport:
    statements: int
    groups: int
    cv: dict[float, float]
    penalty: float
    rules: float
    train_accuracy: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched_statements": self.statements,
            "statements_with_a_right_candidate": self.groups,
            "cv_accuracy_by_penalty": {str(k): round(v, 4) for k, v in self.cv.items()},
            "penalty": self.penalty,
            "rules_accuracy": round(self.rules, 4),
            "training_accuracy": round(self.train_accuracy, 4),
        }


def train_speakers(
    prepared: Sequence[tuple[GoldArticle, Article]], provenance: dict[str, Any]
) -> tuple[LinearModel, TrainingReport]:
    """Cross-validate, then fit the speaker model on every training statement."""
    dataset = speaker_dataset(prepared)
    groups = dataset.groups
    cv = cross_validate(groups, fit_ranker)
    penalty = max(cv, key=lambda p: (round(cv[p], 4), p))
    model = fit_ranker(groups, penalty)
    report = TrainingReport(
        dataset.statements, len(groups), cv, penalty, rule_accuracy(groups), 0.0
    )
    report.train_accuracy = ranker_accuracy(model, groups)
    meta = dict(provenance)
    meta["training"] = report.as_dict()
    model = LinearModel(model.name, model.weights, model.bias, model.threshold, meta)
    return model, report


# -- the statement model ----------------------------------------------------------------


@dataclass
class Row:
    """One found statement: its features and whether it matches a gold statement."""

    article: str
    features: dict[str, float]
    label: bool


@dataclass
class StatementData:
    rows: list[Row] = field(default_factory=list)
    gold: dict[str, int] = field(default_factory=dict)  # gold statements per article


def statement_dataset(prepared: Sequence[tuple[GoldArticle, Article]]) -> StatementData:
    """Every statement the rules find, labelled by the evaluation's matching."""
    data = StatementData()
    for item, article in prepared:
        decisions: list[Decision] = []
        find_statements(article, ArticleView(article), record=decisions)
        mapped = article.original_offset
        spans = [Span(mapped(d.parts[0][0]), mapped(d.parts[-1][1])) for d in decisions]
        matched = {di for _, di in match(item.statements, spans)}
        data.gold[item.id] = len(item.statements)
        for index, decision in enumerate(decisions):
            data.rows.append(Row(item.id, decision.features, index in matched))
    return data


def fit_classifier(rows: Sequence[Row], penalty: float) -> LinearModel:
    """Logistic regression (L-BFGS, L2 penalty; the bias is the "bias" feature)."""
    import numpy
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    counts: dict[str, int] = {}
    for row in rows:
        for name in row.features:
            counts[name] = counts.get(name, 0) + 1
    columns = {n: i for i, n in enumerate(sorted(n for n, c in counts.items() if c >= 2))}
    data, indices, pointers = [], [], [0]
    for row in rows:
        for name, value in row.features.items():
            if name in columns:
                indices.append(columns[name])
                data.append(value)
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(rows), len(columns)))
    labels = numpy.array([1.0 if row.label else 0.0 for row in rows])

    def loss(weights: Any) -> tuple[float, Any]:
        scores = matrix @ weights
        probability = 1.0 / (1.0 + numpy.exp(-scores))
        value = numpy.logaddexp(0.0, scores).sum() - (labels * scores).sum()
        value += 0.5 * penalty * (weights @ weights)
        gradient = matrix.T @ (probability - labels) + penalty * weights
        return float(value), gradient

    result = minimize(loss, numpy.zeros(len(columns)), jac=True, method="L-BFGS-B")
    names = sorted(columns, key=columns.__getitem__)
    weights = {name: float(w) for name, w in zip(names, result.x, strict=True) if abs(w) > 1e-6}
    return LinearModel("statements", weights)


def best_threshold(scored: Sequence[tuple[float, bool]], gold: int) -> tuple[float, float]:
    """The threshold that maximises F1 = 2 TP / (kept + gold), and that F1."""
    ordered = sorted(scored, key=lambda pair: -pair[0])
    best = (ordered[-1][0] - 1.0 if ordered else 0.0, 0.0)
    right = 0
    for kept, (score, label) in enumerate(ordered, start=1):
        right += label
        f1 = 2 * right / (kept + gold) if kept + gold else 0.0
        if f1 > best[1]:
            best = (score, f1)
    return best


def statement_cv(
    data: StatementData, penalties: Sequence[float] = PENALTIES
) -> dict[float, tuple[float, float, float]]:
    """Article-grouped CV: for each penalty, (threshold, F1 with the
    filter, F1 keeping every statement)."""
    parts = folds(list(data.gold))
    gold = sum(data.gold.values())
    results = {}
    for penalty in penalties:
        scored: list[tuple[float, bool]] = []
        for held in parts:
            model = fit_classifier([r for r in data.rows if r.article not in held], penalty)
            scored.extend(
                (model.score(r.features), r.label) for r in data.rows if r.article in held
            )
        threshold, f1 = best_threshold(scored, gold)
        everything = 2 * sum(label for _, label in scored) / (len(scored) + gold)
        results[penalty] = (threshold, f1, everything)
    return results


# -- both models ---------------------------------------------------------------------


def training_language(prepared: Sequence[tuple[GoldArticle, Article]]) -> str:
    """The language most of the gold articles were detected in (the models are
    per language: see :func:`presswatch.stages.attribution.model.model_directory`)."""
    counts: dict[str, int] = {}
    for _, article in prepared:
        language = article.language or "und"
        counts[language] = counts.get(language, 0) + 1
    return max(sorted(counts), key=lambda lang: counts[lang]) if counts else "und"


@dataclass
class AttributionReport:
    """What ``presswatch train attribution`` measured."""

    articles: int
    speakers: TrainingReport
    statements: dict[float, tuple[float, float, float]]
    penalty: float

    def as_dict(self) -> dict[str, Any]:
        threshold, f1, everything = self.statements[self.penalty]
        return {
            "articles": self.articles,
            "speakers": self.speakers.as_dict(),
            "statements": {
                "cv_f1_by_penalty": {str(k): round(v[1], 4) for k, v in self.statements.items()},
                "penalty": self.penalty,
                "threshold": round(threshold, 4),
                "cv_f1": round(f1, 4),
                "cv_f1_keeping_everything": round(everything, 4),
            },
        }


def train_attribution(
    gold: Sequence[GoldArticle],
    articles_dir: str | Path | None,
    provenance: dict[str, Any],
    log: Callable[[str], None] = lambda line: None,
) -> tuple[LinearModel, LinearModel, AttributionReport]:
    """Train the speaker model and the statement model on ``gold`` (the
    development data only); return both and the cross-validation report."""
    log(f"analysing {len(gold)} gold articles…")
    prepared = prepared_articles(gold, articles_dir)
    provenance = {**provenance, "language": training_language(prepared)}
    log(f"language of the gold articles: {provenance['language']}")
    log("speaker model: cross-validation…")
    speakers, speaker_report = train_speakers(prepared, provenance)
    log("statement model: cross-validation…")
    data = statement_dataset(prepared)
    cv = statement_cv(data)
    penalty = max(cv, key=lambda p: (round(cv[p][1], 4), p))
    fitted = fit_classifier(data.rows, penalty)
    report = AttributionReport(len(prepared), speaker_report, cv, penalty)
    meta = dict(provenance)
    meta["training"] = report.as_dict()["statements"]
    statements = LinearModel("statements", fitted.weights, 0.0, cv[penalty][0], meta)
    return speakers, statements, report
