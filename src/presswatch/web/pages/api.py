"""The API pages: ``/openapi.json`` (the OpenAPI description of every
route) and ``/api`` (the same, readable)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from presswatch.web.dashboard import dashboard_of
from presswatch.web.openapi import openapi_document


def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document())


def api_page(request: Request) -> Response:
    return dashboard_of(request).page("api.html", doc=openapi_document(), title="API")


ROUTES = [Route("/openapi.json", openapi), Route("/api", api_page)]
