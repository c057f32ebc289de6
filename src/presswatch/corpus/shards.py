"""Parquet shards: the analysed articles of one partition, in one file.

A shard is written by the worker that analysed the partition, to a
temporary file that is renamed into place when complete (so a shard either
exists whole or not at all, and a rerun skips every partition whose shard
exists); it is read back in order to be stored (:func:`read_shard`), or
consumed as it is by DuckDB, pandas, Spark or BigQuery. One row per input
item, analysed or failed; the columns are :data:`SCHEMA_DOC` (documented
in docs/formats.md). The full analysis is the ``analysis`` column: the
JSON of ``Article.to_dict()``, exactly what ``--format json`` writes.

Near-duplicates across every shard (:func:`near_duplicates`) are found
with the store's own rule — MinHash LSH bands, the earliest candidates,
estimated Jaccard similarity ≥ 0.7 — so ``batch`` reports the links an
ingest would store.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswatch import __version__
from presswatch.core.article import Article
from presswatch.core.deps import require
from presswatch.core.errors import Failure, PresswatchError
from presswatch.corpus.store.base import MAX_CANDIDATES, NEAR_DUPLICATE_THRESHOLD
from presswatch.corpus.store.export import summary_row
from presswatch.corpus.store.rows import article_json, band_keys, similarity
from presswatch.corpus.store.types import Record

#: Rows per Parquet row group (a shard is written and read a group at a time).
ROW_GROUP = 64
SHARD_SUFFIX = ".parquet"
#: The columns of a shard, with their Arrow type and meaning.
SCHEMA_DOC: tuple[tuple[str, str, str], ...] = (
    ("position", "int32", "order of the item in its partition (the order of the input)"),
    ("status", "string", "`analysed` or `failed`"),
    (
        "source",
        "string",
        "where the item was read: `file`, `file.jsonl:LINE`, `archive.warc#URL`, URL",
    ),
    ("error", "string", "why the item failed (null when analysed)"),
    ("id", "string", "article id (16 hex digits, as in the JSON output and the store)"),
    ("url", "string", "the article's URL"),
    ("canonical_url", "string", "the URL that identifies the page (de-duplication)"),
    ("content_hash", "string", "hash of the text as read (de-duplication)"),
    ("outlet", "string", ""),
    ("published", "string", "ISO date"),
    ("language", "string", "ISO 639-1 code"),
    ("title", "string", ""),
    ("genre", "string", "reporting, opinion or satire"),
    ("quotes", "int32", "number of quotes and attributions"),
    ("speakers", "list<string>", "resolved speakers, most frequent first"),
    ("sources", "list<string>", "cited sources, most statements first"),
    ("entities", "list<string>", "canonical entity names, most frequent first"),
    ("techniques", "list<string>", "persuasion techniques, most frequent first"),
    ("frames", "list<string>", "frames, best first"),
    ("signature", "list<uint32>", "MinHash signature (128 values; null for texts under 12 words)"),
    ("analysis", "string", "the full analysis: JSON of `Article.to_dict()` (the JSON output)"),
)
_LIST_COLUMNS = ("speakers", "sources", "entities", "techniques", "frames")


def _pyarrow() -> tuple[Any, Any]:
    require("parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pa, pq


def schema() -> Any:
    """The Arrow schema of a shard."""
    pa, _ = _pyarrow()
    types = {
        "int32": pa.int32(),
        "string": pa.string(),
        "list<string>": pa.list_(pa.string()),
        "list<uint32>": pa.list_(pa.uint32()),
    }
    return pa.schema([pa.field(name, types[kind]) for name, kind, _ in SCHEMA_DOC])


def shard_row(position: int, result: Record | Failure) -> dict[str, Any]:
    """One shard row for an analysed record or a failure."""
    row: dict[str, Any] = {name: None for name, _, _ in SCHEMA_DOC}
    row["position"] = position
    if isinstance(result, Failure):
        row.update(status="failed", source=result.source, error=result.message)
        return row
    article = result.article
    summary = summary_row(article)
    row.update({name: summary[name] for name in ("id", "url", "outlet", "published", "language")})
    row.update({name: summary[name] for name in ("title", "genre", "quotes", *_LIST_COLUMNS)})
    row.update(
        status="analysed",
        source=article.source,
        canonical_url=result.canonical_url,
        content_hash=result.content_hash,
        signature=list(result.signature) if result.signature is not None else None,
        analysis=article_json(article),
    )
    return row


@dataclass(frozen=True)
class ShardCounts:
    articles: int
    failures: int


def write_shard(
    path: Path, results: Iterable[Record | Failure], metadata: dict[str, str] | None = None
) -> ShardCounts:
    """Write ``results`` to ``path`` atomically: a temporary file in the same
    folder, renamed when complete (a crash leaves no partial shard)."""
    pa, pq = _pyarrow()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    shard_schema = schema().with_metadata({"presswatch_version": __version__, **(metadata or {})})
    articles = failures = 0
    rows: list[dict[str, Any]] = []
    try:
        with pq.ParquetWriter(str(temporary), shard_schema, compression="zstd") as writer:
            for position, result in enumerate(results):
                rows.append(shard_row(position, result))
                if isinstance(result, Failure):
                    failures += 1
                else:
                    articles += 1
                if len(rows) >= ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(rows, schema=shard_schema))
                    rows = []
            if rows or not (articles or failures):
                writer.write_table(pa.Table.from_pylist(rows, schema=shard_schema))
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise PresswatchError(f"{path}: cannot write the shard ({exc})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return ShardCounts(articles, failures)


def read_shard(path: Path) -> Iterator[Record | Failure]:
    """The records and failures of a shard, in their order."""
    _, pq = _pyarrow()
    try:
        parquet = pq.ParquetFile(str(path))
    except (OSError, ValueError) as exc:
        raise PresswatchError(f"{path}: not a readable shard ({exc})") from None
    columns = [
        "status",
        "source",
        "error",
        "canonical_url",
        "content_hash",
        "signature",
        "analysis",
    ]
    for group in range(parquet.num_row_groups):
        for row in parquet.read_row_group(group, columns=columns).to_pylist():
            yield _result(row)


def _result(row: dict[str, Any]) -> Record | Failure:
    if row["status"] == "failed":
        return Failure(str(row["source"]), str(row["error"]))
    article = Article.from_dict(json.loads(row["analysis"]))
    signature = tuple(row["signature"]) if row["signature"] is not None else None
    return Record(
        article, row["canonical_url"], row["content_hash"], signature, encoded=row["analysis"]
    )


def shard_counts(path: Path) -> ShardCounts:
    """Articles and failures of a finished shard (reads its status column only)."""
    _, pq = _pyarrow()
    statuses = pq.read_table(str(path), columns=["status"]).column("status").to_pylist()
    failures = sum(1 for status in statuses if status == "failed")
    return ShardCounts(len(statuses) - failures, failures)


# -- near-duplicates across shards -----------------------------------------


@dataclass(frozen=True)
class NearDuplicate:
    id: str
    near_duplicate_of: str
    similarity: float


def near_duplicates(shards: Sequence[Path]) -> Iterator[NearDuplicate]:
    """The near-duplicate links across ``shards`` (in their order), as the
    store decides them when it stores the articles in that order: each
    article is compared with the earliest :data:`MAX_CANDIDATES` earlier
    articles sharing an LSH band, and linked to the original of the most
    similar one when the estimated Jaccard similarity is at least
    :data:`NEAR_DUPLICATE_THRESHOLD`. Exact duplicates (same id, canonical
    URL or content hash as an earlier article) are left out, as the store
    does not store them. Memory: the band keys of every article (about
    1 kB per article)."""
    _, pq = _pyarrow()
    bands: dict[int, list[int]] = {}
    members: list[tuple[str, tuple[int, ...], str | None]] = []  # id, signature, original
    seen: set[str] = set()
    columns = ["status", "id", "canonical_url", "content_hash", "signature"]
    for path in shards:
        table = pq.read_table(str(path), columns=columns)
        for row in table.to_pylist():
            if row["status"] != "analysed":
                continue
            keys = {k for k in (row["id"], row["canonical_url"], row["content_hash"]) if k}
            if keys & seen:
                continue
            seen |= keys
            if row["signature"] is None:
                continue
            signature = tuple(row["signature"])
            link = _best_original(signature, band_keys(signature), bands, members)
            number = len(members)
            members.append((row["id"], signature, link.near_duplicate_of if link else None))
            for key in band_keys(signature):
                bands.setdefault(key, []).append(number)
            if link is not None:
                yield NearDuplicate(row["id"], link.near_duplicate_of, link.similarity)


def _best_original(
    signature: tuple[int, ...],
    keys: list[int],
    bands: dict[int, list[int]],
    members: list[tuple[str, tuple[int, ...], str | None]],
) -> NearDuplicate | None:
    candidates = sorted({number for key in keys for number in bands.get(key, ())})
    best: tuple[float, str] | None = None
    for number in candidates[:MAX_CANDIDATES]:
        other_id, other, original = members[number]
        score = similarity(signature, other)
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[0]):
            best = (score, original or other_id)
    if best is None:
        return None
    return NearDuplicate("", best[1], round(best[0], 4))
