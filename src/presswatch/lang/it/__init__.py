"""Italian: identified (function words), repaired and tagged for persuasion
where the model knows it; no Italian-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="it", name="Italian", package=__name__)
