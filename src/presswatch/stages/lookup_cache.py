"""spaCy's lemmatizer lookup tables, read entry by entry from presswatch's disk cache.

The French model's lemmatizer tables (``lemmatizer/lookups/lookups.bin``:
9.6 MB of msgpack, 216,000 fallback lemmas and 166,000 exceptions) take
about 0.3 s of CPU to decode into dictionaries in every process, while one
article reads a few hundred of their entries. Here each table is kept in the
disk cache (:mod:`presswatch.core.diskcache`, kind ``lemma-tables``) as sorted
arrays: the keys' 64-bit hashes, and each entry's value as UTF-8 in one byte
string; a look-up is a binary search and the decoding of that one entry, and
loading a table is reading its arrays (a few milliseconds).

The tables read the same as the decoded dictionaries (read-only
:class:`~collections.abc.Mapping` objects, equal to them): a table keyed by
hashes (spaCy's ``Table``) maps the same hashes to the same lists of strings;
a table of per-POS dictionaries (``lemma_exc``) gives, for each POS, a mapping
keyed by the strings themselves, each entry holding its key to rule out a
hash collision. A table of another shape (``lemma_rules``: lists of pairs), or
one with a string the arrays cannot hold (containing NUL, their separator),
is kept as msgpack and decoded whole.

The cache entry is keyed by the SHA-256 of ``lookups.bin`` and holds that key;
a missing, damaged or foreign entry means decoding the file as usual (and
writing the entry); so does caching turned off, or two strings of one
per-POS dictionary with the same hash (no entry is written then).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.core.diskcache import (
    cache_folder,
    entry_key,
    holds_key,
    key_marker,
    read_arrays,
    write_arrays,
)

KIND = "lemma-tables"
#: The layout of the entries (bump to invalidate them).
LAYOUT = 1
_SEPARATOR = "\x00"


def read_lookups(path: Path) -> dict[str, Any]:
    """The tables of a spaCy ``lookups.bin`` file by name: from the disk cache
    when it holds them, else decoded (and then cached)."""
    data = path.read_bytes()
    folder = cache_folder(KIND)
    if folder is None:
        return _decode(data)
    key = entry_key(KIND, LAYOUT, data)
    entry = folder / f"{key}.npz"
    arrays = read_arrays(entry)
    if arrays is not None and holds_key(arrays, key):
        tables = _tables_from(arrays)
        if tables is not None:
            return tables
    tables = _decode(data)
    built = _arrays_of(tables)
    if built is not None:
        write_arrays(entry, {"key": key_marker(key), **built})
    return tables


def _decode(data: bytes) -> dict[str, Any]:
    import srsly  # type: ignore[import-untyped]

    tables: dict[str, Any] = srsly.msgpack_loads(data)
    return tables


def _hash(text: str) -> int:
    from spacy.strings import get_string_id

    return int(get_string_id(text))


class HashedEntries(Mapping[int, list[str]]):
    """A table keyed by hashes, each value a list of strings."""

    def __init__(self, keys: np.ndarray, offsets: np.ndarray, blob: bytes) -> None:
        self._keys = keys  # sorted
        self._offsets = offsets
        self._blob = blob

    def _value(self, at: int) -> list[str]:
        start, end = self._offsets[at : at + 2].tolist()
        return self._blob[start:end].decode().split(_SEPARATOR)

    def _find(self, key: Any) -> int:
        if not isinstance(key, int) or not 0 <= key < 2**64:
            return -1
        at = int(self._keys.searchsorted(np.uint64(key)))
        return at if at < len(self._keys) and int(self._keys[at]) == key else -1

    def __getitem__(self, key: int) -> list[str]:
        at = self._find(key)
        if at < 0:
            raise KeyError(key)
        return self._value(at)

    def get(self, key: int, default: Any = None) -> Any:
        at = self._find(key)
        return default if at < 0 else self._value(at)

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys.tolist())

    def __len__(self) -> int:
        return len(self._keys)


class StringEntries(HashedEntries):
    """A dictionary keyed by strings, each value a list of strings; found by
    the key's hash, and each entry holds its key (a hash collision is a miss)."""

    def _lookup(self, key: Any) -> list[str] | None:
        if not isinstance(key, str):
            return None
        at = HashedEntries._find(self, _hash(key))
        if at < 0:
            return None
        stored, *value = HashedEntries._value(self, at)
        return value if stored == key else None

    def __getitem__(self, key: str) -> list[str]:  # type: ignore[override]
        value = self._lookup(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        value = self._lookup(key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return self._lookup(key) is not None

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        for at in range(len(self)):
            yield HashedEntries._value(self, at)[0]


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) and _SEPARATOR not in item for item in value
    )


