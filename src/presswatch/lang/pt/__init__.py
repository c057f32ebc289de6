"""Portuguese: identified (function words), repaired and tagged for persuasion
where the model knows it; no Portuguese-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="pt", name="Portuguese", package=__name__)
