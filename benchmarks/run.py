"""``make bench``: every benchmark, results written to docs/benchmarks.md.

python -m benchmarks.run [--write docs/benchmarks.md] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from benchmarks._common import write_section

#: name -> module with a ``report(...) -> str`` function (markdown).
BENCHMARKS = {
    "analysis": "benchmarks.analysis",
    "corpus": "benchmarks.corpus",
    "cluster": "benchmarks.cluster",
    "dashboard": "benchmarks.dashboard",
    "identities": "benchmarks.identities",
    "persuasion": "benchmarks.persuasion",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS))
    args = parser.parse_args()
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(BENCHMARKS[name])
        text = module.report(None)
        print(text, flush=True)
        if args.write:
            write_section(args.write, name, text)


if __name__ == "__main__":
    main()
