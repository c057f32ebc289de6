"""Running the dashboard with uvicorn: in the foreground (``presswatch
serve``) or in a background thread (tests, benchmarks, screenshots)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from presswatch.core.errors import PresswatchError
from presswatch.web.app import create_app
from presswatch.web.config import WebConfig


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
    )


def serve(config: WebConfig) -> None:
    """Serve until interrupted."""
    import uvicorn

    app = create_app(config)
    server = uvicorn.Server(_uvicorn_config(app, config))  # type: ignore[arg-type]
    server.run()


@dataclass(frozen=True)
class RunningServer:
    url: str
    config: WebConfig
    app: object


@contextmanager
def serve_in_thread(config: WebConfig, *, timeout: float = 20.0) -> Iterator[RunningServer]:
    """Start the dashboard on ``config.host`` and a free port (``port=0``)
    in a thread; stop it on exit."""
    import uvicorn

    sock = socket.socket(socket.AF_INET6 if ":" in config.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.host, config.port))
    port = sock.getsockname()[1]
    config = replace(config, port=port)
    app = create_app(config)
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
