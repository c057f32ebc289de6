"""Attribution: direct quotes, indirect speech, according-to, speakers and sources."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presswatch.stages.attribution.view import SpanSet


def by_text(article, fragment: str):
    found = [q for q in article.quotes if fragment in q.text]
    assert found, f"no statement containing {fragment!r}: {[q.text for q in article.quotes]}"
    return found[0]


def test_attribution_seed_lavrov_direct_and_indirect(seed_article):
    indirect = by_text(seed_article, "la Russie ne voulait pas de conflit")
    assert indirect.kind == "indirect"
    assert indirect.speaker == "Sergueï Lavrov"
    assert indirect.speaker_type == "person"
    assert indirect.cue == "a affirmé"
    assert indirect.text == "la Russie ne voulait pas de conflit"
    direct = by_text(seed_article, "la guerre n’aura pas lieu")
    assert direct.kind == "direct"
    assert direct.text == "Si cela dépend de la Russie, la guerre n’aura pas lieu"
    assert direct.speaker == "Sergueï Lavrov"
    assert direct.speaker_mention == "il"
    assert "indiqué" in (direct.cue or "")
    assert seed_article.text[direct.start : direct.end] == direct.text


def test_attribution_seed_moscow_claims_are_government(seed_article):
    claim = by_text(seed_article, "ne préparer aucune invasion")
    assert (claim.kind, claim.speaker, claim.speaker_type) == ("indirect", "Moscou", "government")


def test_attribution_seed_daily_mail_and_vague_western_media(seed_article):
    daily = by_text(seed_article, "Washington a envoyé une centaine de ces munitions")
    assert daily.kind == "according_to"
    assert daily.speaker == "Daily Mail"
    assert daily.speaker_mention == "le quotidien britannique"
    assert daily.speaker_type == "media"
    vague = by_text(seed_article, "doivent envahir l’Ukraine")
    assert vague.kind == "according_to"
    assert vague.speaker_mention == "les médias occidentaux"
    assert vague.speaker_type == "vague"
    assert "selon" not in vague.text


def test_attribution_seed_impersonal_reminder_is_not_a_statement(seed_article):
    assert not any("ces accords prévoient" in q.text for q in seed_article.quotes)


def test_attribution_seed_sources_summary(seed_article):
    sources = {s.name: s for s in seed_article.sources}
    assert sources["Sergueï Lavrov"].type == "person"
    assert sources["Sergueï Lavrov"].statements == 2
    assert sources["Daily Mail"].type == "media"
    assert sources["les médias occidentaux"].type == "vague"
    assert sources["Moscou"].type == "government"


def test_attribution_incise_splits_one_quote(analyze_text):
    article = analyze_text(
        "La ministre de la Santé, Agnès Buzyn, a répondu aux sénateurs. « Nous ne fermerons aucun hôpital, "
        "a-t-elle assuré, et nous ouvrirons des lits supplémentaires cet hiver. »"
    )
    quote = by_text(article, "Nous ne fermerons aucun hôpital")
    assert quote.kind == "direct"
    assert quote.speaker == "Agnès Buzyn"
    assert len(quote.parts) == 2
    assert "a-t-elle assuré" not in quote.text
    assert "nous ouvrirons des lits" in quote.text


def test_attribution_inverted_cue_with_named_speaker(analyze_text):
    article = analyze_text(
        "« La situation reste très tendue dans le nord du pays », affirme Jean Dupont, maire de la ville."
    )
    quote = by_text(article, "La situation reste très tendue")
    assert quote.speaker == "Jean Dupont"
    assert quote.cue == "affirme"


def test_attribution_colon_introduces_quote(analyze_text):
    article = analyze_text(
        "Le porte-parole du gouvernement, Olivier Véran, a déclaré : « Le texte sera voté avant l'été. »"
    )
    quote = by_text(article, "Le texte sera voté")
    assert quote.kind == "direct"
    assert quote.speaker == "Olivier Véran"


def test_attribution_selon_lui_resolves_pronoun(analyze_text):
    article = analyze_text(
        "Le chercheur Paul Martin étudie les glaciers depuis vingt ans. Selon lui, la fonte va encore s'accélérer dans les Alpes."
    )
    quote = by_text(article, "la fonte va encore s'accélérer")
    assert quote.kind == "according_to"
    assert quote.speaker == "Paul Martin"


def test_attribution_vague_and_document_sources(analyze_text):
    article = analyze_text(
        "D'après des sources proches du dossier, le contrat sera signé lundi. "
        "Selon un rapport de l'Organisation mondiale de la santé, les cas ont doublé en un mois."
    )
    vague = by_text(article, "le contrat sera signé")
    assert vague.speaker_type == "vague"
    report = by_text(article, "les cas ont doublé")
    assert report.speaker == "Organisation mondiale de la santé"


def test_attribution_author_voice_and_impersonal_are_ignored(analyze_text):
    article = analyze_text(
        "Je pense que cette réforme est une erreur. Il convient de rappeler que le texte a déjà été rejeté. "
        "Il semble que le gouvernement hésite."
    )
    assert article.quotes == []


def test_attribution_scare_quotes_are_not_statements(analyze_text):
    article = analyze_text(
        "Le programme « Horizon Europe » finance des projets de recherche dans toute l'Union."
    )
    assert article.quotes == []


def test_attribution_partial_quote_inside_reported_speech(analyze_text):
    article = analyze_text(
        "La Première ministre estonienne, Kaja Kallas, juge que l'Europe « paie depuis trop longtemps le prix de ses hésitations »."
    )
    kinds = {q.kind: q for q in article.quotes}
    assert kinds["indirect"].speaker == "Kaja Kallas"
    assert kinds["direct"].speaker == "Kaja Kallas"
    assert [s.name for s in article.sources] == ["Kaja Kallas"]
    assert article.sources[0].statements == 1  # the quoted phrase is part of the same statement


def test_attribution_infinitive_claim_and_headline(analyze_text):
    article = analyze_text(
        "Washington a de nouveau accusé Pékin. Le Kremlin assure pour sa part ne pas vouloir d'escalade.",
        title="Zelensky : « Nous ne céderons aucun territoire »",
    )
    headline = by_text(article, "Nous ne céderons aucun territoire")
    assert headline.speaker == "Zelensky"
    claim = by_text(article, "ne pas vouloir d'escalade")
    assert claim.kind == "indirect"
    assert claim.speaker_type == "government"


def test_attribution_media_description_uses_nationality(analyze_text):
    article = analyze_text(
        "Le Monde a publié une enquête mardi, tout comme le New York Times. "
        "Selon le quotidien américain, les négociations ont échoué."
    )
    quote = by_text(article, "les négociations ont échoué")
    assert quote.speaker == "The New York Times"
    assert quote.speaker_type == "media"


def test_attribution_unavailable_for_other_languages(analyze_text):
    article = analyze_text(
        "Der Minister sagte, dass die Gespräche in der nächsten Woche wieder aufgenommen "
        "werden, wie Beamte in Brüssel mitteilten. Die Regierung wollte sich nicht äußern.",
        title="Gespräche werden nächste Woche fortgesetzt",
    )
    assert article.language == "de"
    features = {u.stage: u.reason for u in article.unavailable}
    assert features["attribution"] == "unavailable for language de"
    assert article.quotes == []


def test_attribution_comme_cue_opening_a_sentence(analyze_text):
    article = analyze_text(
        "Donald Trump a appelé Eric Zemmour. Comme le rapporte la chaîne, le candidat a "
        "bénéficié d’un appel, mais pas de son soutien."
    )
    statement = by_text(article, "le candidat a bénéficié d’un appel")
    assert statement.kind == "according_to"
    assert statement.speaker_mention == "la chaîne"


def test_attribution_comme_cue_needs_a_clause_before_it(analyze_text):
    article = analyze_text(
        "Le débat a tourné court. Ou, comme le tweete Antoine Rondel, journaliste : "
        "« Personne ne voulait en parler. »"
    )
    assert not [q for q in article.quotes if q.kind == "according_to" and len(q.text) < 10]
    quote = by_text(article, "Personne ne voulait en parler")
    assert quote.speaker == "Antoine Rondel"


def test_attribution_pour_with_a_source_description(analyze_text):
    article = analyze_text(
        "Le président s’est rendu au Cameroun. Pour le média, ce séjour cache des enjeux "
        "économiques. Pour les enfants, la rentrée aura lieu lundi."
    )
    framed = by_text(article, "ce séjour cache des enjeux")
    assert (framed.kind, framed.speaker_mention) == ("according_to", "le média")
    assert not [q for q in article.quotes if "rentrée" in q.text]


def test_attribution_inverted_cue_after_a_quote_split_from_its_opening_mark(analyze_text):
    article = analyze_text(
        "Le rapport a été publié mardi. « On voit qu’il reste difficile de représenter la "
        "société », se désole Carole Bienaimé Besse, également productrice."
    )
    kinds = [q.kind for q in article.quotes if "représenter la société" in q.text]
    assert kinds == ["direct"]


def test_attribution_quote_announced_by_a_said_noun_before_a_colon(analyze_text):
    article = analyze_text(
        "Le ministre a adressé un message aux syndicats : « Nous ne céderons pas. » "
        "Le club a publié la liste : « Dupont, Martin, Durand »."
    )
    quote = by_text(article, "Nous ne céderons pas")
    assert (quote.kind, quote.cue, quote.speaker_mention) == ("direct", "a adressé", "Le ministre")
    assert not [q for q in article.quotes if "Dupont" in q.text]


def test_attribution_more_speech_verbs_as_inverted_cues(analyze_text):
    article = analyze_text(
        "Donald Trump a appelé Eric Zemmour lundi. « Ne changez jamais si vous voulez gagner », "
        "lui a conseillé Donald Trump. « Tout ira bien pour les épargnants », rassure le ministre."
    )
    advice = by_text(article, "Ne changez jamais")
    assert (advice.cue, advice.speaker) == ("lui a conseillé", "Donald Trump")
    assert by_text(article, "Tout ira bien").cue == "rassure"


def test_attribution_continuation_ignores_a_stray_quotation_mark_sentence(analyze_text):
    article = analyze_text(
        "La chercheuse a été interrogée mardi. « Bien sûr qu’il le ferait. Et le fait est qu’il "
        "l’a déjà fait, n’est-ce pas ? » a déclaré Fiona Hill. « Il nous a mis dans une position "
        "que nous n’avons jamais connue auparavant. »"
    )
    follow_up = by_text(article, "Il nous a mis dans une position")
    assert (follow_up.kind, follow_up.speaker, follow_up.cue) == ("direct", "Fiona Hill", None)


@given(
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8),
    offset=st.integers(-2, 62),
)
def test_attribution_span_set_membership_equals_a_linear_scan(
    spans: list[tuple[int, int]], offset: int
) -> None:
    assert (offset in SpanSet(spans)) == any(start <= offset < end for start, end in spans)


# -- English -------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_quotes():
    """The examples of issue 13 and the English cue shapes, analysed once."""
    from presswatch.api import analyze

    text = (
        "Talks collapse\n\n"
        '"We are not going to back down," Prime Minister Boris Johnson told reporters. '
        '"We will win the vote next week," he said.\n\n'
        "According to the Wall Street Journal, the negotiations collapsed overnight.\n\n"
        "Senator Elizabeth Warren said that the bill was a giveaway to Wall Street. "
        "Harvard law professor Alan Dershowitz said the report was one-sided.\n\n"
        "The talks failed on Monday, a senior Justice Department official said.\n\n"
        "'I apologised to everybody in the world,' Clinton said, insisting the matter "
        "was closed. The Smiths' lawyer was not there.\n\n"
        '"The alliance stands united," said Jens Stoltenberg, NATO\'s secretary general.'
    )
    return analyze(text, format="text").quotes


def _english(quotes, fragment: str):
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no statement containing {fragment!r}: {[q.text for q in quotes]}"
    return found[0]


@pytest.mark.slow
def test_attribution_english_issue_examples(english_quotes):
    johnson = _english(english_quotes, "We are not going to back down")
    assert (johnson.kind, johnson.speaker, johnson.cue) == ("direct", "Boris Johnson", "told")
    journal = _english(english_quotes, "the negotiations collapsed overnight")
    assert (journal.kind, journal.cue, journal.speaker_type) == (
        "according_to",
        "According to",
        "media",
    )
    assert "Wall Street Journal" in (journal.speaker or "")
    warren = _english(english_quotes, "the bill was a giveaway")
    assert (warren.kind, warren.speaker) == ("indirect", "Elizabeth Warren")


@pytest.mark.slow
def test_attribution_english_cue_shapes(english_quotes):
    """A pronoun after the quotation ("…," he said), an inverted cue, a clause
    without "that", a clause before its cue, single quotation marks, and a
    person named after the title and affiliation."""
    pronoun = _english(english_quotes, "We will win the vote")
    assert (pronoun.speaker, pronoun.speaker_mention) == ("Boris Johnson", "he")
    inverted = _english(english_quotes, "The alliance stands united")
    assert inverted.speaker == "Jens Stoltenberg"
    bare = _english(english_quotes, "the report was one-sided")
    assert (bare.kind, bare.speaker) == ("indirect", "Alan Dershowitz")
    before = _english(english_quotes, "The talks failed on Monday")
    assert (before.kind, before.speaker_type) == ("indirect", "vague")
    single = _english(english_quotes, "I apologised to everybody in the world")
    assert (single.kind, single.speaker) == ("direct", "Clinton")
    assert not any("lawyer was not there" in q.text for q in english_quotes)


@pytest.mark.slow
def test_attribution_english_lone_surnames_and_compound_heads():
    """A surname the English model leaves out of its entities designates the
    person named before with it; a compound's head is its last noun."""
    from presswatch.api import analyze

    text = (
        "Outbreak spreads\n\n"
        "Scientists gathered in London on Friday, among them the microbiologist Richard "
        "Conroy. Conroy warned it is inevitable that the plague will spread across Europe.\n\n"
        "Since confirming the outbreak on Tuesday, the country's health ministry now says "
        "17 people have died in the province."
    )
    quotes = analyze(text, format="text").quotes
    conroy = _english(quotes, "the plague will spread")
    assert (conroy.kind, conroy.speaker, conroy.speaker_type) == (
        "indirect",
        "Richard Conroy",
        "person",
    )
    ministry = _english(quotes, "17 people have died")
    assert ministry.kind == "indirect" and ministry.speaker_type == "government"


