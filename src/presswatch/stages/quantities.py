"""Quantities claimed in French text: value, approximation, unit and counted noun.

"une centaine de ces munitions" ≈ 100 (munitions), "Environ 200 gardes" ≈ 200
(gardes), "300 missiles antichars Javelin" = 300 (missiles), "1,5 milliard de
dollars" = 1.5e9 (dollars), "plus de 40 %" > 40 (%), "des dizaines de
milliers de manifestants" (approximate, no single value), "deux soldats" = 2.
In English (the pack's :class:`~presswatch.lang.parts.NumberWords` says how a
language writes numbers): "nearly $32,000" ≈ 32000 (dollars), "$1.2bn" =
1.2e9, "a hundred people" = 100, "dozens of people" (approximate, no single
value), "two white police officers" = 2 (police officers), "30-year-old" = 30.

Not quantities: years and dates (the dates stage runs first), ordinals
("1er", "XXe"), digits inside names and codes ("G7", "Covid-19", "F-16"),
clock times, and "un"/"une" used as articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presswatch.core.article import Article, Quantity, Token
from presswatch.core.pipeline import stage
from presswatch.core.text import fold
from presswatch.lang import DEFAULT_LANGUAGE, language_pack, packs_with
from presswatch.lang.parts import NumberWords

_THOUSANDS = re.compile(r"^\d{3}$")


@dataclass(frozen=True)
class _Writing:
    """How a language writes numbers in digits, compiled."""

    digits: re.Pattern[str]
    #: A number with a multiplier glued to it ("1.2bn"): groups ``number``, ``suffix``.
    glued: re.Pattern[str] | None


@lru_cache(maxsize=64)
def _writing(words: NumberWords) -> _Writing:
    suffixes = "|".join(sorted(map(re.escape, words.glued_multipliers), key=len, reverse=True))
    number = words.digits.removeprefix("^").removesuffix("$")
    glued = re.compile(f"^(?P<number>{number})(?P<suffix>{suffixes})$") if suffixes else None
    return _Writing(re.compile(words.digits), glued)


def numbers_for(language: str | None) -> NumberWords:
    """The number words of ``language``'s pack (of the default language for ``None``)."""
    words = language_pack(language or DEFAULT_LANGUAGE).numbers
    assert words is not None, "quantities runs only on languages with number words"
    return words


@dataclass
class _Number:
    first: int
    last: int
    value: float | None
    approx: bool = False
    spelled: bool = False  # a number word ("deux"), which needs something counted


def _parse_digits(text: str, decimal_point: str = ",") -> float | None:
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if decimal_point == ".":
        cleaned = cleaned.replace(",", "")  # "1,000,000.5"
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


class _Scanner:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.tokens = article.tokens
        self.excluded = [(d.start, d.end) for d in article.dates]
        self.words = numbers_for(article.language)
        self.writing = _writing(self.words)
        self.qualifier_words = max(len(words) for words, _, _ in self.words.qualifiers)

    def excluded_at(self, token: Token) -> bool:
        return any(s <= token.start < e for s, e in self.excluded)

    def word(self, index: int) -> str:
        return fold(self.tokens[index].text) if 0 <= index < len(self.tokens) else ""

    def number_at(self, index: int) -> _Number | None:
        """A number written in digits ("1 000 000", "3,5") or words ("vingt-cinq")."""
        if not 0 <= index < len(self.tokens):
            return None
        token = self.tokens[index]
        text = token.text
        decimal_point = self.words.decimal_point
        if self.writing.digits.match(text):
            last = index
            value = _parse_digits(text, decimal_point)
            # "1 000 000": thousands groups split into separate tokens
            while (
                last + 1 < len(self.tokens)
                and _THOUSANDS.match(self.tokens[last + 1].text)
                and self.tokens[last + 1].start - self.tokens[last].end == 1
                and "," not in self.tokens[last].text
            ):
                last += 1
                value = _parse_digits(
                    self.article.text[token.start : self.tokens[last].end], decimal_point
                )
            if value is not None and self._negative(token):
                value = -value
            return _Number(index, last, value)
        glued = self.writing.glued.match(text) if self.writing.glued is not None else None
        if glued is not None:  # "1.2bn"
            value = _parse_digits(glued["number"], decimal_point)
            multiplier = self.words.glued_multipliers[glued["suffix"]]
            return _Number(index, index, None if value is None else value * multiplier)
        lowered = text.lower()
        if lowered in self.words.one:
            return None  # an article unless followed by a unit, multiplier or approx noun
        if self.words.hyphenated:
            joined = self._hyphenated_number(index)
            if joined is not None:
                return joined
        value = self.words.word_value(lowered)
        if value is not None:
            return _Number(index, index, value, spelled=True)
        return None

    def glued(self, index: int) -> bool:
        """Whether token ``index`` touches the next one ("twenty" of "twenty-five")."""
        tokens = self.tokens
        return index + 1 < len(tokens) and tokens[index].end == tokens[index + 1].start

    def _hyphenated_number(self, index: int) -> _Number | None:
        """A number word the tokenizer split at a hyphen: "twenty-five", "two-thirds"."""
        tokens = self.tokens
        if not (
            index + 2 < len(tokens)
            and tokens[index + 1].text == "-"
            and self.glued(index)
            and self.glued(index + 1)
        ):
            return None
        text = self.article.text[tokens[index].start : tokens[index + 2].end].lower()
        value = self.words.word_value(text)
        return _Number(index, index + 2, value, spelled=True) if value is not None else None

    def _negative(self, token: Token) -> bool:
        before = self.article.text[max(0, token.start - 2) : token.start]
        return before[-1:] in ("-", "−") and (len(before) < 2 or not before[0].isalnum())


