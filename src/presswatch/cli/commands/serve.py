"""``presswatch serve [--db URL] [--host 127.0.0.1] [--port 8000] [--token T]``: the web dashboard."""

from __future__ import annotations

import argparse
import contextlib
import os
from typing import Any

from presswatch.cli.args import add_db_argument, database_url, non_negative_int, positive_int
from presswatch.cli.messages import say
from presswatch.core.deps import require
from presswatch.core.errors import EXIT_OK, Terminated
from presswatch.corpus.store import open_store
from presswatch.web.analysis import DEFAULT_WAITING
from presswatch.web.config import WebConfig


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="the web dashboard over a corpus database",
        description=(
            "Search, marked-up articles, outlet profiles, trends and an Analyse page, in a "
            "browser; every page has a JSON twin (URL + .json) described at /openapi.json. "
            "Read-only. Binds to 127.0.0.1; another address needs --token. "
            "Exit code 4 when the address cannot be listened on (e.g. the port is in use)."
        ),
    )
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--token",
        default=None,
        help="access token every request must carry (also $PRESSWATCH_TOKEN); required to "
        "bind to an address other than loopback. Open http://HOST:PORT/?token=TOKEN once in "
        "a browser, or send 'Authorization: Bearer TOKEN'",
    )
    parser.add_argument(
        "--max-upload-mb",
        type=positive_int,
        default=2,
        metavar="N",
        help="largest text or file the Analyse page accepts, in MiB (default 2)",
    )
    parser.add_argument(
        "--analysis-queue",
        type=non_negative_int,
        default=DEFAULT_WAITING,
        metavar="N",
        help="analyses of the Analyze page that may wait while one runs (default "
        f"{DEFAULT_WAITING}); more are answered 503 with Retry-After",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="compute every page afresh (the result cache is for a corpus being read; "
        "it is dropped whenever the corpus grows anyway)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = WebConfig(
        db=database_url(args),
        host=args.host,
        port=args.port,
        token=args.token or os.environ.get("PRESSWATCH_TOKEN") or None,
        max_upload=args.max_upload_mb * 1024 * 1024,
        cache=not args.no_cache,
        analysis_queue=args.analysis_queue,
    ).check()
    require("web")

    with open_store(config.db):  # a missing or foreign database fails here, clearly
        pass
    from presswatch.web.server import bind, serve  # Starlette and uvicorn: only when serving

    sock = bind(config)  # a busy port fails here, in one line (exit code 4)
    shown = f"[{config.host}]" if ":" in config.host else config.host
    port = sock.getsockname()[1]
    say(f"presswatch dashboard on http://{shown}:{port}/ (Ctrl-C stops)")
    with contextlib.suppress(Terminated):  # uvicorn passes on the SIGTERM it stopped for
        serve(config, sock=sock)
    say("presswatch: dashboard stopped")
    return EXIT_OK
