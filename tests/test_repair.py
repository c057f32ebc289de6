"""Text repair: glued paragraph and heading boundaries, offsets, idempotence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.article import Article, original_offset
from presswatch.readers import read_text
from presswatch.repair import find_glue_points, repair_article, repair_text


def test_repair_seed_recovers_paragraphs_and_both_headings(seed_path):
    from presswatch.readers import read_path

    article = repair_article(next(read_path(seed_path)))  # type: ignore[arg-type]
    blocks = {article.text[p.start : p.end]: p.kind for p in article.paragraphs}
    assert blocks["Des munitions pour cibler les chars russes"] == "heading"
    assert blocks["Moscou assure qu'aucune guerre n'est envisagée"] == "heading"
    starts = [article.text[p.start : p.end][:25] for p in article.paragraphs]
    assert "À leur menu, les proposit" in starts  # "…cette semaine.À leur menu…"
    assert any(s.startswith("Selon le quotidien britan") for s in starts)  # "…russesSelon…"
    assert any(s.startswith("Moscou assure pour sa par") for s in starts)  # "…envisagéeMoscou…"
    # two sentences of one paragraph separated by a space stay together
    assert any(
        "attaque russe. Environ 200 gardes" in article.text[p.start : p.end]
        for p in article.paragraphs
    )
    assert article.original_text() == next(read_path(seed_path)).text  # type: ignore[union-attr]


def test_repair_keeps_legitimate_tokens():
    for text in (
        "Le taux est de 3.5 % et 1.000 personnes.",
        "M.Dupont et Mme.Durand",
        "Voir www.Example.com ou https://Site.org/Page et jean.Dupont@mail.fr.",
        "Un iPhone, un McDonald's, YouTube, WhatsApp, PlayStation, eBay et LinkedIn.",
        "Les États-Unis et la Grande-Bretagne.",
        "J.R.R. Tolkien et U.S.A.",
        "Le macOS d'Apple et GlaxoSmithKline.",
    ):
        assert find_glue_points(text) == [], text


def test_repair_finds_glued_boundaries():
    cases = {
        "cette semaine.À leur menu": "À leur menu",
        "les tanks russesSelon le quotidien": "Selon le quotidien",
        "n'est envisagéeMoscou assure": "Moscou assure",
        "en 2015Les troupes": "Les troupes",
        "visite à ParisLe président": "Le président",
        "« Bonjour »Le président": "Le président",
        "(AFP)Le président": "Le président",
        'il a dit "oui."Le lendemain': "Le lendemain",
    }
    for text, after in cases.items():
        points = find_glue_points(text)
        assert [text[p:] for p in points] == [after], text


def test_repair_inserts_space_after_glued_title():
    text, repairs = repair_text("Hier, M.Macron a parlé.")
    assert text == "Hier, M. Macron a parlé."
    assert repairs[0].reason == "missing space after a title"


def test_repair_protects_the_title():
    article = next(read_text("Un titre.Collé au reste\n\nCorps.Suite du corps.", "t"))
    assert isinstance(article, Article)
    repaired = repair_article(article)
    assert repaired.paragraphs[0].kind == "title"
    assert repaired.text.startswith("Un titre.Collé au reste\n\n")
    assert repaired.text.endswith("Corps.\n\nSuite du corps.")


_ALPHABET = st.sampled_from(
    [
        *list("aeiouxyzAEIOUÀÉÈÇ .,;!?«»\"()'’-:0123456789\n"),
        "é",
        "ç",
        "M.",
        "é.",
        "e.L",
        "sL",
        "5L",
        "»Le",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_repair_offsets_round_trip_and_idempotence(text: str):
    repaired, repairs = repair_text(text)
    # only insertions: removing them gives the original back
    article = Article(text=repaired, repairs=repairs)
    assert article.original_text() == text
    # every character that was not inserted maps back to the same character
    inserted = {i for r in repairs for i in range(r.start, r.end)}
    for offset, char in enumerate(repaired):
        if offset not in inserted:
            assert text[original_offset(repairs, offset)] == char
    # offsets are monotonic
    mapped = [original_offset(repairs, i) for i in range(len(repaired) + 1)]
    assert mapped == sorted(mapped)
    # repairing again changes nothing
    assert repair_text(repaired) == (repaired, [])
