"""Article URLs and RSS/Atom feed URLs (each article of a feed is fetched)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from presswatch.core.article import Article
from presswatch.core.deps import require
from presswatch.core.errors import Failure, InputError, PresswatchError
from presswatch.corpus.ingest.fetch import Fetcher, Response
from presswatch.corpus.ingest.items import Item, Skipped
from presswatch.readers import read_text
from presswatch.readers.html import read_html

#: The most entries read from one feed.
MAX_FEED_ENTRIES = 10_000
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)
_FEED_START = re.compile(
    rb"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.S
)


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str | None
    published: str | None


def is_feed(response: Response) -> bool:
    if response.content_type in _FEED_TYPES:
        return True
    return bool(_FEED_START.match(response.body[:4096].lstrip(b"\xef\xbb\xbf")))


def parse_feed(body: bytes, url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document (never fetches anything)."""
    require("feeds")
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries:
        raise InputError(url, f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
    entries = []
    for entry in parsed.entries[:MAX_FEED_ENTRIES]:
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        entries.append(FeedEntry(link.strip(), entry.get("title"), _entry_date(entry)))
    return entries


def _entry_date(entry: dict[str, object]) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    try:
        year, month, day = parsed[0], parsed[1], parsed[2]  # type: ignore[index]
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    except (TypeError, ValueError, IndexError):
        return None


def url_items(url: str, fetcher: Fetcher, skip_url: Callable[[str], bool]) -> Iterator[Item]:
    """The article at ``url``, or every article of the feed at ``url``."""
    if skip_url(url):
        yield Skipped(url)
        return
    try:
        response = fetcher.fetch(url)
    except InputError as exc:
        yield Failure(url, exc.reason)
        return
    if not is_feed(response):
        yield _page_item(url, response)
        return
    try:
        entries = parse_feed(response.body, response.url)
    except InputError as exc:
        yield Failure(url, exc.reason)
        return
    for entry in entries:
        if skip_url(entry.link):
            yield Skipped(entry.link)
            continue
        try:
            page = fetcher.fetch(entry.link)
        except InputError as exc:
            yield Failure(entry.link, exc.reason)
            continue
        item = _page_item(entry.link, page)
        if isinstance(item, Article):
            _complete_from_entry(item, entry)
        yield item


def _page_item(url: str, response: Response) -> Item:
    """Read a fetched page (HTML through trafilatura, else by sniffing)."""
    try:
        text = response.text()
        if (
            response.content_type in ("text/html", "application/xhtml+xml")
            or "<html" in text[:4096].lower()
        ):
            return read_html(text, url, url=response.url)

        items = list(read_text(text, url))
    except InputError as exc:
        return Failure(url, exc.reason)
    except PresswatchError as exc:
        return Failure(url, str(exc))
    if len(items) != 1:
        return Failure(url, f"the page holds {len(items)} articles; expected one")
    item = items[0]
    if isinstance(item, InputError):
        return Failure(url, item.reason)
    if item.url is None:
        item.url = response.url
    return item


def _complete_from_entry(article: Article, entry: FeedEntry) -> None:
    """Fill what the page did not say from the feed entry."""
    if not article.published and entry.published:
        article.published = entry.published
