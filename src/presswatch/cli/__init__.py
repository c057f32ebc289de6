"""The ``presswatch`` command line: a thin layer over the library.

Each sub-command lives in :mod:`presswatch.cli.commands` and exposes
``register(subparsers)``, which adds its parser and sets ``run(args) -> int``
as its default; :data:`COMMANDS` lists them, and a separate package adds a
command with an entry point in the ``presswatch.commands`` group naming its
``register`` function. A command line that starts with a built-in
command's name builds that command's parser only (no other command's module,
no plug-in lookup: ``analyze`` starts faster). User errors
(:class:`~presswatch.core.errors.PresswatchError`) become a one-line message on
stderr and an exit code, never a traceback.

Exit codes (defined in :mod:`presswatch.core.errors`, listed in
docs/architecture.md): 0 success; 1 failure (nothing could be done, e.g. no
article could be analysed); 2 usage error; 3 the corpus database failed; 4
the dashboard cannot listen on its address; 5 a dependency is missing; 130
interrupted (Ctrl-C); 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from presswatch import __version__
from presswatch.cli.messages import say
from presswatch.core.errors import (
    EXIT_ADDRESS,
    EXIT_DEPENDENCY,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_STORE,
    EXIT_TERMINATED,
    EXIT_USAGE,
    PresswatchError,
    RegistryError,
    Terminated,
)
from presswatch.core.registry import Registry

__all__ = [
    "COMMANDS",
    "EXIT_ADDRESS",
    "EXIT_DEPENDENCY",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_STORE",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "build_parser",
    "main",
]

#: Adds a sub-command's parser to the sub-parsers (and sets ``run`` on it).
Register = Callable[[Any], None]


def _as_register(name: str, value: Any) -> Register:
    if not callable(value):
        raise RegistryError(f"the command {name!r} has no register function (got {value!r})")
    return cast(Register, value)


#: The built-in sub-commands, in the order ``--help`` lists them.
BUILTIN_COMMANDS = (
    "analyze", "stages", "evaluate", "ingest", "batch", "search", "export", "stats", "speakers",
    "serve",
    "train", "semeval",
)  # fmt: skip

#: The sub-commands (plug-ins after the built-ins).
COMMANDS: Registry[Register] = Registry(
    "command",
    "presswatch.commands",
    builtins={name: f"presswatch.cli.commands.{name}:register" for name in BUILTIN_COMMANDS},
    coerce=_as_register,
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command (built-ins, then plug-ins); with
    ``command`` the name of a built-in command, the parser of that command
    only: running it then imports neither the other commands' modules nor the
    installed plug-ins' entry points (:func:`main` does that)."""
    parser = argparse.ArgumentParser(
        prog="presswatch",
        description="What a careful reader notes in the margin of news articles.",
        epilog=(
            "Exit codes: 0 ok, 1 failure, 2 usage error, 3 database error, 4 address in use "
            "(serve), 5 missing dependency, 130 interrupted, 143 terminated."
        ),
    )
    parser.add_argument("--version", action="version", version=f"presswatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command in BUILTIN_COMMANDS:
        COMMANDS.get(command)(subparsers)
    else:
        for _, register in COMMANDS.items():
            register(subparsers)
    return parser


def _builtin_command(argv: Sequence[str]) -> str | None:
    """The built-in command ``argv`` runs, when it starts with one's name."""
    return argv[0] if argv and argv[0] in BUILTIN_COMMANDS else None


@contextmanager
def _sigterm_stops_cleanly() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code is returned, never raised (a usage
    error from argparse, already printed, is ``EXIT_USAGE``; ``--help`` 0)."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(_builtin_command(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with _sigterm_stops_cleanly():
            return int(args.run(args))
    except PresswatchError as exc:
        say(f"presswatch: error: {exc}")
        return exc.exit_code
    except Terminated:
        say("presswatch: terminated")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        say("presswatch: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
