"""JSON objects, arrays of objects, and JSON Lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from presswatch.core.article import Article
from presswatch.core.errors import InputError, UnknownFormatError
from presswatch.readers.base import Reader
from presswatch.readers.compose import (
    compose_article,
    normalize_date,
    normalize_language,
    split_blocks,
)
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
    "language": ("language", "lang", "inLanguage", "language_code"),
}


#: JSON nested deeper than this is refused (an article needs two or three levels).
MAX_JSON_DEPTH = 64
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when brackets nest deeper than ``limit`` in ``text`` (strings
    skipped); stops at the first level too deep."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def loads(text: str, source: str) -> Any:
    """``json.loads`` that refuses input nested deeper than :data:`MAX_JSON_DEPTH`
    (:class:`InputError`) instead of exhausting Python's stack."""
    if json_depth_exceeds(text):
        raise InputError(source, f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(source, "JSON nested too deeply") from None


def read_json(text: str, source: str) -> Iterator[Article | InputError]:
    """Read a JSON document (object or array of objects), or JSON Lines."""
    try:
        data = loads(text, source)
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
    handle: BinaryIO, source: str, *, max_line_bytes: int
) -> Iterator[Article | InputError]:
    """Stream a JSON Lines file: one article per line, bad lines reported.
    A line longer than ``max_line_bytes`` is reported and skipped without
    being held in memory."""
    number = 0
    while True:
        raw = handle.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        name = f"{source}:{number}"
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            size = len(raw) + _skip_rest_of_line(handle)
            yield InputError(name, f"line too large ({size:,} bytes; limit {max_line_bytes:,})")
            continue
        if _blank(raw):
            continue
        try:
            line = decode_bytes(raw, name)
        except InputError as exc:
            yield exc
            continue
        yield _read_line(line, name)


def _blank(raw: bytes) -> bool:
    """A line of white space only, as Python's ``str.strip`` sees it (NEL,
    no-break space and the separators U+001C-U+001F included): skipped as
    a blank line, never reported as an article that failed."""
    if not raw.strip():
        return True
    try:
        return not raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


def _skip_rest_of_line(handle: BinaryIO, chunk: int = 1 << 20) -> int:
    """Read up to the end of the current line; return how many bytes that was."""
    skipped = 0
    while True:
        piece = handle.readline(chunk)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n"):
            return skipped


def _read_line(line: str, name: str) -> Article | InputError:
    try:
        item = loads(line, name)
    except InputError as exc:
        return exc
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
    """Build an article from a JSON object with url/title/text/published/outlet
    and, optionally, its language (kept instead of identifying it)."""
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
    language = _language(item, source)
    lead = _pick(item, "lead")
    outlet = _pick(item, "outlet")
    url = _pick(item, "url")
    article = compose_article(
        title=title,
        lead=lead if isinstance(lead, str) else "",
        body=body,
        url=url if isinstance(url, str) else None,
        outlet=outlet if isinstance(outlet, str) else None,
        published=published,
        source=source,
        format="json",
    )
    article.language = language  # stated: the language stage keeps it
    return article


def _language(item: dict[str, Any], source: str) -> str | None:
    """The record's stated language (``fr``, ``fr-FR``), or ``None``."""
    value = _pick(item, "language")
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(source, f"'language' must be a string, got {type(value).__name__}")
    try:
        return normalize_language(value)
    except ValueError as exc:
        raise InputError(source, f"bad 'language' value: {exc}") from None


_JSON_START = re.compile(r'\s*(?:\{\s*(?:"|\}|$)|\[\s*(?:\{|\]|$))')


def sniff_json(head: str) -> bool:
    """An object (``{"`` or ``{}``) or an array of objects (``[{`` or ``[]``)
    first: a plain text that starts with "[Ukraine] …" is not JSON."""
    return _JSON_START.match(head) is not None


READER = Reader("json", read_json, sniff_json)
