"""Structural guarantees of attribution, checked on every article the suite
analyses (the golden articles, the seed, the example, every ``analyze_text``
passage) and on generated passages (test_attribution_properties.py):

* offsets: each statement's parts lie inside the text, in order, without
  overlap, inside [start, end), and its text is their text; the cue, the
  speaker mention and the channel lie inside the text;
* a speaker mention never lies inside its own statement;
* a mention is trimmed: it starts with no preposition, weekday or adverbial
  word ("à la presse X", "vendredi le ministre", "à l'époque un porte-parole");
* a speaker has a type from the closed list.
"""

from __future__ import annotations

from presswatch.core.article import Article, Quote

SPEAKER_TYPES = {"person", "organisation", "media", "government", "document", "vague"}
#: Words a trimmed mention never starts with (prepositions, days, adverbial time words).
NEVER_FIRST = {
    "à", "au", "aux", "sur", "dans", "devant", "selon", "par", "pour", "avec", "chez",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "hier", "aujourd'hui", "époque", "effet", "côté",
}  # fmt: skip


def structure_errors(article: Article) -> list[str]:
    """Every broken guarantee of ``article``'s statements, described (empty when all hold)."""
    errors: list[str] = []
    for quote in article.quotes:
        errors.extend(f"{quote.text[:40]!r}: {e}" for e in _quote_errors(article.text, quote))
    return errors


def _quote_errors(text: str, quote: Quote) -> list[str]:
    errors = []
    size = len(text)
    parts = [tuple(p) for p in quote.parts]
    if not 0 <= quote.start < quote.end <= size:
        errors.append(f"statement offsets {quote.start}-{quote.end} outside the text")
    previous_end = quote.start
    for start, end in parts:
        if not (previous_end <= start < end <= quote.end):
            errors.append(f"part {start}-{end} out of order or outside {quote.start}-{quote.end}")
        previous_end = end
    joined = " […] ".join(text[s:e] for s, e in parts) if len(parts) > 1 else None
    if joined is not None and joined != quote.text:
        errors.append("the text is not the text of its parts")
    if len(parts) == 1 and text[quote.start : quote.end] != quote.text:
        errors.append("the text is not the text at its offsets")
    errors.extend(_span_errors("cue", quote.cue_start, quote.cue_end, size))
    errors.extend(_span_errors("via", quote.via_start, quote.via_end, size))
    errors.extend(_span_errors("speaker", quote.speaker_start, quote.speaker_end, size))
    if quote.speaker_start is not None and quote.speaker_end is not None:
        inside = any(s <= quote.speaker_start and quote.speaker_end <= e for s, e in parts)
        if inside:
            errors.append(f"speaker mention {quote.speaker_mention!r} inside its own statement")
    if quote.speaker_mention:
        first = quote.speaker_mention.split()[0].lower().strip("'’")
        if first in NEVER_FIRST:
            errors.append(f"speaker mention {quote.speaker_mention!r} not trimmed")
    if quote.speaker_type is not None and quote.speaker_type not in SPEAKER_TYPES:
        errors.append(f"speaker type {quote.speaker_type!r}")
    return errors


def _span_errors(name: str, start: int | None, end: int | None, size: int) -> list[str]:
    if start is None and end is None:
        return []
    if start is None or end is None or not 0 <= start < end <= size:
        return [f"{name} offsets {start}-{end} outside the text"]
    return []
