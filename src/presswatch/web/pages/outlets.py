"""The outlet pages: the list of outlets (``/outlets``) and one outlet's
profile (``/outlets/{name}``): volume over time, technique profile against
the whole corpus, top speakers and cited sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from presswatch.corpus.store import Filters, MetadataGaps, Store, StoreError
from presswatch.web.charts import Bar, TimeChart, bar_chart_svg, line_chart_svg, time_chart
from presswatch.web.dashboard import dashboard_of, format_of, query_pairs, wants_json
from presswatch.web.data import ResultCache
from presswatch.web.explain import empty_chart_message, no_date, no_outlet
from presswatch.web.links import outlet_url, search_url
from presswatch.web.params import FACET_LIMIT, known_params
from presswatch.web.profile import (
    CorpusProfiles,
    ProfileRow,
    ProfileService,
    ProfileState,
    profile_rows,
)
from presswatch.web.renderers import Result, respond

#: Speakers, sources, entities and languages listed on an outlet page.
TOP_LIMIT = 15


class OutletNotFoundError(StoreError):
    """No stored article was published by the requested outlet."""

    def __init__(self, where: str, outlet: str) -> None:
        self.outlet = outlet
        super().__init__(where, f"no article from the outlet {outlet!r}")


@dataclass(frozen=True)
class OutletSummary:
    name: str
    articles: int
    url: str


@dataclass(frozen=True)
class OutletsView:
    total: int
    outlets: tuple[OutletSummary, ...]
    gaps: MetadataGaps

    @property
    def missing_note(self) -> str | None:
        """Why articles are not listed (no outlet), and the fix."""
        return no_outlet(self.gaps)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.total,
            "without_outlet": self.gaps.without_outlet,
            "outlets": [
                {"name": o.name, "articles": o.articles, "page": o.url} for o in self.outlets
            ],
        }


def outlets_view(store: Store, cache: ResultCache) -> OutletsView:
    facets = cache.get(("outlets",), store, lambda: store.facets(None, None, limit=1000))
    outlets = tuple(OutletSummary(v.value, v.count, outlet_url(v.value)) for v in facets["outlet"])
    gaps = cache.get(("gaps", None, Filters()), store, lambda: store.metadata_gaps())
    return OutletsView(facets.total, outlets, gaps)


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
    #: The outlet's articles without a date (left out of the volume chart).
    gaps: MetadataGaps | None = None

    @property
    def undated_note(self) -> str | None:
        return no_date(self.gaps, matching=False) if self.gaps else None

    def to_json(self) -> dict[str, Any]:
        def top(entries: tuple[TopEntry, ...]) -> list[dict[str, Any]]:
            return [{"value": e.value, "articles": e.count} for e in entries]

        return {
            "outlet": self.name,
            "articles": self.articles,
            "first_month": self.first_month,
            "last_month": self.last_month,
            "without_date": self.gaps.without_date if self.gaps else 0,
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
    gaps = cache.get(("gaps", None, filters), store, lambda: store.metadata_gaps(None, filters))
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
        volume_svg=line_chart_svg(
            volume, height=300, legend=False, empty_message=empty_chart_message(gaps)
        ),
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
        gaps=gaps,
    )


async def outlets(request: Request) -> Response:
    known_params(query_pairs(request), ())
    fmt = format_of(request)
    dashboard = dashboard_of(request)

    def respond_with(store: Store) -> Response:
        view = outlets_view(store, dashboard.cache)
        return respond(dashboard, Result(view, "outlets.html", "Outlets"), fmt)

    return await dashboard.pool.run(respond_with)


async def outlet(request: Request) -> Response:
    name: str = request.path_params["name"]
    fmt = "json" if wants_json(request, name.endswith(".json")) else "html"
    if name.endswith(".json"):
        name = name[:-5]
    known_params(query_pairs(request), ())
    if not name.strip() or len(name) > 200:
        raise OutletNotFoundError("store", name[:80])
    dashboard = dashboard_of(request)

    def respond_with(store: Store) -> Response:
        view = outlet_view(store, name, dashboard.cache, dashboard.profiles)
        return respond(dashboard, Result(view, "outlet.html", view.name), fmt)

    return await dashboard.pool.run(respond_with)


ROUTES = [
    Route("/outlets", outlets),
    Route("/outlets.json", outlets),
    Route("/outlets/{name:path}", outlet),
]
