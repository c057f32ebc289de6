"""presswatch: what a careful reader notes in the margin of a news article.

>>> import presswatch
>>> article = presswatch.analyze_file("article.txt")   # doctest: +SKIP
>>> [(q.speaker, q.text) for q in article.quotes]      # doctest: +SKIP

The public API is re-exported here, loaded on first use: heavy
dependencies (spaCy, lingua, trafilatura) load only when an analysis runs,
so ``import presswatch`` stays fast. The layout of the package is in
docs/architecture.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

#: The version, written here only (pyproject.toml reads it).
__version__ = "0.1.0"

__all__ = [
    "Article",
    "BatchReport",
    "Failure",
    "Options",
    "Pipeline",
    "PresswatchError",
    "__version__",
    "analyze",
    "analyze_article",
    "analyze_file",
    "analyze_paths",
    "analyze_text",
    "open_store",
    "stage",
]

if TYPE_CHECKING:
    from presswatch.api import (
        BatchReport,
        analyze,
        analyze_article,
        analyze_file,
        analyze_paths,
        analyze_text,
    )
    from presswatch.core.article import Article
    from presswatch.core.errors import Failure, PresswatchError
    from presswatch.core.options import Options
    from presswatch.core.pipeline import Pipeline, stage
    from presswatch.corpus.store import open_store

_LAZY = {
    "Article": "presswatch.core.article",
    "BatchReport": "presswatch.api",
    "Failure": "presswatch.core.errors",
    "analyze": "presswatch.api",
    "analyze_article": "presswatch.api",
    "analyze_paths": "presswatch.api",
    "analyze_text": "presswatch.api",
    "analyze_file": "presswatch.api",
    "Options": "presswatch.core.options",
    "Pipeline": "presswatch.core.pipeline",
    "stage": "presswatch.core.pipeline",
    "PresswatchError": "presswatch.core.errors",
    "open_store": "presswatch.corpus.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'presswatch' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
