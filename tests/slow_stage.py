"""A pipeline for ingest tests: the real repair stage plus a stage that takes
a little time, so that an ingest can be interrupted in the middle.
Importable by worker processes (tests put this folder on PYTHONPATH)."""

from __future__ import annotations

import os
import time

from presswatch.core.article import Article
from presswatch.core.pipeline import Pipeline, Stage, get_stage

#: Seconds each article takes in the slow stage (a test that must interrupt
#: an ingest before it ends on a loaded machine asks for more).
SLOW_SECONDS = float(os.environ.get("PRESSWATCH_TEST_SLOW_SECONDS", "0.05"))


def slow(article: Article) -> Article:
    time.sleep(SLOW_SECONDS)
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
