"""The Analyze page (``/analyze``, ``POST /analyze.json``): paste or upload
an article, see its analysis as an article page; nothing is stored. The old
URLs (``/analyse``, ``/analyse.json``) redirect here, keeping the method."""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from presswatch.api import analyze_article
from presswatch.core.article import Article
from presswatch.core.errors import InputError, InputTooLargeError
from presswatch.readers import read_bytes, read_text
from presswatch.web.dashboard import Dashboard, dashboard_of, query_pairs, wants_json
from presswatch.web.pages.article import article_result, article_view
from presswatch.web.params import known_params
from presswatch.web.renderers import respond


def analyze_form(request: Request) -> Response:
    known_params(query_pairs(request), ())
    return dashboard_of(request).page("analyze.html", error=None, text="", title="Analyze")


async def analyze(request: Request) -> Response:
    fmt = "json" if request.url.path.endswith(".json") or wants_json(request) else "html"
    dashboard = dashboard_of(request)
    try:
        article = await _read_submitted(request, dashboard.config.max_upload)
        analyzed = await run_in_threadpool(_analyze, dashboard, article)
    except InputError as exc:
        if fmt == "json":
            raise
        return dashboard.page("analyze.html", 400, error=str(exc), text="", title="Analyze")
    return respond(dashboard, article_result(article_view(analyzed, stored=False)), fmt)


async def _read_submitted(request: Request, limit: int) -> Article:
    form = await request.form(max_files=1, max_fields=4, max_part_size=limit)
    try:
        upload = form.get("file")
        text = form.get("text")
        items: list[Any]
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise InputTooLargeError(upload.filename[:100], len(data), limit)
            name = re.sub(r"[^\w .-]", "_", upload.filename)[:100] or "upload"
            items = list(read_bytes(data, name))
        elif isinstance(text, str) and text.strip():
            if len(text.encode("utf-8", "surrogatepass")) > limit:
                raise InputTooLargeError("pasted text", len(text), limit)
            items = list(read_text(text.replace("\r\n", "\n"), "pasted text"))
        else:
            raise InputError("analyze", "paste a text or choose a file")
    finally:
        await form.close()
    if len(items) != 1:
        raise InputError("analyze", f"the input holds {len(items)} articles; give one")
    item = items[0]
    if isinstance(item, InputError):
        raise item
    assert isinstance(item, Article)
    return item


def _analyze(dashboard: Dashboard, article: Article) -> Article:
    with dashboard.analysis_lock:  # one analysis at a time: the models are shared
        return analyze_article(article)


def old_url(request: Request) -> Response:
    """``/analyse`` was the page's URL: a permanent redirect that keeps a POST a POST."""
    target = request.url.path.replace("/analyse", "/analyze", 1)
    query = request.url.query
    return RedirectResponse(target + (f"?{query}" if query else ""), status_code=308)


ROUTES = [
    Route("/analyze", analyze_form, methods=["GET"]),
    Route("/analyze", analyze, methods=["POST"]),
    Route("/analyze.json", analyze, methods=["POST"]),
    Route("/analyse", old_url, methods=["GET", "POST"]),
    Route("/analyse.json", old_url, methods=["POST"]),
]
