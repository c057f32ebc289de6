"""The training pipeline on a tiny subset of the SemEval data, and the artefact format."""

from __future__ import annotations

import json
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
