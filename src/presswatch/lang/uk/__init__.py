"""Ukrainian: identified (function words), repaired and tagged for persuasion
where the model knows it; no Ukrainian-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="uk", name="Ukrainian", package=__name__)
