"""``presswatch train persuasion --data DIR [--out PATH]`` and
``presswatch train attribution --gold FILE… [--articles DIR] [--out PATH]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from presswatch.core.errors import PresswatchError
from presswatch.training.persuasion.report import format_scores

DEFAULT_ARTICLES = "../shared/data/semeval2023-task3/fr/train-articles"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train a model (persuasion techniques, genre, frames)",
        description="Train a model from labelled data and print its cross-validation scores.",
    )
    models = parser.add_subparsers(dest="model", metavar="MODEL")
    persuasion = models.add_parser(
        "persuasion",
        help="techniques, spans, genre and frames from SemEval-2023 Task 3 data",
        description=(
            "Train the persuasion models on the SemEval-2023 Task 3 training data "
            "(folders en, fr, ge, it, po, ru under DIR), print the article-grouped "
            "cross-validation scores and write the model folder (model.npz + model.json). "
            "Reproducible: folds and seeds are fixed."
        ),
    )
    persuasion.add_argument(
        "--data", required=True, metavar="DIR", help="SemEval-2023 Task 3 data folder"
    )
    persuasion.add_argument(
        "--out",
        metavar="PATH",
        default="persuasion-model",
        help="model folder to write (default: ./persuasion-model)",
    )
    persuasion.add_argument(
        "--languages",
        metavar="LIST",
        help="comma-separated language folders to train on (default: all six)",
    )
    persuasion.add_argument(
        "--holdout-fold",
        default="0",
        metavar="K|none",
        help="outer fold (0-4) kept out of training and scored at the end (default 0, "
        "the fold the CI gate uses); 'none' trains on every article",
    )
    persuasion.add_argument(
        "--max-articles",
        type=int,
        metavar="N",
        help="use at most N articles per language (quick runs)",
    )
    persuasion.add_argument("--json", action="store_true", help="print the scores as JSON")
    attribution = models.add_parser(
        "attribution",
        help="the speaker and statement models of attribution, from gold annotations",
        description=(
            "Train the attribution models (the speaker ranker and the statement filter) on "
            "development gold annotations, print their article-grouped cross-validation "
            "scores and write the model folder (speakers.npz/json, statements.npz/json). "
            "Never give it held-out data. Reproducible: folds are fixed."
        ),
    )
    attribution.add_argument(
        "--gold",
        required=True,
        action="append",
        metavar="FILE",
        help="gold JSON Lines file (repeatable: articles and trap passages)",
    )
    attribution.add_argument(
        "--split",
        default="dev",
        choices=("dev", "test"),
        help="records of this split only, in files that name one (default dev)",
    )
    attribution.add_argument(
        "--articles",
        default=DEFAULT_ARTICLES,
        metavar="DIR",
        help=f"article<ID>.txt folder, for records without inline text (default {DEFAULT_ARTICLES})",
    )
    attribution.add_argument(
        "--out",
        metavar="PATH",
        default="attribution-model",
        help="model folder to write (default: ./attribution-model)",
    )
    attribution.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "model", None) == "attribution":
        return run_attribution(args)
    if getattr(args, "model", None) != "persuasion":
        args.parser.print_help(sys.stderr)
        return 2
    # imported here, not at the top: numpy and scikit-learn, only when the command runs
    from presswatch.stages.persuasion.model import save_model
    from presswatch.training.persuasion.train import N_FOLDS, train

    holdout = _holdout(args.holdout_fold, N_FOLDS)
    languages = [x.strip() for x in args.languages.split(",")] if args.languages else None
    model, report = train(
        Path(args.data),
        languages=languages,
        holdout_fold=holdout,
        max_articles=args.max_articles,
        log=lambda line: print(line, file=sys.stderr),
    )
    out = Path(args.out)
    try:
        save_model(model, out)
    except OSError as exc:
        raise PresswatchError(f"{out}: cannot write the model ({exc.strerror})") from None
    if args.json:
        print(json.dumps({"cv": report.cv, "holdout": report.holdout}, indent=2))
    else:
        print(format_scores("cross-validation (article-grouped, 5 folds)", report.cv))
        if report.holdout:
            print(format_scores(f"held-out fold {holdout}", report.holdout))
    print(f"model written to {out} ({report.seconds:.0f} s)", file=sys.stderr)
    return 0


def _holdout(value: str, folds: int) -> int | None:
    if value.lower() == "none":
        return None
    if not value.isdigit() or int(value) >= folds:
        raise PresswatchError(f"--holdout-fold: expected 0-{folds - 1} or 'none', got {value!r}")
    return int(value)


def run_attribution(args: argparse.Namespace) -> int:
    # imported here, not at the top: numpy and scipy, only when the command runs
    from presswatch.stages.attribution.model import write_model
    from presswatch.training.attribution import train_attribution
    from presswatch.training.evaluation import load_gold

    gold = [item for path in args.gold for item in load_gold(Path(path), split=args.split)]
    provenance = {
        "trained_on": [Path(path).name for path in args.gold],
        "split": args.split,
        "articles": len(gold),
        # the article texts the gold offsets index: part of what the model was trained on
        "articles_dir": Path(args.articles).as_posix(),
        "command": "presswatch train attribution "
        + " ".join(f"--gold {Path(path).as_posix()}" for path in args.gold)
        + f" --split {args.split} --articles {Path(args.articles).as_posix()}"
        + f" --out {Path(args.out).as_posix()}",
    }
    speakers, statements, report = train_attribution(
        gold,
        Path(args.articles),
        provenance,
        log=lambda line: print(line, file=sys.stderr),
    )
    out = Path(args.out)
    try:
        write_model(out, speakers)
        write_model(out, statements)
    except OSError as exc:
        raise PresswatchError(f"{out}: cannot write the model ({exc.strerror})") from None
    summary = report.as_dict()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        spk, stm = summary["speakers"], summary["statements"]
        print(
            f"speaker model: {spk['statements_with_a_right_candidate']} statements with a right "
            f"candidate (of {spk['matched_statements']} matched); right first: rules "
            f"{spk['rules_accuracy']:.3f}, model (cross-validated) "
            f"{max(spk['cv_accuracy_by_penalty'].values()):.3f}"
        )
        print(
            f"statement model: F1 of found statements (cross-validated) {stm['cv_f1']:.3f}, "
            f"keeping every statement {stm['cv_f1_keeping_everything']:.3f}"
        )
    print(f"models written to {out}", file=sys.stderr)
    return 0
