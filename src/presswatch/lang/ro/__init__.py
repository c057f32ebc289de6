"""Romanian: identified (function words), repaired and tagged for persuasion
where the model knows it; no Romanian-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="ro", name="Romanian", package=__name__)
