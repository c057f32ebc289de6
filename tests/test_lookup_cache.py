"""presswatch.stages.lookup_cache: spaCy's lemmatizer tables from the disk
cache, read entry by entry, equal to the decoded dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.strings import get_string_id

from presswatch.stages import lookup_cache
from presswatch.stages.lookup_cache import HashedEntries, StringEntries, read_lookups

NOUN, VERB = get_string_id("noun"), get_string_id("verb")
TABLES = {
    "lemma_lookup": {get_string_id("chats"): ["chat"], get_string_id("yeux"): ["œil", "oeil"]},
    "lemma_exc": {NOUN: {"yeux": ["œil"], "cieux": ["ciel"]}, VERB: {"été": ["être"]}},
    "lemma_rules": {NOUN: [["s", ""], ["aux", "al"]], VERB: [["er", "er"]]},
    "lemma_index": {NOUN: ["chat", "œil", "ciel"], VERB: ["être"]},
}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRESSWATCH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / lookup_cache.KIND


def _lookups_file(tmp_path: Path, tables: dict = TABLES) -> Path:
    path = tmp_path / "lookups.bin"
    path.write_bytes(srsly.msgpack_dumps(tables))
    return path


def test_lookup_cache_tables_are_decoded_then_read_from_the_cache(tmp_path, cache_dir) -> None:
    path = _lookups_file(tmp_path)
    first = read_lookups(path)
    assert isinstance(first["lemma_lookup"], dict)  # decoded: no entry yet
    assert len(list(cache_dir.glob("*.npz"))) == 1
    cached = read_lookups(path)
    assert isinstance(cached["lemma_lookup"], HashedEntries)
    assert isinstance(cached["lemma_exc"][NOUN], StringEntries)
    assert cached == TABLES == first
    assert cached["lemma_lookup"].get(get_string_id("yeux")) == ["œil", "oeil"]
    assert cached["lemma_lookup"].get(get_string_id("chiens"), "absent") == "absent"
    assert cached["lemma_exc"][NOUN].get("cieux") == ["ciel"]
    assert cached["lemma_exc"][NOUN].get("ciel", []) == []
    assert sorted(cached["lemma_exc"][VERB]) == ["été"]
    assert "yeux" in cached["lemma_exc"][NOUN] and 5 not in cached["lemma_exc"][NOUN]


def test_lookup_cache_damaged_or_foreign_entry_means_decoding(tmp_path, cache_dir) -> None:
    path = _lookups_file(tmp_path)
    read_lookups(path)
    (entry,) = cache_dir.glob("*.npz")
    entry.write_bytes(entry.read_bytes()[:1000])  # truncated
    assert read_lookups(path) == TABLES  # decoded, and the entry written again
    assert isinstance(read_lookups(path)["lemma_lookup"], HashedEntries)
    (tmp_path / "other").mkdir()
    changed = {**TABLES, "lemma_lookup": {get_string_id("chats"): ["chatte"]}}
    other = _lookups_file(tmp_path / "other", changed)
    (entry,) = cache_dir.glob("*.npz")
    key = lookup_cache.entry_key(lookup_cache.KIND, lookup_cache.LAYOUT, other.read_bytes())
    (cache_dir / f"{key}.npz").write_bytes(entry.read_bytes())  # another file's entry
    assert read_lookups(other) == changed


def test_lookup_cache_off_decodes(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PRESSWATCH_CACHE_DIR", "")
    path = _lookups_file(tmp_path)
    assert isinstance(read_lookups(path)["lemma_lookup"], dict)
    assert read_lookups(path) == TABLES


def test_lookup_cache_a_table_of_another_shape_is_kept_whole(tmp_path, cache_dir) -> None:
    """A value with a NUL (the arrays' separator) keeps its table as msgpack."""
    tables = {**TABLES, "lemma_lookup": {get_string_id("a"): ["b\x00c"]}}
    path = _lookups_file(tmp_path, tables)
    assert read_lookups(path) == tables
    cached = read_lookups(path)
    assert isinstance(cached["lemma_lookup"], dict) and cached == tables
    assert isinstance(cached["lemma_exc"][NOUN], StringEntries)


_WORD = st.text(alphabet="abcdeéèêfghijklmnoœpqrstuvwxyz-'’ ", min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_WORD, st.lists(_WORD, min_size=1, max_size=3), max_size=30), _WORD)
def test_lookup_cache_entries_read_as_the_dictionary(
    tmp_path_factory: pytest.TempPathFactory, words: dict[str, list[str]], probe: str
) -> None:
    folder = tmp_path_factory.mktemp("lookups")
    tables = {
        "lemma_exc": {NOUN: words},
        "lemma_lookup": {get_string_id(word): lemmas for word, lemmas in words.items()},
    }
    path = _lookups_file(folder, tables)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRESSWATCH_CACHE_DIR", str(folder / "cache"))
        read_lookups(path)
        cached = read_lookups(path)
    exc, lookup = cached["lemma_exc"][NOUN], cached["lemma_lookup"]
    assert isinstance(exc, StringEntries)
    assert exc == words and lookup == tables["lemma_lookup"]
    assert exc.get(probe) == words.get(probe)
    assert lookup.get(get_string_id(probe)) == tables["lemma_lookup"].get(get_string_id(probe))
