"""Escape-first HTML markup of an article's text with overlapping annotation layers.

:func:`mark_up` turns ``text`` plus any number of possibly overlapping
:class:`Mark` spans into properly nested HTML: where two spans cross, the inner
one is closed and reopened. Every character of the text and every attribute
value is escaped; class names are restricted to a safe alphabet. The web
dashboard uses the same function.
"""

from __future__ import annotations

import colorsys
import hashlib
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from presswatch.core.article import Article
from presswatch.core.text import without_bidi_controls

_SAFE_CLASS = re.compile(r"[^a-z0-9_-]+")

#: The dashboard shows a technique mark only when the model's probability for
#: that technique in that paragraph is at least this. Measured on the held-out
#: gate fold (``python -m presswatch.training.persuasion.display``, table in
#: docs/models.md): the lowest threshold at which two marks in three name a
#: technique the annotators found in that paragraph of a French article (0.688;
#: 8.6 marks per article instead of 37.5 at the model's own cut-off, which is
#: tuned for the SemEval metric; measured for the model with the sentence encoder,
#: 2026-12-03). The JSON output keeps every technique.
TECHNIQUE_DISPLAY_THRESHOLD = 0.50


def escape_text(text: str, *, quote: bool = False) -> str:
    """Article text as HTML: escaped, and each bidirectional embedding,
    override or isolate replaced by U+FFFD, so that no text can reverse or
    reorder what the page shows around it (a right-to-left override would
    make "txt.exe" read "exe.txt")."""
    return html.escape(without_bidi_controls(text), quote=quote)


def css_class(value: str) -> str:
    """A CSS class name derived from any label ("Loaded_Language" -> "loaded_language")."""
    return _SAFE_CLASS.sub("-", value.lower()).strip("-") or "x"


def label_colour(label: str, *, lightness: float = 0.82, saturation: float = 0.65) -> str:
    """A stable, readable background colour for a label (hash of its name)."""
    hue = int(hashlib.sha1(label.encode("utf-8")).hexdigest()[:4], 16) / 0xFFFF
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...] = field(default=())

    def open_tag(self) -> str:
        classes = " ".join(css_class(c) for c in self.classes)
        attributes = "".join(
            f' {_attribute_name(name)}="{escape_text(value, quote=True)}"'
            for name, value in self.attrs
        )
        return f'<span class="{classes}"{attributes}>'


def _attribute_name(name: str) -> str:
    if name in ("title", "id") or re.fullmatch(r"data-[a-z0-9-]+", name):
        return name
    raise ValueError(f"attribute {name!r} is not allowed in markup")


def mark_up(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> str:
    """HTML for ``text[start:end]`` with ``marks`` (absolute offsets) nested correctly."""
    end = len(text) if end is None else end
    clipped = [
        Mark(max(m.start, start), min(m.end, end), m.classes, m.attrs)
        for m in marks
        if m.start < end and m.end > start and m.end > m.start
    ]
    openings: dict[int, list[Mark]] = {}
    boundaries = {start, end}
    for mark in clipped:
        openings.setdefault(mark.start, []).append(mark)
        boundaries.update((mark.start, mark.end))
    for group in openings.values():
        group.sort(key=lambda m: -m.end)  # outer (longer) spans open first
    pieces: list[str] = []
    stack: list[Mark] = []
    points = sorted(boundaries)
    for index, position in enumerate(points):
        _close_ending(stack, position, pieces)
        for mark in openings.get(position, []):
            pieces.append(mark.open_tag())
            stack.append(mark)
        if index + 1 < len(points):
            pieces.append(escape_text(text[position : points[index + 1]]))
    pieces.extend("</span>" for _ in stack)
    return "".join(pieces)


def _close_ending(stack: list[Mark], position: int, pieces: list[str]) -> None:
    """Close every mark ending at ``position``; reopen crossing marks above them."""
    if not any(m.end == position for m in stack):
        return
    reopen: list[Mark] = []
    while any(m.end == position for m in stack):
        mark = stack.pop()
        pieces.append("</span>")
        if mark.end != position:
            reopen.append(mark)
    for mark in reversed(reopen):
        pieces.append(mark.open_tag())
        stack.append(mark)


def article_marks(article: Article, layers: Iterable[str] | None = None) -> list[Mark]:
    """The standard annotation layers of an article as marks.

    Layers (see :data:`LAYERS`): ``entities``, ``quotes`` (content, speaker
    mention and cue), ``quantities``, ``dates``, ``techniques``."""
    wanted = set(layers) if layers is not None else set(LAYERS)
    return [mark for name, marks in LAYERS.items() if name in wanted for mark in marks(article)]


def _technique_marks(article: Article) -> Iterator[Mark]:
    for t in article.techniques:
        yield Mark(
            t.start,
            t.end,
            ("technique", f"tech-{t.technique}"),
            (("title", f"{t.technique} ({t.score:.2f})"), ("data-technique", t.technique)),
        )


def _quote_marks(article: Article) -> Iterator[Mark]:
    for number, q in enumerate(article.quotes):
        who = q.speaker or q.speaker_mention or "unattributed"
        title = f"{who} — {q.kind.replace('_', ' ')}" + (
            f" ({q.speaker_type})" if q.speaker_type else ""
        )
        for part_start, part_end in q.parts or [[q.start, q.end]]:
            yield Mark(
                part_start,
                part_end,
                ("quote", f"quote-{q.kind}"),
                (("title", title), ("data-quote", str(number))),
            )
        if q.speaker_start is not None and q.speaker_end is not None:
            yield Mark(
                q.speaker_start, q.speaker_end, ("speaker",), (("title", f"speaker: {who}"),)
            )
        if q.cue_start is not None and q.cue_end is not None:
            yield Mark(q.cue_start, q.cue_end, ("cue",), (("title", "cue"),))


def _entity_marks(article: Article) -> Iterator[Mark]:
    for e in article.entities:
        yield Mark(
            e.start, e.end, ("entity", f"ent-{e.label}"), (("title", f"{e.label}: {e.canonical}"),)
        )


def _quantity_marks(article: Article) -> Iterator[Mark]:
    for qty in article.quantities:
        value = "?" if qty.value is None else f"{qty.value:g}"
        title = (
            f"{'≈' if qty.approx else '='} {value}"
            + (f" {qty.unit}" if qty.unit else "")
            + (f" ({qty.noun})" if qty.noun else "")
        )
        yield Mark(qty.start, qty.end, ("quantity",), (("title", title),))


def _date_marks(article: Article) -> Iterator[Mark]:
    for d in article.dates:
        yield Mark(d.start, d.end, ("date",), (("title", f"date: {d.value or 'unresolved'}"),))


#: The layers, in the order their marks are listed.
LAYERS: dict[str, Callable[[Article], Iterator[Mark]]] = {
    "techniques": _technique_marks,
    "quotes": _quote_marks,
    "entities": _entity_marks,
    "quantities": _quantity_marks,
    "dates": _date_marks,
}
