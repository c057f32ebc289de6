"""Catalan: identified (function words), repaired and tagged for persuasion
where the model knows it; no Catalan-specific extraction yet."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="ca", name="Catalan", package=__name__)
