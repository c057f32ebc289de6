"""What each dashboard page shows, as typed view objects built from the store.

The builders take a store (or an :class:`~presswatch.core.article.Article`) and
parsed parameters and return frozen dataclasses; templates render them as
HTML and :func:`to_json` methods give the JSON twins. Text from articles is
kept as text here (escaped by the templates), except the marked-up
paragraphs, which :func:`presswatch.outputs.markup.mark_up` builds
escape-first.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from presswatch.core.article import Article
from presswatch.corpus.store import FACET_KINDS, Facets, Filters, Link, SearchPage, Store
from presswatch.corpus.store.errors import StoreError
from presswatch.outputs.markup import article_marks, css_class, label_colour, mark_up
from presswatch.web.charts import Bar, TimeChart, bar_chart_svg, line_chart_svg, time_chart
from presswatch.web.data import ResultCache
from presswatch.web.params import MAX_PAGE, ActiveFilter, SearchParams, TrendsParams
from presswatch.web.profile import (
    CorpusProfiles,
    ProfileRow,
    ProfileService,
    ProfileState,
    profile_rows,
)

FACET_LABELS = {
    "outlet": "Outlet",
    "language": "Language",
    "month": "Month",
    "technique": "Technique",
    "speaker": "Speaker",
    "source": "Cited source",
    "entity": "Entity",
}
FACET_LIMIT = 10
TOP_LIMIT = 15


class OutletNotFoundError(StoreError):
    """No stored article was published by the requested outlet."""

    def __init__(self, where: str, outlet: str) -> None:
        self.outlet = outlet
        super().__init__(where, f"no article from the outlet {outlet!r}")


def outlet_url(name: str) -> str:
    return "/outlets/" + quote(name, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def search_url(**values: str) -> str:
    return "/search?" + urlencode(values)


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a page may link to, else None."""
    if url and url.strip().lower().startswith(("http://", "https://")) and " " not in url.strip():
        return url.strip()
    return None


# -- search --------------------------------------------------------------------


@dataclass(frozen=True)
class FacetEntry:
    value: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetGroup:
    kind: str
    label: str
    entries: tuple[FacetEntry, ...]


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass(frozen=True)
class SearchView:
    params: SearchParams
    page: SearchPage
    facets: tuple[FacetGroup, ...]
    active: tuple[ActiveFilter, ...]
    pages: tuple[PageLink, ...]
    previous_url: str | None
    next_url: str | None

    @property
    def first(self) -> int:
        return self.page.offset + 1 if self.page.hits else 0

    @property
    def last(self) -> int:
        return self.page.offset + len(self.page.hits)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.page.query,
            "filters": _filters_json(self.params.filters),
            "sort": self.params.sort,
            "page": self.params.page,
            "per_page": self.params.per_page,
            "total": self.page.total,
            "hits": [
                {**hit.to_dict(), "page": article_url(hit.id), "title_html": hit.title.html(),
                 "snippet_html": hit.snippet.html()}
                for hit in self.page.hits
            ],
            "facets": {
                group.kind: [{"value": e.value, "count": e.count, "selected": e.selected}
                             for e in group.entries]
                for group in self.facets
            },
            "next": self._json_url(self.next_url),
            "previous": self._json_url(self.previous_url),
        }  # fmt: skip

    @staticmethod
    def _json_url(url: str | None) -> str | None:
        return url.replace("/search", "/search.json", 1) if url else None


def _filters_json(filters: Filters) -> dict[str, Any]:
    return {
        "outlets": list(filters.outlets),
        "languages": list(filters.languages),
        "speakers": list(filters.speakers),
        "sources": list(filters.sources),
        "entities": list(filters.entities),
        "techniques": list(filters.techniques),
        "since": filters.since,
        "until": filters.until,
        "exclude_near_duplicates": filters.exclude_near_duplicates,
    }


def facet_groups(facets: Facets, params: SearchParams) -> tuple[FacetGroup, ...]:
    groups = []
    for kind in FACET_KINDS:
        entries = tuple(
            FacetEntry(
                value.value,
                value.count,
                params.is_selected(kind, value.value),
                params.toggle_url(kind, value.value),
            )
            for value in facets[kind]
        )
        groups.append(FacetGroup(kind, FACET_LABELS[kind], entries))
    return tuple(groups)


