"""English: identified (function words), repaired and tagged for persuasion
where the model knows it; no English-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="en", name="English", package=__name__)
