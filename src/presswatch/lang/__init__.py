"""Language packs: everything presswatch knows about each language, one
folder per language (``lang/<code>/``), looked up by ISO 639-1 code.

>>> from presswatch.lang import language_pack
>>> language_pack("fr").name                                    # doctest: +SKIP
'French'

The codes below are the one list of the languages presswatch knows: it
identifies exactly these (lingua is restricted to them). A separate package
adds a language with an entry point in the ``presswatch.languages`` group::

    [project.entry-points."presswatch.languages"]
    sv = "presswatch_sv:PACK"

Stages find the pack of ``article.language``; a stage that needs a part of
a pack (dates, attribution…) declares ``languages=packs_with("dates")`` and
is skipped, as "unavailable for language xx", where the pack lacks it.
``lang/xx/`` (spaCy's name for "multi-language") holds knowledge that
belongs to no single language: news outlets and given names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from presswatch.core.errors import RegistryError
from presswatch.core.registry import Registry
from presswatch.lang.pack import LanguagePack

#: The language assumed where none could be identified (presswatch reads French first).
DEFAULT_LANGUAGE = "fr"


def _as_pack(code: str, value: Any) -> LanguagePack:
    if not isinstance(value, LanguagePack):
        raise RegistryError(f"the language {code!r} is not a LanguagePack (got {value!r})")
    if value.code != code:
        raise RegistryError(f"the language registered as {code!r} is the pack {value.code!r}")
    return value


#: The built-in languages. Adding one: a folder lang/<code>/ with PACK and
#: function_words.txt, and its code here (or an entry point, from another package).
BUILTIN_CODES = (
    "fr", "en", "de", "it", "pl", "ru", "es", "pt", "nl", "uk", "ro", "ca", "ar", "tr",
)  # fmt: skip

#: The language packs, by code.
LANGUAGES: Registry[LanguagePack] = Registry(
    "language",
    "presswatch.languages",
    builtins={code: f"presswatch.lang.{code}:PACK" for code in BUILTIN_CODES},
    coerce=_as_pack,
)


def language_pack(code: str | None) -> LanguagePack:
    """The pack of language ``code`` (:class:`RegistryError` if there is none)."""
    return LANGUAGES.get(code or "")


def language_codes() -> list[str]:
    """The codes of every known language, built-ins first."""
    return LANGUAGES.names()


class packs_with:
    """The languages whose pack has ``part``, as a lazy set for
    :attr:`Stage.languages <presswatch.core.pipeline.Stage.languages>`."""

    def __init__(self, part: str) -> None:
        self.part = part

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in LANGUAGES and LANGUAGES.get(code).has(self.part)

    def __iter__(self) -> Iterator[str]:
        return iter([code for code, pack in LANGUAGES.items() if pack.has(self.part)])

    def __repr__(self) -> str:
        return f"packs_with({self.part!r})"
