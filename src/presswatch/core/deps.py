"""Optional and heavy dependencies: found once, before any work starts.

The default install is the whole tool on SQLite (analyze; ingest of files,
JSON Lines, WARC archives, feeds and URLs; search; export to JSON Lines, CSV
and Parquet; stats; the dashboard). Only two features need an extra:
PostgreSQL (``presswatch[postgres]``) and training (``presswatch[train]``).

A command calls :func:`require` with the features it is about to use; a
missing module fails at once, with the command that installs it, instead
of failing every article after their analysis::

    require("ingest")          # datasketch, warcio, feedparser
    require("postgres")        # psycopg

Finding a module costs no import (``importlib.util.find_spec``).
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass

from presswatch.core.errors import EXIT_DEPENDENCY, PresswatchError


@dataclass(frozen=True)
class Feature:
    """What a feature needs: the modules it imports and how to install them."""

    description: str
    modules: tuple[str, ...]
    install: str


_DEFAULT = "pip install --force-reinstall presswatch"  # a default dependency went missing

#: Every feature with dependencies beyond spaCy, lingua, trafilatura and numpy.
FEATURES: dict[str, Feature] = {
    "near-duplicates": Feature("near-duplicate detection", ("datasketch",), _DEFAULT),
    "warc": Feature("reading WARC archives", ("warcio",), _DEFAULT),
    "feeds": Feature("reading RSS/Atom feeds", ("feedparser",), _DEFAULT),
    "parquet": Feature("Parquet export", ("pyarrow",), _DEFAULT),
    "cluster": Feature("a Dask cluster (--cluster)", ("distributed",), _DEFAULT),
    "web": Feature(
        "the web dashboard",
        ("starlette", "uvicorn", "jinja2", "python_multipart", "resvg_py"),
        _DEFAULT,
    ),
    "postgres": Feature("the PostgreSQL store", ("psycopg",), "pip install 'presswatch[postgres]'"),
    "train": Feature(
        "training the persuasion models", ("sklearn", "scipy"), "pip install 'presswatch[train]'"
    ),
}
#: What ``presswatch ingest`` may need, whatever its sources turn out to hold.
FEATURES["ingest"] = Feature(
    "ingest",
    FEATURES["near-duplicates"].modules + FEATURES["warc"].modules + FEATURES["feeds"].modules,
    _DEFAULT,
)


class MissingDependencyError(PresswatchError):
    """A module a feature needs is not installed."""

    exit_code = EXIT_DEPENDENCY

    def __init__(self, feature: Feature, missing: list[str]) -> None:
        self.feature = feature
        self.missing = missing
        super().__init__(
            f"{feature.description} needs {', '.join(missing)}, which is not installed: "
            f"{feature.install}"
        )


def is_installed(module: str) -> bool:
    """True when ``module`` can be imported (found without importing it)."""
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing_modules(feature: str) -> list[str]:
    return [m for m in FEATURES[feature].modules if not is_installed(m)]


def require(*features: str) -> None:
    """Raise :class:`MissingDependencyError` for the first feature whose
    modules are not all installed."""
    for name in features:
        missing = missing_modules(name)
        if missing:
            raise MissingDependencyError(FEATURES[name], missing)
