"""The Analyze page (``/analyze``, ``POST /analyze.json``): paste or upload
an article, see its analysis as an article page; nothing is stored. The old
URLs (``/analyse``, ``/analyse.json``) redirect here, keeping the method."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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
        submitted = await _read_submitted(request, dashboard.config.max_upload)
        analyzed = await dashboard.analyses.run(lambda: _analyze(dashboard, submitted))
    except InputError as exc:
        if fmt == "json":
            raise
        return dashboard.page("analyze.html", 400, error=str(exc), text="", title="Analyze")
    return respond(dashboard, article_result(article_view(analyzed, stored=False)), fmt)


@dataclass(frozen=True)
class _Submitted:
    """What was posted: the bytes of a file, or a pasted text."""

    name: str
    data: bytes | None = None
    text: str | None = None


async def _read_submitted(request: Request, limit: int) -> _Submitted:
    """The posted file or text, within the upload limit (read on the event
    loop: cheap; decoding and extraction run in the analysis queue)."""
    form = await request.form(max_files=1, max_fields=4, max_part_size=limit)
    try:
        upload = form.get("file")
        text = form.get("text")
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(limit + 1)
            name = re.sub(r"[^\w .-]", "_", upload.filename)[:100] or "upload"
            if len(data) > limit:
                raise InputTooLargeError(name, len(data), limit)
            return _Submitted(name, data=data)
        if isinstance(text, str) and text.strip():
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise InputTooLargeError("pasted text", size, limit)
            return _Submitted("pasted text", text=text.replace("\r\n", "\n"))
        raise InputError("analyze", "paste a text or choose a file")
    finally:
        await form.close()


def _analyze(dashboard: Dashboard, submitted: _Submitted) -> Article:
    """Read and analyse one submitted article (in the analysis queue's thread)."""
    if submitted.data is not None:
        items: list[Any] = list(read_bytes(submitted.data, submitted.name))
    else:
        items = list(read_text(submitted.text or "", submitted.name))
    if len(items) != 1:
        raise InputError("analyze", f"the input holds {len(items)} articles; give one")
    item = items[0]
    if isinstance(item, InputError):
        raise item
    assert isinstance(item, Article)
    return analyze_article(item, dashboard.pipeline)


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
