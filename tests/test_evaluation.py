"""Evaluation: matching rules, and the CI gate on the held-out test split.

The gate analyses the 20 articles of ``eval/gold/extraction-test.jsonl``
(never used to tune the rules; the dev split is) and fails below pinned floors.
Raise a floor when a change improves the score; never lower one silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.core.errors import InputError
from presswatch.training.evaluation import (
    GoldArticle,
    GoldStatement,
    Span,
    agreement,
    evaluate,
    load_gold,
    match,
    same_speaker,
)

ROOT = Path(__file__).resolve().parent.parent
TEST_GOLD = ROOT / "eval" / "gold" / "extraction-test.jsonl"
TRAPS = ROOT / "eval" / "traps" / "traps-fr.jsonl"

#: Pinned a little under the held-out scores measured on 2026-12-03, third round
#: (statements 0.7592, speaker 0.7146, end to end 0.5425, direct 0.8723,
#: quantities 0.8509, dates 0.8487; docs/evaluation.md).
FLOORS = {
    ("statements", "f1"): 0.75,
    ("statements", "speaker_accuracy"): 0.71,
    ("statements", "speaker_end_to_end_f1"): 0.54,
    ("direct", "f1"): 0.87,
    ("quantities", "f1"): 0.84,
    ("quantities", "value_accuracy"): 0.93,
    ("dates", "f1"): 0.84,
}


def test_evaluation_matching_is_one_to_one_by_overlap():
    gold = [Span(0, 10), Span(20, 30)]
    predicted = [Span(1, 9), Span(2, 10), Span(21, 40), Span(100, 110)]
    assert sorted(match(gold, predicted)) == [(0, 1), (1, 2)]
    assert match([Span(0, 100)], [Span(0, 10)]) == []  # too small a share of the longer span


def test_evaluation_speaker_names():
    assert same_speaker("Sergueï Lavrov", "Lavrov")
    assert same_speaker("Organisation mondiale de la santé", "OMS")
    assert same_speaker("les médias occidentaux", "médias occidentaux")
    assert same_speaker(None, None)
    assert not same_speaker("Emmanuel Macron", "Marine Le Pen")
    assert not same_speaker("Daily Mail", None)


def test_evaluation_gold_files_hold_no_article_text():
    for name in (
        "extraction-dev.jsonl",
        "extraction-test.jsonl",
        "extraction-en-dev.jsonl",
        "extraction-en-test.jsonl",
    ):
        text = (ROOT / "eval" / "gold" / name).read_text(encoding="utf-8")
        assert max(len(line) for line in text.splitlines()) < 20000
        for article in load_gold(ROOT / "eval" / "gold" / name):
            assert article.text is None  # an article may hold no annotation (23100)


def test_evaluation_traps_load_with_their_text_class_and_split():
    dev = load_gold(TRAPS, split="dev")
    test = load_gold(TRAPS, split="test")
    assert len(dev) + len(test) == len(load_gold(TRAPS)) == 221
    assert {item.split for item in dev} == {"dev"} and {item.split for item in test} == {"test"}
    assert len({item.group for item in dev}) == 10
    for item in dev:
        assert item.text is not None
        for statement in item.statements:
            assert 0 <= statement.start < statement.end <= len(item.text)


def test_evaluation_split_keeps_records_that_name_no_split():
    assert len(load_gold(TEST_GOLD, split="dev")) == len(load_gold(TEST_GOLD)) == 50


def test_evaluation_bad_gold_names_the_line(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "1", "statements": []}\n{"id": "2", "statements": [{}]}\n')
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        load_gold(path)
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")


def _statement(start: int, end: int, speaker: str | None, kind: str = "direct") -> GoldStatement:
    return GoldStatement(start, end, kind, speaker, "person" if speaker else None)


def test_evaluation_agreement_counts_spans_speakers_and_kinds():
    first = [
        GoldArticle(
            "a",
            [_statement(0, 10, "Sergueï Lavrov"), _statement(20, 30, "Olaf Scholz")],
            [],
            [],
        ),
        GoldArticle("only-first", [_statement(0, 5, "X")], [], []),
    ]
    second = [
        GoldArticle(
            "a",
            [
                _statement(1, 10, "Lavrov"),
                _statement(20, 30, "Kaja Kallas", kind="indirect"),
                _statement(50, 60, None),
            ],
            [],
            [],
        )
    ]
    summary = agreement(first, second).summary()
    assert summary["articles"] == 1
    statements = summary["statements"]
    assert (statements["gold"], statements["predicted"], statements["matched"]) == (2, 3, 2)
    assert statements["speaker_accuracy"] == 0.5
    assert statements["kind_accuracy"] == 0.5


def test_evaluation_agreement_of_the_double_annotation():
    """The 24 articles annotated twice: the agreement docs/evaluation.md reports."""
    first = load_gold(ROOT / "eval" / "gold" / "extraction-dev.jsonl") + load_gold(TEST_GOLD)
    summary = agreement(first, load_gold(ROOT / "eval" / "gold" / "extraction-second.jsonl"))
    scores = summary.summary()
    assert scores["articles"] == 24
    assert scores["statements"]["f1"] == pytest.approx(0.937, abs=0.0005)
    assert agreement(first, first).summary()["statements"]["f1"] == 1.0


@pytest.mark.slow
def test_evaluation_scores_passages_per_class():
    text = (
        "Le maire de Lyon, Jean Dupont, s'est exprimé lundi devant la presse. "
        "« Le problème, c'est Pierre Martin et ses amis », a-t-il déclaré."
    )
    start = text.index("Le problème")
    end = text.index(" »")
    quoted = GoldArticle(
        "p1",
        [_statement(start, end, "Jean Dupont")],
        [],
        [],
        text=text,
        group="pronoun-inside-quote",
    )
    empty = GoldArticle(
        "p2", [], [], [], text="Il pleut sur Lyon depuis lundi matin.", group="no-statement"
    )
    summary = evaluate([quoted, empty]).summary()
    groups = summary["groups"]
    assert groups["pronoun-inside-quote"]["statements"]["matched"] == 1
    assert groups["no-statement"]["empty_passages"] == 1
    assert summary["articles"] == 2


def _below_floors(gold: Path, articles: Path, floors: dict[tuple[str, str], float]) -> list[str]:
    """Each score of the held-out split under its pinned floor."""
    summary = evaluate(load_gold(gold), articles).summary()
    scores = {
        "statements": summary["statements"],
        "direct": summary["statements_by_kind"]["direct"],
        "quantities": summary["quantities"],
        "dates": summary["dates"],
    }
    return [
        f"{group} {metric} {scores[group][metric]:.3f} < floor {floor}"
        for (group, metric), floor in floors.items()
        if scores[group][metric] < floor
    ]


@pytest.mark.slow
def test_evaluation_gate_on_held_out_split(semeval_dir: Path):
    failures = _below_floors(TEST_GOLD, semeval_dir / "fr" / "train-articles", FLOORS)
    assert not failures, failures


ENGLISH_TEST_GOLD = ROOT / "eval" / "gold" / "extraction-en-test.jsonl"

#: English held-out split (33 SemEval English articles; rules tuned on the dev split).
#: Measured 2026-12-03, third round: statements 0.6675, speaker 0.7454, end to end
#: 0.4975, direct 0.8324, quantities 0.7714, dates 0.9302.
ENGLISH_FLOORS = {
    ("statements", "f1"): 0.66,
    ("statements", "speaker_accuracy"): 0.74,
    ("statements", "speaker_end_to_end_f1"): 0.49,
    ("direct", "f1"): 0.83,
    ("quantities", "f1"): 0.77,
    ("quantities", "value_accuracy"): 0.98,
    ("dates", "f1"): 0.92,
}


@pytest.mark.slow
def test_evaluation_english_gate_on_held_out_split(semeval_dir: Path):
    articles = semeval_dir / "en" / "train-articles"
    failures = _below_floors(ENGLISH_TEST_GOLD, articles, ENGLISH_FLOORS)
    assert not failures, failures


REPAIR_FLOORS = {
    "fr": ("fr", 0.95),
    "it": ("it", 0.91),
    "ru": ("ru", 0.92),
    "ge": ("de", 0.88),
    "en": ("en", 0.88),
}


@pytest.mark.slow
def test_evaluation_repair_gate(semeval_dir: Path):
    """Paragraph boundaries recovered after gluing SemEval articles' paragraphs
    (rules developed on French; Italian, Russian and German are held out;
    English straight quotes were developed on every other English article)."""
    from presswatch.training.evaluation import evaluate_repair

    scores = {
        folder: evaluate_repair(semeval_dir / folder / "train-articles", code).f1
        for folder, (code, _) in REPAIR_FLOORS.items()
    }
    assert all(scores[folder] >= floor for folder, (_, floor) in REPAIR_FLOORS.items()), scores
