"""Typed values that go into and come out of a corpus store.

Everything here is plain, immutable data: the dashboard, the CLI and the
exporters consume these types, never database rows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from presswatch.core.article import Article

SortOrder = Literal["relevance", "date"]
Interval = Literal["week", "month"]
FacetKind = Literal[
    "outlet", "language", "month", "technique", "speaker", "source", "entity", "via"
]
NameKind = Literal["speaker", "source", "entity", "via"]
LinkKind = Literal["near_duplicate_of", "has_near_duplicate"]

#: The facet kinds, in the order :meth:`Store.facets` reports them.
FACET_KINDS: tuple[FacetKind, ...] = (
    "outlet",
    "language",
    "month",
    "technique",
    "speaker",
    "source",
    "entity",
    "via",
)
#: The facet kinds whose values are names with a corpus-wide identity.
NAME_FACETS: tuple[NameKind, ...] = ("speaker", "source", "entity", "via")

#: Markers the stores put around highlighted words in raw snippets (Unicode
#: private-use characters, removed from every indexed text beforehand).
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"


_DATE_SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: How a date filter is written, for messages.
DATE_FORMS = "a date YYYY-MM-DD (or YYYY-MM, YYYY)"


def check_date(value: str) -> str:
    """A ``since``/``until`` value, checked: a real calendar date written
    YYYY-MM-DD, or a month YYYY-MM, or a year YYYY. Raises ``ValueError``
    naming what is wrong (``2022-13-45`` has no month 13)."""
    text = value.strip()
    match = _DATE_SHAPE.fullmatch(text)
    if match is None:
        raise ValueError(f"expected {DATE_FORMS}, got {value[:40]!r}")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{text!r} is not a date: there is no month {month}")
    if day is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a date: there is no day {day} in {year}-{month}"
            ) from None
    return text


@dataclass(frozen=True)
class Filters:
    """Restrict a search, facet count, time series or export.

    Within one field the values are alternatives (any of them matches);
    across fields every condition must hold. Name values (outlets,
    speakers, sources, entities, techniques) match accent- and
    case-insensitively. ``since``/``until`` are ISO dates (``2022-01-31``),
    inclusive, compared with each article's publication date. Speakers,
    sources, entities and vias (the channel of a source chain: "X, cité
    par Y") match by corpus-wide identity: "Poutine" finds the articles
    quoting "Vladimir Poutine" when the corpus knows no other Poutine (see
    :mod:`presswatch.corpus.store.names`)."""

    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    vias: tuple[str, ...] = ()
    #: Leave out articles recognised as near-duplicates of an earlier one.
    exclude_near_duplicates: bool = False

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Segment:
    """A piece of a snippet; ``highlighted`` when it matched the query."""

    text: str
    highlighted: bool = False


@dataclass(frozen=True)
class Snippet:
    """Text with highlighted matches, as a list of segments."""

    segments: tuple[Segment, ...] = ()

    @classmethod
    def from_marked(cls, marked: str) -> Snippet:
        """Parse text whose matches are wrapped in :data:`HIGHLIGHT_START`/``END``."""
        segments: list[Segment] = []
        rest = marked
        while rest:
            start = rest.find(HIGHLIGHT_START)
            if start < 0:
                segments.append(Segment(rest))
                break
            if start:
                segments.append(Segment(rest[:start]))
            end = rest.find(HIGHLIGHT_END, start)
            if end < 0:
                end = len(rest)
            if end > start + 1:
                segments.append(Segment(rest[start + 1 : end], True))
            rest = rest[end + 1 :]
        return cls(tuple(_merge(segments)))

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.segments)

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet with matches wrapped in ``start``/``end``."""
        return "".join(f"{start}{s.text}{end}" if s.highlighted else s.text for s in self.segments)

    def html(self, tag: str = "mark") -> str:
        """HTML with every segment escaped and matches in ``<mark>``."""
        return "".join(
            f"<{tag}>{html.escape(s.text)}</{tag}>" if s.highlighted else html.escape(s.text)
            for s in self.segments
        )

    def highlights(self) -> list[list[int]]:
        """[start, end] offsets in :attr:`plain` of each highlighted segment."""
        spans = []
        position = 0
        for segment in self.segments:
            if segment.highlighted:
                spans.append([position, position + len(segment.text)])
            position += len(segment.text)
        return spans

    def __bool__(self) -> bool:
        return bool(self.segments)


def _merge(segments: list[Segment]) -> Iterator[Segment]:
    """Join neighbouring segments of the same kind."""
    current: Segment | None = None
    for segment in segments:
        if current is not None and current.highlighted == segment.highlighted:
            current = Segment(current.text + segment.text, current.highlighted)
            continue
        if current is not None:
            yield current
        current = segment
    if current is not None:
        yield current


@dataclass(frozen=True)
class SearchHit:
    """One article found by :meth:`Store.search`."""

    id: str
    title: Snippet
    snippet: Snippet
    url: str | None
    outlet: str | None
    published: str | None
    language: str | None
    #: Relevance (higher is better); 0.0 when the search had no query.
    score: float
    near_duplicate_of: str | None = None
    #: Where the article was read from: a file path (``file.jsonl:3`` for a
    #: line), a URL, ``archive.warc.gz#URL`` for a WARC record.
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON-ready data (the search command's and the dashboard's)."""
        return {
            "id": self.id,
            "title": self.title.plain,
            "snippet": self.snippet.plain,
            "highlights": {"title": self.title.highlights(), "snippet": self.snippet.highlights()},
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "score": self.score,
            "near_duplicate_of": self.near_duplicate_of,
            "source": self.source,
        }


@dataclass(frozen=True)
class SearchPage:
    """A page of hits and the number of articles matching in total."""

    hits: tuple[SearchHit, ...]
    #: Matching articles, counted up to ``COUNT_CAP``: with ``total_capped``,
    #: more than ``total`` match (the count stopped there).
    total: int
    limit: int
    offset: int
    query: str | None = None
    total_capped: bool = False


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts of matching articles per value, most frequent first, per kind
    (see :data:`FACET_KINDS`)."""

    total: int
    counts: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    #: The counts are estimated from a sample of the matching articles
    #: (more than ``FACET_SAMPLE`` of them); exact otherwise.
    estimated: bool = False

    def __getitem__(self, kind: str) -> tuple[FacetValue, ...]:
        return self.counts.get(kind, ())


@dataclass(frozen=True)
class SeriesPoint:
    """Matching articles of one group (outlet, language) in one period
    (``2022-01`` for months, ``2022-W05`` for ISO weeks)."""

    period: str
    group: str
    count: int


@dataclass(frozen=True)
class MetadataGaps:
    """How many of the matching ``articles`` lack an outlet or a date (they
    are left out of outlet lists and time series; :meth:`Store.metadata_gaps`)."""

    articles: int
    without_outlet: int
    #: Without a month (no publication date at all).
    without_date: int
    #: Without a full date: left out of weekly series.
    without_day: int


@dataclass(frozen=True)
class Link:
    """A near-duplicate relation of an article with another stored article."""

    kind: LinkKind
    other_id: str
    other_title: str
    other_outlet: str | None
    other_published: str | None
    similarity: float


@dataclass(frozen=True)
class Stats:
    """What a corpus holds."""

    articles: int
    near_duplicates: int
    failures: int
    first_published: str | None
    last_published: str | None
    facets: Facets
    #: Every month with articles, in chronological order.
    by_month: tuple[FacetValue, ...]
    schema_version: int
    backend: str


@dataclass(frozen=True)
class NameIdentity:
    """The corpus-wide identity of a name: a stable integer id (while the
    identity exists) and the name shown for it."""

    id: int
    name: str


@dataclass(frozen=True)
class Identity:
    """A person or organisation as the corpus knows it (see
    :meth:`Store.identities`): its id, the name shown, ``person`` or
    ``other``, the matching articles in which it appears (as the kind asked
    for), and its variants — each spelling with its count of articles."""

    id: int
    name: str
    category: str
    articles: int
    variants: tuple[FacetValue, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "articles": self.articles,
            "variants": [{"value": v.value, "count": v.count} for v in self.variants],
        }


@dataclass(frozen=True)
class IdentifiedArticle:
    """An exported article and the corpus identity of every name it uses
    (keyed by the name as written in the article's quotes, sources,
    entities and vias)."""

    article: Article
    identities: dict[str, NameIdentity]

    def to_dict(self) -> dict[str, Any]:
        """``Article.to_dict()`` and an ``identities`` object: name -> {id, name}."""
        data = self.article.to_dict()
        data["identities"] = {
            name: {"id": identity.id, "name": identity.name}
            for name, identity in sorted(self.identities.items())
        }
        return data


@dataclass(frozen=True)
class Record:
    """An analysed article ready to store: what the analysis function
    returns and the store consumes (see :mod:`presswatch.corpus.ingest.analysis`).

    ``canonical_url`` and ``content_hash`` identify the article for
    de-duplication; ``signature`` is its MinHash signature (``None`` when the
    text is too short for near-duplicate detection)."""

    article: Article
    canonical_url: str | None
    content_hash: str
    signature: tuple[int, ...] | None = None
    #: ``article`` as compact JSON, when it is at hand already (read from a
    #: Parquet shard): the store keeps it instead of serialising the article again.
    encoded: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StoredMetadata:
    """The metadata of a stored article, as ingest compares it with a new
    reading of the same source (:meth:`Store.find_stored`)."""

    id: str
    source: str | None
    url: str | None
    outlet: str | None
    published: str | None
    language: str | None
    title: str


AddStatus = Literal["stored", "duplicate", "updated"]


@dataclass(frozen=True)
class AddOutcome:
    """What :meth:`Store.add` did with a record (``updated``: it replaced
    the stored analysis of the same article)."""

    status: AddStatus
    article_id: str
    #: For a stored article recognised as a near-duplicate: its original.
    near_duplicate_of: str | None = None
    similarity: float | None = None
