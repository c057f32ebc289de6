"""Speed and memory of the persuasion stage: ``python -m benchmarks.persuasion``.

Loads the shipped model (time and resident memory it adds), then runs the
stage's predictor on real articles — the French SemEval articles when
``../shared`` is there, else the seed article — and reports milliseconds per
article and words per second on one core. The baseline measured in the same
run is the tokenisation alone (the regex the features use), so the ratio
says how much the models cost on top of reading the words.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEMEVAL_FR = ROOT.parent / "shared" / "data" / "semeval2023-task3" / "fr" / "train-articles"
SEED = ROOT.parent / "shared" / "seeds" / "000_a37657c982aca66a.txt"


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.persuasion")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from presswatch.persuasion.model import load_model
    from presswatch.persuasion.predict import Predictor

    before = rss_mib()
    started = time.perf_counter()
    predictor = Predictor(load_model())
    load_seconds = time.perf_counter() - started
    model_mib = rss_mib() - before

    articles = load_articles(args.articles)
    n_words = sum(len(p.split()) for a in articles for p in a)
    for paragraphs in articles[:3]:  # warm-up (caches, lazy pages)
        predictor.predict(paragraphs, [i == 0 for i in range(len(paragraphs))], "fr")

    def run_models() -> float:
        t = time.perf_counter()
        for paragraphs in articles:
            predictor.predict(paragraphs, [i == 0 for i in range(len(paragraphs))], "fr")
        return time.perf_counter() - t

    def run_baseline() -> float:
        from presswatch.persuasion.features import words

        t = time.perf_counter()
        for paragraphs in articles:
            for p in paragraphs:
                words(p)
        return time.perf_counter() - t

    model_s = min(run_models() for _ in range(args.repeat))
    base_s = min(run_baseline() for _ in range(args.repeat))
    per_article = 1000 * model_s / len(articles)
    print(f"articles: {len(articles)} ({n_words:,} words, {n_words / len(articles):.0f} per article)")
    print(f"model load: {load_seconds:.2f} s, resident memory added: {model_mib:.0f} MiB")
    print(f"persuasion predictor: {per_article:.1f} ms/article, {n_words / model_s:,.0f} words/s")
    print(f"baseline (tokenisation only): {n_words / base_s:,.0f} words/s")
    print(f"ratio predictor/baseline time: {model_s / base_s:.1f}x")
    print(f"resident memory of the process at the end: {rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
