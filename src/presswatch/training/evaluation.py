"""Measure the extractors (attribution, quantities, dates) against gold annotations.

Gold files are JSON Lines, one article per line, written by annotators who
never saw presswatch's output (guidelines: ``docs/evaluation.md``). They hold
character offsets into the SemEval-2023 French articles (read without newline
translation) and short labels — never article text, which stays in
``../shared``. Predictions are mapped back to those offsets through the
article's repair log, so repairing glued paragraphs does not shift anything.

Matching is one-to-one and greedy by overlap: a prediction matches a gold span
when their overlap covers at least half of the shorter and a third of the
longer span. Reported: precision, recall and F1 of detection; for matched
statements, the share with the right speaker and speaker type, and an
end-to-end F1 counting a statement right only if its speaker is right too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from presswatch.api import analyze_article, default_pipeline
from presswatch.core.article import Article, Paragraph, Quote
from presswatch.core.errors import InputError
from presswatch.core.pipeline import Pipeline
from presswatch.core.text import fold
from presswatch.stages.attribution import attribute_with_rules
from presswatch.stages.repair import find_glue_points, split_paragraphs

_DETERMINERS = frozenset({"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "the"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class GoldStatement(Span):
    kind: str
    speaker: str | None
    speaker_type: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    via: str | None = None
    via_type: str | None = None


@dataclass(frozen=True)
class GoldQuantity(Span):
    value: float | None
    approx: bool
    noun: str | None


@dataclass(frozen=True)
class GoldDate(Span):
    value: str | None


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article. Trap passages carry their ``text`` inline (and
    a ``group``, their difficulty class, and a ``split``); SemEval articles
    are read from a folder by ``id``."""

    id: str
    statements: list[GoldStatement]
    quantities: list[GoldQuantity]
    dates: list[GoldDate]
    text: str | None = None
    published: str | None = None
    group: str | None = None
    split: str | None = None


