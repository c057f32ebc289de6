"""English words of the attribution rules: who says what, according to whom.

The rules themselves are the stage's (:mod:`presswatch.stages.attribution`);
they read Universal Dependencies trees, which the English pack's
``tree_converter`` makes from spaCy's English parses. Words are folded
(lower case, no accents)."""

from __future__ import annotations

from presswatch.lang.parts import AttributionWords

#: Nouns of something said that a verb can "issue" before a colon and a quotation.
SAID_NOUNS = frozenset(
    {
        "answer", "appeal", "call", "claim", "comment", "comments", "criticism", "declaration",
        "demand", "message", "plea", "pledge", "promise", "question", "remark", "remarks",
        "reply", "response", "slogan", "speech", "statement", "tweet", "ultimatum", "verdict",
        "warning", "words",
    }
)  # fmt: skip

#: "It seems that…": verbs whose subject is no one.
IMPERSONAL_VERBS = frozenset({"appear", "happen", "matter", "seem", "remain"})

#: "according to the plan": first words after an according-to cue that name no source.
NOT_SOURCES = frozenset(
    {
        "agreement", "agreements", "age", "custom", "contract", "law", "laws", "me", "plan",
        "plans", "principle", "principles", "rule", "rules", "schedule", "scripture", "terms",
        "tradition", "type", "us", "which", "whom", "you",
    }
)  # fmt: skip

#: Words before "that" that make it part of a conjunction ("so that", "now that").
THAT_LOCUTIONS = frozenset(
    {"except", "given", "now", "order", "provided", "providing", "so", "such", "save"}
)

#: Verbs whose subject an infinitive speech verb keeps ("wants to stress").
CONTROL_VERBS = frozenset(
    {
        "attempt", "choose", "continue", "dare", "decide", "go", "hope", "intend", "need",
        "plan", "prefer", "refuse", "seek", "try", "want", "wish",
    }
)  # fmt: skip

SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
VAGUE_PRONOUNS = frozenset({"many", "some", "others", "several", "someone", "somebody", "one"})
#: The author's or the reader's pronouns: no quoted voice.
AUTHOR_PRONOUNS = frozenset({"i", "me", "we", "us", "you"})
#: Pronouns that never designate a speaker ("this shows that…").
NON_SPEAKERS = frozenset(
    {"it", "that", "this", "these", "those", "what", "which", "who", "nothing", "everything"}
)

INDEFINITE_DETERMINERS = frozenset(
    {"a", "an", "any", "certain", "few", "many", "no", "numerous", "other", "several", "some",
     "various"}
)  # fmt: skip

#: Words that end a noun phrase.
NP_STOP_WORDS = frozenset(
    {"according", "as", "because", "but", "if", "that", "when", "where", "which", "while", "who"}
)

#: Phrases before the channel of someone's words ("in an interview with CNN").
CHANNEL_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in (
        "interview with", "interview to", "interview on", "interview for", "interviews with",
        "speaking to", "speaking on", "speaking with", "comments to", "remarks to",
        "statement to", "op-ed for", "op-ed in", "essay for", "essay in", "article for",
        "column for", "writing in", "writing for", "interviewed on", "appearing on",
    )
)  # fmt: skip

#: Vague subjects that name no source at all ("one says that…").
IMPERSONAL_SUBJECTS = frozenset({"one"})

ATTRIBUTION = AttributionWords(
    complementizers=frozenset({"that"}),
    complementizer_locutions=THAT_LOCUTIONS,
    infinitive_markers=frozenset({"to"}),
    infinitive_prefixes=frozenset({"not", "never"}),
    relative_starts=frozenset({"who", "whom", "whose", "which", "where"}),
    subject_relatives=frozenset({"who", "which", "that"}),
    clause_openers=frozenset({"who", "whom", "which", "whose"}),
    impersonal_verbs=IMPERSONAL_VERBS,
    expletive_subjects=frozenset({"it", "there"}),
    control_verbs=CONTROL_VERBS,
    reflexive_pronouns=frozenset(),
    reflexive_gap=frozenset(),
    according_cues=(
        ("according", "to"),
        ("in", "the", "words", "of"),
        ("as", "reported", "by"),
    ),
    according_after_quote=(("according", "to"),),
    according_before_quote=(("according", "to"),),
    not_sources=NOT_SOURCES,
    attribute_links=frozenset({"as"}),
    channel_participles=frozenset({"quoted", "cited", "interviewed"}),
    agent_prepositions=frozenset({"by"}),
    channel_phrases=CHANNEL_PHRASES,
    channel_prepositions=frozenset({"to", "on"}),
    channel_object_verbs=frozenset({"tell"}),
    citing_words=frozenset({"citing", "quoting"}),
    cue_fillers=frozenset({"also", "later", "then", "further", "previously", "earlier"}),
    not_clitic_subjects=frozenset(),
    present_participle_ending="ing",
    said_nouns=SAID_NOUNS,
    as_word="as",
    as_fillers=frozenset({"the", "it", "has", "had", "have", "was"}),
    opinion_word="for",
    stressed_pronouns=frozenset({"him", "her", "them"}),
    cleft_subjects=frozenset({"that"}),
    cleft_verb="is",
    cleft_pronoun="what",
    singular_pronouns=SINGULAR_PRONOUNS,
    plural_pronouns=PLURAL_PRONOUNS,
    vague_pronouns=VAGUE_PRONOUNS,
    author_pronouns=AUTHOR_PRONOUNS,
    non_speakers=NON_SPEAKERS,
    impersonal_subjects=IMPERSONAL_SUBJECTS,
    indefinite_determiners=INDEFINITE_DETERMINERS,
    definite_articles=frozenset({"the"}),
    definite_singular=frozenset({"the"}),
    demonstratives=frozenset({"this", "that", "these", "those"}),
    description_determiners=frozenset({"the", "this", "that"}),
    possessives=frozenset({"his", "her", "its", "their"}),
    latter_determiners=frozenset({"the"}),
    latter_prefix="latter",
    demonstrative_suffixes=frozenset(),
    of_words=frozenset({"of"}),
    np_links=frozenset({"of", "and", "for"}),
    np_conjunctions=frozenset({"and"}),
    np_stop_words=NP_STOP_WORDS,
    object_clitics=frozenset({"not", "also", "never", "n't"}),
    person_suffixes=(
        "ist", "er", "or", "ian", "ant", "ent", "man", "woman", "person", "ee",
    ),
    bare_complements=True,
    gerund_complements=True,
    head_final=True,
    subject_first_cues=True,
    surname_mentions=True,
)  # fmt: skip
