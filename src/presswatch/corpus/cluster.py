"""Scale-out on Dask distributed: the same ingest, partition by partition,
on a cluster.

    presswatch ingest SOURCE... --cluster tcp://HOST:8786   # an existing scheduler
    presswatch ingest SOURCE... --cluster local:4           # 4 worker processes here
    presswatch batch SOURCE... --out DIR [--cluster ...]    # Parquet only, no store

The client (this process) plans partitions (:mod:`presswatch.corpus.partitions`),
submits one task per partition, and a worker plugin (:class:`PipelinePlugin`)
loads the analysis models once per worker process. A task reads its
partition, analyses it with :func:`~presswatch.corpus.ingest.analysis.analyze_batch`
(the single-process ingest's analysis function, in batches of the same
size) and writes one Parquet shard, atomically
(:func:`~presswatch.corpus.shards.write_shard`). A shard that exists is
never analysed again, so an interrupted run resumes from its shards.

``ingest`` then stores the shards in the order of the input, through the
single-process ingest's storing step (``Store.add_many``: de-duplication,
near-duplicate links, facets and whatever the store computes for each
stored article), so the database is the one a single-process ingest builds:
same article ids, same annotations, same near-duplicate links. ``batch``
finds the near-duplicates across all shards with the same rule
(:func:`~presswatch.corpus.shards.near_duplicates`) as a step of its own.

Failure semantics:

* a worker killed in the middle of a partition: Dask runs the task again
  on another worker (up to ``distributed.scheduler.allowed-failures``
  times, 3 by default); the shard is only renamed into place when complete
  and stored once, and storing is idempotent (an article already stored is
  a duplicate), so each article is stored once;
* an interrupted run (Ctrl-C, a killed client): the shards written stay;
  the rerun skips their partitions and stores what is not stored yet;
* a bad input (unreadable file, bad JSON line, damaged archive, failed
  analysis): recorded as a failure, as in the single-process path; a
  partition whose task fails repeatedly (its worker died each time) is
  reported as one failure and retried by the next run.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from presswatch import __version__
from presswatch.core.deps import require
from presswatch.core.errors import Failure, PresswatchError, Terminated
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest import IngestStoreError, IngestSummary, Progress, _Run
from presswatch.corpus.ingest.fetch import Fetcher, FetchOptions
from presswatch.corpus.ingest.metadata import RunMetadata, metadata_changed
from presswatch.corpus.partitions import DEFAULT_PARTITION_SIZE, Partition, Planned, plan
from presswatch.corpus.shards import SHARD_SUFFIX, near_duplicates, read_shard, shard_counts
from presswatch.corpus.store.base import SQLStore
from presswatch.corpus.store.errors import StoreUnavailableError
from presswatch.corpus.store.types import Record
from presswatch.corpus.tasks import Done, Job, run_job, run_job_with
from presswatch.readers import DEFAULT_MAX_BYTES

#: Records stored per transaction when loading shards.
LOAD_BATCH = 64


class ClusterError(PresswatchError):
    """The cluster cannot be reached or used (bad address, missing Dask,
    a worker with another presswatch version)."""


# -- runners: where jobs run --------------------------------------------------


class Runner(Protocol):
    #: Worker processes (the per-host fetch interval is multiplied by it).
    workers: int

    def submit(self, job: Job) -> None: ...

    def in_flight(self) -> int: ...

    def next_done(self) -> Done:
        """Wait for a submitted job to finish."""

    def cancel(self) -> None: ...


class InProcessRunner:
    """Jobs run in this process, one at a time (``batch`` without ``--cluster``)."""

    workers = 1

    def __init__(self, pipeline: Pipeline | None) -> None:
        self.pipeline = pipeline
        self._queue: list[Job] = []

    def submit(self, job: Job) -> None:
        self._queue.append(job)

    def in_flight(self) -> int:
        return len(self._queue)

    def next_done(self) -> Done:
        job = self._queue.pop(0)
        return _guarded(job, lambda: run_job(job, self.pipeline))

    def cancel(self) -> None:
        self._queue.clear()


def _guarded(job: Job, call: Callable[[], Done]) -> Done:
    try:
        return call()
    except PresswatchError as exc:
        return Done(job.part.index, job.shard, error=str(exc), description=job.part.describe())


class DaskRunner:
    """Jobs run as tasks of a Dask distributed client."""

    def __init__(self, client: Any, pipeline: Pipeline | None) -> None:
        from distributed import as_completed

        from presswatch.corpus.plugin import PipelinePlugin

        self.client = client
        try:
            client.register_plugin(PipelinePlugin(pipeline), name=PipelinePlugin.name)
        except Exception as exc:
            raise ClusterError(f"the workers could not load the models: {exc}") from None
        self.workers = max(len(client.scheduler_info().get("workers", {})), 1)
        self._completed = as_completed()
        self._jobs: dict[str, Job] = {}
        self._shared: tuple[RunMetadata, Any] | None = None

    def submit(self, job: Job) -> None:
        key = f"presswatch-{Path(job.shard).stem}"
        if job.metadata is None:
            future = self.client.submit(run_job, job, key=key, pure=False)
        else:  # the sidecars go to each worker once, not with every task
            shared = self._share(job.metadata)
            future = self.client.submit(
                run_job_with, replace(job, metadata=None), shared, key=key, pure=False
            )
        self._jobs[future.key] = job
        self._completed.add(future)

    def _share(self, metadata: RunMetadata) -> Any:
        """A future of ``metadata``, copied to every worker once (a worker
        that joins later fetches it from another worker)."""
        if self._shared is None or self._shared[0] is not metadata:
            future = self.client.scatter(metadata, broadcast=True, hash=False)
            self._shared = (metadata, future)
        return self._shared[1]

    def in_flight(self) -> int:
        return len(self._jobs)

    def next_done(self) -> Done:
        future = next(self._completed)
        job = self._jobs.pop(future.key)
        try:
            done: Done = future.result()
        except Exception as exc:  # the task failed (e.g. its workers kept dying)
            done = Done(
                job.part.index,
                job.shard,
                error=f"{type(exc).__name__}: {exc}",
                description=job.part.describe(),
            )
        finally:
            future.release()
        return done

    def cancel(self) -> None:
        if self._jobs:
            self.client.cancel(list(self._completed.futures))
        self._jobs.clear()


#: Dask configuration of a ``local:N`` cluster (its scheduler, nannies and
#: workers; docs/scale.md gives the same settings for a real cluster).
#:
#: * Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which
#:   turns off glibc's adaptive mmap threshold: every large allocation of
#:   the analysis is then mapped and unmapped again, and the page faults
#:   cost a worker about a quarter more CPU per article than the same
#:   analysis in one process. ``None`` unsets it.
#: * Dask's statistical profiler (every 10 ms), event-loop tick (20 ms) and
#:   memory and system monitors (100 and 500 ms) cost an idle LocalCluster
#:   of one worker about 80 ms of CPU per second, paid for every second of
#:   a run; at these intervals, about 10 ms. Nothing here reads the
#:   profiles (the cluster has no dashboard), and a memory limit is still
#:   checked every second.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def parse_cluster(spec: str) -> tuple[str, int | str]:
    """``local:N`` -> ("local", N); ``tcp://HOST:PORT`` (or any scheduler
    address Dask accepts) -> ("address", spec)."""
    spec = spec.strip()
    if spec.startswith("local:"):
        count = spec.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--cluster {spec!r}: expected local:N with N >= 1 workers")
        return "local", int(count)
    if "://" not in spec:
        raise ClusterError(
            f"--cluster {spec!r}: expected a scheduler address (tcp://HOST:8786) or local:N"
        )
    return "address", spec


@contextmanager
def dask_client(spec: str) -> Iterator[Any]:
    """A Dask client for ``spec``: a new LocalCluster of N single-threaded
    worker processes (``local:N``), or the scheduler at an address."""
    kind, value = parse_cluster(spec)
    require("cluster")  # a default dependency: missing only from a broken install
    from distributed import Client, LocalCluster

    if kind == "local":
        import dask.config

        with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read as each process starts
            cluster = LocalCluster(
                n_workers=int(value),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,  # logging.ERROR
            )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(str(value), timeout="15s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {value} ({exc})") from None
    with client:
        yield client


# -- the client's loop -------------------------------------------------------


def default_shards(url: str) -> Path:
    """Where ``ingest --cluster`` puts its shards without ``--shards``: beside
    a SQLite database (``corpus.db.shards``), else ``./presswatch-shards``."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        return Path(path + ".shards")
    return Path("presswatch-shards")


