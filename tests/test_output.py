"""Output writers: JSON against its schema, the HTML page, the terminal report."""

from __future__ import annotations

import html.parser
import io
import json

import jsonschema
import pytest

from presswatch.core.article import Article, Paragraph, Quote, Technique
from presswatch.outputs import writer_for
from presswatch.outputs.html import page_language, render_page
from presswatch.outputs.jsonout import article_schema
from presswatch.outputs.markup import TECHNIQUE_DISPLAY_THRESHOLD, Mark, mark_up


def test_output_json_validates_against_schema(seed_article, example_article):
    schema = article_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for article in (seed_article, example_article):
        data = json.loads(json.dumps(article.to_dict()))
        jsonschema.validate(data, schema)
        for key in (
            "id",
            "url",
            "outlet",
            "published",
            "language",
            "title",
            "lead",
            "text",
            "paragraphs",
            "entities",
            "quotes",
            "sources",
            "quantities",
            "dates",
        ):
            assert key in data
        for item in data["quotes"] + data["entities"] + data["quantities"] + data["dates"]:
            assert 0 <= item["start"] <= item["end"] <= len(data["text"])


def test_output_json_one_object_or_json_lines(seed_article, example_article):
    one = io.StringIO()
    writer = writer_for("json", one)
    writer.write(seed_article)
    writer.close()
    assert json.loads(one.getvalue())["id"] == seed_article.id
    many = io.StringIO()
    writer = writer_for("json", many)
    writer.write(seed_article)
    writer.write(example_article)
    writer.close()
    lines = many.getvalue().strip().split("\n")
    assert [json.loads(line)["id"] for line in lines] == [seed_article.id, example_article.id]


def test_output_markup_nests_crossing_spans():
    text = "abcdefghij"
    out = mark_up(text, [Mark(0, 6, ("a",)), Mark(3, 9, ("b",))])
    assert out == '<span class="a">abc<span class="b">def</span></span><span class="b">ghi</span>j'


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def test_output_html_escapes_everything_from_the_article():
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)"> "quoted" & \'single\''
    text = f"{payload}\n\nCorps {payload} fin."
    article = Article(
        text=text,
        title=payload,
        url="javascript:alert(3)",
        outlet='<b onmouseover="x">',
        paragraphs=[Paragraph(0, len(payload), "title"), Paragraph(len(payload) + 2, len(text))],
        quotes=[
            Quote(
                "direct",
                payload,
                len(payload) + 8,
                len(payload) + 8 + len(payload),
                '<i onclick="y">',
                "x",
                None,
                "person",
            )
        ],
        techniques=[Technique('Loaded"><script>', 1, len(payload) + 2, len(text), 0.9)],
    )
    page = render_page([article])
    collector = _Collector()
    collector.feed(page)
    assert "script" not in collector.tags and "img" not in collector.tags
    assert not any(name.startswith("on") for name, _ in collector.attributes)
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page


def test_output_html_page_marks_up_the_seed(seed_article):
    page = render_page([seed_article])
    assert 'class="quote quote-direct"' in page
    assert "Daily Mail" in page and "les médias occidentaux" in page
    assert '<p class="heading">' in page


def test_output_html_shows_technique_marks_from_the_display_threshold_only():
    text = "Titre\n\nUne phrase neutre. Une phrase chargée."
    body = text.index("Une")
    loaded = text.index("Une phrase chargée")
    article = Article(
        text=text,
        title="Titre",
        language="fr",
        paragraphs=[Paragraph(0, 5, "title"), Paragraph(body, len(text))],
        techniques=[
            Technique("Loaded_Language", 1, loaded, len(text), TECHNIQUE_DISPLAY_THRESHOLD),
            Technique("Doubt", 1, body, loaded - 1, TECHNIQUE_DISPLAY_THRESHOLD - 0.01),
            Technique("Repetition", 1, body, loaded - 1, 0.05),
        ],
    )
    page = render_page([article])
    assert "tech-loaded_language" in page
    assert "tech-doubt" not in page and "tech-repetition" not in page
    assert "2 weaker marks not shown" in page
    assert '<html lang="fr">' in page


