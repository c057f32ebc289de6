"""JSON objects, arrays of objects, and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presswatch.core.article import Article
from presswatch.core.errors import InputError, UnknownFormatError
from presswatch.readers.base import Reader
from presswatch.readers.compose import compose_article, normalize_date, split_blocks
from presswatch.readers.decode import decode_bytes

_ALIASES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "canonical_url", "uri"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "maintext"),
    "lead": ("lead", "description", "summary", "standfirst", "chapo"),
    "published": (
        "published",
        "date",
        "published_at",
        "publication_date",
        "datePublished",
        "pubdate",
    ),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "site_name"),
}


def read_json(text: str, source: str) -> Iterator[Article | InputError]:
    """Read a JSON document (object or array of objects), or JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            for number, line in enumerate(text.split("\n"), start=1):
                if line.strip():
                    yield _read_line(line, f"{source}:{number}")
            return
        raise UnknownFormatError(source, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict):
        yield article_from_mapping(data, source)
    elif isinstance(data, list):
        if not data:
            raise InputError(source, "empty JSON array (no articles)")
        for index, item in enumerate(data):
            name = f"{source}[{index}]"
            if isinstance(item, dict):
                yield _guarded(item, name)
            else:
                yield InputError(name, f"expected a JSON object, got {type(item).__name__}")
    else:
        raise UnknownFormatError(
            source, f"expected a JSON object or array, got {type(data).__name__}"
        )


def read_json_lines(
    path: Path, source: str, *, max_line_bytes: int
) -> Iterator[Article | InputError]:
    """Stream a JSON Lines file: one article per line, bad lines reported."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            name = f"{source}:{number}"
            if not raw.strip():
                continue
            if len(raw) > max_line_bytes:
                yield InputError(
                    name, f"line too large ({len(raw):,} bytes; limit {max_line_bytes:,})"
                )
                continue
            try:
                line = decode_bytes(raw, name)
            except InputError as exc:
                yield exc
                continue
            yield _read_line(line, name)


def _read_line(line: str, name: str) -> Article | InputError:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(name, f"invalid JSON ({exc.msg})")
    if not isinstance(item, dict):
        return InputError(name, f"expected a JSON object, got {type(item).__name__}")
    return _guarded(item, name)


def _guarded(item: dict[str, Any], name: str) -> Article | InputError:
    try:
        return article_from_mapping(item, name)
    except InputError as exc:
        return exc


def _pick(item: dict[str, Any], field: str) -> Any:
    for key in _ALIASES[field]:
        if key in item and item[key] not in (None, ""):
            return item[key]
    return None


def article_from_mapping(item: dict[str, Any], source: str) -> Article:
    """Build an article from a JSON object with url/title/text/published/outlet."""
    text = _pick(item, "text")
    if text is None:
        raise InputError(source, "JSON object has no 'text' (or body/content) field")
    if not isinstance(text, str):
        raise InputError(source, f"'text' must be a string, got {type(text).__name__}")
    title = _pick(item, "title") or ""
    if not isinstance(title, str):
        raise InputError(source, f"'title' must be a string, got {type(title).__name__}")
    try:
        published = normalize_date(_pick(item, "published"))
    except ValueError as exc:
        raise InputError(source, f"bad 'published' value: {exc}") from None
    body = split_blocks(text)
    if not body and not title.strip():
        raise InputError(source, "JSON object has an empty 'text'")
    if not title.strip() and body:
        title, body = body[0], body[1:]
    lead = _pick(item, "lead")
    outlet = _pick(item, "outlet")
    url = _pick(item, "url")
    return compose_article(
        title=title,
        lead=lead if isinstance(lead, str) else "",
        body=body,
        url=url if isinstance(url, str) else None,
        outlet=outlet if isinstance(outlet, str) else None,
        published=published,
        source=source,
        format="json",
    )


def sniff_json(head: str) -> bool:
    """An object or an array first."""
    return head.lstrip().startswith(("{", "["))


READER = Reader("json", read_json, sniff_json)
