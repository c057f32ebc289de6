"""Schema versions: an older database is migrated, a newer one or a foreign
file is refused and left untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from corpus_helpers import make_article, make_record
from presswatch.corpus.store import SchemaTooNewError, StoreError, open_store
from presswatch.corpus.store.base import now
from presswatch.corpus.store.migrations import SCHEMA_VERSION, SQLITE_MIGRATIONS
from presswatch.corpus.store.rows import article_row, search_body

TEXT = [
    "Le ministre a présenté mardi un plan de soutien aux agriculteurs touchés par la sécheresse, "
    "qui prévoit des aides directes, un report des cotisations et un fonds d'urgence régional.",
    "Selon le ministère, plus de douze mille exploitations pourraient en bénéficier d'ici la fin "
    "de l'année, un chiffre jugé insuffisant par les syndicats agricoles réunis à Lyon.",
]


def _version_1_database(path: Path) -> None:
    """A database as presswatch wrote it at schema version 1 (no near-duplicates)."""
    connection = sqlite3.connect(path)
    for step in SQLITE_MIGRATIONS[0]:
        assert isinstance(step, str)
        connection.execute(step)
    connection.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    articles = [
        make_article("Un plan pour les agriculteurs", *TEXT, outlet="A", published="2022-05-01"),
        make_article(
            "Sécheresse : le plan", *TEXT, TEXT[0][:40], outlet="B", published="2022-05-02"
        ),
    ]
    for article in articles:
        record = make_record(article)
        row = article_row(record)
        cursor = connection.execute(
            "INSERT INTO articles (id, url, canonical_url, content_hash, outlet, outlet_key, published, "
            "month, week, language, title, genre, source, ingested_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.id, row.url, row.canonical_url, row.content_hash, row.outlet, row.outlet_key,
                row.published, row.month, row.week, row.language, row.title, row.genre, row.source,
                now(), row.data,
            ),
        )  # fmt: skip
        connection.execute(
            "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
            (cursor.lastrowid, row.title, search_body(article)),
        )
    connection.commit()
    connection.close()


def test_store_migrations_upgrade_a_version_1_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_1_database(path)
    with open_store(str(path)) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        assert store.search("agriculteurs").total == 2
        stats = store.stats()
        assert stats.articles == 2
        assert stats.near_duplicates == 1  # back-filled signatures found the copy
        copy = store.search("title:sécheresse").hits[0]
        assert copy.near_duplicate_of is not None
        outcome = store.add(make_record(make_article("Nouveau", "Un texte neuf et différent.")))
        assert outcome.status == "stored"


def test_store_migrations_refuse_a_newer_database_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(str(path), create=True).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    with pytest.raises(SchemaTooNewError, match="schema version 99 is newer"):
        open_store(str(path))
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        "99",
    )
    connection.close()


def test_store_migrations_refuse_a_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="not a presswatch database"):
        open_store(str(path), create=True)
    connection = sqlite3.connect(path)
    tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    connection.close()
    assert tables == [("invoices",)]


def test_store_migrations_refuse_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    content = b"These are my notes, not a database.\n" * 200
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"notes\.txt: not a usable SQLite database"):
        open_store(str(path), create=True)
    assert path.read_bytes() == content


def test_store_migrations_missing_file_is_an_error_unless_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        open_store(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        open_store("mysql://localhost/db")


def test_store_migrations_postgres_upgrades_version_1(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presswatch.corpus.store.base as base

    monkeypatch.setattr(base, "SCHEMA_VERSION", 1)
    with open_store(postgres_url) as store:
        assert store.schema_version() == 1
    monkeypatch.undo()
    with open_store(postgres_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.add(make_record(make_article("Titre", *TEXT))).status == "stored"
        assert store.search("exploitations").total == 1


def test_store_migrations_postgres_password_is_never_shown() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as error:
        open_store("postgresql://reader:s3cr3t@127.0.0.1:9/news")
    assert "s3cr3t" not in str(error.value)
    assert "reader:***@127.0.0.1:9/news" in str(error.value)


def _busy_error() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = 5  # type: ignore[attr-defined]
    return error


def test_store_migrations_open_retries_a_busy_new_file(tmp_path: Path, monkeypatch) -> None:
    """SQLite refuses some lock requests of two processes creating the same
    new file at once with an immediate "database is locked": opening waits
    and tries again instead of failing the ingest."""
    from presswatch.corpus.store.sqlite import SQLiteStore

    real_configure = SQLiteStore._configure
    refusals = iter([_busy_error(), _busy_error()])

    def configure_refused_twice(self: SQLiteStore) -> None:
        error = next(refusals, None)
        if error is not None:
            raise error
        real_configure(self)

    monkeypatch.setattr(SQLiteStore, "_configure", configure_refused_twice)
    with open_store(tmp_path / "new.db", create=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
    assert next(refusals, None) is None  # both refusals were met, then it opened


def test_store_migrations_open_does_not_retry_other_errors(tmp_path: Path, monkeypatch) -> None:
    from presswatch.corpus.store.sqlite import SQLiteStore

    calls = []

    def configure_failing(self: SQLiteStore) -> None:
        calls.append(1)
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(SQLiteStore, "_configure", configure_failing)
    with pytest.raises(StoreError):
        open_store(tmp_path / "new.db", create=True)
    assert calls == [1]
