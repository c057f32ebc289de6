"""Metadata an ingest run gives articles that do not carry it: a sidecar file
and the ``--outlet`` / ``--published`` flags.

A folder of plain-text files has no outlet, no date and no URL, so its
outlet pages and trends stay empty. Two ways to say what the files are:

* a **metadata sidecar**, a CSV (with a header row) or JSON Lines file whose
  rows map a file to ``url``, ``outlet``, ``published``, ``language`` and
  ``title``. It is found in a SOURCE folder under the name
  ``presswatch-metadata.csv`` or ``presswatch-metadata.jsonl`` (never read as
  an article), or given with ``--metadata FILE`` (which turns the discovery
  off);
* the flags ``--outlet NAME`` and ``--published DATE``, for every article of
  the run that has no outlet or date otherwise.

**Matching.** A row's ``file`` is a path relative to the folder that holds
the sidecar, with ``/`` between folders (``2022/a.txt``), or a bare file name
(``a.txt``). An article read from the file F matches the row whose ``file``
is F's path relative to that folder; failing that, a bare-name row equal to
F's name (so a bare name applies to every file of that name in the tree). A
row applies to every article its file holds (a JSON Lines or WARC file holds
several). Paths are compared exactly (case and Unicode form as written).

**Precedence**, per field: the sidecar, then the article's own metadata (an
HTML page's, a JSON object's, the record format's header), then the flags.
The sidecar is a statement about one file, written on purpose by whoever
built the corpus, so it may correct a page's metadata (a generic
``og:site_name``, a syndication date); the flags are one value for a whole
run, so they only fill gaps. An outlet also comes from the URL (the outlet
known for its domain, else the host name) before the flag.

A sidecar ``language`` replaces the automatic identification of the
article's language (the language stage keeps a language given before it);
a sidecar ``title`` becomes the article's title, and when it differs from
the first line of a plain-text file, that line is read as a paragraph.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from presswatch.core.article import Article, article_id
from presswatch.core.errors import PresswatchError
from presswatch.corpus.store.rows import search_title, storable
from presswatch.corpus.store.types import StoredMetadata
from presswatch.readers import METADATA_SIDECAR_NAMES
from presswatch.readers.compose import normalize_date, normalize_language, outlet_from_url

#: The fields a sidecar row may give, besides ``file``.
FIELDS = ("url", "outlet", "published", "language", "title")
#: The column naming the file a row describes.
KEY = "file"
#: A sidecar larger than this is refused (its rows are held in memory).
MAX_SIDECAR_BYTES = 64 * 1024 * 1024
#: Problems listed before a sidecar is refused.
MAX_REPORTED_PROBLEMS = 10
MAX_OUTLET_LENGTH = 200
MAX_TITLE_LENGTH = 1000
MAX_URL_LENGTH = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class MetadataError(PresswatchError):
    """A metadata sidecar or flag cannot be used; nothing was ingested."""

    exit_code = 2


# -- one value ----------------------------------------------------------------


def check_outlet(value: str) -> str:
    """An outlet name: not empty, one line, at most 200 characters."""
    return _one_line(value, "outlet", MAX_OUTLET_LENGTH)


def check_title(value: str) -> str:
    return _one_line(value, "title", MAX_TITLE_LENGTH)


def _one_line(value: str, name: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise ValueError(f"empty {name}")
    if _CONTROL.search(text):
        raise ValueError(f"{name} with a control character (line break, tab…)")
    if len(text) > limit:
        raise ValueError(f"{name} longer than {limit} characters")
    return text


def check_published(value: str) -> str:
    """A publication date as ``YYYY-MM-DD`` (or ``YYYY-MM``), from ISO 8601 or
    the forms the JSON reader knows (``DD/MM/YYYY``…); a year between 1800 and
    next year."""
    text = value.strip()
    try:
        normalised = normalize_date(text)
    except ValueError:
        normalised = None
    if normalised is None:
        raise ValueError(f"unrecognised date {text[:40]!r} (expected YYYY-MM-DD or YYYY-MM)")
    year, month = int(normalised[:4]), int(normalised[5:7])
    if not 1 <= month <= 12:
        raise ValueError(f"unrecognised date {text[:40]!r} (no month {month})")
    if not 1800 <= year <= date.today().year + 1:
        raise ValueError(f"implausible year in {text[:40]!r}")
    return normalised


def check_language(value: str) -> str:
    """An ISO 639 language code (``fr``; ``fr-FR`` and ``fr_FR`` give ``fr``)."""
    return normalize_language(value)


def check_url(value: str) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {text[:80]!r}")
    if len(text) > MAX_URL_LENGTH or _CONTROL.search(text):
        raise ValueError(f"unusable URL {text[:80]!r}")
    return text


_CHECKS = {
    "url": check_url,
    "outlet": check_outlet,
    "published": check_published,
    "language": check_language,
    "title": check_title,
}


@dataclass(frozen=True)
class Metadata:
    """Values given for an article (``None``: not given)."""

    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    title: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


# -- sidecar files ------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of a sidecar: the file it names, its line, its values."""

    file: str
    line: int
    metadata: Metadata


