"""Shared fixtures. Tests that need ../shared skip with a clear reason when it
is absent (see tests/shared.py).

The ``slow`` marker (``make test-fast`` leaves those tests out) is on every
test that loads the language models: explicitly where a module or test loads
them itself, and here, by :func:`pytest_collection_modifyitems`, on every
test that uses an analysed-article fixture (``seed_article``,
``example_article``, ``analyze_text``)."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import settings

from attribution_structure import structure_errors
from presswatch.core.diskcache import CACHE_ENV
from presswatch.corpus.store import Store, open_store
from shared import EXAMPLE, SEED, SEMEVAL, require

#: The suite's own cache folder (presswatch.core.diskcache), set before any test
#: runs and inherited by the commands the tests start: the tests never write to
#: the user's ~/.cache, and every run starts with an empty cache (the cold path
#: runs once per session; tests/test_persuasion_tokenizer_cache.py checks both
#: paths on purpose). Removed at the end of the session.
TEST_CACHE = tempfile.mkdtemp(prefix="presswatch-test-cache-")
os.environ[CACHE_ENV] = TEST_CACHE

# Property tests draw the same examples on every run (the suite is
# deterministic; a failure found once is found again); set
# PRESSWATCH_HYPOTHESIS=explore to draw new examples while developing.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(
    "explore" if os.environ.get("PRESSWATCH_HYPOTHESIS") == "explore" else "deterministic"
)

#: Fixtures that run the whole analysis (spaCy, lingua, the persuasion model).
ANALYSIS_FIXTURES = frozenset({"seed_article", "example_article", "analyze_text"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden snapshots of tests/golden (see tests/golden.py)",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(TEST_CACHE, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if ANALYSIS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The canonical seed article (../shared/seeds)."""
    return require(SEED)


@pytest.fixture(scope="session")
def semeval_dir() -> Path:
    """The SemEval-2023 Task 3 training data (../shared/data/semeval2023-task3)."""
    return require(SEMEVAL)


def checked(article):
    """``article``, once the structural guarantees of attribution hold on it
    (see attribution_structure.py): every analysed article is checked."""
    errors = structure_errors(article)
    assert not errors, f"{article.source}: {errors}"
    return article


@pytest.fixture(scope="session")
def seed_article(seed_path: Path):
    import presswatch

    return checked(presswatch.analyze(seed_path))


@pytest.fixture(scope="session")
def example_article():
    import presswatch

    return checked(presswatch.analyze(EXAMPLE))


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
        return checked(analyze_article(article))

    presswatch.analyze  # noqa: B018 - fail early if the package is broken
    return run


# -- corpus stores (issue 4): SQLite, and PostgreSQL when a server is given ------
POSTGRES_ENV = "PRESSWATCH_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (dropped afterwards)."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run must start PostgreSQL")
        pytest.skip(
            f"no PostgreSQL server: set {POSTGRES_ENV} (`scripts/start-postgres.sh` starts one "
            "and prints its URL)"
        )
    psycopg = pytest.importorskip("psycopg")
    name = f"pw_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get("CI"):
            pytest.fail(f"cannot connect to {POSTGRES_ENV}: {exc}")
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} does not answer: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    yield urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'corpus.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url, create=True) as opened:
        yield opened
