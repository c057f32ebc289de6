"""Bytes to text: binary detection and encoding detection, never a crash."""

from __future__ import annotations

import codecs
import re

from presswatch.core.errors import BinaryInputError, EmptyInputError, UnreadableInputError
from presswatch.lang.identify import detect_language

#: Magic numbers of common binary formats, for a precise error message.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def describe_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` if it is one, else ``None``."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary content"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        return "binary content"
    return None


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` to text: BOM, then UTF-8, then detection.

    Raises :class:`EmptyInputError`, :class:`BinaryInputError` or
    :class:`UnreadableInputError`; line ends are normalised to ``\\n``.
    """
    if not data.strip():
        raise EmptyInputError(source)
    text = _decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(source)
    return text


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    kind = describe_binary(data)
    if kind is not None:
        raise BinaryInputError(source, kind)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = _candidate_decodings(data)
    if not candidates:
        raise UnreadableInputError(source, "cannot detect the text encoding")
    if len(candidates) == 1:
        return candidates[0]
    return max(candidates, key=_known_word_share)


def _known_word_share(text: str) -> float:
    """Share of words that are real words of the text's language: a text
    decoded with the wrong code page ("L'été ŕ Noël") has fewer."""
    from wordfreq import zipf_frequency

    sample = text[:4000]
    language, _ = detect_language(sample)
    words = re.findall(r"\w+", sample)[:300]
    if language is None or not words:
        return 0.0
    try:
        return sum(zipf_frequency(w.lower(), language) > 0 for w in words) / len(words)
    except LookupError:  # a language wordfreq does not know
        return 0.0


def _candidate_decodings(data: bytes) -> list[str]:
    """Distinct decodings proposed by charset-normalizer, plus Windows-1252
    (the most common legacy encoding of Western European pages)."""
    from charset_normalizer import from_bytes

    texts: list[str] = []
    for match in list(from_bytes(data))[:3]:
        text = str(match)
        if text not in texts:
            texts.append(text)
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        return texts
    if cp1252 not in texts:
        texts.append(cp1252)
    return texts
