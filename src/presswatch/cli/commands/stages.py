"""``presswatch stages``: list the registered pipeline stages."""

from __future__ import annotations

import argparse
from typing import Any

from presswatch.core.pipeline import Pipeline, available_stages


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stages",
        help="list the pipeline stages",
        description=(
            "List the registered pipeline stages in their order: for each, the languages it "
            "supports, what it needs and what it adds; * marks the default pipeline. A stage "
            "can be left out of an analysis with --disable STAGE (analyze, ingest)."
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    default = Pipeline.default().names
    stages = available_stages()
    ordered = default + sorted(name for name in stages if name not in default)
    for name in ordered:
        stage = stages[name]
        flag = "*" if name in default else " "
        languages = ",".join(sorted(stage.languages)) if stage.languages else "any"
        print(f"{flag} {name}  [{languages}]")
        print(f"      needs: {', '.join(stage.requires) or '-'}")
        print(f"      adds:  {', '.join(stage.provides) or '-'}")
        if stage.description:
            print(f"      {stage.description}")
    print("(* = in the default pipeline)")
    return 0
