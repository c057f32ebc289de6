"""SemEval-2023 Task 3 file formats: articles, gold labels, predictions.

An article file has its title on line 1, a blank line, then paragraphs
separated by blank lines. Labels of subtask 3 name paragraphs by their LINE
number in the file (1-based, blank lines count) and spans by offsets into
the file's raw characters (read without newline translation, since some
files have ``\\r\\n`` line ends).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.core.errors import InputError
from presswatch.stages.persuasion.labels import FRAMES, GENRES, SEMEVAL_LANGUAGES, TECHNIQUES

ARTICLE_NAME = re.compile(r"^article(?P<id>[^.\s/\\]+)\.txt$")

#: The three subtasks and the file each one's gold labels live in.
TASKS: dict[str, str] = {
    "genre": "train-labels-subtask-1.txt",
    "frames": "train-labels-subtask-2.txt",
    "techniques": "train-labels-subtask-3.txt",
}
SPANS_FILE = "train-labels-subtask-3-spans.txt"
ARTICLES_DIR = "train-articles"


class SemevalFormatError(InputError):
    """A SemEval file or folder is missing or not in the expected format."""


@dataclass(slots=True)
class Line:
    """One line of an article file: ``number`` is 1-based, offsets are raw
    character offsets into the file, ``\\r``/``\\n`` excluded."""

    number: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Span:
    technique: str
    start: int
    end: int


@dataclass(slots=True)
class SemevalArticle:
    """An article in the SemEval format, with its gold labels when known."""

    id: str
    text: str
    lines: list[Line]
    language: str = ""
    genre: str | None = None
    #: ``None`` when the frames file has no row for the article
    frames: list[str] | None = None
    #: line number -> techniques, for every labelled (non-empty) line
    techniques: dict[int, list[str]] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)

    def paragraphs(self) -> list[Line]:
        """The non-empty lines: the rows of the official subtask-3 template."""
        return [line for line in self.lines if line.text.strip()]


# -- articles ----------------------------------------------------------------


def split_lines(text: str) -> list[Line]:
    """Split raw text into numbered lines on ``\\n`` (a trailing ``\\r`` is dropped)."""
    lines = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = start + len(raw)
        content_end = end - 1 if raw.endswith("\r") else end
        lines.append(Line(number, start, content_end, text[start:content_end]))
        start = end + 1
    return lines


def read_article(path: Path, *, language: str = "") -> SemevalArticle:
    """Read ``article<ID>.txt`` (UTF-8, raw newlines)."""
    match = ARTICLE_NAME.match(path.name)
    if match is None:
        raise SemevalFormatError(str(path), "not named article<ID>.txt")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise SemevalFormatError(str(path), f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise SemevalFormatError(str(path), f"cannot read ({exc.strerror})") from None
    if "\x00" in text:
        raise SemevalFormatError(str(path), "binary content, not text")
    return SemevalArticle(match["id"], text, split_lines(text), language=language)


def iter_article_files(folder: Path) -> list[Path]:
    """The ``article<ID>.txt`` files of ``folder``, sorted by name."""
    if not folder.exists():
        raise SemevalFormatError(str(folder), "no such folder")
    if not folder.is_dir():
        raise SemevalFormatError(str(folder), "not a folder")
    files = sorted(p for p in folder.iterdir() if ARTICLE_NAME.match(p.name) and p.is_file())
    if not files:
        raise SemevalFormatError(str(folder), "no article<ID>.txt file in this folder")
    return files


def read_articles(folder: Path, *, language: str = "") -> list[SemevalArticle]:
    return [read_article(path, language=language) for path in iter_article_files(folder)]


# -- label files ---------------------------------------------------------------


def _rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """Tab-separated rows; a row may omit trailing empty columns."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SemevalFormatError(str(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise SemevalFormatError(str(path), f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise SemevalFormatError(str(path), f"cannot read ({exc.strerror})") from None
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        cells = raw.rstrip("\r").split("\t")
        if len(cells) < columns - 1 or len(cells) > columns:
            raise SemevalFormatError(
                f"{path}:{number}", f"expected {columns} tab-separated columns, got {len(cells)}"
            )
        cells += [""] * (columns - len(cells))
        yield number, [c.strip() for c in cells]