@pytest.mark.slow
@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_attribution_english_possessor_stays_in_the_mention(apostrophe: str) -> None:
    """A possessor before its clitic belongs to the speaker's mention, and the
    possessed noun is its head: "China's health ministry" (the mention began
    at the clitic, "'s health ministry"), "The agency's acting director,
    Thomas Homan" (role "agency's acting director"), straight or curly."""
    from presswatch.api import analyze

    s = f"{apostrophe}s"
    text = (
        "Outbreak\n\n"
        "Officials met on Monday in Beijing to review the figures for the province. "
        f"China{s} health ministry said the number of cases had fallen to 12 last week.\n\n"
        f"The agency{s} acting director, Thomas Homan, told reporters that arrests would rise."
    )
    quotes = analyze(text, format="text").quotes
    ministry = _english(quotes, "the number of cases had fallen")
    assert ministry.speaker_mention == f"China{s} health ministry"
    assert ministry.speaker == f"China{s} health ministry"
    homan = _english(quotes, "arrests would rise")
    assert homan.speaker == "Thomas Homan"
    assert homan.speaker_mention == f"The agency{s} acting director, Thomas Homan"


@pytest.fixture(scope="module")
def english_channel_quotes():
    """Invented English sentences naming the channel of someone's words."""
    from presswatch.api import analyze

    text = (
        "Port talks\n\n"
        '"We will not retreat," the union leader Maria Costa told the BBC on Sunday.\n\n'
        "In an interview with CNN, Senator Mark Jones said the talks had failed.\n\n"
        "The harbour master, quoted by Reuters, said the ships would wait.\n\n"
        "Reuters, citing three diplomats, reported that a deal was close.\n\n"
        '"We are ready," Mayor Tim Cole told reporters.\n\n'
        "Local businesses say the standstill is hurting them. "
        "The mayor promised to reopen the docks by Friday."
    )
    article = analyze(text, format="text")
    return article.text, article.quotes


