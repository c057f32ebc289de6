"""Cluster benchmark: the Dask path with 1 and 2 worker processes against the
single-process ingest, on the same articles, in the same run.

    python -m benchmarks.cluster [--articles 800] [--repeat 2] [--write docs/benchmarks.md]

The articles are the first ``--articles`` of the corpus benchmark's synthetic
corpus (recombined SemEval training articles, six languages, about 1 in 8
French), JSON Lines, full default pipeline. Three runs, repeated and
interleaved (single process, LocalCluster of 1 worker, LocalCluster of 2
workers), each into a fresh SQLite store:

* steady rate: articles stored per second from 30 % of the articles on
  (every process has loaded its models by then);
* CPU per article: the CPU time of every process involved (this process,
  which also runs the scheduler of a LocalCluster, and the nanny and worker
  processes, read with psutil) from the moment the models are loaded to the
  end, divided by the articles: what the cluster path costs beyond the
  analysis itself (partitioning, pickling, Parquet shards, storing from
  shards, scheduling);
* scheduler overhead per partition: 200 partitions of one short article,
  repair stage only, 2 workers: wall time per partition minus the time the
  task body took.

The projection table multiplies the measured costs out to 10 and 100 million
articles (core-hours of analysis, Parquet shards and store sizes; the store
bytes per article come from ``benchmarks.scale``'s million-article stores
when its results are present).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks._common import write_section
from benchmarks.corpus import DEFAULT_WORKDIR, build_corpus, machine_parallelism, subset_file

SECTION = "cluster"
STEADY_FROM = 0.3
PARTITION_SIZE = 50


def _cpu_all() -> float:
    """CPU seconds of this process and of every live descendant (cluster processes)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            continue
    return total


