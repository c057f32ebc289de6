"""The Dask worker plugin: each worker process loads the analysis models once
(imported by the workers and by :class:`~presswatch.corpus.cluster.DaskRunner`
only, since it needs Dask distributed)."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from presswatch import __version__
from presswatch.core.errors import PresswatchError
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.tasks import set_worker_pipeline


class VersionMismatchError(PresswatchError):
    """A worker runs another presswatch version than the client."""


class PipelinePlugin(WorkerPlugin):
    """Loads the analysis models once per worker process, and checks that
    the worker runs the client's presswatch version."""

    name = "presswatch-pipeline"

    def __init__(self, pipeline: Pipeline | None, version: str = __version__) -> None:
        self.pipeline = pipeline
        self.version = version

    def setup(self, worker: Any = None) -> None:
        if self.version != __version__:
            raise VersionMismatchError(
                f"worker {getattr(worker, 'address', '?')} runs presswatch {__version__}, "
                f"the client {self.version}: install the same version on every worker"
            )
        set_worker_pipeline(self.pipeline or Pipeline.default())

    def teardown(self, worker: Any = None) -> None:
        set_worker_pipeline(None)
