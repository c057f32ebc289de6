"""Identity of an article for de-duplication: canonical URL, content hash and
MinHash signature (near-duplicates: syndicated copies, small edits)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from presswatch.core.deps import require
from presswatch.core.text import fold

#: Query parameters that track a visit and never change the page.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|at_\w+|_ga|igshid|ocid|cmpid|ref_src)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WORD = re.compile(r"\w+")

#: Word n-grams used as MinHash shingles, and the fewest words a text needs.
SHINGLE_SIZE = 3
MIN_WORDS = 12
MINHASH_SEED = 1
#: Permutations of a MinHash signature (its length).
NUM_PERM = 128


def canonical_url(url: str | None) -> str | None:
    """The URL that identifies a page: lower-case scheme and host, no default
    port, no fragment, no tracking parameters, sorted query, no trailing slash."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return url.strip()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        )
    )
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def content_hash(text: str) -> str:
    """A hash of the text that ignores differences of white space and Unicode form."""
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(fold(text))
    if len(words) < MIN_WORDS:
        return set()
    return {
        " ".join(words[i : i + SHINGLE_SIZE]).encode("utf-8", "surrogatepass")
        for i in range(len(words) - SHINGLE_SIZE + 1)
    }


@cache
def _template() -> Any:
    require("near-duplicates")
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)


def minhash_signature(text: str) -> tuple[int, ...] | None:
    """The MinHash signature of ``text`` (``None`` when too short to compare)."""
    items = shingles(text)
    if not items:
        return None
    minhash = _template().copy()
    minhash.update_batch(list(items))
    return tuple(int(v) for v in minhash.hashvalues)
