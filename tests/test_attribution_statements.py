"""Finding statements (issue 10): which words count as someone's reported
speech, each mechanism with invented variants (wording, tense, number, word
order) — what is said, not who says it (speakers: test_attribution_failures)."""

from __future__ import annotations

import pytest

from presswatch.core.article import Article, Quote


def found(article: Article, fragment: str) -> list[Quote]:
    return [q for q in article.quotes if fragment in q.text]


def one(article: Article, fragment: str, kind: str | None = None) -> Quote:
    quotes = [q for q in found(article, fragment) if kind is None or q.kind == kind]
    assert quotes, f"no statement with {fragment!r}: {[(q.kind, q.text) for q in article.quotes]}"
    return quotes[0]


# -- speech in the future tense is imagined, not reported ---------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Certains diront que la réforme arrive trop tard.", "la réforme arrive trop tard"),
        ("Les économistes affirmeront que la Fed capitulera bientôt.", "la Fed capitulera"),
        ("On objectera que le budget ne suffit pas.", "le budget ne suffit pas"),
        ("Le lecteur notera que le discours ne change pas.", "le discours ne change pas"),
    ],
)
def test_attribution_statements_a_future_speech_verb_reports_nothing(analyze_text, text, fragment):
    assert not found(analyze_text(text), fragment)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Les économistes ont affirmé que la Fed capitulera bientôt.", "la Fed capitulera"),
        ("Le ministre affirme que la réforme arrivera à temps.", "la réforme arrivera"),
        ("La porte-parole avait dit que le budget suffirait.", "le budget suffirait"),
    ],
)
def test_attribution_statements_a_future_in_the_claim_is_still_reported(
    analyze_text, text, fragment
):
    assert one(analyze_text(text), fragment, "indirect")


# -- the last sentence of a quotation is not a postposed statement of its own --------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        (
            "« Le problème, c'est que les vaccins sont moins efficaces. Ils n'offrent donc pas "
            "la protection voulue », a déclaré le conseiller.",
            "Le problème",
            "Ils n'offrent donc pas",
        ),
        (
            "« Ce n'est pas la première. Nous en avons connu beaucoup d'autres », a commenté "
            "la ministre.",
            "Ce n'est pas la première",
            "Nous en avons connu",
        ),
        (
            '"Pour gagner, ne changez jamais. Ne cédez pas", lui a lancé le candidat.',
            "Pour gagner",
            "Ne cédez pas",
        ),
    ],
)
def test_attribution_statements_a_quotation_tail_is_not_postposed_speech(
    analyze_text, text, first, last
):
    article = analyze_text(text)
    quote = one(article, first, "direct")
    assert last in quote.text
    assert not [q for q in found(article, last) if q.kind == "indirect"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "La situation est grave mais sous contrôle, a estimé le ministre de l'Intérieur.",
            "La situation est grave",
        ),
        (
            "« Le Bureau des légendes » revient pour une saison 6, a annoncé la chaîne.",
            "revient pour une saison 6",
        ),
        ("Les prix baisseront dès l'été, assurent les distributeurs.", "Les prix baisseront"),
    ],
)
def test_attribution_statements_an_unquoted_clause_with_a_postposed_cue(
    analyze_text, text, fragment
):
    assert one(analyze_text(text), fragment, "indirect")


# -- scare quotes and quoted terms ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Le gouvernement finance des « projets verts » dans tout le pays.", "projets verts"),
        ("L'« unité occidentale » face à Moscou a vécu.", "unité occidentale"),
        (
            "Le président pratique le « en même temps » depuis cinq ans. Ce « en même temps » "
            "permanent lasse les électeurs.",
            "en même temps",
        ),
        (
            "Les maires se retrouvent à la « COP des villes ». La « COP des villes » s'ouvre "
            "lundi à Abidjan.",
            "COP des villes",
        ),
    ],
)
def test_attribution_statements_short_or_repeated_quoted_terms_are_not_statements(
    analyze_text, text, term
):
    assert not [q for q in found(analyze_text(text), term) if q.kind == "direct"]


def test_attribution_statements_a_long_quotation_repeated_still_counts(analyze_text):
    article = analyze_text(
        "Le tract affirmait : « Nous ne céderons jamais devant les menaces du pouvoir ». "
        "Plus loin, la même phrase revenait : « Nous ne céderons jamais devant les menaces "
        "du pouvoir »."
    )
    assert found(article, "Nous ne céderons jamais")


