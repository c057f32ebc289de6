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
from collections.abc import Callable
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


def _timed(job: Callable[[], object]) -> float:
    """CPU time of the process to run ``job`` (one thread)."""
    t = time.process_time()
    job()
    return time.process_time() - t


def _jobs(predictor: Any, articles: list[list[str]]) -> dict[str, Callable[[], object]]:
    """What is timed: the predictor (one article per call, and 16 per call), the
    sentence encoder (one article per call as the predictor runs it, one paragraph
    per call, the paragraphs of 16 articles per call), and reading the words."""
    from presswatch.stages.persuasion.features import WORD

    encoder = predictor.encoder
    titles = [[i == 0 for i in range(len(a))] for a in articles]
    inputs = [(a, t, "fr") for a, t in zip(articles, titles, strict=True)]
    batches = [inputs[i : i + 16] for i in range(0, len(inputs), 16)]
    return {
        "predictor": lambda: [predictor.predict(*item) for item in inputs],
        "predictor_batches": lambda: [predictor.predict_many(batch) for batch in batches],
        "encoder": lambda: encoder.encode_articles(articles),
        "encoder_paragraphs": lambda: [encoder.encode([p]) for a in articles for p in a],
        "encoder_batches": lambda: [
            encoder.encode([p for a, _, _ in b for p in a]) for b in batches
        ],
        "baseline": lambda: [[w.lower() for w in WORD.findall(p)] for a in articles for p in a],
    }


def measure(n_articles: int, repeat: int) -> dict[str, Any]:
    from presswatch.stages.persuasion.model import load_model
    from presswatch.stages.persuasion.predict import Predictor

    before = rss_mib()
    started = time.perf_counter()
    predictor = Predictor(load_model())
    load_seconds = time.perf_counter() - started
    model_mib = rss_mib() - before
    assert predictor.encoder is not None, "the shipped model has sentence-encoder heads"

    articles = load_articles(n_articles)
    n_words = sum(len(p.split()) for a in articles for p in a)
    jobs = _jobs(predictor, articles)
    seconds = {"encoder_cold": _timed(jobs["encoder"])}  # fills the piece cache
    seconds.update({name: min(_timed(job) for _ in range(repeat)) for name, job in jobs.items()})
    base_s = seconds.pop("baseline")
    return {
        "articles": len(articles),
        "words": n_words,
        "load_seconds": round(load_seconds, 3),
        "model_mib": round(model_mib, 1),
        **{f"ms_{k}": round(1000 * v / len(articles), 2) for k, v in seconds.items()},
        "words_per_second": round(n_words / seconds["predictor"]),
        "baseline_words_per_second": round(n_words / base_s),
        "ratio": round(seconds["predictor"] / base_s, 1),
        "process_mib": round(rss_mib(), 1),
        "cache_pieces": predictor.encoder.cached_pieces(),
    }


def to_markdown(m: dict[str, Any]) -> str:
    return "\n".join(
        [
            "## Persuasion models (techniques + spans, genre, frames)",
            "",
            f"One core (CPU time of the process), {m['articles']} French articles ({m['words']:,} "
            f"words, {m['words'] / m['articles']:.0f} per article), best of 3 runs, after loading.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| model load (hashed models, word vectors, sentence encoder) | {m['load_seconds']:.2f} s |",
            f"| resident memory added by loading them | {m['model_mib']:.0f} MiB |",
            f"| predictor, per article (one article per call) | {m['ms_predictor']:.1f} ms |",
            f"| predictor, per article (`predict_many`, 16 articles per call) | {m['ms_predictor_batches']:.1f} ms |",
            f"| of which the sentence encoder (one article per call, as shipped) | {m['ms_encoder']:.1f} ms |",
            f"| sentence encoder, first pass (its piece cache empty) | {m['ms_encoder_cold']:.1f} ms |",
            f"| sentence encoder, one paragraph per call | {m['ms_encoder_paragraphs']:.1f} ms |",
            f"| sentence encoder, the paragraphs of 16 articles per call | {m['ms_encoder_batches']:.1f} ms |",
            f"| predictor throughput | {m['words_per_second']:,} words/s |",
            f"| baseline: tokenisation only | {m['baseline_words_per_second']:,} words/s |",
            f"| predictor time / baseline time | {m['ratio']:.1f}x |",
            f"| process resident memory at the end ({m['cache_pieces']:,} pieces cached) | {m['process_mib']:.0f} MiB |",
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
