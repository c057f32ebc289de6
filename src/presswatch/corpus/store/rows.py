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
from typing import NamedTuple

from presswatch.core.article import Article
from presswatch.core.text import fold
from presswatch.corpus.fingerprints import NUM_PERM
from presswatch.corpus.store.names import spells_initials
from presswatch.corpus.store.types import HIGHLIGHT_END, HIGHLIGHT_START, NAME_FACETS, Record

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
        data=encode_article(article, record.encoded),
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


#: The facet kinds whose values are names of speakers, sources, entities and
#: vias: each has a corpus-wide identity (see :mod:`presswatch.corpus.store.names`).
NAME_KINDS = NAME_FACETS
MAX_NAME = 200


class FacetRow(NamedTuple):
    """One value of an article for a facet kind."""

    kind: str
    key: str  # folded value, the variant key of a name
    value: str
    weight: int  # occurrences in the article
    #: For a name: typed as a person in this article (``None``: not typed).
    person: bool | None = None


def name_key(value: str) -> str:
    """The key of a name (and of any facet value): folded, bounded."""
    return storable(fold(value)[:MAX_NAME])


def facet_rows(article: Article) -> list[FacetRow]:
    """Speakers, cited sources, entities and techniques of an article, with
    how often each occurs in it and, for names, whether it was typed as a person."""
    counts: dict[str, Counter[str]] = {
        "speaker": Counter(q.speaker for q in article.quotes if q.speaker),
        "source": Counter({s.name: max(s.statements, 1) for s in article.sources if s.name}),
        "entity": Counter(e.canonical for e in article.entities if e.canonical),
        "technique": Counter(t.technique for t in article.techniques if t.technique),
        "via": Counter(q.via for q in article.quotes if q.via),
    }
    votes = _person_votes(article)
    rows: list[FacetRow] = []
    for kind, counter in counts.items():
        seen: set[str] = set()
        for value, weight in counter.most_common():
            key = name_key(value)
            if not key or key in seen:  # two spellings of one name: keep the most frequent
                continue
            seen.add(key)
            person = votes[kind].get(value) if kind in NAME_KINDS else None
            rows.append(FacetRow(kind, key, storable(value[:MAX_NAME]), weight, person))
    return rows


def article_names(article: Article) -> list[str]:
    """Every name an article uses as a speaker, source, entity or via."""
    names = [q.speaker for q in article.quotes if q.speaker]
    names += [s.name for s in article.sources if s.name]
    names += [e.canonical for e in article.entities if e.canonical]
    names += [q.via for q in article.quotes if q.via]
    return list(dict.fromkeys(names))


def _person_votes(article: Article) -> dict[str, dict[str, bool | None]]:
    """For each name kind, whether each value was typed as a person (the
    majority of its typed occurrences)."""
    speaker_types: dict[str, Counter[bool]] = {}
    via_types: dict[str, Counter[bool]] = {}
    for quote in article.quotes:
        if quote.speaker and quote.speaker_type:
            speaker_types.setdefault(quote.speaker, Counter())[quote.speaker_type == "person"] += 1
        if quote.via and quote.via_type:
            via_types.setdefault(quote.via, Counter())[quote.via_type == "person"] += 1
    entity_labels: dict[str, Counter[bool]] = {}
    for entity in article.entities:
        if entity.canonical:
            entity_labels.setdefault(entity.canonical, Counter())[entity.label == "PER"] += 1
    return {
        "speaker": {name: _majority(c) for name, c in speaker_types.items()},
        "source": {s.name: s.type == "person" for s in article.sources if s.name and s.type},
        "entity": {name: _majority(c) for name, c in entity_labels.items()},
        "via": {name: _majority(c) for name, c in via_types.items()},
    }


def _majority(votes: Counter[bool]) -> bool:
    return votes[True] > votes[False]


_PARENTHESIS = re.compile(r"\s*\(\s*([^()\n]{2,150}?)\s*\)")


def stated_links(article: Article) -> list[tuple[str, str]]:
    """Names the article says are one organisation, as pairs of name keys:
    an acronym the entities stage grouped with the name whose initials it
    spells ("OTAN" with "Organisation du traité de l'Atlantique nord"), and
    "Name (ACRONYM)" or "ACRONYM (Name)" in the text. Persons are left out
    (their names are matched by the person rules)."""
    links: set[tuple[str, str]] = set()
    for entity in article.entities:
        if entity.label == "PER" or not entity.canonical:
            continue
        if name_key(entity.text) != name_key(entity.canonical) and spells_initials(
            entity.text, entity.canonical, capitals=False
        ):
            links.add((name_key(entity.text), name_key(entity.canonical)))
        match = _PARENTHESIS.match(article.text, entity.end, entity.end + 160)
        if match is None:
            continue
        inner = match.group(1)
        if spells_initials(inner, entity.canonical) or spells_initials(entity.text, inner):
            links.add((name_key(entity.canonical), name_key(inner)))
    return sorted(links)


def encode_article(article: Article, encoded: str | None = None) -> bytes:
    """The full analysis, compressed JSON (working layers such as tokens left
    out); ``encoded``: the article's JSON already made by :func:`article_json`."""
    text = encoded if encoded is not None else article_json(article)
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def article_json(article: Article) -> str:
    """The compact JSON of ``article.to_dict()``: what the store compresses and
    what a Parquet shard's ``analysis`` column holds."""
    return json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))


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