@dataclass
class Sidecar:
    """A loaded metadata sidecar; :meth:`lookup` finds the row of a file."""

    path: Path
    by_path: dict[str, Entry]
    by_name: dict[str, Entry]
    used: set[str] = field(default_factory=set)

    @property
    def folder(self) -> str:
        return os.path.abspath(self.path.parent)

    def lookup(self, file: Path) -> Metadata | None:
        """The values of ``file``'s row, if it has one (see the module doc)."""
        relative = os.path.relpath(os.path.abspath(file), self.folder).replace(os.sep, "/")
        entry = None if relative.startswith("../") else self.by_path.get(relative)
        if entry is None:
            entry = self.by_name.get(file.name)
        if entry is None:
            return None
        self.used.add(entry.file)
        return entry.metadata

    def unused(self) -> list[Entry]:
        """Rows that matched no file read so far (typos, missing files)."""
        rows = [*self.by_path.values(), *self.by_name.values()]
        return sorted((e for e in rows if e.file not in self.used), key=lambda e: e.line)


def load_sidecar(path: str | os.PathLike[str]) -> Sidecar:
    """Read and check a sidecar (CSV with a header row, or JSON Lines, by its
    extension ``.csv`` / ``.jsonl``). Every problem is named with the file and
    line; any problem refuses the whole file (:class:`MetadataError`)."""
    sidecar_path = Path(path)
    name = str(sidecar_path)
    suffix = sidecar_path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise MetadataError(f"{name}: a metadata file must be .csv or .jsonl")
    try:
        size = sidecar_path.stat().st_size
        if not sidecar_path.is_file():
            raise MetadataError(f"{name}: not a regular file")
        if size > MAX_SIDECAR_BYTES:
            raise MetadataError(
                f"{name}: too large ({size:,} bytes; the limit is {MAX_SIDECAR_BYTES:,})"
            )
        text = sidecar_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MetadataError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise MetadataError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    rows = _csv_rows(text, name) if suffix == ".csv" else _jsonl_rows(text, name)
    return _build(sidecar_path, rows)


Row = tuple[int, dict[str, object]]


class _Problems(list[str]):
    def add(self, where: str, reason: str) -> None:
        self.append(f"{where}: {reason}")


