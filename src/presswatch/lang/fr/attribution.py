"""French words of the attribution rules: who says what, according to whom."""

from __future__ import annotations

from presswatch.lang.parts import AttributionWords

#: Words allowed between the start of an inverted cue and its verb ("nous avait-on assuré").
CUE_FILLERS = frozenset(
    {
        "-t",
        "en",
        "l'",
        "leur",
        "lui",
        "m'",
        "me",
        "n'",
        "ne",
        "nous",
        "pas",
        "s'",
        "se",
        "t",
        "vous",
        "y",
    }
)

#: Nouns of something said that a verb can "launch" before a colon and a quotation.
SAID_NOUNS = frozenset(
    {
        "affirmation",
        "appel",
        "avertissement",
        "aveu",
        "commentaire",
        "conseil",
        "cri",
        "critique",
        "declaration",
        "discours",
        "explication",
        "formule",
        "menace",
        "message",
        "mise",
        "mot",
        "mots",
        "plaidoyer",
        "promesse",
        "propos",
        "question",
        "reponse",
        "reproche",
        "slogan",
        "tweet",
        "ultimatum",
        "verdict",
    }
)

#: "Il convient de rappeler que…": verbs whose subject is no one.
IMPERSONAL_VERBS = frozenset(
    {
        "agir",
        "convenir",
        "falloir",
        "importer",
        "paraitre",
        "rester",
        "sembler",
        "suffire",
        "valoir",
    }
)

#: Relative pronouns that start a clause.
RELATIVE_STARTS = frozenset({"dont", "laquelle", "lequel", "lesquelles", "lesquels", "ou", "qui"})

#: "selon les cas": first words of a phrase after an according-to cue that is no source.
NOT_SOURCES = frozenset(
    {
        "age",
        "besoin",
        "besoins",
        "cas",
        "circonstance",
        "circonstances",
        "critere",
        "criteres",
        "degre",
        "forme",
        "formes",
        "formule",
        "hypothese",
        "hypotheses",
        "laquelle",
        "lequel",
        "lesquelles",
        "lesquels",
        "methode",
        "modalite",
        "modalites",
        "mode",
        "modes",
        "moi",
        "nature",
        "niveau",
        "niveaux",
        "nous",
        "periode",
        "periodes",
        "plan",
        "principe",
        "principes",
        "qu'",
        "que",
        "regle",
        "regles",
        "saison",
        "saisons",
        "scenario",
        "scenarios",
        "taille",
        "toi",
        "type",
        "types",
        "vous",
    }
)

#: Words that make "que" part of a conjunction ("pour que", "alors que").
QUE_LOCUTIONS = frozenset(
    {
        "afin",
        "ainsi",
        "alors",
        "apres",
        "autant",
        "avant",
        "bien",
        "condition",
        "depuis",
        "des",
        "encore",
        "lors",
        "malgre",
        "meme",
        "moins",
        "parce",
        "pendant",
        "plus",
        "pour",
        "pourvu",
        "sans",
        "sauf",
        "si",
        "sorte",
        "tandis",
        "tant",
        "tel",
        "telle",
    }
)

#: Verbs whose subject an infinitive speech verb keeps ("veut rappeler"); causatives do not,
#: nor "pouvoir": "on peut en conclure que", "nul ne peut affirmer que" say what one could say.
CONTROL_VERBS = frozenset(
    {
        "aller",
        "chercher",
        "commencer",
        "craindre",
        "essayer",
        "hesiter",
        "tenter",
        "choisir",
        "continuer",
        "decider",
        "devoir",
        "entendre",
        "oser",
        "preferer",
        "refuser",
        "savoir",
        "souhaiter",
        "tenir",
        "venir",
        "vouloir",
    }
)

#: Pronouns for one person.
SINGULAR_PRONOUNS = frozenset(
    {
        "-elle",
        "-il",
        "celle",
        "celle-ci",
        "celle-la",
        "celui",
        "celui-ci",
        "celui-la",
        "elle",
        "il",
        "lui",
    }
)