def _entries(records: dict[int, list[str]], prefix: str) -> dict[str, np.ndarray]:
    """The arrays of one table: sorted hashes, offsets, UTF-8 values."""
    keys = sorted(records)
    values = [_SEPARATOR.join(records[key]).encode() for key in keys]
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum([len(value) for value in values], out=offsets[1:])
    return {
        f"{prefix}.keys": np.array(keys, dtype=np.uint64),
        f"{prefix}.offsets": offsets,
        f"{prefix}.blob": np.frombuffer(b"".join(values), dtype=np.uint8),
    }


def _arrays_of(tables: dict[str, Any]) -> dict[str, np.ndarray] | None:
    """The cache entry's arrays for decoded ``tables``; None when a table
    holds what this layout cannot keep."""
    import srsly

    arrays: dict[str, np.ndarray] = {}
    for number, (name, table) in enumerate(tables.items()):
        prefix = f"t{number}"
        arrays[f"{prefix}.name"] = np.frombuffer(name.encode(), dtype=np.uint8)
        if not isinstance(table, dict) or not all(isinstance(key, int) for key in table):
            return None
        values = list(table.values())
        if all(_is_strings(value) for value in values):
            arrays.update(_entries(table, f"{prefix}.hashed"))
        elif all(_is_string_dict(value) for value in values):
            for number_in, (key, inner) in enumerate(table.items()):
                part = f"{prefix}.nested{number_in}"
                arrays[f"{part}.of"] = np.array([key], dtype=np.uint64)
                records = {_hash(word): [word, *lemmas] for word, lemmas in inner.items()}
                if len(records) != len(inner):
                    return None  # two words with one hash: keep the dictionaries
                arrays.update(_entries(records, part))
        else:
            arrays[f"{prefix}.msgpack"] = np.frombuffer(srsly.msgpack_dumps(table), np.uint8)
    return arrays


def _is_string_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(word, str) and _SEPARATOR not in word and _is_strings(lemmas)
        for word, lemmas in value.items()
    )


def _tables_from(arrays: dict[str, np.ndarray]) -> dict[str, Any] | None:
    """The tables of a cache entry's arrays; None when they are not whole."""
    try:
        tables: dict[str, Any] = {}
        number = 0
        while f"t{number}.name" in arrays:
            prefix = f"t{number}"
            name = arrays[f"{prefix}.name"].tobytes().decode()
            tables[name] = _table_from(arrays, prefix)
            number += 1
        return tables
    except (KeyError, ValueError, UnicodeDecodeError):
        return None


def _table_from(arrays: dict[str, np.ndarray], prefix: str) -> Any:
    if f"{prefix}.msgpack" in arrays:
        return _decode(arrays[f"{prefix}.msgpack"].tobytes())
    if f"{prefix}.hashed.keys" in arrays:
        return _hashed(arrays, f"{prefix}.hashed", HashedEntries)
    nested: dict[int, Any] = {}
    number = 0
    while f"{prefix}.nested{number}.of" in arrays:
        part = f"{prefix}.nested{number}"
        nested[int(arrays[f"{part}.of"][0])] = _hashed(arrays, part, StringEntries)
        number += 1
    return nested


def _hashed(arrays: dict[str, np.ndarray], prefix: str, kind: type[HashedEntries]) -> Any:
    keys, offsets = arrays[f"{prefix}.keys"], arrays[f"{prefix}.offsets"]
    blob = arrays[f"{prefix}.blob"].tobytes()
    if len(offsets) != len(keys) + 1 or (len(keys) and int(offsets[-1]) != len(blob)):
        raise ValueError("a damaged table")
    return kind(keys, offsets, blob)