# -- a present tense the tagger reads as a participle --------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Amazon dit avoir créé 40.000 emplois au Royaume-Uni.", "avoir créé 40.000 emplois"),
        ("Le groupe dit vouloir investir dans la région.", "vouloir investir"),
        ("La société dit que ses comptes sont à l'équilibre.", "ses comptes sont"),
    ],
)
def test_attribution_statements_dit_before_its_complement_is_a_verb(analyze_text, text, fragment):
    assert one(analyze_text(text), fragment, "indirect")


@pytest.mark.parametrize(
    "text",
    [
        "Les chaînes dites d'information puisent dans le fond de cuve.",
        "Ce sommet dit « de la dernière chance » s'ouvre lundi.",
    ],
)
def test_attribution_statements_dit_as_an_adjective_reports_nothing(analyze_text, text):
    assert not [q for q in analyze_text(text).quotes if q.kind == "indirect"]


# -- a sentence quoted after a colon: the clause before it is the cue ------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Xi Jinping a lancé un avertissement explicite à Joe Biden : « ceux qui jouent avec "
            "le feu finissent par se brûler ».",
            "ceux qui jouent avec le feu",
            "Xi Jinping",
        ),
        (
            "Éric Dupond-Moretti tape fort : « Il y a des députés qui sont républicains et "
            "d'autres qui ne le sont pas. »",
            "Il y a des députés",
            "Éric Dupond-Moretti",
        ),
        (
            "Marine Tondelier a conclu son discours par ces mots : « Nous ne lâcherons rien "
            "tant que la loi ne sera pas retirée. »",
            "Nous ne lâcherons rien",
            "Marine Tondelier",
        ),
    ],
)
def test_attribution_statements_a_quoted_sentence_after_a_colon_has_its_clause_as_cue(
    analyze_text, text, fragment, speaker
):
    quote = one(analyze_text(text), fragment, "direct")
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Le club a publié la liste : « Martin, Durand, Petit et Roux ».",
        "Le restaurant a affiché le menu du jour : « Soupe, poisson et tarte ».",
    ],
)
def test_attribution_statements_a_quoted_list_after_a_colon_is_not_speech(analyze_text, text):
    assert not analyze_text(text).quotes


# -- an action is not speech ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Le préfet a refusé de commenter l'incident.", "commenter"),
        ("Les syndicats refusent de signer la charte.", "signer la charte"),
        ("L'Occident aurait refusé de se servir du gaz russe.", "se servir du gaz"),
    ],
)
def test_attribution_statements_refusing_to_act_is_not_a_statement(analyze_text, text, fragment):
    assert not found(analyze_text(text), fragment)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Le Premier ministre a écrit une tribune, alléguant que l'invasion était un crime.",
            "l'invasion était un crime",
        ),
        ("La France a insisté pour préserver l'accord de 1997.", "préserver l'accord"),
        ("Le député insinue que le ministre a menti.", "le ministre a menti"),
    ],
)
def test_attribution_statements_more_speech_verbs(analyze_text, text, fragment):
    assert one(analyze_text(text), fragment, "indirect")


# -- what one could say, would like to do, or leaves unsaid -----------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Seules 82 villes ont postulé : on peut en conclure que le label n'intéresse personne.",
         "le label n'intéresse personne"),
        ("Personne ne peut affirmer que la centrale ne produit aucun déchet.",
         "la centrale ne produit aucun"),
        ("Il va sans dire que le rapport ne traite pas de la question.", "le rapport ne traite"),
        ("Le président espérait faire du théâtre une priorité.", "faire du théâtre"),
        ("Les dirigeants souhaitent relancer les relations avec l'Afrique.", "relancer les relations"),
    ],
)  # fmt: skip
def test_attribution_statements_possible_wished_or_unsaid_speech_is_no_statement(
    analyze_text, text, fragment
):
    assert not found(analyze_text(text), fragment)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Le ministre veut rappeler que la loi s'applique à tous.", "la loi s'applique à tous"),
        ("Des militants ont manifesté pour dénoncer une « criminalisation » de leurs activités.",
         "criminalisation"),
        ("La présidente espère que les négociations aboutiront.", "les négociations aboutiront"),
    ],
)  # fmt: skip
def test_attribution_statements_controlled_speech_is_still_reported(analyze_text, text, fragment):
    assert one(analyze_text(text), fragment)