class Steady:
    """Progress callback: the time and count when 30 % of the articles are done."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.mark: tuple[float, int] | None = None

    def __call__(self, summary: Any) -> None:
        if self.mark is None and summary.processed >= STEADY_FROM * self.expected:
            self.mark = (time.perf_counter(), summary.processed)

    def rate(self, processed: int, ended: float) -> float | None:
        if self.mark is None or processed <= self.mark[1]:
            return None
        return (processed - self.mark[1]) / (ended - self.mark[0])


def single_process(source: Path, db: Path, expected: int) -> dict[str, Any]:
    from presswatch.api import default_pipeline
    from presswatch.corpus.ingest import ingest
    from presswatch.corpus.store import open_store
    from presswatch.corpus.tasks import set_worker_pipeline

    pipeline = default_pipeline()
    set_worker_pipeline(pipeline)  # loads the models (not counted), as the plugin does
    set_worker_pipeline(None)
    steady = Steady(expected)
    with open_store(str(db), create=True) as store:
        cpu, started = time.process_time(), time.perf_counter()
        summary = ingest([str(source)], store, pipeline=pipeline, progress=steady)
        ended = time.perf_counter()
        cpu = time.process_time() - cpu
    return _result("single process", summary, started, ended, cpu, steady)


def on_cluster(source: Path, db: Path, workers: int, expected: int) -> dict[str, Any]:
    from presswatch.corpus.cluster import DaskRunner, cluster_ingest, dask_client
    from presswatch.corpus.store import open_store

    shards = db.with_suffix(".shards")
    with dask_client(f"local:{workers}") as client, open_store(str(db), create=True) as store:
        runner = DaskRunner(client, None)  # the plugin loads the models (not counted)
        steady = Steady(expected)
        cpu, started = _cpu_all(), time.perf_counter()
        summary = cluster_ingest(
            [str(source)], store, cluster=runner, shards=shards, partition_size=PARTITION_SIZE,
            progress=steady,
        )  # fmt: skip
        ended = time.perf_counter()
        cpu = _cpu_all() - cpu
    result = _result(f"LocalCluster, {workers} worker(s)", summary, started, ended, cpu, steady)
    result["worker_cpu_ms_per_article"] = round(
        1000 * summary.cluster.worker_cpu_seconds / max(summary.processed, 1), 1
    )
    result["shard_bytes"] = sum(p.stat().st_size for p in shards.glob("*.parquet"))
    return result


def _result(
    name: str, summary: Any, started: float, ended: float, cpu: float, steady: Steady
) -> dict[str, Any]:
    rate = steady.rate(summary.processed, ended)
    return {
        "run": name,
        "stored": summary.stored,
        "failed": summary.failed,
        "seconds": round(ended - started, 2),
        "steady_articles_per_second": round(rate, 2) if rate else None,
        "cpu_ms_per_article": round(1000 * cpu / max(summary.processed, 1), 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def scheduler_overhead(work: Path, partitions: int = 200) -> dict[str, Any]:
    """Wall time per one-article partition vs the task's own time."""
    from presswatch.core.pipeline import Pipeline, get_stage
    from presswatch.corpus.cluster import DaskRunner, cluster_ingest, dask_client
    from presswatch.corpus.store import open_store

    folder = work / "tiny"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(partitions):
        (folder / f"{n:04d}.txt").write_text(f"Titre {n}\nUn texte court, le numéro {n}.\n")
    db = work / "tiny.db"
    for stale in work.glob("tiny.db*"):
        if stale.is_file():
            stale.unlink()
    shards = work / "tiny.shards"
    for stale in shards.glob("*.parquet"):
        stale.unlink()
    with dask_client("local:2") as client, open_store(str(db), create=True) as store:
        runner = DaskRunner(client, Pipeline([get_stage("repair")]))
        started = time.perf_counter()
        summary = cluster_ingest(
            [str(folder)], store, cluster=runner, shards=shards, partition_size=1
        )
        wall = time.perf_counter() - started
    task = summary.cluster.worker_seconds / partitions
    per_partition = wall * 2 / partitions  # two workers run partitions side by side
    return {
        "partitions": partitions,
        "wall_ms_per_partition": round(1000 * per_partition, 1),
        "task_ms_per_partition": round(1000 * task, 1),
        "overhead_ms_per_partition": round(1000 * (per_partition - task), 1),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.workdir)
    corpus = work / "corpus-20000"
    if not (corpus / "part-000.jsonl").exists():
        build_corpus(corpus, 20_000)
    source = subset_file(corpus, work / f"cluster-subset-{args.articles}.jsonl", args.articles)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "articles": args.articles,
        "partition_size": PARTITION_SIZE,
        "parallelism": [machine_parallelism()],
        "runs": [],
    }
    for repeat in range(args.repeat):
        order = [("single", 0), ("cluster", 1), ("cluster", 2)]
        if repeat % 2:
            order.reverse()
        for kind, workers in order:
            db = work / f"cluster-{kind}-{workers}.db"
            for stale in work.glob(db.name + "*"):
                if stale.is_file():
                    stale.unlink()
            for stale in db.with_suffix(".shards").glob("*.parquet"):
                stale.unlink()
            print(f"repeat {repeat + 1}: {kind} {workers or ''}", flush=True)
            if kind == "single":
                result = single_process(source, db, args.articles)
            else:
                result = on_cluster(source, db, workers, args.articles)
            result["repeat"] = repeat + 1
            results["runs"].append(result)
            print(result, flush=True)
    results["parallelism"].append(machine_parallelism())
    results["overhead"] = scheduler_overhead(work)
    return results


def _median(runs: list[dict[str, Any]], name: str, key: str) -> float:
    values = [r[key] for r in runs if r["run"] == name and r.get(key) is not None]
    return round(statistics.median(values), 2) if values else float("nan")


