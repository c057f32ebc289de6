"""Spanish: identified (function words), repaired and tagged for persuasion
where the model knows it; no Spanish-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="es", name="Spanish", package=__name__)
