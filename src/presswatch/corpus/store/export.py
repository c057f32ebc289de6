"""Write exported articles as JSON Lines, CSV or Parquet, streaming.

JSON Lines carries the full analysis (``Article.to_dict()``, one per line)
and, for articles from a store, an ``identities`` object giving the corpus
identity of each name ({"Poutine": {"id": 12, "name": "Vladimir Poutine"}});
CSV and Parquet carry one row per article with summary columns (lists
joined by ``"; "`` in CSV, list columns in Parquet), names replaced by
their identities' names so that each person or organisation is written once.
``source`` is where the article was read from (file path, URL,
``archive#URL``); ``sources`` are the sources the article cites.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from presswatch.core.article import Article
from presswatch.core.deps import require
from presswatch.core.errors import PresswatchError
from presswatch.corpus.store.types import IdentifiedArticle, NameIdentity

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
#: Columns of CSV and Parquet exports.
COLUMNS = (
    "id",
    "url",
    "source",
    "outlet",
    "published",
    "language",
    "title",
    "genre",
    "quotes",
    "speakers",
    "sources",
    "entities",
    "vias",
    "techniques",
    "frames",
    "text",
)
_LIST_COLUMNS = frozenset({"speakers", "sources", "entities", "vias", "techniques", "frames"})
Exportable = Article | IdentifiedArticle
PARQUET_BATCH = 500


def _identified(item: Exportable) -> IdentifiedArticle:
    return item if isinstance(item, IdentifiedArticle) else IdentifiedArticle(item, {})


def _names(counts: Counter[str], identities: dict[str, NameIdentity]) -> list[str]:
    """Names most frequent first, each replaced by its identity's name, once."""
    merged: Counter[str] = Counter()
    for name, count in counts.items():
        identity = identities.get(name)
        merged[identity.name if identity else name] += count
    return [name for name, _ in merged.most_common()]


def summary_row(item: Exportable) -> dict[str, Any]:
    """The flat summary of an article (lists most frequent first; names as
    their corpus identities when the article comes from a store)."""
    identified = _identified(item)
    article, identities = identified.article, identified.identities
    speakers = Counter(q.speaker for q in article.quotes if q.speaker)
    sources = Counter({s.name: s.statements for s in article.sources if s.name})
    entities = Counter(e.canonical for e in article.entities if e.canonical)
    vias = Counter(q.via for q in article.quotes if q.via)
    techniques = Counter(t.technique for t in article.techniques)
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "outlet": article.outlet,
        "published": article.published,
        "language": article.language,
        "title": article.title,
        "genre": article.genre.label if article.genre else None,
        "quotes": len(article.quotes),
        "speakers": _names(speakers, identities),
        "sources": _names(sources, identities),
        "entities": _names(entities, identities),
        "vias": _names(vias, identities),
        "techniques": [name for name, _ in techniques.most_common()],
        "frames": [f.label for f in article.frames],
        "text": article.text,
    }


#: The characters that make a spreadsheet read a cell as a formula or a
#: command (OWASP's list: = + - @, tab and carriage return; and | and %,
#: which some read as DDE or macro calls) and their full-width and small
#: forms (＝ ＋ － ＠ ｜ ％ ﹦ ﹢ ﹣ ﹫), which some spreadsheets normalise.
FORMULA_STARTS = frozenset(
    "=+-@|%\t\r\n\uff1d\uff0b\uff0d\uff20\uff5c\uff05\ufe66\ufe62\ufe63\ufe6b"
)
_LEADING_SPACE = " \u00a0\u2007\u202f\u3000\ufeff"


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: a cell whose
    first character, or first character after spaces, is one of
    :data:`FORMULA_STARTS` gets a leading apostrophe."""
    text = "" if value is None else str(value)
    first = text.lstrip(_LEADING_SPACE)[:1]
    if text[:1] in FORMULA_STARTS or (first and first in FORMULA_STARTS):
        return "'" + text
    return text


def write_jsonl(articles: Iterable[Exportable], stream: IO[str]) -> int:
    count = 0
    for item in articles:
        data = item.to_dict()
        stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterable[Exportable], stream: IO[str]) -> int:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for article in articles:
        row = summary_row(article)
        writer.writerow(
            [safe_cell("; ".join(row[c]) if c in _LIST_COLUMNS else row[c]) for c in COLUMNS]
        )
        count += 1
    return count


def write_parquet(articles: Iterable[Exportable], path: str | Path) -> int:
    """Write a Parquet file in row groups of :data:`PARQUET_BATCH` articles."""
    require("parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = []
    for column in COLUMNS:
        if column == "quotes":
            fields.append(pa.field(column, pa.int32()))
        elif column in _LIST_COLUMNS:
            fields.append(pa.field(column, pa.list_(pa.string())))
        else:
            fields.append(pa.field(column, pa.string()))
    schema = pa.schema(fields)
    count = 0
    rows: list[dict[str, Any]] = []
    try:
        with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
            for article in articles:
                rows.append(summary_row(article))
                count += 1
                if len(rows) >= PARQUET_BATCH:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    rows = []
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    except OSError as exc:
        raise PresswatchError(f"{path}: cannot write ({exc})") from None
    return count
