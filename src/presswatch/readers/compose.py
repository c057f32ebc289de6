"""Build an :class:`Article` from the parts a reader found."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from presswatch.core.article import Article, Paragraph
from presswatch.core.errors import EmptyInputError
from presswatch.lang.xx import media_for_domain

PARAGRAPH_SEPARATOR = "\n\n"
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def split_blocks(body: str) -> list[str]:
    """Split a body into paragraphs: blocks separated by blank lines when there
    are any (hard-wrapped lines inside a block are joined), else one per line."""
    body = body.strip("\n")
    if _BLANK_LINE.search(body):
        blocks = [" ".join(line.strip() for line in b.split("\n")) for b in _BLANK_LINE.split(body)]
    else:
        blocks = body.split("\n")
    return [clean_line(b) for b in blocks if b.strip()]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_line(line: str) -> str:
    """NFC-normalise and trim a line; runs of spaces become one space
    (non-breaking spaces are kept: French typography uses them); a lone
    surrogate (from a JSON escape such as ``\\ud800``) becomes U+FFFD."""
    line = _LONE_SURROGATE.sub("\ufffd", line)
    line = unicodedata.normalize("NFC", line).strip()
    return re.sub(r"[ \t]{2,}", " ", line)


def compose_article(
    *,
    title: str,
    body: list[str],
    lead: str = "",
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    source: str,
    format: str,
) -> Article:
    """Join title, lead and body paragraphs into ``text`` (blank-line separated)
    and record each block as a :class:`Paragraph`."""
    title = clean_line(title)
    lead = clean_line(lead)
    blocks: list[tuple[str, str]] = []
    if title:
        blocks.append((title, "title"))
    if lead:
        blocks.append((lead, "lead"))
    blocks.extend((clean_line(b), "paragraph") for b in body if b.strip())
    if not blocks:
        raise EmptyInputError(source)
    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    position = 0
    for block, kind in blocks:
        if pieces:
            pieces.append(PARAGRAPH_SEPARATOR)
            position += len(PARAGRAPH_SEPARATOR)
        pieces.append(block)
        paragraphs.append(Paragraph(position, position + len(block), kind))  # type: ignore[arg-type]
        position += len(block)
    return Article(
        text="".join(pieces),
        title=title,
        lead=lead,
        url=url or None,
        outlet=outlet or outlet_from_url(url),
        published=published,
        source=source,
        format=format,
        paragraphs=paragraphs,
    )


def outlet_from_url(url: str | None) -> str | None:
    """The outlet's name for a URL: a known outlet, else the host name."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    known = media_for_domain(host)
    if known:
        return known
    return host.removeprefix("www.")


_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


def normalize_language(value: str) -> str:
    """An ISO 639 language code (``fr``; ``fr-FR``, ``fr_FR`` and ``FR`` give
    ``fr``); :class:`ValueError` for anything else."""
    text = value.strip()
    match = _LANGUAGE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a language code: {text[:40]!r} (expected e.g. fr, en, de)")
    return match.group(1).lower()


_DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y%m%d")


def normalize_date(value: object) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD`` (or ``YYYY-MM``).

    Returns ``None`` only when ``value`` is empty; an unparseable non-empty
    value raises ``ValueError`` so the reader can report it."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value)).date().isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return text
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"unrecognised date {text[:40]!r}")
