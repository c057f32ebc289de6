"""The ASGI application: the pages' routes, the static assets, one-line
error answers, behind the :class:`~presswatch.web.security.Guard`.

Errors are one-line messages (JSON for the JSON API and the downloads, an
error page otherwise), never stack traces (those go to the server log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from presswatch.core.errors import (
    ArticleTooLongError,
    InputError,
    InputTooLargeError,
    PresswatchError,
)
from presswatch.core.pipeline import Pipeline
from presswatch.core.text import printable
from presswatch.corpus.store import ArticleNotFoundError, FilterError, QuerySyntaxError, StoreError
from presswatch.web.analysis import AnalysisBusyError
from presswatch.web.charts import ChartError
from presswatch.web.config import WebConfig
from presswatch.web.dashboard import HERE, Dashboard, dashboard_of, wants_json
from presswatch.web.pages import analyze, api, article, home, outlets, search, speakers, trends
from presswatch.web.pages.outlets import OutletNotFoundError
from presswatch.web.params import ParameterError
from presswatch.web.security import Guard, RequestTooLargeError

log = logging.getLogger("presswatch.web")

#: The pages whose routes the dashboard serves.
PAGES = (home, search, article, outlets, speakers, trends, analyze, api)

_HTTP_MESSAGES = {404: "No such page.", 405: "Method not allowed."}

#: Each error a page may raise -> its status and its one-line message, first match wins.
ERRORS: tuple[tuple[type[Exception], int, Callable[[Exception], str]], ...] = (
    (ArticleNotFoundError, 404, lambda e: f"No article with id {getattr(e, 'article_id', '')!r}."),
    (
        OutletNotFoundError,
        404,
        lambda e: f"No article from the outlet {getattr(e, 'outlet', '')!r}.",
    ),
    (RequestTooLargeError, 413, str),
    (InputTooLargeError, 413, str),
    (ArticleTooLongError, 413, str),
    (AnalysisBusyError, 503, str),
    (ParameterError, 400, str),
    (QuerySyntaxError, 400, str),
    (FilterError, 400, str),
    (InputError, 400, str),
    (StoreError, 503, lambda e: "The corpus database could not be read."),
    (ChartError, 503, str),
    (PresswatchError, 400, str),
)


def routes() -> list[BaseRoute]:
    found: list[BaseRoute] = [route for page in PAGES for route in page.ROUTES]
    found.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
    return found


def error_response(request: Request, status: int, message: str) -> Response:
    path = request.url.path
    if wants_json(request, path.endswith(".json")) or path.endswith((".csv", ".svg", ".png")):
        return JSONResponse({"error": message, "status": status}, status)
    return dashboard_of(request).page(
        "error.html", status, status=status, message=message, title="Error"
    )


async def on_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        status = exc.status_code
        return error_response(request, status, _HTTP_MESSAGES.get(status, str(exc.detail)))
    for kind, status, message in ERRORS:
        if isinstance(exc, kind):
            if kind is StoreError:
                log.error("store error: %s", printable(str(exc)))
            response = error_response(request, status, message(exc))
            if isinstance(exc, AnalysisBusyError):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
    log.error("internal error on %s", printable(request.url.path), exc_info=exc)
    return error_response(request, 500, "Internal error: the server log has the details.")


def create_app(config: WebConfig | None = None, *, pipeline: Pipeline | None = None) -> Guard:
    """The dashboard as an ASGI application (Starlette, wrapped in :class:`Guard`);
    ``pipeline`` is the Analyze page's (default: ``Pipeline.default()``)."""
    config = (config or WebConfig()).check()
    dashboard = Dashboard(config, pipeline)
    handlers: dict[Any, Any] = {
        Exception: on_error,
        HTTPException: on_error,
        PresswatchError: on_error,
    }
    app = Starlette(routes=routes(), exception_handlers=handlers)
    app.state.dashboard = dashboard
    return Guard(app, config, dashboard)
