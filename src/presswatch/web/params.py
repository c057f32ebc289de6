"""Query-string parameters of the dashboard pages, parsed and checked.

Every page reads its parameters through :func:`parse_search`,
:func:`parse_trends` or :func:`parse_filters`; bad values raise
:class:`ParameterError` (HTTP 400) with a one-line reason. The same objects
build the links of the pages (facet toggles, pagination), so a link always
round-trips to the same parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlencode

from presswatch.core.errors import PresswatchError
from presswatch.corpus.store.types import Filters, Interval, SortOrder, check_date
from presswatch.web.charts import MAX_LINES, MAX_NAMED_LINES

#: Query-string name -> Filters field, for the name filters.
FILTER_PARAMS: dict[str, str] = {
    "outlet": "outlets",
    "lang": "languages",
    "speaker": "speakers",
    "source": "sources",
    "entity": "entities",
    "technique": "techniques",
    "via": "vias",
}
#: Facet kind (store) -> query-string name.
FACET_PARAMS: dict[str, str] = {
    "outlet": "outlet",
    "language": "lang",
    "technique": "technique",
    "speaker": "speaker",
    "source": "source",
    "entity": "entity",
    "via": "via",
}
MAX_VALUES = 20
MAX_VALUE_LENGTH = 200
MAX_QUERY_LENGTH = 2000
PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500
#: Values listed per facet on a search page (and in the corpus-wide facets of an outlet page).
FACET_LIMIT = 10

Pairs = Sequence[tuple[str, str]]
GroupBy = Literal["outlet", "language"]


class ParameterError(PresswatchError):
    """A page was asked for with a parameter it cannot use."""

    exit_code = 2

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"parameter {name!r}: {reason}")


def _values(pairs: Pairs, name: str) -> list[str]:
    values = [v.strip() for k, v in pairs if k == name and v.strip()]
    if len(values) > MAX_VALUES:
        raise ParameterError(name, f"at most {MAX_VALUES} values")
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise ParameterError(name, f"longer than {MAX_VALUE_LENGTH} characters")
        if any(ord(c) < 32 for c in value):
            raise ParameterError(name, "control characters are not allowed")
    return list(dict.fromkeys(values))  # no repeated value


def _one(pairs: Pairs, name: str, default: str | None = None) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise ParameterError(name, "given more than once")
    value = values[0].strip() if values else ""
    return value or default


def _int(pairs: Pairs, name: str, default: int, low: int, high: int) -> int:
    raw = _one(pairs, name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise ParameterError(name, f"expected a whole number, got {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise ParameterError(name, f"expected a number between {low} and {high}")
    return value


def _date(pairs: Pairs, name: str) -> str | None:
    value = _one(pairs, name)
    if value is None:
        return None
    try:
        return check_date(value)
    except ValueError as exc:
        raise ParameterError(name, str(exc)) from None


def _choice(pairs: Pairs, name: str, choices: tuple[str, ...], default: str) -> str:
    value = _one(pairs, name, default) or default
    if value not in choices:
        raise ParameterError(name, f"expected one of {', '.join(choices)}")
    return value


def parse_query(pairs: Pairs) -> str | None:
    query = _one(pairs, "q")
    if query is not None and len(query) > MAX_QUERY_LENGTH:
        raise ParameterError("q", f"longer than {MAX_QUERY_LENGTH} characters")
    if query is not None and "\x00" in query:
        raise ParameterError("q", "control characters are not allowed")
    return query


def parse_filters(pairs: Pairs) -> Filters:
    """The store filters named in a query string."""
    names = {
        field_name: tuple(_values(pairs, param)) for param, field_name in FILTER_PARAMS.items()
    }
    nodup = _one(pairs, "nodup")
    if nodup not in (None, "0", "1", "on", "true"):
        raise ParameterError("nodup", "expected 1 or 0")
    return Filters(
        outlets=names["outlets"],
        languages=names["languages"],
        speakers=names["speakers"],
        sources=names["sources"],
        entities=names["entities"],
        techniques=names["techniques"],
        vias=names["vias"],
        since=_date(pairs, "since"),
        until=_date(pairs, "until"),
        exclude_near_duplicates=nodup in ("1", "on", "true"),
    )


def filter_pairs(filters: Filters) -> list[tuple[str, str]]:
    """The query-string pairs of ``filters`` (inverse of :func:`parse_filters`)."""
    pairs: list[tuple[str, str]] = []
    for param, field_name in FILTER_PARAMS.items():
        pairs.extend((param, value) for value in getattr(filters, field_name))
    if filters.since:
        pairs.append(("since", filters.since))
    if filters.until:
        pairs.append(("until", filters.until))
    if filters.exclude_near_duplicates:
        pairs.append(("nodup", "1"))
    return pairs


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, with the link that removes it."""

    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class SearchParams:
    """What the Search page shows: query, filters, order and page."""

    query: str | None = None
    filters: Filters = field(default_factory=Filters)
    sort: SortOrder = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def pairs(self, *, page: int | None = None) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.query:
            pairs.append(("q", self.query))
        pairs.extend(filter_pairs(self.filters))
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.per_page != PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        number = self.page if page is None else page
        if number != 1:
            pairs.append(("page", str(number)))
        return pairs

    def url(self, path: str = "/search", *, page: int | None = None) -> str:
        query = urlencode(self.pairs(page=page))
        return f"{path}?{query}" if query else path

    def with_filters(self, filters: Filters) -> SearchParams:
        """The same search with other filters, back on page 1."""
        return replace(self, filters=filters, page=1)

    def toggle_url(self, kind: str, value: str) -> str:
        """The link that adds ``value`` to (or removes it from) a facet filter."""
        return self.with_filters(toggle(self.filters, kind, value)).url()

    def trends_url(self) -> str:
        """The Trends page of the same query and filters."""
        return TrendsParams(query=self.query, filters=self.filters).url()

    def is_selected(self, kind: str, value: str) -> bool:
        return selected(self.filters, kind, value)

    def active(self) -> list[ActiveFilter]:
        """The filters in force and their removal links."""
        items = []
        for param, field_name in FILTER_PARAMS.items():
            for value in getattr(self.filters, field_name):
                without = tuple(v for v in getattr(self.filters, field_name) if v != value)
                link = self.with_filters(_with(self.filters, field_name, without)).url()
                items.append(ActiveFilter(param, value, link))
        for name in ("since", "until"):
            value = getattr(self.filters, name)
            if value:
                link = self.with_filters(_with(self.filters, name, None)).url()
                items.append(ActiveFilter(name, value, link))
        if self.filters.exclude_near_duplicates:
            link = self.with_filters(replace(self.filters, exclude_near_duplicates=False)).url()
            items.append(ActiveFilter("near-duplicates", "hidden", link))
        return items


