"""Properties of attribution over generated French passages (hypothesis, derandomised):
the structural guarantees of attribution_structure.py hold, a pronoun after a
quotation never resolves to a name inside it, and a postposed speaker keeps no
day or audience glued to it — whatever the names, titles, days and verbs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution_structure import structure_errors

pytestmark = pytest.mark.slow

WOMEN = ["Claire Vignaud", "Sophie Laurent", "Amélie Durand", "Nadia Benali"]
MEN = ["Jean Dupont", "Karel Novak", "Paul Nadal", "Marc Girard"]
OTHERS = ["Pierre Martin", "Alexandre Loukachenko", "Élisabeth Borne", "Olaf Scholz"]
TITLES_F = ["La ministre de la Santé", "La maire de Lyon", "La sénatrice", "La porte-parole"]
TITLES_M = ["Le ministre de l'Intérieur", "Le maire de Nantes", "Le sénateur", "Le député"]
VERBS = ["déclaré", "affirmé", "ajouté", "estimé", "assuré", "regretté"]
DAYS = ["lundi", "mardi soir", "vendredi", "dimanche", ""]
AUDIENCES = ["à la presse", "devant les députés", "aux journalistes", ""]
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@st.composite
def introduced_speaker(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(title, name, pronoun, another name quoted inside the statement)."""
    feminine = draw(st.booleans())
    name = draw(st.sampled_from(WOMEN if feminine else MEN))
    title = draw(st.sampled_from(TITLES_F if feminine else TITLES_M))
    other = draw(st.sampled_from([o for o in OTHERS if o != name]))
    return title, name, "elle" if feminine else "il", other


@SETTINGS
@given(
    speaker=introduced_speaker(),
    verb=st.sampled_from(VERBS),
    day=st.sampled_from(DAYS),
)
def test_attribution_properties_pronoun_after_a_quote_resolves_outside_it(
    analyze_text, speaker, verb, day
):
    title, name, pronoun, other = speaker
    text = (
        f"{title}, {name}, s'est exprimé{'e' if pronoun == 'elle' else ''} {day} à Paris. "
        f"« Le vrai problème, c'est {other} et ses soutiens », a-t-{pronoun} {verb}."
    )
    article = analyze_text(text)
    assert not structure_errors(article)
    quotes = [q for q in article.quotes if other in q.text]
    assert quotes, text
    assert all(q.speaker == name for q in quotes), [(q.speaker, text) for q in quotes]


@SETTINGS
@given(
    speaker=introduced_speaker(),
    verb=st.sampled_from(VERBS),
    day=st.sampled_from(DAYS),
    audience=st.sampled_from(AUDIENCES),
)
def test_attribution_properties_postposed_speaker_is_trimmed(
    analyze_text, speaker, verb, day, audience
):
    title, name, _, other = speaker
    glue = " ".join(part for part in (day, audience) if part)
    text = (
        f"« Nous ne laisserons pas {other} décider à notre place », a {verb} {glue} "
        f"{title[0].lower()}{title[1:]} {name}."
    )
    article = analyze_text(text)
    assert not structure_errors(article)
    quote = next(q for q in article.quotes if other in q.text)
    assert quote.speaker == name, text
    assert quote.speaker_mention is not None and quote.speaker_mention.endswith(name)
    for word in (day.split() + audience.split())[:1]:
        assert not quote.speaker_mention.startswith(word), (quote.speaker_mention, text)
