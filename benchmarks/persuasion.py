"""Speed and memory of the persuasion models: ``python -m benchmarks.persuasion``.

In a fresh process pinned to one core it loads the shipped model (time and
resident memory it adds), then runs the predictor — techniques, word spans,
genre and frames — on real French articles (the SemEval French articles when
``../shared`` is there, else the seed article) and reports milliseconds per
article and words per second. The baseline measured in the same run is
reading the words alone (the tokeniser the features use), so the ratio says
what the models cost on top of it.

``make bench`` calls :func:`report` (register ``"persuasion":
"benchmarks.persuasion"`` in ``benchmarks/run.py``); ``--write FILE``
updates this benchmark's section of ``docs/benchmarks.md`` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from benchmarks._common import SEMEVAL, SHARED, run_isolated, write_section

SEMEVAL_FR = SEMEVAL / "fr" / "train-articles"
SEED = SHARED / "seeds" / "000_a37657c982aca66a.txt"


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_articles(limit: int) -> list[list[str]]:
    paths = sorted(SEMEVAL_FR.glob("article*.txt"))[:limit] if SEMEVAL_FR.is_dir() else [SEED]
    articles = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        articles.append([p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()])
    return articles


def measure(n_articles: int, repeat: int) -> dict[str, Any]:
    from presswatch.stages.persuasion.features import WORD
    from presswatch.stages.persuasion.model import load_model
    from presswatch.stages.persuasion.predict import Predictor

    before = rss_mib()
    started = time.perf_counter()
    predictor = Predictor(load_model())
    load_seconds = time.perf_counter() - started
    model_mib = rss_mib() - before

    articles = load_articles(n_articles)
    n_words = sum(len(p.split()) for a in articles for p in a)
    titles = [[i == 0 for i in range(len(a))] for a in articles]
    for paragraphs, flags in list(zip(articles, titles, strict=True))[:3]:  # warm-up
        predictor.predict(paragraphs, flags, "fr")

    def run_models() -> float:
        t = time.perf_counter()
        for paragraphs, flags in zip(articles, titles, strict=True):
            predictor.predict(paragraphs, flags, "fr")
        return time.perf_counter() - t

    def run_baseline() -> float:
        t = time.perf_counter()
        for paragraphs in articles:
            for p in paragraphs:
                [w.lower() for w in WORD.findall(p)]
        return time.perf_counter() - t

    model_s = min(run_models() for _ in range(repeat))
    base_s = min(run_baseline() for _ in range(repeat))
    return {
        "articles": len(articles),
        "words": n_words,
        "load_seconds": round(load_seconds, 3),
        "model_mib": round(model_mib, 1),
        "ms_per_article": round(1000 * model_s / len(articles), 2),
        "words_per_second": round(n_words / model_s),
        "baseline_words_per_second": round(n_words / base_s),
        "ratio": round(model_s / base_s, 1),
        "process_mib": round(rss_mib(), 1),
    }


def to_markdown(m: dict[str, Any]) -> str:
    return "\n".join(
        [
            "## Persuasion models (techniques + spans, genre, frames)",
            "",
            f"One core, {m['articles']} French articles ({m['words']:,} words, "
            f"{m['words'] / m['articles']:.0f} per article), best of 3 runs, after loading.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| model load | {m['load_seconds']:.2f} s |",
            f"| resident memory added by the model | {m['model_mib']:.0f} MiB |",
            f"| predictor, per article | {m['ms_per_article']:.1f} ms |",
            f"| predictor throughput | {m['words_per_second']:,} words/s |",
            f"| baseline: tokenisation only | {m['baseline_words_per_second']:,} words/s |",
            f"| predictor time / baseline time | {m['ratio']:.1f}x |",
            f"| process resident memory at the end | {m['process_mib']:.0f} MiB |",
        ]
    )


def report(_: object = None) -> str:
    """Markdown for docs/benchmarks.md, measured in an isolated one-core process."""
    return to_markdown(run_isolated("benchmarks.persuasion", "--json"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.persuasion")
    parser.add_argument("--articles", type=int, default=158)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the measures as one JSON line")
    parser.add_argument("--write", type=Path, help="update this section of a benchmarks file")
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.articles, args.repeat)))
        return 0
    text = report()
    print(text)
    if args.write:
        write_section(args.write, "persuasion", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
