"""``presswatch train attribution``: the speaker ranker and the statement filter
trained on gold passages, written as npz + json, read back without unpickling,
and reproducible (two runs give the same files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswatch.cli import main
from presswatch.stages.attribution.model import read_model

pytestmark = pytest.mark.slow

TRAPS = Path(__file__).resolve().parent.parent / "eval" / "traps" / "traps-fr.jsonl"


def _subset(tmp_path: Path, count: int = 16) -> Path:
    lines = [
        line
        for line in TRAPS.read_text(encoding="utf-8").splitlines()
        if json.loads(line).get("split") == "dev"
    ][:count]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_attribution_train_writes_a_reproducible_model(tmp_path: Path, capsys) -> None:
    gold = _subset(tmp_path)
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert main(["train", "attribution", "--gold", str(gold), "--out", str(out)]) == 0
        outputs.append(out)
    for name in ("speakers", "statements"):
        first, second = (read_model(out, name) for out in outputs)
        assert first.weights == second.weights and first.threshold == second.threshold
        assert first.weights, name
        meta = json.loads((outputs[0] / f"{name}.json").read_text(encoding="utf-8"))
        assert meta["split"] == "dev" and meta["trained_on"] == ["gold.jsonl"]
        assert "--articles " in meta["command"] and meta["articles_dir"]
        assert meta["command"].endswith(f" --out {outputs[0].as_posix()}")
    assert "speaker model:" in capsys.readouterr().out


def test_attribution_train_refuses_an_unwritable_folder(tmp_path: Path, capsys) -> None:
    gold = _subset(tmp_path, count=4)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["train", "attribution", "--gold", str(gold), "--out", str(blocker)]) == 1
    assert "cannot write the model" in capsys.readouterr().err
