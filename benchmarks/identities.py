"""Identity benchmark (issue 10): what corpus-wide identities cost when
articles are stored and when facets and filtered searches are counted.

    python -m benchmarks.identities [--articles 20000] [--write docs/benchmarks.md]

Records: the French SemEval-2023 training articles (../shared) analysed once
by the default pipeline (cached in the work directory), then copied to
``--articles`` records: each copy keeps its article's analysis and gets its
own URL and text; in half of the copies every person gets another common
given name (same surname), and a tenth of the organisations a numbered
variant, so that the name vocabulary keeps growing and many full names share
a surname — the case where identities are decided again at each batch.

Baseline: the same records stored by presswatch as it was before identities
(``BASE``, extracted with ``git archive``; schema version 3), in a separate
process pinned to one core, alternating with the current code; batches of
16 records, as ``presswatch ingest`` stores them. Then, on both databases,
facet counts and searches with and without name filters, interleaved; and
the migration of the baseline database to schema version 4.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from benchmarks._common import ONE_CORE_ENV, ROOT, SEMEVAL, write_section

SECTION = "identities"
#: The commit before corpus-wide identities (schema version 3).
BASE = "07e9f9c"
BATCH = 16
DEFAULT_WORKDIR = os.environ.get("PRESSWATCH_BENCH_DIR", "/tmp/presswatch-bench-identities")
ROUNDS = 2


# -- records ------------------------------------------------------------------------------


def analysed_articles(work: Path) -> list[dict[str, Any]]:
    """The French training articles, analysed once (cached as JSON Lines)."""
    cache = work / "fr-analysed.jsonl"
    if not cache.exists():
        import presswatch

        articles = presswatch.analyze_paths([str(SEMEVAL / "fr" / "train-articles")])
        with cache.open("w", encoding="utf-8") as out:
            for article in articles:
                if isinstance(article, presswatch.Article):
                    out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    return [json.loads(line) for line in cache.open(encoding="utf-8")]


def _persons(data: dict[str, Any]) -> set[str]:
    names = {e["canonical"] for e in data["entities"] if e["label"] == "PER"}
    names |= {
        q["speaker"] for q in data["quotes"] if q["speaker_type"] == "person" and q["speaker"]
    }
    return {n for n in names if len(n.split()) >= 2}


def _organisations(data: dict[str, Any]) -> set[str]:
    return {e["canonical"] for e in data["entities"] if e["label"] == "ORG"}


def _rename(data: dict[str, Any], names: dict[str, str]) -> None:
    for entity in data["entities"]:
        entity["canonical"] = names.get(entity["canonical"], entity["canonical"])
    for quote in data["quotes"]:
        quote["speaker"] = names.get(quote["speaker"], quote["speaker"])
    for source in data["sources"]:
        source["name"] = names.get(source["name"], source["name"])


def build_records(work: Path, count: int, seed: int = 20220224) -> Path:
    """``count`` records as JSON Lines (article, canonical URL, content hash, signature)."""
    target = work / f"records-{count}.jsonl"
    if target.exists():
        return target
    from presswatch.core.article import Article
    from presswatch.corpus.fingerprints import canonical_url, content_hash, minhash_signature
    from presswatch.lang.xx import first_names

    given = sorted(first_names())
    rng = random.Random(seed)
    sources = analysed_articles(work)
    partial = target.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for n in range(count):
            data = json.loads(json.dumps(sources[n % len(sources)]))
            names: dict[str, str] = {}
            if rng.random() < 0.5:
                for name in _persons(data):
                    names[name] = " ".join([rng.choice(given).capitalize(), *name.split()[1:]])
            for name in _organisations(data):
                if rng.random() < 0.1:
                    names[name] = f"{name} {rng.randrange(1000)}"
            _rename(data, names)
            data["url"] = f"https://outlet-{n % 24:02d}.example/article-{n}"
            data["text"] += f"\n\nCopie {n}."
            data["published"] = f"202{n % 3}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
            data["outlet"] = f"Outlet {n % 24:02d}"
            data["id"] = ""
            article = Article.from_dict(data)
            signature = minhash_signature(article.text)
            record = {
                "article": article.to_dict(),
                "canonical_url": canonical_url(article.url),
                "content_hash": content_hash(article.text),
                "signature": list(signature) if signature else None,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.rename(target)
    return target


def base_code(work: Path) -> Path:
    """The presswatch sources at :data:`BASE`, extracted once."""
    folder = work / f"base-{BASE}"
    if not (folder / "src" / "presswatch").exists():
        archive = subprocess.run(
            ["git", "archive", BASE, "src"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    return folder / "src"


# -- one side, in its own process ---------------------------------------------------------


def _batches(path: Path) -> Iterator[list[Any]]:
    """The records of ``path``, :data:`BATCH` at a time (read as they are stored)."""
    from presswatch.core.article import Article
    from presswatch.corpus.store import Record

    batch = []
    for line in path.open(encoding="utf-8"):
        data = json.loads(line)
        signature = tuple(data["signature"]) if data["signature"] else None
        batch.append(
            Record(
                Article.from_dict(data["article"]),
                data["canonical_url"],
                data["content_hash"],
                signature,
            )
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def store_side(records_path: Path, db: Path) -> dict[str, Any]:
    """Store every record in batches; time the whole and the identity step."""
    from presswatch.corpus.store import open_store

    identity_seconds = [0.0, 0.0]  # wall, CPU
    try:
        import presswatch.corpus.store.base as base
        from presswatch.corpus.store.identities import update_identities
    except ImportError:  # the baseline has no identities
        pass
    else:

        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return update_identities(*args, **kwargs)
            finally:
                identity_seconds[0] += time.perf_counter() - started
                identity_seconds[1] += time.process_time() - cpu

        base.update_identities = timed
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    seconds = cpu = 0.0
    stored = 0
    with open_store(str(db), create=True) as store:
        for batch in _batches(records_path):
            started, cpu_started = time.perf_counter(), time.process_time()
            store.add_many(batch)
            seconds += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            stored += len(batch)
        names = 0
        if "identities" in store._tables():
            names = int(store._execute("SELECT count(*) FROM identity_names").fetchone()[0])
            identities = int(store._execute("SELECT count(*) FROM identities").fetchone()[0])
        else:
            identities = 0
    return {
        "articles": stored,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "identity_seconds": round(identity_seconds[0], 2),
        "identity_cpu_seconds": round(identity_seconds[1], 2),
        "names": names,
        "identities": identities,
        "bytes": sum(p.stat().st_size for p in db.parent.glob(db.name + "*")),
    }


def query_side(db: Path, queries_path: Path) -> dict[str, Any]:
    """Facet counts and searches (with and without name filters) on ``db``."""
    from presswatch.corpus.store import Filters, open_store

    queries = json.loads(queries_path.read_text("utf-8"))
    timings: dict[str, list[float]] = {}
    with open_store(str(db)) as store:
        store.facets(None, None)  # warm the page cache
        for shape, query, filters in queries:
            started = time.perf_counter()
            if shape.startswith("facets"):
                store.facets(query, Filters(**filters))
            else:
                store.search(query, Filters(**filters), limit=20)
            timings.setdefault(shape, []).append((time.perf_counter() - started) * 1000)
    return {
        shape: {
            "n": len(values),
            "p50": round(statistics.median(values), 2),
            "p95": round(sorted(values)[int(0.95 * (len(values) - 1))], 2),
        }
        for shape, values in timings.items()
    }


def migrate_side(db: Path) -> dict[str, Any]:
    from presswatch.corpus.store import open_store

    started = time.perf_counter()
    with open_store(str(db)) as store:
        version = store.schema_version()
    return {"seconds": round(time.perf_counter() - started, 2), "version": version}


def _run(code: Path | None, *args: str) -> dict[str, Any]:
    """This module in a subprocess pinned to one core, with ``code`` first on the path."""
    env = {**os.environ, **ONE_CORE_ENV}
    if code is not None:
        env["PYTHONPATH"] = f"{code}{os.pathsep}{env.get('PYTHONPATH', '')}"
    command = [sys.executable, "-m", "benchmarks.identities", *args]
    if os.path.exists("/usr/bin/taskset"):
        command = ["taskset", "-c", "1", *command]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- queries -------------------------------------------------------------------------------


def make_queries(sources: list[dict[str, Any]], count: int, seed: int = 7) -> list[Any]:
    """Facets and searches, with and without name filters, from the articles' words and names."""
    rng = random.Random(seed)
    words = [w for d in sources for w in d["title"].split() if len(w) > 4 and w.isalpha()]
    speakers = sorted({q["speaker"] for d in sources for q in d["quotes"] if q["speaker"]})
    entities = sorted({e["canonical"] for d in sources for e in d["entities"]})
    shapes = ("facets", "facets_query", "facets_speaker", "search_speaker", "search_entity",
              "search_query")  # fmt: skip
    queries = []
    for n in range(count):
        shape = shapes[n % len(shapes)]
        query = rng.choice(words) if shape in ("facets_query", "search_query") else None
        filters: dict[str, Any] = {}
        if shape in ("facets_speaker", "search_speaker"):
            filters = {"speakers": [rng.choice(speakers)]}
        elif shape == "search_entity":
            filters = {"entities": [rng.choice(entities)]}
        queries.append((shape, query, filters))
    return queries


