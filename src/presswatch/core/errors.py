"""Typed errors. Every error a user can cause derives from :class:`PresswatchError`
and carries a one-line message naming the input and the reason.

The exit codes of the ``presswatch`` command are defined here, once; each
error class carries the code the command exits with (``exit_code``), and
docs/architecture.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Success.
EXIT_OK = 0
#: Failure: nothing could be analysed or stored, or an output could not be written.
EXIT_FAILURE = 1
#: Usage error: an unknown flag, a bad value, a malformed query, unsafe server settings.
EXIT_USAGE = 2
#: The corpus database could not be opened, read or written (disk full, server gone…).
EXIT_STORE = 3
#: The dashboard could not listen on its address (port in use, address not available).
EXIT_ADDRESS = 4
#: A dependency a command needs is not installed (named with its install command).
EXIT_DEPENDENCY = 5
#: Interrupted (Ctrl-C, SIGINT).
EXIT_INTERRUPTED = 130
#: Stopped by SIGTERM (ingest and analyze stop cleanly, keeping what was stored).
EXIT_TERMINATED = 143


class PresswatchError(Exception):
    """Base class of every error presswatch raises on purpose."""

    exit_code = EXIT_FAILURE


class UsageError(PresswatchError):
    """A command or function was asked for something it cannot do as asked
    (a bad value, a missing option): exit code 2."""

    exit_code = EXIT_USAGE


class InputError(PresswatchError):
    """An input (file, URL, text) could not be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class InputTypeError(PresswatchError, TypeError):
    """A function of the API was given a value of the wrong type (also a
    ``TypeError``)."""

    def __init__(self, function: str, parameter: str, expected: str, value: object) -> None:
        self.function = function
        self.parameter = parameter
        super().__init__(
            f"{function}(): {parameter} must be {expected}, got {type(value).__name__}"
        )


class EmptyInputError(InputError):
    def __init__(self, source: str) -> None:
        super().__init__(source, "empty input (no text)")


class BinaryInputError(InputError):
    def __init__(self, source: str, what: str = "binary content") -> None:
        super().__init__(source, f"{what}, not text")


class UnknownFormatError(InputError):
    pass


class InputTooLargeError(InputError):
    def __init__(self, source: str, size: int, limit: int) -> None:
        super().__init__(
            source, f"too large ({size:,} bytes; the limit is {limit:,}, see --max-bytes)"
        )


class UnreadableInputError(InputError):
    pass


class ArticleTooLongError(InputError):
    """An article's text is longer than the pipeline analyses (time and
    memory per article are bounded: see Limits in docs/architecture.md)."""

    def __init__(self, source: str, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            source,
            f"article too long ({length:,} characters; the limit is {limit:,}, see --max-chars)",
        )


class PipelineError(PresswatchError):
    """The pipeline is misconfigured (unknown stage, missing requirement)."""


class StageError(PresswatchError):
    """A stage failed on one article."""

    def __init__(self, stage: str, article: str, reason: str) -> None:
        self.stage = stage
        super().__init__(f"{article}: stage {stage!r} failed: {reason}")


class ModelUnavailableError(PresswatchError):
    """A model or resource presswatch needs is not installed."""


class RegistryError(PresswatchError):
    """A name is not in a registry, or its entry cannot be loaded."""


class OptionsError(PresswatchError):
    """An :class:`~presswatch.core.options.Options` value is out of range."""

    exit_code = EXIT_USAGE


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised by the command line where the work is, so that a
    command stops as cleanly as on Ctrl-C (an ingest keeps every committed
    batch); batch functions treat it as an interruption."""


@dataclass(frozen=True)
class Failure:
    """An input that could not be read, fetched, analysed or stored, and why.

    Plain data, not an exception (batch functions yield it and go on; worker
    processes return it, so it pickles). The store keeps one per failing
    input, with the number of ``attempts`` and the time of the last one."""

    source: str
    message: str
    attempts: int = 1
    last_attempt: str | None = None