def search_view(store: Store, params: SearchParams, cache: ResultCache) -> SearchView:
    """Hits of one page, facet counts over every match, pagination links."""
    search_key = ("search", params.query, params.filters, params.sort, params.page, params.per_page)
    page = cache.get(
        search_key,
        store,
        lambda: store.search(
            params.query,
            params.filters,
            sort=params.sort,
            limit=params.per_page,
            offset=params.offset,
        ),
    )
    facets = cache.get(
        ("facets", params.query, params.filters),
        store,
        lambda: store.facets(params.query, params.filters, limit=FACET_LIMIT),
    )
    last_page = min(max(1, math.ceil(page.total / params.per_page)), MAX_PAGE)
    window = range(max(1, params.page - 4), min(last_page, params.page + 4) + 1)
    pages = tuple(PageLink(n, params.url(page=n), n == params.page) for n in window)
    return SearchView(
        params=params,
        page=page,
        facets=facet_groups(facets, params),
        active=tuple(params.active()),
        pages=pages if last_page > 1 else (),
        previous_url=params.url(page=params.page - 1) if params.page > 1 else None,
        next_url=params.url(page=params.page + 1) if params.page < last_page else None,
    )


# -- article -------------------------------------------------------------------


@dataclass(frozen=True)
class MarkedParagraph:
    kind: str
    html: str


@dataclass(frozen=True)
class QuoteRow:
    number: int
    who: str
    resolved: bool
    kind: str
    speaker_type: str | None
    cue: str | None
    text: str


@dataclass(frozen=True)
class LegendEntry:
    technique: str
    css: str
    colour: str
    spans: int
    paragraphs: int


@dataclass(frozen=True)
class EntityRow:
    name: str
    label: str
    mentions: int


@dataclass(frozen=True)
class ArticleView:
    article: Article
    title_html: str
    paragraphs: tuple[MarkedParagraph, ...]
    quotes: tuple[QuoteRow, ...]
    legend: tuple[LegendEntry, ...]
    entities: tuple[EntityRow, ...]
    links: tuple[Link, ...]
    stored: bool
    link: str | None

    @property
    def technique_names(self) -> tuple[str, ...]:
        return tuple(entry.technique for entry in self.legend)

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "stored": self.stored,
            "links": [
                {
                    "kind": link.kind,
                    "id": link.other_id,
                    "title": link.other_title,
                    "outlet": link.other_outlet,
                    "published": link.other_published,
                    "similarity": link.similarity,
                    "page": article_url(link.other_id),
                }
                for link in self.links
            ],
        }


def article_view(article: Article, links: list[Link] | None = None, *, stored: bool) -> ArticleView:
    """The article marked up with every layer, and its side panels."""
    marks = article_marks(article)
    paragraphs: list[MarkedParagraph] = []
    title_html = ""
    for paragraph in article.paragraphs:
        body = mark_up(article.text, marks, paragraph.start, paragraph.end)
        if paragraph.kind == "title" and not title_html:
            title_html = body
            continue
        paragraphs.append(MarkedParagraph(css_class(paragraph.kind), body))
    if not article.paragraphs and article.text:
        paragraphs.append(MarkedParagraph("paragraph", mark_up(article.text, marks)))
    if not title_html:
        title_html = mark_up(article.title, []) if article.title else "(untitled)"
    quotes = tuple(
        QuoteRow(
            number,
            q.speaker or q.speaker_mention or "unattributed",
            q.speaker is not None,
            q.kind.replace("_", " "),
            q.speaker_type,
            q.cue,
            q.text,
        )
        for number, q in enumerate(article.quotes)
    )
    spans = Counter(t.technique for t in article.techniques)
    paragraph_counts = Counter(
        t for _, t in {(t.paragraph, t.technique) for t in article.techniques}
    )
    legend = tuple(
        LegendEntry(name, css_class(name), label_colour(name), spans[name], paragraph_counts[name])
        for name in sorted(spans, key=lambda n: (-spans[n], n))
    )
    mentions = Counter((e.canonical, e.label) for e in article.entities)
    entities = tuple(
        EntityRow(name, label, count)
        for (name, label), count in sorted(mentions.items(), key=lambda i: (-i[1], i[0]))
    )
    return ArticleView(
        article=article,
        title_html=title_html,
        paragraphs=tuple(paragraphs),
        quotes=quotes,
        legend=legend,
        entities=entities,
        links=tuple(links or ()),
        stored=stored,
        link=safe_link(article.url),
    )


