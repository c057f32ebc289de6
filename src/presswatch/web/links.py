"""The dashboard's URLs, built in one place (pages and templates use them)."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def outlet_url(name: str) -> str:
    return "/outlets/" + quote(name, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def search_url(**values: str) -> str:
    return "/search?" + urlencode(values)


def technique_css_url(names: list[str] | tuple[str, ...]) -> str:
    """The stylesheet URL colouring these techniques
    (:func:`presswatch.outputs.html.technique_css`, served by the article page)."""
    return "/assets/techniques.css?" + urlencode([("t", name) for name in sorted(set(names))])


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a page may link to, else None."""
    if url and url.strip().lower().startswith(("http://", "https://")) and " " not in url.strip():
        return url.strip()
    return None
