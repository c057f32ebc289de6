"""Which analyses ran on an article, and how every report says that one did
not (the text and HTML reports, the dashboard).

An analysis that found nothing and an analysis that did not run are
different news: "no quote found" next to an English article full of quotes
would be false. The article's :attr:`~presswatch.core.article.Article.unavailable`
list says which stages did not run and why ("unavailable for language en");
:func:`unavailable_note` turns that into the sentence a report shows
instead of "nothing found".
"""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.core.article import Article
from presswatch.lang import LANGUAGES

#: What each stage gives a reader, in the words the reports use.
STAGE_LABELS = {
    "repair": "text repair",
    "language": "language identification",
    "nlp": "linguistic analysis",
    "entities": "named entities",
    "attribution": "quotes and attributions",
    "dates": "dates",
    "quantities": "figures",
    "persuasion": "persuasion techniques, genre and frames",
}
_LANGUAGE_REASON = "unavailable for language "

#: The stages behind each part of a report.
QUOTES = ("attribution",)
ENTITIES = ("entities",)
FIGURES = ("quantities", "dates")
PERSUASION = ("persuasion",)


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage)


def language_name(code: str | None) -> str:
    """ "English (en)"; the code alone for a language presswatch has no pack for."""
    if not code or code == "unknown":
        return "an unidentified language"
    if code in LANGUAGES:
        return f"{LANGUAGES.get(code).name} ({code})"
    return code


def _reason(article: Article, stage: str) -> str | None:
    return next((u.reason for u in article.unavailable if u.stage == stage), None)


def unavailable_note(article: Article, stages: tuple[str, ...], what: str) -> str | None:
    """The sentence saying that ``what`` (made by ``stages``) was not
    looked for in this article, and why; ``None`` when every stage ran."""
    missing = [(stage, reason) for stage in stages if (reason := _reason(article, stage))]
    if not missing:
        return None
    if all(reason.startswith(_LANGUAGE_REASON) for _, reason in missing):
        code = missing[0][1][len(_LANGUAGE_REASON) :]
        partly = " in part" if len(missing) < len(stages) else ""
        return (
            f"{what}: not available{partly} for articles in {language_name(code)}, "
            "so nothing was looked for."
        )
    reasons = "; ".join(f"{stage_label(stage)}: {reason}" for stage, reason in missing)
    return f"{what}: not analysed ({reasons})."


@dataclass(frozen=True)
class Analyses:
    """What ran on an article and what did not, for its language."""

    language: str
    ran: tuple[str, ...]
    unavailable: tuple[tuple[str, str], ...]  # (label, reason)

    def __bool__(self) -> bool:
        return bool(self.ran or self.unavailable)

    def summary(self) -> str:
        """One line: "Analyses for English (en): ran … ; not available …"."""
        parts = []
        if self.ran:
            parts.append("ran: " + ", ".join(self.ran))
        if self.unavailable:
            parts.append("not available: " + ", ".join(label for label, _ in self.unavailable))
        return f"Analyses for {self.language}: " + "; ".join(parts) + "."


def analyses(article: Article) -> Analyses:
    """The analyses that ran on ``article`` and those that did not, with reasons."""
    return Analyses(
        language=language_name(article.language),
        ran=tuple(stage_label(stage) for stage in dict.fromkeys(article.stages)),
        unavailable=tuple((stage_label(u.stage), u.reason) for u in article.unavailable),
    )
