"""Why a list or a chart of the dashboard is empty or incomplete, and how to
fix it: articles without an outlet or a publication date (plain-text files
carry neither) are left out of outlet lists and time series."""

from __future__ import annotations

from presswatch.corpus.store.types import MetadataGaps

#: How a reader gives articles an outlet or a date (docs/corpus.md).
FIX_OUTLET = (
    "Give them one with `presswatch ingest --outlet NAME` or a metadata sidecar "
    "(presswatch-metadata.csv beside the files; see docs/corpus.md), then run the same "
    "ingest again: the stored articles get it."
)
FIX_DATE = (
    "Give them one with `presswatch ingest --published YYYY-MM-DD` or a metadata sidecar "
    "(presswatch-metadata.csv beside the files; see docs/corpus.md), then run the same "
    "ingest again: the stored articles get it."
)


def _articles(count: int) -> str:
    return f"{count:,} article{'s' if count != 1 else ''}"


def no_outlet(gaps: MetadataGaps, *, matching: bool = False) -> str | None:
    """Why outlets are missing from a list: ``None`` when every article has one."""
    if not gaps.without_outlet:
        return None
    which = "matching " if matching else ""
    if gaps.without_outlet == gaps.articles:
        lead = (
            "The only article has no outlet."
            if gaps.articles == 1
            else f"None of the {gaps.articles:,} {which}articles has an outlet."
        )
    else:
        lead = (
            f"{_articles(gaps.without_outlet)} of {gaps.articles:,} {which}"
            f"{'has' if gaps.without_outlet == 1 else 'have'} no outlet and "
            f"{'is' if gaps.without_outlet == 1 else 'are'} not listed."
        )
    return f"{lead} {FIX_OUTLET}"


def no_date(gaps: MetadataGaps, *, interval: str = "month", matching: bool = True) -> str | None:
    """Why articles are missing from a time series (``week`` needs a full
    date): ``None`` when every article is dated."""
    missing = gaps.without_day if interval == "week" else gaps.without_date
    if not missing:
        return None
    what = (
        "full publication date (year, month and day)" if interval == "week" else "publication date"
    )
    which = "matching " if matching else ""
    if missing == gaps.articles:
        lead = (
            f"The only {which}article has no {what}."
            if gaps.articles == 1
            else f"None of the {gaps.articles:,} {which}articles has a {what}, so there is "
            "nothing to draw."
        )
    else:
        lead = (
            f"{_articles(missing)} of {gaps.articles:,} {which}"
            f"{'has' if missing == 1 else 'have'} no {what} and "
            f"{'is' if missing == 1 else 'are'} left out of the chart."
        )
    return f"{lead} {FIX_DATE}"


def empty_chart_message(gaps: MetadataGaps, interval: str = "month") -> str:
    """The one line an empty chart shows (it may be downloaded on its own)."""
    if not gaps.articles:
        return "No article matches."
    what = "full publication date" if interval == "week" else "publication date"
    if gaps.articles == 1:
        return f"The matching article has no {what}."
    return f"None of the {gaps.articles:,} matching articles has a {what}."
