"""Text repair: recover the paragraph and heading boundaries a scraper glued away.

Scraped bodies often lose the breaks between paragraphs and headings::

    …cette semaine.À leur menu…          (sentence end, no space)
    …les tanks russesSelon le quotidien… (heading glued to the next paragraph)
    …n'est envisagéeMoscou assure…

:func:`repair_text` inserts a paragraph break at each such point and never
touches legitimate tokens: decimals (``3.5``), abbreviations (``M.Dupont``),
URLs and e-mail addresses, camel-cased brands (``iPhone``, ``McDonald's``,
``YouTube``) or hyphenated names (``États-Unis``). It only inserts text, and
records every insertion as a :class:`~presswatch.core.article.Repair`, so offsets in
the repaired text map back to the original (:func:`presswatch.core.article.original_offset`).
Repair is idempotent: repairing a repaired text changes nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from presswatch.core.article import Article, Paragraph, Repair, original_offsets
from presswatch.core.pipeline import stage
from presswatch.lang import DEFAULT_LANGUAGE, LANGUAGES, language_pack
from presswatch.lang.identify import clear_language, detect_language

BREAK = "\n\n"
REASON = "glued paragraphs"
SPACE_REASON = "missing space after a title"

#: Sentence-final punctuation.
_FINAL = ".!?…:"

_URLISH = re.compile(
    r"(?i:://|@|\bwww\.)|\.(?:com|org|net|fr|ru|ua|uk|de|eu|io|info|gov)\b"  # domains are lower-case
)
_HEADING_MAX_WORDS = 25
#: A block of non-blank lines (blank lines may hold spaces; CRLF or LF line ends).
_BLOCK = re.compile(r"[^\r\n]+(?:\r?\n(?![ \t\u00a0]*\r?\n)[^\r\n]+)*")


@dataclass(frozen=True)
class _Rules:
    """A language's repair knowledge, ready to use: its quotation marks, and
    the repair words of its pack (of the default language's when it has none)."""

    closers: str
    openers: str
    abbreviations: frozenset[str]
    sentence_starters: frozenset[str]
    title_glue: re.Pattern[str]
    straight_quotes_by_shape: bool = False


@lru_cache(maxsize=32)
def _rules(language: str) -> _Rules:
    pack = language_pack(language) if language in LANGUAGES else language_pack(DEFAULT_LANGUAGE)
    words = pack.repair or language_pack(DEFAULT_LANGUAGE).repair
    assert words is not None, "the default language has repair words"
    titles = "|".join(words.titles)
    return _Rules(
        pack.quote_marks.closers,
        pack.quote_marks.openers,
        words.abbreviations,
        words.sentence_starters,
        re.compile(r"(?<![\w.])(?:" + titles + r")\.(?=[A-ZÀ-Ý][a-zà-ÿ])"),
        words.straight_quotes_by_shape,
    )


@lru_cache(maxsize=65536)
def _zipf(word: str, language: str = DEFAULT_LANGUAGE) -> float:
    """How common ``word`` is in ``language`` (wordfreq's Zipf scale, 0 if unknown)."""
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word.lower(), language))
    except LookupError:
        return float(zipf_frequency(word.lower(), DEFAULT_LANGUAGE))


