"""Russian: identified (function words), repaired and tagged for persuasion
where the model knows it; no Russian-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="ru", name="Russian", package=__name__)
