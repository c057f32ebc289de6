"""Dutch: identified (function words), repaired and tagged for persuasion
where the model knows it; no Dutch-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="nl", name="Dutch", package=__name__)
