"""The trends page (``/trends`` and its ``.json``, ``.csv``, ``.svg`` and
``.png`` twins): articles per week or month of any query, by outlet or language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from presswatch.corpus.store import FilterError, MetadataGaps, QuerySyntaxError, Store
from presswatch.web.charts import TimeChart, line_chart_svg, series_csv, time_chart
from presswatch.web.dashboard import dashboard_of, format_of, query_pairs
from presswatch.web.data import ResultCache
from presswatch.web.explain import empty_chart_message, no_date
from presswatch.web.params import (
    TRENDS_PARAM_NAMES,
    TrendsParams,
    filters_json,
    known_params,
    parse_trends,
)
from presswatch.web.renderers import Result, respond


@dataclass(frozen=True)
class TrendsView:
    params: TrendsParams
    chart: TimeChart
    #: The chart as the page shows it (its legend is the page's, with toggles).
    svg: str
    total: int
    points: tuple[Any, ...]
    #: Matching articles without an outlet or a date (left out or "(unknown)").
    gaps: MetadataGaps

    def to_csv(self) -> str:
        return series_csv(self.points, self.params.by)

    def to_svg(self) -> str:
        """The chart as a file: with its own legend."""
        return line_chart_svg(self.chart, empty_message=self.empty_message)

    @property
    def empty_message(self) -> str:
        return empty_chart_message(self.gaps, self.params.interval)

    @property
    def undated_note(self) -> str | None:
        """Why matching articles are missing from the chart, and the fix."""
        return no_date(self.gaps, interval=self.params.interval)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.params.query,
            "filters": filters_json(self.params.filters),
            "interval": self.params.interval,
            "by": self.params.by,
            "articles": self.total,
            "matching_articles": self.gaps.articles,
            "without_date": self.gaps.without_day
            if self.params.interval == "week"
            else self.gaps.without_date,
            "without_outlet": self.gaps.without_outlet,
            "top": self.params.top,
            "others": self.params.others,
            "lines": [
                {"name": line.name, "articles": line.total, "other": line.other}
                for line in self.chart.lines
            ],
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
        ("via", params.filters.vias),
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
    gaps = cache.get(
        ("gaps", params.query, params.filters),
        store,
        lambda: store.metadata_gaps(params.query, params.filters),
    )
    chart = time_chart(
        points,
        params.interval,
        _short_title(trends_title(params)),
        max_lines=params.top,
        others=params.others,
        group=params.by,
    )
    svg = line_chart_svg(
        chart, legend=False, empty_message=empty_chart_message(gaps, params.interval)
    )
    return TrendsView(
        params=params,
        chart=chart,
        svg=svg,
        total=sum(p.count for p in points),
        points=tuple(points),
        gaps=gaps,
    )


def _short_title(title: str, length: int = 110) -> str:
    return title if len(title) <= length else title[: length - 1] + "…"


async def trends(request: Request) -> Response:
    fmt = format_of(request)
    pairs = query_pairs(request)
    known_params(pairs, TRENDS_PARAM_NAMES)
    params = parse_trends(pairs)
    dashboard = dashboard_of(request)

    def respond_with(store: Store) -> Response:
        try:
            view: TrendsView | None = trends_view(store, params, dashboard.cache)
            error, status = None, 200
        except (QuerySyntaxError, FilterError) as exc:
            if fmt != "html":
                raise
            view, error, status = None, str(exc), 400
        context = {"params": params, "error": error}
        return respond(
            dashboard, Result(view, "trends.html", "Trends", status, context, "trends"), fmt
        )

    return await dashboard.pool.run(respond_with)


ROUTES = [Route(f"/trends{suffix}", trends) for suffix in ("", ".json", ".csv", ".svg", ".png")]
