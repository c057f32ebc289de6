"""HTML pages: main text and metadata extracted by trafilatura.

The page's own metadata comes from trafilatura: the canonical URL (``<link
rel=canonical>``, ``og:url``), the site name (``og:site_name``, JSON-LD
``publisher``/``WebSite``), the publication date (``article:published_time``,
``<meta name="date">``, Dublin Core, JSON-LD ``datePublished``, ``<time>``,
the URL). Two gaps are filled here:

* the date is taken from the page's metadata and URL only, never guessed from
  the body text (trafilatura's "extensive" date search would give a page
  without a date the first date its text mentions, e.g. an anniversary);
* a site name that is only the host name (trafilatura's fallback) gives way
  to the outlet known for that domain (``lemonde.fr`` -> Le Monde).

``<html lang>`` is not used for the article's language: site templates often
declare one language for pages in another (``en-US`` on French WordPress
sites), and identifying the language of the text is reliable; a metadata
sidecar can state it (see :mod:`presswatch.corpus.ingest.metadata`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from presswatch.core.article import Article
from presswatch.core.errors import InputError
from presswatch.readers.base import Reader
from presswatch.readers.compose import compose_article, normalize_date, outlet_from_url


def read_html(html: str, source: str, *, url: str | None = None) -> Article:
    import trafilatura
    from trafilatura.settings import set_date_params

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        date_extraction_params=set_date_params(extensive=False),
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise InputError(source, "no article text found in the HTML page")
    title = (document.title or "").strip()
    lines = [line.strip() for line in (document.text or "").split("\n") if line.strip()]
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]
    if not title and lines:
        title, lines = lines[0], lines[1:]
    try:
        published = normalize_date(document.date)
    except ValueError:
        published = None
    return compose_article(
        title=title,
        lead=(document.description or "").strip() if _is_lead(document.description, lines) else "",
        body=lines,
        url=document.url or url,
        outlet=_outlet(document.sitename, document.url or url),
        published=published,
        source=source,
        format="html",
    )


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The page's site name, unless it is only its host name (then the
    outlet known for the domain, else the host name without ``www.``)."""
    name = (sitename or "").strip()
    host = (urlsplit(url).hostname or "").lower() if url else ""
    if not name or (host and name.lower().removeprefix("www.") == host.removeprefix("www.")):
        return outlet_from_url(url) or name or None
    return name


def _is_lead(description: str | None, lines: list[str]) -> bool:
    """Use the page description as the lead unless the body already starts with it."""
    if not description or not description.strip():
        return False
    head = description.strip().rstrip(".…")[:60]
    return not any(line.startswith(head) for line in lines[:3])


_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]",
    re.IGNORECASE,
)


def sniff_html(head: str) -> bool:
    """An HTML tag among the first 4 KiB."""
    return _HINT.search(head[:4096]) is not None


READER = Reader("html", lambda text, source: [read_html(text, source)], sniff_html)
