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
* CPU per article: the CPU time (user + system) of every process involved,
  read with psutil, from the moment the models are loaded to the end,
  divided by the articles, for the single process too: what the cluster
  path costs beyond the analysis itself (partitioning, pickling, Parquet
  shards, storing from shards, scheduling). Split into "client" (this
  process: the client, the storing, and a LocalCluster's scheduler and
  nannies) and "workers" (the worker processes), and into system time (page
  faults, allocation). CPU time, unlike the rate, is little changed by other
  jobs sharing the cores, so the CPU ratios are the meaningful ones on a
  loaded machine;
* the machine's parallelism baseline (two plain processes against one on a
  CPU-bound loop) before every pair of cluster runs, so that the 2/1 worker
  ratio is read against what the machine gave two processes at that moment;
* Dask's idle cost: the CPU seconds per second of a LocalCluster of 1 worker
  doing nothing (heartbeats, monitors), which the cluster path pays for
  every second it runs;
* scheduler overhead per partition: 200 partitions of one short article,
  repair stage only, 2 workers: wall time per partition minus the time the
  task body took, and CPU (all processes) per partition minus the task's.

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

from benchmarks._common import ONE_CORE_ENV, write_section
from benchmarks.corpus import DEFAULT_WORKDIR, build_corpus, machine_parallelism, subset_file

SECTION = "cluster"
STEADY_FROM = 0.3
PARTITION_SIZE = 50


# One BLAS/OpenMP thread in this process too, as Dask gives its workers:
# the single process and the workers then run the same analysis.
for _name, _value in ONE_CORE_ENV.items():
    os.environ.setdefault(_name, _value)


def _cpu_all() -> dict[str, float]:
    """CPU seconds (user, system) of this process ("client") and of every
    live descendant ("workers": a LocalCluster's worker processes)."""
    import psutil

    me = psutil.Process()
    times = me.cpu_times()
    cpu = {"client_user": times.user, "client_system": times.system, "workers_user": 0.0,
           "workers_system": 0.0}  # fmt: skip
    for child in me.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        cpu["workers_user"] += times.user
        cpu["workers_system"] += times.system
    return cpu


def _cpu_since(before: dict[str, float]) -> dict[str, float]:
    after = _cpu_all()
    return {key: after[key] - before[key] for key in before}


def _cpu_fields(cpu: dict[str, float], articles: int) -> dict[str, float]:
    """CPU per article in ms: all processes, client, workers, system time."""
    per = 1000 / max(articles, 1)
    client = cpu["client_user"] + cpu["client_system"]
    workers = cpu["workers_user"] + cpu["workers_system"]
    return {
        "cpu_ms_per_article": round(per * (client + workers), 1),
        "client_cpu_ms_per_article": round(per * client, 1),
        "workers_cpu_ms_per_article": round(per * workers, 1),
        "system_cpu_ms_per_article": round(per * (cpu["client_system"] + cpu["workers_system"]), 1),
    }


