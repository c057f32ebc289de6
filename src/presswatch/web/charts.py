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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

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
    "#7f7f7f",
    "#b8860b",
    "#8c564b",
    "#17becf",
)
OTHER_COLOUR = "#bbbbbb"
FONT = "DejaVu Sans, Verdana, sans-serif"
#: Most lines drawn on one chart; the remaining groups are summed as one line.
MAX_LINES = 8
#: Most periods one chart covers (20 years of months, 10 of weeks).
MAX_PERIODS = 520
_PERIOD = {
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "week": re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])"),
}


class ChartError(PresswatchError):
    """A chart cannot be drawn (e.g. the PNG renderer is missing)."""


@dataclass(frozen=True)
class Line:
    name: str
    counts: tuple[int, ...]
    colour: str

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
    points: Sequence[SeriesPoint], interval: Interval, title: str, *, max_lines: int = MAX_LINES
) -> TimeChart:
    """Lines of the ``max_lines`` largest groups, the others summed in one."""
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
    ranked = sorted(totals, key=lambda group: (-totals[group], group))
    shown = ranked[:max_lines] if len(ranked) <= max_lines else ranked[: max_lines - 1]
    others = set(ranked) - set(shown)
    counts = {group: [0] * len(periods) for group in shown}
    other = [0] * len(periods)
    for point in points:
        position = index.get(point.period)
        if position is None:
            continue
        target = counts.get(point.group, other)
        target[position] += point.count
    lines = [
        Line(group, tuple(counts[group]), PALETTE[number % len(PALETTE)])
        for number, group in enumerate(shown)
    ]
    if others:
        lines.append(Line(f"{len(others)} other groups", tuple(other), OTHER_COLOUR))
    return TimeChart(title, tuple(periods), tuple(lines), interval, len(others))


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


def line_chart_svg(chart: TimeChart, *, width: int = 900, height: int = 380) -> str:
    """The chart as a standalone SVG document (also embeddable in a page)."""
    parts = _svg_open(width, height, chart.title, "chart time-chart")
    if chart.empty:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="#666">'
            "No dated article matches.</text></svg>"
        )
        return "".join(parts)
    legend_width = 190
    left, right, top, bottom = 52, width - legend_width, 36, height - 48
    high = max(max(line.counts) for line in chart.lines)
    ticks = nice_ticks(high)
    scale = (bottom - top) / ticks[-1]
    count = len(chart.periods)
    step = (right - left) / max(count - 1, 1)

    def x(position: int) -> float:
        return left + position * step if count > 1 else (left + right) / 2

    for tick in ticks:
        y = bottom - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e5e5"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_number(tick)}</text>"
        )
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
    for line in chart.lines:
        points = " ".join(
            f"{x(position):.1f},{bottom - value * scale:.1f}"
            for position, value in enumerate(line.counts)
        )
        dash = ' stroke-dasharray="5 3"' if line.colour == OTHER_COLOUR else ""
        parts.append(
            f'<polyline class="series" fill="none" stroke="{line.colour}" stroke-width="2"{dash} '
            f'stroke-linejoin="round" points="{points}"><title>{_e(line.name)}: '
            f"{line.total} articles</title></polyline>"
        )
        if count <= 60:
            for position, value in enumerate(line.counts):
                parts.append(
                    f'<circle cx="{x(position):.1f}" cy="{bottom - value * scale:.1f}" r="2.5" '
                    f'fill="{line.colour}"><title>{_e(line.name)}, '
                    f"{_e(chart.periods[position])}: {value}</title></circle>"
                )
    for number, line in enumerate(chart.lines):
        y = top + 6 + number * 20
        parts.append(
            f'<rect x="{right + 18}" y="{y}" width="12" height="12" fill="{line.colour}"/>'
            f'<text x="{right + 36}" y="{y + 10}" fill="#222">{_e(_short(line.name, 20))} '
            f"({line.total})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


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
    try:
        import resvg_py
    except ImportError:
        raise ChartError(
            "PNG charts need resvg-py: pip install 'presswatch[web]' (or use the SVG)"
        ) from None
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff"))
    except ValueError as exc:
        raise ChartError(f"the chart could not be rendered as PNG ({exc})") from None
