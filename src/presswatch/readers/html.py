"""HTML pages: main text and metadata extracted by trafilatura."""

from __future__ import annotations

import re

from presswatch.core.article import Article
from presswatch.core.errors import InputError
from presswatch.readers.base import Reader
from presswatch.readers.compose import compose_article, normalize_date


def read_html(html: str, source: str, *, url: str | None = None) -> Article:
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
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
        outlet=document.sitename or None,
        published=published,
        source=source,
        format="html",
    )


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
