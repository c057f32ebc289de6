"""Enrichment stages and the pipeline that runs them.

A stage is a plain callable ``Article -> Article`` registered under a name
with what it needs and what it adds (spaCy's pipeline model)::

    from presswatch import stage

    @stage("shouting", requires=("paragraphs",), provides=("shouting",))
    def count_capitals(article):
        ...
        return article

Users build a :class:`Pipeline` from names, disable stages or replace one::

    Pipeline.default().without("dates").replace("quantities", my_quantities)

Stages that only work for some languages declare them; on an article in
another language the pipeline skips the stage and records
"unavailable for language xx" in :attr:`Article.unavailable`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, cast

from presswatch.core.article import Article
from presswatch.core.errors import (
    ArticleTooLongError,
    PipelineError,
    PresswatchError,
    RegistryError,
    StageError,
)
from presswatch.core.options import Options
from presswatch.core.registry import Registry

StageFunc = Callable[[Article], Article]
BatchFunc = Callable[[list[Article]], list[Article]]

#: What readers put on every article before any stage runs.
READER_PROVIDES = frozenset({"text", "title", "lead", "metadata"})


class LanguageSet(Protocol):
    """The languages a stage supports: a set of ISO 639-1 codes, or a lazy
    view of the language packs (:func:`presswatch.lang.packs_with`)."""

    def __contains__(self, code: object, /) -> bool: ...

    def __iter__(self) -> Iterator[str]: ...


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    languages: LanguageSet | None = None  # None: every language
    description: str = ""
    batch: BatchFunc | None = None  # optional faster path over several articles
    #: Builds the stage for given :class:`Options` (a stage with tunables).
    configure: Callable[[Stage, Options], Stage] | None = None

    def applies_to(self, article: Article) -> bool:
        return self.languages is None or article.language in self.languages

    def configured(self, options: Options) -> Stage:
        """This stage set up for ``options`` (itself when it has no tunables)."""
        if self.configure is None:
            return self
        return replace(self.configure(self, options), configure=None)


def _as_stage(name: str, value: Any) -> Stage:
    found = value if isinstance(value, Stage) else getattr(value, "__presswatch_stage__", None)
    if not isinstance(found, Stage):
        raise RegistryError(f"the stage {name!r} is not a Stage (got {value!r})")
    if found.name != name:
        raise RegistryError(f"the stage registered as {name!r} is named {found.name!r}")
    return found


#: The stages, by name: the built-ins below, plug-ins from the
#: ``presswatch.stages`` entry-point group, and any :func:`stage` decorated.
STAGES: Registry[Stage] = Registry(
    "stage",
    "presswatch.stages",
    builtins={
        "repair": "presswatch.stages.repair:repair_article",
        "language": "presswatch.stages.language:identify_language",
        "nlp": "presswatch.stages.nlp:nlp_stage",
        "entities": "presswatch.stages.entities:canonicalise_entities",
        "attribution": "presswatch.stages.attribution:attribute",
        "dates": "presswatch.stages.dates:extract_dates",
        "quantities": "presswatch.stages.quantities:extract_quantities",
        "persuasion": "presswatch.stages.persuasion.stage:detect_persuasion",
    },
    coerce=_as_stage,
)

#: The default order of the built-in stages.
DEFAULT_STAGES = tuple(STAGES.builtin_names())


def stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    languages: Iterable[str] | LanguageSet | None = None,
    description: str = "",
    batch: BatchFunc | None = None,
    configure: Callable[[Stage, Options], Stage] | None = None,
) -> Callable[[StageFunc], StageFunc]:
    """Register ``func`` as the stage ``name`` (decorator). ``batch``, if
    given, processes several articles at once with the same result;
    ``configure`` rebuilds the stage for an :class:`Options`."""

    def register(func: StageFunc) -> StageFunc:
        registered = STAGES.register(
            name,
            Stage(
                name=name,
                func=func,
                requires=tuple(requires),
                provides=tuple(provides),
                languages=_language_set(languages),
                description=description or (func.__doc__ or "").strip().split("\n")[0],
                batch=batch,
                configure=configure,
            ),
        )
        with contextlib.suppress(AttributeError):  # a callable object may refuse attributes
            func.__presswatch_stage__ = registered  # type: ignore[attr-defined]
        return func

    return register


def _language_set(languages: Iterable[str] | LanguageSet | None) -> LanguageSet | None:
    if languages is None:
        return None
    if isinstance(languages, list | tuple | set | frozenset):
        return frozenset(languages)
    return cast(LanguageSet, languages)  # a lazy set (language packs)


def get_stage(name: str) -> Stage:
    try:
        return STAGES.get(name)
    except RegistryError as exc:
        raise PipelineError(str(exc)) from None


def available_stages() -> dict[str, Stage]:
    return dict(STAGES.items())


class Pipeline:
    """An ordered list of stages, checked so that each stage's requirements
    are provided by a reader or an earlier stage."""

    def __init__(self, stages: Sequence[Stage | str], options: Options | None = None) -> None:
        self.options = options or Options()
        self.stages: list[Stage] = [
            (s if isinstance(s, Stage) else get_stage(s)).configured(self.options) for s in stages
        ]
        self._check()

    @classmethod
    def default(cls, options: Options | None = None) -> Pipeline:
        """The built-in stages in their default order, without ``options.disable``."""
        pipeline = cls(list(DEFAULT_STAGES), options)
        disabled = pipeline.options.disable
        return pipeline.without(*disabled) if disabled else pipeline

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def without(self, *names: str) -> Pipeline:
        unknown = set(names) - set(self.names)
        if unknown:
            raise PipelineError(f"cannot disable {sorted(unknown)}: not in the pipeline")
        return Pipeline([s for s in self.stages if s.name not in names], self.options)

    def replace(self, name: str, func: StageFunc) -> Pipeline:
        if name not in self.names:
            raise PipelineError(f"cannot replace {name!r}: not in the pipeline")
        return Pipeline(
            [replace(s, func=func) if s.name == name else s for s in self.stages], self.options
        )

    def with_stage(self, new: Stage | str, *, after: str | None = None) -> Pipeline:
        new_stage = new if isinstance(new, Stage) else get_stage(new)
        stages = list(self.stages)
        index = len(stages) if after is None else self.names.index(after) + 1
        stages.insert(index, new_stage)
        return Pipeline(stages, self.options)

    def _check(self) -> None:
        available = set(READER_PROVIDES)
        for s in self.stages:
            missing = [r for r in s.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {s.name!r} requires {', '.join(missing)}, "
                    "which no earlier stage provides"
                )
            available.update(s.provides)

    def __call__(self, article: Article) -> Article:
        return self.run(article)

    def run(self, article: Article) -> Article:
        """Run every stage on one article; a failing stage raises
        :class:`StageError`, an article longer than ``options.max_chars``
        :class:`ArticleTooLongError` (before any stage runs)."""
        self._check_length(article)
        skipped: dict[str, str] = {}
        for s in self.stages:
            if self._skip(s, article, skipped):
                continue
            article = self._apply(s, article)
        return article

    def _check_length(self, article: Article) -> None:
        if len(article.text) > self.options.max_chars:
            raise ArticleTooLongError(
                article.source or article.id, len(article.text), self.options.max_chars
            )

    def run_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[Article | PresswatchError]:
        """Run the pipeline over many articles, in batches for stages that
        have a batch path (the NLP stage). Yields each article, in order, or
        the error that stopped it (:class:`StageError`,
        :class:`ArticleTooLongError`); one failure never stops the rest."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article | PresswatchError]:
        results: list[Article | PresswatchError] = []
        for article in batch:
            try:
                self._check_length(article)
                results.append(article)
            except ArticleTooLongError as error:
                results.append(error)
        skipped: list[dict[str, str]] = [{} for _ in batch]
        for s in self.stages:
            todo = [
                i
                for i, item in enumerate(results)
                if isinstance(item, Article) and not self._skip(s, item, skipped[i])
            ]
            if s.batch is not None and len(todo) > 1 and self._apply_batch(s, results, todo):
                continue
            for i in todo:
                item = results[i]
                assert isinstance(item, Article)
                try:
                    results[i] = self._apply(s, item)
                except StageError as error:
                    results[i] = error
        return results

    def _apply_batch(
        self, s: Stage, results: list[Article | PresswatchError], todo: list[int]
    ) -> bool:
        """Run a stage's batch path; False (nothing changed) if it failed, so
        the articles are retried one by one and only the culprit fails."""
        assert s.batch is not None
        try:
            done = s.batch([results[i] for i in todo])  # type: ignore[misc]
        except Exception:
            return False
        for i, article in zip(todo, done, strict=True):
            article.stages.append(s.name)
            results[i] = article
        return True

    @staticmethod
    def _skip(s: Stage, article: Article, skipped: dict[str, str]) -> bool:
        """Record and return whether ``s`` cannot run on ``article``: a
        requirement was skipped, or the article's language is not supported."""
        reason = next((skipped[r] for r in s.requires if r in skipped), None)
        if reason is None and not s.applies_to(article):
            reason = f"unavailable for language {article.language or 'unknown'}"
        if reason is None:
            return False
        article.mark_unavailable(s.name, reason)
        skipped.update(dict.fromkeys(s.provides, reason))
        return True

    @staticmethod
    def _apply(s: Stage, article: Article) -> Article:
        try:
            article = s.func(article)
        except Exception as exc:  # a stage bug must name the stage and the article
            raise StageError(s.name, article.source or article.id, repr(exc)) from exc
        article.stages.append(s.name)
        return article

    def __repr__(self) -> str:
        return f"Pipeline({self.names})"
