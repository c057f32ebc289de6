"""The store at a million articles, on SQLite and PostgreSQL (long: `make bench-scale`).

    python -m benchmarks.scale [--articles 1000000] [--backends sqlite,postgresql]
        [--phases generate,load,measure] [--write docs/benchmarks.md]

* generate: ``benchmarks.synthetic`` writes the synthetic corpus as Parquet
  shards of 10,000 articles (kept between runs, under ``$PRESSWATCH_SCALE_DIR``,
  default /tmp/presswatch-scale, never in the repository);
* load: each backend loads the shards into a fresh store with
  ``presswatch.corpus.cluster.load_shards`` (what ``ingest --cluster`` does
  after the analysis), timed;
* measure: search latency (200 varied queries, as in the corpus benchmark),
  facet counts (60 requests: the whole corpus, a query, and filters), the
  dashboard under 20 clients (``benchmarks.dashboard``: article pages, the
  search page without a query — the dashboard's home: the newest articles
  and the seven facets of the whole corpus — and search pages), bytes per
  article, and the query plans of the main statements.

PostgreSQL: ``$PRESSWATCH_SCALE_PG_URL`` (a database the benchmark may empty).

``--bulk`` (SQLite): the generate and load phases are one, ``benchmarks.bulk``
(pools recombined, bulk inserts, indexes after the load: a million articles
in well under an hour of one core), and the measured requests are drawn from
the store itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from benchmarks._common import write_section
from benchmarks.corpus import queries_from_titles

WORKDIR = Path(os.environ.get("PRESSWATCH_SCALE_DIR", "/tmp/presswatch-scale"))
SECTION = "scale"


def shard_paths(articles: int, shard: int = 10_000) -> list[Path]:
    from benchmarks.synthetic import write_shards

    return write_shards(WORKDIR / "shards", articles, shard)


def store_url(backend: str) -> str:
    if backend == "sqlite":
        return str(WORKDIR / "million.db")
    url = os.environ.get("PRESSWATCH_SCALE_PG_URL")
    if not url:
        raise SystemExit("benchmarks.scale: set PRESSWATCH_SCALE_PG_URL for PostgreSQL")
    return url


def empty_store(backend: str) -> None:
    if backend == "sqlite":
        for stale in WORKDIR.glob("million.db*"):
            stale.unlink()
        return
    import psycopg

    with psycopg.connect(store_url(backend), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def load(backend: str, paths: list[Path]) -> dict[str, Any]:
    from presswatch.corpus.cluster import load_shards
    from presswatch.corpus.store import open_store

    empty_store(backend)
    marks: list[tuple[float, int]] = []

    def progress(summary: Any) -> None:
        if not marks or summary.processed - marks[-1][1] >= 100_000:
            marks.append((time.perf_counter(), summary.processed))
            print(f"{backend}: {summary.processed:,} stored", flush=True)

    started, cpu = time.perf_counter(), time.process_time()
    with open_store(store_url(backend), create=True) as store:
        summary = load_shards(store, paths, progress=progress)
    seconds = time.perf_counter() - started
    return {
        "articles": summary.stored,
        "duplicates": summary.duplicates,
        "near_duplicates": summary.near_duplicates,
        "seconds": round(seconds, 1),
        "articles_per_second": round(summary.stored / seconds, 1),
        "client_cpu_seconds": round(time.process_time() - cpu, 1),
        "client_cpu_ms_per_article": round(
            1000 * (time.process_time() - cpu) / max(summary.stored, 1), 2
        ),
        "marks": [(round(t - started, 1), n) for t, n in marks],
        "load_average": round(os.getloadavg()[0], 2),
    }


def store_rows(backend: str, count: int = 4000) -> list[dict[str, Any]]:
    """The sample of :func:`sample_rows`, read from a stored corpus (``--bulk``)."""
    from presswatch.corpus.store import open_store

    with open_store(store_url(backend)) as store:
        last = int(store._execute("SELECT max(num) FROM articles").fetchone()[0])
        step = max(last // count, 1)
        rows: dict[int, dict[str, Any]] = {}
        for num, article_id, title, outlet, language in store._execute(
            "SELECT num, id, title, outlet, language FROM articles WHERE num % ? = 0 LIMIT ?",
            (step, count),
        ).fetchall():
            rows[int(num)] = {
                "id": article_id, "title": title, "outlet": outlet, "language": language,
                "speakers": [], "entities": [], "techniques": [],
            }  # fmt: skip
        names = {"speaker": "speakers", "entity": "entities", "technique": "techniques"}
        for num, kind, value in store._execute(
            "SELECT article, kind, value FROM article_facets WHERE article % ? = 0 "
            "AND kind IN ('speaker', 'entity', 'technique')",
            (step,),
        ).fetchall():
            if int(num) in rows:
                rows[int(num)][names[str(kind)]].append(value)
    return list(rows.values())


def bulk(backend: str, articles: int) -> dict[str, Any]:
    """Build the store with ``benchmarks.bulk`` (a fresh one; PostgreSQL with COPY)."""
    from benchmarks.bulk import build, build_postgres

    empty_store(backend)
    if backend == "postgresql":
        return build_postgres(store_url(backend), articles, pools=WORKDIR / "pools.pickle")
    return build(Path(store_url(backend)), articles, pools=WORKDIR / "pools.pickle")


def sample_rows(paths: list[Path], count: int = 4000, seed: int = 5) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    columns = ["id", "title", "outlet", "language", "speakers", "entities", "techniques"]
    for path in rng.sample(paths, min(len(paths), 8)):
        table = pq.read_table(str(path), columns=columns).to_pylist()
        rows.extend(rng.sample(table, min(len(table), count // 8)))
    return rows


def make_queries(
    rows: list[dict[str, Any]], count: int = 200, seed: int = 7
) -> list[tuple[str, dict[str, Any]]]:
    """Words, two words, phrases, prefixes, OR, NOT and filtered searches
    drawn from stored titles (the corpus benchmark's mix)."""
    titles = [row["title"] for row in rows]
    outlets = sorted({row["outlet"] for row in rows})
    languages = sorted({row["language"] for row in rows if row["language"]})
    return queries_from_titles(titles, outlets, languages, count, random.Random(seed))


def facet_requests(
    rows: list[dict[str, Any]], seed: int = 9
) -> list[tuple[str | None, dict[str, Any]]]:
    """60 facet counts: the whole corpus, queries, and each kind of filter."""
    rng = random.Random(seed)
    queries = make_queries(rows, 20, seed)
    speakers = [s for row in rows for s in row["speakers"]]
    entities = [e for row in rows for e in row["entities"]]
    techniques = [t for row in rows for t in row["techniques"]]
    outlets = sorted({row["outlet"] for row in rows})
    requests: list[tuple[str | None, dict[str, Any]]] = [(None, {})] * 5
    requests += [(q, {}) for q, _ in queries[:15]]
    requests += [(None, {"outlets": (rng.choice(outlets),)}) for _ in range(8)]
    requests += [
        (None, {"languages": ("fr",), "since": f"202{rng.randrange(4)}-01-01"}) for _ in range(8)
    ]
    requests += [(None, {"techniques": (rng.choice(techniques),)}) for _ in range(8)]
    requests += [(None, {"speakers": (rng.choice(speakers),)}) for _ in range(8)]
    requests += [(None, {"entities": (rng.choice(entities),)}) for _ in range(8)]
    return requests


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def latencies(backend: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    from presswatch.corpus.store import Filters, open_store

    search_times: list[float] = []
    totals: list[int] = []
    facet_times: dict[str, list[float]] = {}
    with open_store(store_url(backend)) as store:
        store.search("warmup")
        for query, filters in make_queries(rows):
            started = time.perf_counter()
            page = store.search(query, Filters(**filters), limit=20)
            search_times.append((time.perf_counter() - started) * 1000)
            totals.append(page.total)
        for facet_query, filters in facet_requests(rows):
            kind = "query" if facet_query else next(iter(filters), "whole corpus")
            started = time.perf_counter()
            store.facets(facet_query, Filters(**filters))
            facet_times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        plans = explain(store, rows)
    every_facet = [t for times in facet_times.values() for t in times]
    return {
        "search": {
            **_percentiles(search_times),
            "median_matches": int(statistics.median(totals)),
            "queries": len(search_times),
        },
        "facets": {
            **_percentiles(every_facet),
            "requests": len(every_facet),
            "by_kind": {k: _percentiles(v) for k, v in facet_times.items()},
        },
        "plans": plans,
    }


def explain(store: Any, rows: list[dict[str, Any]]) -> dict[str, str]:
    """The query plans of the statements behind a search and a facet count."""
    prefix = "EXPLAIN QUERY PLAN " if store.backend == "sqlite" else "EXPLAIN "
    statements = {
        "newest articles of an outlet": (
            "SELECT a.id FROM articles a WHERE a.outlet_key = ? ORDER BY a.published DESC, a.num DESC LIMIT 20",
            [rows[0]["outlet"].lower()],
        ),
        "articles quoting a speaker": (
            "SELECT count(*) FROM articles a WHERE a.num IN (SELECT article FROM article_facets WHERE kind = ? AND key = ?)",
            ["speaker", "x"],
        ),
        "matches of a filtered search, counted up to the cap": (
            "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.language IN (?) "
            "AND a.published >= ? LIMIT ?) c",
            ["fr", "2021-01-01", 10_001],
        ),
        "facet sample of a language filter (every 100th match)": (
            "SELECT a.num FROM articles a WHERE a.language IN (?) AND a.published >= ? "
            "AND a.num % ? = 0",
            ["fr", "2021-01-01", 100],
        ),
    }
    plans = {}
    for name, (sql, params) in statements.items():
        result = store._execute(prefix + sql, params).fetchall()
        plans[name] = "\n".join(" ".join(str(c) for c in row) for row in result)
    return plans


def database_size(backend: str, articles: int) -> dict[str, Any]:
    if backend == "sqlite":
        import sqlite3

        lite = sqlite3.connect(store_url(backend))
        lite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        lite.close()
        size = sum(p.stat().st_size for p in WORKDIR.glob("million.db*"))
    else:
        import psycopg

        with psycopg.connect(store_url(backend)) as connection:
            found = connection.execute("SELECT pg_database_size(current_database())").fetchone()
            size = int(found[0]) if found else 0
    return {"bytes": size, "bytes_per_article": round(size / max(articles, 1))}


def dashboard(backend: str, rows: list[dict[str, Any]], seconds: float) -> list[dict[str, Any]]:
    from benchmarks.dashboard import measure

    rng = random.Random(13)
    paths: list[tuple[str, str]] = []
    outlets = sorted({row["outlet"] for row in rows})
    for query, filters in make_queries(rows):
        params: list[tuple[str, str]] = [("q", query)]
        params += [("outlet", o) for o in filters.get("outlets", ())]
        paths.append(("search", "/search?" + urlencode(params)))
    for _ in range(200):  # the dashboard's home: no query, whole corpus or one outlet or language
        choice = rng.random()
        if choice < 0.4:
            paths.append(("dashboard", "/search"))
        elif choice < 0.7:
            paths.append(("dashboard", "/search?" + urlencode([("outlet", rng.choice(outlets))])))
        else:
            paths.append(
                ("dashboard", "/search?" + urlencode([("lang", rng.choice(["fr", "en", "de"]))]))
            )
    articles = [("article", f"/articles/{quote(row['id'])}") for row in rows[:2000]]
    mixed = []
    for number, article in enumerate(articles):
        mixed.append(article)
        mixed.append(paths[number % len(paths)])
    rng.shuffle(mixed)
    results = []
    for cache in (True, False):
        result = measure(store_url(backend), mixed, 20, seconds, cache)  # type: ignore[arg-type]
        results.append(result)
        print(result, flush=True)
    return results


def run(args: argparse.Namespace) -> dict[str, Any]:
    WORKDIR.mkdir(parents=True, exist_ok=True)
    saved = WORKDIR / "results.json"
    results: dict[str, Any] = json.loads(saved.read_text("utf-8")) if saved.exists() else {}
    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    results["articles"] = args.articles
    phases = set(args.phases.split(","))
    if args.bulk:
        return run_bulk(args, results, phases, saved)
    paths = (
        shard_paths(args.articles)
        if "generate" in phases
        else sorted((WORKDIR / "shards").glob("synthetic-*.parquet"))
    )
    paths = paths[: (args.articles + 9_999) // 10_000]
    results["shard_bytes_per_article"] = round(
        sum(p.stat().st_size for p in paths) / max(args.articles, 1)
    )
    rows = sample_rows(paths)
    for backend in args.backends.split(","):
        entry = results.setdefault(backend, {})
        if "load" in phases:
            entry["load"] = load(backend, paths)
            saved.write_text(json.dumps(results, indent=2), "utf-8")
        if "measure" in phases:
            entry["load_average_before"] = round(os.getloadavg()[0], 2)
            entry.update(latencies(backend, rows))
            entry.update(
                database_size(backend, entry.get("load", {}).get("articles", args.articles))
            )
            entry["dashboard"] = dashboard(backend, rows, args.seconds)
            entry["load_average_after"] = round(os.getloadavg()[0], 2)
        saved.write_text(json.dumps(results, indent=2), "utf-8")
    return results


def run_bulk(
    args: argparse.Namespace, results: dict[str, Any], phases: set[str], saved: Path
) -> dict[str, Any]:
    """``--bulk``: each backend built by ``benchmarks.bulk``, measured."""
    results["method"] = "bulk"
    for backend in args.backends.split(","):
        entry = results.setdefault(backend, {})
        if phases & {"generate", "load"}:
            entry.clear()
            entry["bulk"] = bulk(backend, args.articles)
            entry["load"] = {"articles": entry["bulk"]["articles"]}
            saved.write_text(json.dumps(results, indent=2), "utf-8")
        if "measure" in phases:
            measure_bulk(backend, entry, args.seconds)
            saved.write_text(json.dumps(results, indent=2), "utf-8")
    return results


def measure_bulk(backend: str, entry: dict[str, Any], seconds: float) -> None:
    from presswatch.corpus.store import open_store

    started = time.perf_counter()
    with open_store(store_url(backend)) as store:  # migrates a store of an older schema
        entry["load"] = {"articles": store.count()}
    entry["open_seconds"] = round(time.perf_counter() - started, 1)
    rows = store_rows(backend)
    entry["load_average_before"] = round(os.getloadavg()[0], 2)
    entry.update(latencies(backend, rows))
    entry.update(database_size(backend, entry["load"]["articles"]))
    entry["dashboard"] = dashboard(backend, rows, seconds)
    entry["load_average_after"] = round(os.getloadavg()[0], 2)


_BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def render_bulk(results: dict[str, Any]) -> str:
    """The section for a ``--bulk`` run: one column per measured backend."""
    names = [b for b in ("sqlite", "postgresql") if results.get(b)]
    entries = [results[b] for b in names]
    sizes = ", ".join(
        f"{_BACKEND_NAMES[b]} {e.get('load', {}).get('articles', 0):,}"
        for b, e in zip(names, entries, strict=True)
    )
    lines = [
        "## The store at a million articles (issue 14): `make bench-scale`",
        "",
        f"Machine: {results['machine']}. Stores of synthetic articles ({sizes}) built by "
        "`benchmarks.bulk` (SemEval training paragraphs and real analyses recombined from pools, "
        "written with the store's schema and encoders; PostgreSQL with COPY; indexes built "
        f"after the load); the run asked for {results['articles']:,}.",
        "",
        "| measure | " + " | ".join(_BACKEND_NAMES[b] for b in names) + " | target |",
        "|---|" + "---|" * len(names) + "---|",
    ]

    def row(label: str, cell: Any, target: str = "") -> None:
        values = []
        for entry in entries:
            try:
                values.append(str(cell(entry)))
            except (KeyError, IndexError, TypeError, ZeroDivisionError):
                values.append("—")
        lines.append(f"| {label} | " + " | ".join(values) + f" | {target} |")

    def per_article(e: dict[str, Any]) -> str:
        built = e["bulk"]
        return f"{built['cpu_seconds']:,} s ({1000 * built['cpu_seconds'] / built['articles']:.2f} ms per article)"

    row("build: articles written", lambda e: f"{e['bulk']['articles']:,}")
    row("build: wall time", lambda e: f"{e['bulk']['seconds']:,} s (load {e['bulk']['load_average']})",
        "well under 1 h for 1,000,000")  # fmt: skip
    row("build: CPU of the generator process", per_article)
    row("build steps (s): pools, rows, identities, facet rows, bands, indexes, counts",
        lambda e: ", ".join(str(e["bulk"].get(k, "—")) for k in (
            "pools_s", "rows_s", "identities_s", "facets_s", "bands_s", "indexes_s", "counts_s")))  # fmt: skip
    row("first open", lambda e: f"{e['open_seconds']} s")
    row("search p95 (p50)", lambda e: f"{e['search']['p95_ms']} ms ({e['search']['p50_ms']} ms)",
        "≤ 100 ms")  # fmt: skip
    row("facet counts p95 (p50)",
        lambda e: f"{e['facets']['p95_ms']} ms ({e['facets']['p50_ms']} ms)", "≤ 300 ms")  # fmt: skip
    kinds = [k for e in entries for k in e.get("facets", {}).get("by_kind", {})]
    for kind in dict.fromkeys(kinds):
        row(f"· facets, {kind}: p95", lambda e, k=kind: f"{e['facets']['by_kind'][k]['p95_ms']} ms")
    row("bytes per article", lambda e: f"{e['bytes_per_article']:,}")
    row("projected store, 10 M / 100 M articles",
        lambda e: f"{e['bytes_per_article'] * 1e7 / 1e9:,.0f} GB / "
        f"{e['bytes_per_article'] * 1e8 / 1e12:,.1f} TB")  # fmt: skip
    for index, name in ((0, "as shipped (cache on)"), (1, "cache off")):
        for kind in ("article", "dashboard", "search", "all"):
            target = "p95 ≤ 300 ms" if kind in ("article", "dashboard") else ""
            row(f"20 clients, {name}: {kind} p95",
                lambda e, i=index, k=kind: f"{e['dashboard'][i][k]['p95_ms']} ms", target)  # fmt: skip
        row(f"20 clients, {name}: requests/s, errors",
            lambda e, i=index: f"{e['dashboard'][i]['requests_per_second']}, "
            f"{e['dashboard'][i]['errors']}")  # fmt: skip
    lines += [
        "",
        "Load average (1 min) before → after the measurements: "
        + "; ".join(
            f"{_BACKEND_NAMES[b]} {e.get('load_average_before', '—')} → "
            f"{e.get('load_average_after', '—')}"
            for b, e in zip(names, entries, strict=True)
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def render(results: dict[str, Any]) -> str:
    if results.get("method") == "bulk":
        return render_bulk(results)
    backends = [results.get("sqlite", {}), results.get("postgresql", {})]
    stored = [b.get("load", {}).get("articles") for b in backends]
    lines = [
        "## The store at a million articles (issue 14): `make bench-scale`",
        "",
        f"Machine: {results['machine']}. Synthetic stored articles "
        "(`benchmarks.synthetic`: SemEval training sentences recombined, half French; the "
        "annotations of real analyses with Zipf-distributed names), loaded from Parquet shards "
        f"({results['shard_bytes_per_article']:,} bytes per article) with `load_shards`, the step "
        "`ingest --cluster` runs after the analysis; "
        + ", ".join(
            f"{name}: {count:,} articles"
            for name, count in (("SQLite", stored[0]), ("PostgreSQL", stored[1]))
            if count
        )
        + (
            f" (the run asked for {results['articles']:,}; "
            + "a load stopped early keeps what it stored)."
            if any(count and count < results["articles"] for count in stored)
            else "."
        ),
        "",
        "| measure | SQLite | PostgreSQL | target |",
        "|---|---|---|---|",
    ]

    def cell(entry: dict[str, Any], *keys: str) -> str:
        value: Any = entry
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return "—"
            value = value[key]
        return f"{value:,}" if isinstance(value, int | float) else str(value)

    def row(name: str, target: str, *keys: str, suffix: str = "") -> None:
        values = [cell(b, *keys) for b in backends]
        lines.append(
            f"| {name} | "
            + " | ".join(v + (suffix if v != "—" else "") for v in values)
            + f" | {target} |"
        )

    row("articles stored", "1,000,000", "load", "articles")
    row("load from shards: articles/s", "", "load", "articles_per_second")
    row("load: client CPU per article", "", "load", "client_cpu_ms_per_article", suffix=" ms")
    row("load from shards: time", "", "load", "seconds", suffix=" s")
    row("search p95", "p95 ≤ 100 ms", "search", "p95_ms", suffix=" ms")
    row("facet counts p95", "p95 ≤ 300 ms", "facets", "p95_ms", suffix=" ms")
    for kind in (
        "whole corpus",
        "query",
        "outlets",
        "languages",
        "techniques",
        "speakers",
        "entities",
    ):
        row(f"· facets, {kind}: p95", "", "facets", "by_kind", kind, "p95_ms", suffix=" ms")
    row("bytes per article", "", "bytes_per_article")
    for index, name in ((0, "as shipped (cache on)"), (1, "cache off")):
        for kind in ("article", "dashboard", "search", "all"):
            values = []
            for backend in backends:
                runs = backend.get("dashboard") or []
                values.append(
                    f"{runs[index][kind]['p95_ms']} ms"
                    if len(runs) > index and kind in runs[index]
                    else "—"
                )
            target = "p95 ≤ 300 ms" if kind in ("article", "dashboard") else ""
            lines.append(
                f"| 20 clients, {name}: {kind} p95 | {values[0]} | {values[1]} | {target} |"
            )
    lines += [
        "",
        "Load average (1 min) before → after the measurements: "
        + "; ".join(
            f"{name} {b.get('load_average_before', '—')} → {b.get('load_average_after', '—')}"
            for name, b in (("SQLite", backends[0]), ("PostgreSQL", backends[1]))
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--phases", default="generate,load,measure")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--write", type=Path)
    parser.add_argument(
        "--bulk", action="store_true", help="SQLite built by benchmarks.bulk (no shards)"
    )
    parser.add_argument("--from-results", action="store_true", help="render the saved results")
    args = parser.parse_args()
    if args.from_results:
        results = json.loads((WORKDIR / "results.json").read_text("utf-8"))
    else:
        results = run(args)
    text = render(results)
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)


if __name__ == "__main__":
    main()
