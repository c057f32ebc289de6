"""The work of one partition, as a cluster task runs it: read the partition,
analyse it with the single-process ingest's ``analyze_batch`` (in batches of
the same size) and write its Parquet shard atomically.

Plain functions and data (no Dask here): :mod:`presswatch.corpus.plugin`
sets the pipeline of a worker process once, and :func:`run_job` uses it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from presswatch.core.article import Article
from presswatch.core.errors import Failure
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest.analysis import analyze_batch
from presswatch.corpus.ingest.fetch import FetchOptions
from presswatch.corpus.ingest.items import Item, Skipped
from presswatch.corpus.ingest.metadata import RunMetadata
from presswatch.corpus.partitions import Partition, part_items
from presswatch.corpus.shards import shard_counts, write_shard
from presswatch.corpus.store.types import Record
from presswatch.readers import DEFAULT_MAX_BYTES
from presswatch.readers.compose import compose_article

#: Articles analysed together (the single-process ingest's batch size).
ANALYSIS_BATCH = 16


@dataclass(frozen=True)
class Job:
    """One partition to analyse into ``shard``."""

    part: Partition
    shard: str
    max_bytes: int = DEFAULT_MAX_BYTES
    fetch_options: FetchOptions | None = None
    batch_size: int = ANALYSIS_BATCH
    salt: str = ""
    #: What the run gives articles that lack it (sidecars, --outlet, --published).
    metadata: RunMetadata | None = None


@dataclass(frozen=True)
class Done:
    """What a task did with its partition."""

    index: int
    shard: str
    articles: int = 0
    failures: int = 0
    #: Wall-clock and CPU seconds the worker spent on it (0 when reused).
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    #: The shard existed already (an earlier run wrote it).
    reused: bool = False
    worker: str = ""
    #: The task itself failed (not an article): the partition has no shard.
    error: str | None = None
    description: str = ""


_PIPELINE: Pipeline | None = None
_PIPELINE_LOCK = threading.Lock()  # a worker with several threads runs one analysis at a time


def set_worker_pipeline(pipeline: Pipeline | None) -> None:
    """The pipeline of this (worker) process, its models loaded now."""
    global _PIPELINE
    if pipeline is not None:
        warm = compose_article(
            title="Préparation du modèle",
            body=["Le ministre a déclaré lundi que le modèle était chargé une fois."],
            source="<warm-up>",
            format="text",
        )
        analyze_batch([warm], pipeline)  # loads every model now, not in the first task
    _PIPELINE = pipeline


def run_job(job: Job, pipeline: Pipeline | None = None) -> Done:
    """Analyse a partition into its shard (skipped when the shard exists)."""
    path = Path(job.shard)
    if path.exists():
        counts = shard_counts(path)
        return Done(job.part.index, job.shard, counts.articles, counts.failures, reused=True)
    pipeline = pipeline or _PIPELINE or Pipeline.default()
    started, cpu = time.perf_counter(), time.process_time()
    items = part_items(
        job.part, max_bytes=job.max_bytes, fetch_options=job.fetch_options, metadata=job.metadata
    )
    metadata = {
        "presswatch_partition": job.part.describe(),
        "presswatch_partition_key": path.stem,
        "presswatch_stages": ",".join(pipeline.names),
    }
    with _PIPELINE_LOCK:
        counts = write_shard(path, analysed(items, pipeline, job.batch_size), metadata)
    return Done(
        job.part.index,
        job.shard,
        counts.articles,
        counts.failures,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        worker=f"{os.uname().nodename}:{os.getpid()}",
    )


def run_job_with(job: Job, metadata: RunMetadata) -> Done:
    """:func:`run_job` with the run's ``metadata`` given apart from the job
    (a Dask runner sends it to each worker once, not with every task)."""
    return run_job(replace(job, metadata=metadata))


def analysed(
    items: Iterable[Item], pipeline: Pipeline, batch_size: int = ANALYSIS_BATCH
) -> Iterator[Record | Failure]:
    """Records and failures in the order of ``items``; articles are analysed
    ``batch_size`` at a time by the single-process ingest's ``analyze_batch``."""
    pending: list[Article | Failure] = []
    articles = 0
    for item in items:
        if isinstance(item, Skipped):
            continue
        pending.append(item)
        if isinstance(item, Article):
            articles += 1
            if articles >= batch_size:
                yield from _analyse_pending(pending, pipeline)
                pending, articles = [], 0
    yield from _analyse_pending(pending, pipeline)


def _analyse_pending(
    pending: list[Article | Failure], pipeline: Pipeline
) -> Iterator[Record | Failure]:
    batch = [item for item in pending if isinstance(item, Article)]
    results = iter(analyze_batch(batch, pipeline) if batch else [])
    for item in pending:
        yield next(results) if isinstance(item, Article) else item
