"""The ``presswatch`` command line: a thin layer over the library.

Each sub-command lives in :mod:`presswatch.cli.commands` and exposes
``register(subparsers)``, which adds its parser and sets ``run(args) -> int``
as its default; :data:`COMMANDS` lists them, and a separate package adds a
command with an entry point in the ``presswatch.commands`` group naming its
``register`` function. User errors
(:class:`~presswatch.core.errors.PresswatchError`) become a one-line message on
stderr and an exit code, never a traceback.

Exit codes: 0 success; 1 failure (nothing could be done, e.g. no article
could be analysed); 2 usage error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, cast

from presswatch import __version__
from presswatch.core.errors import PresswatchError, RegistryError
from presswatch.core.registry import Registry

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: Adds a sub-command's parser to the sub-parsers (and sets ``run`` on it).
Register = Callable[[Any], None]


def _as_register(name: str, value: Any) -> Register:
    if not callable(value):
        raise RegistryError(f"the command {name!r} has no register function (got {value!r})")
    return cast(Register, value)


#: The built-in sub-commands, in the order ``--help`` lists them.
BUILTIN_COMMANDS = (
    "analyze", "stages", "evaluate", "ingest", "search", "export", "stats", "speakers", "serve",
    "train", "semeval",
)  # fmt: skip

#: The sub-commands (plug-ins after the built-ins).
COMMANDS: Registry[Register] = Registry(
    "command",
    "presswatch.commands",
    builtins={name: f"presswatch.cli.commands.{name}:register" for name in BUILTIN_COMMANDS},
    coerce=_as_register,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presswatch",
        description="What a careful reader notes in the margin of news articles.",
        epilog="Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"presswatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for _, register in COMMANDS.items():
        register(subparsers)
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
