"""The dashboard in a real headless Chromium (Debian's, driven by Playwright):
search → article → highlights and side panel → chart → facet; and a hostile
article that must execute nothing. One server and one browser for the module."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette")
playwright_api = pytest.importorskip("playwright.sync_api")

from presswatch.web.config import WebConfig  # noqa: E402
from presswatch.web.server import RunningServer, serve_in_thread  # noqa: E402
from web_helpers import WebCorpus, build_corpus  # noqa: E402

CHROMIUM = os.environ.get("PRESSWATCH_CHROMIUM", "/usr/bin/chromium")
#: Flags for a closed network: no background requests, no updates, no sync.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    return build_corpus(tmp_path_factory.mktemp("web-browser") / "corpus.db")


@pytest.fixture(scope="module")
def server(corpus: WebCorpus) -> Iterator[RunningServer]:
    with serve_in_thread(WebConfig(db=corpus.url, port=0)) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: scripts/install-system-deps.sh installs chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="presswatch-chromium-")
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1300, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.dialogs = dialogs
    tab.errors = errors
    yield tab
    tab.close()


def test_web_browser_search_article_chart_facet(page: Any, server: RunningServer) -> None:
    page.goto(f"{server.url}/")
    page.fill("input[name=q]", "facture")
    page.click("form.searchbar button[type=submit]")
    page.wait_for_url("**/search?q=facture*")
    first = page.locator("ol.hits li.hit h3 a").first
    assert "facture" in first.inner_text().lower()
    assert page.locator("ol.hits mark").count() >= 1  # highlighted matches

    first.click()
    page.wait_for_url("**/articles/*")
    quote = page.locator("article .quote").first
    assert quote.is_visible()
    assert "Emmanuel Macron" in (quote.get_attribute("title") or "")  # speaker on hover
    panel = page.locator("#who-says-what")
    assert panel.is_visible() and "Emmanuel Macron" in panel.inner_text()
    technique = page.locator("article .technique.tech-loaded_language")
    assert technique.is_visible()
    background = "e => getComputedStyle(e).backgroundColor"
    # persuasion starts off, entities too; quotes, figures and dates start on
    assert technique.evaluate(background) == "rgba(0, 0, 0, 0)"
    entity = page.locator("article .entity").first
    assert entity.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"
    assert (
        page.locator("article .quantity").first.evaluate("e => getComputedStyle(e).outlineStyle")
        == "dashed"
    )
    legend = page.locator("#techniques .legend")
    assert "Loaded Language" in legend.inner_text()
    assert "Doubt" not in legend.inner_text()  # below the display threshold
    assert "1 weaker mark not shown" in page.locator("#techniques .threshold").inner_text()

    quote.hover()  # app.js links the quote with its row in the panel
    page.wait_for_selector(".quote-row.linked")
    page.check("#t-techniques")  # layers toggle without a script
    colour = technique.evaluate(background)
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # the per-technique stylesheet
    page.check("#t-entities")
    assert entity.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    page.uncheck("#t-techniques")
    assert technique.evaluate(background) == "rgba(0, 0, 0, 0)"

    page.goto(f"{server.url}/trends?q=march%C3%A9")
    chart = page.locator("#trend-chart svg")
    assert chart.is_visible()
    assert page.locator("#trend-chart svg polyline").count() == 3  # one line per outlet
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150

    page.goto(f"{server.url}/search?q=march%C3%A9")
    total_before = page.locator("#total").inner_text()
    page.locator(".facet[data-kind=outlet] a", has_text="La Gazette").click()
    page.wait_for_url("**outlet=La+Gazette*")
    assert page.locator("#total").inner_text() != total_before
    outlets = page.locator("ol.hits .meta a:first-child").all_inner_texts()
    assert outlets and set(outlets) == {"La Gazette"}
    assert page.locator(".facet[data-kind=outlet] a.selected").inner_text().startswith("La Gazette")
    assert page.dialogs == [] and page.errors == []


def test_web_browser_trend_lines_toggle(page: Any, server: RunningServer) -> None:
    """Each named line of a trend has a check box that hides it (no script);
    the others' line is one click away from a redraw without it."""
    page.goto(f"{server.url}/trends?q=march%C3%A9&top=2")
    assert page.locator("#trend-chart svg g.plot").count() == 3  # 2 outlets, the others
    first = page.locator("#trend-chart svg g.plot-0")
    assert first.is_visible()
    assert page.locator("label[for=line-0]").inner_text().startswith("La Gazette")
    page.click("label[for=line-0]")
    assert not first.is_visible()
    assert page.locator("#trend-chart svg g.plot-1").is_visible()
    page.click("label[for=line-0]")
    assert first.is_visible()
    page.click("a.others-toggle")
    page.wait_for_url("**others=0*")
    assert page.locator("#trend-chart svg g.plot").count() == 2
    assert "articles left out" in page.locator("a.others-toggle").inner_text()
    assert page.dialogs == [] and page.errors == []


def test_web_browser_hostile_article_executes_nothing(
    page: Any, server: RunningServer, corpus: WebCorpus
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    urls = [
        f"{server.url}/articles/{corpus.hostile_id}",
        f"{server.url}/search?q=ministre",
        f"{server.url}/outlets/%3Cb%3EEvil%3C%2Fb%3E%20Media",
        f"{server.url}/trends?outlet=%3Cb%3EEvil%3C%2Fb%3E%20Media",
    ]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        state = page.evaluate(
            """() => ({
                pwned: window.__pwned === undefined ? null : window.__pwned,
                inlineScripts: document.querySelectorAll('script:not([src])').length,
                images: document.querySelectorAll('img').length,
                handlers: [...document.querySelectorAll('*')].filter(
                    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
                bold: document.querySelectorAll('b').length
                    - document.querySelectorAll('b.genre').length,
            })"""
        )
        assert state == {
            "pwned": None,
            "inlineScripts": 0,
            "images": 0,
            "handlers": 0,
            "jsLinks": 0,
            "bold": 0,
        }, url
    page.goto(urls[0])
    assert "<script>alert('title')</script>" in page.locator("article h1").inner_text()
    assert page.dialogs == [] and page.errors == []
    assert violations == []  # nothing even tried to run
