"""Enrichment stages and the pipeline that runs them.

A stage is a plain callable ``Article -> Article`` registered under a name
with what it needs and what it adds (spaCy's pipeline model)::

    from presswatch.pipeline import stage

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

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from presswatch.article import Article
from presswatch.errors import PipelineError, StageError

StageFunc = Callable[[Article], Article]

#: What readers put on every article before any stage runs.
READER_PROVIDES = frozenset({"text", "title", "lead", "metadata"})


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    languages: frozenset[str] | None = None  # None: every language
    description: str = ""

    def applies_to(self, article: Article) -> bool:
        return self.languages is None or article.language in self.languages


_REGISTRY: dict[str, Stage] = {}

#: Modules whose import registers the built-in stages (imported lazily).
_BUILTIN_MODULES = (
    "presswatch.repair",
    "presswatch.language",
    "presswatch.nlp",
    "presswatch.entities",
    "presswatch.attribution",
    "presswatch.figures",
    "presswatch.dates",
    "presswatch.persuasion.stage",
)

#: The default order of the built-in stages.
DEFAULT_STAGES = (
    "repair",
    "language",
    "nlp",
    "entities",
    "attribution",
    "quantities",
    "dates",
    "persuasion",
)

_OPTIONAL_STAGES: dict[str, str] = {}


def stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    languages: Iterable[str] | None = None,
    description: str = "",
) -> Callable[[StageFunc], StageFunc]:
    """Register ``func`` as the stage ``name`` (decorator)."""

    def register(func: StageFunc) -> StageFunc:
        _REGISTRY[name] = Stage(
            name=name,
            func=func,
            requires=tuple(requires),
            provides=tuple(provides),
            languages=frozenset(languages) if languages is not None else None,
            description=description or (func.__doc__ or "").strip().split("\n")[0],
        )
        return func

    return register


def register_optional(name: str, module: str) -> None:
    """Declare a stage that lives in a module imported only when asked for."""
    _OPTIONAL_STAGES[name] = module


def _load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


def get_stage(name: str) -> Stage:
    if name not in _REGISTRY:
        _load_builtins()
    if name not in _REGISTRY and name in _OPTIONAL_STAGES:
        importlib.import_module(_OPTIONAL_STAGES[name])
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(available_stages()))
        raise PipelineError(f"unknown stage {name!r} (known: {known})") from None


def available_stages() -> dict[str, Stage]:
    _load_builtins()
    return dict(_REGISTRY)


class Pipeline:
    """An ordered list of stages, checked so that each stage's requirements
    are provided by a reader or an earlier stage."""

    def __init__(self, stages: Sequence[Stage | str]) -> None:
        self.stages: list[Stage] = [s if isinstance(s, Stage) else get_stage(s) for s in stages]
        self._check()

    @classmethod
    def default(cls) -> Pipeline:
        return cls(list(DEFAULT_STAGES) + _default_extras())

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def without(self, *names: str) -> Pipeline:
        unknown = set(names) - set(self.names)
        if unknown:
            raise PipelineError(f"cannot disable {sorted(unknown)}: not in the pipeline")
        return Pipeline([s for s in self.stages if s.name not in names])

    def replace(self, name: str, func: StageFunc) -> Pipeline:
        if name not in self.names:
            raise PipelineError(f"cannot replace {name!r}: not in the pipeline")
        return Pipeline([replace(s, func=func) if s.name == name else s for s in self.stages])

    def with_stage(self, new: Stage | str, *, after: str | None = None) -> Pipeline:
        new_stage = new if isinstance(new, Stage) else get_stage(new)
        stages = list(self.stages)
        index = len(stages) if after is None else self.names.index(after) + 1
        stages.insert(index, new_stage)
        return Pipeline(stages)

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
        skipped: dict[str, str] = {}  # what a skipped stage would have provided -> why
        for s in self.stages:
            reason = next((skipped[r] for r in s.requires if r in skipped), None)
            if reason is None and not s.applies_to(article):
                reason = f"unavailable for language {article.language or 'unknown'}"
            if reason is not None:
                article.mark_unavailable(s.name, reason)
                skipped.update(dict.fromkeys(s.provides, reason))
                continue
            try:
                article = s.func(article)
            except Exception as exc:  # a stage bug must name the stage and the article
                raise StageError(s.name, article.source or article.id, repr(exc)) from exc
            article.stages.append(s.name)
        return article

    def __repr__(self) -> str:
        return f"Pipeline({self.names})"


def _default_extras() -> list[str]:
    """Optional stages that join the default pipeline when their module is present."""
    extras = []
    for name, module in _OPTIONAL_STAGES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        if name in _REGISTRY:
            extras.append(name)
    return extras
