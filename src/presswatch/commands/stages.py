"""``presswatch stages``: list the registered pipeline stages."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("stages", help="list the pipeline stages")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from presswatch.pipeline import Pipeline, available_stages

    default = Pipeline.default().names
    for name, stage in available_stages().items():
        flag = "*" if name in default else " "
        languages = ",".join(sorted(stage.languages)) if stage.languages else "any"
        print(
            f"{flag} {name:<12} needs: {', '.join(stage.requires) or '-':<32} "
            f"adds: {', '.join(stage.provides) or '-':<30} languages: {languages}"
        )
    print("(* = in the default pipeline)")
    return 0
