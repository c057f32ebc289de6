"""Bytes to text: binary detection and encoding detection, never a crash."""

from __future__ import annotations

import codecs

from presswatch.errors import BinaryInputError, EmptyInputError, UnreadableInputError

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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInputError(source, "cannot detect the text encoding")
    return str(best)
