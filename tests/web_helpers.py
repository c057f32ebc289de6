"""A small corpus for the dashboard tests: annotated articles with real
offsets (entities, quotes, quantities, dates, technique spans), three
outlets over three months, a near-duplicate pair and a hostile article whose
every field carries an HTML/JavaScript payload."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_helpers import make_record
from presswatch.core.article import (
    Article,
    DateMention,
    Entity,
    Label,
    Quantity,
    Quote,
    Source,
    Technique,
)
from presswatch.corpus.store import open_store
from presswatch.readers.compose import compose_article

#: What the hostile article carries in its title, text, names and URL.
XSS_TITLE = "<script>alert('title')</script><img src=x onerror=\"window.__pwned=2\">"
XSS_TEXT = (
    'Voir <a href="javascript:window.__pwned=3">ici</a> et <img src=x onerror=window.__pwned=4> '
    "puis <svg onload=window.__pwned=5></svg> selon le ministre."
)
XSS_NAME = '"><img src=x onerror=window.__pwned=6>'


def annotated(
    title: str,
    paragraphs: list[str],
    *,
    outlet: str,
    published: str,
    url: str,
    language: str = "fr",
    entities: tuple[tuple[str, str], ...] = (),
    quotes: tuple[tuple[str, str, str], ...] = (),
    techniques: tuple[tuple[str, str] | tuple[str, str, float], ...] = (),
    quantities: tuple[tuple[str, float], ...] = (),
    dates: tuple[tuple[str, str], ...] = (),
) -> Article:
    """An article whose annotations point at the first occurrence of each phrase.

    ``entities``: (phrase, label); ``quotes``: (speaker, cue, quoted phrase);
    ``techniques``: (technique, phrase) or (technique, phrase, score), 0.8 by
    default; ``quantities``: (phrase, value);
    ``dates``: (phrase, ISO value)."""
    article = compose_article(
        title=title,
        body=paragraphs,
        url=url,
        outlet=outlet,
        published=published,
        source=f"test:{url}",
        format="text",
    )
    article.language = language
    text = article.text

    def span(phrase: str) -> tuple[int, int]:
        start = text.find(phrase)
        assert start >= 0, f"{phrase!r} not in the article"
        return start, start + len(phrase)

    for phrase, label in entities:
        start, end = span(phrase)
        article.entities.append(Entity(phrase, label, start, end, phrase))  # type: ignore[arg-type]
    for speaker, cue, phrase in quotes:
        start, end = span(phrase)
        speaker_start, speaker_end = span(speaker)
        cue_start, cue_end = span(cue)
        article.quotes.append(
            Quote(
                "direct", phrase, start, end, speaker, speaker, cue, "person",
                speaker_start, speaker_end, cue_start, cue_end,
                paragraph=article.paragraph_at(start),
            )
        )  # fmt: skip
        if not any(s.name == speaker for s in article.sources):
            article.sources.append(Source(speaker, "person", 1, {"direct": 1}, [speaker]))
    for name, phrase, *score in techniques:
        start, end = span(phrase)
        article.techniques.append(
            Technique(name, article.paragraph_at(start) or 0, start, end, (*score, 0.8)[0])
        )
    for phrase, value in quantities:
        start, end = span(phrase)
        article.quantities.append(Quantity(phrase, value, False, None, start, end))
    for phrase, value in dates:
        start, end = span(phrase)
        article.dates.append(DateMention(phrase, value, start, end))
    article.genre = Label("reporting", 0.7)
    article.frames = [Label("Economic", 0.6)]
    return article


@dataclass(frozen=True)
class WebCorpus:
    url: str
    main_id: str
    hostile_id: str
    original_id: str
    copy_id: str
    articles: int


GAS = (
    "Le prix du gaz a encore augmenté de 12 % en janvier, selon les chiffres publiés lundi.",
    "« Nous ne laisserons pas les familles payer la facture », a déclaré Emmanuel Macron "
    "devant les maires réunis à Paris.",
    "Les fournisseurs dénoncent une catastrophe annoncée et une hausse insupportable.",
    "La Commission européenne doit présenter ses propositions le 15 février.",
)


def build_corpus(path: Path) -> WebCorpus:
    """Store the test articles in a new SQLite database at ``path``."""
    articles: list[Article] = []
    main = annotated(
        "Gaz : la facture des ménages s'envole",
        list(GAS),
        outlet="Le Quotidien",
        published="2022-01-31",
        url="https://quotidien.example/gaz-facture",
        entities=(("Emmanuel Macron", "PER"), ("Paris", "LOC"), ("Commission européenne", "ORG")),
        quotes=(
            (
                "Emmanuel Macron",
                "a déclaré",
                "Nous ne laisserons pas les familles payer la facture",
            ),
        ),
        techniques=(
            ("Loaded_Language", "une catastrophe annoncée"),
            ("Exaggeration-Minimisation", "une hausse insupportable"),
            ("Appeal_to_Fear-Prejudice", "les familles payer la facture"),
            ("Doubt", "selon les chiffres publiés lundi", 0.3),  # below the display threshold
        ),
        quantities=(("12 %", 12.0),),
        dates=(("le 15 février", "2022-02-15"), ("janvier", "2022-01")),
    )
    articles.append(main)
    outlets = ("Le Quotidien", "La Gazette", "Radio Nord")
    months = ("2022-01", "2022-02", "2022-03")
    topics = ("gaz", "électricité", "pétrole", "blé")
    for number in range(18):
        outlet = outlets[number % 3]
        month = months[number % 3 if number < 9 else (number // 3) % 3]
        topic = topics[number % 4]
        speaker = ("Olaf Scholz", "Ursula von der Leyen", "Emmanuel Macron")[number % 3]
        body = [
            f"Le marché du {topic} reste tendu, note l'article numéro {number}.",
            f"« La situation est sous contrôle », a affirmé {speaker} mardi.",
            f"Une vraie honte pour les consommateurs du {topic}, écrit un éditorialiste.",
        ]
        techniques = (("Name_Calling-Labeling", "Une vraie honte"),) if number % 2 else ()
        articles.append(
            annotated(
                f"Le {topic} au cœur des inquiétudes ({number})",
                body,
                outlet=outlet,
                published=f"{month}-{number % 27 + 1:02d}",
                url=f"https://{outlet.split()[-1].lower()}.example/{topic}-{number}",
                language="fr" if number % 5 else "de",
                entities=((speaker, "PER"),),
                quotes=((speaker, "a affirmé", "La situation est sous contrôle"),),
                techniques=techniques,
            )
        )
    hostile = annotated(
        XSS_TITLE,
        [XSS_TEXT, f"Il cite {XSS_NAME} comme source."],
        outlet="<b>Evil</b> Media",
        published="2022-02-10",
        url="javascript:window.__pwned=7",
        entities=((XSS_NAME, "PER"),),
        quotes=((XSS_NAME, "cite", "comme source"),),
        techniques=(('Doubt"><script>window.__pwned=8</script>', "selon le ministre"),),
    )
    articles.append(hostile)
    original = annotated(
        "Le blé ukrainien bloqué dans les ports",
        [
            "Des millions de tonnes de blé restent bloquées dans les ports de la mer Noire, "
            "ce qui menace l'approvisionnement de nombreux pays importateurs en Afrique du Nord.",
            "Les négociations sous l'égide de la Turquie et des Nations unies se poursuivent à "
            "Istanbul, où les délégations doivent se retrouver à nouveau la semaine prochaine.",
        ],
        outlet="La Gazette",
        published="2022-03-02",
        url="https://gazette.example/ble-ports",
    )
    copy = annotated(
        "Le blé ukrainien bloqué dans les ports (dépêche)",
        [
            "Des millions de tonnes de blé restent bloquées dans les ports de la mer Noire, "
            "ce qui menace l'approvisionnement de nombreux pays importateurs en Afrique du Nord.",
            "Les négociations sous l'égide de la Turquie et des Nations unies se poursuivent à "
            "Istanbul, où les délégations doivent se retrouver à nouveau la semaine prochaine.",
        ],
        outlet="Radio Nord",
        published="2022-03-03",
        url="https://nord.example/ble-ports",
    )
    articles += [original, copy]
    with open_store(str(path), create=True) as store:
        outcomes = store.add_many([make_record(a) for a in articles])
    assert all(o.status == "stored" for o in outcomes)
    assert outcomes[-1].near_duplicate_of == original.id
    return WebCorpus(f"sqlite:///{path}", main.id, hostile.id, original.id, copy.id, len(articles))


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """One HTTP request (no redirect followed), whatever the status."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            return Reply(response.status, _headers(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, _headers(error.headers), error.read())


def _headers(message: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in message.items()}


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = "presswatch-test-boundary"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
