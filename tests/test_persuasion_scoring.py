"""Official metrics, on examples computed by hand, and the `semeval score` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.cli import main
from presswatch.training.semeval.scoring import macro_f1, micro_f1


def test_scoring_micro_f1_counts_pairs_over_gold_keys() -> None:
    gold = {("1", 1): ["Doubt", "Loaded_Language"], ("1", 3): [], ("2", 1): ["Slogans"]}
    pred = {("1", 1): ["Doubt"], ("1", 3): ["Slogans"]}  # ("2", 1) missing: empty
    scores = micro_f1(gold, pred)
    # tp=1, predicted=2, gold=3 -> P=0.5, R=1/3, F1=0.4
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.f1 == pytest.approx(0.4)
    assert scores.per_label["Doubt"] == pytest.approx(1.0)
    assert scores.per_label["Slogans"] == 0.0


def test_scoring_macro_f1_averages_the_genres() -> None:
    gold = {"a": "opinion", "b": "opinion", "c": "reporting", "d": "satire"}
    pred = {"a": "opinion", "b": "reporting", "c": "reporting", "d": "opinion"}
    scores = macro_f1(gold, pred)
    # opinion P=1/2 R=1/2 F=0.5; reporting P=1/2 R=1 F=2/3; satire F=0
    assert scores.f1 == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)


def test_scoring_score_command_prints_the_metric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("1\t1\tDoubt,Loaded_Language\n1\t3\t\n", encoding="utf-8")
    pred.write_text("1\t1\tDoubt\n1\t3\tSlogans\n", encoding="utf-8")
    assert main(["semeval", "score", "--gold", str(gold), "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("techniques micro-F1 0.5000")


def test_scoring_score_command_rejects_rows_not_in_gold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("1\t1\tDoubt\n1\t3\t\n", encoding="utf-8")
    pred.write_text("1\t1\tDoubt\n1\t2\tDoubt\n", encoding="utf-8")
    code = main(["semeval", "score", "--gold", str(gold), "--pred", str(pred)])
    assert code == 1
    err = capsys.readouterr().err
    assert "1 prediction rows name no row of the gold file (first: article 1, line 2)" in err


def test_scoring_score_command_ignores_unlabelled_articles_for_genre(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("1\topinion\n2\treporting\n", encoding="utf-8")
    pred.write_text("1\topinion\n2\treporting\n3\tsatire\n", encoding="utf-8")
    code = main(["semeval", "score", "--task", "genre", "--gold", str(gold), "--pred", str(pred)])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("genre macro-F1 1.0000")
    assert "1 prediction rows for articles the gold file does not label: ignored" in out


def test_scoring_score_command_rejects_unknown_genre(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("1\topinion\n", encoding="utf-8")
    pred.write_text("1\tpropaganda\n", encoding="utf-8")
    code = main(["semeval", "score", "--task", "genre", "--gold", str(gold), "--pred", str(pred)])
    assert code == 1
    assert "pred.txt:1: unknown genre 'propaganda'" in capsys.readouterr().err


def test_persuasion_display_curve_and_threshold_choice():
    """The display-threshold curve counts marks, paragraph and word precision
    and recall per threshold; the choice is the lowest one reaching the target."""
    from presswatch.training.persuasion.display import Mark, choose_threshold, curve

    marks = [
        Mark("fr", 0.25, False, 4, 0),
        Mark("fr", 0.40, True, 4, 1),
        Mark("fr", 0.60, True, 2, 2),
        Mark("fr", 0.70, False, 2, 0),
        Mark("fr", 0.80, True, 2, 2),
    ]
    points = curve(marks, gold_pairs=6, articles=2, thresholds=(0.2, 0.5, 0.65, 0.75, 0.9))
    assert [(p.marks, p.paragraph_precision) for p in points] == [
        (5, 0.6),
        (3, 0.6667),
        (2, 0.5),
        (1, 1.0),
        (0, 0.0),
    ]
    assert points[0].word_precision == round(5 / 14, 4) and points[0].recall == 0.5
    assert points[0].marks_per_article == 2.5
    assert choose_threshold(points, target=2 / 3 - 1e-3) == 0.5
    assert choose_threshold(points, target=0.9) == 0.75
    with pytest.raises(ValueError):
        choose_threshold(points, target=1.01)
