"""The persuasion model artefact: plain arrays (``.npz``) plus JSON metadata.

Nothing is unpickled on load: :func:`numpy.load` runs with
``allow_pickle=False`` and the metadata is plain JSON. The artefact is a
folder holding ``model.npz`` and ``model.json``; the default one ships in
``presswatch/stages/persuasion/model/``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.core.errors import ModelUnavailableError
from presswatch.stages.persuasion.encoder import PACKAGE as ENCODER_PACKAGE
from presswatch.stages.persuasion.encoder import VERSION as ENCODER_VERSION
from presswatch.stages.persuasion.features import LANGUAGE_CODES, FeatureSpec
from presswatch.stages.persuasion.labels import FRAMES, GENRES, TECHNIQUES

FORMAT = "presswatch-persuasion"
#: 2: the sentence-encoder heads and the article row's block ``S`` (when
#: ``feature_spec.encoder_dim`` is set); version 1 models (without) load too.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
ARRAYS_FILE = "model.npz"
META_FILE = "model.json"
DEFAULT_MODEL_DIR = Path(__file__).with_name("model")

#: The arrays every artefact holds, with their expected dimensionality.
ARRAY_NAMES: dict[str, int] = {
    "idf_paragraph": 1,
    "idf_words": 1,
    "techniques_W": 2,
    "techniques_b": 1,
    "genre_W": 2,
    "genre_b": 1,
    "frames_W": 2,
    "frames_b": 1,
    "spans_W": 2,
    "spans_b": 1,
    "spans_threshold": 1,
}
#: The arrays of the sentence-encoder heads (a spec with ``encoder_dim``).
ENCODER_ARRAY_NAMES: dict[str, int] = {
    "techniques_enc_W": 2,
    "techniques_enc_b": 1,
    "genre_enc_W": 2,
    "genre_enc_b": 1,
}


@dataclass(slots=True)
class PersuasionModel:
    """Weights of the technique, span, genre and frame classifiers."""

    spec: FeatureSpec
    arrays: dict[str, np.ndarray]
    metadata: dict[str, Any] = field(default_factory=dict)
    techniques: tuple[str, ...] = TECHNIQUES
    genres: tuple[str, ...] = GENRES
    frames: tuple[str, ...] = FRAMES

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def nbytes(self) -> int:
        return sum(int(a.nbytes) for a in self.arrays.values())


def save_model(model: PersuasionModel, folder: Path) -> Path:
    """Write ``model.npz`` (compressed) and ``model.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = dict(model.arrays)
    np.savez_compressed(folder / ARRAYS_FILE, **arrays)
    meta = dict(model.metadata)
    meta.update(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        feature_spec=asdict(model.spec),
        techniques=list(model.techniques),
        genres=list(model.genres),
        frames=list(model.frames),
        arrays={name: list(array.shape) for name, array in model.arrays.items()},
    )
    (folder / META_FILE).write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return folder


def load_model(folder: Path | str | None = None) -> PersuasionModel:
    """Load an artefact folder (default: the model shipped with presswatch)."""
    path = Path(folder) if folder is not None else DEFAULT_MODEL_DIR
    meta_path, arrays_path = path / META_FILE, path / ARRAYS_FILE
    if not meta_path.is_file() or not arrays_path.is_file():
        raise ModelUnavailableError(
            f"{path}: no persuasion model here (expected {META_FILE} and {ARRAYS_FILE}; "
            "train one with `presswatch train persuasion --data DIR --out PATH`)"
        )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{meta_path}: unreadable model metadata ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelUnavailableError(f"{meta_path}: not a presswatch persuasion model")
    if meta.get("format_version") not in READABLE_VERSIONS:
        raise ModelUnavailableError(
            f"{meta_path}: model format version {meta.get('format_version')!r}, "
            f"this presswatch reads versions {', '.join(map(str, READABLE_VERSIONS))}"
        )
    try:
        with np.load(arrays_path, allow_pickle=False) as data:
            arrays = {name: np.asarray(data[name]) for name in data.files}
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{arrays_path}: unreadable model arrays ({exc})") from None
    model = PersuasionModel(
        spec=FeatureSpec(**meta["feature_spec"]),
        arrays=arrays,
        metadata=meta,
        techniques=tuple(meta["techniques"]),
        genres=tuple(meta["genres"]),
        frames=tuple(meta["frames"]),
    )
    _check(model, arrays_path)
    return model


def _check(model: PersuasionModel, where: Path) -> None:
    names = dict(ARRAY_NAMES, **(ENCODER_ARRAY_NAMES if model.spec.encoder_dim else {}))
    for name, ndim in names.items():
        array = model.arrays.get(name)
        if array is None or array.ndim != ndim:
            raise ModelUnavailableError(f"{where}: array {name!r} missing or malformed")
    expected = {
        "techniques_W": (model.spec.size, len(model.techniques)),
        "genre_W": (model.spec.article_size, len(model.genres)),
        "frames_W": (model.spec.article_size, len(model.frames)),
        "spans_W": (model.spec.context_size, len(model.techniques)),
    }
    if model.spec.encoder_dim:
        _check_encoder(model, where)
        head = len(LANGUAGE_CODES)
        expected["techniques_enc_W"] = (2 * model.spec.encoder_dim + head, len(model.techniques))
        expected["genre_enc_W"] = (model.spec.encoder_dim + head, len(model.genres))
    for name, shape in expected.items():
        if model.arrays[name].shape != shape:
            raise ModelUnavailableError(
                f"{where}: array {name!r} has shape {model.arrays[name].shape}, expected {shape}"
            )
    thresholds = model.metadata.get("thresholds")
    if not isinstance(thresholds, dict) or any(
        not isinstance(thresholds.get(task), dict) or "*" not in thresholds[task]
        for task in ("techniques", "frames")
    ):
        raise ModelUnavailableError(f"{where}: metadata has no decision thresholds")
    if set(model.techniques) != set(TECHNIQUES) or set(model.frames) != set(FRAMES):
        raise ModelUnavailableError(f"{where}: the model's label set differs from presswatch's")


def _check_encoder(model: PersuasionModel, where: Path) -> None:
    """The heads were trained on the vectors of the encoder presswatch pins."""
    encoder, fusion = model.metadata.get("encoder"), model.metadata.get("fusion")
    pinned = f"{ENCODER_PACKAGE}=={ENCODER_VERSION}"
    if not isinstance(encoder, dict) or encoder.get("package") != pinned:
        found = encoder.get("package") if isinstance(encoder, dict) else None
        raise ModelUnavailableError(
            f"{where}: the model was trained on the sentence encoder {found!r}; "
            f"this presswatch runs {pinned}"
        )
    if encoder.get("dim") != model.spec.encoder_dim or not isinstance(fusion, dict):
        raise ModelUnavailableError(f"{where}: the sentence-encoder metadata is malformed")
    if not {"technique_mix", "genre_mix"} <= fusion.keys() or "*" not in fusion["genre_mix"]:
        raise ModelUnavailableError(f"{where}: the model does not say how to mix its heads")


@cache
def default_model() -> PersuasionModel:
    """The shipped model, loaded once per process."""
    return load_model(None)
