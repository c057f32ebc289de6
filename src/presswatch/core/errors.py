"""Typed errors. Every error a user can cause derives from :class:`PresswatchError`
and carries a one-line message naming the input and the reason."""

from __future__ import annotations

from dataclasses import dataclass


class PresswatchError(Exception):
    """Base class of every error presswatch raises on purpose."""

    exit_code = 1


class InputError(PresswatchError):
    """An input (file, URL, text) could not be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


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

    exit_code = 2


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
