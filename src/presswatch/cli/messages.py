"""What the commands print for people: one line each, on standard error,
with every control character from an article, a file name or a URL shown
as a visible escape (:func:`~presswatch.core.text.printable`), so that no
input can send escape sequences to the terminal or forge a line of the
summary."""

from __future__ import annotations

import sys
from typing import IO

from presswatch.core.text import printable


def say(message: str, stream: IO[str] | None = None) -> None:
    """Print one line (``presswatch: …``) on standard error, escaped."""
    print(printable(message), file=stream or sys.stderr, flush=True)