def _is_code_or_name(scanner: _Scanner, number: _Number) -> bool:
    """ "G7", "Covid-19", "F-16", "A320", "France 2", "1er", "15h30", "XXe siècle", "’22"."""
    text = scanner.article.text
    first, last = scanner.tokens[number.first], scanner.tokens[number.last]
    if first.ent >= 0 or last.ent >= 0:
        return True
    before = text[first.start - 1 : first.start] if first.start else ""
    after = text[last.end : last.end + 1]
    if (
        before.isalpha()
        or before in ("_", "/", "#", "°")
        or (after.isalpha() and after.lower() not in ("k", "m"))
    ):
        return True
    if before == "-" and first.start >= 2 and text[first.start - 2].isalnum():
        return True
    if before in ("'", "’", "‘") and len(first.text) == 2 and first.text.isdigit():
        return True  # "class of ’22": a year cut short
    return scanner.word(number.last + 1) in scanner.words.uncounted_after


def _qualifier(scanner: _Scanner, first: int) -> tuple[int, str | None, bool]:
    """Extend left over "environ", "plus de", "près de"…; returns (first, qualifier, approx)."""
    # fold the words before the number once, not once per qualifier
    previous = tuple(scanner.word(i) for i in range(max(0, first - scanner.qualifier_words), first))
    for words, qualifier, approx in scanner.words.qualifiers:
        start = first - len(words)
        if start >= 0 and previous[-len(words) :] == words:
            return start, qualifier, approx
    return first, None, False


def _unit_at(scanner: _Scanner, index: int) -> tuple[str, int] | None:
    """(unit, its last token) starting at ``index``: "%", "pour cent", "km", "euros"."""
    units = scanner.words.units
    pair = f"{scanner.word(index)} {scanner.word(index + 1)}"
    if pair in units:
        return units[pair], index + 1
    word = scanner.word(index)
    if word in units and index < len(scanner.tokens) and scanner.tokens[index].pos != "ADJ":
        return units[word], index
    return None


def _counted_noun(scanner: _Scanner, index: int) -> int | None:
    """The counted noun from ``index`` on: "gardes", "de ces munitions", "de civils"."""
    tokens = scanner.tokens
    position = index
    if scanner.words.hyphenated and _hyphen_at(scanner, position):
        return position + 1  # "30-year-old", "five-year"
    after_de = scanner.word(position) in scanner.words.of
    if after_de:
        position += 1
    if scanner.words.modifiers_before_noun:
        return _noun_after_modifiers(scanner, position, after_de)
    while position < len(tokens) and tokens[position].pos in ("DET", "ADJ", "NUM"):
        if tokens[position].pos == "DET" and not after_de:
            return None  # "par 133 le risque": not counting
        if tokens[position].pos == "ADJ" and (
            position + 1 >= len(tokens) or tokens[position + 1].pos != "NOUN"
        ):
            return None
        position += 1
    counted = position < len(tokens) and tokens[position].pos in ("NOUN", "PROPN")
    # a capitalised counted noun only after "de": "des millions de Britanniques"
    if counted and (tokens[position].text[:1].islower() or after_de):
        return position
    return None


def _hyphen_at(scanner: _Scanner, index: int) -> bool:
    """A hyphen joining the number before it to a word after it ("30-year")."""
    tokens = scanner.tokens
    return (
        index + 1 < len(tokens)
        and tokens[index].text == "-"
        and scanner.glued(index - 1)
        and scanner.glued(index)
        and tokens[index + 1].pos in ("NOUN", "ADJ")
    )


