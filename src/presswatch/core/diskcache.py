"""Where presswatch keeps what it derives from its models to start faster.

Several things every process would otherwise rebuild from the same installed
files (the compiled patterns of spaCy's French tokenizer,
:mod:`presswatch.core.regexcache`; the sentence encoder's tokeniser tables,
:mod:`presswatch.stages.persuasion.tokenizer_cache`; its weights as derived from
the package's compressed file, :func:`presswatch.stages.persuasion.encoder.load_weights`;
the word vectors' key map as sorted arrays,
:func:`presswatch.stages.persuasion.vectors.read_key_map`)
are kept on disk, each in
a subfolder of ``$PRESSWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/presswatch``,
else ``~/.cache/presswatch``. ``PRESSWATCH_CACHE_DIR`` set to an empty value
turns caching off.

A cache is only an accelerator: its entries are keyed by what they were made
from, hold plain data (never a pickle), are written atomically (a reader sees a
whole file or none), and a missing, unwritable or damaged cache means building
the thing as usual, without a word.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "PRESSWATCH_CACHE_DIR"


def cache_folder(kind: str) -> Path | None:
    """The folder of the ``kind`` cache (``None``: caching is off)."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) / kind if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "presswatch" / kind


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file in the same folder
    and a rename; False (and nothing left behind) when the folder cannot be
    written."""
    name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            name = handle.name
            handle.write(data)
        os.replace(name, path)
    except OSError:
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)
        return False
    return True


def read_arrays(path: Path) -> dict[str, Any] | None:
    """The arrays of an ``.npz`` cache entry (read with ``allow_pickle=False``),
    or ``None`` when it is missing or cannot be read whole."""
    import zipfile

    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as entry:
            return {name: entry[name] for name in entry.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None


def write_arrays(path: Path, arrays: dict[str, Any]) -> bool:
    """Write ``arrays`` as an uncompressed ``.npz`` entry, atomically."""
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return write_atomically(path, buffer.getvalue())
