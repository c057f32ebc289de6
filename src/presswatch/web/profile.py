"""Technique profiles: the share of paragraphs in which each persuasion
technique was found, for an outlet and for the whole corpus.

The store counts articles per technique, not paragraphs, so profiles are
computed in one streamed pass over the stored analyses (memory bounded: a
counter per outlet) by :class:`ProfileService`, once per corpus version.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from presswatch.core.article import Article
from presswatch.core.errors import PresswatchError
from presswatch.core.text import fold
from presswatch.corpus.store import Store, open_store

log = logging.getLogger("presswatch.web")


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


@dataclass(frozen=True)
class ProfileState:
    """Profiles as far as they are known: ``profiles`` is None while the
    first computation runs; ``articles`` is the corpus size they cover."""

    profiles: CorpusProfiles | None
    articles: int
    computing: bool


class ProfileService:
    """Computes :class:`CorpusProfiles` once per corpus version.

    Up to :attr:`inline_limit` articles the pass runs in the request (well
    under a second); above, it runs in a background thread with its own
    connection, and pages show the previous profiles (or none) meanwhile."""

    def __init__(self, url: str | None, *, inline_limit: int = 3000) -> None:
        self.url = url
        self.inline_limit = inline_limit
        self._lock = threading.Lock()
        self._result: tuple[tuple[int, int], CorpusProfiles] | None = None
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    def get(self, store: Store) -> ProfileState:
        version = store.revision()  # (articles, replacements)
        with self._lock:
            result = self._result
            running = self._thread is not None and self._thread.is_alive()
        if result is not None and result[0] == version:
            return ProfileState(result[1], result[0][0], False)
        if version[0] <= self.inline_limit and not running:
            profiles = corpus_profiles(store.export())
            with self._lock:
                self._result = (version, profiles)
            return ProfileState(profiles, version[0], False)
        if not running:
            self._start()
        if result is None:
            return ProfileState(None, version[0], True)
        return ProfileState(result[1], result[0][0], True)

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(
                target=self._compute, name="presswatch-profiles", daemon=True
            )
            self._thread.start()

    def _compute(self) -> None:
        try:
            with open_store(self.url) as store:
                version = store.revision()
                profiles = corpus_profiles(store.export())
        except PresswatchError as exc:
            log.error("technique profiles could not be computed: %s", exc)
            self.error = str(exc)
            return
        with self._lock:
            self._result = (version, profiles)
        self.error = None

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background computation (tests, benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
