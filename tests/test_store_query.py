"""The search query language: parsing, errors, and safety under random input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_helpers import make_article, make_record
from presswatch.corpus.store import Filters, QuerySyntaxError, SearchPage, open_store, parse_query
from presswatch.corpus.store.query import And, Not, Or, Term


def test_store_query_words_are_anded_and_quoted() -> None:
    query = parse_query("vaccin obligation")
    assert query.root == And((Term("vaccin"), Term("obligation")))
    assert query.to_fts5() == '("vaccin" AND "obligation")'


def test_store_query_operators_and_precedence() -> None:
    query = parse_query('gaz OR "prix du pétrole" NOT russie')
    assert query.root == Or(
        (Term("gaz"), And((Term("prix du pétrole", phrase=True), Not(Term("russie")))))
    )
    assert parse_query("ukraine -russie").root == And((Term("ukraine"), Not(Term("russie"))))
    assert parse_query("(a OR b) AND c").root == And((Or((Term("a"), Term("b"))), Term("c")))


def test_store_query_prefix_and_fields() -> None:
    assert parse_query("vacc*").root == Term("vacc", prefix=True)
    assert parse_query('title:"prix du gaz"*').root == Term("prix du gaz", True, True, "title")
    assert parse_query("body:macron").to_fts5() == 'body : "macron"'


def test_store_query_lower_case_operators_are_words() -> None:
    assert parse_query("chats and chiens").root == And((Term("chats"), Term("and"), Term("chiens")))


def test_store_query_terms_are_rendered_as_quoted_fts5_strings() -> None:
    assert parse_query("aujourd'hui").to_fts5() == '"aujourd\'hui"'
    assert parse_query('a"b c"d').root == And((Term("a"), Term("b c", phrase=True), Term("d")))
    assert parse_query("x:y OR z").to_fts5() == '("x:y" OR "z")'
    with pytest.raises(QuerySyntaxError):
        parse_query("l'état \"")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"unterminated', "unterminated phrase"),
        ('""', "empty phrase"),
        ("(a OR b", "missing ')'"),
        ("a)", "unbalanced ')'"),
        ("()", "empty parentheses"),
        ("a AND", "ends where a word was expected"),
        ("OR a", "'OR' where a word was expected"),
        ("NOT russie", "NOT only excludes"),
        ("a OR NOT b", "NOT only excludes"),
        ("a NOT NOT b", "double negation"),
        ("***", "no letter or digit"),
        ("title:", "must be followed"),
        ("(" * 20 + "a" + ")" * 20, "nested deeper"),
        (" ".join(["mot"] * 65), "more than 64 terms"),
        ("a" * 2001, "longer than 2000"),
    ],
)
def test_store_query_malformed_queries_are_explained(query: str, reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        parse_query(query)
    assert reason in str(error.value)
    assert error.value.exit_code == 2


_CHARACTERS = list("abcé É'\"()*-:_ .,;!?")
_SPECIAL = ["AND", "OR", "NOT", "title:", "body:", "\ue000", "\x00", "%", "?", "\\"]
_ALPHABET = st.sampled_from(_CHARACTERS + _SPECIAL)
_QUERIES = st.lists(_ALPHABET, max_size=25).map("".join) | st.text(max_size=40)


@given(_QUERIES)
@settings(max_examples=400, deadline=None)
def test_store_query_parser_raises_only_the_documented_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QuerySyntaxError:
        return
    assert query.terms()
    assert query.to_fts5()


def _check_consistent(page: SearchPage, stored: int, facet_total: int) -> None:
    """What a search answers agrees with itself: as many hits as it counts
    (up to the limit), never more than the store holds, and the facets
    count the same matches."""
    assert 0 <= page.total <= stored
    assert len(page.hits) == min(page.total, page.limit)
    assert len({hit.id for hit in page.hits}) == len(page.hits)
    assert facet_total == page.total


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("query") / "corpus.db"
    store = open_store(str(path), create=True)
    store.add_many(
        [
            make_record(
                make_article("L'État et le vaccin", "Le prix du gaz monte, dit-on à Paris.")
            ),
            make_record(make_article("Ukraine", "Les troupes russes à la frontière ukrainienne.")),
        ]
    )
    yield store
    store.close()


@given(_QUERIES)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_store_query_random_queries_never_crash_sqlite_search(small_store, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        page = small_store.search(text, Filters(), limit=5)
        facets = small_store.facets(text, Filters(), limit=3)
    except QuerySyntaxError:
        return
    _check_consistent(page, small_store.count(), facets.total)


def test_store_query_random_queries_never_crash_postgres_search(postgres_url: str) -> None:
    store = open_store(postgres_url)
    store.add_many(
        [make_record(make_article("L'État et le vaccin", "Le prix du gaz monte à Paris."))]
    )

    @given(_QUERIES)
    @settings(max_examples=150, deadline=None)
    def run(text: str) -> None:
        try:
            page = store.search(text, limit=5)
            facets = store.facets(text, Filters(), limit=3)
        except QuerySyntaxError:
            return
        _check_consistent(page, 1, facets.total)

    try:
        run()
    finally:
        store.close()
