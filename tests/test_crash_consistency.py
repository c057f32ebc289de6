"""The corpus survives what happens to databases (issue 11, B6, B7): a disk
that fills up and a PostgreSQL server that shuts down in the middle of an
ingest give one clear line and exit code 3, every committed article is
intact, and running the ingest again completes it with each article stored
once; two first ingests into one new SQLite file both succeed. (kill -9 in
the middle of an ingest: tests/test_ingest_resume.py.)"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswatch.core.errors import EXIT_STORE

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
#: Every stage but repair left out: no model loads, the ingest is quick.
LIGHT = [
    f"--disable={name}"
    for name in ("persuasion", "quantities", "dates", "attribution", "entities", "nlp", "language")
]


def corpus(path: Path, count: int, words: int = 250) -> Path:
    lines = []
    for n in range(count):
        text = " ".join(f"mot{n}x{k}" for k in range(words))
        lines.append(
            json.dumps({"title": f"Article numéro {n}", "text": f"Paragraphe {n}. {text}"})
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest_command(corpus_path: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "presswatch", "ingest", str(corpus_path), "--db", db,
            "--no-progress", *LIGHT]  # fmt: skip


def titles(db: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        indexed = connection.execute("SELECT count(*) FROM article_fts").fetchone()[0]
        found = [row[0] for row in connection.execute("SELECT title FROM articles")]
        assert indexed == len(found)  # the full-text index matches the articles
        return found
    finally:
        connection.close()


def assert_one_clean_error(stderr: str, reason: str) -> None:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("presswatch: error:")]
    assert len(errors) == 1 and reason in errors[0], stderr
    assert "the ingest stopped" in errors[0]


# -- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs (a real ENOSPC), where this process may mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_crash_consistency_disk_full_then_rerun(tmp_path: Path, small_disk: Path):
    source = corpus(tmp_path / "corpus.jsonl", 150)
    db = small_disk / "corpus.db"
    full = subprocess.run(ingest_command(source, str(db)), capture_output=True, text=True, cwd=ROOT)
    assert full.returncode == EXIT_STORE, full.stderr
    assert_one_clean_error(full.stderr, "database or disk is full")
    stored = titles(db)
    assert 0 < len(stored) < 150 and len(set(stored)) == len(stored)

    subprocess.run(["mount", "-o", "remount,size=20m", str(small_disk)], check=True)
    rerun = subprocess.run(
        ingest_command(source, str(db)), capture_output=True, text=True, cwd=ROOT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{150 - len(stored)} stored, {len(stored)} already stored, 0 failed" in rerun.stderr
    assert sorted(titles(db)) == sorted(f"Article numéro {n}" for n in range(150))


def _file_size_limit(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_crash_consistency_file_size_limit_then_rerun(tmp_path: Path):
    """The same with RLIMIT_FSIZE, which needs no privilege: writes past the
    limit fail, as on a full disk (SQLite calls it a disk I/O error)."""
    source = corpus(tmp_path / "corpus.jsonl", 150)
    db = tmp_path / "corpus.db"
    limited = subprocess.run(
        ingest_command(source, str(db)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: _file_size_limit(600_000),
    )
    assert limited.returncode == EXIT_STORE, limited.stderr
    assert_one_clean_error(limited.stderr, "disk I/O error")
    stored = titles(db)
    assert len(stored) < 150 and len(set(stored)) == len(stored)
    rerun = subprocess.run(
        ingest_command(source, str(db)), capture_output=True, text=True, cwd=ROOT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(titles(db)) == sorted(f"Article numéro {n}" for n in range(150))


# -- two first ingests at once ----------------------------------------------------------------

OPEN_AT = """
import sys, time
from presswatch.corpus.store import open_store
from presswatch.corpus.ingest import ingest
from slow_stage import fast_pipeline
start = float(sys.argv[3])
while time.time() < start:
    pass
with open_store(sys.argv[1], create=True) as store:
    summary = ingest([sys.argv[2]], store, pipeline=fast_pipeline())
print(summary.stored, summary.duplicates, summary.failed)
"""


def test_crash_consistency_two_first_ingests_into_one_new_file(tmp_path: Path):
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    for round_ in range(4):
        db = tmp_path / f"new{round_}.db"
        parts = [corpus(tmp_path / f"part{round_}{n}.jsonl", 20, words=30) for n in range(3)]
        start = time.time() + 2.0  # the interpreters start first, then open together
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, str(db), str(part), str(start)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for part in parts
        ]
        outputs = [p.communicate(timeout=120) for p in processes]
        for process, (_out, err) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, err
        stored = sum(int(out.split()[0]) for out, _ in outputs)
        assert stored == 20  # the three files hold the same 20 articles: each stored once
        assert sorted(titles(db)) == sorted(f"Article numéro {n}" for n in range(20))


# -- PostgreSQL shut down in the middle of an ingest ----------------------------------------


@pytest.fixture
def own_postgres(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A PostgreSQL server of this test's own (it is stopped on purpose)."""
    if os.environ.get(POSTGRES_ENV) is None and not os.environ.get("CI"):
        pytest.skip(f"no PostgreSQL for the tests ({POSTGRES_ENV} is not set)")
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = Path(tempfile.mkdtemp(prefix="presswatch-pg-"))  # outside pytest's private tmp:
    home.chmod(0o755)  # the server runs as the postgres user when the tests run as root
    env = dict(os.environ, PRESSWATCH_PG_PORT=str(port), PRESSWATCH_PG_DIR=str(home / "data"))
    script = str(ROOT / "scripts" / "start-postgres.sh")
    started = subprocess.run(["bash", script], capture_output=True, text=True, env=env)
    try:
        if started.returncode != 0:
            pytest.fail(f"cannot start a PostgreSQL server: {started.stderr}")
        yield started.stdout.strip(), env
    finally:
        subprocess.run(["bash", script, "--stop"], capture_output=True, env=env)
        shutil.rmtree(home, ignore_errors=True)


POSTGRES_ENV = "PRESSWATCH_TEST_POSTGRES_URL"


def _pg_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]


def _pg_titles(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as connection:
        return [row[0] for row in connection.execute("SELECT title FROM articles")]


def test_crash_consistency_postgres_stopped_mid_ingest_then_rerun(
    tmp_path: Path, own_postgres: tuple[str, dict[str, str]]
):
    url, env = own_postgres
    count = 400
    source = corpus(tmp_path / "corpus.jsonl", count, words=40)
    process = subprocess.Popen(
        ingest_command(source, url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the ingest stored nothing in 120 s"
        try:
            if _pg_count(url) >= 30:
                break
        except Exception:  # the schema is being created
            pass
        time.sleep(0.05)
    script = str(ROOT / "scripts" / "start-postgres.sh")
    subprocess.run(["bash", script, "--stop"], capture_output=True, env=env, check=True)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT_STORE, stderr
    assert_one_clean_error(stderr, "the database server failed")

    subprocess.run(["bash", script], capture_output=True, env=env, check=True)
    stored = _pg_titles(url)
    assert 30 <= len(stored) < count and len(set(stored)) == len(stored)
    rerun = subprocess.run(ingest_command(source, url), capture_output=True, text=True, cwd=ROOT)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(_pg_titles(url)) == sorted(f"Article numéro {n}" for n in range(count))