# -- according-to frames: "comme X l'a dit", "Mais, pour X, P" -------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "La Fed est politique ; comme Alan Greenspan l'a admis un jour, la Fed ne répond "
            "à personne.",
            "la Fed ne répond à personne",
            "Alan Greenspan",
        ),
        (
            "Comme Bloomberg l'a déjà noté, la Grande-Bretagne a commencé à fournir des armes.",
            "la Grande-Bretagne a commencé",
            "Bloomberg",
        ),
        (
            "Le budget sera voté en décembre, comme Élisabeth Borne l'a rappelé mardi.",
            "Le budget sera voté en décembre",
            "Élisabeth Borne",
        ),
    ],
)
def test_attribution_statements_comme_with_the_speaker_before_the_verb(
    analyze_text, text, fragment, speaker
):
    quote = one(analyze_text(text), fragment)
    assert quote.speaker == speaker
    assert not [q for q in analyze_text(text).quotes if q.text in ("un jour", "mardi")]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Le ministre a parlé longtemps. Mais pour Julien Bayou, une défaite serait plutôt "
            "une bonne nouvelle.",
            "une défaite serait plutôt",
            "Julien Bayou",
        ),
        (
            "Le texte divise la droite. Et, pour Marine Le Pen, tout est à jeter.",
            "tout est à jeter",
            "Marine Le Pen",
        ),
    ],
)
def test_attribution_statements_an_opinion_frame_after_a_connective(
    analyze_text, text, fragment, speaker
):
    assert one(analyze_text(text), fragment, "according_to").speaker == speaker


def test_attribution_statements_a_time_phrase_is_no_claim_object(analyze_text):
    article = analyze_text(
        "Le ministre a admis un jour son erreur. Il a reconnu une fois la défaite."
    )
    assert not [q for q in article.quotes if q.text in ("un jour", "une fois")]


# -- a statement stops where a clause of the author's starts ----------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "not_in"),
    [
        (
            "Alors que l'Ukraine pressait le Canada de ne pas livrer la turbine à la Russie, "
            "on apprenait le 8 juillet qu'Ottawa avait cédé.",
            "ne pas livrer la turbine",
            "on apprenait",
        ),
        (
            "Jean-Luc Mélenchon avait promis de revenir sur ce passe, Marine Le Pen l'a maintenu.",
            "revenir sur ce passe",
            "Marine Le Pen",
        ),
        (
            "Le ministre dénonce le « retrait désastreux » des troupes et accuse l'administration "
            "de laxisme.",
            "retrait désastreux",
            "accuse",
        ),
        (
            "Les analystes avaient prévu que l'emploi diminuerait de 5 000, mais il a bondi de "
            "133 000.",
            "l'emploi diminuerait",
            "bondi",
        ),
    ],
)
def test_attribution_statements_the_reported_words_stop_at_a_new_clause(
    analyze_text, text, fragment, not_in
):
    article = analyze_text(text)
    quote = one(article, fragment, "indirect")
    assert not_in not in quote.text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Le ministre a affirmé que si la Russie attaquait, la France riposterait.",
            "la France riposterait",
        ),
        (
            "Pour la ministre, outre les fondamentaux, il est impératif de restaurer la "
            "discipline.",
            "il est impératif",
        ),
        (
            "Selon la source, citée par Radio Free Europe, les prisonniers sont plus de 1 400.",
            "les prisonniers sont plus de 1 400",
        ),
    ],
)
def test_attribution_statements_a_fronted_clause_or_phrase_keeps_the_rest(
    analyze_text, text, fragment
):
    assert one(analyze_text(text), fragment)


def test_attribution_statements_no_new_clause_inside_a_quotation_the_words_opened(analyze_text):
    article = analyze_text(
        "Le président a déclaré qu'il fallait enquêter sur « les courriels effacés, les fuites, "
        "Comey ment et McCabe triche »."
    )
    assert "McCabe triche" in one(article, "il fallait enquêter", "indirect").text
