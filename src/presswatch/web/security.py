"""The guard in front of every request, and the security headers of every response.

Every response: a strict Content-Security-Policy (scripts and styles only
from this server, no inline script, no plugin, no framing), ``nosniff``, no
referrer. Every request: the access token when one is set; on loopback
without token, a ``Host`` header naming loopback (no DNS rebinding); only
GET/HEAD, and POST on the Analyse endpoints, with a bounded body.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from presswatch.core.errors import PresswatchError
from presswatch.web.config import WebConfig, is_loopback
from presswatch.web.dashboard import Dashboard

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
#: The only paths that take a POST (an upload to analyze; /analyse is the old name).
POST_PATHS = ("/analyze", "/analyze.json", "/analyse", "/analyse.json")

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
        if method not in ("GET", "HEAD") and not (method == "POST" and path in POST_PATHS):
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
            target = local_path(scope) + (f"?{rest}" if rest else "")
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


def local_path(scope: Scope) -> str:
    """The request's path as a redirect target that stays on this server:
    percent-encoded as received, with leading slashes and backslashes
    collapsed into one slash (``//evil.example/`` and ``/\\evil.example``
    would send a browser to another host)."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8")
    return "/" + quote(bytes(raw).lstrip(b"/\\"), safe="/%:@!$&'()*+,;=-._~")


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
