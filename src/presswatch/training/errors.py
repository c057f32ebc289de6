"""Classify every attribution error on gold articles into failure classes.

``presswatch evaluate extraction --by-error`` uses this to say *why* the scores
are what they are: for each gold article, an unmatched gold statement
and an unmatched prediction that overlap are one ``boundary`` error (split,
too long, too short, shifted); other unmatched gold statements are ``missed``
(sub-classed by the form of reported speech the text uses around the gold
span), other unmatched predictions ``spurious``; and a matched
statement with the wrong speaker gets one speaker class (pronoun resolved
wrong, description resolved wrong, antecedent several sentences back, title or
organisation chosen over the person, common noun as speaker, channel taken
for the speaker, speaker inside its own statement, no speaker, …). Mentions
whose speaker is right but whose words are not the gold mention are counted
apart (``mention:glued`` when extra words stick to it).

The classes are heuristics over the text around the spans, not a second gold:
they point at mechanisms, the scores stay those of :mod:`.evaluation`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presswatch.core.article import Article, Quote
from presswatch.core.text import fold
from presswatch.training.evaluation import GoldArticle, GoldStatement, Span, match, same_speaker

_PRONOUNS = frozenset(
    {
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "lui",
        "eux",
        "celui-ci",
        "celle-ci",
        "ceux-ci",
        "he",
        "she",
        "they",
        "it",
    }
)
_DETERMINERS = ("le ", "la ", "les ", "l'", "l’", "the ", "ce ", "cette ", "ces ")
#: A sentence ends at . ! ? (or a closing quote after one) before a capital, or
#: at a paragraph break.
_SENTENCE_END = re.compile(r"[.!?][»”\"]?\s+(?=[«“\"A-ZÀ-ÖØ-Þ])|\n+|[.!?](?=[A-ZÀ-ÖØ-Þ])")
_CONTEXT = 40


@dataclass
class ErrorReport:
    """Counts per failure class, and with ``keep_examples`` the errors
    themselves (article id, class, gold and predicted strings)."""

    classes: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)
    keep_examples: bool = False

    def add(self, name: str, article_id: str, **detail: Any) -> None:
        self.classes[name] += 1
        if self.keep_examples:
            self.examples.append({"article": article_id, "class": name, **detail})

    def summary(self) -> dict[str, int]:
        return dict(sorted(self.classes.items(), key=lambda item: (-item[1], item[0])))


def classify_article(gold: GoldArticle, article: Article, report: ErrorReport) -> None:
    """Add the errors of one analysed article (offsets of ``gold`` index the
    text as read, before repair) to ``report``."""
    text = article.original_text()
    mapped = article.original_offset
    predicted = [Span(mapped(q.start), mapped(q.end)) for q in article.quotes]
    pairs = match(gold.statements, predicted)
    matched_gold = {gi for gi, _ in pairs}
    matched_predicted = {pi for _, pi in pairs}
    for gi, statement in enumerate(gold.statements):
        if gi not in matched_gold:
            overlapping = [
                p
                for pi, p in enumerate(predicted)
                if pi not in matched_predicted and _overlaps(statement, p)
            ]
            if overlapping:
                report.add(
                    f"boundary:{boundary_form(statement, overlapping)}",
                    gold.id,
                    gold=_clip(text, statement),
                    predicted=" | ".join(_clip(text, p) for p in overlapping),
                )
            else:
                report.add(
                    f"missed:{missed_form(text, statement)}",
                    gold.id,
                    before=text[max(0, statement.start - _CONTEXT) : statement.start],
                    gold=_clip(text, statement),
                )
    for pi, span in enumerate(predicted):
        if pi not in matched_predicted:
            in_boundary = any(
                gi not in matched_gold and _overlaps(s, span)
                for gi, s in enumerate(gold.statements)
            )
            if not in_boundary:
                report.add(
                    f"spurious:{article.quotes[pi].kind}", gold.id, predicted=_clip(text, span)
                )
    for gi, pi in pairs:
        quote = article.quotes[pi]
        name = speaker_error(text, gold.statements[gi], quote, mapped)
        if name is not None:
            report.add(
                f"speaker:{name}",
                gold.id,
                gold=gold.statements[gi].speaker,
                predicted=quote.speaker or quote.speaker_mention,
                statement=_clip(text, gold.statements[gi]),
            )
        else:
            mention = mention_error(gold.statements[gi], quote, mapped)
            if mention is not None:
                report.add(
                    f"mention:{mention}",
                    gold.id,
                    gold=gold.statements[gi].speaker,
                    predicted=quote.speaker_mention,
                )


def _overlaps(a: Span, b: Span) -> bool:
    return min(a.end, b.end) > max(a.start, b.start)


def _clip(text: str, span: Span) -> str:
    value = text[span.start : span.end].replace("\n", " ")
    return value if len(value) <= 80 else value[:77] + "..."


def boundary_form(gold: Span, overlapping: list[Span]) -> str:
    """How predictions that overlap an unmatched gold span got it wrong:
    ``split`` (several pieces), ``too-long`` (one covering it and more),
    ``too-short`` (one inside it), ``shifted`` (one straddling an end)."""
    if len(overlapping) > 1:
        return "split"
    span = overlapping[0]
    if span.start <= gold.start and span.end >= gold.end:
        return "too-long"
    if span.start >= gold.start and span.end <= gold.end:
        return "too-short"
    return "shifted"


def missed_form(text: str, statement: GoldStatement) -> str:
    """The form of a gold statement nothing matched, read from the words
    around its span: direct, according_to, or for indirect speech
    que-clause, infinitive, postposed cue, colon, or noun-phrase object."""
    if statement.kind != "indirect":
        return statement.kind
    before = fold(text[max(0, statement.start - _CONTEXT) : statement.start]).rstrip()
    after = fold(text[statement.end : statement.end + _CONTEXT]).lstrip()
    if re.search(r"\bqu(?:e|')$", before) or before.endswith("qu'") or before.endswith("qu’"):
        return "indirect-que"
    if before.endswith(":"):
        return "indirect-colon"
    if after.startswith(","):
        return "indirect-postposed"
    if re.search(r"\b(?:de|d'|d’|a|ne)$", before):
        return "indirect-infinitive"
    return "indirect-object"


def speaker_error(
    text: str, gold: GoldStatement, quote: Quote, mapped: Callable[[int], int]
) -> str | None:
    """The class of a wrong speaker on a matched statement, ``None`` when right."""
    predicted = quote.speaker or (quote.speaker_mention if quote.speaker_type == "vague" else None)
    if same_speaker(gold.speaker, predicted):
        return None
    if gold.speaker is None:
        return "given-to-unattributed"
    if predicted is None:
        return "none-predicted"
    start = mapped(quote.speaker_start) if quote.speaker_start is not None else None
    if start is not None and gold.start <= start < gold.end:
        return "inside-statement"
    if gold.via is not None and same_speaker(gold.via, predicted):
        return "channel-as-speaker"
    if fold(gold.speaker) in fold(predicted) or fold(predicted) in fold(gold.speaker):
        return "glued-words"
    if _is_title_over_person(text, gold, predicted):
        return "title-or-org-over-person"
    return _by_mention(text, gold, quote, predicted, start)


def _by_mention(
    text: str, gold: GoldStatement, quote: Quote, predicted: str, start: int | None
) -> str:
    """A wrong speaker told apart by the words that designate it: a pronoun
    or a description resolved to the wrong name (its referent near, far
    back, or never named before), a common noun, a statement with no cue."""
    mention = (quote.speaker_mention or "").strip()
    folded = fold(mention)
    if folded in _PRONOUNS:
        return f"pronoun-{_distance_class(text, gold)}"
    vague = quote.speaker_type == "vague"
    if folded.startswith(_DETERMINERS) and not _has_capital(mention):
        if quote.speaker and quote.speaker != mention and _has_capital(quote.speaker):
            return f"description-{_distance_class(text, gold)}"
        if not vague and not _has_capital(predicted):
            return "common-noun"
    if not _has_capital(predicted) and not vague:
        return "common-noun"
    if gold.speaker_start is None:
        return f"cueless-{_distance_class(text, gold)}"
    return _other_name(gold, quote)


def _other_name(gold: GoldStatement, quote: Quote) -> str:
    """Another name than the gold one, told apart by the two types: another
    person, an organisation or place for a person, a person for an
    organisation, else another source."""
    gold_person = gold.speaker_type == "person"
    predicted_person = quote.speaker_type == "person"
    if gold_person and predicted_person:
        return "other-person"
    if gold_person:
        return "org-or-place-for-person"
    if predicted_person:
        return "person-for-org"
    return "other-source"


def _has_capital(value: str) -> bool:
    return any(character.isupper() for character in value)


def _is_title_over_person(text: str, gold: GoldStatement, predicted: str) -> bool:
    """The predicted name is part of the gold mention but is not the gold
    speaker ("LR" of "Le sénateur LR Bruno Retailleau")."""
    if gold.speaker_start is None or gold.speaker_end is None:
        return False
    mention = fold(text[gold.speaker_start : gold.speaker_end])
    return bool(predicted) and fold(predicted) in mention


def _distance_class(text: str, gold: GoldStatement) -> str:
    """``near`` when the gold speaker's name occurs in the statement's sentence
    or the one before it, ``far`` when only further back, ``absent`` when
    its name never occurs before the statement."""
    speaker = gold.speaker or ""
    words = [w for w in re.split(r"[\s'’\-]+", speaker) if len(w) > 2 and w[:1].isupper()]
    if not words:
        return "absent"
    last_word = words[-1]
    before = text[: gold.start]
    position = before.rfind(last_word)
    if position < 0:
        return "absent"
    boundaries = sum(1 for _ in _SENTENCE_END.finditer(text, position, gold.start))
    return "near" if boundaries <= 1 else "far"


def mention_error(gold: GoldStatement, quote: Quote, mapped: Callable[[int], int]) -> str | None:
    """For a right speaker, how the predicted mention differs from the gold
    one: ``glued`` (extra words around it), ``short`` (part of it),
    ``elsewhere`` (another mention), ``missing``; ``None`` when exact or
    when the gold marks no mention."""
    if gold.speaker_start is None or gold.speaker_end is None:
        return None
    if quote.speaker_start is None or quote.speaker_end is None:
        return "missing"
    start, end = mapped(quote.speaker_start), mapped(quote.speaker_end)
    if (start, end) == (gold.speaker_start, gold.speaker_end):
        return None
    if start <= gold.speaker_start and end >= gold.speaker_end:
        return "glued"
    if start >= gold.speaker_start and end <= gold.speaker_end:
        return "short"
    return "elsewhere"
