"""``make screenshots``: PNGs of every dashboard page, for the README.

    python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)

Ingests the demo corpus (examples/dashboard/demo-corpus.jsonl, the example
article and, when ../shared is there, the canonical Sputnik France seed) into
a temporary database with the full default pipeline, serves it on localhost
and photographs each page in Debian's headless Chromium (Playwright; never a
downloaded browser). Ten articles make thin charts: when the 20,000-article
database of the corpus benchmark exists ($PRESSWATCH_BENCH_DIR), the outlet
and trends pages are taken from it instead (they show names and counts, no
article text).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_a37657c982aca66a.txt"
CHROMIUM = "/usr/bin/chromium"
BENCH_DB = (
    Path(os.environ.get("PRESSWATCH_BENCH_DIR", "/tmp/presswatch-bench-corpus")) / "corpus-20000.db"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_demo(db: Path) -> None:
    from presswatch.corpus.ingest import ingest
    from presswatch.corpus.store import open_store

    sources = [str(ROOT / "examples" / "dashboard" / "demo-corpus.jsonl")]
    sources.append(str(ROOT / "examples" / "sommet-energie.txt"))
    if SEED.exists():
        sources.append(str(SEED))
    with open_store(str(db), create=True) as store:
        summary = ingest(sources, store, workers=1)
    if summary.failed:
        raise SystemExit(f"screenshots: {summary.failed} demo articles could not be ingested")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    from presswatch.corpus.store import open_store
    from presswatch.web.config import WebConfig
    from presswatch.web.server import serve_in_thread

    with tempfile.TemporaryDirectory(prefix="presswatch-screenshots-") as work:
        db = Path(work) / "demo.db"
        build_demo(db)
        with open_store(str(db)) as store:
            seed = store.search('"lance-roquettes"', limit=1).hits or store.search(None).hits
            featured = seed[0].id
        with ExitStack() as stack:
            server = stack.enter_context(serve_in_thread(WebConfig(db=str(db), port=0)))
            charts = server
            if BENCH_DB.exists():
                charts = stack.enter_context(serve_in_thread(WebConfig(db=str(BENCH_DB), port=0)))
            playwright = stack.enter_context(sync_playwright())
            context = playwright.chromium.launch_persistent_context(
                str(Path(work) / "chromium-profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1360, "height": 960},
            )
            page = context.new_page()

            def shoot(name: str, path: str, *, base: str = server.url) -> None:
                page.goto(base + path)
                page.wait_for_load_state("load")
                for _ in range(60):  # the outlet page counts its profile in the background
                    if not page.locator("p.notice[role=status]").count():
                        break
                    time.sleep(2)
                    page.reload(wait_until="load")
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"{out / name}.png", flush=True)

            shoot("search", "/search?q=prix")
            page.goto(f"{server.url}/articles/{featured}")
            quote_span = page.locator("article .quote").first
            if quote_span.count():
                quote_span.hover()
            page.screenshot(path=str(out / "article.png"))
            print(f"{out / 'article'}.png", flush=True)
            if charts is server:
                shoot("outlet", "/outlets/" + quote("Le Quotidien démo", safe=""))
                shoot("trends", "/trends?q=" + quote("prix OR Ukraine", safe=""))
            else:
                shoot("outlet", "/outlets/" + quote("Outlet 03", safe=""), base=charts.url)
                shoot("trends", "/trends?q=" + quote("guerre OR Ukraine", safe=""), base=charts.url)
            page.goto(f"{server.url}/analyze")
            page.fill("textarea[name=text]", (ROOT / "examples" / "sommet-energie.txt").read_text())
            page.click("form.analyze-form button[type=submit]")
            page.wait_for_selector("article.text")
            page.screenshot(path=str(out / "analyze.png"))
            print(f"{out / 'analyze'}.png", flush=True)
            shoot("api", "/api")
            context.close()


if __name__ == "__main__":
    main()
