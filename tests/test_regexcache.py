"""The disk cache of compiled regular expressions (spaCy model loading)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presswatch.core import regexcache


def _long_pattern() -> str:
    words = [f"mot{n}(?:s|x)?" for n in range(3000)]
    return r"(?P<debut>\b)(?:" + "|".join(words) + r")(?=[\w'’-]|\Z)|(?i:[a-zà-ÿ]+)(\d+)"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(regexcache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(regexcache, "_memory", {})
    return tmp_path / "regex"


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regexcache, "_memory", {})


def _assert_same(compiled: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert compiled == expected  # same pattern, flags and engine code
    assert compiled.groupindex == expected.groupindex
    assert compiled.groups == expected.groups
    for text in ("mot12s", "Ééé42 mot2999x-", "mot3000", "", "MOT7"):
        assert [m.span() for m in compiled.finditer(text)] == [
            m.span() for m in expected.finditer(text)
        ]


def test_regexcache_same_pattern_compiled_then_loaded(cache_dir: Path, monkeypatch):
    pattern = _long_pattern()
    assert len(pattern) >= regexcache.MIN_PATTERN_LENGTH
    first = regexcache.compile_cached(pattern, re.UNICODE)
    _assert_same(first, pattern, re.UNICODE)
    assert len(list(cache_dir.glob("*.code"))) == 1
    _fresh_process(monkeypatch)
    loaded = regexcache.compile_cached(pattern, re.UNICODE)
    assert loaded is not first
    _assert_same(loaded, pattern, re.UNICODE)


def test_regexcache_damaged_cache_compiles_as_usual(cache_dir: Path, monkeypatch):
    pattern = _long_pattern()
    regexcache.compile_cached(pattern)
    (code_file,) = cache_dir.glob("*.code")
    data = bytearray(code_file.read_bytes())
    data[40:44] = b"\x01\x00\x00\x00"  # a valid-looking but different instruction
    code_file.write_bytes(bytes(data))
    _fresh_process(monkeypatch)
    _assert_same(regexcache.compile_cached(pattern), pattern, 0)
    code_file.write_bytes(b"\x00" * 3)  # truncated
    _fresh_process(monkeypatch)
    _assert_same(regexcache.compile_cached(pattern), pattern, 0)


def test_regexcache_off_or_unwritable_still_compiles(tmp_path: Path, monkeypatch):
    pattern = _long_pattern()
    monkeypatch.setenv(regexcache.CACHE_ENV, "")
    _fresh_process(monkeypatch)
    assert regexcache.cache_folder() is None
    _assert_same(regexcache.compile_cached(pattern), pattern, 0)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(regexcache.CACHE_ENV, str(blocker))
    _fresh_process(monkeypatch)
    _assert_same(regexcache.compile_cached(pattern), pattern, 0)


def test_regexcache_block_restores_re_compile(cache_dir: Path):
    original = re.compile
    with regexcache.cached_compilation():
        assert re.compile is regexcache.compile_cached
        with regexcache.cached_compilation():  # nested: unchanged
            assert re.compile is regexcache.compile_cached
        short = re.compile(r"\d+")
        assert short.pattern == r"\d+"
    assert re.compile is original
    with pytest.raises(ValueError), regexcache.cached_compilation():
        raise ValueError("an error inside the block")
    assert re.compile is original
    assert not cache_dir.exists()  # short patterns are never cached
