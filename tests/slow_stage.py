"""A pipeline for ingest tests: the real repair stage plus a stage that takes
a little time, so that an ingest can be interrupted in the middle.
Importable by worker processes (tests put this folder on PYTHONPATH)."""

from __future__ import annotations

import time

from presswatch.core.article import Article
from presswatch.core.pipeline import Pipeline, Stage, get_stage


def slow(article: Article) -> Article:
    time.sleep(0.05)
    return article


def slow_pipeline() -> Pipeline:
    return Pipeline([get_stage("repair"), Stage("slow", slow, requires=("text",))])


def fast_pipeline() -> Pipeline:
    return Pipeline([get_stage("repair")])


def explode_on_boom(article: Article) -> Article:
    if "boom" in article.title:
        raise RuntimeError("a stage bug")
    return article


def fragile_pipeline() -> Pipeline:
    return Pipeline([get_stage("repair"), Stage("fragile", explode_on_boom, requires=("text",))])
