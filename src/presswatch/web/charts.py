"""Charts drawn on the server as SVG (no JavaScript, no external resource),
their data as CSV, and PNG copies rendered by resvg.

Every text that reaches a chart (outlet names, labels) is escaped; colours
and coordinates are computed here.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from presswatch.core.deps import missing_modules
from presswatch.core.errors import PresswatchError
from presswatch.corpus.store.export import safe_cell
from presswatch.corpus.store.types import Interval, SeriesPoint

#: Colour-blind-friendly palette (Okabe-Ito, then Tableau), one per line.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#1d1d1f",
    "#b8860b",
    "#8c564b",
    "#17becf",
)
OTHER_COLOUR = "#999999"
FONT = "DejaVu Sans, Verdana, sans-serif"
#: Named lines drawn on a trends chart by default (the largest groups of the
#: selection); the other groups are summed in one dashed line.
MAX_LINES = 6
#: Most named lines one chart may ask for (one colour each).
MAX_NAMED_LINES = len(PALETTE)
#: Most periods one chart covers (20 years of months, 10 of weeks).
MAX_PERIODS = 520
_PERIOD = {
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "week": re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])"),
}
#: What the summed line of the smaller groups is called, per kind of group.
_PLURAL = {"outlet": "outlets", "language": "languages"}


class ChartError(PresswatchError):
    """A chart cannot be drawn (e.g. the PNG renderer is missing)."""


@dataclass(frozen=True)
class Line:
    name: str
    counts: tuple[int, ...]
    colour: str
    #: The sum of the groups not drawn on their own.
    other: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class TimeChart:
    """Counts per period for a few groups, every period present (zeros filled)."""

    title: str
    periods: tuple[str, ...]
    lines: tuple[Line, ...]
    interval: Interval
    #: Groups summed into the "other" line (not drawn on their own).
    other_groups: int = 0
    #: Articles of the other groups, when their line is left out.
    hidden_articles: int = 0

    @property
    def empty(self) -> bool:
        return not self.periods


def period_range(first: str, last: str, interval: Interval) -> list[str]:
    """Every period from ``first`` to ``last`` (``2022-01`` or ``2022-W05``);
    the most recent :data:`MAX_PERIODS` when the span is longer."""
    periods: list[str] = []
    if interval == "month":
        start = int(first[:4]) * 12 + int(first[5:7]) - 1
        stop = int(last[:4]) * 12 + int(last[5:7]) - 1
        for number in range(max(start, stop - MAX_PERIODS + 1), stop + 1):
            periods.append(f"{number // 12:04d}-{number % 12 + 1:02d}")
        return periods
    day = date.fromisocalendar(int(first[:4]), int(first[6:8]), 1)
    stop_day = date.fromisocalendar(int(last[:4]), int(last[6:8]), 1)
    day = max(day, stop_day - timedelta(weeks=MAX_PERIODS - 1))
    while day <= stop_day:
        year, week, _ = day.isocalendar()
        periods.append(f"{year:04d}-W{week:02d}")
        day += timedelta(days=7)
    return periods


def time_chart(
    points: Sequence[SeriesPoint],
    interval: Interval,
    title: str,
    *,
    max_lines: int = MAX_LINES,
    others: bool = True,
    group: str = "outlet",
) -> TimeChart:
    """One line for each of the ``max_lines`` groups with the most articles
    (ties by name); the other groups summed in one line named "other
    outlets (N)", or left out when ``others`` is false."""
    points = [p for p in points if _PERIOD[interval].fullmatch(p.period)]
    if not points:
        return TimeChart(title, (), (), interval)
    try:
        periods = period_range(points[0].period, points[-1].period, interval)
    except ValueError:  # a week 53 in a year without one: only the stored periods
        periods = sorted({p.period for p in points})[-MAX_PERIODS:]
    index = {period: number for number, period in enumerate(periods)}
    totals: dict[str, int] = {}
    for point in points:
        totals[point.group] = totals.get(point.group, 0) + point.count
    ranked = sorted(totals, key=lambda name: (-totals[name], name))
    shown = ranked[: max(1, min(max_lines, MAX_NAMED_LINES))]
    counts = {name: [0] * len(periods) for name in shown}
    other = [0] * len(periods)
    for point in points:
        position = index.get(point.period)
        if position is not None:
            counts.get(point.group, other)[position] += point.count
    lines = [
        Line(name, tuple(counts[name]), PALETTE[number % len(PALETTE)])
        for number, name in enumerate(shown)
    ]
    rest = len(ranked) - len(shown)
    if rest and others:
        name = f"other {_PLURAL.get(group, group + 's')} ({rest})"
        lines.append(Line(name, tuple(other), OTHER_COLOUR, other=True))
    hidden = 0 if others else sum(other)
    return TimeChart(title, tuple(periods), tuple(lines), interval, rest, hidden)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def nice_ticks(high: float, count: int = 5, *, whole: bool = True) -> list[float]:
    """Round tick values from 0 to at least ``high`` (whole numbers for counts)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    ticks = [0.0]
    while ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _number(value: float) -> str:
    return f"{value:g}" if value < 1000 else f"{value:,.0f}"


def _svg_open(width: int, height: int, title: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{_e(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2:.0f}" y="20" text-anchor="middle" font-size="15" '
        f'font-weight="bold" fill="#222">{_e(title)}</text>',
    ]


#: Legend entries per row under a chart, and the characters a name keeps.
LEGEND_COLUMNS = 3
LEGEND_NAME_LENGTH = 34
NO_DATED_ARTICLE = "No dated article matches."


def line_chart_svg(
    chart: TimeChart,
    *,
    width: int = 900,
    height: int = 380,
    legend: bool = True,
    empty_message: str = NO_DATED_ARTICLE,
) -> str:
    """The chart as a standalone SVG document (also embeddable in a page):
    the lines, largest first, each in ``<g class="plot plot-N">``, and a
    legend under the plot (``legend=False`` when the page draws its own)."""
    rows = math.ceil(len(chart.lines) / LEGEND_COLUMNS) if legend and not chart.empty else 0
    total_height = height + rows * 20 + (10 if rows else 0)
    parts = _svg_open(width, total_height, chart.title, "chart time-chart")
    if chart.empty:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="#666">'
            f"{_e(empty_message)}</text></svg>"
        )
        return "".join(parts)
    left, right, top, bottom = 52, width - 24, 36, height - 48
    high = max(max(line.counts) for line in chart.lines)
    ticks = nice_ticks(high)
    scale = (bottom - top) / ticks[-1]
    count = len(chart.periods)
    step = (right - left) / max(count - 1, 1)

    def x(position: int) -> float:
        return left + position * step if count > 1 else (left + right) / 2

    _axes(parts, chart, ticks, scale, (left, right, top, bottom), x)
    for number, line in reversed(list(enumerate(chart.lines))):  # the largest on top
        parts.append(_plot(line, number, chart.periods, x, bottom, scale))
    if legend:
        _legend(parts, chart.lines, width, height)
    parts.append("</svg>")
    return "".join(parts)


def _axes(
    parts: list[str],
    chart: TimeChart,
    ticks: list[float],
    scale: float,
    box: tuple[float, float, float, float],
    x: Callable[[int], float],
) -> None:
    left, right, top, bottom = box
    for tick in ticks:
        y = bottom - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e5e5"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_number(tick)}</text>"
        )
    count = len(chart.periods)
    every = max(1, math.ceil(count / 12))
    labelled = set(range(0, count, every))
    if count - 1 - max(labelled) >= every * 0.7:
        labelled.add(count - 1)
    for position, period in enumerate(chart.periods):
        if position not in labelled:
            continue
        parts.append(
            f'<line x1="{x(position):.1f}" y1="{bottom}" x2="{x(position):.1f}" '
            f'y2="{bottom + 4}" stroke="#888"/>'
            f'<text x="{x(position):.1f}" y="{bottom + 18}" text-anchor="middle" fill="#555" '
            f'font-size="11">{_e(period)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#888"/>'
        f'<text x="14" y="{(top + bottom) / 2:.0f}" fill="#555" text-anchor="middle" '
        f'transform="rotate(-90 14 {(top + bottom) / 2:.0f})">articles per {chart.interval}</text>'
    )


def _plot(
    line: Line,
    number: int,
    periods: tuple[str, ...],
    x: Callable[[int], float],
    bottom: float,
    scale: float,
) -> str:
    points = " ".join(
        f"{x(position):.1f},{bottom - value * scale:.1f}"
        for position, value in enumerate(line.counts)
    )
    dash = ' stroke-dasharray="6 4"' if line.other else ""
    parts = [
        f'<g class="plot plot-{number}"><polyline class="series" fill="none" '
        f'stroke="{line.colour}" stroke-width="{1.6 if line.other else 2.2}"{dash} '
        f'stroke-linejoin="round" points="{points}"><title>{_e(line.name)}: '
        f"{line.total} articles</title></polyline>"
    ]
    if len(periods) <= 60:
        for position, value in enumerate(line.counts):
            parts.append(
                f'<circle cx="{x(position):.1f}" cy="{bottom - value * scale:.1f}" r="2.5" '
                f'fill="{line.colour}"><title>{_e(line.name)}, '
                f"{_e(periods[position])}: {value}</title></circle>"
            )
    parts.append("</g>")
    return "".join(parts)


def _legend(parts: list[str], lines: Sequence[Line], width: int, top: float) -> None:
    """Entries in rows of :data:`LEGEND_COLUMNS` under the plot: a sample of
    the line, the name (long ones cut), the number of articles."""
    column_width = (width - 60) / LEGEND_COLUMNS
    for number, line in enumerate(lines):
        x = 52 + (number % LEGEND_COLUMNS) * column_width
        y = top + (number // LEGEND_COLUMNS) * 20
        dash = ' stroke-dasharray="6 4"' if line.other else ""
        parts.append(
            f'<g class="legend-entry"><line x1="{x:.0f}" y1="{y - 4}" x2="{x + 22:.0f}" '
            f'y2="{y - 4}" stroke="{line.colour}" stroke-width="3"{dash}/>'
            f'<text x="{x + 28:.0f}" y="{y}" fill="#222">'
            f"{_e(_short(line.name, LEGEND_NAME_LENGTH))} "
            f'<tspan fill="#666">({_number(line.total)})</tspan></text></g>'
        )


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]


def bar_chart_svg(
    title: str,
    bars: Sequence[Bar],
    series: Sequence[tuple[str, str]],
    *,
    width: int = 900,
    percent: bool = True,
) -> str:
    """Horizontal grouped bars: one group per label, one bar per series
    (``(name, colour)``), values as shares (0–1) when ``percent``."""
    row = 10 * len(series) + 10
    label_width = 260
    top = 40 + 18 * len(series)
    height = top + row * max(len(bars), 1) + 30
    parts = _svg_open(width, height, title, "chart bar-chart")
    for number, (name, colour) in enumerate(series):
        y = 32 + number * 18
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{label_width + 18}" y="{y + 10}" fill="#222">{_e(name)}</text>'
        )
    if not bars:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{top + 20}" text-anchor="middle" fill="#666">'
            "No data.</text></svg>"
        )
        return "".join(parts)
    high = max(max(bar.values) for bar in bars) or 1.0
    plot = width - label_width - 70
    for number, bar in enumerate(bars):
        y = top + number * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + row / 2 + 2:.1f}" text-anchor="end" '
            f'fill="#222">{_e(_short(bar.label.replace("_", " "), 38))}</text>'
        )
        for index, ((name, colour), value) in enumerate(zip(series, bar.values, strict=True)):
            length = plot * value / high
            shown = f"{value * 100:.1f}%" if percent else _number(value)
            parts.append(
                f'<rect x="{label_width}" y="{y + index * 10}" width="{length:.1f}" height="9" '
                f'fill="{colour}"><title>{_e(bar.label)} — {_e(name)}: {shown}</title></rect>'
                f'<text x="{label_width + length + 4:.1f}" y="{y + index * 10 + 8}" '
                f'font-size="9" fill="#555">{shown}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def series_csv(points: Iterable[SeriesPoint], group_name: str = "outlet") -> str:
    """``period,<group>,articles`` rows; cells a spreadsheet would run as a
    formula are defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", group_name, "articles"])
    for point in points:
        writer.writerow([point.period, safe_cell(point.group), point.count])
    return out.getvalue()


def svg_to_png(svg: str) -> bytes:
    """Render an SVG document to PNG (resvg, system fonts)."""
    if missing_modules("web"):
        raise ChartError("PNG charts need resvg-py, which is not installed (use the SVG)")
    import resvg_py

    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff"))
    except ValueError as exc:
        raise ChartError(f"the chart could not be rendered as PNG ({exc})") from None