class Steady:
    """Progress callback: the time and count when 30 % of the articles are done."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.mark: tuple[float, int] | None = None
        self.cpu: dict[str, float] | None = None  # of every process, at the mark

    def __call__(self, summary: Any) -> None:
        if self.mark is None and summary.processed >= STEADY_FROM * self.expected:
            self.mark = (time.perf_counter(), summary.processed)
            self.cpu = _cpu_all()

    def cpu_fields(self, processed: int) -> dict[str, float]:
        """CPU per article from the mark to now (every process warmed up)."""
        if self.mark is None or self.cpu is None or processed <= self.mark[1]:
            return {}
        fields = _cpu_fields(_cpu_since(self.cpu), processed - self.mark[1])
        return {f"steady_{key}": value for key, value in fields.items()}

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
        cpu, started = _cpu_all(), time.perf_counter()
        summary = ingest([str(source)], store, pipeline=pipeline, progress=steady)
        ended = time.perf_counter()
        used = _cpu_since(cpu)
        steady_cpu = steady.cpu_fields(summary.processed)
    return {**_result("single process", summary, started, ended, used, steady), **steady_cpu}


def on_cluster(source: Path, db: Path, workers: int, expected: int) -> dict[str, Any]:
    from presswatch.corpus.cluster import DaskRunner, cluster_ingest, dask_client
    from presswatch.corpus.store import open_store

    shards = db.with_suffix(".shards")
    with dask_client(f"local:{workers}") as client, open_store(str(db), create=True) as store:
        runner = Recording(DaskRunner(client, None))  # the plugin loads the models (not counted)
        steady = Steady(expected)
        cpu, started = _cpu_all(), time.perf_counter()
        summary = cluster_ingest(
            [str(source)], store, cluster=runner, shards=shards, partition_size=PARTITION_SIZE,
            progress=steady,
        )  # fmt: skip
        ended = time.perf_counter()
        used = _cpu_since(cpu)
    result = _result(f"LocalCluster, {workers} worker(s)", summary, started, ended, used, steady)
    result.update(runner.steady_cpu(result["client_cpu_ms_per_article"]))
    result["worker_cpu_ms_per_article"] = round(
        1000 * summary.cluster.worker_cpu_seconds / max(summary.processed, 1), 1
    )
    result["shard_bytes"] = sum(p.stat().st_size for p in shards.glob("*.parquet"))
    return result


class Recording:
    """A runner that keeps what each partition's task reported, so that the
    steady CPU of the workers leaves out each worker's first partition (its
    warm-up: the first analyses after the models load cost more)."""

    def __init__(self, runner: Any) -> None:
        self.runner = runner
        self.workers = runner.workers
        self.done: list[Any] = []

    def submit(self, job: Any) -> None:
        self.runner.submit(job)

    def in_flight(self) -> int:
        return int(self.runner.in_flight())

    def next_done(self) -> Any:
        done = self.runner.next_done()
        self.done.append(done)
        return done

    def cancel(self) -> None:
        self.runner.cancel()

    def steady_cpu(self, client_ms: float) -> dict[str, float]:
        """Steady CPU per article: the tasks' own CPU (each worker process's,
        all its threads) after each worker's first partition, plus this
        process's CPU per article over the whole run."""
        seen: set[str] = set()
        cpu = articles = 0.0
        for done in self.done:
            if done.worker not in seen:
                seen.add(done.worker)
                continue
            cpu += done.cpu_seconds
            articles += done.articles + done.failures
        if not articles:
            return {}
        workers_ms = 1000 * cpu / articles
        return {
            "steady_workers_cpu_ms_per_article": round(workers_ms, 1),
            "steady_cpu_ms_per_article": round(workers_ms + client_ms, 1),
        }


def _result(
    name: str, summary: Any, started: float, ended: float, cpu: dict[str, float], steady: Steady
) -> dict[str, Any]:
    rate = steady.rate(summary.processed, ended)
    return {
        "run": name,
        "stored": summary.stored,
        "failed": summary.failed,
        "seconds": round(ended - started, 2),
        "steady_articles_per_second": round(rate, 2) if rate else None,
        **_cpu_fields(cpu, summary.processed),
        "load_average": round(os.getloadavg()[0], 2),
    }


def idle_cost(seconds: float = 10.0) -> float:
    """CPU seconds per second of all the processes of an idle LocalCluster
    of 1 worker (scheduler, nanny, worker, client): Dask's own fixed cost."""
    from presswatch.corpus.cluster import dask_client

    with dask_client("local:1") as client:
        client.run(lambda: None)  # the worker is up
        cpu = _cpu_all()
        time.sleep(seconds)
        used = _cpu_since(cpu)
    return round(sum(used.values()) / seconds, 4)


#: Articles of the partition the interleaved comparison analyses (3 batches of 16).
INTERLEAVED_ARTICLES = 48