@pytest.mark.slow
def test_attribution_english_channels_are_source_chains(english_channel_quotes):
    """ "told the BBC", "in an interview with CNN", "quoted by Reuters" and "Y,
    citing X" give the channel as ``via`` with its offsets; the channel is
    never the speaker; an audience ("told reporters") is no channel."""
    text, quotes = english_channel_quotes
    expected = {
        "We will not retreat": ("Maria Costa", "BBC"),
        "the talks had failed": ("Mark Jones", "CNN"),
        "the ships would wait": (None, "Reuters"),
        "a deal was close": (None, "Reuters"),
    }
    for fragment, (speaker, via) in expected.items():
        quote = _english(quotes, fragment)
        assert via in (quote.via or ""), (fragment, quote.via)
        assert quote.via_type == "media"
        assert via in text[quote.via_start : quote.via_end]
        assert via not in (quote.speaker or "")
        if speaker is not None:
            assert quote.speaker == speaker
    assert _english(quotes, "the ships would wait").speaker_mention == "The harbour master"
    assert _english(quotes, "a deal was close").speaker_mention == "three diplomats"
    assert _english(quotes, "We are ready").via is None


@pytest.mark.slow
def test_attribution_english_bare_complement_of_a_group(english_channel_quotes):
    """ "Local businesses say P": indirect speech without "that" by a group of
    people (a vague source), kept by the English statement filter."""
    _, quotes = english_channel_quotes
    group = _english(quotes, "the standstill is hurting them")
    assert (group.kind, group.speaker_type) == ("indirect", "vague")


