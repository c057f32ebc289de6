"""The search page (``/search``, ``/search.json``): hits, facets, pagination."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from presswatch.corpus.store import (
    FACET_KINDS,
    Facets,
    FilterError,
    QuerySyntaxError,
    SearchPage,
    Store,
)
from presswatch.web.dashboard import dashboard_of, format_of, query_pairs
from presswatch.web.data import ResultCache
from presswatch.web.links import article_url
from presswatch.web.params import (
    FACET_LIMIT,
    MAX_PAGE,
    SEARCH_PARAM_NAMES,
    ActiveFilter,
    SearchParams,
    filters_json,
    known_params,
    parse_search,
)
from presswatch.web.renderers import Result, respond

FACET_LABELS = {
    "outlet": "Outlet",
    "language": "Language",
    "month": "Month",
    "technique": "Technique",
    "speaker": "Speaker",
    "source": "Cited source",
    "entity": "Entity",
    "via": "Quoted via",
}


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
    #: The facet counts are estimated from a sample (a large result set).
    estimated: bool = False

    @property
    def first(self) -> int:
        return self.page.offset + 1 if self.page.hits else 0

    @property
    def last(self) -> int:
        return self.page.offset + len(self.page.hits)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.page.query,
            "filters": filters_json(self.params.filters),
            "sort": self.params.sort,
            "page": self.params.page,
            "per_page": self.params.per_page,
            "total": self.page.total,
            "total_capped": self.page.total_capped,
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
            "facets_estimated": self.estimated,
            "next": self._json_url(self.next_url),
            "previous": self._json_url(self.previous_url),
        }  # fmt: skip

    @staticmethod
    def _json_url(url: str | None) -> str | None:
        return url.replace("/search", "/search.json", 1) if url else None


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
        estimated=facets.estimated,
        active=tuple(params.active()),
        pages=pages if last_page > 1 else (),
        previous_url=params.url(page=params.page - 1) if params.page > 1 else None,
        next_url=params.url(page=params.page + 1) if params.page < last_page else None,
    )


async def search(request: Request) -> Response:
    fmt = format_of(request)
    pairs = query_pairs(request)
    known_params(pairs, SEARCH_PARAM_NAMES)
    params = parse_search(pairs)
    dashboard = dashboard_of(request)

    def respond_with(store: Store) -> Response:
        try:
            view: SearchView | None = search_view(store, params, dashboard.cache)
            error, status = None, 200
        except (QuerySyntaxError, FilterError) as exc:
            if fmt != "html":
                raise
            view, error, status = None, str(exc), 400
        result = Result(view, "search.html", "Search", status, {"params": params, "error": error})
        return respond(dashboard, result, fmt)

    return await dashboard.pool.run(respond_with)


ROUTES = [Route("/search", search), Route("/search.json", search)]