# -- the whole benchmark --------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    records = build_records(work, args.articles)
    base = base_code(work)
    queries_path = work / "queries.json"
    queries_path.write_text(json.dumps(make_queries(analysed_articles(work), args.queries)))
    sides = {"baseline": base, "identities": None}
    stores: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    queries: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    for round_number in range(args.rounds):
        order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
        for name in order:
            print(f"round {round_number + 1}: storing ({name})", flush=True)
            db = work / f"{name}.db"
            stores[name].append(_run(sides[name], "--side", "store", str(records), str(db)))
        for name in order:
            print(f"round {round_number + 1}: queries ({name})", flush=True)
            db = work / f"{name}.db"
            queries[name].append(_run(sides[name], "--side", "query", str(db), str(queries_path)))
    migrated = work / "migrated.db"
    migrated.write_bytes((work / "baseline.db").read_bytes())
    migration = _run(None, "--side", "migrate", str(migrated))
    return {
        "articles": args.articles,
        "sources": len(analysed_articles(work)),
        "stores": stores,
        "queries": queries,
        "migration": migration,
    }


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(run[key] for run in runs))


def render(results: dict[str, Any]) -> str:
    base, new = results["stores"]["baseline"], results["stores"]["identities"]
    base_cpu, new_cpu = _median(base, "cpu_seconds"), _median(new, "cpu_seconds")
    base_s, new_s = _median(base, "seconds"), _median(new, "seconds")
    identity_cpu = _median(new, "identity_cpu_seconds")
    n = results["articles"]
    lines = [
        "## Corpus-wide identities (issue 10): `python -m benchmarks.identities`",
        "",
        f"{n:,} records built from the {results['sources']} French SemEval training articles "
        "analysed by the default pipeline (names varied so that the vocabulary grows: "
        f"{new[-1]['names']:,} distinct names, {new[-1]['identities']:,} identities), stored in "
        f"batches of {BATCH} by presswatch before identities (`{BASE}`, schema 3) and now, each "
        f"in its own process on one core, alternating; median of {len(new)} rounds. Storing is "
        "compared in CPU time (the machine is shared: wall-clock time, in parentheses, also "
        "counts the time other jobs held the core).",
        "",
        "| measure | before | now | now / before |",
        "|---|---|---|---|",
        f"| storing {n:,} articles: FTS, MinHash, facets (and identities), CPU (wall) | "
        f"{base_cpu:.1f} s ({base_s:.0f} s) | {new_cpu:.1f} s ({new_s:.0f} s) | "
        f"**{new_cpu / base_cpu:.2f}×** |",
        f"| CPU per article stored | {1000 * base_cpu / n:.2f} ms | {1000 * new_cpu / n:.2f} ms | "
        f"+{1000 * (new_cpu - base_cpu) / n:.2f} ms |",
        f"| of which the identity step (record names, decide the affected identities, re-link) | "
        f"| {1000 * identity_cpu / n:.2f} ms | |",
        f"| database size | {base[-1]['bytes'] / n:,.0f} bytes/article | "
        f"{new[-1]['bytes'] / n:,.0f} bytes/article | {new[-1]['bytes'] / base[-1]['bytes']:.2f}× |",
    ]
    shapes = {
        "facets": "facet counts, whole corpus (7 kinds before, 8 now)",
        "facets_query": "facet counts of a word's matches",
        "facets_speaker": "facet counts of a speaker's articles",
        "search_speaker": "search filtered by a speaker",
        "search_entity": "search filtered by an entity",
        "search_query": "search for a word",
    }
    for shape, label in shapes.items():
        before = statistics.median(q[shape]["p50"] for q in results["queries"]["baseline"])
        now = statistics.median(q[shape]["p50"] for q in results["queries"]["identities"])
        before95 = statistics.median(q[shape]["p95"] for q in results["queries"]["baseline"])
        now95 = statistics.median(q[shape]["p95"] for q in results["queries"]["identities"])
        lines.append(
            f"| {label}, p50 (p95) | {before:.1f} ({before95:.1f}) ms | {now:.1f} ({now95:.1f}) ms "
            f"| {now / before:.2f}× |"
        )
    migration = results["migration"]
    lines += [
        f"| migrating the {n:,}-article database of before to schema {migration['version']} "
        f"(reads every article's names) | | {migration['seconds']:.1f} s | |",
        "",
        "Query latencies are wall-clock, interleaved between the two databases. A name filter "
        "now looks up the identities of the names given (index lookups; for a name not "
        "stored, the names sharing its surname) and selects articles by an indexed integer "
        "column; facet counts group by that column and count distinct articles (two variants "
        "of one person in an article count once). For scale: analysing an article costs about "
        "50 ms of CPU (corpus benchmark above), so the identity step adds a few percent to an "
        "ingest.",
    ]
    return "\n".join(lines)


def report(limit: int | None) -> str:
    """The interface of ``benchmarks.run``."""
    args = argparse.Namespace(
        articles=limit or 20_000, queries=300, rounds=ROUNDS, workdir=DEFAULT_WORKDIR
    )
    results = run(args)
    (Path(args.workdir) / "results.json").write_text(json.dumps(results, indent=2), "utf-8")
    return render(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--workdir", default=DEFAULT_WORKDIR)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--side", choices=("store", "query", "migrate"))
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    if args.side == "store":
        print(json.dumps(store_side(*args.paths)))
        return
    if args.side == "query":
        print(json.dumps(query_side(*args.paths)))
        return
    if args.side == "migrate":
        print(json.dumps(migrate_side(*args.paths)))
        return
    results = run(args)
    (Path(args.workdir) / "results.json").write_text(json.dumps(results, indent=2), "utf-8")
    text = render(results)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