def shard_salt(pipeline: Pipeline, max_bytes: int, metadata: RunMetadata | None = None) -> str:
    """What, besides the input, decides a shard's content (the metadata a
    run gives: other sidecar values or flags make other shards)."""
    salt = f"presswatch {__version__}; stages {','.join(pipeline.names)}; max_bytes {max_bytes}"
    if metadata is not None:
        salt += f"; metadata {_metadata_digest(metadata)}"
    return salt


def _metadata_digest(metadata: RunMetadata) -> str:
    given: list[Any] = [repr(metadata.defaults)]
    for sidecar in metadata.sidecars:
        rows = sorted((*sidecar.by_path.values(), *sidecar.by_name.values()), key=lambda e: e.line)
        given.append((str(sidecar.path), [(e.file, repr(e.metadata)) for e in rows]))
    if metadata.explicit is None:
        given.append(sorted(metadata.discovered))
    text = json.dumps(given, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def shard_path(folder: Path, part: Partition, salt: str) -> Path:
    return folder / f"{part.key(salt)}{SHARD_SUFFIX}"


def run_partitions(
    planned: Iterable[Planned],
    runner: Runner,
    folder: Path,
    *,
    salt: str,
    max_bytes: int,
    fetch_options: FetchOptions | None,
    on_failure: Callable[[Failure], None],
    metadata: RunMetadata | None = None,
) -> Iterator[Done]:
    """Submit a job per partition without a shard (at most twice as many as
    the workers at a time, so planning a huge input stays bounded) and yield
    every partition's :class:`Done` in the order of the partitions."""
    window = 2 * runner.workers + 1
    finished: dict[int, Done] = {}
    expected = 0
    for item in planned:
        if isinstance(item, Failure):
            on_failure(item)
            continue
        if metadata is not None:
            mark_sidecar_rows(metadata, item)
        shard = shard_path(folder, item, salt)
        if shard.exists():
            finished[item.index] = Done(item.index, str(shard), reused=True)
        else:
            job = Job(item, str(shard), max_bytes, fetch_options, salt=salt, metadata=metadata)
            runner.submit(job)
            while runner.in_flight() >= window:
                done = runner.next_done()
                finished[done.index] = done
        while expected in finished:
            yield finished.pop(expected)
            expected += 1
    while runner.in_flight():
        done = runner.next_done()
        finished[done.index] = done
        while expected in finished:
            yield finished.pop(expected)
            expected += 1
    for orphan in folder.glob(".*.tmp"):  # partial shards of workers that died
        orphan.unlink(missing_ok=True)


def mark_sidecar_rows(metadata: RunMetadata, part: Partition) -> None:
    """Mark the sidecar rows of a partition's files as used here, on the
    client (the workers apply them to their copies), so that the run reports
    the rows that matched no file as a single-process ingest does."""
    if part.kind not in ("files", "lines", "warc"):
        return
    for source, root in zip(part.sources, part.roots, strict=False):
        sidecar = metadata.sidecar_for(root)
        if sidecar is not None:
            sidecar.lookup(Path(source))


def scaled_fetch_options(options: FetchOptions | None, workers: int) -> FetchOptions:
    """Each worker waits ``workers`` times longer between two requests to a
    host, so the whole cluster stays within the per-host rate."""
    options = options or FetchOptions()
    return replace(options, min_interval=options.min_interval * max(workers, 1))


@dataclass
class ClusterStats:
    """What the partitions cost on the workers (benchmarks, progress)."""

    partitions: int = 0
    reused: int = 0
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    analysed: int = 0
    task_failures: list[str] = field(default_factory=list)

    def add(self, done: Done) -> None:
        self.partitions += 1
        self.reused += int(done.reused)
        self.worker_seconds += done.seconds
        self.worker_cpu_seconds += done.cpu_seconds
        if not done.reused:
            self.analysed += done.articles + done.failures
        if done.error:
            self.task_failures.append(done.error)


@dataclass
class ClusterSummary(IngestSummary):
    """An ingest summary with what the cluster did."""

    cluster: ClusterStats = field(default_factory=ClusterStats)
    shards: str = ""


def _runner(
    cluster: str | Runner | None, pipeline: Pipeline | None
) -> Generator[Runner, None, None]:
    """Yield the runner for ``cluster`` (a spec, a runner, or None: this process)."""
    if cluster is None:
        yield InProcessRunner(pipeline)
    elif isinstance(cluster, str):
        with dask_client(cluster) as client:
            yield DaskRunner(client, pipeline)
    else:
        yield cluster


def cluster_ingest(
    sources: Iterable[str],
    store: SQLStore,
    *,
    cluster: str | Runner | None,
    shards: str | Path,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    pipeline: Pipeline | None = None,
    fetch_options: FetchOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    total: int | None = None,
    metadata: RunMetadata | None = None,
) -> ClusterSummary:
    """Analyse ``sources`` on a cluster into Parquet shards under ``shards``,
    and store them in ``store`` in the order of the input (see the module
    documentation). Failures are recorded, never raised; Ctrl-C stops
    cleanly (``summary.interrupted``) and a rerun resumes from the shards.
    ``metadata`` is given to the articles as by :func:`ingest`, and a stored
    article read again from its source with other metadata is replaced."""
    pipeline = pipeline or Pipeline.default()
    folder = Path(shards)
    folder.mkdir(parents=True, exist_ok=True)
    summary = ClusterSummary(total=total, shards=str(folder))
    run = _Run(store, summary, progress)
    replacing = store.count() > 0  # an article read again may carry new metadata
    fetcher = Fetcher(fetch_options)
    generator = _runner(cluster, pipeline)
    runner = next(generator)
    try:
        planned = plan(
            sources,
            size=partition_size,
            fetcher=fetcher,
            skip_url=run.skip_url,
            max_bytes=max_bytes,
        )
        for done in run_partitions(
            planned,
            runner,
            folder,
            salt=shard_salt(pipeline, max_bytes, metadata),
            max_bytes=max_bytes,
            fetch_options=scaled_fetch_options(fetch_options, runner.workers),
            on_failure=run.fail,
            metadata=metadata,
        ):
            summary.cluster.add(done)
            summary.partitions_done = summary.cluster.partitions
            if done.error:
                run.fail(Failure(done.description or done.shard, f"partition failed: {done.error}"))
                run.notify()
                continue
            load_shard(run, Path(done.shard), replacing=replacing)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (Terminated)
        summary.interrupted = True
        summary.terminated = isinstance(exc, Terminated)
        runner.cancel()
    except StoreUnavailableError as exc:  # the database cannot go on: as ingest, stop
        runner.cancel()
        run.notify()
        raise IngestStoreError(exc, summary) from exc
    finally:
        generator.close()
        run.notify()
    return summary


def load_shard(run: _Run, path: Path, batch: int = LOAD_BATCH, *, replacing: bool = False) -> None:
    """Store a shard's records (and record its failures) through the
    single-process ingest's storing step, ``batch`` records per transaction;
    with ``replacing``, a record of a stored article read again from its
    source with other metadata replaces it (as :func:`ingest` does)."""
    results: list[Record | Failure] = []
    for result in read_shard(path):
        if replacing and isinstance(result, Record):
            result = _maybe_replacing(run, result)
        results.append(result)
        if len(results) >= batch:
            run.finish(0, results)
            results = []
    if results:
        run.finish(0, results)


def load_shards(
    store: SQLStore, shards: Iterable[str | Path], *, progress: Progress | None = None
) -> IngestSummary:
    """Store finished shards (written by ``batch`` or an earlier ``ingest
    --cluster``), in the given order, as ``ingest --cluster`` stores them."""
    summary = IngestSummary()
    run = _Run(store, summary, progress)
    try:
        for path in shards:
            load_shard(run, Path(path))
            summary.partitions_done += 1
    except KeyboardInterrupt as exc:
        summary.interrupted = True
        summary.terminated = isinstance(exc, Terminated)
    except StoreUnavailableError as exc:
        run.notify()
        raise IngestStoreError(exc, summary) from exc
    finally:
        run.notify()
    return summary


def _maybe_replacing(run: _Run, record: Record) -> Record:
    """``record`` under the id of the stored article it replaces, when it
    is that article read again from its source with other metadata."""
    article = record.article
    stored = run.store.find_stored(
        article_id=article.id,
        canonical_url=record.canonical_url,
        content_hash=record.content_hash,
    )
    if stored is None or not metadata_changed(article, stored):
        return record
    article.id = stored.id
    run.replacing.add(stored.id)
    return replace(record, encoded=None)  # the JSON read from the shard has the old id


# -- batch: shards without a store --------------------------------------------


@dataclass
class BatchSummary:
    articles: int = 0
    failed: int = 0
    near_duplicates: int = 0
    partitions: int = 0
    reused: int = 0
    elapsed: float = 0.0
    interrupted: bool = False
    out: str = ""
    failures: list[Failure] = field(default_factory=list)
    cluster: ClusterStats = field(default_factory=ClusterStats)

    @property
    def rate(self) -> float:
        done = self.articles + self.failed
        return done / self.elapsed if self.elapsed > 0 else 0.0


ARTICLES_FOLDER = "articles"
LINKS_FILE = "near_duplicates.parquet"
MANIFEST_FILE = "manifest.json"


def batch(
    sources: Iterable[str],
    out: str | Path,
    *,
    cluster: str | Runner | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    pipeline: Pipeline | None = None,
    fetch_options: FetchOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[BatchSummary], None] | None = None,
    metadata: RunMetadata | None = None,
) -> BatchSummary:
    """Analyse ``sources`` into Parquet shards under ``out/articles/`` (one
    per partition), then find the near-duplicates across all of them
    (``out/near_duplicates.parquet``) and write ``out/manifest.json`` (the
    shards in input order, with their counts). No store is involved.
    ``metadata`` is given to the articles as by :func:`ingest`."""
    pipeline = pipeline or Pipeline.default()
    folder = Path(out) / ARTICLES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(out=str(out))
    started = time.monotonic()
    shards: list[dict[str, Any]] = []

    def fail(failure: Failure) -> None:
        summary.failed += 1
        if len(summary.failures) < 20:
            summary.failures.append(failure)

    generator = _runner(cluster, pipeline)
    runner = next(generator)
    try:
        for done in run_partitions(
            plan(sources, size=partition_size, fetcher=Fetcher(fetch_options), max_bytes=max_bytes),
            runner,
            folder,
            salt=shard_salt(pipeline, max_bytes, metadata),
            max_bytes=max_bytes,
            fetch_options=scaled_fetch_options(fetch_options, runner.workers),
            on_failure=fail,
            metadata=metadata,
        ):
            summary.cluster.add(done)
            summary.partitions += 1
            if done.error:
                fail(Failure(done.description or done.shard, f"partition failed: {done.error}"))
                continue
            counts = shard_counts(Path(done.shard))
            summary.reused += int(done.reused)
            summary.articles += counts.articles
            summary.failed += counts.failures
            shards.append(
                {"shard": f"{ARTICLES_FOLDER}/{Path(done.shard).name}",
                 "articles": counts.articles, "failures": counts.failures}
            )  # fmt: skip
            summary.elapsed = time.monotonic() - started
            if progress is not None:
                progress(summary)
    except KeyboardInterrupt:
        summary.interrupted = True
        runner.cancel()
    finally:
        generator.close()
    if not summary.interrupted:
        summary.near_duplicates = write_links(
            Path(out) / LINKS_FILE, [Path(out) / s["shard"] for s in shards]
        )
        manifest = {"presswatch_version": __version__, "stages": pipeline.names, "shards": shards}
        (Path(out) / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), "utf-8")
    summary.elapsed = time.monotonic() - started
    return summary


def write_links(path: Path, shards: list[Path]) -> int:
    """Write the near-duplicate links across ``shards`` (in order) to ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {"id": link.id, "near_duplicate_of": link.near_duplicate_of, "similarity": link.similarity}
        for link in near_duplicates(shards)
    ]
    table_schema = pa.schema(
        [("id", pa.string()), ("near_duplicate_of", pa.string()), ("similarity", pa.float64())]
    )
    pq.write_table(pa.Table.from_pylist(rows, schema=table_schema), str(path))
    return len(rows)