def _label_list(cell: str, known: Iterable[str], where: str) -> list[str]:
    labels = [x.strip() for x in cell.split(",") if x.strip()]
    allowed = set(known)
    for label in labels:
        if label not in allowed:
            raise SemevalFormatError(where, f"unknown label {label!r}")
    return labels


def read_genres(path: Path) -> dict[str, str]:
    result = {}
    for number, (article_id, genre) in _rows(path, 2):
        where = f"{path}:{number}"
        if genre not in GENRES:
            raise SemevalFormatError(where, f"unknown genre {genre!r} (expected one of {GENRES})")
        result[article_id] = genre
    return result


def read_frames(path: Path) -> dict[str, list[str]]:
    return {
        article_id: _label_list(cell, FRAMES, f"{path}:{number}")
        for number, (article_id, cell) in _rows(path, 2)
    }


def read_techniques(path: Path) -> dict[tuple[str, int], list[str]]:
    result = {}
    for number, (article_id, line, cell) in _rows(path, 3):
        where = f"{path}:{number}"
        if not line.isdigit():
            raise SemevalFormatError(where, f"line number {line!r} is not a positive integer")
        result[(article_id, int(line))] = _label_list(cell, TECHNIQUES, where)
    return result


def read_spans(path: Path) -> dict[str, list[Span]]:
    result: dict[str, list[Span]] = {}
    for number, (article_id, technique, start, end) in _rows(path, 4):
        where = f"{path}:{number}"
        if technique not in TECHNIQUES:
            raise SemevalFormatError(where, f"unknown technique {technique!r}")
        if not (start.isdigit() and end.isdigit()) or int(start) >= int(end):
            raise SemevalFormatError(where, f"bad span offsets {start!r}, {end!r}")
        result.setdefault(article_id, []).append(Span(technique, int(start), int(end)))
    return result


# -- a labelled language folder ------------------------------------------------


def load_language(folder: Path, *, language: str | None = None) -> list[SemevalArticle]:
    """Read one language folder of the training data with all its labels.

    Articles are returned sorted by id; labels of unknown articles are ignored.
    """
    language = language or folder.name
    articles = read_articles(folder / ARTICLES_DIR, language=language)
    genres = read_genres(folder / TASKS["genre"])
    frames = read_frames(folder / TASKS["frames"])
    techniques = read_techniques(folder / TASKS["techniques"])
    spans = read_spans(folder / SPANS_FILE) if (folder / SPANS_FILE).exists() else {}
    by_id = {a.id: a for a in articles}
    for article in articles:
        article.genre = genres.get(article.id)
        article.frames = frames.get(article.id)
        article.spans = spans.get(article.id, [])
    for (article_id, line), labels in techniques.items():
        if article_id in by_id:
            by_id[article_id].techniques[line] = labels
    return sorted(articles, key=lambda a: a.id)


def load_dataset(root: Path, languages: Iterable[str] | None = None) -> list[SemevalArticle]:
    """Read the language folders under ``root`` (default: all six)."""
    if not root.is_dir():
        raise SemevalFormatError(
            str(root), "no such folder (expected the SemEval-2023 Task 3 data)"
        )
    wanted = list(languages) if languages is not None else list(SEMEVAL_LANGUAGES)
    articles: list[SemevalArticle] = []
    for language in wanted:
        folder = root / language
        if not folder.is_dir():
            if languages is None:
                continue
            raise SemevalFormatError(str(folder), "no such language folder")
        articles.extend(load_language(folder, language=language))
    if not articles:
        raise SemevalFormatError(str(root), "no language folder (en, fr, ge, it, po, ru) inside")
    return articles


# -- predictions -----------------------------------------------------------------


def format_techniques(rows: Iterable[tuple[str, int, list[str]]]) -> str:
    return "".join(f"{aid}\t{line}\t{','.join(labels)}\n" for aid, line, labels in rows)


def format_article_labels(rows: Iterable[tuple[str, list[str]]]) -> str:
    return "".join(f"{aid}\t{','.join(labels)}\n" for aid, labels in rows)