def _csv_rows(text: str, name: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise MetadataError(f"{name}: empty metadata file (expected a header row)")
        columns = [column.strip() for column in header]
        _check_columns(columns, f"{name}:1")
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(columns):
                raise MetadataError(
                    f"{name}:{line}: {len(values)} cells, the header has {len(columns)}"
                )
            yield line, dict(zip(columns, values, strict=True))
    except csv.Error as exc:
        raise MetadataError(f"{name}:{reader.line_num}: not valid CSV ({exc})") from None


def _check_columns(columns: list[str], where: str) -> None:
    known = (KEY, *FIELDS)
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise MetadataError(f"{where}: unknown column {unknown[0]!r} (known: {', '.join(known)})")
    if KEY not in columns:
        raise MetadataError(f"{where}: no {KEY!r} column (the file each row describes)")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise MetadataError(f"{where}: column {repeated[0]!r} given twice")


def _jsonl_rows(text: str, name: str) -> Iterator[Row]:
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            raise MetadataError(f"{name}:{line}: invalid JSON ({reason})") from None
        if not isinstance(item, dict):
            raise MetadataError(f"{name}:{line}: expected a JSON object, got {type(item).__name__}")
        _check_columns(list(item), f"{name}:{line}")
        yield line, item


def _build(path: Path, rows: Iterable[Row]) -> Sidecar:
    name = str(path)
    problems = _Problems()
    by_path: dict[str, Entry] = {}
    by_name: dict[str, Entry] = {}
    for line, row in rows:
        where = f"{name}:{line}"
        entry = _entry(row, line, where, problems)
        if entry is None:
            continue
        table = by_path if "/" in entry.file else by_name
        if entry.file in table:
            problems.add(
                where, f"{entry.file!r} is already described on line {table[entry.file].line}"
            )
        else:
            table[entry.file] = entry
        if len(problems) >= MAX_REPORTED_PROBLEMS:
            break
    if problems:
        raise MetadataError(_summary(name, problems))
    return Sidecar(path, by_path, by_name)


def _summary(name: str, problems: list[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    more = "at least " if len(problems) >= MAX_REPORTED_PROBLEMS else ""
    listing = "\n  ".join(problems)
    return f"{name}: {more}{len(problems)} problems:\n  {listing}"


def _entry(row: dict[str, object], line: int, where: str, problems: _Problems) -> Entry | None:
    file = row.get(KEY)
    if not isinstance(file, str) or not file.strip():
        problems.add(where, f"no {KEY!r} (the file this row describes)")
        return None
    key = _file_key(file.strip())
    if key is None:
        problems.add(where, f"{file[:80]!r}: give a path relative to the metadata file's folder")
        return None
    values: dict[str, str] = {}
    for name in FIELDS:
        value = row.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            problems.add(where, f"{name!r} must be a string, got {type(value).__name__}")
            continue
        try:
            values[name] = _CHECKS[name](value)
        except ValueError as exc:
            problems.add(where, f"{name}: {exc}")
    return Entry(key, line, Metadata(**values))


def _file_key(file: str) -> str | None:
    """The row's file as compared with relative paths (``./`` dropped);
    ``None`` for an absolute path or one leaving the folder."""
    key = file.removeprefix("./")
    parts = key.split("/")
    if key.startswith("/") or re.match(r"[A-Za-z]:[\\/]", key) or ".." in parts or "" in parts:
        return None
    return key


# -- a run --------------------------------------------------------------------


@dataclass
class RunMetadata:
    """What one ingest run gives its articles: the sidecars and the flags'
    values (:func:`plan_metadata` builds it)."""

    defaults: Metadata = field(default_factory=Metadata)
    explicit: Sidecar | None = None
    discovered: dict[str, Sidecar] = field(default_factory=dict)

    @property
    def sidecars(self) -> list[Sidecar]:
        return [self.explicit] if self.explicit else list(self.discovered.values())

    def unused(self) -> list[tuple[Sidecar, Entry]]:
        """Each sidecar row that matched no article read so far."""
        return [(sidecar, entry) for sidecar in self.sidecars for entry in sidecar.unused()]

    def sidecar_for(self, source: str) -> Sidecar | None:
        """The sidecar that applies to the files of a SOURCE argument."""
        if self.explicit is not None:
            return self.explicit
        return self.discovered.get(os.path.abspath(source))

    def apply(self, article: Article, file: Path | None, sidecar: Sidecar | None) -> Article:
        """``article`` with the sidecar's values for ``file`` and the flags'
        values (see the module doc for the precedence)."""
        given = sidecar.lookup(file) if sidecar is not None and file is not None else None
        return apply_metadata(article, given, self.defaults)


def plan_metadata(
    sources: Iterable[str],
    *,
    metadata_file: str | os.PathLike[str] | None = None,
    outlet: str | None = None,
    published: str | None = None,
) -> RunMetadata:
    """Load the sidecars of a run: ``metadata_file``, else the one found in
    each SOURCE folder. Raises :class:`MetadataError` before anything is read
    when a sidecar is unusable."""
    defaults = Metadata(
        outlet=_flag(check_outlet, outlet, "--outlet"),
        published=_flag(check_published, published, "--published"),
    )
    if metadata_file is not None:
        return RunMetadata(defaults, explicit=load_sidecar(metadata_file))
    discovered: dict[str, Sidecar] = {}
    for source in sources:
        folder = Path(source)
        if source.lower().startswith(("http://", "https://")) or not folder.is_dir():
            continue
        found = [folder / name for name in METADATA_SIDECAR_NAMES if (folder / name).is_file()]
        if len(found) > 1:
            raise MetadataError(
                f"{folder}: both {found[0].name} and {found[1].name}; keep one metadata file"
            )
        if found:
            discovered[os.path.abspath(folder)] = load_sidecar(found[0])
    return RunMetadata(defaults, discovered=discovered)


def _flag(check: Callable[[str], str], value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        return check(value)
    except ValueError as exc:
        raise MetadataError(f"{flag}: {exc}") from None


def apply_metadata(article: Article, given: Metadata | None, defaults: Metadata) -> Article:
    """Give ``article`` the sidecar's values (``given``), then the flags'
    (``defaults``) where it has none; its id follows a new URL."""
    given = given or Metadata()
    url = given.url or article.url
    outlet = given.outlet or article.outlet or outlet_from_url(given.url) or defaults.outlet
    published = given.published or article.published or defaults.published
    language = given.language or article.language
    if url != article.url:
        article.url = url
        article.id = article_id(url, article.text)
    article.outlet, article.published, article.language = outlet, published, language
    if given.title and given.title != article.title:
        _retitle(article, given.title)
    return article


def _retitle(article: Article, title: str) -> None:
    """A new title; the title paragraph, if it says something else, becomes
    a body paragraph (the text is unchanged)."""
    for paragraph in article.paragraphs:
        if paragraph.kind == "title" and article.text[paragraph.start : paragraph.end] != title:
            paragraph.kind = "paragraph"
    article.title = title


def metadata_changed(article: Article, stored: StoredMetadata) -> bool:
    """True when ``article``, read again from the source of the ``stored``
    article, gives a value the store does not hold (a value it lacks never
    erases a stored one). An identical text read from another source is a
    duplicate, whatever its metadata."""
    if not article.source or storable(article.source) != stored.source:
        return False
    pairs = (
        (article.url, stored.url),
        (article.outlet, stored.outlet),
        (article.published, stored.published),
        (article.language, stored.language),
    )
    if any(new is not None and storable(new) != old for new, old in pairs):
        return True
    return search_title(article) != stored.title
