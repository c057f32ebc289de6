"""German: identified (function words), repaired and tagged for persuasion
where the model knows it; no German-specific extraction yet."""

from presswatch.lang.pack import LanguagePack
from presswatch.lang.parts import QuoteMarks

PACK = LanguagePack(
    code="de",
    name="German",
    package=__name__,
    quote_marks=QuoteMarks(closers="“«)]’", openers='„»"(-–—'),
)
