"""``presswatch evaluate``: measure the extractors.

``presswatch evaluate extraction --gold FILE`` scores attribution, quantities and
dates against gold annotations; ``presswatch evaluate repair --articles DIR``
scores paragraph-boundary recovery on articles whose paragraphs it glues;
``presswatch evaluate nlp --treebank FILE`` scores the NLP stage's words,
sentences, POS and parse on a Universal Dependencies treebank."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from presswatch.training.evaluation import evaluate, evaluate_repair, load_gold
from presswatch.training.treebank import evaluate_treebank

DEFAULT_ARTICLES = "../shared/data/semeval2023-task3/fr/train-articles"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure the extractors (see docs/evaluation.md)",
        description=(
            "Score the extractors: `evaluate extraction` against gold annotations "
            "(statements, speakers, figures, dates), `evaluate repair` on articles whose "
            "paragraphs it glues together first. See docs/evaluation.md."
        ),
    )
    tasks = parser.add_subparsers(dest="task", metavar="TASK", required=True)
    extraction = tasks.add_parser(
        "extraction",
        help="attribution, quantities and dates against gold annotations",
        description=(
            "Analyse the gold articles and report precision, recall and F1 of statement, "
            "quantity and date detection, and speaker accuracy."
        ),
    )
    extraction.add_argument("--gold", required=True, metavar="FILE", help="gold JSON Lines file")
    extraction.add_argument(
        "--articles",
        default=DEFAULT_ARTICLES,
        metavar="DIR",
        help=f"article<ID>.txt folder (default {DEFAULT_ARTICLES})",
    )
    extraction.add_argument("--json", action="store_true", help="print the scores as JSON")
    extraction.set_defaults(run=run_extraction)
    repair = tasks.add_parser(
        "repair",
        help="paragraph boundaries recovered after gluing each article's paragraphs",
        description=(
            "Glue the paragraphs of each article together, run the repair stage, and report "
            "precision, recall and F1 of the paragraph boundaries it recovers."
        ),
    )
    repair.add_argument(
        "--articles",
        default=DEFAULT_ARTICLES,
        metavar="DIR",
        help=f"folder of .txt articles, blank-line separated paragraphs (default {DEFAULT_ARTICLES})",
    )
    repair.add_argument(
        "--language",
        default="fr",
        metavar="CODE",
        help="language of the articles (ISO 639-1; default fr)",
    )
    repair.add_argument("--json", action="store_true", help="print the scores as JSON")
    repair.set_defaults(run=run_repair)
    nlp = tasks.add_parser(
        "nlp",
        help="words, sentences, POS and parse of the NLP stage on a UD treebank (CoNLL-U)",
        description=(
            "Run the NLP stage on a Universal Dependencies treebank's raw text, paragraph by "
            "paragraph, every sentence parsed, and score words and sentences (exact spans), "
            "universal POS and attachment (CoNLL 2018 style; spaCy's English trees converted "
            "to UD first)."
        ),
    )
    nlp.add_argument("--treebank", required=True, metavar="FILE", help="a .conllu file")
    nlp.add_argument(
        "--language", required=True, metavar="CODE", help="the treebank's language (ISO 639-1)"
    )
    nlp.add_argument("--json", action="store_true", help="print the scores as JSON")
    nlp.set_defaults(run=run_nlp)


def run_extraction(args: argparse.Namespace) -> int:
    summary = evaluate(load_gold(Path(args.gold)), Path(args.articles)).summary()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['articles']} articles")
    _line("statements", summary["statements"])
    for kind, scores in summary["statements_by_kind"].items():
        _line(f"  {kind}", scores)
    statements = summary["statements"]
    print(
        f"  speaker accuracy (matched) {statements.get('speaker_accuracy', 0):.3f}   "
        f"type accuracy {statements.get('speaker_type_accuracy', 0):.3f}   "
        f"end-to-end F1 with speaker {statements['speaker_end_to_end_f1']:.3f}"
    )
    _line("quantities", summary["quantities"])
    print(f"  value accuracy {summary['quantities'].get('value_accuracy', 0):.3f}")
    _line("dates", summary["dates"])
    print(f"  value accuracy {summary['dates'].get('value_accuracy', 0):.3f}")
    return 0


def run_repair(args: argparse.Namespace) -> int:
    summary = evaluate_repair(Path(args.articles), args.language).summary()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _line("boundaries", summary)
    return 0


def run_nlp(args: argparse.Namespace) -> int:
    summary = evaluate_treebank(Path(args.treebank), args.language).summary()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{summary['paragraphs']} paragraphs, {summary['gold_sentences']} sentences, "
        f"{summary['gold_words']} words (parse scheme: {summary['scheme']})"
    )
    for name in ("words", "sentences", "upos", "uas", "las"):
        scores = summary[name]
        aligned = scores.get("aligned_accuracy")
        print(
            f"{name:<10} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
            f"F1 {scores['f1']:.3f}"
            + (f"  (accuracy on aligned words {aligned:.3f})" if aligned is not None else "")
        )
    return 0


def _line(name: str, scores: dict[str, Any]) -> None:
    print(
        f"{name:<16} P {scores['precision']:.3f}  R {scores['recall']:.3f}  F1 {scores['f1']:.3f}  "
        f"(gold {scores['gold']}, predicted {scores['predicted']}, matched {scores['matched']})"
    )
