"""The state the pages share (store pool, result cache, outlet profiles,
templates), and the request helpers every page uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from presswatch import __version__
from presswatch.core.pipeline import Pipeline
from presswatch.core.text import without_bidi_controls
from presswatch.outputs.markup import css_class
from presswatch.web import links
from presswatch.web.analysis import AnalysisQueue
from presswatch.web.config import WebConfig
from presswatch.web.data import ResultCache, StorePool
from presswatch.web.profile import ProfileService

HERE = Path(__file__).resolve().parent


class Dashboard:
    """State shared by the request handlers (``request.app.state.dashboard``)."""

    def __init__(self, config: WebConfig, pipeline: Pipeline | None = None) -> None:
        self.config = config
        #: The pipeline of the Analyze page (default: ``Pipeline.default()``).
        self.pipeline = pipeline
        self.analyses = AnalysisQueue(workers=1, waiting=config.analysis_queue)
        self.pool = StorePool(config.db, size=config.connections)
        self.cache = ResultCache(enabled=config.cache)
        self.profiles = ProfileService(config.db)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=neutral_bidi,
        )
        self.templates.globals.update(
            version=__version__,
            outlet_url=links.outlet_url,
            article_url=links.article_url,
            search_url=links.search_url,
            technique_css_url=links.technique_css_url,
            css_class=css_class,
        )

    def page(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)


def neutral_bidi(value: Any) -> Any:
    """Every value a template prints, with its bidirectional embeddings,
    overrides and isolates replaced by U+FFFD (see
    :func:`presswatch.outputs.markup.escape_text`); HTML already built
    (``Markup``) stays HTML."""
    if isinstance(value, Markup):
        return Markup(without_bidi_controls(str(value)))
    if isinstance(value, str):
        return without_bidi_controls(value)
    return value


def dashboard_of(request: Request) -> Dashboard:
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard


def wants_json(request: Request, suffix: bool = False) -> bool:
    """A JSON twin is asked for by a ``.json`` URL or by ``Accept: application/json``."""
    if suffix:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def format_of(request: Request) -> str:
    """The format a request asks for: its URL's suffix (``/trends.csv``), else
    ``json`` when the Accept header prefers it, else ``html``."""
    name = request.url.path.rsplit("/", 1)[-1]
    if "." in name:
        return name.rsplit(".", 1)[1]
    return "json" if wants_json(request) else "html"


def query_pairs(request: Request) -> list[tuple[str, str]]:
    """The query parameters, without the access token."""
    return [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
