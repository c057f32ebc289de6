"""The one typed object that flows through every presswatch stage.

An :class:`Article` is created by a reader (ingest), then enriched by the
pipeline stages (repair, language, NLP, attribution, figures, persuasion…).
Every annotation carries character offsets into :attr:`Article.text`, the
repaired text. :attr:`Article.repairs` records each edit the repair stage made,
so offsets can be mapped back to the text as it was read
(:meth:`Article.original_offset`).

Everything here is plain data: it serialises to JSON with :meth:`Article.to_dict`
and comes back with :meth:`Article.from_dict`.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, TypeVar

ParagraphKind = Literal["title", "lead", "heading", "paragraph"]
QuoteKind = Literal["direct", "indirect", "according_to"]
SourceType = Literal["person", "organisation", "media", "government", "document", "vague"]
EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]
Granularity = Literal["day", "week", "month", "year", "decade", "century"]

#: Fields that are internal working layers and left out of the default JSON output.
INTERNAL_FIELDS = frozenset({"tokens"})


@dataclass(slots=True)
class Paragraph:
    """A block of the article: title, lead, heading or body paragraph."""

    start: int
    end: int
    kind: ParagraphKind = "paragraph"
    language: str | None = None


@dataclass(slots=True)
class Repair:
    """One edit made by the repair stage.

    ``text[start:end]`` (in the repaired text) replaced ``original`` (in the
    text as read). An insertion has ``original == ""``.
    """

    start: int
    end: int
    original: str
    reason: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    parsed: bool = False


@dataclass(slots=True)
class Token:
    """A word of the NLP layer. ``head`` is -1 and ``dep`` empty where the
    sentence was not dependency-parsed."""

    i: int
    start: int
    end: int
    text: str
    pos: str
    lemma: str
    morph: str
    sent: int
    head: int = -1
    dep: str = ""
    ent: int = -1  # index into Article.entities, -1 outside entities

    def feature(self, name: str) -> str | None:
        """Return one morphological feature, e.g. ``feature("VerbForm")``."""
        return _morph_features(self.morph).get(name)


@lru_cache(maxsize=4096)
def _morph_features(morph: str) -> dict[str, str]:
    """The features of a morphology string ("Gender=Fem|Number=Sing"); few distinct strings."""
    features = {}
    for part in morph.split("|"):
        key, _, value = part.partition("=")
        if key:
            features[key] = value
    return features


@dataclass(slots=True)
class Entity:
    """A named-entity mention. ``canonical`` names the entity it refers to
    (mentions of one person share it: "Lavrov" -> "Sergueï Lavrov")."""

    text: str
    label: EntityLabel
    start: int
    end: int
    canonical: str
    kind: str | None = None  # finer type when known: media, government, ...


@dataclass(slots=True)
class Quote:
    """A statement attributed to a speaker or a cited source.

    ``start``/``end`` cover the content (for a direct quote split by an incise,
    from the first part to the last; ``parts`` lists each piece).
    ``speaker`` is the resolved canonical name (``None`` when unresolved),
    ``speaker_mention`` the words in the text that designate it.
    ``speaker_role`` is the title or role the text gives the speaker ("sénateur
    LR" for "Le sénateur LR Bruno Retailleau"). ``via`` is the channel through
    which the words reach the article when the text names one ("X, cité par
    Y", "interrogé par Y"), with its type and offsets.
    """

    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    speaker_type: SourceType | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    parts: list[list[int]] = field(default_factory=list)
    paragraph: int | None = None
    speaker_role: str | None = None
    via: str | None = None
    via_type: SourceType | None = None
    via_start: int | None = None
    via_end: int | None = None


@dataclass(slots=True)
class Source:
    """A speaker or cited source and how many statements rely on it."""

    name: str
    type: SourceType
    statements: int
    kinds: dict[str, int] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quantity:
    text: str
    value: float | None
    approx: bool
    noun: str | None
    start: int
    end: int
    unit: str | None = None
    qualifier: str | None = None  # more_than, less_than, at_least, at_most, up_to


@dataclass(slots=True)
class DateMention:
    """A date or time expression; ``value`` is ISO 8601 at ``granularity``
    (``2022-01-30``, ``2022-W05``, ``2022-01``, ``2015``, decade ``188``, century
    ``16``), ``None`` when it
    cannot be resolved (relative expression without a publication date)."""

    text: str
    value: str | None
    start: int
    end: int
    granularity: Granularity = "day"
    relative: bool = False


@dataclass(slots=True)
class Technique:
    technique: str
    paragraph: int
    start: int
    end: int
    score: float


@dataclass(slots=True)
class Label:
    label: str
    score: float


@dataclass(slots=True)
class Unavailable:
    """A stage that did not run on this article, and why. (In JSON the stage
    is under its former name, ``feature``, so the output format is unchanged.)"""

    stage: str = field(metadata={"json": "feature"})
    reason: str = ""


@dataclass(slots=True)
class Article:
    """A news article and everything presswatch found in it."""

    text: str
    title: str = ""
    lead: str = ""
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    source: str | None = None  # file path or URL the article was read from
    format: str | None = None  # reader that produced it: record, text, html, json
    language: str | None = None
    language_confidence: float | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    genre: Label | None = None
    frames: list[Label] = field(default_factory=list)
    unavailable: list[Unavailable] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.url, self.text)

    # -- offsets -----------------------------------------------------------
    def original_offset(self, offset: int) -> int:
        """Map an offset in :attr:`text` to the text as it was read.

        Offsets inside inserted text map to the insertion point."""
        return original_offset(self.repairs, offset)

    def original_text(self) -> str:
        """The text as it was read, before the repair stage."""
        pieces: list[str] = []
        position = 0
        for repair in self.repairs:
            pieces.append(self.text[position : repair.start])
            pieces.append(repair.original)
            position = repair.end
        pieces.append(self.text[position:])
        return "".join(pieces)

    def paragraph_at(self, offset: int) -> int | None:
        """Index of the paragraph containing ``offset``, or ``None``."""
        starts = [p.start for p in self.paragraphs]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return index
        return None

    def body_paragraphs(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind in ("paragraph", "heading", "lead")]

    def mark_unavailable(self, stage: str, reason: str) -> None:
        """Record that ``stage`` did not run, and why (once per stage)."""
        if not any(u.stage == stage for u in self.unavailable):
            self.unavailable.append(Unavailable(stage, reason))

    # -- serialisation -----------------------------------------------------
    def to_dict(self, *, internal: bool = False) -> dict[str, Any]:
        """A JSON-ready dict; ``internal=True`` keeps working layers (tokens)."""
        data = _to_plain(self)
        assert isinstance(data, dict)
        if not internal:
            for name in INTERNAL_FIELDS:
                data.pop(name, None)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return _from_plain(cls, data)


def article_id(url: str | None, text: str) -> str:
    """A stable 16-hex-digit id: from the URL when known, else from the text."""
    basis = url if url else text
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def original_offsets(repairs: list[Repair], offsets: list[int]) -> list[int]:
    """:func:`original_offset` of each of ``offsets`` (in ascending order),
    in one pass over the repairs."""
    mapped = []
    shift = 0
    position = 0
    for offset in offsets:
        while position < len(repairs) and offset >= repairs[position].end:
            repair = repairs[position]
            shift += (repair.end - repair.start) - len(repair.original)
            position += 1
        if position < len(repairs) and repairs[position].start <= offset:
            mapped.append(repairs[position].start - shift)
        else:
            mapped.append(offset - shift)
    return mapped


def original_offset(repairs: list[Repair], offset: int) -> int:
    """Map a repaired-text offset to the pre-repair text (see :class:`Repair`)."""
    shift = 0
    for repair in repairs:
        if offset < repair.start:
            break
        if offset < repair.end:
            return repair.start - shift
        shift += (repair.end - repair.start) - len(repair.original)
    return offset - shift


# -- generic dataclass <-> plain data conversion -----------------------------

_T = TypeVar("_T")


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.metadata.get("json", f.name): _to_plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
    if isinstance(value, list | tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _from_plain(cls: type[_T], data: Any) -> _T:
    if not isinstance(data, dict):
        raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = f.metadata.get("json", f.name)
        if key in data:
            kwargs[f.name] = _convert(hints[f.name], data[key])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(options[0], value)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v) for v in value]
    if origin is dict:
        return dict(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _from_plain(hint, value)
    return value