def _noun_after_modifiers(scanner: _Scanner, position: int, after_of: bool) -> int | None:
    """The first noun after the number where modifiers come first: "two white
    police officers", "2 Ohio police officers", "of all infections" (the
    noun compound goes on in :func:`_extend_noun`)."""
    tokens = scanner.tokens
    while position < len(tokens):
        token = tokens[position]
        following = tokens[position + 1].pos if position + 1 < len(tokens) else ""
        if token.pos == "NOUN" and _gerund_alone(token, following):
            return None  # "12 abstaining": a participle, nothing counted
        if token.pos == "NOUN" or (token.pos == "PROPN" and token.feature("Number") == "Plur"):
            return position  # "banks", "Democrats", "Marines"
        if token.pos == "ADV" and following == "ADJ":
            position += 1  # "thousands of predominantly young men"
            continue
        if token.pos == "DET" and not after_of:
            return None  # "by 133 the risk": not counting
        if token.pos == "PROPN" and following not in ("NOUN", "PROPN", "ADJ"):
            return None  # "2 Ohio" alone: a name, not what is counted
        if token.pos == "VERB" and not (
            token.feature("VerbForm") in ("Ger", "Part") and following in ("NOUN", "ADJ")
        ):
            return None  # "11 starving children", not "5 arrested"
        if token.pos not in ("DET", "ADJ", "NUM", "PROPN", "VERB"):
            return None
        position += 1
    return None


def _gerund_alone(token: Token, following: str) -> bool:
    """An "-ing" word tagged as a singular noun with no noun after it ("with 12
    abstaining,"), where a counted noun would be plural."""
    return (
        token.text.endswith("ing")
        and token.feature("Number") != "Plur"
        and following not in ("NOUN", "PROPN")
    )


def _extend_noun(scanner: _Scanner, noun: int) -> int:
    """ "missiles antichars Javelin": noun modifiers and a name right after the
    counted noun (not adjectives: "2 laboratoires biologiques" ends at the noun).
    Where modifiers come first, the noun compound up to its head: "police
    officers", "year-old"."""
    tokens = scanner.tokens
    last = noun
    if scanner.words.modifiers_before_noun:
        while last + 1 < len(tokens) and last - noun < 3:
            if tokens[last + 1].pos == "NOUN":
                last += 1
            elif scanner.words.hyphenated and _hyphen_at(scanner, last + 1):
                last += 2
            else:
                break
        return last
    while last + 1 < len(tokens) and last - noun < 3:
        token = tokens[last + 1]
        if token.pos == "PROPN" or (
            token.pos == "NOUN" and fold(token.text).startswith(scanner.words.modifier_prefixes)
        ):
            last += 1
            continue
        break
    return last


def find_quantities(article: Article) -> list[Quantity]:
    scanner = _Scanner(article)
    found: list[Quantity] = []
    resume = 0  # a quantity's tokens are not scanned again
    for index in _possible_starts(scanner.tokens, scanner.words):
        if index < resume:
            continue
        quantity = _quantity_at(scanner, index)
        if quantity is not None:
            found.append(quantity[0])
            resume = quantity[1] + 1
    return found


def _possible_starts(tokens: list[Token], words: NumberWords) -> list[int]:
    """Indices of the tokens where a quantity may start; the others (most
    tokens) cannot, and skipping them is what makes the scan fast."""
    return [i for i, t in enumerate(tokens) if _may_start_number(t.text, t.lemma, t.pos, words)]


@lru_cache(maxsize=1 << 16)
def _may_start_number(text: str, lemma: str, pos: str, words: NumberWords) -> bool:
    """Whether ``_number_or_approximation`` can return a number at a token
    with these attributes: true whenever one of its branches can, so that
    skipping the other tokens changes nothing."""
    word, noun = _word_and_noun(text, lemma, pos)
    writing = _writing(words)
    return (
        noun in words.approx_nouns
        or word in words.plural_multipliers
        or noun in words.fractions
        or word in words.one
        or writing.digits.match(text) is not None
        or (writing.glued is not None and writing.glued.match(text) is not None)
        or words.word_value(text.lower()) is not None
    )


def _word_and_noun(text: str, lemma: str, pos: str) -> tuple[str, str]:
    """The folded word and its singular ("centaines" -> "centaine")."""
    word = fold(text)
    return word, fold(lemma).rstrip("s") if pos == "NOUN" else word.rstrip("s")


