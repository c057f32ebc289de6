"""Turkish: identified (function words), repaired and tagged for persuasion
where the model knows it; no Turkish-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="tr", name="Turkish", package=__name__)
