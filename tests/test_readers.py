"""Readers: format sniffing, the record format, JSON, HTML, plain text, decoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswatch.core.article import Article
from presswatch.core.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    UnknownFormatError,
    UnreadableInputError,
)
from presswatch.readers import read_bytes, read_path, read_text, sniff_format

RECORD = (
    " date 2023-05 https://example.org/a\n\n"
    "Un titre\n\n"
    "Un chapeau qui résume l'article... 12.05.2023, La Gazette du Nord\n\n"
    "Premier paragraphe.Deuxième paragraphe.\n"
)


def only(items: list) -> Article:
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_readers_record_format_header_title_lead_and_dateline():
    article = only(list(read_text(RECORD, "rec.txt")))
    assert article.format == "record"
    assert article.url == "https://example.org/a"
    assert article.title == "Un titre"
    assert article.lead == "Un chapeau qui résume l'article..."
    assert article.outlet == "La Gazette du Nord"
    assert article.published == "2023-05-12"
    assert [p.kind for p in article.paragraphs] == ["title", "lead", "paragraph"]
    assert (
        article.text[article.paragraphs[2].start : article.paragraphs[2].end]
        == "Premier paragraphe.Deuxième paragraphe."
    )


def test_readers_record_seed(seed_path: Path):
    article = only(list(read_path(seed_path)))
    assert article.format == "record"
    assert article.outlet == "Sputnik France"
    assert article.published == "2022-01-31"
    assert article.url.startswith("https://fr.sputniknews.com/20220131/")
    assert article.title.startswith("Pourquoi des soldats américains")
    assert article.lead.endswith("à proximité de ses...")


def test_readers_record_without_dateline_keeps_month():
    text = " date 2021-03 https://example.org/b\n\nTitre\n\nCorps du texte sans chapeau daté.\n"
    article = only(list(read_text(text, "x")))
    assert article.published == "2021-03"
    assert article.lead == ""
    assert article.outlet == "example.org"


def test_readers_plain_text_first_line_is_title():
    article = only(list(read_text("Mon titre\nUne ligne.\nUne autre ligne.\n", "p.txt")))
    assert article.format == "text"
    assert article.title == "Mon titre"
    assert [p.kind for p in article.paragraphs] == ["title", "paragraph", "paragraph"]


def test_readers_plain_text_blank_lines_join_wrapped_lines():
    article = only(list(read_text("Titre\n\nune phrase coupée\nen deux lignes.\n\nSuite.\n", "p")))
    assert article.text.split("\n\n")[1] == "une phrase coupée en deux lignes."


def test_readers_json_object_with_aliases():
    data = {
        "link": "https://ex.org/1",
        "headline": "Titre",
        "body": "Texte.\n\nSuite.",
        "date": "2022-02-03T10:00:00Z",
        "site_name": "Le Site",
    }
    article = only(list(read_text(json.dumps(data), "a.json")))
    assert (article.url, article.title, article.published, article.outlet) == (
        "https://ex.org/1",
        "Titre",
        "2022-02-03",
        "Le Site",
    )
    assert article.format == "json"


def test_readers_json_array_reports_bad_items_and_keeps_good_ones():
    items = list(
        read_text(json.dumps([{"title": "A", "text": "un"}, 3, {"title": "B"}]), "arr.json")
    )
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError) and "arr.json[1]" in str(items[1])
    assert isinstance(items[2], InputError) and "no 'text'" in str(items[2])


def test_readers_json_lines_streamed_with_line_numbers(tmp_path: Path):
    path = tmp_path / "many.jsonl"
    path.write_text(
        '{"title": "A", "text": "un"}\n{broken\n\n{"title": "C", "text": "trois"}\n',
        encoding="utf-8",
    )
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert f"{path}:2" in str(items[1])


def test_readers_json_bad_date_is_named():
    with pytest.raises(InputError, match=r"d\.json: bad 'published'"):
        list(read_text(json.dumps({"title": "A", "text": "b", "published": "hier"}), "d.json"))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("language", "en", "en"), ("lang", "fr-FR", "fr"), ("inLanguage", "DE", "de")],
)
def test_readers_json_stated_language_is_kept(field: str, value: str, expected: str):
    data = {"title": "A", "text": "b", field: value}
    assert only(list(read_text(json.dumps(data), "l.json"))).language == expected


def test_readers_json_without_language_leaves_it_to_identification():
    assert only(list(read_text(json.dumps({"title": "A", "text": "b"}), "n.json"))).language is None


@pytest.mark.parametrize("value", ["français", "12", ""])
def test_readers_json_bad_language_is_named(value: str):
    data = {"title": "A", "text": "b", "language": value}
    if value == "":  # an empty field is no statement
        assert only(list(read_text(json.dumps(data), "e.json"))).language is None
        return
    with pytest.raises(InputError, match=r"b\.json: bad 'language'"):
        list(read_text(json.dumps(data), "b.json"))


def test_readers_json_stated_language_survives_the_language_stage():
    from presswatch.stages.language import identify_language

    text = "Le gouvernement a annoncé mardi un plan de soutien aux agriculteurs touchés."
    article = only(list(read_text(json.dumps({"title": "A", "text": text, "lang": "en"}), "x")))
    assert identify_language(article).language == "en"  # stated, not identified
    assert article.language_confidence is None


def test_readers_html_main_text_and_metadata():
    html = (
        "<html><head><title>Grève à la SNCF | Le Quotidien</title>"
        '<meta property="og:site_name" content="Le Quotidien">'
        '<meta property="article:published_time" content="2023-03-07T08:00:00+01:00">'
        '<link rel="canonical" href="https://quotidien.example/greve"></head><body>'
        "<nav>Accueil Politique Sport</nav><article><h1>Grève à la SNCF</h1>"
        "<p>Les cheminots ont cessé le travail mardi matin dans toute la France, selon les syndicats.</p>"
        "<p>La direction estime que le trafic sera perturbé jusqu'à jeudi au moins sur les grandes lignes.</p>"
        "</article><footer>Mentions légales</footer></body></html>"
    )
    article = only(list(read_text(html, "page.html")))
    assert article.format == "html"
    assert article.title == "Grève à la SNCF"
    assert article.outlet == "Le Quotidien"
    assert article.published == "2023-03-07"
    assert article.url == "https://quotidien.example/greve"
    assert "cheminots" in article.text and "Mentions légales" not in article.text


_BODY = (
    "<body><nav>Accueil Politique</nav><article><h1>Le gaz flambe</h1>"
    "<p>Les prix du gaz ont augmenté de 40 % en un an, selon la Commission de régulation "
    "de l'énergie, qui a publié ses chiffres mardi matin à Paris.</p>"
    "<p>« Nous ne laisserons pas les familles payer seules la crise », a déclaré le ministre "
    "devant les députés réunis en séance le 3 mars 2019, date anniversaire de la loi.</p>"
    "<p>Les associations de consommateurs réclament un bouclier tarifaire prolongé "
    "jusqu'en décembre prochain, au moins.</p></article></body></html>"
)


def _page(head: str, *, lang: str = "fr") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Le gaz flambe</title>{head}</head>{_BODY}"
    )


@pytest.mark.parametrize(
    ("head", "field", "expected"),
    [
        ('<meta property="og:site_name" content="Le Journal test">', "outlet", "Le Journal test"),
        (
            '<meta property="article:published_time" content="2023-02-14T08:30:00+01:00">',
            "published",
            "2023-02-14",
        ),
        ('<meta name="date" content="2023-02-13">', "published", "2023-02-13"),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "Le gaz flambe", '
            '"datePublished": "2023-02-12T10:00:00Z", '
            '"publisher": {"@type": "Organization", "name": "Journal LD"}}</script>',
            "published",
            "2023-02-12",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "datePublished": "2023-02-12", '
            '"publisher": {"@type": "Organization", "name": "Journal LD"}}</script>',
            "outlet",
            "Journal LD",
        ),
        (
            '<link rel="canonical" href="https://journal-test.example/2023/02/gaz-flambe">',
            "url",
            "https://journal-test.example/2023/02/gaz-flambe",
        ),
        (
            '<link rel="canonical" href="https://journal-test.example/2023/02/14/gaz-flambe">',
            "published",
            "2023-02-14",
        ),
    ],
)
def test_readers_html_page_metadata(head: str, field: str, expected: str):
    article = only(list(read_text(_page(head), "page.html")))
    assert getattr(article, field) == expected


def test_readers_html_date_is_never_guessed_from_the_text():
    """A page without a date in its metadata or URL has none: the body's
    "3 mars 2019" is an event, not the publication date."""
    article = only(list(read_text(_page(""), "page.html")))
    assert article.published is None
    assert "3 mars 2019" in article.text


def test_readers_html_host_name_gives_the_known_outlet():
    """A site name that is only the host name gives way to the outlet known
    for the domain; an unknown host stays as the outlet."""
    known = _page('<link rel="canonical" href="https://www.lemonde.fr/economie/article/gaz">')
    assert only(list(read_text(known, "page.html"))).outlet == "Le Monde"
    unknown = _page('<meta property="og:url" content="https://www.journal-x.example/a/b">')
    assert only(list(read_text(unknown, "page.html"))).outlet == "journal-x.example"


def test_readers_html_lang_does_not_set_the_language():
    """``<html lang>`` is left to the language stage (templates often declare
    the wrong one); the reader sets no language."""
    article = only(list(read_text(_page("", lang="en-US"), "page.html")))
    assert article.language is None


def test_readers_latin1_and_cp1252_are_decoded():
    text = "Titre\n\nL'été à Noël, « déjà » : la fête a coûté 5 € à chacun des élèves.\n"
    for encoding in ("latin-1", "cp1252"):
        data = (
            text.replace("€", "euros").encode(encoding)
            if encoding == "latin-1"
            else text.encode(encoding)
        )
        article = only(list(read_bytes(data, f"f.{encoding}")))
        assert "L'été à Noël, « déjà » : la fête a coûté" in article.text


def test_readers_cyrillic_cp1251_is_decoded():
    text = "Заголовок\n\nМосква заявила, что переговоры продолжатся на следующей неделе.\n"
    article = only(list(read_bytes(text.encode("cp1251"), "ru.txt")))
    assert "переговоры продолжатся" in article.text


def test_readers_utf16_with_bom():
    article = only(list(read_bytes("Titre\n\nÉté.\n".encode("utf-16"), "u16.txt")))
    assert article.text.endswith("Été.")


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInputError, "empty"),
        (b"   \n\n  ", EmptyInputError, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", BinaryInputError, "PNG image"),
        (b"%PDF-1.7\n...", BinaryInputError, "PDF"),
        (b"abc\x00\x01\x02def" * 10, BinaryInputError, "binary"),
    ],
)
def test_readers_bad_bytes_get_typed_errors(data: bytes, error: type, reason: str):
    with pytest.raises(error, match=reason):
        list(read_bytes(data, "bad.bin"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "RSS/Atom feed"),
        ("WARC/1.0\r\nWARC-Type: warcinfo\r\n", "WARC"),
        ("<?xml version='1.0'?><note><to>x</to></note>", "XML"),
    ],
)
def test_readers_unknown_formats_are_named(text: str, reason: str):
    with pytest.raises(UnknownFormatError, match=reason):
        sniff_format(text, "thing")


def test_readers_too_large_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("Titre\n\n" + "mot " * 1000, encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="too large"):
        list(read_path(path, max_bytes=100))


def test_readers_missing_file_is_unreadable(tmp_path: Path):
    with pytest.raises(UnreadableInputError, match="No such file"):
        list(read_path(tmp_path / "nope.txt"))
