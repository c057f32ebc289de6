"""The ASGI application: routes requests to the view builders, renders
templates, answers JSON twins, and enforces the security rules.

Security, for every response: a strict Content-Security-Policy (scripts and
styles only from this server, no inline script, no plugin, no framing),
``nosniff``, no referrer. Every request: the access token when one is set;
on loopback without token, a ``Host`` header naming loopback (no DNS
rebinding); only GET/HEAD, and POST on the Analyse endpoints, with a
bounded body. Errors are one-line messages, never stack traces (those go to
the server log).
"""

from __future__ import annotations

import hmac
import logging
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from presswatch import __version__
from presswatch.core.article import Article
from presswatch.core.errors import InputError, InputTooLargeError, PresswatchError
from presswatch.corpus.store import (
    ArticleNotFoundError,
    FilterError,
    QuerySyntaxError,
    Store,
    StoreError,
)
from presswatch.outputs.html import technique_css
from presswatch.outputs.markup import css_class
from presswatch.web import views
from presswatch.web.charts import ChartError, series_csv, svg_to_png
from presswatch.web.config import WebConfig, is_loopback
from presswatch.web.data import ResultCache, StorePool
from presswatch.web.params import (
    SEARCH_PARAM_NAMES,
    TRENDS_PARAM_NAMES,
    ParameterError,
    known_params,
    parse_search,
    parse_trends,
)
from presswatch.web.profile import ProfileService

log = logging.getLogger("presswatch.web")

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_OURS = frozenset(name for name, _ in SECURITY_HEADERS)
TOKEN_COOKIE = "presswatch_token"
_ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_POST_PATHS = ("/analyse", "/analyse.json")
MAX_TECHNIQUE_NAMES = 64

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestTooLargeError(PresswatchError):
    exit_code = 2


# -- the guard in front of every request ---------------------------------------


