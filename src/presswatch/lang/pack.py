"""What a language pack is: one language's knowledge, in one folder.

A pack (``presswatch/lang/<code>/``, modelled on spaCy's ``spacy/lang/<code>/``)
is a :class:`LanguagePack` named ``PACK`` in the folder's ``__init__.py``,
plus the data files beside it. Its files carry their language by location:
``lang/fr/speech_verbs.tsv`` is French. Every pack has
``function_words.txt`` (language identification and repair use it); the
other parts are optional, and a stage that needs one runs only on articles
whose pack has it (:func:`presswatch.lang.packs_with`).

Everything here is data and small pure functions of strings; stages hold
the algorithms and read the pack of ``article.language``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from presswatch.lang.parts import (
    AttributionWords,
    DateGrammar,
    EntityWords,
    Lexicon,
    NumberWords,
    ParseSelector,
    QuoteMarks,
    RepairWords,
    TreeConverter,
    read_lines,
)

#: How many of a language's most frequent words count as its function words.
FUNCTION_WORDS = 50
#: The usual quotation marks (French and English).
DEFAULT_QUOTE_MARKS = QuoteMarks()


@dataclass(frozen=True, eq=False)
class LanguagePack:
    """One language's knowledge. ``package`` holds its data files.

    The optional parts are read by the stages of the same names (see
    :mod:`presswatch.lang.parts`); ``spacy_model`` is the pipeline the NLP
    stage runs and ``parse_selector`` chooses the sentences it
    dependency-parses (those the language's attribution rules read);
    ``tree_converter`` turns a parser's trees into Universal Dependencies
    where the pipeline predicts another scheme (English)."""

    code: str
    name: str
    package: str
    quote_marks: QuoteMarks = DEFAULT_QUOTE_MARKS
    repair: RepairWords | None = None
    spacy_model: str | None = None
    parse_selector: ParseSelector | None = None
    tree_converter: TreeConverter | None = None
    lexicon: Lexicon | None = None
    entities: EntityWords | None = None
    attribution: AttributionWords | None = None
    dates: DateGrammar | None = None
    numbers: NumberWords | None = None

    def data_lines(self, name: str) -> list[str]:
        """The lines of one of the pack's data files (comments and blanks dropped)."""
        return read_lines(self.package, name)

    @cached_property
    def function_words(self) -> frozenset[str]:
        """The language's :data:`FUNCTION_WORDS` most frequent words (``function_words.txt``)."""
        words = [word for line in self.data_lines("function_words.txt") for word in line.split()]
        return frozenset(words[:FUNCTION_WORDS])

    def has(self, part: str) -> bool:
        """Whether the pack provides ``part`` (``"dates"``, ``"spacy_model"``…)."""
        return getattr(self, part, None) is not None
