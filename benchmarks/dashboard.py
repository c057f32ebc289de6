"""Dashboard load benchmark: 20 concurrent clients on localhost for 30 s
against the search and article pages of the 20,000-article corpus.

    python -m benchmarks.dashboard [--db PATH] [--clients 20] [--seconds 30] [--write docs/benchmarks.md]

The server is ``presswatch serve`` in its own process; the load comes from
this process: ``--clients`` keep-alive HTTP/1.1 connections, each sending
its next request as soon as the previous answer has arrived (closed loop).
Half the requests are search pages (``/search?q=…``: hits, snippets, the
seven facets) with the 200 varied queries of the corpus benchmark
(words, pairs, phrases, prefixes, OR, NOT, filtered), on page 1 or 2 and
sorted by relevance or date; the other half are article pages of 2,000
different stored articles. Two runs: the server as it ships (its result
cache on), then with the cache off (every search page computed). Every
answer must be a 200: anything else, or a broken connection, is an error.

The corpus is the one ``benchmarks.corpus`` builds and ingests (in
``$PRESSWATCH_BENCH_DIR``, default /tmp/presswatch-bench-corpus); when its
database is missing it is built first (long: the full analysis of 20,000
articles).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from benchmarks._common import ROOT, write_section

WORKDIR = Path(os.environ.get("PRESSWATCH_BENCH_DIR", "/tmp/presswatch-bench-corpus"))
ARTICLES = 20_000
WARM_UP = 5.0


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"search": [], "article": []})
    errors: list[str] = field(default_factory=list)


def corpus_database(articles: int = ARTICLES) -> Path:
    """The benchmark corpus database, built and ingested when missing."""
    db = WORKDIR / f"corpus-{articles}.db"
    if db.exists():
        return db
    from benchmarks.corpus import build_corpus, timed_ingest

    corpus = WORKDIR / f"corpus-{articles}"
    if not (corpus / "part-000.jsonl").exists():
        build_corpus(corpus, articles)
    timed_ingest([str(corpus)], db, 2)
    return db


def request_paths(db: Path, seed: int = 11) -> list[tuple[str, str]]:
    """(kind, path) pairs: search pages and article pages, shuffled."""
    from benchmarks.corpus import make_queries
    from presswatch.corpus.store import open_store

    rng = random.Random(seed)
    searches = []
    for query, filters in make_queries(db, 200):
        params: list[tuple[str, str]] = [("q", query)]
        params += [("outlet", o) for o in filters.get("outlets", ())]
        params += [("lang", lang) for lang in filters.get("languages", ())]
        for name in ("since", "until"):
            if filters.get(name):
                params.append((name, filters[name]))
        if rng.random() < 0.3:
            params.append(("sort", "date"))
        if rng.random() < 0.2:
            params.append(("page", "2"))
        searches.append(("search", "/search?" + urlencode(params)))
    with open_store(str(db)) as store:
        ids = [
            hit.id
            for offset in (0, 1000)
            for hit in store.search(None, limit=1000, offset=offset).hits
        ]
    articles = [("article", f"/articles/{quote(i)}") for i in ids]
    paths = []
    for number in range(len(articles)):
        paths.append(articles[number])
        paths.append(searches[number % len(searches)])
    rng.shuffle(paths)
    return paths


async def client(
    port: int, paths: list[tuple[str, str]], start: int, until: float, record_after: float,
    tally: Tally,
) -> None:  # fmt: skip
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    position = start
    try:
        while time.perf_counter() < until:
            kind, path = paths[position % len(paths)]
            position += 1
            began = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n\r\n".encode()
            )
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            elapsed = time.perf_counter() - began
            status = status_line.split(b" ")[1] if b" " in status_line else b"?"
            if began < record_after:
                continue
            if status != b"200":
                tally.errors.append(f"{status.decode()} {path}")
            else:
                tally.latencies.setdefault(kind, []).append(elapsed)
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        tally.errors.append(f"connection: {exc!r}")
    finally:
        writer.close()


async def load(port: int, paths: list[tuple[str, str]], clients: int, seconds: float) -> Tally:
    tally = Tally()
    start = time.perf_counter()
    record_after = start + WARM_UP
    until = record_after + seconds
    step = len(paths) // clients
    await asyncio.gather(
        *(client(port, paths, n * step, until, record_after, tally) for n in range(clients))
    )
    return tally


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_server(db: Path, port: int, cache: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "presswatch", "serve", "--db", str(db), "--port", str(port)]
    if not cache:
        command.append("--no-cache")
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                message = server.stderr.read().decode() if server.stderr else ""
                raise SystemExit(f"the server stopped: {message}") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def measure(
    db: Path, paths: list[tuple[str, str]], clients: int, seconds: float, cache: bool
) -> dict[str, Any]:
    port = free_port()
    server = run_server(db, port, cache)
    load_before = os.getloadavg()[0]
    try:
        tally = asyncio.run(load(port, paths, clients, seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = os.getloadavg()[0]
    every = [value for values in tally.latencies.values() for value in values]
    result: dict[str, Any] = {
        "cache": cache,
        "requests": len(every) + len(tally.errors),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:5],
        "requests_per_second": round(len(every) / seconds, 1),
        "load_average": [round(load_before, 2), round(load_after, 2)],
    }
    for kind, values in (("all", every), *tally.latencies.items()):
        result[kind] = {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
        }
    return result


def render(
    results: list[dict[str, Any]],
    clients: int,
    seconds: float,
    articles: int,
    distinct: dict[str, int],
) -> str:
    lines = [
        "## Dashboard under load (`python -m benchmarks.dashboard`)",
        "",
        f"`presswatch serve` (one process) over the {articles:,}-article corpus database of the "
        f"corpus benchmark; {clients} concurrent keep-alive clients in this process, closed loop, "
        f"{seconds:.0f} s measured after a {WARM_UP:.0f} s warm-up; half search pages "
        f"({distinct['search']} different URLs from the corpus benchmark's 200 varied queries, page "
        f"1 or 2, by relevance or date; each page runs the search and the seven facet counts) and "
        f"half article pages ({distinct['article']:,} different articles). Every answer must be a "
        f"200. Machine: {platform.machine()}, {os.cpu_count()} cores (server and clients share "
        f"them), Python {platform.python_version()}.",
        "",
        "| server | requests | errors | requests/s | p50 | p95 | p99 | search p95 | article p95 "
        "| load average before → after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        name = "as shipped (result cache on)" if result["cache"] else "result cache off"
        lines.append(
            f"| {name} | {result['requests']:,} | {result['errors']} | "
            f"{result['requests_per_second']} | {result['all']['p50_ms']} ms | "
            f"{result['all']['p95_ms']} ms | {result['all']['p99_ms']} ms | "
            f"{result['search']['p95_ms']} ms | {result['article']['p95_ms']} ms | "
            f"{result['load_average'][0]} → {result['load_average'][1]} |"
        )
    cached = next((r for r in results if r["cache"]), None)
    if cached is not None and distinct["search"]:
        repeats = cached["search"]["requests"] / distinct["search"]
        lines += [
            "",
            f"With the cache on, each search URL was requested about {repeats:.0f} times in the "
            f"measured {seconds:.0f} s, so most search pages came from the cache (it keeps results until the "
            "corpus grows); the cache-off run is the cost when every search is new.",
        ]
    lines += [
        "",
        "Target: p95 ≤ 200 ms with zero errors. With 20 clients in a closed loop, latency is "
        "about 20 ÷ throughput, so the p95 measures how many pages per second two shared cores "
        "serve. The load average (1 min) shows what else the machine was running: on this "
        "shared machine, other processes take CPU from both the server and the clients. "
        "Article pages run on their own database threads, so they do not wait behind searches; "
        "without the cache, search pages are bound by the store's facet counts (one statement "
        "that materialises the matching articles once and counts the seven facets over them).",
    ]
    return "\n".join(lines)


def report(_: Any = None, *, clients: int = 20, seconds: float = 30.0) -> str:
    db = corpus_database()
    paths = request_paths(db)
    distinct = {
        kind: len({path for k, path in paths if k == kind}) for kind in ("search", "article")
    }
    from presswatch.corpus.store import open_store

    with open_store(str(db)) as store:
        articles = store.count()
    results = [measure(db, paths, clients, seconds, cache) for cache in (True, False)]
    for result in results:
        print(result, file=sys.stderr)
    return render(results, clients, seconds, articles, distinct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--write", type=Path, help="update this file's dashboard section")
    args = parser.parse_args()
    text = report(clients=args.clients, seconds=args.seconds)
    print(text)
    if args.write:
        write_section(args.write, "dashboard", text)


if __name__ == "__main__":
    main()
