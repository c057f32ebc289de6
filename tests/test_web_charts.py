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
    chart = time_chart(points, "month", "t", max_lines=2)
    assert chart.periods == ("2021-12", "2022-01", "2022-02")
    assert [(line.name, line.counts) for line in chart.lines] == [
        ("B", (0, 0, 5)),
        ("2 other groups", (2, 0, 2)),
    ]
    assert period_range("2021-W52", "2022-W02", "week") == ["2021-W52", "2022-W01", "2022-W02"]
    assert nice_ticks(3) == [0.0, 1.0, 2.0, 3.0] and nice_ticks(43)[-1] >= 43


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
    for bad in (
        [("page", "-1")],
        [("sort", "x")],
        [("outlet", "x" * 201)],
        [("q", "a"), ("q", "b")],
    ):
        with pytest.raises(ParameterError):
            parse_search(bad)
