"""Quantities claimed in French text: value, approximation, unit and counted noun.

"une centaine de ces munitions" ≈ 100 (munitions), "Environ 200 gardes" ≈ 200
(gardes), "300 missiles antichars Javelin" = 300 (missiles), "1,5 milliard de
dollars" = 1.5e9 (dollars), "plus de 40 %" > 40 (%), "des dizaines de
milliers de manifestants" (approximate, no single value), "deux soldats" = 2.

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

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"^\d{3}$")


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


def _parse_digits(text: str) -> float | None:
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
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
        if _DIGITS.match(text):
            last = index
            value = _parse_digits(text)
            # "1 000 000": thousands groups split into separate tokens
            while (
                last + 1 < len(self.tokens)
                and _THOUSANDS.match(self.tokens[last + 1].text)
                and self.tokens[last + 1].start - self.tokens[last].end == 1
                and "," not in self.tokens[last].text
            ):
                last += 1
                value = _parse_digits(self.article.text[token.start : self.tokens[last].end])
            if value is not None and self._negative(token):
                value = -value
            return _Number(index, last, value)
        lowered = text.lower()
        if lowered in self.words.one:
            return None  # an article unless followed by a unit, multiplier or approx noun
        value = self.words.word_value(lowered)
        if value is not None:
            return _Number(index, index, value, spelled=True)
        return None

    def _negative(self, token: Token) -> bool:
        before = self.article.text[max(0, token.start - 2) : token.start]
        return before[-1:] in ("-", "−") and (len(before) < 2 or not before[0].isalnum())


def _is_code_or_name(scanner: _Scanner, number: _Number) -> bool:
    """ "G7", "Covid-19", "F-16", "A320", "France 2", "1er", "15h30", "XXe siècle"."""
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
    after_de = scanner.word(position) in scanner.words.of
    if after_de:
        position += 1
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


def _extend_noun(scanner: _Scanner, noun: int) -> int:
    """ "missiles antichars Javelin": noun modifiers and a name right after the
    counted noun (not adjectives: "2 laboratoires biologiques" ends at the noun)."""
    tokens = scanner.tokens
    last = noun
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
    return (
        noun in words.approx_nouns
        or word in words.plural_multipliers
        or noun in words.fractions
        or word in words.one
        or _DIGITS.match(text) is not None
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
    if noun in words.approx_nouns and scanner.word(index + 1) in words.approx_links:
        base = float(words.approx_nouns[noun])
        before = scanner.number_at(index - 1) if index else None
        if before is not None:
            return _Number(before.first, index, (before.value or 0) * base, approx=True)
        if previous in words.one:
            return _Number(index - 1, index, base, approx=True)
        if previous in words.indefinite or previous in words.per:
            return _Number(index - 1, index, None, approx=True)
        return _Number(index, index, base, approx=True)
    if word in words.plural_multipliers and (
        previous in words.indefinite or previous in words.per or previous in words.definite_plural
    ):
        return _Number(index - 1, index, None, approx=True)  # "des millions de", "par millions"
    if noun in words.fractions and previous in words.fraction_determiners:
        count = scanner.number_at(index - 2) if previous in words.definite_plural else None
        value = words.fractions[noun] * (count.value or 1 if count else 1)
        return _Number(index - 1, index, value)
    if word in words.one:
        following = scanner.word(index + 1)
        if (following in words.multipliers and following not in words.not_after_one) or _unit_at(
            scanner, index + 1
        ) is not None:
            return _Number(index, index, 1.0)
        return None
    number = scanner.number_at(index)
    if number is None or _is_code_or_name(scanner, number):
        return None
    if (
        not _DIGITS.match(token.text)
        and scanner.tokens[number.last + 1 : number.last + 2]
        and scanner.tokens[number.last + 1].text[:1].isupper()
    ):
        return None  # "« Zéro Covid »"
    return number


def _quantity_at(scanner: _Scanner, index: int) -> tuple[Quantity, int] | None:
    tokens = scanner.tokens
    if scanner.excluded_at(tokens[index]):
        return None
    number = _number_or_approximation(scanner, index)
    if number is None:
        return None
    last, value = number.last, number.value
    words = scanner.words
    while scanner.word(last + 1) in words.multipliers:
        value = None if value is None else value * words.multipliers[scanner.word(last + 1)]
        last += 1
    following = scanner.tokens[last + 1] if last + 1 < len(tokens) else None
    if following is not None and fold(following.lemma).rstrip("s") in words.approx_nouns:
        return None  # "deux centaines de…": handled when the scan reaches the noun
    first, qualifier, approx = _qualifier(scanner, number.first)
    approx = approx or number.approx
    first, last, value, qualifier = _range(scanner, first, last, value, qualifier)
    unit = _unit_at(scanner, last + 1)
    if unit is None and last > number.last and scanner.word(last + 1) in words.approx_links:
        unit = _unit_at(scanner, last + 2)  # "1,5 milliard de dollars"
    unit_name, end_index = (unit[0], unit[1]) if unit else (None, last)
    noun_index = None if unit else _counted_noun(scanner, last + 1)
    if number.spelled and noun_index is None and unit is None:
        return None  # "les deux", "l'un": a spelled-out number needs something counted
    is_digit = bool(_DIGITS.match(tokens[number.first].text))
    if is_digit and unit is None and noun_index is None and _looks_like_year(value):
        return None
    if noun_index is not None:
        end_index = _extend_noun(scanner, noun_index)
    start, end = tokens[first].start, tokens[end_index].end
    quantity = Quantity(
        text=scanner.article.text[start:end],
        value=value,
        approx=approx,
        noun=tokens[noun_index].text if noun_index is not None else None,
        start=start,
        end=end,
        unit=unit_name,
        qualifier=qualifier,
    )
    return quantity, end_index


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