#: Pronouns for a group.
PLURAL_PRONOUNS = frozenset(
    {
        "-elles",
        "-ils",
        "celles",
        "celles-ci",
        "celles-la",
        "ceux",
        "ceux-ci",
        "ceux-la",
        "elles",
        "eux",
        "ils",
    }
)

#: Pronouns for no one in particular.
VAGUE_PRONOUNS = frozenset(
    {"-on", "beaucoup", "certaines", "certains", "d'aucuns", "on", "plusieurs"}
)

#: The author's or the reader's pronouns: no quoted voice.
AUTHOR_PRONOUNS = frozenset(
    {"-je", "-nous", "-tu", "-vous", "j'", "je", "moi", "nous", "tu", "vous"}
)

#: Pronouns that never designate a speaker ("cela montre que…").
NON_SPEAKERS = frozenset(
    {"c'", "ca", "ce", "ceci", "cela", "qu'", "que", "qui", "quoi", "rien", "tout"}
)

#: Determiners of an unidentified source ("des sources").
INDEFINITE_DETERMINERS = frozenset(
    {
        "aucun",
        "aucune",
        "autres",
        "certaines",
        "certains",
        "d'",
        "d'autres",
        "de",
        "des",
        "divers",
        "diverses",
        "nombreuses",
        "nombreux",
        "plusieurs",
        "quelques",
        "un",
        "une",
    }
)

#: Adverbial locutions that stand between a subject and its verb or before a
#: postposed subject, never part of a speaker mention ("de son côté", "en effet").
ADVERBIAL_LOCUTIONS = tuple(
    tuple(locution.split())
    for locution in (
        "de son cote", "de leur cote", "de mon cote", "de notre cote", "de votre cote",
        "pour sa part", "pour leur part", "pour son compte", "en effet", "en revanche",
        "quant a lui", "quant a elle", "quant a eux", "quant a elles", "a son tour",
        "a leur tour", "a l' epoque", "a cette epoque", "a l' epoque des faits", "de nouveau",
        "une fois de plus", "une nouvelle fois", "lui aussi", "elle aussi", "eux aussi",
        "elles aussi", "lui -meme", "elle -meme", "au passage", "par ailleurs",
        "dans la foulee", "des lors", "pour autant", "a nouveau", "a l' epoque",
        "a ce propos", "a ce sujet", "a cet egard", "en outre", "de meme", "d' ailleurs",
        "en substance", "sans detour", "sans ambages", "a plusieurs reprises",
    )
)  # fmt: skip

#: Time words that are never part of a speaker mention ("vendredi le ministre").
TEMPORAL_WORDS = frozenset(
    {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
        "octobre", "novembre", "decembre", "hier", "aujourd'hui", "demain", "soir", "matin",
        "midi", "apres-midi", "soiree", "matinee", "nuit", "veille", "lendemain", "recemment",
        "dernier", "derniere", "prochain", "prochaine", "epoque",
    }
)  # fmt: skip

#: Nouns that never designate a speaker, though their ending is a speaker's.
NOT_SPEAKER_NOUNS = frozenset(
    {
        "cote", "effet", "fortune", "part", "tour", "compte", "moment", "reste", "fait",
        "instant", "argent", "montant", "accident", "incident", "element", "evenement",
        "batiment", "aliment", "talent", "continent", "ciment", "tournant", "volant",
        "carburant", "croissant", "restaurant", "diamant", "calmant", "ingredient",
        "contingent", "vent", "dent", "pont", "front", "sentiment", "mouvement",
        "comportement", "argument", "papier",
    }
)  # fmt: skip

#: Phrases that introduce the channel of someone's words ("au micro de Y").
CHANNEL_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in (
        "au micro de", "au micro du", "a l' antenne de", "a l' antenne du", "sur l' antenne de",
        "sur l' antenne du", "dans les colonnes de", "dans les colonnes du", "entretien accorde a",
        "entretien accorde au", "entretien donne a", "entretien donne au", "interview accordee a",
        "interview accordee au", "interview donnee a", "interview donnee au", "entretien au",
        "entretien a", "interview au", "interview a", "invite de", "invitee de", "invite du",
        "invitee du", "invite sur", "invitee sur", "invites sur", "invitees sur", "sur le plateau de", "sur le plateau du", "interroge sur", "interrogee sur",
    )
)  # fmt: skip

