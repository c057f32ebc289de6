"""Language-neutral text helpers."""

from __future__ import annotations

import re
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


#: What must never reach a terminal or a log line raw: the C0 and C1 control
#: characters and DEL (escape sequences start with ESC or CSI), the line and
#: paragraph separators, and the bidirectional embeddings, overrides and
#: isolates (which reorder what follows them on the line).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: The bidirectional controls alone (HTML neutralises these: see :func:`without_bidi_controls`).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_one(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` safe to print on a terminal or in a log: every control
    character (and bidirectional control) becomes a visible escape such as
    ``\\x1b`` or ``\\u202e``, so an article or a file name can neither send
    escape sequences to the terminal nor start a forged line. Characters in
    ``keep`` (e.g. ``"\\n"``) are left as they are."""
    if text.isprintable() and not BIDI_CONTROLS.search(text):
        return text
    if not keep:
        return _UNPRINTABLE.sub(_escape_one, text)
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape_one(m), text)


def without_bidi_controls(text: str) -> str:
    """``text`` with each bidirectional embedding, override or isolate
    (U+202A–U+202E, U+2066–U+2069) replaced by U+FFFD: same length (offsets
    into the text stay valid), and nothing reorders the page around it."""
    return BIDI_CONTROLS.sub("\ufffd", text)