def _number_or_approximation(scanner: _Scanner, index: int) -> _Number | None:
    """The numeric core starting at ``index``: a number, "une centaine",
    "des milliers", "un million", "la moitié", "un an"."""
    token = scanner.tokens[index]
    words = scanner.words
    word, noun = _word_and_noun(token.text, token.lemma, token.pos)
    previous = scanner.word(index - 1)
    if (
        noun in words.approx_nouns
        and scanner.word(index + 1) in words.approx_links
        and not (words.vague_plurals and word == noun and words.word_value(word) is not None)
    ):  # "une centaine de", "dozens of", "tens of" (not "ten of")
        return _approximation(scanner, index, word, noun)
    if word in words.plural_multipliers and (
        previous in words.indefinite or previous in words.per or previous in words.definite_plural
    ):
        return _Number(index - 1, index, None, approx=True)  # "des millions de", "par millions"
    if (
        word in words.plural_multipliers
        and words.vague_plurals
        and scanner.number_at(index - 1) is None
    ):
        return _Number(index, index, None, approx=True)  # "thousands of", "millions uprooted"
    if (
        noun in words.fractions
        and previous in words.fraction_determiners
        and not (words.modifiers_before_noun and scanner.word(index + 1) not in words.of)
    ):  # "la moitié", "a third of" (not the ordinal of "a third caravan")
        count = scanner.number_at(index - 2) if previous in words.definite_plural else None
        value = words.fractions[noun] * (count.value or 1 if count else 1)
        return _Number(index - 1, index, value)
    if word in words.one:
        following = scanner.word(index + 1)
        if (following in words.multipliers and following not in words.not_after_one) or (
            _one_before_unit(scanner, index) and _unit_at(scanner, index + 1) is not None
        ):
            return _Number(index, index, 1.0)
        return None
    number = scanner.number_at(index)
    if number is None or _is_code_or_name(scanner, number):
        return None
    if (
        not words.modifiers_before_noun
        and not scanner.writing.digits.match(token.text)
        and scanner.tokens[number.last + 1 : number.last + 2]
        and scanner.tokens[number.last + 1].text[:1].isupper()
    ):
        return None  # "« Zéro Covid »" (English capitalises names it counts: "two U.S. banks")
    return number


def _one_before_unit(scanner: _Scanner, index: int) -> bool:
    """Whether "a"/"un" at ``index`` counts one of the unit after it: always
    ("un an"), or only after a qualifier ("almost a week")."""
    words = scanner.words
    if words.one_before_units:
        return True
    return words.one_before_units_after_qualifier and _qualifier(scanner, index)[0] < index


def _approximation(scanner: _Scanner, index: int, word: str, noun: str) -> _Number:
    """ "une centaine de", "deux centaines de", "des centaines de", "dozens of"."""
    words = scanner.words
    previous = scanner.word(index - 1)
    base = float(words.approx_nouns[noun])
    before = scanner.number_at(index - 1) if index else None
    if before is not None:
        return _Number(before.first, index, (before.value or 0) * base, approx=True)
    if previous in words.one:
        return _Number(index - 1, index, base, approx=True)
    if previous in words.indefinite or previous in words.per:
        return _Number(index - 1, index, None, approx=True)
    if words.vague_plurals and word != noun:
        return _Number(index, index, None, approx=True)  # "dozens of"
    return _Number(index, index, base, approx=True)


def _duration_in_date(scanner: _Scanner, index: int) -> bool:
    """A number and a duration unit inside a date ("over the past 60 years"),
    where the language counts durations there; not a point in time ("two years ago")."""
    words = scanner.words
    if not words.durations_in_dates:
        return False
    number = scanner.number_at(index)
    if number is None or scanner.word(number.last + 1) not in words.durations_in_dates:
        return False
    return scanner.word(number.last + 2) not in words.duration_point_words


