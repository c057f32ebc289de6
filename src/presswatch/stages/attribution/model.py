"""The attribution models shipped inside presswatch: linear scorers over named features.

Two models per language, each a pair of files written by
``presswatch train attribution`` (see docs/models.md): ``<name>.npz`` holds
the weights (one array, loaded without unpickling) and ``<name>.json`` the
feature names, the threshold and the provenance. ``speakers`` ranks a
statement's candidate speakers (the highest score wins); ``statements``
scores a found statement (kept when the score reaches the threshold).
Each language has its own models, trained on its own gold: French in
``stages/attribution/model/``, any other language in ``model/<language>/``
(English: ``model/en/``). A language without a model keeps the rules alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from presswatch.core.errors import ModelUnavailableError

#: Where the shipped models live (the French ones; other languages in a subfolder).
DEFAULT_MODEL_DIR = Path(__file__).with_name("model")
#: The language whose models sit in ``DEFAULT_MODEL_DIR`` itself (the first one trained).
ROOT_MODEL_LANGUAGE = "fr"


@dataclass(frozen=True)
class LinearModel:
    """``score(features) = bias + sum(weight[name] * value)``; unknown names weigh 0."""

    name: str
    weights: Mapping[str, float]
    bias: float = 0.0
    threshold: float = 0.0
    meta: Mapping[str, Any] | None = None

    def score(self, features: Mapping[str, float]) -> float:
        weights = self.weights
        # fsum: exactly rounded, so the score does not depend on the features' order
        return self.bias + math.fsum(weights.get(k, 0.0) * v for k, v in features.items())

    def keeps(self, features: Mapping[str, float]) -> bool:
        return self.score(features) >= self.threshold


def read_model(directory: Path, name: str) -> LinearModel:
    """Read ``<name>.npz`` and ``<name>.json`` from ``directory``; raises
    :class:`ModelUnavailableError`."""
    import numpy

    try:
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        with numpy.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(float).tolist()
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailableError(f"attribution model {name!r} cannot be read ({exc})") from None
    names = meta.get("features")
    if not isinstance(names, list) or len(names) != len(weights):
        raise ModelUnavailableError(f"attribution model {name!r}: features and weights disagree")
    return LinearModel(
        name,
        dict(zip(names, weights, strict=True)),
        float(meta.get("bias", 0.0)),
        float(meta.get("threshold", 0.0)),
        meta,
    )


def write_model(directory: Path, model: LinearModel) -> None:
    """Write ``model`` as ``<name>.npz`` + ``<name>.json`` into ``directory`` (a Path)."""
    import numpy

    directory.mkdir(parents=True, exist_ok=True)
    names = sorted(model.weights)
    meta = dict(model.meta or {})
    meta.update(features=names, bias=model.bias, threshold=model.threshold)
    numpy.savez_compressed(
        directory / f"{model.name}.npz", weights=numpy.array([model.weights[n] for n in names])
    )
    (directory / f"{model.name}.json").write_text(
        json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def model_directory(language: str) -> Path:
    """The folder of the shipped models for ``language`` (an ISO 639-1 code)."""
    if language == ROOT_MODEL_LANGUAGE:
        return DEFAULT_MODEL_DIR
    return DEFAULT_MODEL_DIR / language


@cache
def shipped_model(name: str, language: str = ROOT_MODEL_LANGUAGE) -> LinearModel | None:
    """The model trained for ``language`` that ships with presswatch, or None
    when that language has none (its statements are then decided by the rules)."""
    directory = model_directory(language)
    if not language.isalpha() or not (directory / f"{name}.json").is_file():
        return None
    return read_model(directory, name)
