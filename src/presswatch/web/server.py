"""Running the dashboard with uvicorn: in the foreground (``presswatch
serve``) or in a background thread (tests, benchmarks, screenshots)."""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from presswatch.core.errors import EXIT_ADDRESS, PresswatchError
from presswatch.core.pipeline import Pipeline
from presswatch.web.app import create_app
from presswatch.web.config import WebConfig

#: Seconds a stopping server (SIGTERM, Ctrl-C) lets requests in progress
#: finish before it cancels them (an analysis in progress is abandoned).
SHUTDOWN_SECONDS = 5


class AddressUnavailableError(PresswatchError):
    """The dashboard cannot listen on its address (exit code 4)."""

    exit_code = EXIT_ADDRESS


def _uvicorn_config(app: object, config: WebConfig) -> object:
    import uvicorn

    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=config.host,
        port=config.port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        access_log=False,
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )


def bind(config: WebConfig) -> socket.socket:
    """A listening socket on the dashboard's address, or
    :class:`AddressUnavailableError` saying why not (in use, not an address
    of this machine, not allowed)."""
    shown = (
        f"[{config.host}]:{config.port}" if ":" in config.host else f"{config.host}:{config.port}"
    )
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    try:
        return socket.create_server((config.host, config.port), family=family)
    except OSError as exc:
        raise AddressUnavailableError(f"cannot listen on {shown}: {_why(exc, config)}") from None


def _why(exc: OSError, config: WebConfig) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            "the port is already in use (another program listens there); choose another with --port"
        )
    if exc.errno == errno.EACCES:
        return "permission denied (ports below 1024 need privileges); choose another with --port"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"{config.host} is not an address of this machine"
    return exc.strerror or str(exc)


def serve(
    config: WebConfig, *, pipeline: Pipeline | None = None, sock: socket.socket | None = None
) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM: requests in progress get
    :data:`SHUTDOWN_SECONDS` to finish). ``sock``: a socket from :func:`bind`
    (default: bound here)."""
    import uvicorn

    sock = sock or bind(config)
    app = create_app(config, pipeline=pipeline)
    server = uvicorn.Server(_uvicorn_config(app, config))  # type: ignore[arg-type]
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


@dataclass(frozen=True)
class RunningServer:
    url: str
    config: WebConfig
    app: object


@contextmanager
def serve_in_thread(
    config: WebConfig, *, timeout: float = 20.0, pipeline: Pipeline | None = None
) -> Iterator[RunningServer]:
    """Start the dashboard on ``config.host`` and a free port (``port=0``)
    in a thread; stop it on exit."""
    import uvicorn

    sock = socket.socket(socket.AF_INET6 if ":" in config.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.host, config.port))
    port = sock.getsockname()[1]
    config = replace(config, port=port)
    app = create_app(config, pipeline=pipeline)
    server = uvicorn.Server(_uvicorn_config(app, config))  # type: ignore[arg-type]
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="presswatch-serve", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise PresswatchError("the dashboard server did not start")
        time.sleep(0.02)
    host = f"[{config.host}]" if ":" in config.host else config.host
    try:
        yield RunningServer(f"http://{host}:{port}", config, app)
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
        dashboard = getattr(app, "dashboard", None)
        if dashboard is not None:
            dashboard.pool.close()
