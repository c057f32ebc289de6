"""The per-failure-class error report of ``presswatch evaluate extraction --by-error``."""

from __future__ import annotations

import json
from pathlib import Path

from presswatch.cli import main
from presswatch.core.article import Article, Paragraph, Quote
from presswatch.training.errors import ErrorReport, classify_article
from presswatch.training.evaluation import GoldArticle, GoldStatement

TEXT = (
    "Le maire de Lyon, Jean Dupont, a parlé lundi. Il a visité le chantier. "
    "Les travaux avancent. « Le problème, c'est Pierre Martin », a-t-il déclaré. "
    "Le préfet a annoncé que la route rouvrirait jeudi. Il pleuvait."
)


def _span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def _gold(fragment: str, speaker: str | None, kind: str = "direct", mention: str | None = None):
    start, end = _span(fragment)
    mention_start = mention_end = None
    if mention is not None:
        mention_start = TEXT.index(mention, end if kind == "direct" else 0)
        mention_end = mention_start + len(mention)
    return GoldStatement(start, end, kind, speaker, "person", mention_start, mention_end)


def _quote(fragment: str, speaker: str | None, mention: str | None, kind: str = "direct"):
    start, end = _span(fragment)
    quote = Quote(kind, fragment, start, end, speaker, mention, None, speaker_type="person")
    if mention is not None:
        quote.speaker_start = TEXT.index(mention, end)
        quote.speaker_end = quote.speaker_start + len(mention)
    return quote


def _classify(gold: list[GoldStatement], quotes: list[Quote]) -> ErrorReport:
    article = Article(
        text=TEXT, title="", source="t", format="text", paragraphs=[Paragraph(0, len(TEXT))]
    )
    article.quotes = quotes
    report = ErrorReport(keep_examples=True)
    classify_article(GoldArticle("t", gold, [], [], text=TEXT), article, report)
    return report


def test_errors_counts_nothing_when_everything_is_right():
    quote = "Le problème, c'est Pierre Martin"
    report = _classify(
        [_gold(quote, "Jean Dupont", mention="il")], [_quote(quote, "Jean Dupont", "il")]
    )
    assert report.summary() == {}


def test_errors_a_pronoun_resolved_to_the_wrong_name_far_back():
    quote = "Le problème, c'est Pierre Martin"
    report = _classify(
        [_gold(quote, "Jean Dupont", mention="il")], [_quote(quote, "Pierre Martin", "il")]
    )
    assert report.summary() == {"speaker:pronoun-far": 1}
    assert report.examples[0]["predicted"] == "Pierre Martin"


def test_errors_missed_spurious_and_boundary_are_told_apart():
    gold = [
        _gold("la route rouvrirait jeudi", "préfet", kind="indirect"),
        _gold("Le problème, c'est Pierre Martin", "Jean Dupont"),
    ]
    predicted = [
        _quote("Il pleuvait", None, None),  # overlaps no gold statement
        _quote("Martin", "Jean Dupont", None),  # too short to match the quotation
    ]
    report = _classify(gold, predicted)
    assert report.summary() == {
        "boundary:too-short": 1,
        "missed:indirect-que": 1,
        "spurious:direct": 1,
    }


def test_errors_a_wrong_speaker_without_prediction_and_a_glued_mention():
    quote = "Le problème, c'est Pierre Martin"
    gold = [_gold(quote, "Jean Dupont", mention="il")]
    assert _classify(gold, [_quote(quote, None, None)]).summary() == {"speaker:none-predicted": 1}
    glued = _quote(quote, "Jean Dupont", "a-t-il")
    assert _classify(gold, [glued]).summary() == {"mention:glued": 1}


def test_errors_cli_prints_the_classes(tmp_path: Path, capsys):
    record = {
        "id": "p1",
        "text": TEXT,
        "statements": [
            {
                "kind": "indirect",
                "start": _span("la route rouvrirait jeudi")[0],
                "end": _span("la route rouvrirait jeudi")[1],
                "speaker": "préfet",
                "speaker_type": "person",
            },
        ],
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "extraction", "--gold", str(gold), "--by-error", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sum(summary["errors"].values()) >= 1
    assert all(
        name.split(":")[0] in {"missed", "spurious", "boundary", "speaker", "mention"}
        for name in summary["errors"]
    )
