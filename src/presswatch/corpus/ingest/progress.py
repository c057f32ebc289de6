"""Progress of an ingest: a bar with rate and ETA on a terminal, a plain
line every few seconds otherwise (logs, CI)."""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from presswatch.corpus.ingest import IngestSummary


def describe(summary: IngestSummary) -> str:
    near = f" ({summary.near_duplicates} near-duplicates linked)" if summary.near_duplicates else ""
    updated = f", {summary.updated} updated" if summary.updated else ""
    return (
        f"{summary.stored} stored{updated}{near}, {summary.duplicates} already stored, "
        f"{summary.failed} failed"
    )


class LineProgress:
    """One line on ``stream`` at most every ``every`` seconds."""

    def __init__(self, stream: IO[str] | None = None, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self._last = time.monotonic()

    def __call__(self, summary: IngestSummary) -> None:
        now = time.monotonic()
        if now - self._last < self.every:
            return
        self._last = now
        of_total = f"/{summary.total}" if summary.total else ""
        parts = f", {summary.partitions_done} partitions" if summary.partitions_done else ""
        print(
            f"ingest: {summary.processed}{of_total} processed ({describe(summary)}{parts}), "
            f"{summary.rate:.1f} articles/s",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        return None


class BarProgress:
    """A rich progress bar on stderr: done/total, rate, elapsed and ETA."""

    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("ingest"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f}/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[detail]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("ingest", total=total, rate=0.0, detail="")

    def __call__(self, summary: IngestSummary) -> None:
        detail = f"{summary.stored} stored, {summary.duplicates} dup., {summary.failed} failed"
        if summary.partitions_done:
            detail += f", {summary.partitions_done} partitions"
        fields: dict[str, Any] = {"rate": summary.rate, "detail": detail}
        self._progress.update(
            self._task, completed=summary.processed, total=summary.total, **fields
        )

    def close(self) -> None:
        self._progress.stop()


def progress_for(
    stream: IO[str], total: int | None, *, enabled: bool = True
) -> LineProgress | BarProgress | None:
    if not enabled:
        return None
    if stream.isatty():
        return BarProgress(total)
    return LineProgress(stream)
