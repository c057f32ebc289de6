"""Charts and parameters of the dashboard, without a server."""

from __future__ import annotations

import pytest

from presswatch.corpus.store.types import Filters, SeriesPoint
from presswatch.web.charts import line_chart_svg, nice_ticks, period_range, series_csv, time_chart
from presswatch.web.params import ParameterError, parse_search, parse_trends, toggle


def test_web_charts_fill_missing_periods_and_sum_small_groups() -> None:
    points = [
        SeriesPoint("2021-12", "A", 2),
        SeriesPoint("2022-02", "A", 1),
        SeriesPoint("2022-02", "B", 5),
        SeriesPoint("2022-02", "C", 1),
    ]
    chart = time_chart(points, "month", "t", max_lines=1)
    assert chart.periods == ("2021-12", "2022-01", "2022-02")
    assert [(line.name, line.counts, line.other) for line in chart.lines] == [
        ("B", (0, 0, 5), False),
        ("other outlets (2)", (2, 0, 2), True),
    ]
    by_language = time_chart(points, "month", "t", max_lines=2, group="language")
    assert [line.name for line in by_language.lines] == ["B", "A", "other languages (1)"]
    assert period_range("2021-W52", "2022-W02", "week") == ["2021-W52", "2022-W01", "2022-W02"]
    assert nice_ticks(3) == [0.0, 1.0, 2.0, 3.0] and nice_ticks(43)[-1] >= 43


def many_outlets(count: int = 30) -> list[SeriesPoint]:
    """``count`` outlets; "Outlet NN" has (count - NN) articles a month over 3 months."""
    return [
        SeriesPoint(month, f"Outlet {number:02d} with a rather long name", count - number)
        for month in ("2022-01", "2022-02", "2022-03")
        for number in range(count)
    ]


def test_web_charts_many_outlets_top_lines_and_the_others() -> None:
    points = many_outlets()
    chart = time_chart(points, "month", "t")  # the default: 6 named lines
    assert [line.name[:9] for line in chart.lines] == [
        "Outlet 00", "Outlet 01", "Outlet 02", "Outlet 03", "Outlet 04", "Outlet 05",
        "other out",
    ]  # fmt: skip
    assert chart.lines[-1].name == "other outlets (24)" and chart.other_groups == 24
    assert chart.lines[-1].total == 3 * sum(range(1, 25))
    assert sum(line.total for line in chart.lines) == sum(p.count for p in points)
    svg = line_chart_svg(chart)
    assert svg.count('<g class="plot plot-') == 7 and 'class="plot plot-6"' in svg
    assert svg.count('<g class="legend-entry">') == 7  # a legend under the plot
    assert "Outlet 00 with a rather long name" in svg  # names readable, not cut at 20
    assert "other outlets (24) <tspan" in svg and "(900)" in svg  # totals
    assert 'stroke-dasharray="6 4"' in svg  # the others: one dashed line
    assert 'height="450"' in svg  # 380 + 3 legend rows of 20 + 10
    page_svg = line_chart_svg(chart, legend=False)
    assert "legend-entry" not in page_svg

    alone = time_chart(points, "month", "t", max_lines=10, others=False)
    assert len(alone.lines) == 10 and not any(line.other for line in alone.lines)
    assert alone.hidden_articles == 3 * sum(range(1, 21))
    # without the big summed line, the scale fits the outlets drawn
    assert '<text x="46" y="40.0" text-anchor="end" fill="#555">30</text>' in (
        line_chart_svg(alone)
    )
    assert time_chart(points, "month", "t", max_lines=99).lines[9].name.startswith("Outlet 09")
    assert len(time_chart(points, "month", "t", max_lines=99).lines) == 11  # 10 at most


def test_web_charts_line_colours_match_the_page_stylesheet() -> None:
    """The trends page's legend swatches (app.css) use the chart's palette, in order."""
    from pathlib import Path

    import presswatch.web as web
    from presswatch.web.charts import PALETTE

    css = (Path(web.__file__).parent / "static" / "app.css").read_text("utf-8")
    for number, colour in enumerate(PALETTE):
        assert f".line-{number}{{border-top-color:{colour}}}" in css
        assert f"#line-{number}:not(:checked)~figure .plot-{number}" in css


def test_web_charts_escape_names_and_defuse_csv_formulas() -> None:
    points = [SeriesPoint("2022-01", "<script>x</script>", 3), SeriesPoint("2022-01", "=1+1", 1)]
    svg = line_chart_svg(time_chart(points, "month", 'title "<b>"'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert series_csv(points).splitlines()[2] == "2022-01,'=1+1,1"
    malformed = time_chart([SeriesPoint("2022-1x", "A", 1)], "month", "t")
    assert malformed.empty and "No dated article" in line_chart_svg(malformed)


def test_web_params_round_trip_and_refuse_bad_values() -> None:
    pairs = [("q", "gaz"), ("outlet", "A"), ("outlet", "B"), ("sort", "date"), ("page", "3")]
    params = parse_search(pairs)
    assert params.filters.outlets == ("A", "B") and params.offset == 40
    assert parse_search(params.pairs()) == params
    assert toggle(params.filters, "outlet", "A").outlets == ("B",)
    assert toggle(Filters(), "month", "2022-01") == Filters(since="2022-01", until="2022-01")
    assert parse_trends([("interval", "week"), ("by", "language")]).by == "language"
    trends = parse_trends([("top", "3"), ("others", "0"), ("q", "gaz")])
    assert (trends.top, trends.others) == (3, False) and parse_trends(trends.pairs()) == trends
    assert parse_trends([]).pairs() == []
    for bad in ([("top", "0")], [("top", "11")], [("top", "x")], [("others", "2")]):
        with pytest.raises(ParameterError):
            parse_trends(bad)
    for bad in (
        [("page", "-1")],
        [("sort", "x")],
        [("outlet", "x" * 201)],
        [("q", "a"), ("q", "b")],
    ):
        with pytest.raises(ParameterError):
            parse_search(bad)
