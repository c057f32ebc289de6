"""The analysis of a fixed set of articles matches the committed snapshots.

See tests/golden.py for what a snapshot holds and how to update them
(``make golden-update``). ``make golden`` runs only these tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import presswatch
from attribution_structure import structure_errors
from golden import GOLDEN_DIR, SEMEVAL, UPDATE_ENV, Case, cases, difference, render, same, snapshot

pytestmark = pytest.mark.slow

CASES = cases()


def _updating(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-golden")) or os.environ.get(UPDATE_ENV) == "1"


@pytest.fixture(scope="session")
def analyses() -> dict[str, Any]:
    """Every available case analysed once, in one batch (as the CLI does)."""
    present = [case for case in CASES if case.path.exists()]
    outcomes = list(presswatch.analyze_paths([case.path for case in present]))
    assert len(outcomes) == len(present)
    return {case.name: outcome for case, outcome in zip(present, outcomes, strict=True)}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_analysis_unchanged(
    case: Case, analyses: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    if not case.path.exists():
        pytest.skip(
            f"{case.path} is absent (the shared data lives in ../shared beside the repository)"
        )
    article = analyses[case.name]
    assert isinstance(article, presswatch.Article), f"{case.name}: {article}"
    assert not structure_errors(article), structure_errors(article)
    actual = snapshot(article)
    actual_text = render(actual)
    if _updating(request.config):
        GOLDEN_DIR.mkdir(exist_ok=True)
        case.snapshot_path.write_text(actual_text, encoding="utf-8")
        return
    if not case.snapshot_path.exists():
        pytest.fail(f"no snapshot {case.snapshot_path}: run `make golden-update` and commit it")
    expected_text = case.snapshot_path.read_text(encoding="utf-8")
    if not same(json.loads(expected_text), actual):
        pytest.fail(
            f"the analysis of {case.name} changed (`make golden-update` rewrites the "
            f"snapshots on purpose):\n{difference(case, expected_text, actual_text)}",
            pytrace=False,
        )


def test_golden_snapshots_have_cases(request: pytest.FixtureRequest) -> None:
    """Every committed snapshot belongs to a case (a stale one is removed on update)."""
    if not SEMEVAL.is_dir():
        pytest.skip(
            f"{SEMEVAL} is absent (the shared data lives in ../shared beside the repository)"
        )
    names = {case.name for case in CASES}
    stale = sorted(p for p in GOLDEN_DIR.glob("*.json") if p.stem not in names)
    if _updating(request.config):
        for path in stale:
            path.unlink()
        return
    assert not stale, f"snapshots without a case: {[Path(p).name for p in stale]}"
    assert len(names) == 2 + 30 + 8 + 2 * 4  # example, seed, French, English, four others