def stored_article_view(store: Store, article_id: str) -> ArticleView:
    article = store.get_article(article_id)
    return article_view(article, store.links(article_id), stored=True)


def technique_css_url(names: list[str] | tuple[str, ...]) -> str:
    """The stylesheet URL colouring these techniques
    (:func:`presswatch.outputs.html.technique_css`, served by the app)."""
    return "/assets/techniques.css?" + urlencode([("t", name) for name in sorted(set(names))])


# -- outlets -------------------------------------------------------------------


@dataclass(frozen=True)
class OutletSummary:
    name: str
    articles: int
    url: str


@dataclass(frozen=True)
class OutletsView:
    total: int
    outlets: tuple[OutletSummary, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.total,
            "outlets": [
                {"name": o.name, "articles": o.articles, "page": o.url} for o in self.outlets
            ],
        }


def outlets_view(store: Store, cache: ResultCache) -> OutletsView:
    facets = cache.get(("outlets",), store, lambda: store.facets(None, None, limit=1000))
    outlets = tuple(OutletSummary(v.value, v.count, outlet_url(v.value)) for v in facets["outlet"])
    return OutletsView(facets.total, outlets)


@dataclass(frozen=True)
class TopEntry:
    value: str
    count: int
    url: str


@dataclass(frozen=True)
class OutletView:
    name: str
    articles: int
    first_month: str | None
    last_month: str | None
    volume: TimeChart
    volume_svg: str
    profile: tuple[ProfileRow, ...]
    profile_svg: str
    profile_paragraphs: int
    corpus_paragraphs: int
    profile_ready: bool
    profile_computing: bool
    profile_articles: int
    speakers: tuple[TopEntry, ...]
    sources: tuple[TopEntry, ...]
    entities: tuple[TopEntry, ...]
    languages: tuple[TopEntry, ...]
    trends_url: str
    search_url: str

    def to_json(self) -> dict[str, Any]:
        def top(entries: tuple[TopEntry, ...]) -> list[dict[str, Any]]:
            return [{"value": e.value, "articles": e.count} for e in entries]

        return {
            "outlet": self.name,
            "articles": self.articles,
            "first_month": self.first_month,
            "last_month": self.last_month,
            "volume": [
                {
                    "period": period,
                    "articles": sum(line.counts[number] for line in self.volume.lines),
                }
                for number, period in enumerate(self.volume.periods)
            ],
            "technique_profile": None
            if not self.profile_ready
            else {
                "articles": self.profile_articles,
                "outlet_paragraphs": self.profile_paragraphs,
                "corpus_paragraphs": self.corpus_paragraphs,
                "techniques": [
                    {
                        "technique": row.technique,
                        "outlet_paragraphs": row.outlet_paragraphs,
                        "outlet_share": round(row.outlet_share, 6),
                        "corpus_paragraphs": row.corpus_paragraphs,
                        "corpus_share": round(row.corpus_share, 6),
                    }
                    for row in self.profile
                ],
            },
            "technique_profile_computing": self.profile_computing,
            "top_speakers": top(self.speakers),
            "top_sources": top(self.sources),
            "top_entities": top(self.entities),
            "languages": top(self.languages),
        }


