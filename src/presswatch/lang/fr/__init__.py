"""French: everything presswatch knows about French."""

from presswatch.lang.pack import LanguagePack

PACK = LanguagePack(code="fr", name="French", package=__name__)
