"""Arabic: identified (function words), repaired and tagged for persuasion
where the model knows it; no Arabic-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="ar", name="Arabic", package=__name__)
