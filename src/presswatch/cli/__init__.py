"""The ``presswatch`` command line: a thin layer over the library.

Each sub-command lives in :mod:`presswatch.cli.commands` and exposes
``register(subparsers)`` and ``run(args) -> int``. User errors
(:class:`~presswatch.core.errors.PresswatchError`) become a one-line message on
stderr and an exit code, never a traceback.

Exit codes: 0 success; 1 failure (nothing could be done, e.g. no article
could be analysed); 2 usage error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from presswatch import __version__
from presswatch.core.errors import PresswatchError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "presswatch.cli.commands.analyze",
    "presswatch.cli.commands.stages",
    "presswatch.cli.commands.evaluate",
    "presswatch.cli.commands.ingest",
    "presswatch.cli.commands.search",
    "presswatch.cli.commands.export",
    "presswatch.cli.commands.stats",
    "presswatch.cli.commands.serve",
    "presswatch.cli.commands.train",
    "presswatch.cli.commands.semeval",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presswatch",
        description="What a careful reader notes in the margin of news articles.",
        epilog="Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"presswatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except PresswatchError as exc:
        print(f"presswatch: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("presswatch: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
