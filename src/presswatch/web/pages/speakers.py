"""The speakers page (``/speakers``, ``.json``): who is quoted across the
corpus, each person or organisation once, with every name the articles use
for it (also cited sources, entities and vias, with ``kind``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from presswatch.corpus.store import Store
from presswatch.corpus.store.types import NAME_FACETS, Identity
from presswatch.web.dashboard import dashboard_of, format_of, query_pairs
from presswatch.web.links import search_url
from presswatch.web.params import (
    FILTER_PARAMS,
    ParameterError,
    SearchParams,
    filters_json,
    known_params,
    parse_search,
)
from presswatch.web.renderers import Result, respond

#: Identities listed on the page.
LIMIT = 100
KIND_LABELS = {
    "speaker": "Speakers",
    "source": "Cited sources",
    "entity": "Entities",
    "via": "Quoted via",
}
PARAM_NAMES = ("q", "kind", "since", "until", "nodup", *FILTER_PARAMS)


@dataclass(frozen=True)
class IdentityRow:
    identity: Identity
    url: str
    others: tuple[tuple[str, int, str], ...]  # (variant, articles, search link)


@dataclass(frozen=True)
class SpeakersView:
    kind: str
    params: SearchParams
    rows: tuple[IdentityRow, ...]

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "query": self.params.query,
            "filters": filters_json(self.params.filters),
            "identities": [{**row.identity.to_dict(), "search": row.url} for row in self.rows],
        }


def speakers_view(store: Store, kind: str, params: SearchParams) -> SpeakersView:
    param = {"speaker": "speaker", "source": "source", "entity": "entity", "via": "via"}[kind]
    identities = store.identities(kind, params.query, params.filters, limit=LIMIT)
    rows = tuple(
        IdentityRow(
            identity,
            search_url(**{param: identity.name}),
            tuple(
                (v.value, v.count, search_url(**{param: v.value}))
                for v in identity.variants
                if v.value != identity.name
            ),
        )
        for identity in identities
    )
    return SpeakersView(kind, params, rows)


async def speakers(request: Request) -> Response:
    fmt = format_of(request)
    pairs = query_pairs(request)
    known_params(pairs, PARAM_NAMES)
    kinds = [v for k, v in pairs if k == "kind"]
    kind = kinds[0] if kinds else "speaker"
    if len(kinds) > 1 or kind not in NAME_FACETS:
        raise ParameterError("kind", f"expected one of {', '.join(NAME_FACETS)}")
    params = parse_search([(k, v) for k, v in pairs if k != "kind"])
    dashboard = dashboard_of(request)

    def respond_with(store: Store) -> Response:
        view = dashboard.cache.get(
            ("speakers", kind, params.query, params.filters),
            store,
            lambda: speakers_view(store, kind, params),
        )
        return respond(dashboard, Result(view, "speakers.html", KIND_LABELS[kind]), fmt)

    return await dashboard.pool.run(respond_with)


ROUTES = [Route("/speakers", speakers), Route("/speakers.json", speakers)]