def interleaved(source: Path, work: Path, rounds: int = 3) -> dict[str, Any]:
    """The same partition, analysed in turn (a) as the single-process ingest
    does, in this process; (b) as a cluster task (with its Parquet shard) in
    this process; (c) as a cluster task on a LocalCluster's worker: CPU of
    every process from submitting to the result. Everything runs on one core
    and the three alternate, so other jobs on the machine weigh on each alike."""
    from presswatch.core.pipeline import Pipeline
    from presswatch.corpus.cluster import DaskRunner, dask_client
    from presswatch.corpus.partitions import Partition, part_items, plan
    from presswatch.corpus.tasks import Job, analysed, run_job, set_worker_pipeline

    part = next(
        p for p in plan([str(source)], size=INTERLEAVED_ARTICLES) if isinstance(p, Partition)
    )
    folder = work / "interleaved"
    folder.mkdir(parents=True, exist_ok=True)
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})  # the worker processes inherit it
    pipeline = Pipeline.default()
    set_worker_pipeline(pipeline)
    measured: dict[str, list[float]] = {"single": [], "task_here": [], "task_on_worker": []}
    try:
        with dask_client("local:1") as client:
            DaskRunner(client, None)  # the worker loads its models (not counted)

            def on_worker(shard: Path) -> float:
                cpu = _cpu_all()
                client.submit(run_job, Job(part, str(shard)), pure=False).result()
                return sum(_cpu_since(cpu).values())

            def single() -> float:
                cpu = time.process_time()
                list(analysed(part_items(part), pipeline))
                return time.process_time() - cpu

            def task_here(shard: Path) -> float:
                cpu = time.process_time()
                run_job(Job(part, str(shard)), pipeline)
                return time.process_time() - cpu

            for round_ in range(rounds + 1):  # round 0 warms every process up, not counted
                costs = {
                    "single": single(),
                    "task_here": task_here(folder / f"here-{round_}.parquet"),
                    "task_on_worker": on_worker(folder / f"worker-{round_}.parquet"),
                }
                if round_:
                    for name, cost in costs.items():
                        measured[name].append(1000 * cost / INTERLEAVED_ARTICLES)
    finally:
        os.sched_setaffinity(0, affinity)
        set_worker_pipeline(None)
        for shard in folder.glob("*.parquet"):
            shard.unlink()
    result: dict[str, Any] = {"articles": INTERLEAVED_ARTICLES, "rounds": rounds}
    for name, values in measured.items():
        result[f"{name}_cpu_ms_per_article"] = round(statistics.median(values), 1)
    return result


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
        cpu, started = _cpu_all(), time.perf_counter()
        summary = cluster_ingest(
            [str(folder)], store, cluster=runner, shards=shards, partition_size=1
        )
        wall = time.perf_counter() - started
        used = sum(_cpu_since(cpu).values())
    task = summary.cluster.worker_seconds / partitions
    task_cpu = summary.cluster.worker_cpu_seconds / partitions
    per_partition = wall * 2 / partitions  # two workers run partitions side by side
    return {
        "partitions": partitions,
        "wall_ms_per_partition": round(1000 * per_partition, 1),
        "task_ms_per_partition": round(1000 * task, 1),
        "overhead_ms_per_partition": round(1000 * (per_partition - task), 1),
        "cpu_ms_per_partition": round(1000 * used / partitions, 1),
        "task_cpu_ms_per_partition": round(1000 * task_cpu, 1),
        "cpu_overhead_ms_per_partition": round(1000 * (used / partitions - task_cpu), 1),
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
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "parallelism": [],
        "runs": [],
    }
    for repeat in range(args.repeat):
        order = [("single", 0), ("cluster", 1), ("cluster", 2)]
        if repeat % 2:
            order.reverse()
        results["parallelism"].append(machine_parallelism())
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
    results["idle_cpu_per_second"] = idle_cost()
    results["interleaved"] = interleaved(source, work)
    results["overhead"] = scheduler_overhead(work)
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
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
    names = (single, one, two)
    rate = {name: _median(runs, name, "steady_articles_per_second") for name in names}
    cpu = {name: _median(runs, name, "cpu_ms_per_article") for name in names}
    steady_cpu = {name: _median(runs, name, "steady_cpu_ms_per_article") for name in names}
    workers_cpu = {name: _median(runs, name, "workers_cpu_ms_per_article") for name in names}
    baseline = statistics.median(results["parallelism"])
    speedup = rate[two] / rate[one]
    overhead = results["overhead"]
    lines = [
        "## Cluster (issue 14): `python -m benchmarks.cluster`",
        "",
        f"Machine: {results['machine']}. {results['articles']} articles of the corpus benchmark's "
        f"synthetic corpus (about 1 in 8 French: full pipeline), JSON Lines, partitions of "
        f"{results['partition_size']} articles, each run into a fresh SQLite store; "
        f"{max(r['repeat'] for r in runs)} interleaved repeats, medians shown; one BLAS thread "
        "per process. Load average (1, 5, 15 min) before: "
        f"{', '.join(map(str, results['load_average_before']))}; after: "
        f"{', '.join(map(str, results['load_average_after']))}.",
        "",
        "CPU per article (user + system, all processes), whole run: from the models loaded to "
        "the end; steady: without each process's warm-up (single process: from 30 % of the "
        "articles on; workers: their tasks after each worker's first partition, plus the client "
        "process's whole-run CPU).",
        "",
        "| run | steady rate (articles/s) | CPU per article, steady | whole run | client process "
        "| worker processes | of which system time | load average (1 min) at the end |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in names:
        loads = ", ".join(str(r["load_average"]) for r in runs if r["run"] == name)
        lines.append(
            f"| {name} | {rate[name]} | {steady_cpu[name]} ms | {cpu[name]} ms "
            f"| {_median(runs, name, 'client_cpu_ms_per_article')} ms "
            f"| {workers_cpu[name] if name != single else '—'} ms "
            f"| {_median(runs, name, 'system_cpu_ms_per_article')} ms | {loads} |"
        )
    parallelism = " / ".join(f"{x}×" for x in results["parallelism"])
    lines += [
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| 2 workers / 1 worker, steady rate | **{speedup:.2f}×** | ≥ 1.7× |",
        f"| baseline: 2 plain processes / 1 on a CPU-bound loop, before each repeat and at the end "
        f"| {parallelism} (median {baseline:.2f}×) | 2.0 on two idle cores |",
        f"| 2 / 1 workers against the baseline (1.0: the workers scaled as far as the machine let "
        f"two processes) | {speedup / baseline:.2f} | |",
        f"| CPU per article, cluster (1 worker) / single process, steady (whole run) "
        f"| **{steady_cpu[one] / steady_cpu[single]:.2f}×** ({cpu[one] / cpu[single]:.2f}×) "
        "| ≤ 1.1× |",
        f"| CPU per article, cluster (2 workers) / single process, steady (whole run) "
        f"| **{steady_cpu[two] / steady_cpu[single]:.2f}×** ({cpu[two] / cpu[single]:.2f}×) "
        "| ≤ 1.1× |",
        f"| CPU per article in the worker processes (1 / 2 workers) / single process "
        f"| {workers_cpu[one] / cpu[single]:.2f}× / {workers_cpu[two] / cpu[single]:.2f}× | |",
        *_interleaved_rows(results.get("interleaved")),
        f"| Dask's idle cost (LocalCluster of 1 worker, all processes, nothing to do) "
        f"| {1000 * results['idle_cpu_per_second']:.0f} ms of CPU per second | |",
        f"| scheduler overhead per partition ({overhead['partitions']} one-article partitions, "
        f"2 workers): wall, CPU (all processes) "
        f"| {overhead['overhead_ms_per_partition']} ms (wall {overhead['wall_ms_per_partition']} ms, "
        f"task {overhead['task_ms_per_partition']} ms); CPU {overhead['cpu_overhead_ms_per_partition']} "
        f"ms (all processes {overhead['cpu_ms_per_partition']} ms, task "
        f"{overhead['task_cpu_ms_per_partition']} ms) | |",
    ]
    lines += ["", *projection(results, scale)]
    return "\n".join(lines) + "\n"


def _interleaved_rows(measured: dict[str, Any] | None) -> list[str]:
    if not measured:
        return []
    single = measured["single_cpu_ms_per_article"]
    here = measured["task_here_cpu_ms_per_article"]
    worker = measured["task_on_worker_cpu_ms_per_article"]
    return [
        f"| the same {measured['articles']} articles on one core, in turn ({measured['rounds']} "
        f"rounds, medians): single-process analysis / cluster task here (with its shard) / "
        f"cluster task on a worker (CPU of all processes) | {single} / {here} / {worker} ms "
        f"per article: **{worker / single:.2f}×** | ≤ 1.1× |",
    ]


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