def load_gold(path: str | Path, split: str | None = None) -> list[GoldArticle]:
    """Read a gold JSON Lines file; raises :class:`InputError` naming the line.
    With ``split`` ("dev", "test"), keep only the records of that split (a
    file whose records name no split is one split: all are kept)."""
    articles = []
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read ({exc})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            articles.append(_gold_article(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}:{number}", f"bad gold record ({exc})") from None
    if split is not None:
        articles = [a for a in articles if a.split in (None, split)]
    return articles


def _gold_statement(data: dict[str, Any]) -> GoldStatement:
    return GoldStatement(
        data["start"],
        data["end"],
        data["kind"],
        data.get("speaker"),
        data.get("speaker_type"),
        data.get("speaker_start"),
        data.get("speaker_end"),
        data.get("via"),
        data.get("via_type"),
    )


def _gold_article(data: dict[str, Any]) -> GoldArticle:
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise TypeError("text is not a string")
    return GoldArticle(
        id=str(data["id"]),
        statements=[_gold_statement(s) for s in data.get("statements", [])],
        quantities=[
            GoldQuantity(q["start"], q["end"], q.get("value"), bool(q.get("approx")), q.get("noun"))
            for q in data.get("quantities", [])
        ],
        dates=[GoldDate(d["start"], d["end"], d.get("value")) for d in data.get("dates", [])],
        text=text,
        published=data.get("published"),
        group=data.get("class"),
        split=data.get("split"),
    )


def read_raw_article(path: str | Path, *, published: str | None = None) -> Article:
    """An article whose ``text`` is the file's exact content (offsets preserved):
    the first line is the title, blank lines separate paragraphs."""
    source = str(path)
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read ({exc})") from None
    paragraphs = [
        Paragraph(start, end, "title" if index == 0 else "paragraph")
        for index, (start, end) in enumerate(split_paragraphs(text))
    ]
    if not paragraphs:
        raise InputError(source, "empty article")
    title = text[paragraphs[0].start : paragraphs[0].end]
    return Article(
        text=text,
        title=title,
        source=source,
        format="text",
        paragraphs=paragraphs,
        published=published,
    )


def passage_article(text: str, source: str, *, published: str | None = None) -> Article:
    """An article made of a passage given inline (a trap passage): no title,
    blank lines separate paragraphs, offsets index ``text`` as given."""
    paragraphs = [Paragraph(start, end, "paragraph") for start, end in split_paragraphs(text)]
    if not paragraphs:
        raise InputError(source, "empty passage")
    return Article(
        text=text,
        title="",
        source=source,
        format="text",
        paragraphs=paragraphs,
        published=published,
    )


def gold_article_text(item: GoldArticle, articles_dir: str | Path | None) -> Article:
    """The article a gold record annotates: its inline text, else
    ``article<ID>.txt`` in ``articles_dir``."""
    if item.text is not None:
        return passage_article(item.text, item.id, published=item.published)
    if articles_dir is None:
        raise InputError(item.id, "the gold record has no text and no articles folder was given")
    return read_raw_article(Path(articles_dir) / f"article{item.id}.txt")


# -- scores ---------------------------------------------------------------------


@dataclass
class Counts:
    """Detection counts and, for matched pairs, attribute agreement."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [agree, total]

    def agree(self, name: str, ok: bool) -> None:
        cell = self.attributes.setdefault(name, [0, 0])
        cell[0] += int(ok)
        cell[1] += 1

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        agree, total = self.attributes.get(name, [0, 0])
        return agree / total if total else 0.0

    def end_to_end_f1(self, name: str) -> float:
        """F1 counting a match as correct only when ``name`` agrees too."""
        agree = self.attributes.get(name, [0, 0])[0]
        p = agree / self.predicted if self.predicted else 0.0
        r = agree / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        for name in sorted(self.attributes):
            result[f"{name}_accuracy"] = round(self.accuracy(name), 4)
        return result


@dataclass
class Report:
    statements: Counts = field(default_factory=Counts)
    quantities: Counts = field(default_factory=Counts)
    dates: Counts = field(default_factory=Counts)
    per_kind: dict[str, Counts] = field(default_factory=dict)
    #: Source chains, over matched statements: gold = statements with a gold
    #: channel, predicted = with a predicted one, matched = both and the same.
    via: Counts = field(default_factory=Counts)
    #: The same scores per group of gold records (trap passages by class).
    groups: dict[str, Report] = field(default_factory=dict)
    articles: int = 0
    #: Statements predicted in passages whose gold has none.
    false_in_empty: int = 0
    empty: int = 0

    def summary(self) -> dict[str, Any]:
        statements = self.statements.summary()
        statements["speaker_end_to_end_f1"] = round(self.statements.end_to_end_f1("speaker"), 4)
        result: dict[str, Any] = {
            "articles": self.articles,
            "statements": statements,
            "statements_by_kind": {k: c.summary() for k, c in sorted(self.per_kind.items())},
            "via": self.via.summary(),
            "quantities": self.quantities.summary(),
            "dates": self.dates.summary(),
        }
        if self.empty:
            result["empty_passages"] = self.empty
            result["statements_in_empty_passages"] = self.false_in_empty
        if self.groups:
            result["groups"] = {
                name: group.summary() for name, group in sorted(self.groups.items())
            }
        return result


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _matches(gold: Span, predicted: Span) -> bool:
    overlap = _overlap(gold, predicted)
    shorter = min(gold.end - gold.start, predicted.end - predicted.start)
    longer = max(gold.end - gold.start, predicted.end - predicted.start)
    return shorter > 0 and overlap >= 0.5 * shorter and overlap >= longer / 3


def match(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, largest overlaps first."""
    candidates = sorted(
        (
            (_overlap(g, p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if _matches(g, p)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return pairs


def _name_words(name: str | None) -> list[str]:
    if not name:
        return []
    words = [w for w in re.split(r"[\s'’\-]+", fold(name).replace("l'", "l' ")) if w]
    return [w for w in words if w not in _DETERMINERS]


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Speaker names agree: equal after folding and dropping determiners, one
    contained in the other ("Lavrov" / "Sergueï Lavrov"), or an acronym of it."""
    gold_words, predicted_words = _name_words(gold), _name_words(predicted)
    if not gold_words or not predicted_words:
        return not gold_words and not predicted_words
    if set(gold_words) <= set(predicted_words) or set(predicted_words) <= set(gold_words):
        return True
    for short, long in ((gold_words, predicted_words), (predicted_words, gold_words)):
        if len(short) == 1 and short[0] == "".join(w[0] for w in long if len(w) > 2):
            return True
    return False


def _same_value(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) <= 1e-6 * max(1.0, abs(gold))


def evaluate_article(gold: GoldArticle, article: Article, report: Report) -> None:
    """Add one article's comparison to ``report`` (and to its group's)."""
    _evaluate_into(gold, article, report)
    if gold.group is not None:
        _evaluate_into(gold, article, report.groups.setdefault(gold.group, Report()))


def _evaluate_into(gold: GoldArticle, article: Article, report: Report) -> None:
    report.articles += 1
    mapped = article.original_offset
    predicted = [Span(mapped(q.start), mapped(q.end)) for q in article.quotes]
    _count(report.statements, gold.statements, predicted)
    if not gold.statements:
        report.empty += 1
        report.false_in_empty += len(predicted)
    for gi, pi in match(gold.statements, predicted):
        _compare_statement(gold.statements[gi], article.quotes[pi], mapped, report)
    for kind in ("direct", "indirect", "according_to"):
        gold_kind = [s for s in gold.statements if s.kind == kind]
        predicted_kind = [
            Span(mapped(q.start), mapped(q.end)) for q in article.quotes if q.kind == kind
        ]
        _count(report.per_kind.setdefault(kind, Counts()), gold_kind, predicted_kind)
    quantities = [Span(mapped(q.start), mapped(q.end)) for q in article.quantities]
    _count(report.quantities, gold.quantities, quantities)
    for gi, pi in match(gold.quantities, quantities):
        gold_quantity, quantity = gold.quantities[gi], article.quantities[pi]
        report.quantities.agree("value", _same_value(gold_quantity.value, quantity.value))
        report.quantities.agree("approx", gold_quantity.approx == quantity.approx)
    dates = [Span(mapped(d.start), mapped(d.end)) for d in article.dates]
    _count(report.dates, gold.dates, dates)
    for gi, pi in match(gold.dates, dates):
        gold_date, date = gold.dates[gi], article.dates[pi]
        if gold_date.value is not None:
            report.dates.agree("value", gold_date.value == date.value)


def _compare_statement(
    gold: GoldStatement, quote: Quote, mapped: Callable[[int], int], report: Report
) -> None:
    """Speaker, type, kind, mention and channel of a matched statement."""
    speaker = quote.speaker or (quote.speaker_mention if quote.speaker_type == "vague" else None)
    report.statements.agree("speaker", same_speaker(gold.speaker, speaker))
    report.statements.agree("speaker_type", gold.speaker_type == quote.speaker_type)
    report.statements.agree("kind", gold.kind == quote.kind)
    if gold.speaker_start is not None and gold.speaker_end is not None:
        exact = (
            quote.speaker_start is not None
            and quote.speaker_end is not None
            and (mapped(quote.speaker_start), mapped(quote.speaker_end))
            == (gold.speaker_start, gold.speaker_end)
        )
        report.statements.agree("mention", exact)
    report.via.gold += gold.via is not None
    report.via.predicted += quote.via is not None
    report.via.matched += (
        gold.via is not None and quote.via is not None and same_speaker(gold.via, quote.via)
    )


def _count(counts: Counts, gold: Sequence[Span], predicted: Sequence[Span]) -> None:
    counts.gold += len(gold)
    counts.predicted += len(predicted)
    counts.matched += len(match(gold, predicted))


def evaluate(
    gold: Iterable[GoldArticle],
    articles_dir: str | Path | None = None,
    *,
    pipeline: Pipeline | None = None,
    observe: Callable[[GoldArticle, Article], None] | None = None,
) -> Report:
    """Analyse each gold article (its inline text, else ``article<ID>.txt``
    from ``articles_dir``) with ``pipeline`` (default: the default pipeline)
    and score it; ``observe`` also gets each gold record and its analysis
    (the error classes of :mod:`presswatch.training.errors`)."""
    report = Report()
    if articles_dir is not None and not Path(articles_dir).is_dir():
        raise InputError(str(articles_dir), "articles directory not found")
    for item in gold:
        article = analyze_article(gold_article_text(item, articles_dir), pipeline)
        evaluate_article(item, article, report)
        if observe is not None:
            observe(item, article)
    return report


def rules_only_pipeline() -> Pipeline:
    """The default pipeline with attribution by the rules alone (no speaker model)."""
    return default_pipeline().replace("attribution", attribute_with_rules)


def agreement(first: Iterable[GoldArticle], second: Iterable[GoldArticle]) -> Report:
    """Inter-annotator agreement between two annotations of the same articles
    (those present in both), scored like a prediction against gold: F1 of the
    spans, and for matched statements the share with the same speaker, type
    and kind; for matched quantities and dates, the same value."""
    by_id = {item.id: item for item in second}
    report = Report()
    for item in first:
        other = by_id.get(item.id)
        if other is None:
            continue
        report.articles += 1
        _count(report.statements, item.statements, other.statements)
        for gi, pi in match(item.statements, other.statements):
            a, b = item.statements[gi], other.statements[pi]
            report.statements.agree("speaker", same_speaker(a.speaker, b.speaker))
            report.statements.agree("speaker_type", a.speaker_type == b.speaker_type)
            report.statements.agree("kind", a.kind == b.kind)
            report.via.gold += a.via is not None
            report.via.predicted += b.via is not None
            report.via.matched += a.via is not None and same_speaker(a.via, b.via)
        for kind in ("direct", "indirect", "according_to"):
            _count(
                report.per_kind.setdefault(kind, Counts()),
                [s for s in item.statements if s.kind == kind],
                [s for s in other.statements if s.kind == kind],
            )
        _count(report.quantities, item.quantities, other.quantities)
        for gi, pi in match(item.quantities, other.quantities):
            value = _same_value(item.quantities[gi].value, other.quantities[pi].value)
            report.quantities.agree("value", value)
        _count(report.dates, item.dates, other.dates)
        for gi, pi in match(item.dates, other.dates):
            report.dates.agree("value", item.dates[gi].value == other.dates[pi].value)
    return report


def as_dict(value: Any) -> dict[str, Any]:
    return asdict(value)


# -- repair ---------------------------------------------------------------------


def evaluate_repair(articles_dir: str | Path, language: str = "fr") -> Counts:
    """Glue each article's paragraphs together (as a scraper does) and score
    how many of the lost boundaries :func:`~presswatch.stages.repair.find_glue_points`
    recovers (a boundary counts only at its exact offset)."""
    directory = Path(articles_dir)
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise InputError(str(directory), "no .txt articles found")
    counts = Counts()
    for path in files:
        text = path.read_text(encoding="utf-8")
        paragraphs = [text[start:end] for start, end in split_paragraphs(text)][1:]  # not the title
        glued, boundaries = "", set()
        for paragraph in paragraphs:
            if glued:
                boundaries.add(len(glued))
            glued += paragraph
        predicted = set(find_glue_points(glued, language))
        counts.gold += len(boundaries)
        counts.predicted += len(predicted)
        counts.matched += len(predicted & boundaries)
    return counts
