"""Shared fixtures. Tests that need ../shared skip with a clear reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_a37657c982aca66a.txt"
SEMEVAL = SHARED / "data" / "semeval2023-task3"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "examples" / "sommet-energie.txt"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared data lives in ../shared beside the repository)")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return require(SEED)


@pytest.fixture(scope="session")
def seed_article(seed_path: Path):
    import presswatch

    return presswatch.analyze(seed_path)


@pytest.fixture(scope="session")
def example_article():
    import presswatch

    return presswatch.analyze(EXAMPLE)


@pytest.fixture(scope="session")
def analyze_text():
    """Analyse a French text given as a string (first line = title)."""
    import presswatch

    def run(body: str, title: str = "Titre de test", published: str | None = None):
        from presswatch.api import analyze_article
        from presswatch.readers import read_text

        article = next(read_text(f"{title}\n\n{body}", "<test>"))
        assert not isinstance(article, Exception)
        article.published = published
        return analyze_article(article)

    presswatch.analyze  # noqa: B018 - fail early if the package is broken
    return run
