"""Helpers shared by the benchmarks: isolated runs, peak memory, doc sections."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PRESSWATCH_SHARED") or ROOT.parent / "shared")
SEMEVAL = SHARED / "data" / "semeval2023-task3"
ONE_CORE_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run_isolated(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m module args`` pinned to one core; it prints one JSON object."""
    env = {**os.environ, **ONE_CORE_ENV}
    command = [sys.executable, "-m", module, *args]
    if hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", "0", *command] if _has_taskset() else command
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def _has_taskset() -> bool:
    return subprocess.run(["sh", "-c", "command -v taskset"], capture_output=True).returncode == 0


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_section(path: Path, name: str, body: str) -> None:
    """Replace (or append) the section between ``<!-- name:start -->`` and ``<!-- name:end -->``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block + "\n"
    )
    path.write_text(text, encoding="utf-8")