def _with(filters: Filters, field_name: str, value: Any) -> Filters:
    changes: dict[str, Any] = {field_name: value}
    return replace(filters, **changes)


def toggle(filters: Filters, kind: str, value: str) -> Filters:
    """``filters`` with a facet value added, or removed when it is there.

    A month facet selects that month (``since`` = ``until`` = the month)."""
    if kind == "month":
        if filters.since == value and filters.until == value:
            return replace(filters, since=None, until=None)
        return replace(filters, since=value, until=value)
    field_name = FILTER_PARAMS[FACET_PARAMS[kind]]
    current: tuple[str, ...] = getattr(filters, field_name)
    if value in current:
        return _with(filters, field_name, tuple(v for v in current if v != value))
    return _with(filters, field_name, (*current, value))


def selected(filters: Filters, kind: str, value: str) -> bool:
    if kind == "month":
        return filters.since == value and filters.until == value
    return value in getattr(filters, FILTER_PARAMS[FACET_PARAMS[kind]])


def parse_search(pairs: Pairs) -> SearchParams:
    sort = _choice(pairs, "sort", ("relevance", "date"), "relevance")
    return SearchParams(
        query=parse_query(pairs),
        filters=parse_filters(pairs),
        sort="date" if sort == "date" else "relevance",
        page=_int(pairs, "page", 1, 1, MAX_PAGE),
        per_page=_int(pairs, "per_page", PER_PAGE, 1, MAX_PER_PAGE),
    )


@dataclass(frozen=True)
class TrendsParams:
    """What the Trends page charts: articles matching a query and filters,
    per period and per outlet (or language)."""

    query: str | None = None
    filters: Filters = field(default_factory=Filters)
    interval: Interval = "month"
    by: GroupBy = "outlet"
    #: Lines drawn on their own: the groups with the most matching articles.
    top: int = MAX_LINES
    #: Draw the other groups summed in one line (else leave them out).
    others: bool = True

    def pairs(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.query:
            pairs.append(("q", self.query))
        pairs.extend(filter_pairs(self.filters))
        if self.interval != "month":
            pairs.append(("interval", self.interval))
        if self.by != "outlet":
            pairs.append(("by", self.by))
        if self.top != MAX_LINES:
            pairs.append(("top", str(self.top)))
        if not self.others:
            pairs.append(("others", "0"))
        return pairs

    def url(self, path: str = "/trends") -> str:
        query = urlencode(self.pairs())
        return f"{path}?{query}" if query else path

    def search_params(self) -> SearchParams:
        return SearchParams(query=self.query, filters=self.filters)

    def with_others(self, others: bool) -> TrendsParams:
        """The same chart with the other groups' line drawn or left out."""
        return replace(self, others=others)


def parse_trends(pairs: Pairs) -> TrendsParams:
    interval = _choice(pairs, "interval", ("month", "week"), "month")
    by = _choice(pairs, "by", ("outlet", "language"), "outlet")
    return TrendsParams(
        query=parse_query(pairs),
        filters=parse_filters(pairs),
        interval="week" if interval == "week" else "month",
        by="language" if by == "language" else "outlet",
        top=_int(pairs, "top", MAX_LINES, 1, MAX_NAMED_LINES),
        others=_choice(pairs, "others", ("1", "0"), "1") == "1",
    )


def known_params(pairs: Pairs, allowed: Iterable[str]) -> None:
    """Refuse parameters a page does not know (a typo should not silently do nothing)."""
    names = set(allowed) | {"token"}
    for name, _ in pairs:
        if name not in names:
            raise ParameterError(name, "unknown parameter")


SEARCH_PARAM_NAMES = ("q", "sort", "page", "per_page", "since", "until", "nodup", *FILTER_PARAMS)
TRENDS_PARAM_NAMES = (
    "q", "interval", "by", "top", "others", "since", "until", "nodup", *FILTER_PARAMS,
)  # fmt: skip


def filters_json(filters: Filters) -> dict[str, Any]:
    """Filters as the JSON twins of the pages give them."""
    return {
        "outlets": list(filters.outlets),
        "languages": list(filters.languages),
        "speakers": list(filters.speakers),
        "sources": list(filters.sources),
        "entities": list(filters.entities),
        "techniques": list(filters.techniques),
        "vias": list(filters.vias),
        "since": filters.since,
        "until": filters.until,
        "exclude_near_duplicates": filters.exclude_near_duplicates,
    }
