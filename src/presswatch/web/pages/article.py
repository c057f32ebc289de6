"""The article page (``/articles/{id}``, ``.json``): the text marked up with
every layer, and its side panels; also the stylesheet colouring techniques."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from presswatch.core.article import Article, Technique
from presswatch.corpus.store import ArticleNotFoundError, Link, Store
from presswatch.corpus.store.types import NameIdentity
from presswatch.outputs.availability import (
    ENTITIES,
    FIGURES,
    PERSUASION,
    QUOTES,
    Analyses,
    analyses,
    unavailable_note,
)
from presswatch.outputs.html import technique_css
from presswatch.outputs.markup import (
    TECHNIQUE_DISPLAY_THRESHOLD,
    article_marks,
    css_class,
    label_colour,
    mark_up,
)
from presswatch.web.dashboard import dashboard_of, query_pairs, wants_json
from presswatch.web.links import article_url, safe_link
from presswatch.web.params import known_params
from presswatch.web.renderers import Result, respond

_ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_TECHNIQUE_NAMES = 64


@dataclass(frozen=True)
class MarkedParagraph:
    kind: str
    html: str


@dataclass(frozen=True)
class QuoteRow:
    number: int
    who: str
    resolved: bool
    kind: str
    speaker_type: str | None
    cue: str | None
    text: str
    #: The speaker's corpus identity when it is named otherwise ("Vladimir Poutine" for "Poutine").
    identity: str | None = None
    role: str | None = None
    via: str | None = None

    @property
    def search_name(self) -> str:
        return self.identity or self.who


@dataclass(frozen=True)
class LegendEntry:
    technique: str
    css: str
    colour: str
    spans: int
    paragraphs: int


@dataclass(frozen=True)
class EntityRow:
    name: str
    label: str
    mentions: int
    identity: str | None = None

    @property
    def search_name(self) -> str:
        return self.identity or self.name


@dataclass(frozen=True)
class ArticleView:
    article: Article
    title_html: str
    paragraphs: tuple[MarkedParagraph, ...]
    quotes: tuple[QuoteRow, ...]
    legend: tuple[LegendEntry, ...]
    entities: tuple[EntityRow, ...]
    links: tuple[Link, ...]
    stored: bool
    link: str | None
    analyses: Analyses
    #: Why a panel is empty when its analysis did not run: quotes, entities, figures, persuasion.
    notes: dict[str, str | None]
    identities: dict[str, NameIdentity]
    #: Technique marks shown only from this probability on (the JSON has all).
    technique_threshold: float = TECHNIQUE_DISPLAY_THRESHOLD
    #: Technique marks of the article below the threshold (not shown).
    hidden_techniques: int = 0

    @property
    def technique_names(self) -> tuple[str, ...]:
        return tuple(entry.technique for entry in self.legend)

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "stored": self.stored,
            "analyses": {
                "language": self.analyses.language,
                "ran": list(self.analyses.ran),
                "unavailable": [
                    {"analysis": label, "reason": reason}
                    for label, reason in self.analyses.unavailable
                ],
            },
            "identities": {
                name: {"id": identity.id, "name": identity.name}
                for name, identity in sorted(self.identities.items())
            },
            "links": [
                {
                    "kind": link.kind,
                    "id": link.other_id,
                    "title": link.other_title,
                    "outlet": link.other_outlet,
                    "published": link.other_published,
                    "similarity": link.similarity,
                    "page": article_url(link.other_id),
                }
                for link in self.links
            ],
        }


def article_view(
    article: Article,
    links: list[Link] | None = None,
    *,
    stored: bool,
    identities: dict[str, NameIdentity] | None = None,
    technique_threshold: float = TECHNIQUE_DISPLAY_THRESHOLD,
) -> ArticleView:
    """The article marked up with every layer, and its side panels;
    ``identities``: the corpus identity of its names (stored articles);
    technique marks below ``technique_threshold`` are left out of the text
    and legend."""
    identities = identities or {}
    shown = [t for t in article.techniques if t.score >= technique_threshold]
    paragraphs, title_html = _marked(dataclasses.replace(article, techniques=shown))

    def other_name(name: str | None) -> str | None:
        identity = identities.get(name or "")
        return identity.name if identity and identity.name != name else None

    quotes = tuple(
        QuoteRow(
            number,
            q.speaker or q.speaker_mention or "unattributed",
            q.speaker is not None,
            q.kind.replace("_", " "),
            q.speaker_type,
            q.cue,
            q.text,
            other_name(q.speaker),
            q.speaker_role,
            q.via,
        )
        for number, q in enumerate(article.quotes)
    )
    mentions = Counter((e.canonical, e.label) for e in article.entities)
    entities = tuple(
        EntityRow(name, label, count, other_name(name))
        for (name, label), count in sorted(mentions.items(), key=lambda i: (-i[1], i[0]))
    )
    return ArticleView(
        article=article,
        title_html=title_html,
        paragraphs=paragraphs,
        quotes=quotes,
        legend=_legend(shown),
        entities=entities,
        links=tuple(links or ()),
        stored=stored,
        link=safe_link(article.url),
        analyses=analyses(article),
        notes={
            "quotes": unavailable_note(article, QUOTES, "Quotes and attributions"),
            "entities": unavailable_note(article, ENTITIES, "Entities"),
            "figures": unavailable_note(article, FIGURES, "Quantities and dates"),
            "persuasion": unavailable_note(article, PERSUASION, "Persuasion techniques"),
        },
        identities=identities,
        technique_threshold=technique_threshold,
        hidden_techniques=len(article.techniques) - len(shown),
    )


def _marked(article: Article) -> tuple[tuple[MarkedParagraph, ...], str]:
    """The paragraphs marked up, and the title."""
    marks = article_marks(article)
    paragraphs: list[MarkedParagraph] = []
    title_html = ""
    for paragraph in article.paragraphs:
        body = mark_up(article.text, marks, paragraph.start, paragraph.end)
        if paragraph.kind == "title" and not title_html:
            title_html = body
            continue
        paragraphs.append(MarkedParagraph(css_class(paragraph.kind), body))
    if not article.paragraphs and article.text:
        paragraphs.append(MarkedParagraph("paragraph", mark_up(article.text, marks)))
    if not title_html:
        title_html = mark_up(article.title, []) if article.title else "(untitled)"
    return tuple(paragraphs), title_html


def _legend(shown: list[Technique]) -> tuple[LegendEntry, ...]:
    spans = Counter(t.technique for t in shown)
    paragraph_counts = Counter(t for _, t in {(t.paragraph, t.technique) for t in shown})
    return tuple(
        LegendEntry(name, css_class(name), label_colour(name), spans[name], paragraph_counts[name])
        for name in sorted(spans, key=lambda n: (-spans[n], n))
    )


def stored_article_view(store: Store, article_id: str) -> ArticleView:
    article = store.get_article(article_id)
    return article_view(
        article,
        store.links(article_id),
        stored=True,
        identities=store.article_identities(article_id, article),
    )


def article_result(view: ArticleView, status: int = 200) -> Result:
    """How an article page shows ``view`` (the Analyze page shows its result so too)."""
    title = view.article.title or "Article"
    return Result(view, "article.html", title, status, {"a": view.article})


async def article(request: Request) -> Response:
    ref: str = request.path_params["ref"]
    fmt = "json" if wants_json(request, ref.endswith(".json")) else "html"
    article_id = ref[:-5] if ref.endswith(".json") else ref
    if not _ARTICLE_ID.fullmatch(article_id):
        raise ArticleNotFoundError("store", article_id[:80])
    known_params(query_pairs(request), ())
    dashboard = dashboard_of(request)

    def respond_with(store: Store) -> Response:
        return respond(dashboard, article_result(stored_article_view(store, article_id)), fmt)

    return await dashboard.pool.run(respond_with, "lookup")


def technique_stylesheet(request: Request) -> Response:
    """``/assets/techniques.css?t=…``: a colour per technique named."""
    names = [v[:100] for k, v in request.query_params.multi_items() if k == "t"]
    css = technique_css(names[:MAX_TECHNIQUE_NAMES]) + "\n"
    return Response(
        css,
        media_type="text/css",
        headers={"cache-control": "public, max-age=86400"},
    )


ROUTES = [
    Route("/articles/{ref}", article),
    Route("/assets/techniques.css", technique_stylesheet),
]
