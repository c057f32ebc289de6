"""The disk cache of the sentence encoder's derived weights: a cold cache
derives them from the package's file and stores them, a warm one gives the
same arrays back without deriving; a damaged, foreign, unwritable or disabled
cache means deriving as usual."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from presswatch.core.diskcache import CACHE_ENV, write_arrays
from presswatch.stages.persuasion import encoder as encoder_module
from presswatch.stages.persuasion.encoder import (
    WEIGHTS_KIND,
    load_weights,
    same_weights,
    weights_cache_key,
    weights_from_arrays,
    weights_to_arrays,
)


def _weights_file() -> Path:
    return encoder_module._resources() / "weights.npz"


@pytest.fixture(scope="module")
def derived() -> encoder_module._Weights:
    return encoder_module._load_weights(_weights_file())


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / WEIGHTS_KIND).glob("*.npz"))


def test_persuasion_weights_cache_cold_then_warm_gives_the_same_arrays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, derived: encoder_module._Weights
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    cold = load_weights(_weights_file())
    assert same_weights(cold, derived)
    [entry] = _entries(tmp_path)
    assert entry.stem == weights_cache_key(_weights_file())

    def no_deriving(path: Path) -> None:
        raise AssertionError("a warm cache must not derive the weights again")

    monkeypatch.setattr(encoder_module, "_load_weights", no_deriving)
    warm = load_weights(_weights_file())
    assert same_weights(warm, derived)
    texts = ["Le gouvernement a présenté son budget.", "The minister said no.", ""]
    encoder = encoder_module.SentenceEncoder()
    reference = encoder.encode(texts)
    encoder._loaded = (warm, encoder._loaded[1], encoder_module._PieceCache(warm, 8192))  # type: ignore[index]
    assert np.array_equal(encoder.encode(texts), reference)


def test_persuasion_weights_cache_damaged_or_foreign_entry_is_derived_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, derived: encoder_module._Weights
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    load_weights(_weights_file())
    [entry] = _entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # cut in half
    assert same_weights(load_weights(_weights_file()), derived)
    # an entry holding other weights under this key (a copied file) is not used
    arrays = weights_to_arrays(derived, "another key")
    write_arrays(entry, arrays)
    with pytest.raises(ValueError):
        weights_from_arrays(arrays, weights_cache_key(_weights_file()))
    assert same_weights(load_weights(_weights_file()), derived)
    assert same_weights(weights_from_arrays(dict(np.load(entry)), entry.stem), derived)


def test_persuasion_weights_cache_disabled_or_unwritable_derives_without_a_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, derived: encoder_module._Weights
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    assert same_weights(load_weights(_weights_file()), derived)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    assert same_weights(load_weights(_weights_file()), derived)
    assert not list(tmp_path.rglob("*.npz"))


def test_persuasion_weights_cache_tells_different_weights_apart(
    derived: encoder_module._Weights,
) -> None:
    arrays = weights_to_arrays(derived, "k")
    arrays["output_bias"] = arrays["output_bias"].copy()
    arrays["output_bias"][0] += 1e-6
    assert not same_weights(weights_from_arrays(arrays, "k"), derived)
