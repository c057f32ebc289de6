"""How a dashboard is served: database, address, access token, limits."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from presswatch.core.errors import EXIT_USAGE, PresswatchError
from presswatch.web.analysis import DEFAULT_WAITING

#: Largest request body the Analyse page accepts (pasted text or uploaded file).
DEFAULT_MAX_UPLOAD = 2 * 1024 * 1024
#: Database connections kept open (one per concurrent request at most).
DEFAULT_CONNECTIONS = 4
#: An access token: long enough, and safe in a header, a cookie and a URL.
_TOKEN = re.compile(r"[A-Za-z0-9._~-]{16,256}")


class WebConfigError(PresswatchError):
    """``presswatch serve`` was asked for something unsafe or impossible."""

    exit_code = EXIT_USAGE


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WebConfig:
    """Settings of one dashboard.

    ``db`` is a store URL (see :func:`presswatch.corpus.store.open_store`). A
    ``token``, when set, must accompany every request (``Authorization:
    Bearer``, or ``?token=`` once, which sets a cookie); it is required to bind
    to an address other than loopback."""

    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_upload: int = DEFAULT_MAX_UPLOAD
    connections: int = DEFAULT_CONNECTIONS
    #: Analyses of the Analyze page that may wait while one runs (more: 503).
    analysis_queue: int = DEFAULT_WAITING
    #: Cache search pages, facets and profiles (invalidated when the corpus grows).
    cache: bool = True

    def check(self) -> WebConfig:
        """Refuse unsafe settings with a :class:`WebConfigError`."""
        if not is_loopback(self.host) and not self.token:
            raise WebConfigError(
                f"binding to {self.host} exposes the corpus beyond this machine: "
                "give an access token with --token (every request must then carry it)"
            )
        if self.token is not None and not _TOKEN.fullmatch(self.token):
            raise WebConfigError(
                "--token must be at least 16 characters long, letters, digits and . _ ~ - only"
            )
        if not 0 <= self.port <= 65535:
            raise WebConfigError(f"--port {self.port}: expected 0-65535")
        if self.max_upload < 1024:
            raise WebConfigError("the upload limit must be at least 1024 bytes")
        if not 1 <= self.connections <= 64:
            raise WebConfigError("connections must be between 1 and 64")
        if not 0 <= self.analysis_queue <= 64:
            raise WebConfigError("--analysis-queue must be between 0 and 64")
        return self