class Guard:
    """ASGI middleware: token, host, method and body-size checks; security headers."""

    def __init__(self, app: ASGIApp, config: WebConfig, dashboard: Dashboard | None = None) -> None:
        self.app = app
        self.config = config
        self.dashboard = dashboard
        self.token = config.token.encode() if config.token else None
        self.loopback_only = is_loopback(config.host) and not config.token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        refusal = self._refuse(scope)
        if isinstance(refusal, _Refusal):
            refusal = _refusal_response(scope, refusal)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, self._bounded(receive), send_with_headers)

    def _refuse(self, scope: Scope) -> Response | _Refusal | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path: str = scope["path"]
        method: str = scope["method"]
        if self.loopback_only and not _loopback_host(headers.get("host", "")):
            return _Refusal(421, "This dashboard answers only to localhost.")
        if self.token is not None:
            outcome = self._check_token(scope, headers)
            if outcome is not None:
                return outcome
        if method not in ("GET", "HEAD") and not (method == "POST" and path in _POST_PATHS):
            return _Refusal(405, "Method not allowed: the dashboard is read-only.")
        if method == "POST":
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self._body_limit):
                return _Refusal(
                    413, f"Upload too large (the limit is {self.config.max_upload:,} bytes)."
                )
            origin = headers.get("origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != headers.get("host"):
                return _Refusal(403, "Cross-site request refused.")
        return None

    @property
    def _body_limit(self) -> int:
        return self.config.max_upload + 64 * 1024  # room for the multipart envelope

    def _check_token(self, scope: Scope, headers: dict[str, str]) -> Response | _Refusal | None:
        assert self.token is not None
        given = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if given is None:
            for part in headers.get("cookie", "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == TOKEN_COOKIE:
                    given = value
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        from_query = next((v for k, v in query if k == "token"), None)
        if from_query is not None and hmac.compare_digest(from_query.encode(), self.token):
            # Exchange the token in the URL for a cookie, and drop it from the URL.
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            target = scope["path"] + (f"?{rest}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, from_query, httponly=True, samesite="strict")
            return response
        if given is None or not hmac.compare_digest(given.encode(), self.token):
            return _Refusal(
                401, "This dashboard needs its access token (see presswatch serve --token)."
            )
        return None

    def _bounded(self, receive: Receive) -> Receive:
        limit = self._body_limit
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise RequestTooLargeError(
                        f"upload too large (the limit is {self.config.max_upload:,} bytes)"
                    )
            return message

        return bounded


def _loopback_host(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if host.startswith("["):
        name = host[: host.find("]") + 1]
    return bool(name) and is_loopback(name)


@dataclass(frozen=True)
class _Refusal:
    """A request the guard turns away, and why (answered as JSON or text)."""

    status: int
    message: str


def _refusal_response(scope: Scope, refusal: _Refusal) -> Response:
    """The refusal as JSON for the JSON API, plain text otherwise."""
    accept = next((v for k, v in scope["headers"] if k == b"accept"), b"").decode("latin-1")
    path: str = scope["path"]
    if path.endswith(".json") or ("application/json" in accept and "text/html" not in accept):
        return JSONResponse({"error": refusal.message, "status": refusal.status}, refusal.status)
    return PlainTextResponse(refusal.message + "\n", status_code=refusal.status)


# -- the application -----------------------------------------------------------


class Dashboard:
    """State shared by the request handlers."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.pool = StorePool(config.db, size=config.connections)
        self.cache = ResultCache(enabled=config.cache)
        self.profiles = ProfileService(config.db)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals.update(
            version=__version__,
            outlet_url=views.outlet_url,
            article_url=views.article_url,
            search_url=views.search_url,
            technique_css_url=views.technique_css_url,
            css_class=css_class,
        )
        self.analysis_lock = threading.Lock()

    def page(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)


def wants_json(request: Request, suffix: bool = False) -> bool:
    """A JSON twin is asked for by a ``.json`` URL or by ``Accept: application/json``."""
    if suffix:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def create_app(config: WebConfig | None = None) -> Guard:
    """The dashboard as an ASGI application (Starlette, wrapped in :class:`Guard`)."""
    config = (config or WebConfig()).check()
    dash = Dashboard(config)

    def pairs(request: Request) -> list[tuple[str, str]]:
        return [(k, v) for k, v in request.query_params.multi_items() if k != "token"]

    # -- search ----------------------------------------------------------------
    async def search(request: Request) -> Response:
        as_json = wants_json(request, request.url.path.endswith(".json"))
        query_pairs = pairs(request)
        known_params(query_pairs, SEARCH_PARAM_NAMES)
        params = parse_search(query_pairs)

        def respond(store: Store) -> Response:
            try:
                view = views.search_view(store, params, dash.cache)
            except (QuerySyntaxError, FilterError) as exc:
                if as_json:
                    raise
                return dash.page(
                    "search.html", 400, view=None, params=params, error=str(exc), title="Search"
                )
            if as_json:
                return _json(view.to_json())
            return dash.page("search.html", view=view, params=params, error=None, title="Search")

        return await dash.pool.run(respond)

    # -- article ---------------------------------------------------------------
    async def article(request: Request) -> Response:
        ref: str = request.path_params["ref"]
        as_json = wants_json(request, ref.endswith(".json"))
        article_id = ref[:-5] if ref.endswith(".json") else ref
        if not _ARTICLE_ID.fullmatch(article_id):
            raise ArticleNotFoundError("store", article_id[:80])
        known_params(pairs(request), ())

        def respond(store: Store) -> Response:
            view = views.stored_article_view(store, article_id)
            return _json(view.to_json()) if as_json else _article_page(view)

        return await dash.pool.run(respond, "lookup")

    def _article_page(view: views.ArticleView, status: int = 200) -> Response:
        title = view.article.title or "Article"
        return dash.page("article.html", status, view=view, a=view.article, title=title)

    def technique_stylesheet(request: Request) -> Response:
        names = [v[:100] for k, v in request.query_params.multi_items() if k == "t"]
        css = technique_css(names[:MAX_TECHNIQUE_NAMES]) + "\n"
        return Response(
            css,
            media_type="text/css",
            headers={"cache-control": "public, max-age=86400"},
        )

    # -- outlets ---------------------------------------------------------------
    async def outlets(request: Request) -> Response:
        known_params(pairs(request), ())
        as_json = wants_json(request, request.url.path.endswith(".json"))

        def respond(store: Store) -> Response:
            view = views.outlets_view(store, dash.cache)
            if as_json:
                return _json(view.to_json())
            return dash.page("outlets.html", view=view, title="Outlets")

        return await dash.pool.run(respond)

    async def outlet(request: Request) -> Response:
        name: str = request.path_params["name"]
        as_json = wants_json(request, name.endswith(".json"))
        if name.endswith(".json"):
            name = name[:-5]
        known_params(pairs(request), ())
        if not name.strip() or len(name) > 200:
            raise views.OutletNotFoundError("store", name[:80])

        def respond(store: Store) -> Response:
            view = views.outlet_view(store, name, dash.cache, dash.profiles)
            if as_json:
                return _json(view.to_json())
            return dash.page("outlet.html", view=view, title=view.name)

        return await dash.pool.run(respond)

    # -- trends ----------------------------------------------------------------
    async def trends(request: Request) -> Response:
        path = request.url.path
        fmt = path.rsplit(".", 1)[1] if "." in path else ("json" if wants_json(request) else "html")
        query_pairs = pairs(request)
        known_params(query_pairs, TRENDS_PARAM_NAMES)
        params = parse_trends(query_pairs)

        def respond(store: Store) -> Response:
            try:
                view = views.trends_view(store, params, dash.cache)
            except (QuerySyntaxError, FilterError) as exc:
                if fmt != "html":
                    raise
                return dash.page(
                    "trends.html", 400, view=None, params=params, error=str(exc), title="Trends"
                )
            return _trends_response(view, fmt)

        return await dash.pool.run(respond)

    def _trends_response(view: views.TrendsView, fmt: str) -> Response:
        params = view.params
        disposition = {"content-disposition": f'attachment; filename="presswatch-trends.{fmt}"'}
        if fmt == "json":
            return _json(view.to_json())
        if fmt == "csv":
            return Response(
                series_csv(view.points, params.by),
                media_type="text/csv; charset=utf-8",
                headers=disposition,
            )
        if fmt == "svg":
            return Response(view.svg, media_type="image/svg+xml", headers=disposition)
        if fmt == "png":
            png = svg_to_png(view.svg)
            return Response(png, media_type="image/png", headers=disposition)
        return dash.page("trends.html", view=view, params=params, error=None, title="Trends")

    # -- analyse ---------------------------------------------------------------
    def analyse_form(request: Request) -> Response:
        known_params(pairs(request), ())
        return dash.page("analyse.html", error=None, text="", title="Analyse")

    async def analyse(request: Request) -> Response:
        as_json = request.url.path.endswith(".json") or wants_json(request)
        try:
            article = await _read_submitted(request)
            analysed = await run_in_threadpool(_analyse, article)
        except InputError as exc:
            if as_json:
                raise
            return dash.page("analyse.html", 400, error=str(exc), text="", title="Analyse")
        view = views.article_view(analysed, stored=False)
        if as_json:
            return _json(view.to_json())
        return _article_page(view)

    async def _read_submitted(request: Request) -> Article:
        from presswatch.readers import read_bytes, read_text

        limit = config.max_upload
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
                raise InputError("analyse", "paste a text or choose a file")
        finally:
            await form.close()
        if len(items) != 1:
            raise InputError("analyse", f"the input holds {len(items)} articles; give one")
        item = items[0]
        if isinstance(item, InputError):
            raise item
        assert isinstance(item, Article)
        return item

    def _analyse(article: Article) -> Article:
        from presswatch.api import analyze_article

        with dash.analysis_lock:  # one analysis at a time: the models are shared
            return analyze_article(article)

    # -- API description ---------------------------------------------------------
    def openapi(request: Request) -> Response:
        from presswatch.web.openapi import openapi_document

        return _json(openapi_document())

    def api_page(request: Request) -> Response:
        from presswatch.web.openapi import openapi_document

        return dash.page("api.html", doc=openapi_document(), title="API")

    def home(request: Request) -> Response:
        return RedirectResponse("/search", status_code=307)

    # -- errors ------------------------------------------------------------------
    def error_response(request: Request, status: int, message: str) -> Response:
        path = request.url.path
        if wants_json(request, path.endswith(".json")) or path.endswith((".csv", ".svg", ".png")):
            return _json({"error": message, "status": status}, status)
        return dash.page("error.html", status, status=status, message=message, title="Error")

    async def on_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            status = exc.status_code
            message = {404: "No such page.", 405: "Method not allowed."}.get(
                status, str(exc.detail)
            )
            return error_response(request, status, message)
        if isinstance(exc, ArticleNotFoundError):
            return error_response(request, 404, f"No article with id {exc.article_id!r}.")
        if isinstance(exc, views.OutletNotFoundError):
            return error_response(request, 404, f"No article from the outlet {exc.outlet!r}.")
        if isinstance(exc, RequestTooLargeError | InputTooLargeError):
            return error_response(request, 413, str(exc))
        if isinstance(exc, ParameterError | QuerySyntaxError | FilterError | InputError):
            return error_response(request, 400, str(exc))
        if isinstance(exc, StoreError):
            log.error("store error: %s", exc)
            return error_response(request, 503, "The corpus database could not be read.")
        if isinstance(exc, ChartError):
            return error_response(request, 503, str(exc))
        if isinstance(exc, PresswatchError):
            return error_response(request, 400, str(exc))
        log.error("internal error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "Internal error: the server log has the details.")

    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/search.json", search),
        Route("/articles/{ref}", article),
        Route("/outlets", outlets),
        Route("/outlets.json", outlets),
        Route("/outlets/{name:path}", outlet),
        Route("/trends", trends),
        Route("/trends.json", trends),
        Route("/trends.csv", trends),
        Route("/trends.svg", trends),
        Route("/trends.png", trends),
        Route("/analyse", analyse_form, methods=["GET"]),
        Route("/analyse", analyse, methods=["POST"]),
        Route("/analyse.json", analyse, methods=["POST"]),
        Route("/openapi.json", openapi),
        Route("/api", api_page),
        Route("/assets/techniques.css", technique_stylesheet),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    handlers: dict[Any, Any] = {Exception: on_error, HTTPException: on_error}
    for error in (PresswatchError,):
        handlers[error] = on_error
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.dashboard = dash
    return Guard(app, config, dash)
