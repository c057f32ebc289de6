"""Scale-out on Dask: partitions read what a single-process ingest reads, a
LocalCluster of 2 worker processes builds the same database, a killed worker
and an interrupted run lose and duplicate nothing, and `batch` output reads
back with pyarrow."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from presswatch.cli import main
from presswatch.core.article import Article
from presswatch.core.errors import Failure
from presswatch.corpus.cluster import (
    ClusterError,
    DaskRunner,
    batch,
    cluster_ingest,
    dask_client,
    load_shards,
    parse_cluster,
)
from presswatch.corpus.ingest import ingest
from presswatch.corpus.ingest.sources import iter_items
from presswatch.corpus.partitions import Partition, part_items, plan
from presswatch.corpus.shards import read_shard
from presswatch.corpus.store import open_store
from slow_stage import fast_pipeline, slow_pipeline
from test_ingest_sources import write_warc

TESTS = Path(__file__).parent


@pytest.fixture(autouse=True)
def _workers_import_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes unpickle the tests' pipelines: they need this folder."""
    path = os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    monkeypatch.setenv("PYTHONPATH", path)


def _words(n: int, count: int = 30) -> str:
    return " ".join(f"mot{n}x{k}" for k in range(count))


def write_corpus(folder: Path, articles: int = 23) -> list[str]:
    """JSON Lines (with a blank and a bad line, an exact duplicate and a
    near-duplicate), a folder of text files (one empty) and a missing path."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n in range(articles):
        lines.append(
            json.dumps(
                {
                    "title": f"Article numéro {n}",
                    "text": f"Paragraphe unique {n}. {_words(n)}",
                    "url": f"https://journal.example/{n}",
                }
            )
        )
    lines.insert(5, "")
    lines.insert(9, "{not json")
    lines.append(lines[3])  # the same article again
    near = json.loads(lines[2])
    near.update(url="https://copie.example/2", text=near["text"] + " Reproduit avec accord.")
    lines.append(json.dumps(near))
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    texts = folder / "texts"
    texts.mkdir(exist_ok=True)
    for n in range(5):
        (texts / f"t{n}.txt").write_text(f"Titre {n}\nCorps numéro {n}. {_words(100 + n)}\n")
    (texts / "empty.txt").write_text("")
    return [str(folder / "lines.jsonl"), str(texts), str(folder / "missing")]


def _item_keys(items: Any) -> list[str]:
    return [item.id if isinstance(item, Article) else f"!{item.source}" for item in items]


def test_partitions_read_what_a_single_process_ingest_reads(tmp_path: Path) -> None:
    sources = write_corpus(tmp_path)
    warc = tmp_path / "pages.warc.gz"
    pages = {f"https://site.example/{n}": f"<html><title>P{n}</title><body><p>{_words(n)}</p></body></html>" for n in range(7)}  # fmt: skip
    write_warc(warc, pages, gzip=True)
    plain = tmp_path / "pages.warc"
    write_warc(plain, pages, gzip=False)
    broken = tmp_path / "broken.warc.gz"  # cut in the middle of a record
    write_warc(broken, pages, gzip=True)
    broken.write_bytes(broken.read_bytes()[: broken.stat().st_size * 3 // 5])
    sources += [str(warc), str(plain), str(broken)]
    for size in (1, 3, 4, 100):
        planned = list(plan(sources, size=size))
        parts = [p for p in planned if isinstance(p, Partition)]
        assert [p.index for p in parts] == list(range(len(parts)))
        read = [item for part in parts for item in part_items(part)]
        failures = [f for f in planned if isinstance(f, Failure)]
        expected = list(iter_items(sources))
        assert _item_keys(failures + read) == _item_keys(
            [i for i in expected if isinstance(i, Failure) and i.source.endswith("missing")]
            + [i for i in expected if not (isinstance(i, Failure) and i.source.endswith("missing"))]
        )
        sources_read = [i.source for i in read]
        assert sources_read == [i.source for i in expected if not i.source.endswith("missing")]
        messages = [i.message for i in read if isinstance(i, Failure)]
        assert messages == [
            i.message
            for i in expected
            if isinstance(i, Failure) and not i.source.endswith("missing")
        ]
        assert any("truncated" in message for message in messages)
        if size == 4:  # JSON Lines and WARC files are split in ranges
            kinds = [p.kind for p in parts]
            assert kinds.count("lines") >= 6 and kinds.count("warc") >= 4


def test_partitions_keys_change_with_the_input(tmp_path: Path) -> None:
    sources = write_corpus(tmp_path)
    first = [p.key("v1") for p in plan(sources, size=5) if isinstance(p, Partition)]
    assert first == [p.key("v1") for p in plan(sources, size=5) if isinstance(p, Partition)]
    assert len(set(first)) == len(first)
    assert first != [p.key("v2") for p in plan(sources, size=5) if isinstance(p, Partition)]
    time.sleep(0.01)
    (tmp_path / "texts" / "t0.txt").write_text("Titre changé\nUn autre corps de texte.\n")
    changed = [p.key("v1") for p in plan(sources, size=5) if isinstance(p, Partition)]
    assert len(changed) == len(first)
    assert sum(1 for a, b in zip(first, changed, strict=True) if a != b) == 1  # t0's partition


def test_cluster_spec_is_checked() -> None:
    assert parse_cluster("local:3") == ("local", 3)
    assert parse_cluster("tcp://10.0.0.1:8786") == ("address", "tcp://10.0.0.1:8786")
    for bad in ("local:0", "local:x", "scheduler"):
        with pytest.raises(ClusterError):
            parse_cluster(bad)


def test_cluster_cli_without_dask_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    sources = write_corpus(tmp_path / "in", articles=3)
    code = main(["ingest", sources[0], "--cluster", "local:2", "--db", str(tmp_path / "x.db")])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert "a Dask cluster (--cluster) needs distributed" in lines[-1]
    assert "pip install" in lines[-1]


def test_cluster_cli_rejects_a_bad_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ingest", str(tmp_path), "--cluster", "local:0", "--db", str(tmp_path / "x.db")])
    assert code == 2
    assert "local:N" in capsys.readouterr().err


def _database(db: Path) -> dict[str, Any]:
    """Everything an ingest decides: articles in order with their analysis,
    near-duplicate links, facet rows and failures."""
    with open_store(str(db)) as store:
        connection = sqlite3.connect(db)
        rows = connection.execute(
            "SELECT num, id, near_duplicate_of, similarity, canonical_url, content_hash, source "
            "FROM articles ORDER BY num"
        ).fetchall()
        facets = connection.execute(
            "SELECT a.id, f.kind, f.key, f.value, f.weight FROM article_facets f "
            "JOIN articles a ON a.num = f.article ORDER BY 1, 2, 3"
        ).fetchall()
        failures = connection.execute("SELECT source, error FROM failures ORDER BY 1").fetchall()
        indexed = connection.execute("SELECT count(*) FROM article_fts").fetchone()[0]
        connection.close()
        analyses = {row[1]: store.get_article(row[1]).to_dict() for row in rows}
    return {
        "articles": rows,
        "analyses": analyses,
        "facets": facets,
        "failures": failures,
        "indexed": indexed,
    }


@pytest.mark.slow
def test_cluster_ingest_builds_the_single_process_database(
    tmp_path: Path, semeval_dir: Path
) -> None:
    """The full default pipeline, on French news articles, one process vs a
    LocalCluster of 2 worker processes: same ids, same annotations."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = []
    for n, path in enumerate(sorted((semeval_dir / "fr" / "train-articles").glob("*.txt"))[:9]):
        title, _, body = path.read_text("utf-8").partition("\n")
        lines.append(json.dumps({"title": title, "text": body, "url": f"https://fr.example/{n}",
                                 "outlet": f"Journal {n % 3}", "published": f"2022-0{1 + n % 9}-1{n % 9}"}))  # fmt: skip
    copy = json.loads(lines[1])
    copy.update(url="https://copie.example/1", text=copy["text"] + "\nReproduit avec accord.")
    lines += [lines[4], json.dumps(copy), "{broken"]
    (folder / "fr.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "empty.txt").write_text("")
    sources = [str(folder)]
    with open_store(str(tmp_path / "single.db"), create=True) as store:
        single = ingest(sources, store)
    seen: list[tuple[int, int, int]] = []  # what the progress display is fed

    def progress(summary: Any) -> None:
        seen.append((summary.processed, summary.partitions_done, summary.failed))

    with open_store(str(tmp_path / "cluster.db"), create=True) as store:
        clustered = cluster_ingest(
            sources,
            store,
            cluster="local:2",
            shards=tmp_path / "shards",
            partition_size=4,
            progress=progress,
        )
    assert seen == sorted(seen) and len(seen) >= 4  # partitions and articles, as they finish
    assert seen[-1] == (clustered.processed, 4, 2)
    assert (single.stored, single.duplicates, single.failed) == (10, 1, 2)
    assert (clustered.stored, clustered.duplicates, clustered.failed) == (10, 1, 2)
    assert clustered.near_duplicates == single.near_duplicates == 1
    assert clustered.cluster.partitions == 4 and not clustered.cluster.task_failures
    expected, got = _database(tmp_path / "single.db"), _database(tmp_path / "cluster.db")
    assert got["articles"] == expected["articles"]
    assert got["analyses"] == expected["analyses"]  # quotes, entities, techniques, …
    assert any(a["quotes"] for a in got["analyses"].values())
    assert got["facets"] == expected["facets"]
    assert got["failures"] == expected["failures"]
    assert got["indexed"] == 10


def _store_count(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def _slow_corpus(path: Path, articles: int) -> Path:
    lines = [
        json.dumps({"title": f"Article numéro {n}", "text": f"Paragraphe unique {n}. {_words(n)}"})
        for n in range(articles)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _titles(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM articles ORDER BY num")]
    finally:
        connection.close()


@pytest.mark.slow
def test_cluster_worker_killed_mid_partition_is_retried(tmp_path: Path) -> None:
    corpus = _slow_corpus(tmp_path / "corpus.jsonl", 120)
    shards = tmp_path / "shards"
    db = tmp_path / "corpus.db"
    outcome: dict[str, Any] = {}
    with dask_client("local:2") as client:
        runner = DaskRunner(client, slow_pipeline())

        def work() -> None:
            with open_store(str(db), create=True) as store:
                outcome["summary"] = cluster_ingest(
                    [str(corpus)], store, cluster=runner, shards=shards, partition_size=10
                )

        thread = threading.Thread(target=work)
        thread.start()
        deadline = time.monotonic() + 60
        while not (list(shards.glob("*.parquet")) and list(shards.glob(".*.tmp"))):
            assert thread.is_alive() and time.monotonic() < deadline, "no partition started"
            time.sleep(0.02)
        victim = next(iter(client.run(os.getpid).values()))
        os.kill(victim, signal.SIGKILL)  # a worker dies in the middle of a partition
        thread.join(timeout=120)
        assert not thread.is_alive()
    summary = outcome["summary"]
    assert (summary.stored, summary.failed) == (120, 0), summary.failures
    assert not summary.cluster.task_failures
    assert _titles(db) == [f"Article numéro {n}" for n in range(120)]  # once each, in order
    assert len(list(shards.glob("*.parquet"))) == 12
    assert not list(shards.glob(".*.tmp"))  # the dead worker's partial shard is gone


SCRIPT = """
import sys
from slow_stage import slow_pipeline
from presswatch.corpus.cluster import cluster_ingest
from presswatch.corpus.store import open_store

if __name__ == "__main__":
    with open_store(sys.argv[1], create=True) as store:
        cluster_ingest([sys.argv[2]], store, cluster="local:2", shards=sys.argv[3],
                       partition_size=10, pipeline=slow_pipeline())
"""


@pytest.mark.slow
def test_cluster_rerun_after_an_interrupted_run_resumes_from_the_shards(tmp_path: Path) -> None:
    corpus = _slow_corpus(tmp_path / "corpus.jsonl", 120)
    shards, db = tmp_path / "shards", tmp_path / "corpus.db"
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, "utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(db), str(corpus), str(shards)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the client and its workers
    )
    deadline = time.monotonic() + 120
    while len(list(shards.glob("*.parquet"))) < 3 or _store_count(db) < 10:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the interrupted run wrote no shard in 120 s"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the client and its cluster die at once
    process.communicate()
    written = len(list(shards.glob("*.parquet")))
    stored_before = _store_count(db)
    assert 3 <= written < 12 and stored_before < 120

    with open_store(str(db), create=True) as store:
        summary = cluster_ingest(
            [str(corpus)], store, cluster="local:2", shards=shards, partition_size=10,
            pipeline=slow_pipeline(),
        )  # fmt: skip
    assert summary.cluster.reused >= written
    assert summary.cluster.analysed <= 120 - 10 * written
    assert (summary.stored, summary.duplicates, summary.failed) == (
        120 - stored_before,
        stored_before,
        0,
    )
    assert _titles(db) == [f"Article numéro {n}" for n in range(120)]


def test_batch_output_reads_back_with_pyarrow(tmp_path: Path) -> None:
    sources = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    summary = batch(sources, out, partition_size=4, pipeline=fast_pipeline())
    assert (summary.articles, summary.failed) == (30, 3)
    assert pq.read_table(out / "articles").num_rows == 32  # the missing path failed early
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    # shard names are content keys: the manifest gives the input order
    rows = [row for s in manifest["shards"] for row in pq.read_table(out / s["shard"]).to_pylist()]
    analysed = [row for row in rows if row["status"] == "analysed"]
    assert {row["status"] for row in rows} == {"analysed", "failed"}
    articles = [Article.from_dict(json.loads(row["analysis"])) for row in analysed]
    assert [a.id for a in articles] == [row["id"] for row in analysed]
    assert all(len(row["signature"]) == 128 for row in analysed)
    failed = sorted(row["source"] for row in rows if row["status"] == "failed")
    assert [Path(f).name for f in failed] == ["lines.jsonl:10", "empty.txt"]
    assert sum(s["articles"] for s in manifest["shards"]) == 30
    first = pq.ParquetFile(out / manifest["shards"][0]["shard"])
    assert first.schema_arrow.metadata[b"presswatch_version"]

    # the store built by a single-process ingest agrees: analyses and near-duplicate links
    with open_store(str(tmp_path / "single.db"), create=True) as store:
        ingest(sources, store, pipeline=fast_pipeline())
        seen: set[str] = set()
        for article in articles:
            if article.id not in seen:  # a later exact duplicate is not stored
                assert store.get_article(article.id).to_dict() == article.to_dict()
            seen.add(article.id)
        links = pq.read_table(out / "near_duplicates.parquet").to_pylist()
        stored_links = [link for a in articles for link in store.links(a.id)]
        assert [(row["id"], row["near_duplicate_of"]) for row in links] == [
            (a.id, link.other_id)
            for a in articles
            for link in store.links(a.id)
            if link.kind == "near_duplicate_of"
        ]
        assert len(links) == 1 and stored_links

    # a rerun reuses every shard
    again = batch(sources, out, partition_size=4, pipeline=fast_pipeline())
    assert again.reused == again.partitions == summary.partitions
    assert [r for s in manifest["shards"] for r in read_shard(out / s["shard"])]


def test_cluster_shards_load_into_either_store_as_a_single_process_ingest(
    tmp_path: Path, store_url: str
) -> None:
    """Shards stored with load_shards (COPY on PostgreSQL) give the articles,
    annotations, near-duplicate links and failures a single-process ingest
    stores in the same backend."""
    sources = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    batch(sources[:2], out, partition_size=4, pipeline=fast_pipeline())
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    with open_store(str(tmp_path / "single.db"), create=True) as single:
        ingest(sources[:2], single, pipeline=fast_pipeline())
        expected = _stored(single)
    with open_store(store_url, create=True) as store:
        summary = load_shards(store, [out / s["shard"] for s in manifest["shards"]])
        assert (summary.stored, summary.duplicates, summary.failed) == (29, 1, 2)
        assert summary.near_duplicates == 1
        assert _stored(store) == expected


def _stored(store: Any) -> dict[str, Any]:
    articles = [a.to_dict() for a in store.export()]
    ids = [a["id"] for a in articles]
    return {
        "articles": articles,
        "links": {i: [(x.kind, x.other_id) for x in store.links(i)] for i in ids},
        "failures": sorted((f.source, f.message) for f in store.failures()),
        "count": store.count(),
    }


def test_batch_cli_writes_shards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_corpus(tmp_path / "in", articles=6)
    disable = [
        arg
        for stage in ("persuasion", "quantities", "dates", "attribution", "entities", "nlp")
        for arg in ("--disable", stage)
    ]
    code = main(["batch", *sources[:2], "--out", str(tmp_path / "out"), "--partition-size", "3",
                 "--no-progress", "--outlet", "Le Défaut", *disable])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "13 articles in" in err and "near-duplicates" in err
    table = pq.read_table(tmp_path / "out" / "articles")
    assert table.num_rows == 15
    outlets = {row["outlet"] for row in table.to_pylist() if row["status"] == "analysed"}
    # the flag's outlet for the text files; the JSON Lines articles have their URL's
    assert outlets == {"Le Défaut", "journal.example", "copie.example"}


def _by_title(store: Any) -> dict[str, tuple[str | None, str | None, str | None]]:
    return {a.title: (a.outlet, a.published, a.url) for a in store.export()}


@pytest.mark.slow
def test_cluster_ingest_gives_sidecar_and_flag_metadata_as_a_single_process_ingest(
    tmp_path: Path,
) -> None:
    """Sidecar rows and --outlet/--published reach the articles analysed on
    the workers; a rerun with new metadata replaces the stored articles
    (ids kept), as the single-process ingest does."""
    from presswatch.corpus.ingest.metadata import plan_metadata

    corpus = tmp_path / "corpus"
    (corpus / "2022").mkdir(parents=True)
    (corpus / "a.txt").write_text(f"Le budget voté\n\n{_words(1)}\n", "utf-8")
    (corpus / "2022" / "b.txt").write_text(f"Les écoles d'abord\n\n{_words(2)}\n", "utf-8")
    (corpus / "c.jsonl").write_text(json.dumps({"title": "En ligne", "text": _words(3)}) + "\n")
    (corpus / "presswatch-metadata.csv").write_text(
        "file,outlet,published\n2022/b.txt,Le Rail,2022-03-07\nc.jsonl,La Ligne,\nmissing.txt,X,\n",
        "utf-8",
    )
    sources = [str(corpus)]

    def given(**flags: str) -> Any:
        return plan_metadata(sources, **flags)

    with open_store(str(tmp_path / "single.db"), create=True) as single:
        ingest(sources, single, pipeline=fast_pipeline(), metadata=given(outlet="Le Défaut"))
        expected = _by_title(single)
    plan_used = given(outlet="Le Défaut")
    with open_store(str(tmp_path / "cluster.db"), create=True) as store:
        first = cluster_ingest(
            sources, store, cluster="local:2", shards=tmp_path / "shards", partition_size=1,
            pipeline=fast_pipeline(), metadata=plan_used,
        )  # fmt: skip
        assert (first.stored, first.failed) == (3, 0)
        assert _by_title(store) == expected
        assert expected["Les écoles d'abord"] == ("Le Rail", "2022-03-07", None)
        assert expected["En ligne"][0] == "La Ligne"
        assert [(e.line, e.file) for _, e in plan_used.unused()] == [(4, "missing.txt")]
        ids = {a.title: a.id for a in store.export()}

        again = cluster_ingest(
            sources, store, cluster=None, shards=tmp_path / "shards", partition_size=1,
            pipeline=fast_pipeline(), metadata=given(outlet="Le Défaut", published="2021-05"),
        )  # fmt: skip
        # b.txt's sidecar date wins over the flag: b is unchanged, a duplicate
        assert (again.stored, again.updated, again.duplicates) == (0, 2, 1)
        assert again.cluster.reused == 0  # other metadata: other shards
        assert {a.title: a.id for a in store.export()} == ids and store.count() == 3
        assert _by_title(store)["Le budget voté"] == ("Le Défaut", "2021-05", None)
        with open_store(str(tmp_path / "single.db")) as single:
            redone = ingest(
                sources, single, pipeline=fast_pipeline(),
                metadata=given(outlet="Le Défaut", published="2021-05"),
            )  # fmt: skip
            assert (redone.stored, redone.updated, redone.duplicates) == (0, 2, 1)
            assert _by_title(single) == _by_title(store)

        same = cluster_ingest(
            sources, store, cluster=None, shards=tmp_path / "shards", partition_size=1,
            pipeline=fast_pipeline(), metadata=given(outlet="Le Défaut", published="2021-05"),
        )  # fmt: skip
        assert (same.stored, same.updated, same.duplicates) == (0, 0, 3)
        assert same.cluster.reused == same.cluster.partitions


def test_cluster_ingest_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    """SIGTERM (raised as Terminated where the work is) stops the run as
    Ctrl-C does, keeping what was stored; the rerun resumes."""
    from presswatch.core.errors import Terminated

    sources = write_corpus(tmp_path / "in")

    raised: list[bool] = []

    def stop_after_one_partition(summary: Any) -> None:
        if summary.partitions_done >= 1 and not raised:
            raised.append(True)
            raise Terminated()

    with open_store(str(tmp_path / "c.db"), create=True) as store:
        stopped = cluster_ingest(
            sources, store, cluster=None, shards=tmp_path / "shards", partition_size=4,
            pipeline=fast_pipeline(), progress=stop_after_one_partition,
        )  # fmt: skip
        assert stopped.interrupted and stopped.terminated
        assert 0 < store.count() < 29
        resumed = cluster_ingest(
            sources, store, cluster=None, shards=tmp_path / "shards", partition_size=4,
            pipeline=fast_pipeline(),
        )  # fmt: skip
        assert not resumed.interrupted and store.count() == 29


def _presswatch_tasks(dask_scheduler: Any) -> dict[str, tuple[int, list[str]]]:
    """On the scheduler: each presswatch task's pickled size and dependencies."""
    from distributed.protocol.pickle import dumps

    return {
        str(key): (len(dumps(task.run_spec)), sorted(str(d.key) for d in task.dependencies))
        for key, task in dask_scheduler.tasks.items()
        if str(key).startswith("presswatch-")
    }


def test_cluster_sidecars_go_to_each_worker_once_not_with_every_task(tmp_path: Path) -> None:
    """A sidecar of many rows is sent to the workers once: every task refers
    to the one copy and stays small, and the articles get its values."""
    from distributed.protocol.pickle import dumps

    from presswatch.corpus.cluster import shard_path, shard_salt
    from presswatch.corpus.ingest.metadata import plan_metadata
    from presswatch.corpus.tasks import Job

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = ["file,outlet"] + [f"archive/{n}.txt,Archive {n}" for n in range(20_000)]
    for n in range(3):
        (corpus / f"a{n}.txt").write_text(f"Titre {n}\n\n{_words(n)}\n", "utf-8")
        rows.append(f"a{n}.txt,Journal {n}")
    (corpus / "presswatch-metadata.csv").write_text("\n".join(rows) + "\n", "utf-8")
    metadata = plan_metadata([str(corpus)])
    assert len(dumps(metadata)) > 500_000
    parts = [p for p in plan([str(corpus)], size=1) if isinstance(p, Partition)]
    salt = shard_salt(fast_pipeline(), 1_000_000, metadata)
    with dask_client("local:1") as client:
        runner = DaskRunner(client, fast_pipeline())
        for part in parts:
            runner.submit(
                Job(part, str(shard_path(tmp_path / "shards", part, salt)), metadata=metadata)
            )
        deadline = time.monotonic() + 30
        tasks = client.run_on_scheduler(_presswatch_tasks)
        while len(tasks) < len(parts) and time.monotonic() < deadline:  # submitting is async
            time.sleep(0.05)
            tasks = client.run_on_scheduler(_presswatch_tasks)
        done = [runner.next_done() for _ in parts]
    assert len(tasks) == 3
    assert all(size < 20_000 for size, _ in tasks.values())
    assert len({tuple(dependencies) for _, dependencies in tasks.values()}) == 1  # the one copy
    assert all(len(dependencies) == 1 for _, dependencies in tasks.values())
    outlets = sorted(r.article.outlet for d in done for r in read_shard(Path(d.shard)))  # type: ignore[union-attr]
    assert outlets == ["Journal 0", "Journal 1", "Journal 2"]


def _dask_settings() -> dict[str, Any]:
    import dask.config

    from presswatch.corpus.cluster import LOCAL_CLUSTER_CONFIG

    settings = {key: dask.config.get(key) for key in LOCAL_CLUSTER_CONFIG}
    return {**settings, "MALLOC_TRIM_THRESHOLD_": os.environ.get("MALLOC_TRIM_THRESHOLD_")}


def test_cluster_local_workers_run_with_presswatch_dask_settings() -> None:
    """The worker processes of ``local:N`` do not get Dask's
    MALLOC_TRIM_THRESHOLD_ (it makes the analysis cost more CPU), nor its
    profiler and fast monitors (they cost CPU every second)."""
    with dask_client("local:1") as client:
        (settings,) = client.run(_dask_settings).values()
    assert settings["MALLOC_TRIM_THRESHOLD_"] is None
    assert settings["distributed.worker.profile.enabled"] is False
    assert settings["distributed.admin.tick.interval"] == "1s"
    assert settings["distributed.worker.memory.monitor-interval"] == "1s"
