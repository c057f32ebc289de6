"""Language-neutral text helpers."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and hyphens, collapse spaces."""
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("‑", "-")
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.split())
