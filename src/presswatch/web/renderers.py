"""Output renderers: one registry turns what a page found into HTML, JSON,
CSV, SVG or PNG (datasette's output renderers).

A page handler returns a :class:`Result`: its view object and how to show
it as HTML. ``respond(dashboard, result, fmt)`` hands it to the renderer
registered under ``fmt``. A renderer uses the view's method of its format
(``to_json()``, ``to_csv()``, ``to_svg()``), so a page supports a format by
having the method and a route for it. A separate package adds a renderer
with an entry point in the ``presswatch.renderers`` group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from starlette.responses import JSONResponse, Response

from presswatch.core.errors import RegistryError
from presswatch.core.registry import Registry
from presswatch.web.charts import svg_to_png
from presswatch.web.dashboard import Dashboard


@dataclass(frozen=True)
class Result:
    """What a page found: the view, and the template, title and context of its HTML."""

    view: Any
    template: str
    title: str
    status: int = 200
    context: dict[str, Any] = field(default_factory=dict)
    #: Downloads are named ``presswatch-<download>.<format>``.
    download: str = "page"


Renderer = Callable[[Dashboard, Result, str], Response]


def render_html(dashboard: Dashboard, result: Result, fmt: str) -> Response:
    return dashboard.page(
        result.template, result.status, view=result.view, title=result.title, **result.context
    )


def render_json(dashboard: Dashboard, result: Result, fmt: str) -> Response:
    return JSONResponse(result.view.to_json(), status_code=result.status)


def _download(result: Result, fmt: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="presswatch-{result.download}.{fmt}"'}


def render_csv(dashboard: Dashboard, result: Result, fmt: str) -> Response:
    return Response(
        result.view.to_csv(), media_type="text/csv; charset=utf-8", headers=_download(result, fmt)
    )


def render_svg(dashboard: Dashboard, result: Result, fmt: str) -> Response:
    return Response(
        result.view.to_svg(), media_type="image/svg+xml", headers=_download(result, fmt)
    )


def render_png(dashboard: Dashboard, result: Result, fmt: str) -> Response:
    png = svg_to_png(result.view.to_svg())
    return Response(png, media_type="image/png", headers=_download(result, fmt))


def _as_renderer(name: str, value: Any) -> Renderer:
    if not callable(value):
        raise RegistryError(f"the renderer {name!r} is not callable (got {value!r})")
    return cast(Renderer, value)


#: The renderers, by format (the suffix of a page's URL).
RENDERERS: Registry[Renderer] = Registry(
    "renderer",
    "presswatch.renderers",
    builtins={
        fmt: f"presswatch.web.renderers:render_{fmt}"
        for fmt in ("html", "json", "csv", "svg", "png")
    },
    coerce=_as_renderer,
)


def respond(dashboard: Dashboard, result: Result, fmt: str) -> Response:
    """``result`` rendered as ``fmt``."""
    return RENDERERS.get(fmt)(dashboard, result, fmt)
