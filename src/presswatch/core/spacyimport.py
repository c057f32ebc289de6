"""Import spaCy without importing its command line.

``spacy/__init__.py`` (spaCy 3.x) ends its imports with ``from .cli.info
import info`` so that ``spacy.info()`` exists. That line imports the whole
command line: ``spacy.cli`` and its commands, with typer, weasel, requests,
jinja2 and their own imports; about 0.2 s of CPU (a third of ``import
spacy``) that loading a model never uses.

:func:`import_spacy` imports spaCy with a stand-in for the module
``spacy.cli.info`` in ``sys.modules``, for the duration of that import only:

* the stand-in gives spaCy's ``__init__`` a forwarding ``info`` function;
  the first call imports the real ``spacy.cli.info``, makes ``spacy.info``
  the real function and calls it;
* any other attribute of the stand-in imports the real module and answers
  from it;
* once spaCy is imported the stand-in leaves ``sys.modules``, so ``import
  spacy.cli`` (training code, a user's own script, ``python -m spacy``)
  imports the real command line, whole, as if presswatch had not been there.

The stand-in is used only when spaCy is not imported yet and its
``__init__`` holds exactly that line next to a ``cli/info.py`` (the layout of
spaCy 3.0 to 3.8); for any other layout spaCy is imported as usual.
``tests/test_spacyimport.py`` checks all of this in fresh interpreters.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

#: The line of spaCy's ``__init__`` the stand-in answers.
CLI_IMPORT = "from .cli.info import info"
#: The module the stand-in replaces while spaCy is imported.
INFO_MODULE = "spacy.cli.info"

_lock = threading.Lock()


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported without its command line when it was
    not imported yet and its layout is the known one (see the module's
    docstring); else ``import spacy`` as usual."""
    if "spacy" in sys.modules:
        return importlib.import_module("spacy")
    with _lock:
        if "spacy" in sys.modules or INFO_MODULE in sys.modules or not _known_layout():
            return importlib.import_module("spacy")
        stand_in = _DeferredInfo(INFO_MODULE)
        sys.modules[INFO_MODULE] = stand_in
        try:
            return importlib.import_module("spacy")
        finally:
            _withdraw(stand_in)


def _known_layout() -> bool:
    """Whether spaCy's ``__init__`` imports its command line by :data:`CLI_IMPORT`
    only, from a ``cli/info.py`` of its own."""
    try:
        spec = importlib.util.find_spec("spacy")
        if spec is None or spec.origin is None:
            return False
        init = Path(spec.origin)
        source = init.read_text(encoding="utf-8")
    except (ImportError, OSError, ValueError):
        return False
    lines = [line.split("#")[0].strip() for line in source.splitlines()]
    mentions = [line for line in lines if ".cli" in line or "import cli" in line]
    return mentions == [CLI_IMPORT] and (init.parent / "cli" / "info.py").is_file()


def _withdraw(stand_in: ModuleType) -> None:
    """Take the stand-in out of ``sys.modules`` (if it is still there)."""
    if sys.modules.get(INFO_MODULE) is stand_in:
        del sys.modules[INFO_MODULE]


def _real_info_module(stand_in: ModuleType) -> ModuleType:
    """The real ``spacy.cli.info``, imported now if need be; ``spacy.info``
    becomes its ``info`` function."""
    _withdraw(stand_in)
    module = importlib.import_module(INFO_MODULE)
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "info", None) is getattr(stand_in, "info", None):
        spacy.info = module.info  # type: ignore[attr-defined]
    return module


class _DeferredInfo(ModuleType):
    """The stand-in for ``spacy.cli.info`` (see the module's docstring)."""

    def __init__(self, name: str) -> None:
        super().__init__(name, "spaCy's `spacy.cli.info`, imported on first use")

        def info(*args: Any, **kwargs: Any) -> Any:
            return _real_info_module(self).info(*args, **kwargs)

        info.__doc__ = "spaCy's ``spacy.info`` (its command line is imported on the first call)."
        info.__module__ = INFO_MODULE
        self.info = info

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # copy, pickle and import machinery probes
        return getattr(_real_info_module(self), name)
