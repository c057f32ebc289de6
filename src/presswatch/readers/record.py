"""The scraper record format.

::

    date 2022-01 https://example.org/article.html
    <blank line>
    Title
    <blank line>
    Lead … 31.01.2022, Outlet
    <blank line>
    Body (paragraphs possibly glued together)
"""

from __future__ import annotations

import re

from presswatch.core.article import Article
from presswatch.core.errors import UnknownFormatError
from presswatch.readers.base import Reader
from presswatch.readers.compose import compose_article, split_blocks

_HEADER = re.compile(r"\s*date\s+(?P<month>\d{4}-\d{2})(?:-(?P<day>\d{2}))?\s+(?P<url>\S+)\s*$")
_DATELINE = re.compile(
    r"\s*(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}),\s*(?P<outlet>[^\n]{1,80}?)\s*$"
)


def read_record(text: str, source: str) -> Article:
    lines = text.lstrip("\ufeff").split("\n")
    header = _HEADER.match(lines[0])
    if header is None:
        raise UnknownFormatError(source, "record format expected a 'date YYYY-MM URL' first line")
    published = header["month"] + (f"-{header['day']}" if header["day"] else "")
    blocks = split_blocks("\n".join(lines[1:]))
    if not blocks:
        raise UnknownFormatError(source, "record has a header line but no title or text")
    title, rest = blocks[0], blocks[1:]
    lead, outlet = "", None
    if rest:
        dateline = _DATELINE.search(rest[0])
        if dateline is not None:
            lead = rest[0][: dateline.start()].strip()
            outlet = dateline["outlet"].strip()
            published = _dateline_date(dateline) or published
            rest = rest[1:]
    return compose_article(
        title=title,
        lead=lead,
        body=rest,
        url=header["url"],
        outlet=outlet,
        published=published,
        source=source,
        format="record",
    )


def _dateline_date(match: re.Match[str]) -> str | None:
    day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


_SNIFF = re.compile(r"\A\s*date\s+\d{4}-\d{2}(?:-\d{2})?\s+\S+[^\n]*\n")


def sniff_record(head: str) -> bool:
    """A ``date YYYY-MM URL`` first line."""
    return _SNIFF.match(head) is not None


READER = Reader("record", lambda text, source: [read_record(text, source)], sniff_record)
