"""Text repair: glued paragraph and heading boundaries, offsets, idempotence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.core.article import Article, original_offset
from presswatch.readers import read_text
from presswatch.stages.repair import find_glue_points, repair_article, repair_text


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


def _glue_points_char_by_char(text: str, language: str = "fr") -> list[int]:
    """The scan find_glue_points replaced: every offset in turn (kept as the oracle)."""
    from presswatch.stages import repair as r

    points: list[int] = []
    quotes = 0
    closers, openers = r._quote_marks(language)
    index = 1
    while index < len(text):
        previous, current = text[index - 1], text[index]
        if previous == '"':
            quotes += 1
        if previous in r._FINAL and not current.isspace() and current not in r._FINAL:
            boundary = r._punctuation_glue(text, index, quotes, language)
            if boundary is not None and 0 < boundary < len(text):
                points.append(boundary)
                index = boundary + 1
                continue
        elif (
            previous in closers
            and previous not in "]’"
            and (
                r._starts_sentence_word(text, index)
                or (current in openers[:2] and r._opens_sentence(text, index + 1))
            )
        ):
            if not r._URLISH.search(r._token_around(text, index)):
                points.append(index)
        elif previous.isalpha() and previous.islower() and current.isupper():
            if r._case_glue(text, index, language):
                points.append(index)
        elif previous.isdigit() and current.isupper() and r._digit_glue(text, index, language):
            points.append(index)
        index += 1
    return sorted(set(points))


_GLUE_PIECES = st.sampled_from(
    [
        *list('aexÀÉçL .!?…:»”)]’«“"(-–—\n\u00a00²'),
        "ǅ",  # title case: neither upper nor lower
        "𝐀",  # beyond the Basic Multilingual Plane, upper case
        "𝐚",
        "Selon",
        "les",
        "russes",
        "iPhone",
        "2015",
        "M.",
        '."',
        "www.x.fr",
        ' "Cases',
        'said."',
        "The",
        "Mr.",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_GLUE_PIECES, max_size=40).map("".join), st.sampled_from(["fr", "de", "en"]))
def test_repair_glue_candidates_miss_nothing_the_full_scan_finds(text: str, language: str):
    assert find_glue_points(text, language) == _glue_points_char_by_char(text, language)


def test_repair_english_straight_quotes_close_or_open_by_shape():
    """A straight quote after a glued sentence end closes the quotation the
    last quote opened, or opens a new paragraph when the last one closed,
    whatever their count (a quotation running over paragraphs leaves one open)."""
    text = (
        '"The plague is back," the agency said. "It spreads in a very different way '
        'this year."Cases sprang up earlier than the one that we saw," Tedros said."That '
        'means more cases."'
    )
    points = find_glue_points(text, "en")
    assert [text[p : p + 5] for p in points] == ["Cases", '"That']


def test_repair_english_words():
    text = "The talks failed, Mr. Johnson said on Jan. 28.Officials in the U.S. agreed."
    assert find_glue_points(text, "en") == [text.index("Officials")]
    assert repair_text("Mr.Johnson spoke.", language="en")[0] == "Mr. Johnson spoke."
