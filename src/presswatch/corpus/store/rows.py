"""What a store writes for an article: columns, search text, facet rows.

Shared by every backend, so SQLite and PostgreSQL hold the same values.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date

from presswatch.core.article import Article
from presswatch.core.text import fold
from presswatch.corpus.fingerprints import NUM_PERM
from presswatch.corpus.store.types import HIGHLIGHT_END, HIGHLIGHT_START, Record

#: LSH banding of the MinHash signatures (32 bands of 4 rows): pairs with
#: a Jaccard similarity of 0.7 become candidates with probability > 0.999.
BANDS = 32
ROWS_PER_BAND = NUM_PERM // BANDS

_MARKERS = str.maketrans({HIGHLIGHT_START: " ", HIGHLIGHT_END: " "})
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes of a file name, bad
    JSON escapes) replaced by U+FFFD, which databases cannot store."""
    return _SURROGATE.sub("\ufffd", text)


def _optional(text: str | None) -> str | None:
    return storable(text) if text is not None else None


@dataclass(frozen=True)
class ArticleRow:
    """The scalar columns of the ``articles`` table."""

    id: str
    url: str | None
    canonical_url: str | None
    content_hash: str
    outlet: str | None
    outlet_key: str | None
    published: str | None
    month: str | None
    week: str | None
    language: str | None
    title: str
    genre: str | None
    source: str | None
    data: bytes
    signature: bytes | None


def article_row(record: Record) -> ArticleRow:
    article = record.article
    return ArticleRow(
        id=article.id,
        url=_optional(article.url),
        canonical_url=_optional(record.canonical_url),
        content_hash=record.content_hash,
        outlet=_optional(article.outlet),
        outlet_key=storable(fold(article.outlet)) if article.outlet else None,
        published=_optional(article.published),
        month=month_of(article.published),
        week=week_of(article.published),
        language=_optional(article.language),
        title=search_title(article),
        genre=_optional(article.genre.label) if article.genre else None,
        source=_optional(article.source),
        data=encode_article(article),
        signature=encode_signature(record.signature),
    )


def search_title(article: Article) -> str:
    return storable(article.title.translate(_MARKERS))


def search_body(article: Article) -> str:
    """Every paragraph except the title, one per line, for full-text search."""
    blocks = [article.text[p.start : p.end] for p in article.paragraphs if p.kind != "title"]
    if not article.paragraphs:
        blocks = [article.text]
    return storable("\n".join(blocks).translate(_MARKERS))


FacetRow = tuple[str, str, str, int]  # kind, key (folded), value, weight


def facet_rows(article: Article) -> list[FacetRow]:
    """Speakers, cited sources, entities and techniques of an article, with
    how often each occurs in it."""
    counts: dict[str, Counter[str]] = {
        "speaker": Counter(q.speaker for q in article.quotes if q.speaker),
        "source": Counter({s.name: max(s.statements, 1) for s in article.sources if s.name}),
        "entity": Counter(e.canonical for e in article.entities if e.canonical),
        "technique": Counter(t.technique for t in article.techniques if t.technique),
    }
    rows: list[FacetRow] = []
    for kind, counter in counts.items():
        seen: dict[str, int] = {}
        for value, weight in counter.most_common():
            key = fold(value)[:200]
            if not key:
                continue
            if key in seen:  # two spellings of one name: keep the most frequent
                continue
            seen[key] = weight
            rows.append((kind, storable(key), storable(value[:200]), weight))
    return rows


def encode_article(article: Article) -> bytes:
    """The full analysis, compressed JSON (working layers such as tokens left out)."""
    text = json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def decode_article(data: bytes) -> Article:
    return Article.from_dict(json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass")))


def month_of(published: str | None) -> str | None:
    if published and len(published) >= 7 and published[4] == "-":
        return published[:7]
    return None


def week_of(published: str | None) -> str | None:
    """ISO week (``2022-W05``) of a full date, else ``None``."""
    if not published or len(published) < 10:
        return None
    try:
        year, week, _ = date.fromisoformat(published[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year:04d}-W{week:02d}"


def encode_signature(signature: tuple[int, ...] | None) -> bytes | None:
    if signature is None:
        return None
    return struct.pack(f"<{len(signature)}I", *signature)


def decode_signature(data: bytes | None) -> tuple[int, ...] | None:
    if not data:
        return None
    return struct.unpack(f"<{len(data) // 4}I", data)


def band_keys(signature: tuple[int, ...]) -> list[int]:
    """One signed 64-bit key per LSH band (band number included)."""
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        payload = struct.pack(f"<H{len(rows)}I", band, *rows)
        digest = hashlib.blake2b(payload, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The Jaccard similarity MinHash estimates from two signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)
