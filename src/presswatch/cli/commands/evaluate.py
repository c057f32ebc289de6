"""``presswatch evaluate``: measure the extractors.

``presswatch evaluate extraction --gold FILE`` scores attribution, quantities and
dates against gold annotations (articles read from a folder, or trap passages
with their text inline, scored per class); ``presswatch evaluate agreement
FIRST SECOND`` scores two annotations of the same articles against each other;
``presswatch evaluate repair --articles DIR`` scores paragraph-boundary
recovery on articles whose paragraphs it glues; ``presswatch evaluate nlp
--treebank FILE`` scores the NLP stage's words, sentences, POS and parse on a
Universal Dependencies treebank."""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the evaluation modules are imported when a subcommand runs
    from presswatch.training.errors import ErrorReport

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
        help=f"article<ID>.txt folder, for records without inline text (default {DEFAULT_ARTICLES})",
    )
    extraction.add_argument(
        "--split",
        choices=("dev", "test"),
        help="only the records of this split (trap passages carry one)",
    )
    extraction.add_argument(
        "--rules-only",
        action="store_true",
        help="attribution by the rules alone, without the speaker model",
    )
    extraction.add_argument(
        "--by-error",
        action="store_true",
        help="also count the statement errors per failure class (missed form, spurious, "
        "boundary, why the speaker is wrong)",
    )
    extraction.add_argument(
        "--show-errors",
        metavar="CLASS",
        help="with --by-error, list the errors of the classes starting with CLASS "
        "(article, gold, predicted); for development splits",
    )
    extraction.add_argument("--json", action="store_true", help="print the scores as JSON")
    extraction.set_defaults(run=run_extraction)
    agree = tasks.add_parser(
        "agreement",
        help="agreement between two annotations of the same articles",
        description=(
            "Score a second annotation against a first one, over the articles both annotate: "
            "F1 of statements, quantities and dates, and for matched statements the share "
            "with the same speaker, type and kind."
        ),
    )
    agree.add_argument(
        "first", nargs="+", metavar="FIRST", help="gold JSON Lines file(s), read as one"
    )
    agree.add_argument("second", metavar="SECOND", help="second annotation, JSON Lines")
    agree.add_argument("--json", action="store_true", help="print the scores as JSON")
    agree.set_defaults(run=run_agreement)
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
    from presswatch.training.errors import ErrorReport, classify_article
    from presswatch.training.evaluation import evaluate, load_gold, rules_only_pipeline

    gold = load_gold(Path(args.gold), split=args.split)
    articles = Path(args.articles) if any(item.text is None for item in gold) else None
    pipeline = rules_only_pipeline() if args.rules_only else None
    errors = ErrorReport(keep_examples=args.show_errors is not None) if args.by_error else None
    observe = partial(classify_article, report=errors) if errors is not None else None
    summary = evaluate(gold, articles, pipeline=pipeline, observe=observe).summary()
    if errors is not None:
        summary["errors"] = errors.summary()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['articles']} articles")
    _statement_lines(summary)
    for layer in ("quantities", "dates"):
        if summary[layer]["gold"]:
            _line(layer, summary[layer])
            print(f"  value accuracy {summary[layer].get('value_accuracy', 0):.3f}")
    for name, group in summary.get("groups", {}).items():
        print(f"\n{name} ({group['articles']} passages)")
        _statement_lines(group)
    if errors is not None:
        _error_lines(errors, args.show_errors)
    return 0


def _error_lines(errors: ErrorReport, show: str | None) -> None:
    print("\nstatement errors by class")
    for name, count in errors.summary().items():
        print(f"  {name:<40} {count:>5}")
    if show is None:
        return
    for example in errors.examples:
        if example["class"].startswith(show):
            detail = "  ".join(f"{k}={v!r}" for k, v in example.items() if k != "class")
            print(f"{example['class']}: {detail}")


def run_agreement(args: argparse.Namespace) -> int:
    from presswatch.training.evaluation import agreement, load_gold

    first = [item for path in args.first for item in load_gold(Path(path))]
    summary = agreement(first, load_gold(Path(args.second))).summary()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['articles']} articles annotated twice")
    statements = summary["statements"]
    _line("statements", statements)
    for kind, scores in summary["statements_by_kind"].items():
        _line(f"  {kind}", scores)
    print(
        f"  same speaker {statements.get('speaker_accuracy', 0):.3f}   "
        f"same type {statements.get('speaker_type_accuracy', 0):.3f}   "
        f"same kind {statements.get('kind_accuracy', 0):.3f}"
    )
    _line("quantities", summary["quantities"])
    _line("dates", summary["dates"])
    return 0


def _statement_lines(summary: dict[str, Any]) -> None:
    statements = summary["statements"]
    _line("statements", statements)
    for kind, scores in summary["statements_by_kind"].items():
        if scores["gold"] or scores["predicted"]:
            _line(f"  {kind}", scores)
    print(
        f"  speaker accuracy (matched) {statements.get('speaker_accuracy', 0):.3f}   "
        f"type accuracy {statements.get('speaker_type_accuracy', 0):.3f}   "
        f"kind accuracy {statements.get('kind_accuracy', 0):.3f}   "
        f"mention exact {statements.get('mention_accuracy', 0):.3f}"
    )
    print(f"  end-to-end F1 with speaker {statements['speaker_end_to_end_f1']:.3f}")
    via = summary["via"]
    if via["gold"] or via["predicted"]:
        _line("  via (channel)", via)
    if "empty_passages" in summary:
        print(
            f"  passages without statements {summary['empty_passages']}, "
            f"statements predicted in them {summary['statements_in_empty_passages']}"
        )


def run_repair(args: argparse.Namespace) -> int:
    from presswatch.training.evaluation import evaluate_repair

    summary = evaluate_repair(Path(args.articles), args.language).summary()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _line("boundaries", summary)
    return 0


def run_nlp(args: argparse.Namespace) -> int:
    from presswatch.training.treebank import evaluate_treebank

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
