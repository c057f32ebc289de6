"""Where the test data lives. The shared data (the canonical seed article and
the SemEval-2023 Task 3 training data) is ../shared beside the repository,
or $PRESSWATCH_SHARED; it is never copied into the repository. Tests reach it
through the conftest fixtures ``seed_path`` and ``semeval_dir``, which skip
with a clear message when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PRESSWATCH_SHARED") or ROOT.parent / "shared")
SEED = SHARED / "seeds" / "000_a37657c982aca66a.txt"
SEMEVAL = SHARED / "data" / "semeval2023-task3"
EXAMPLE = ROOT / "examples" / "sommet-energie.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def require(path: Path) -> Path:
    """``path``, or skip the test: the shared data is not here."""
    if not path.exists():
        pytest.skip(
            f"{path} is absent (the shared data lives in ../shared beside the repository, "
            "or set PRESSWATCH_SHARED)"
        )
    return path
