"""Where presswatch keeps what it derives from its models to start faster.

Several things every process would otherwise rebuild from the same installed
files (the compiled patterns of spaCy's French tokenizer,
:mod:`presswatch.core.regexcache`; the sentence encoder's tokeniser tables,
:mod:`presswatch.stages.persuasion.tokenizer_cache`; its weights as derived from
the package's compressed file, :func:`presswatch.stages.persuasion.encoder.load_weights`;
the word vectors' key map as sorted arrays,
:func:`presswatch.stages.persuasion.vectors.read_key_map`)
are kept on disk, each in
a subfolder of ``$PRESSWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/presswatch``
(when that is an absolute path: the XDG specification says to ignore a
relative one), else ``~/.cache/presswatch``. ``PRESSWATCH_CACHE_DIR`` set to an
empty value turns caching off; so does a home folder that is not known or not
an absolute path (``HOME`` empty or relative, a user without a password
entry): the cache is never put in a folder relative to wherever the command
runs.

A cache is only an accelerator: its entries are keyed by what they were made
from, hold plain data (never a pickle), are written atomically (a reader sees a
whole file or none), and a missing, unwritable or damaged cache means building
the thing as usual, without a word.
"""

from __future__ import annotations

import contextlib
import hashlib
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
    base = _user_cache()
    return None if base is None else base / "presswatch" / kind


def _user_cache() -> Path | None:
    """``$XDG_CACHE_HOME`` when absolute, else ``~/.cache`` when the home
    folder is known and absolute, else ``None``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    home = os.environ.get("HOME")
    if home is not None and not os.path.isabs(home):
        return None
    try:
        found = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry
        return None
    return found / ".cache" if found.is_absolute() else None


def entry_key(kind: str, layout: int, *sources: bytes) -> str:
    """The key of a cache entry of ``kind`` (entry ``layout`` version) made
    from ``sources`` (the bytes of the files it is derived from): any change
    to one of them, or to the layout, gives another key."""
    digest = hashlib.sha256(f"presswatch-{kind}-{layout}\0".encode())
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    return digest.hexdigest()


def key_marker(key: str) -> Any:
    """``key`` as an array stored in its entry (a copied or renamed entry
    is then told apart from the one its name promises)."""
    import numpy as np

    return np.frombuffer(key.encode("ascii"), dtype=np.uint8)


def holds_key(arrays: dict[str, Any], key: str) -> bool:
    """Whether the arrays of an entry carry ``key`` (see :func:`key_marker`)."""
    marker = arrays.get("key")
    return marker is not None and bytes(marker.tobytes()) == key.encode("ascii")


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