def test_output_html_page_language_is_a_well_formed_tag_or_und():
    assert page_language([Article(text="x", language="en")]) == "en"
    assert (
        page_language([Article(text="x", language="en"), Article(text="y", language="fr")]) == "mul"
    )
    assert page_language([Article(text="x", language='fr"><script>')]) == "und"
    assert page_language([Article(text="x")]) == "und"


def test_output_text_report_lists_the_analysis(seed_article):
    stream = io.StringIO()
    writer = writer_for("text", stream)
    writer.write(seed_article)
    writer.close()
    report = stream.getvalue()
    for expected in (
        "Quotes and attributions",
        "Sergueï Lavrov",
        "Daily Mail",
        "les médias occidentaux",
        "≈ 100",
        "2022-01-30",
        "Sources",
    ):
        assert expected in report


def test_output_text_report_lists_genre_frames_and_techniques_by_paragraph(example_article):
    article = Article.from_dict(example_article.to_dict())
    paragraph = article.paragraphs[2]
    article.techniques = [
        Technique("Doubt", paragraph=2, start=paragraph.start, end=paragraph.start + 12, score=0.61)
    ]
    stream = io.StringIO()
    writer = writer_for("text", stream)
    writer.write(article)
    writer.close()
    report = stream.getvalue()
    assert "Genre: " in report and "Frames: " in report
    assert "Persuasion techniques" in report
    row = next(line for line in report.splitlines() if "Doubt" in line)
    assert row.split("│")[1].strip() == "3"  # paragraphs are numbered from 1 for readers
    assert "0.61" in row and article.text[paragraph.start : paragraph.start + 12] in row


# -- analyses that did not run (issue 10, class 8) ---------------------------------------

ENGLISH = (
    "Leaders meet in Brussels\n\n"
    '"We will not pay for your hesitation," the Estonian prime minister Kaja Kallas said on '
    "Monday, adding that prices had risen by more than 40 percent since January 2022. "
    '"Europe has waited too long," she told reporters.'
)


def _report(article: Article, fmt: str) -> str:
    stream = io.StringIO()
    writer = writer_for(fmt, stream)
    writer.write(article)
    writer.close()
    return stream.getvalue()


def _not_run_for_english() -> Article:
    from presswatch.core.article import Unavailable

    article = Article(text="A text full of quotes.", title="Leaders meet", language="en")
    article.stages = ["repair", "language", "persuasion"]
    article.unavailable = [
        Unavailable(stage, "unavailable for language en")
        for stage in ("nlp", "entities", "attribution", "dates", "quantities")
    ]
    return article


def test_output_reports_say_what_is_not_available_for_the_language():
    article = _not_run_for_english()
    for fmt in ("text", "html"):
        report = " ".join(_report(article, fmt).split())
        assert "No quotes or attributions found" not in report
        assert "No statements found" not in report
        assert (
            "Quotes and attributions: not available for articles in English (en), "
            "so nothing was looked for." in report
        )
        assert "Entities: not available for articles in English (en)" in report
        assert "Figures and dates: not available for articles in English (en)" in report
        assert "Analyses for English (en): ran: text repair, language identification" in report


def test_output_reports_say_nothing_was_found_when_the_analysis_ran():
    article = Article(text="Rien à signaler.", title="Calme plat", language="fr")
    article.stages = ["repair", "language", "nlp", "entities", "attribution", "dates"]
    text = _report(article, "text")
    assert "No quotes or attributions found." in text and "not available" not in text
    assert "No statements found." in _report(article, "html")


@pytest.mark.slow
def test_output_reports_of_a_real_english_article_list_its_quotes(tmp_path):
    from presswatch.cli import main

    path = tmp_path / "leaders.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "report.txt"
    assert main(["analyze", str(path), "-o", str(out), "--disable", "persuasion"]) == 0
    report = " ".join(out.read_text(encoding="utf-8").split())
    assert "No quotes or attributions found" not in report
    assert "not available for articles in English" not in report
    assert "Kaja Kallas" in report and "Europe has waited too long" in report
