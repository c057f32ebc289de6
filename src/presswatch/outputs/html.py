"""A self-contained HTML report: the article marked up, with the analysis beside it.

No script and no external resource: layers are toggled with CSS-only
checkboxes, and everything that came from the article is escaped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import IO

from presswatch import __version__
from presswatch.core.article import Article
from presswatch.outputs.availability import (
    ENTITIES,
    FIGURES,
    PERSUASION,
    QUOTES,
    analyses,
    unavailable_note,
)
from presswatch.outputs.markup import (
    TECHNIQUE_DISPLAY_THRESHOLD,
    article_marks,
    css_class,
    escape_text,
    label_colour,
    mark_up,
)

LAYERS = (
    ("quotes", "Quotes & sources"),
    ("entities", "Entities"),
    ("figures", "Figures & dates"),
    ("techniques", "Persuasion techniques"),
)

_CSS = """
body{font:16px/1.6 Georgia,serif;margin:0;color:#1d1d1f;background:#fafaf7}
header.page{background:#23303f;color:#fff;padding:.6em 1.5em;font:14px system-ui,sans-serif}
main{display:flex;flex-wrap:wrap;gap:2em;padding:1.5em;max-width:1300px;margin:auto}
article{flex:3 1 560px;background:#fff;padding:1.5em 2em;border:1px solid #ddd;border-radius:6px}
aside{flex:2 1 360px;font:14px/1.45 system-ui,sans-serif}
aside section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em 1em;margin-bottom:1em}
h1{font-size:1.6em;line-height:1.25} h2{font:600 1.05em system-ui,sans-serif;margin:.2em 0 .6em}
.meta{color:#555;font:14px system-ui,sans-serif} .lead{font-weight:bold}
p.heading{font:700 1.1em system-ui,sans-serif;margin-top:1.4em}
.toggles{margin-left:1.5em} .toggles,.toggles~label{font:14px system-ui,sans-serif;line-height:3} .toggles~label{margin-right:1em}
.layer-toggle{margin-right:.3em}
.entity{border-bottom:2px solid #8aa}
.ent-per{border-bottom-color:#c44}.ent-org{border-bottom-color:#48c}.ent-loc{border-bottom-color:#4a4}.ent-misc{border-bottom-color:#a8a}
.quote{background:#fff1b8}.quote-indirect{background:#e4f1ff}.quote-according_to{background:#eaf8e6}
.speaker{font-weight:bold;text-decoration:underline dotted}.cue{font-style:italic;color:#6a3d9a}
.quantity,.date{outline:1px dashed #b36b00;outline-offset:1px}.date{outline-color:#1b7f5b}
table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.2em .4em;border-bottom:1px solid #eee;vertical-align:top}
.kind{font-size:.8em;text-transform:uppercase;color:#666}
.legend span{display:inline-block;padding:0 .4em;margin:.15em;border-radius:3px}
.unavailable{color:#a33}
#t-quotes:not(:checked)~main .quote,#t-quotes:not(:checked)~main .speaker,#t-quotes:not(:checked)~main .cue{background:none;font-weight:inherit;font-style:inherit;text-decoration:none;color:inherit}
#t-entities:not(:checked)~main .entity{border-bottom:none}
#t-figures:not(:checked)~main .quantity,#t-figures:not(:checked)~main .date{outline:none}
#t-techniques:not(:checked)~main .technique{background:none!important;box-shadow:none!important}
"""


def _e(value: object) -> str:
    return escape_text(str(value), quote=True)


def technique_css(techniques: list[str]) -> str:
    rules = []
    for name in sorted(set(techniques)):
        colour = label_colour(name)
        rules.append(
            f".tech-{css_class(name)}{{background:{colour};box-shadow:0 2px 0 {label_colour(name, lightness=0.45)}}}"
        )
    return "\n".join(rules)


def shown_techniques(article: Article) -> Article:
    """The article with only the technique marks the report shows: those at or
    above :data:`TECHNIQUE_DISPLAY_THRESHOLD`, as on the dashboard (the JSON
    output keeps every one)."""
    shown = [t for t in article.techniques if t.score >= TECHNIQUE_DISPLAY_THRESHOLD]
    return dataclasses.replace(article, techniques=shown)


def render_article(article: Article) -> str:
    """The marked-up article and its side panels (an HTML fragment); technique
    marks below the display threshold are counted, not shown."""
    hidden = len(article.techniques)
    article = shown_techniques(article)
    hidden -= len(article.techniques)
    marks = article_marks(article)
    paragraphs = []
    for paragraph in article.paragraphs:
        if paragraph.kind == "title":
            continue
        body = mark_up(article.text, marks, paragraph.start, paragraph.end)
        paragraphs.append(f'<p class="{css_class(paragraph.kind)}">{body}</p>')
    title_paragraph = next((p for p in article.paragraphs if p.kind == "title"), None)
    title = (
        mark_up(article.text, marks, title_paragraph.start, title_paragraph.end)
        if title_paragraph
        else _e(article.title)
    )
    meta = " · ".join(
        _e(v)
        for v in (
            article.outlet,
            article.published,
            article.language and f"language: {article.language}",
        )
        if v
    )
    link = (
        f'<a href="{_e(article.url)}" rel="noopener noreferrer nofollow">{_e(article.url)}</a>'
        if article.url and article.url.startswith(("http://", "https://"))
        else _e(article.url or "")
    )
    return (
        f'<main><article id="a-{_e(article.id)}"><h1>{title}</h1><p class="meta">{meta}<br>{link}</p>'
        + "".join(paragraphs)
        + "</article><aside>"
        + _quotes_panel(article)
        + _sources_panel(article)
        + _techniques_panel(article, hidden)
        + _figures_panel(article)
        + _entities_panel(article)
        + _unavailable_panel(article)
        + "</aside></main>"
    )


def _quotes_panel(article: Article) -> str:
    rows = []
    for q in article.quotes:
        if q.speaker:
            who = q.speaker
        elif q.speaker_mention:
            who = (
                q.speaker_mention
                if q.speaker_type == "vague"
                else f"{q.speaker_mention} (unresolved)"
            )
        else:
            who = "unattributed"
        kind = q.kind.replace("_", " ")
        rows.append(
            f"<tr><td><b>{_e(who)}</b><br><span class='kind'>{_e(kind)}"
            f"{' · ' + _e(q.speaker_type) if q.speaker_type else ''}</span></td>"
            f"<td>{_e(q.text)}</td></tr>"
        )
    if not rows:
        note = unavailable_note(article, QUOTES, "Quotes and attributions")
        text = _e(note) if note else "No statements found."
        return f"<section><h2>Who says what / according to whom</h2><p class='none'>{text}</p></section>"
    body = "".join(rows)
    return f"<section><h2>Who says what / according to whom</h2><table>{body}</table></section>"


def _note_panel(article: Article, stages: tuple[str, ...], title: str) -> str:
    """A panel saying why an analysis that found nothing did not run ('' if it ran)."""
    note = unavailable_note(article, stages, title)
    return f"<section><h2>{_e(title)}</h2><p class='none'>{_e(note)}</p></section>" if note else ""


def _sources_panel(article: Article) -> str:
    rows = "".join(
        f"<tr><td>{_e(s.name)}</td><td>{_e(s.type)}</td><td>{s.statements}</td></tr>"
        for s in article.sources
    )
    if not rows:
        return ""
    return f"<section><h2>Sources</h2><table><tr><th>source</th><th>type</th><th>statements</th></tr>{rows}</table></section>"


def _techniques_panel(article: Article, hidden: int = 0) -> str:
    parts = []
    if article.genre is not None:
        parts.append(f"<p>Genre: <b>{_e(article.genre.label)}</b> ({article.genre.score:.2f})</p>")
    if article.frames:
        frames = ", ".join(f"{_e(f.label)} ({f.score:.2f})" for f in article.frames)
        parts.append(f"<p>Frames: {frames}</p>")
    names = sorted({t.technique for t in article.techniques})
    if names:
        legend = "".join(
            f'<span class="technique tech-{css_class(n)}">{_e(n)}</span>' for n in names
        )
        parts.append(f'<div class="legend">{legend}</div>')
    if names or hidden:
        parts.append(_threshold_note(hidden))
    if not parts:
        return _note_panel(article, PERSUASION, "Persuasion")
    return "<section><h2>Persuasion</h2>" + "".join(parts) + "</section>"


def _threshold_note(hidden: int) -> str:
    note = (
        f"Technique marks are shown where the model's probability is at least "
        f"{TECHNIQUE_DISPLAY_THRESHOLD:.2f} (docs/models.md)."
    )
    if hidden:
        plural = "s" if hidden != 1 else ""
        note += f" {hidden} weaker mark{plural} not shown; the JSON output has every one."
    return f"<p class='none'>{_e(note)}</p>"


def _figures_panel(article: Article) -> str:
    rows = []
    for q in article.quantities:
        value = "?" if q.value is None else f"{q.value:,.10g}"
        sign = "≈" if q.approx else "="
        rows.append(
            f"<tr><td>{_e(q.text)}</td><td>{sign} {_e(value)} {_e(q.unit or '')}</td><td>{_e(q.noun or '')}</td></tr>"
        )
    for d in article.dates:
        rows.append(
            f"<tr><td>{_e(d.text)}</td><td>{_e(d.value or 'unresolved')}</td><td>{_e(d.granularity)}</td></tr>"
        )
    if not rows:
        return _note_panel(article, FIGURES, "Figures and dates")
    return "<section><h2>Figures and dates</h2><table>" + "".join(rows) + "</table></section>"


def _entities_panel(article: Article) -> str:
    counts: dict[tuple[str, str], int] = {}
    for e in article.entities:
        counts[(e.canonical, e.label)] = counts.get((e.canonical, e.label), 0) + 1
    if not counts:
        return _note_panel(article, ENTITIES, "Entities")
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows = "".join(
        f"<tr><td>{_e(name)}</td><td>{_e(label)}</td><td>{n}</td></tr>"
        for (name, label), n in items
    )
    return f"<section><h2>Entities</h2><table>{rows}</table></section>"


def _unavailable_panel(article: Article) -> str:
    summary = analyses(article)
    if not summary.unavailable:
        return ""
    items = "".join(f"<li>{_e(label)}: {_e(reason)}</li>" for label, reason in summary.unavailable)
    return (
        f"<section class='unavailable'><h2>Not analysed</h2><p>{_e(summary.summary())}</p>"
        f"<ul>{items}</ul></section>"
    )


def render_page(articles: list[Article]) -> str:
    """A complete, self-contained HTML page for one or more articles."""
    techniques = [t.technique for a in articles for t in shown_techniques(a).techniques]
    toggles = "".join(
        f'<input type="checkbox" class="layer-toggle" id="t-{key}" checked>'
        f'<label for="t-{key}">{_e(label)}</label>'
        for key, label in LAYERS
    )
    title = _e(articles[0].title) if len(articles) == 1 else f"{len(articles)} articles"
    body = "".join(render_article(a) for a in articles)
    return (
        f'<!DOCTYPE html><html lang="{page_language(articles)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{title} — presswatch</title><style>{_CSS}{technique_css(techniques)}</style></head><body>"
        f'<header class="page">presswatch {__version__}</header>'
        f'<span class="toggles">Show:</span>{toggles}{body}</body></html>'
    )


def page_language(articles: list[Article]) -> str:
    """The page's ``lang``: the articles' language when they share one ("mul"
    for several, "und" when unknown); only a well-formed tag is written."""
    languages = {a.language for a in articles}
    if len(languages) > 1:
        return "mul"
    language = languages.pop() if languages else None
    return language if language and re.fullmatch(r"[a-z]{2,3}", language) else "und"


class HTMLWriter:
    """Collects the articles and writes one page when closed."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.articles: list[Article] = []

    def write(self, article: Article) -> None:
        self.articles.append(article)

    def close(self) -> None:
        if self.articles:
            self.stream.write(render_page(self.articles))
            self.stream.flush()
