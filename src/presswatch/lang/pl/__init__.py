"""Polish: identified (function words), repaired and tagged for persuasion
where the model knows it; no Polish-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="pl", name="Polish", package=__name__)
