"""The tunables of an analysis, in one frozen object.

Build one (the CLI builds it from its flags in :mod:`presswatch.cli.args`)
and pass it to :meth:`Pipeline.default <presswatch.core.pipeline.Pipeline.default>`
and :func:`presswatch.analyze_paths`::

    options = Options(disable=("persuasion",), nlp_batch_size=64)
    pipeline = Pipeline.default(options)
"""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.core.errors import OptionsError

#: Largest input file read by default (bytes); JSON Lines are limited per line.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Longest article text analysed by default (characters): what one article
#: may cost in time and memory is bounded by it (docs/architecture.md, Limits).
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Options:
    """How an analysis runs (never what it finds: the output depends only on the input)."""

    #: Stages left out of the default pipeline (a later stage that needs one fails).
    disable: tuple[str, ...] = ()
    #: Articles run through the pipeline together (the NLP stage is faster on batches).
    batch_size: int = 16
    #: Paragraphs per spaCy ``nlp.pipe`` batch, and sentences per parser batch.
    nlp_batch_size: int = 128
    #: Inputs larger than this (bytes) are refused.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Articles whose text is longer than this (characters) are refused.
    max_chars: int = DEFAULT_MAX_CHARS

    def __post_init__(self) -> None:
        for name in ("batch_size", "nlp_batch_size", "max_bytes", "max_chars"):
            if getattr(self, name) < 1:
                raise OptionsError(f"Options.{name} must be >= 1, got {getattr(self, name)}")
