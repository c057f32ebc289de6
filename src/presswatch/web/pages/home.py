"""``/``: the search page is the home page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route


def home(request: Request) -> Response:
    return RedirectResponse("/search", status_code=307)


ROUTES = [Route("/", home)]
