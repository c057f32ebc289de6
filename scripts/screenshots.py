"""``make screenshots``: PNGs of every dashboard page, for the README.

    python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)

Ingests the demo corpus (examples/demo-corpus: 40 short French articles
written for presswatch, five fictional outlets, January to June 2023, outlets
and dates given by its metadata sidecar) and the example article into a
temporary database with the full default pipeline, serves it on localhost and
photographs each page in Debian's headless Chromium (Playwright; never a
downloaded browser). Nothing from ../shared is used: the SemEval articles and
the seed may not be redistributed, so no screenshot may show their text.
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
CHROMIUM = os.environ.get("PRESSWATCH_CHROMIUM", "/usr/bin/chromium")
#: The article pages photographed: one neutral report (quotes and figures),
#: one opinion piece with the persuasion layer ticked.
FEATURED = '"bouclier tarifaire prolongé"'
OPINION = '"prise en otage"'

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
    from presswatch.corpus.ingest.metadata import plan_metadata
    from presswatch.corpus.store import open_store

    os.chdir(ROOT)  # sources as a user gives them: their paths show on the pages
    sources = ["examples/demo-corpus", "examples/sommet-energie.txt"]
    with open_store(str(db), create=True) as store:
        summary = ingest(sources, store, workers=1, metadata=plan_metadata(sources))
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
            featured = store.search(FEATURED, limit=1).hits[0].id
            opinion = store.search(OPINION, limit=1).hits[0].id
        with ExitStack() as stack:
            server = stack.enter_context(serve_in_thread(WebConfig(db=str(db), port=0)))
            playwright = stack.enter_context(sync_playwright())
            context = playwright.chromium.launch_persistent_context(
                str(Path(work) / "chromium-profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1360, "height": 960},
            )
            page = context.new_page()

            def shoot(name: str, path: str) -> None:
                page.goto(server.url + path)
                page.wait_for_load_state("load")
                for _ in range(60):  # the outlet page counts its profile in the background
                    if not page.locator("#profile p.notice[role=status]").count():
                        break
                    time.sleep(2)
                    page.reload(wait_until="load")
                save(name)

            def save(name: str) -> None:
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"{out / name}.png", flush=True)

            shoot("search", "/search?q=" + quote("grève OR urgences", safe=""))
            page.goto(f"{server.url}/articles/{featured}")
            quote_span = page.locator("article .quote").first
            if quote_span.count():
                quote_span.hover()
            save("article")
            page.goto(f"{server.url}/articles/{opinion}")
            page.check("#t-techniques")
            save("article-techniques")
            shoot("outlet", "/outlets/" + quote("Le Vigilant", safe=""))
            shoot("trends", "/trends?top=3")
            page.goto(f"{server.url}/analyze")
            page.fill("textarea[name=text]", (ROOT / "examples" / "sommet-energie.txt").read_text())
            page.click("form.analyze-form button[type=submit]")
            page.wait_for_selector("article.text")
            save("analyze")
            shoot("api", "/api")
            context.close()


if __name__ == "__main__":
    main()
