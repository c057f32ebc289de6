"""An ingest killed with SIGKILL leaves a consistent database; running it
again completes it with every article stored exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SCRIPT = """
import sys
from slow_stage import slow_pipeline
from presswatch.corpus.ingest import ingest
from presswatch.corpus.store import open_store

with open_store(sys.argv[1], create=True) as store:
    summary = ingest([sys.argv[2]], store, workers=int(sys.argv[3]), pipeline=slow_pipeline(), batch_size=4)
print(summary.stored, summary.duplicates, summary.failed, summary.interrupted)
"""
ARTICLES = 80


def _corpus(path: Path) -> Path:
    lines = []
    for n in range(ARTICLES):
        words = " ".join(f"mot{n}x{k}" for k in range(30))
        lines.append(
            json.dumps({"title": f"Article numéro {n}", "text": f"Paragraphe unique {n}. {words}"})
        )
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _run(db: Path, corpus: Path, workers: int, slow_seconds: float = 0.05) -> subprocess.Popen[str]:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
        PRESSWATCH_TEST_SLOW_SECONDS=str(slow_seconds),
    )
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(db), str(corpus), str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_resume_after_sigkill(tmp_path: Path, workers: int) -> None:
    corpus = _corpus(tmp_path / "corpus.jsonl")
    db = tmp_path / "corpus.db"
    process = _run(db, corpus, workers)
    deadline = time.monotonic() + 60
    while _stored(db) < 12:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the ingest stored nothing in 60 s"
        time.sleep(0.05)
    children = _children(process.pid)
    if workers > 1:
        assert len(children) >= workers
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    interrupted_at = _stored(db)
    assert 12 <= interrupted_at < ARTICLES

    # worker processes notice that their parent is gone and exit
    deadline = time.monotonic() + 10
    while any(_alive(child) for child in children):
        assert time.monotonic() < deadline, "worker processes outlived the killed ingest"
        time.sleep(0.1)

    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()

    rerun = _run(db, corpus, workers)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    stored, duplicates, failed = map(int, out.split()[:3])
    assert (stored, failed) == (ARTICLES - interrupted_at, 0)
    assert duplicates == interrupted_at

    connection = sqlite3.connect(db)
    titles = [row[0] for row in connection.execute("SELECT title FROM articles")]
    assert sorted(titles) == sorted(f"Article numéro {n}" for n in range(ARTICLES))
    indexed = connection.execute("SELECT count(*) FROM article_fts").fetchone()[0]
    assert indexed == ARTICLES  # the full-text index matches the articles exactly
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()

    last = _run(db, corpus, workers)
    out, _ = last.communicate(timeout=120)
    assert out.split() == ["0", str(ARTICLES), "0", "False"]


def test_ingest_resume_ctrl_c_stops_promptly_and_cleanly(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus.jsonl")
    db = tmp_path / "corpus.db"
    # 0.25 s per article: the 68 or so articles left when Ctrl-C comes are
    # 8 s of work, so a prompt stop is told apart from a run that simply
    # finished, even on a loaded machine (at 0.05 s they were under 2 s)
    process = _run(db, corpus, 2, slow_seconds=0.25)
    deadline = time.monotonic() + 60
    while _stored(db) < 12:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the ingest stored nothing in 60 s"
        time.sleep(0.05)
    children = _children(process.pid)
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    out, err = process.communicate(timeout=20)
    assert time.monotonic() - started < 10, "Ctrl-C took too long"
    assert process.returncode == 0, err  # the library returns; the CLI turns it into 130
    stored, _, failed, interrupted = out.split()
    assert interrupted == "True" and failed == "0"
    assert int(stored) == _stored(db) < ARTICLES
    assert _wait_gone(children), "worker processes outlived the interrupted ingest"
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def _wait_gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