#: Words a noun phrase continues over ("le ministre des Affaires étrangères").
NP_LINKS = frozenset({"d'", "de", "de la", "des", "du", "et"})

#: Words that end a noun phrase ("où" is never matched: words are folded).
NP_STOP_WORDS = frozenset(
    {
        "car",
        "dont",
        "laquelle",
        "lequel",
        "lesquelles",
        "lesquels",
        "mais",
        "où",
        "qu'",
        "que",
        "qui",
        "selon",
        "si",
    }
)

#: Clitics between a subject and its verb ("Il l'a dit").
OBJECT_CLITICS = frozenset(
    {
        "en",
        "l'",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "m'",
        "me",
        "n'",
        "ne",
        "nous",
        "s'",
        "se",
        "t'",
        "te",
        "vous",
        "y",
    }
)

#: Vague subjects that name no source at all ("on dit que…").
IMPERSONAL_SUBJECTS = frozenset({"-on", "l'on", "on"})

COMPLEMENTIZERS = frozenset({"que", "qu'"})
DEFINITE_ARTICLES = frozenset({"le", "la", "l'", "les"})
OF_WORDS = frozenset({"de", "d'", "du", "des"})

ATTRIBUTION = AttributionWords(
    complementizers=COMPLEMENTIZERS,
    complementizer_locutions=QUE_LOCUTIONS,
    infinitive_markers=frozenset({"de", "d'"}),
    infinitive_prefixes=frozenset(
        {"ne", "n'", "pas", "jamais", "plus", "se", "s'", "y", "en", "le", "la", "les", "l'",
         "lui", "leur"}
    ),
    relative_starts=RELATIVE_STARTS,
    subject_relatives=frozenset({"qui", "lequel", "laquelle", "lesquels", "lesquelles"}),
    clause_openers=frozenset({"qui", "que", "qu'", "dont"}),
    impersonal_verbs=IMPERSONAL_VERBS,
    expletive_subjects=frozenset({"il", "-il"}),
    control_verbs=CONTROL_VERBS,
    reflexive_pronouns=frozenset({"se", "s'"}),
    reflexive_gap=frozenset({"ne", "n'", "en", "y", "lui", "leur"}),
    according_cues=(
        ("selon",),
        ("d'", "apres"),
        ("d'apres",),
        ("a", "en", "croire"),
        ("aux", "dires", "de"),
        ("de", "l'", "avis", "de"),
        ("de", "source"),
        ("du", "point", "de", "vue", "de"),
        ("aux", "yeux", "de"),
        ("au", "dire", "de"),
        ("dans", "la", "vision", "de"),
    ),
    possessive_according_cues=(
        ("a", "*", "avis"),
        ("de", "*", "point", "de", "vue"),
        ("selon", "*", "termes"),
        ("selon", "*", "propres", "termes"),
        ("a", "*", "yeux"),
        ("selon", "*", "dires"),
    ),
    passive_auxiliaries=frozenset({"etre"}),
    auxiliary_lemmas=frozenset({"etre", "avoir"}),
    channel_participles=frozenset({"cite", "citee", "cites", "citees", "interroge", "interrogee",
                                   "interroges", "interrogees", "interviewe", "interviewee"}),
    agent_prepositions=frozenset({"par"}),
    channel_phrases=CHANNEL_PHRASES,
    channel_prepositions=frozenset({"a", "au", "aux", "sur"}),
    citing_words=frozenset({"citant"}),
    plural_possessives=frozenset({"leur", "leurs"}),
    relative_according_words=frozenset({"pour", "selon"}),
    according_after_quote=(("selon",), ("d'apres",), ("d'", "apres")),
    according_before_quote=(("selon",), ("d'", "apres")),
    not_sources=NOT_SOURCES,
    cue_fillers=CUE_FILLERS,
    not_clitic_subjects=frozenset({"-t", "-"}),
    present_participle_ending="ant",
    said_nouns=SAID_NOUNS,
    as_word="comme",
    as_fillers=frozenset({"le", "l'", "ne", "n'"}),
    opinion_word="pour",
    stressed_pronouns=frozenset({"lui", "elle", "eux", "elles"}),
    cleft_subjects=frozenset({"c'", "c’"}),
    cleft_verb="est",
    cleft_pronoun="ce",
    singular_pronouns=SINGULAR_PRONOUNS,
    plural_pronouns=PLURAL_PRONOUNS,
    vague_pronouns=VAGUE_PRONOUNS,
    author_pronouns=AUTHOR_PRONOUNS,
    non_speakers=NON_SPEAKERS,
    impersonal_subjects=IMPERSONAL_SUBJECTS,
    indefinite_determiners=INDEFINITE_DETERMINERS,
    definite_articles=DEFINITE_ARTICLES,
    definite_singular=frozenset({"le", "la", "l'"}),
    demonstratives=frozenset({"ce", "cet", "cette", "ces"}),
    description_determiners=frozenset({"le", "la", "l'", "ce", "cette", "cet"}),
    possessives=frozenset({"son", "sa", "ses", "leur", "leurs"}),
    latter_determiners=frozenset({"ce", "cette", "ces"}),
    latter_prefix="dernie",
    demonstrative_suffixes=frozenset({"-", "-ci", "-là", "ci", "là"}),
    of_words=OF_WORDS,
    np_links=NP_LINKS,
    np_conjunctions=frozenset({"et"}),
    np_stop_words=NP_STOP_WORDS,
    object_clitics=OBJECT_CLITICS,
    a_infinitive_markers=frozenset({"a"}),
    adverb_locutions=frozenset({"ainsi", "aussi", "bien", "encore", "meme"}),
    contrast_words=frozenset({"mais", "or", "pourtant", "cependant", "toutefois", "neanmoins"}),
    contrast_locutions=(("alors", "que"), ("alors", "qu'"), ("tandis", "que"), ("tandis", "qu'"),
                        ("meme", "si"), ("bien", "que"), ("bien", "qu'")),
    attribute_links=frozenset({"de", "d'", "comme"}),
    hypothetical=frozenset({"si", "s'"}),
    concessive_before_if=frozenset({"meme"}),
    hypothetical_elided_subjects=frozenset({"il", "ils"}),
    purpose_markers=frozenset({"pour", "afin"}),
    adverbial_locutions=ADVERBIAL_LOCUTIONS,
    temporal_words=TEMPORAL_WORDS,
    temporal_prefixes=("mi-",),
    temporal_links=frozenset({"courant", "debut", "fin", "mi", "cette", "semaine", "annee", "mois"}),
    not_speaker_nouns=NOT_SPEAKER_NOUNS,
    negation_particles=frozenset({"ne", "n'"}),
    negation_words=frozenset({"pas", "jamais", "plus", "guere", "nullement", "point", "aucunement",
                              "rien", "personne"}),
    feminine_titles=frozenset({"mme", "madame", "mlle", "mademoiselle"}),
    masculine_titles=frozenset({"m.", "monsieur", "mr"}),
    feminine_pronouns=frozenset({"elle", "-elle", "elles", "-elles", "celle", "celle-ci",
                                 "celle-la", "celles", "celles-ci", "celles-la"}),
    min_fragment_words=3,
    sentence_connectives=frozenset({"mais", "car", "et", "or", "donc", "enfin", "pourtant"}),
    future_endings=frozenset({"ai", "as", "a", "ons", "ez", "ont"}),
    person_suffixes=(
        "logue", "iste", "eur", "euse", "ien", "ienne", "aire", "ant", "ante", "ier", "iere",
        "ent", "ente", "ste", "crate", "naute", "trice", "phe",
    ),
)  # fmt: skip