def _letters_left(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _letters_right(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def _segment_left(text: str, end: int) -> str:
    """Letters before ``end`` back to a non-letter or a lower→upper case change."""
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
        if start > 0 and text[start].isupper() and text[start - 1].islower():
            break
    return text[start:end]


def _segment_right(text: str, start: int) -> str:
    """Letters from ``start`` up to a non-letter or a lower→upper case change."""
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
        if end < len(text) and text[end].isupper() and text[end - 1].islower():
            break
    return text[start:end]


def _token_around(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = index
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _starts_sentence_word(text: str, index: int) -> bool:
    """True if a capitalised word starts at ``index`` (``À``, ``Selon``, ``L'``)."""
    if index >= len(text) or not text[index].isupper():
        return False
    word = _letters_right(text, index)
    if len(word) == 1:
        # a one-letter word: "À leur menu", "L'Estonie", "A" (rare)
        return index + 1 < len(text) and not text[index + 1].isalpha() and text[index + 1] != "."
    return not word[1:].isupper()  # "Selon", not "USA" after a dot


def _opens_sentence(text: str, index: int) -> bool:
    while index < len(text) and text[index] in " \u00a0\u202f":
        index += 1
    return _starts_sentence_word(text, index)


def _quote_marks(language: str) -> tuple[str, str]:
    """(closing marks, marks that may open a paragraph) for a language."""
    rules = _rules(language)
    return rules.closers, rules.openers


def _punctuation_glue(
    text: str, index: int, quote_parity: int, language: str = DEFAULT_LANGUAGE
) -> int | None:
    """Boundary after sentence-final punctuation glued to a capital, or None.

    ``index`` is the position just after the punctuation mark."""
    closers, openers = _quote_marks(language)
    position = index
    while position < len(text) and text[position] in closers:
        position += 1
    if (
        position < len(text)
        and text[position] == '"'
        and _closes(text, index - 1, quote_parity, language)
    ):
        position += 1  # a straight quote that closes the current quotation
    after = position
    if after < len(text) and text[after] in openers:
        after += 1
        while after < len(text) and text[after] in " \u00a0\u202f":
            after += 1  # "« On a…", "- Les deux…"
    if not _starts_sentence_word(text, after):
        return None
    mark = text[index - 1]
    left = _letters_left(text, index - 1)
    if mark in ".…" and (len(left) == 1 or left.lower() in _rules(language).abbreviations):
        return None
    before_mark = text[index - 2 : index - 1]
    if mark == ":" and not left and before_mark not in " \u00a0\u202f":
        return None  # "16:30", "a:b"
    if not left and not (before_mark.isdigit() or before_mark in closers + '" \u00a0\u202f'):
        return None  # French puts a space before "!", "?" and ":"
    if _URLISH.search(_token_around(text, index)):
        return None
    return position


#: How far back the previous straight quote is looked for.
_QUOTE_LOOKBACK = 600


def _closes(text: str, end: int, quote_parity: int, language: str) -> bool:
    """Whether the straight quote after the sentence end at ``end`` closes a
    quotation: when the quotes before it are odd in number, or (where the
    language's rules say so) when the last straight quote before it opened
    one (space before it, a word after it: ' "Cases'), not when it closed one
    ('saw," Tedros said."That'), whatever the count says."""
    if _rules(language).straight_quotes_by_shape:
        previous = text.rfind('"', max(0, end - _QUOTE_LOOKBACK), end)
        if previous != -1:
            before = text[previous - 1] if previous else " "
            after = text[previous + 1] if previous + 1 < len(text) else " "
            if (before.isspace() or before in "([—–-") and not after.isspace():
                return True
            if not before.isspace() and (after.isspace() or after in ",.;:!?)"):
                return False
    return quote_parity % 2 == 1


def _case_glue(text: str, index: int, language: str = DEFAULT_LANGUAGE) -> bool:
    """True if a lower-case letter at ``index-1`` glued to a capital at ``index``
    is a lost boundary ("russesSelon"), not a camel-cased name ("iPhone")."""
    left = _segment_left(text, index)
    right = _segment_right(text, index)
    if len(left) < 2 or (len(right) < 2 and not _starts_sentence_word(text, index)):
        return False
    if len(right) > 1 and right[1:].isupper():
        return False  # "macOS", "iOS"
    word_start = index - len(_letters_left(text, index))
    whole = _letters_right(text, word_start)
    if _zipf(whole, language) >= 2.5 or _zipf(left + right, language) >= 2.5:
        return False  # a known camel-cased word: iPhone, YouTube, McDonald
    if _URLISH.search(_token_around(text, index)):
        return False
    if left[0].islower():
        return _zipf(left, language) >= 1.5 or len(left) >= 5
    # "ParisLe …": a capitalised word followed by a sentence-starting word
    return right.lower() in _rules(language).sentence_starters


def _digit_glue(text: str, index: int, language: str = DEFAULT_LANGUAGE) -> bool:
    """ "en 2015Les troupes…": a number glued to a capitalised known word."""
    right = _segment_right(text, index)
    if len(right) < 2 or not right[1:].islower():
        return False
    if _URLISH.search(_token_around(text, index)):
        return False
    starters = _rules(language).sentence_starters
    return right.lower() in starters or _zipf(right, language) >= 3.5


def find_glue_points(text: str, language: str = DEFAULT_LANGUAGE) -> list[int]:
    """Offsets in ``text`` where a paragraph break was lost."""
    points: list[int] = []
    quotes = 0  # straight quotes among the characters before ``index`` read so far
    counted = 0  # characters before this offset have been counted
    resume = 1  # the next offset to examine
    length = len(text)
    closers, openers = _quote_marks(language)
    for candidate in _glue_candidates(language).finditer(text, 1):
        index = candidate.start()
        if index < resume or index == length:
            continue
        quotes += text.count('"', counted, index)
        counted, resume = index, index + 1
        previous, current = text[index - 1], text[index]
        if previous in _FINAL and not current.isspace() and current not in _FINAL:
            boundary = _punctuation_glue(text, index, quotes, language)
            if boundary is not None and 0 < boundary < length:
                points.append(boundary)
                # the closing marks up to the boundary are not read as quotes
                counted, resume = boundary, boundary + 1
        elif (
            previous in closers
            and previous not in "]’"
            and (
                _starts_sentence_word(text, index)
                or (current in openers[:2] and _opens_sentence(text, index + 1))
            )
        ):
            if not _URLISH.search(_token_around(text, index)):
                points.append(index)
        elif previous.isalpha() and previous.islower() and current.isupper():
            if _case_glue(text, index, language):
                points.append(index)
        elif previous.isdigit() and current.isupper() and _digit_glue(text, index, language):
            points.append(index)
    return sorted(set(points))


@lru_cache(maxsize=4)
def _glue_candidates(language: str) -> re.Pattern[str]:
    """The offsets :func:`find_glue_points` must examine (a superset: its
    tests decide): after sentence-final punctuation or a closing mark, and a
    capital after a lower-case letter or a digit. Every other offset is
    skipped without a Python step. Characters beyond the Basic Multilingual
    Plane are always examined, which keeps building the classes fast."""
    closers, _ = _quote_marks(language)
    marks = re.escape(_FINAL + closers)
    plane = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    lower = filter(str.isalpha, filter(str.islower, plane))  # filter runs in C
    lower_or_digit = _character_class({*lower, *filter(str.isdigit, plane)})
    upper = _character_class(set(filter(str.isupper, plane)))
    astral = "\U00010000-\U0010ffff"
    return re.compile(f"(?<=[{marks}])|(?<=[{lower_or_digit}{astral}])(?=[{upper}{astral}])")


def _character_class(characters: set[str]) -> str:
    """A regular-expression class, in escaped ranges, of ``characters``."""
    ranges: list[list[int]] = []
    for code in sorted(map(ord, characters)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


def find_title_glue(text: str, language: str = DEFAULT_LANGUAGE) -> list[int]:
    """Offsets where a title abbreviation is glued to a name: "M.Macron"."""
    return [m.end() for m in _rules(language).title_glue.finditer(text)]


def repair_text(
    text: str, protected: list[tuple[int, int]] | None = None, language: str = DEFAULT_LANGUAGE
) -> tuple[str, list[Repair]]:
    """Insert a paragraph break at every glue point outside ``protected``
    ranges, and a space after a title glued to a name ("M.Macron").

    Returns the repaired text and the insertions made (offsets in the repaired text)."""
    protected = protected or []
    edits = [(p, BREAK, REASON) for p in find_glue_points(text, language) if text[p - 1] != "\n"]
    edits += [(p, " ", SPACE_REASON) for p in find_title_glue(text, language)]
    edits = sorted(e for e in edits if not any(start <= e[0] < end for start, end in protected))
    pieces: list[str] = []
    repairs: list[Repair] = []
    position = 0
    shift = 0
    for point, insert, reason in edits:
        pieces.append(text[position:point])
        pieces.append(insert)
        start = point + shift
        repairs.append(Repair(start, start + len(insert), "", reason))
        shift += len(insert)
        position = point
    pieces.append(text[position:])
    return "".join(pieces), repairs


def is_heading(paragraph: str) -> bool:
    """A short block without sentence-final punctuation reads as a heading."""
    stripped = paragraph.strip()
    if not stripped or not stripped[0].isupper():
        return False
    if stripped[-1] in '.!:;,…»”")' or stripped[-1].isdigit():
        return False
    return len(stripped.split()) <= _HEADING_MAX_WORDS


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line-separated block of ``text``."""
    spans = []
    for match in _BLOCK.finditer(text):
        if match.group().strip():
            start, end = match.span()
            while text[start].isspace():
                start += 1
            while text[end - 1].isspace():
                end -= 1
            spans.append((start, end))
    return spans


def _word_language(text: str) -> str:
    """The language whose word list judges glued words (the article's, when
    presswatch knows it; the default language otherwise)."""
    sample = text[:3000]
    language = clear_language(sample)  # function words decide most articles without lingua
    if language is None:
        language, _ = detect_language(sample, fast=True)
    return language or DEFAULT_LANGUAGE


@stage("repair", provides=("paragraphs", "repairs"))
def repair_article(article: Article) -> Article:
    """Recover glued paragraph and heading boundaries; keep an offset map."""
    protected = [(p.start, p.end) for p in article.paragraphs if p.kind == "title"]
    original_paragraphs = list(article.paragraphs)
    text, repairs = repair_text(article.text, protected, _word_language(article.text))
    paragraphs = []
    spans = split_paragraphs(text)
    originals = original_offsets(repairs, [start for start, _ in spans])
    for number, ((start, end), original) in enumerate(zip(spans, originals, strict=True)):
        kind = _original_kind(original_paragraphs, original)
        is_last = number == len(spans) - 1
        if kind == "paragraph" and not is_last and is_heading(text[start:end]):
            kind = "heading"
        paragraphs.append(Paragraph(start, end, kind))  # type: ignore[arg-type]
    article.text = text
    article.repairs = _compose(article.repairs, repairs)
    article.paragraphs = paragraphs
    return article


def _compose(earlier: list[Repair], later: list[Repair]) -> list[Repair]:
    """Combine two rounds of insertions into one list against the first text."""
    if not earlier or not later:
        return later or earlier
    shifted = []
    for repair in earlier:
        before = sum(r.end - r.start for r in later if r.start <= repair.start)
        shifted.append(
            Repair(repair.start + before, repair.end + before, repair.original, repair.reason)
        )
    return sorted(shifted + later, key=lambda r: r.start)


def _original_kind(paragraphs: list[Paragraph], offset: int) -> str:
    """The kind of the paragraph (as read, in order) holding ``offset``."""
    index = bisect.bisect_right(paragraphs, offset, key=lambda p: p.start) - 1
    if index >= 0 and paragraphs[index].start <= offset < paragraphs[index].end:
        return paragraphs[index].kind
    return "paragraph"
