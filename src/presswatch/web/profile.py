"""Technique profiles: the share of paragraphs in which each persuasion
technique was found, for an outlet and for the whole corpus.

The store counts articles per technique, not paragraphs, so profiles are
computed in one streamed pass over the stored analyses (memory bounded: a
counter per outlet) and cached by the dashboard until the corpus grows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from presswatch.article import Article
from presswatch.lexicon import fold


@dataclass
class TechniqueCounts:
    """Paragraphs, and paragraphs with each technique, of a set of articles."""

    articles: int = 0
    paragraphs: int = 0
    techniques: Counter[str] = field(default_factory=Counter)

    def add(self, article: Article) -> None:
        self.articles += 1
        self.paragraphs += len(article.paragraphs) or (1 if article.text.strip() else 0)
        pairs = {(t.paragraph, t.technique) for t in article.techniques if t.technique}
        self.techniques.update(technique for _, technique in pairs)

    def share(self, technique: str) -> float:
        return self.techniques[technique] / self.paragraphs if self.paragraphs else 0.0


@dataclass
class CorpusProfiles:
    """Technique counts of the whole corpus and of each outlet (by folded name)."""

    corpus: TechniqueCounts = field(default_factory=TechniqueCounts)
    outlets: dict[str, TechniqueCounts] = field(default_factory=dict)

    def outlet(self, name: str) -> TechniqueCounts:
        return self.outlets.get(fold(name), TechniqueCounts())


def corpus_profiles(articles: Iterable[Article]) -> CorpusProfiles:
    """Count paragraphs and technique paragraphs per outlet in one pass."""
    profiles = CorpusProfiles()
    for article in articles:
        profiles.corpus.add(article)
        if article.outlet:
            key = fold(article.outlet)
            profiles.outlets.setdefault(key, TechniqueCounts()).add(article)
    return profiles


@dataclass(frozen=True)
class ProfileRow:
    """One technique: share of the outlet's paragraphs and of the corpus's."""

    technique: str
    outlet_paragraphs: int
    outlet_share: float
    corpus_paragraphs: int
    corpus_share: float

    @property
    def ratio(self) -> float | None:
        """How many times more often than in the whole corpus (None if never there)."""
        return self.outlet_share / self.corpus_share if self.corpus_share else None


def profile_rows(outlet: TechniqueCounts, corpus: TechniqueCounts) -> list[ProfileRow]:
    """Every technique seen in the corpus, most frequent in the outlet first."""
    rows = [
        ProfileRow(
            technique,
            outlet.techniques[technique],
            outlet.share(technique),
            corpus.techniques[technique],
            corpus.share(technique),
        )
        for technique in corpus.techniques
    ]
    rows.sort(key=lambda row: (-row.outlet_share, -row.corpus_share, row.technique))
    return rows