def outlet_view(
    store: Store, name: str, cache: ResultCache, profiles: ProfileService
) -> OutletView:
    """Volume over time, technique profile against the corpus, top speakers
    and cited sources of one outlet."""
    filters = Filters(outlets=(name,))
    facets = cache.get(
        ("facets", None, filters), store, lambda: store.facets(None, filters, limit=TOP_LIMIT)
    )
    if facets.total == 0:
        raise OutletNotFoundError(store.url, name)
    shown = facets["outlet"][0].value if facets["outlet"] else name
    points = cache.get(
        ("series", None, filters, "month", "outlet"),
        store,
        lambda: store.timeseries(None, filters, interval="month", by="outlet"),
    )
    volume = time_chart(points, "month", f"Articles per month — {shown}", max_lines=1)
    corpus_facets = cache.get(
        ("facets", None, Filters()), store, lambda: store.facets(None, None, limit=FACET_LIMIT)
    )
    if corpus_facets["technique"]:
        state = profiles.get(store)
    else:  # no technique anywhere: nothing to count
        state = ProfileState(CorpusProfiles(), corpus_facets.total, False)
    computed = state.profiles or CorpusProfiles()
    outlet_counts = computed.outlet(shown)
    rows = tuple(profile_rows(outlet_counts, computed.corpus))
    profile_svg = bar_chart_svg(
        f"Share of paragraphs per technique — {shown} vs all outlets",
        [Bar(row.technique, (row.outlet_share, row.corpus_share)) for row in rows],
        [(shown, "#0072b2"), ("whole corpus", "#bbbbbb")],
    )

    def top(kind: str, param: str) -> tuple[TopEntry, ...]:
        return tuple(
            TopEntry(v.value, v.count, search_url(outlet=shown, **{param: v.value}))
            for v in facets[kind]
        )

    return OutletView(
        name=shown,
        articles=facets.total,
        first_month=volume.periods[0] if volume.periods else None,
        last_month=volume.periods[-1] if volume.periods else None,
        volume=volume,
        volume_svg=line_chart_svg(volume, height=300),
        profile=rows,
        profile_svg=profile_svg,
        profile_paragraphs=outlet_counts.paragraphs,
        corpus_paragraphs=computed.corpus.paragraphs,
        profile_ready=state.profiles is not None,
        profile_computing=state.computing,
        profile_articles=state.articles,
        speakers=top("speaker", "speaker"),
        sources=top("source", "source"),
        entities=top("entity", "entity"),
        languages=top("language", "lang"),
        trends_url="/trends?" + urlencode({"outlet": shown}),
        search_url=search_url(outlet=shown),
    )


# -- trends --------------------------------------------------------------------


@dataclass(frozen=True)
class TrendsView:
    params: TrendsParams
    chart: TimeChart
    svg: str
    total: int
    points: tuple[Any, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.params.query,
            "filters": _filters_json(self.params.filters),
            "interval": self.params.interval,
            "by": self.params.by,
            "articles": self.total,
            "series": [
                {"period": p.period, self.params.by: p.group, "articles": p.count}
                for p in self.points
            ],
        }


def trends_title(params: TrendsParams) -> str:
    what = []
    if params.query:
        what.append(f"“{params.query}”")
    for label, values in (
        ("entity", params.filters.entities),
        ("speaker", params.filters.speakers),
        ("source", params.filters.sources),
        ("technique", params.filters.techniques),
        ("outlet", params.filters.outlets),
        ("language", params.filters.languages),
    ):
        if values:
            what.append(f"{label} {' or '.join(values)}")
    subject = ", ".join(what) if what else "all articles"
    return f"Articles per {params.interval} by {params.by}: {subject}"


def trends_view(store: Store, params: TrendsParams, cache: ResultCache) -> TrendsView:
    points = cache.get(
        ("series", params.query, params.filters, params.interval, params.by),
        store,
        lambda: store.timeseries(
            params.query, params.filters, interval=params.interval, by=params.by
        ),
    )
    chart = time_chart(points, params.interval, _short_title(trends_title(params)))
    return TrendsView(
        params=params,
        chart=chart,
        svg=line_chart_svg(chart),
        total=sum(p.count for p in points),
        points=tuple(points),
    )


def _short_title(title: str, length: int = 110) -> str:
    return title if len(title) <= length else title[: length - 1] + "…"