@pytest.mark.slow
def test_attribution_english_to_infinitive(english_channel_quotes):
    """ "promised to V": the English infinitive marker is a particle, not a preposition."""
    _, quotes = english_channel_quotes
    promise = _english(quotes, "reopen the docks by Friday")
    assert (promise.kind, promise.cue, promise.speaker_mention) == (
        "indirect",
        "promised",
        "The mayor",
    )


def test_attribution_models_are_per_language():
    """French models in model/, English in model/en/ (trained on English
    gold), and none for a language without its own: the rules decide there."""
    from presswatch.stages.attribution.model import model_directory, shipped_model

    assert model_directory("en") == model_directory("fr") / "en"
    for name in ("speakers", "statements"):
        english = shipped_model(name, "en")
        french = shipped_model(name, "fr")
        assert english is not None and french is not None
        assert english.meta is not None and english.meta["language"] == "en"
        assert english.meta["split"] == "dev"
        assert english.weights != french.weights
        assert shipped_model(name, "de") is None
        assert shipped_model(name, "../en") is None


@given(
    st.lists(
        st.sampled_from(["don't", "it's", "the Smiths' house", "the '90s", "O'Neil", "dogs’ food"]),
        max_size=6,
    )
)
def test_attribution_single_quotes_ignore_apostrophes(words):
    """Apostrophes inside and at the end of words never open a quotation; a
    quotation in ‘…’ around them is found whole."""
    from presswatch.stages.attribution.quotes import find_quotations

    inner = " ".join(["We", *words, "will", "win"])
    text = f"He said ‘{inner}’ today."
    spans = find_quotations(text, [(0, len(text))], single=True)
    assert [text[s.start : s.end] for s in spans] == [inner]
    plain = " ".join(["They", *words, "left"])
    assert find_quotations(plain, [(0, len(plain))], single=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We stay here,” the mayor said. “We will rebuild it.”\n'
            '“We were shocked," the firm said. "Nobody was hurt.”',
            ["We stay here,", "We will rebuild it.", "We were shocked,", "Nobody was hurt."],
        ),
        ('“He called it "fake news" again,” she said.', ['He called it "fake news" again,']),
        ('"She called it “a farce” twice," he said.', ["She called it “a farce” twice,"]),
        ("”Reversed quotes,“ he said.", ["Reversed quotes,"]),
    ],
)
def test_attribution_mixed_double_marks_pair(text: str, expected: list[str]) -> None:
    """Where the language allows it (English), a quotation opened with a
    straight mark may close with a curly one and the reverse; a pair nested
    inside stays inside. Without it, a straight mark pairs with the next
    straight mark (the French behaviour, unchanged)."""
    from presswatch.stages.attribution.quotes import find_quotations

    lines = [(0, text.index("\n")), (text.index("\n") + 1, len(text))] if "\n" in text else []
    paragraphs = lines or [(0, len(text))]
    spans = find_quotations(text, paragraphs, mixed=True)
    assert [text[s.start : s.end] for s in spans] == expected
    if "\n" in text:
        unmixed = find_quotations(text, paragraphs)
        assert [text[s.start : s.end] for s in unmixed] != expected