def render(results: dict[str, Any], scale: dict[str, Any] | None = None) -> str:
    runs = results["runs"]
    single, one, two = (
        "single process",
        "LocalCluster, 1 worker(s)",
        "LocalCluster, 2 worker(s)",
    )
    rate = {name: _median(runs, name, "steady_articles_per_second") for name in (single, one, two)}
    cpu = {name: _median(runs, name, "cpu_ms_per_article") for name in (single, one, two)}
    overhead = results["overhead"]
    lines = [
        "## Cluster (issue 14): `python -m benchmarks.cluster`",
        "",
        f"Machine: {results['machine']}. {results['articles']} articles of the corpus benchmark's "
        f"synthetic corpus (about 1 in 8 French: full pipeline), JSON Lines, partitions of "
        f"{results['partition_size']} articles, each run into a fresh SQLite store; "
        f"{max(r['repeat'] for r in runs)} interleaved repeats, medians shown.",
        "",
        "| run | steady rate (articles/s) | CPU per article (all processes) | load average (1 min) at the end |",
        "|---|---|---|---|",
    ]
    for name in (single, one, two):
        loads = ", ".join(str(r["load_average"]) for r in runs if r["run"] == name)
        lines.append(f"| {name} | {rate[name]} | {cpu[name]} ms | {loads} |")
    lines += [
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| 2 workers / 1 worker, steady rate | **{rate[two] / rate[one]:.2f}×** | ≥ 1.7× |",
        f"| CPU per article, cluster (1 worker) / single process | **{cpu[one] / cpu[single]:.2f}×** | ≤ 1.1× |",
        f"| CPU per article, cluster (2 workers) / single process | {cpu[two] / cpu[single]:.2f}× | |",
        f"| baseline: 2 processes / 1 on a CPU-bound loop, before / after | "
        f"{results['parallelism'][0]}× / {results['parallelism'][1]}× | 2.0 on two idle cores |",
        f"| scheduler overhead per partition ({overhead['partitions']} one-article partitions, 2 workers) | "
        f"{overhead['overhead_ms_per_partition']} ms (wall {overhead['wall_ms_per_partition']} ms, task "
        f"{overhead['task_ms_per_partition']} ms) | |",
    ]
    lines += ["", *projection(results, scale)]
    return "\n".join(lines) + "\n"


def projection(results: dict[str, Any], scale: dict[str, Any] | None) -> list[str]:
    runs = [r for r in results["runs"] if r["run"].startswith("LocalCluster")]
    cpu_ms = statistics.median(r["cpu_ms_per_article"] for r in runs)
    shard_bytes = statistics.median(r["shard_bytes"] / max(r["stored"], 1) for r in runs)
    sqlite_bytes = pg_bytes = None
    if scale:
        sqlite_bytes = scale.get("sqlite", {}).get("bytes_per_article")
        pg_bytes = scale.get("postgresql", {}).get("bytes_per_article")
    lines = [
        "Projection from these costs (the analysis of this corpus mix; an all-French corpus "
        "costs more per article, see the single-article benchmark):",
        "",
        "| articles | analysis, core-hours | wall time on 10 / 100 cores | Parquet shards | SQLite store | PostgreSQL store |",
        "|---|---|---|---|---|---|",
    ]
    for articles in (10_000_000, 100_000_000):
        hours = articles * cpu_ms / 1000 / 3600
        lines.append(
            f"| {articles // 1_000_000} M | {hours:,.0f} | {hours / 10:,.0f} h / {hours / 100:,.1f} h | "
            f"{_size(articles * shard_bytes)} | {_size(articles * sqlite_bytes) if sqlite_bytes else '—'} | "
            f"{_size(articles * pg_bytes) if pg_bytes else '—'} |"
        )
    lines += [
        "",
        f"(CPU {cpu_ms:.1f} ms per article on the cluster path; shards {shard_bytes:,.0f} bytes per "
        "article; store sizes per article from the stores `benchmarks.scale` measured.)",
    ]
    return lines


def _size(value: float) -> str:
    for unit, factor in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if value >= factor:
            return f"{value / factor:,.1f} {unit}"
    return f"{value:,.0f} B"


def _scale_results(workdir: Path) -> dict[str, Any] | None:
    path = Path(os.environ.get("PRESSWATCH_SCALE_DIR", "/tmp/presswatch-scale")) / "results.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def report(_: Any = None) -> str:
    args = argparse.Namespace(articles=800, repeat=2, workdir=DEFAULT_WORKDIR)
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    results = run(args)
    (Path(args.workdir) / "cluster-results.json").write_text(json.dumps(results, indent=2))
    return render(results, _scale_results(Path(args.workdir)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", default=DEFAULT_WORKDIR)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--from-results", type=Path, help="render an earlier cluster-results.json")
    args = parser.parse_args()
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    if args.from_results:
        results = json.loads(args.from_results.read_text("utf-8"))
    else:
        results = run(args)
        (Path(args.workdir) / "cluster-results.json").write_text(json.dumps(results, indent=2))
    text = render(results, _scale_results(Path(args.workdir)))
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
