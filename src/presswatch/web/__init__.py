"""The web dashboard (``presswatch serve``): search, marked-up articles,
outlet profiles, trends and an Analyse page, each with a JSON twin.

The page logic lives in plain modules that return typed view objects
(:mod:`presswatch.web.views`, :mod:`presswatch.web.charts`,
:mod:`presswatch.web.profile`, :mod:`presswatch.web.params`); the ASGI
application (:mod:`presswatch.web.app`) only routes requests to them and
renders templates. Starlette, uvicorn and Jinja2 come with the ``web`` extra
(``pip install 'presswatch[web]'``) and are imported only here, lazily, so
``import presswatch`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from presswatch.web.app import create_app
    from presswatch.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from presswatch.web.app import create_app

        return create_app
    if name == "WebConfig":
        from presswatch.web.config import WebConfig

        return WebConfig
    raise AttributeError(f"module 'presswatch.web' has no attribute {name!r}")