@pytest.mark.slow
def test_attribution_english_parenthetical_cue() -> None:
    """A cue set off by commas inside the clause it reports ("P1, the minister
    said, P2"): one indirect statement in two parts around the cue, its
    speaker the cue's subject; a quoted clause stays a direct quotation."""
    from presswatch.api import analyze

    text = (
        "Farm reform\n\n"
        "The new rules, Minister Anna Berg said on Monday, will cut costs for farmers.\n\n"
        "The best answer, she argued, is a new tax on the largest banks.\n\n"
        'The plan, he said, "is a disaster for the valley."'
    )
    article = analyze(text, format="text")
    rules = _english(article.quotes, "will cut costs for farmers")
    assert (rules.kind, rules.speaker, rules.cue) == ("indirect", "Anna Berg", "said")
    assert len(rules.parts) == 2
    assert article.text[rules.parts[0][0] : rules.parts[0][1]] == "The new rules"
    tax = _english(article.quotes, "is a new tax on the largest banks")
    assert (tax.kind, tax.speaker_mention, tax.cue) == ("indirect", "she", "argued")
    assert tax.text.startswith("The best answer")
    quoted = _english(article.quotes, "is a disaster for the valley")
    assert quoted.kind == "direct"


@pytest.mark.slow
def test_attribution_english_gerund_complements_and_citing_chain() -> None:
    """ "denied having met…", "admitted never taking…": a gerund right after a
    verb whose entry takes one is what it reports; "According to X, citing Y,
    P" reports P (not the chain), from Y through X."""
    from presswatch.api import analyze

    text = (
        "Lobby inquiry\n\n"
        "The minister denied having met the lobbyists before the vote.\n\n"
        "Deputy minister Tom Hale admitted never reading the final report on the port.\n\n"
        "According to Reuters, citing two officials, the talks collapsed overnight."
    )
    quotes = analyze(text, format="text").quotes
    denied = _english(quotes, "met the lobbyists")
    assert (denied.kind, denied.cue, denied.text) == (
        "indirect",
        "denied",
        "having met the lobbyists before the vote",
    )
    admitted = _english(quotes, "reading the final report")
    assert admitted.text.startswith("never reading") and admitted.speaker == "Tom Hale"
    chain = _english(quotes, "the talks collapsed overnight")
    assert (chain.kind, chain.text, chain.via) == (
        "according_to",
        "the talks collapsed overnight",
        "Reuters",
    )


