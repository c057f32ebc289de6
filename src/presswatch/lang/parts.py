"""The parts a language pack may provide, one per stage that reads language
knowledge. A pack fills the parts it has; a stage that needs a part runs
only on the languages whose pack has it (:func:`presswatch.lang.packs_with`).

Parts are data: word sets (folded with :func:`presswatch.core.text.fold`
unless said otherwise), tables, regular-expression sources and small pure
functions of strings. The algorithms that use them are in the stages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from presswatch.core.article import Token
from presswatch.core.text import fold
from presswatch.lang.calendar import DateRule


def read_lines(package: str, name: str) -> list[str]:
    """The non-blank, non-comment lines of a data file of ``package``."""
    data = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [line for line in data.split("\n") if line.strip() and not line.startswith("#")]


#: Decides from a sentence's tokens whether it needs a dependency parse.
ParseSelector = Callable[[Sequence[Token]], bool]

#: Turns one parsed sentence's tree into Universal Dependencies: from its
#: tokens and which of them belong to a person's name, the UD head of each
#: (index in the sentence, -1 for the root) and its label.
TreeConverter = Callable[[Sequence[Token], Sequence[bool]], tuple[list[int], list[str]]]


@dataclass(frozen=True)
class SpeechVerb:
    lemma: str
    que: bool  # takes a que-clause
    infinitive: bool  # takes a bare infinitive ("assure ne préparer aucune invasion")
    de_infinitive: bool  # takes de + infinitive ("promet de …")
    cue: bool  # can follow a quote as an inverted cue ("…", a-t-il indiqué)
    reflexive: bool = False  # speech sense needs "se" ("s'alarmer"); else "se" + verb is not speech
    either: bool = False  # speech with or without "se" ("dire" / "se dire scandalisée")
    a_infinitive: bool = False  # takes à + infinitive ("appelle à …", "s'engage à …")
    object_first: bool = False  # an object may precede that infinitive ("accuse Y de …")
    claim_object: bool = (
        False  # a noun-phrase object carries the claim ("annonce la poursuite de …")
    )
    attribute: bool = False  # object + attribute ("juge la situation préoccupante")
    prepositions: tuple[str, ...] = ()  # complements after these carry the claim ("plaide pour")

    @classmethod
    def from_flags(cls, lemma: str, flags: str) -> SpeechVerb:
        """A verb from its line of ``speech_verbs.tsv``: single-letter flags and
        ``+preposition`` words (multi-word prepositions written with ``_``)."""
        marks = set(flags.split())
        prepositions = tuple(
            sorted(fold(m[1:].replace("_", " ")) for m in marks if m.startswith("+"))
        )
        return cls(
            lemma,
            que="q" in marks,
            infinitive="i" in marks,
            de_infinitive="d" in marks,
            cue="c" in marks,
            reflexive="r" in marks,
            either="R" in marks,
            a_infinitive="a" in marks,
            object_first="o" in marks,
            claim_object="n" in marks,
            attribute="t" in marks,
            prepositions=prepositions,
        )


def _no_forms(lemma: str) -> Iterable[str]:
    return ()


def _itself(word: str) -> Iterable[str]:
    return (word,)


class Lexicon:
    """A language's word lists, read from its pack's data files on first use:

    * ``speech_verbs.tsv``: speech, thought and claim verbs with flags (q i d c r);
    * ``speech_verb_forms.tsv``: irregular inflected forms (form, lemma);
    * ``source_nouns.tsv``: head noun -> the source type it designates;
    * ``vague_heads.txt``: head nouns that make an unresolved source vague;
    * ``capitals.txt``: capitals used for their governments ("Moscou assure");
    * ``government.tsv``: institutions and metonymic places -> canonical name;
    * ``nationalities.tsv``: nationality adjective -> country code.

    ``inflect(lemma)`` gives the regular inflected forms of a folded verb
    lemma, ``nationality_keys(word)`` the table keys a folded adjective may
    reduce to (gender and number endings), in order."""

    def __init__(
        self,
        package: str,
        *,
        inflect: Callable[[str], Iterable[str]] = _no_forms,
        nationality_keys: Callable[[str], Iterable[str]] = _itself,
    ) -> None:
        self.package = package
        self._inflect = inflect
        self._nationality_keys = nationality_keys

    def _lines(self, name: str) -> list[str]:
        return read_lines(self.package, name)

    def _pairs(self, name: str) -> dict[str, str]:
        return {fold(k): v for k, _, v in (line.partition("\t") for line in self._lines(name))}

    @cached_property
    def speech_verbs(self) -> dict[str, SpeechVerb]:
        """Speech, thought and claim verbs, by folded lemma."""
        verbs: dict[str, SpeechVerb] = {}
        for line in self._lines("speech_verbs.tsv"):
            lemma, _, flags = line.partition("\t")
            verbs[fold(lemma)] = SpeechVerb.from_flags(lemma, flags)
        return verbs

    @cached_property
    def multiword_speech_verbs(self) -> dict[str, list[tuple[str, SpeechVerb]]]:
        """Multi-word speech verbs ("faire valoir") indexed by their last word."""
        index: dict[str, list[tuple[str, SpeechVerb]]] = {}
        for key, verb in self.speech_verbs.items():
            if " " in key:
                index.setdefault(key.split()[-1], []).append((key, verb))
        return index

    @cached_property
    def speech_verb_forms(self) -> dict[str, str]:
        """Inflected forms of the speech verbs -> lemma (folded), for words the
        tagger mislabels ("estime" tagged as a noun after a quotation)."""
        forms: dict[str, str] = {}
        for key, verb in self.speech_verbs.items():
            if " " in verb.lemma:
                continue
            for form in self._inflect(key):
                forms.setdefault(fold(form), key)
        for line in self._lines("speech_verb_forms.tsv"):
            form, _, lemma = line.partition("\t")
            forms[fold(form)] = fold(lemma)
        return forms

    @cached_property
    def source_nouns(self) -> dict[str, str]:
        """Head noun -> source type ("quotidien" -> media, "rapport" -> document)."""
        return self._pairs("source_nouns.tsv")

    @cached_property
    def vague_heads(self) -> frozenset[str]:
        return frozenset(fold(line.strip()) for line in self._lines("vague_heads.txt"))

    @cached_property
    def capitals(self) -> frozenset[str]:
        return frozenset(fold(line.strip()) for line in self._lines("capitals.txt"))

    @cached_property
    def government_bodies(self) -> dict[str, str]:
        return self._pairs("government.tsv")

    @cached_property
    def _nationalities(self) -> dict[str, str]:
        return self._pairs("nationalities.tsv")

    def nationality(self, adjective: str) -> str | None:
        """Country code of a nationality adjective in any gender or number
        ("britannique", "américaines" -> "US")."""
        table = self._nationalities
        for candidate in self._nationality_keys(fold(adjective)):
            if candidate in table:
                return table[candidate]
        return None


@dataclass(frozen=True, eq=False)
class EntityWords:
    """What the entities stage needs to clean up and group mentions."""

    #: Regular expression (case-insensitive) of an article leading a mention ("L'Estonie").
    leading_article: str
    #: Titles before a name ("M.", "Mme", "Monsieur"): not part of it.
    titles: frozenset[str]
    #: Nouns after which a capitalised name is a product or weapon, not a person.
    product_nouns: frozenset[str]
    #: Nouns that introduce a media outlet, besides the lexicon's media source nouns.
    media_nouns: frozenset[str]
    #: Mentions that are a common noun after an elided article ("chef d'État").
    common_after_elision: frozenset[str]
    #: The elided articles meant by :attr:`common_after_elision`, as written.
    elisions: tuple[str, ...]
    #: Words that may lead a title before a name ("Premier ministre Jean Castex").
    title_prefixes: frozenset[str] = frozenset()
    #: Titles and roles stripped from persons' names only ("President",
    #: "Senator": "General Motors" stays whole); compared without a final full stop.
    person_titles: frozenset[str] = frozenset()
    #: Possessive endings a mention may include ("Johnson's"), as written.
    possessives: tuple[str, ...] = ()
    #: Names that are no person, place or organisation (religions, scriptures,
    #: diseases the model takes for one): MISC.
    other_names: frozenset[str] = frozenset()
    #: Whether names start with a capital or a digit (a lower-case mention is noise).
    capitalised: bool = False
    #: What no name contains (a regular expression): a mention is cut there and
    #: its longest piece kept ("Chris Ferrara • 2 hours ago", two names over two lines).
    name_breaks: str = r"[\n\r•·|]"


@dataclass(frozen=True)
class QuoteMarks:
    """How a language's typography closes a quotation, and what may open a
    paragraph (quotation marks, a list dash). The default is French and
    English usage; German writes „…“ and »…«."""

    closers: str = "»”)]’"
    openers: str = '«“"(-–—'
    #: Whether single quotation marks (‘…’, '…') quote speech in paragraphs
    #: with no double marks (British English), beside their use as apostrophes.
    single_quotes: bool = False
    #: Whether a quotation may open with one kind of double mark and close
    #: with the other ("…” after an opening straight mark, '…," after “), as
    #: scraped English texts mix them.
    mixed_marks: bool = False
    #: Whether titles are written in Title Case ("Face the Nation"), so that a
    #: quoted Title Case name inside a lower-case sentence is a title.
    title_case: bool = False


@dataclass(frozen=True, eq=False)
class RepairWords:
    """What the repair stage needs to tell a lost paragraph break from a
    legitimate token."""

    abbreviations: frozenset[str]
    sentence_starters: frozenset[str]
    titles: tuple[str, ...]
    #: Whether a straight quote after a glued sentence end closes or opens a
    #: quotation as the previous straight quote's shape says (English, where
    #: quotations run over paragraphs without closing, which upsets a count).
    straight_quotes_by_shape: bool = False


@dataclass(frozen=True, eq=False)
class DateGrammar:
    """The date rules of a language, in priority order (earlier rules win
    overlaps); see :mod:`presswatch.lang.calendar`."""

    rules: tuple[DateRule, ...]
    #: Whether a year standing alone may be followed by punctuation without a
    #: space ("in 1982.", "2016, 2017"); French reads only the years its rules find there.
    bare_years_before_punctuation: bool = False


def spelled_number(values: list[float]) -> float:
    """The number that spelled-out parts' values make, read left to right:
    a hundred multiplies what precedes it, a thousand closes a group
    ([2, 100, 5] -> 205; [3, 1000, 20, 5] -> 3025). The language packs'
    ``word_value`` split and look up the words, then call this."""
    total, current = 0.0, 0.0
    for value in values:
        if value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total += (current or 1) * 1000
            current = 0
        else:
            current += value
    return total + current


@dataclass(frozen=True, eq=False)
class NumberWords:
    """What the quantities stage needs to read numbers written in a language.

    The word sets hold folded words (lower case, no accents)."""

    #: Unit words (not folded) -> the unit reported ("kilomètres" -> "km").
    units: Mapping[str, str]
    #: "millions" -> 1e6.
    multipliers: Mapping[str, float]
    #: Nouns of an approximate number ("centaine" -> 100), singular.
    approx_nouns: Mapping[str, int]
    #: Fraction nouns ("moitie" -> 0.5).
    fractions: Mapping[str, float]
    #: (words before a number, qualifier, approximate?), longest first.
    qualifiers: tuple[tuple[tuple[str, ...], str | None, bool], ...]
    #: The value of a spelled-out number ("vingt-cinq"), or None.
    word_value: Callable[[str], float | None]
    #: Words for one that are also articles ("un", "une"): a number only
    #: before a unit, a multiplier or an approximate noun.
    one: frozenset[str]
    #: Multipliers that do not follow :attr:`one` ("un mille" is no number).
    not_after_one: frozenset[str]
    #: Words between a number and what it counts ("de", "des").
    of: frozenset[str]
    #: Words after an approximate noun or a multiplier ("une centaine de").
    approx_links: frozenset[str]
    #: Indefinite determiners before an approximate noun ("des centaines").
    indefinite: frozenset[str]
    #: Distributive words before an approximate noun ("par centaines").
    per: frozenset[str]
    #: The definite plural article ("les millions", "les deux tiers").
    definite_plural: frozenset[str]
    #: Determiners before a fraction ("la moitié").
    fraction_determiners: frozenset[str]
    #: Words joining the two ends of a range ("et", "à").
    range_links: frozenset[str]
    #: Words opening a range ("entre").
    range_starts: frozenset[str]
    #: Words after a number that make it no quantity (ordinal suffixes, "h").
    uncounted_after: frozenset[str]
    #: Plural multipliers and approximate nouns ("millions", "milliers").
    plural_multipliers: frozenset[str]
    #: Prefixes of nouns that modify a counted noun ("antichars").
    modifier_prefixes: tuple[str, ...]
    # -- the writing of numbers (the defaults are French) -----------------------------
    #: A number in digits, as one token ("3,5"; English "1,000,000" and "3.5").
    digits: str = r"^\d+(?:[.,]\d+)?$"
    #: The decimal mark ("," in "3,5"; "." in English, where "," groups thousands).
    decimal_point: str = ","
    #: Units written before the number ("$" in "$40"; not folded) -> the unit reported.
    prefix_units: Mapping[str, str] = field(default_factory=dict)
    #: Multipliers glued to the number ("1.2bn", "5m" after a currency) -> their value.
    glued_multipliers: Mapping[str, float] = field(default_factory=dict)
    #: Plural approximate nouns and multipliers with no number or article before
    #: them count no single value ("dozens of", "thousands of").
    vague_plurals: bool = False
    #: Number words and compounds the tokenizer splits at hyphens ("twenty-five",
    #: "two-thirds", "30-year-old", "five-year").
    hyphenated: bool = False
    #: Modifiers come before the counted noun ("two white police officers"):
    #: adjectives may pile up before it and nouns compound with it; a fraction
    #: word before a noun is an ordinal ("a third caravan"); a number right
    #: after a name is part of it ("Resolution 2231").
    modifiers_before_noun: bool = False
    #: Whether :attr:`one` before a unit is a number ("un an"; English "a
    #: week" is an article).
    one_before_units: bool = True
    #: Whether :attr:`one` before a unit is a number after a qualifier, where
    #: it is not one otherwise ("almost a week", "more than a year").
    one_before_units_after_qualifier: bool = False
    #: Words after which a spelled-out number counts with nothing counted
    #: after it ("All three were arrested").
    counted_alone_after: frozenset[str] = frozenset()
    #: Units of a duration counted even inside a date ("over the past five
    #: months": a date, and "five months" a quantity); empty: never.
    durations_in_dates: frozenset[str] = frozenset()
    #: A word after the duration that makes it a point in time ("two years ago").
    duration_point_words: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class AttributionWords:
    """The words the attribution rules match (folded), named by their role.

    Speech verbs, source nouns and nationalities are in the :class:`Lexicon`."""

    # -- clauses -----------------------------------------------------------------
    #: Complementizers of reported speech ("que", "qu'").
    complementizers: frozenset[str]
    #: Words before a complementizer that make it a conjunction ("pour que").
    complementizer_locutions: frozenset[str]
    #: Prepositions that introduce an infinitive complement ("promet de …").
    infinitive_markers: frozenset[str]
    #: Words that may precede an infinitive inside its complement ("ne pas", "se").
    infinitive_prefixes: frozenset[str]
    #: Relative pronouns that start a clause.
    relative_starts: frozenset[str]
    #: Relative pronouns that are the subject of a relative clause ("qui").
    subject_relatives: frozenset[str]
    #: Words a quotation governed by a verb must not follow ("qui", "dont").
    clause_openers: frozenset[str]
    #: Verbs whose subject is no one ("il convient de").
    impersonal_verbs: frozenset[str]
    #: Expletive subjects ("il" of "il faut").
    expletive_subjects: frozenset[str]
    #: Verbs whose subject an infinitive speech verb keeps ("veut rappeler").
    control_verbs: frozenset[str]
    #: Reflexive pronouns ("se", "s'"), and what may stand between them and the verb.
    reflexive_pronouns: frozenset[str]
    reflexive_gap: frozenset[str]
    # -- cues ----------------------------------------------------------------------
    #: According-to cues, as word sequences ("selon", "d'" "après").
    according_cues: tuple[tuple[str, ...], ...]
    #: The according-to cues that may follow a quotation ("« … », selon X").
    according_after_quote: tuple[tuple[str, ...], ...]
    #: The according-to cues that may precede a quotation ("Selon X, « … »").
    according_before_quote: tuple[tuple[str, ...], ...]
    #: First words of a phrase after an according-to cue that is no source ("selon les cas").
    not_sources: frozenset[str]
    #: Words allowed between the start of an inverted cue and its verb.
    cue_fillers: frozenset[str]
    #: Inverted-clitic forms that are no subject ("-t" of "a-t-il").
    not_clitic_subjects: frozenset[str]
    #: The ending of a present participle ("ajoutant").
    present_participle_ending: str
    #: Nouns of something said ("a lancé un avertissement : « … »").
    said_nouns: frozenset[str]
    #: The word of "comme le rapporte X", and what may stand before its verb.
    as_word: str
    as_fillers: frozenset[str]
    #: "Pour X, …": the word of the opinion frame, and the pronouns it takes.
    opinion_word: str
    stressed_pronouns: frozenset[str]
    #: "C'est (du moins) ce qu'avance X": its subject, verb and pronoun.
    cleft_subjects: frozenset[str]
    cleft_verb: str
    cleft_pronoun: str
    # -- speakers ------------------------------------------------------------------
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    vague_pronouns: frozenset[str]
    author_pronouns: frozenset[str]
    non_speakers: frozenset[str]
    #: Vague subjects that name no source at all ("on").
    impersonal_subjects: frozenset[str]
    indefinite_determiners: frozenset[str]
    definite_articles: frozenset[str]
    #: Definite singular articles ("le", "la", "l'").
    definite_singular: frozenset[str]
    demonstratives: frozenset[str]
    #: Determiners of a definite description that refers back ("le quotidien", "cette ONG").
    description_determiners: frozenset[str]
    possessives: frozenset[str]
    #: "ce dernier": its determiners and the start of its adjective.
    latter_determiners: frozenset[str]
    latter_prefix: str
    #: Suffixes of "ceux-ci", "celle-là" as the tokenizer splits them (as written).
    demonstrative_suffixes: frozenset[str]
    #: "de", "du", "des": a noun's complement.
    of_words: frozenset[str]
    #: Words a noun phrase continues over, and words that end it.
    np_links: frozenset[str]
    np_conjunctions: frozenset[str]
    np_stop_words: frozenset[str]
    object_clitics: frozenset[str]
    #: Endings of agent nouns ("hydrologue", "directeur"): a person.
    person_suffixes: tuple[str, ...]
    # -- complements and boundaries (defaults: none) ------------------------------
    #: Prepositions that introduce an à-infinitive ("appelle à …").
    a_infinitive_markers: frozenset[str] = frozenset()
    #: Words of "ainsi que" that, right after a speech verb, leave "que" its complementizer.
    adverb_locutions: frozenset[str] = frozenset()
    #: Words that open a contrasting clause in the author's voice ("mais", "or").
    contrast_words: frozenset[str] = frozenset()
    #: Multi-word openers of a contrasting clause ("alors que", "tandis que").
    contrast_locutions: tuple[tuple[str, ...], ...] = ()
    #: Words linking an object to its attribute ("qualifier X de Y", "comme").
    attribute_links: frozenset[str] = frozenset()
    #: Words that make what follows hypothetical ("s'il déclarait que…").
    hypothetical: frozenset[str] = frozenset()
    # -- speaker mentions (defaults: none) ----------------------------------------
    #: Adverbial locutions that are no part of a speaker mention ("de son côté").
    adverbial_locutions: tuple[tuple[str, ...], ...] = ()
    #: Time words that are no part of a speaker mention ("vendredi", "soir").
    temporal_words: frozenset[str] = frozenset()
    #: Prefixes of time words ("mi-" of "mi-avril").
    temporal_prefixes: tuple[str, ...] = ()
    #: Nouns that never designate a speaker even with a speaker's ending ("effet").
    not_speaker_nouns: frozenset[str] = frozenset()
    #: Feminine pronouns ("elle", "-t-elle"); the others of a pair are masculine.
    feminine_pronouns: frozenset[str] = frozenset()
    #: Titles before a name that tell its gender ("Mme", "M.").
    feminine_titles: frozenset[str] = frozenset()
    masculine_titles: frozenset[str] = frozenset()
    #: Negation: the particle before a verb and the word that completes it ("ne … pas").
    negation_particles: frozenset[str] = frozenset()
    negation_words: frozenset[str] = frozenset()
    #: "même si" is concessive, not hypothetical; "s'" is "si" only before these.
    concessive_before_if: frozenset[str] = frozenset()
    hypothetical_elided_subjects: frozenset[str] = frozenset()
    #: Words after which an infinitive speech verb shares the main clause's
    #: subject ("pour dénoncer").
    purpose_markers: frozenset[str] = frozenset()
    #: Words of a time phrase besides time words ("courant mai", "fin mars").
    temporal_links: frozenset[str] = frozenset()
    #: According-to cues whose "*" is a possessive naming the source ("à son avis").
    possessive_according_cues: tuple[tuple[str, ...], ...] = ()
    #: Words that with a relative pronoun attribute to its antecedent ("pour qui", "selon lequel").
    relative_according_words: frozenset[str] = frozenset()
    #: Possessives of a group ("leur", "leurs").
    plural_possessives: frozenset[str] = frozenset()
    #: The auxiliary of the passive ("être"): "il a été rapporté que" is impersonal.
    passive_auxiliaries: frozenset[str] = frozenset()
    # -- source chains (defaults: none) --------------------------------------------
    #: Participles of a channel before "par" ("cité par Y", "interrogé par Y").
    channel_participles: frozenset[str] = frozenset()
    agent_prepositions: frozenset[str] = frozenset()
    #: Phrases before a channel ("au micro de Y", "dans un entretien accordé à Y").
    channel_phrases: tuple[tuple[str, ...], ...] = ()
    #: Prepositions after a speech verb before a medium ("a déclaré à l'AFP").
    channel_prepositions: frozenset[str] = frozenset()
    #: Lemmas of speech verbs whose direct object may be a medium ("told the BBC").
    channel_object_verbs: frozenset[str] = frozenset()
    #: "Y, citant X, affirme": the participle that makes X the speaker and Y the channel.
    citing_words: frozenset[str] = frozenset()
    #: Lemmas of the auxiliaries, even where the tagger calls them verbs.
    auxiliary_lemmas: frozenset[str] = frozenset()
    #: Fewest words of an uncued quoted phrase that may be a statement (fewer, or
    #: a short phrase the article quotes again, is a term set off); 0: no such test.
    min_fragment_words: int = 0
    #: Connectives that may open a sentence before an opinion frame ("Mais, pour X, P").
    sentence_connectives: frozenset[str] = frozenset()
    #: Endings of the future tense after the infinitive's stem ("affirmer-ont",
    #: "dir-ont"), for a future the tagger misses; empty: the tagger's tense alone.
    future_endings: frozenset[str] = frozenset()
    # -- clauses without a complementizer (default: French, never) ----------------
    #: Reported speech may drop its complementizer ("said the report was
    #: flawed") and precede its cue ("The talks failed, officials said.").
    bare_complements: bool = False
    #: Whether a verb whose lexicon entry takes an infinitive ("i") takes a
    #: gerund right after it instead (English "denied having met…",
    #: "admitted taking…"); the French entry's "i" is a bare infinitive.
    gerund_complements: bool = False
    #: A noun phrase's head is its last noun before any complement ("a senior
    #: Justice Department official"), not its first ("le ministre des Affaires").
    head_final: bool = False
    #: A cue after a quotation may put its subject first ("…," he said), not
    #: only after the verb ("…, a-t-il dit").
    subject_first_cues: bool = False
    #: A capitalised name the NER left out that repeats the surname of a person
    #: named before designates that person ("Conroy warned …" after "Richard
    #: Conroy"): the English model often misses lone surnames.
    surname_mentions: bool = False