def _quantity_at(scanner: _Scanner, index: int) -> tuple[Quantity, int] | None:
    tokens = scanner.tokens
    if scanner.excluded_at(tokens[index]) and not _duration_in_date(scanner, index):
        return None
    number = _number_or_approximation(scanner, index)
    if number is None:
        return None
    last, value = number.last, number.value
    words = scanner.words
    prefix = _prefix_unit(scanner, number.first)
    if (
        prefix is not None
        and scanner.glued(last)
        and scanner.word(last + 1) in words.glued_multipliers
    ):
        multiplier = words.glued_multipliers[scanner.word(last + 1)]
        value = None if value is None else value * multiplier  # "$5m"
        last += 1
    while scanner.word(last + 1) in words.multipliers:
        value = None if value is None else value * words.multipliers[scanner.word(last + 1)]
        last += 1
    following = scanner.tokens[last + 1] if last + 1 < len(tokens) else None
    if following is not None and fold(following.lemma).rstrip("s") in words.approx_nouns:
        return None  # "deux centaines de…": handled when the scan reaches the noun
    first, qualifier, approx = _qualifier(scanner, number.first if prefix is None else prefix[1])
    approx = approx or number.approx
    first, last, value, qualifier = _range(scanner, first, last, value, qualifier)
    unit = (prefix[0], last) if prefix is not None else _unit_at(scanner, last + 1)
    if unit is None and last > number.last and scanner.word(last + 1) in words.approx_links:
        unit = _unit_at(scanner, last + 2)  # "1,5 milliard de dollars"
    unit_name, end_index = (unit[0], unit[1]) if unit else (None, last)
    noun_index = None if unit else _counted_noun(scanner, last + 1)
    if (
        number.spelled
        and noun_index is None
        and unit is None
        and scanner.word(first - 1) not in words.counted_alone_after
    ):
        return None  # "les deux", "l'un": a spelled-out number needs something counted
    is_digit = bool(scanner.writing.digits.match(tokens[number.first].text))
    # "2,000" is no year where "," groups thousands
    year_like = _looks_like_year(value) and (
        words.decimal_point == "," or tokens[number.first].text.isdigit()
    )
    if is_digit and unit is None and noun_index is None and year_like:
        return None
    if is_digit and unit is None and noun_index is None and _after_name(scanner, number.first):
        return None  # "Resolution 2231", "Apollo 11"
    if noun_index is not None:
        end_index = _extend_noun(scanner, noun_index)
    start, end = tokens[first].start, tokens[end_index].end
    quantity = Quantity(
        text=scanner.article.text[start:end],
        value=value,
        approx=approx,
        noun=_noun_text(scanner, noun_index, end_index),
        start=start,
        end=end,
        unit=unit_name,
        qualifier=qualifier,
    )
    return quantity, end_index


def _after_name(scanner: _Scanner, first: int) -> bool:
    """A number that counts nothing right after a name or a noun, where that
    makes it a reference (English: "UNSCR 2231", "resolution 2231", "page 5")."""
    if not scanner.words.modifiers_before_noun or first == 0:
        return False
    before = scanner.tokens[first - 1]
    return (
        before.pos == "PROPN" or (before.pos == "NOUN" and before.feature("Number") != "Plur")
    ) and before.end < scanner.tokens[first].start


def _prefix_unit(scanner: _Scanner, first: int) -> tuple[str, int] | None:
    """(unit, its token) of a unit written before the number: "$" of "$40"."""
    prefix_units = scanner.words.prefix_units
    if not prefix_units or first == 0:
        return None
    unit = prefix_units.get(scanner.tokens[first - 1].text.lower())
    return (unit, first - 1) if unit is not None else None


def _noun_text(scanner: _Scanner, noun: int | None, last: int) -> str | None:
    """The counted noun as written: one word, or where modifiers come first
    the compound up to its head ("police officers")."""
    if noun is None:
        return None
    tokens = scanner.tokens
    if scanner.words.modifiers_before_noun:
        return scanner.article.text[tokens[noun].start : tokens[last].end]
    return tokens[noun].text


def _range(
    scanner: _Scanner, first: int, last: int, value: float | None, qualifier: str | None
) -> tuple[int, int, float | None, str | None]:
    """ "entre 5 et 15 %", "de 12 à 15 ans", "16-39 ans", "200 000 ou 300 000":
    one quantity, no single value."""
    if scanner.word(last + 1) not in scanner.words.range_links:
        return first, last, value, qualifier
    other = scanner.number_at(last + 2)
    start = scanner.number_at(first)
    if other is None or start is None or other.spelled != start.spelled:
        return first, last, value, qualifier
    if scanner.word(first - 1) in scanner.words.range_starts:
        first -= 1
    return first, other.last, None, "range"


def _looks_like_year(value: float | None) -> bool:
    return value is not None and value.is_integer() and 1000 <= value <= 2100


@stage(
    "quantities",
    requires=("tokens", "dates"),
    provides=("quantities",),
    languages=packs_with("numbers"),
)
def extract_quantities(article: Article) -> Article:
    """Numbers with their approximation, unit and counted noun."""
    article.quantities = find_quantities(article)
    return article