@pytest.mark.slow
def test_attribution_english_quoted_titles_are_not_statements() -> None:
    """A quoted Title Case name with no cue of its own, inside a sentence in
    lower case, is a title (a programme, a book), not speech; a quotation
    with its cue after it is speech whatever its case."""
    from presswatch.api import analyze

    text = (
        "Sunday shows\n\n"
        "Senator Mark Hill appeared on CBS News’ “Face the Nation” on Sunday morning.\n\n"
        "His book “The Long Road Home,” sold well in the spring of that year.\n\n"
        "“We Will Fight On,” Hill said to his supporters after the vote."
    )
    quotes = analyze(text, format="text").quotes
    texts = [q.text for q in quotes]
    assert not any("Face the Nation" in t or "Long Road Home" in t for t in texts), texts
    assert _english(quotes, "We Will Fight On").speaker == "Mark Hill"


@pytest.mark.slow
def test_attribution_english_second_cue_ends_the_first_clause() -> None:
    """ "P, but critics said Q" / "P, however, others have warned Q": a second
    speaker's cue clause ends the first speaker's clause; a parenthetical cue
    ("P1, officials noted, P2") does not."""
    from presswatch.api import analyze

    text = (
        "Budget row\n\n"
        "The minister said the plan would work, but critics said it would fail.\n\n"
        "Doctors have warned that the clinic is unsafe, however, the mayor insisted it "
        "would stay open.\n\n"
        "The report said that prices, officials noted, rose sharply in May."
    )
    quotes = analyze(text, format="text").quotes
    assert _english(quotes, "the plan would work").text == "the plan would work"
    assert _english(quotes, "it would fail").speaker_mention == "critics"
    assert _english(quotes, "the clinic is unsafe").text == "the clinic is unsafe"
    assert _english(quotes, "would stay open").cue == "insisted"
    report = _english(quotes, "rose sharply")
    assert "prices" in report.text and "rose sharply in May" in report.text


@pytest.mark.slow
def test_attribution_english_as_subject_said() -> None:
    """ "As X (has so often) said, P" and "P, as X said": according-to with the
    speaker before the verb; "As the river rose", "As expected" and "As one
    would expect" (a modal) are no cues."""
    from presswatch.api import analyze

    text = (
        "River town\n\n"
        "As Mayor Anna Holt has repeatedly warned, the dam cannot hold another flood.\n\n"
        "The repairs will take a year, as the engineer said on Monday.\n\n"
        "As the river rose, the town was evacuated. As expected, the vote passed. "
        "As one would expect, the bishop stayed silent."
    )
    quotes = analyze(text, format="text").quotes
    holt = _english(quotes, "the dam cannot hold another flood")
    assert (holt.kind, holt.speaker, holt.text) == (
        "according_to",
        "Anna Holt",
        "the dam cannot hold another flood",
    )
    engineer = _english(quotes, "The repairs will take a year")
    assert engineer.kind == "according_to" and engineer.speaker_mention == "the engineer"
    unsaid = ("evacuated", "vote passed", "stayed silent")
    assert not any(word in q.text for q in quotes for word in unsaid)
