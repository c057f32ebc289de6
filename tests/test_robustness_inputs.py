"""Hostile and broken inputs for the readers and the batch layer (issue 11,
B1, B5, B8, B9): each is a one-line failure naming the input, the batch goes
on, nothing hangs; and hypothesis-generated input for every reader never
raises anything but a typed InputError."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from presswatch.api import Failure, read_inputs
from presswatch.core.article import Article
from presswatch.core.errors import InputError, UnreadableInputError
from presswatch.readers import READERS, iter_inputs, read_bytes, read_path, read_text
from presswatch.readers.jsonobj import MAX_JSON_DEPTH, read_json_lines
from shared import SEMEVAL

T = TypeVar("T")
GOOD = "Un bon titre\n\nLe maire a annoncé que la piscine rouvrira en juin.\n"
#: About 2 KB: json.loads raised RecursionError, which aborted whole batches.
DEEP_JSON = '{"title": "t", "text": "x", "extra": ' + "[" * 1000 + "]" * 1000 + "}"


def _read_all(*paths: Path) -> list[Article | Failure]:
    return list(read_inputs(list(paths)))


def _within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, run in a thread: fail (instead of hanging) if it does not
    end in time; its exception, if any, is raised here."""
    outcome: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: it hangs"
    if errors:
        raise errors[0]
    return outcome[0]


# -- B1: JSON nested deeply ------------------------------------------------------------


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_robustness_deep_json_fails_alone_and_the_batch_goes_on(tmp_path: Path, name: str):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    deep = DEEP_JSON if name.endswith(".json") else '{"title": "x", "text": "y"}\n' + DEEP_JSON
    (tmp_path / name).write_text(deep, encoding="utf-8")
    (tmp_path / "z.txt").write_text(GOOD.replace("bon", "autre"), encoding="utf-8")
    items = _read_all(tmp_path)
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert {a.title for a in articles} >= {"Un bon titre", "Un autre titre"}
    assert len(failures) == 1
    assert name in failures[0].source and "nested" in failures[0].message


def test_robustness_json_depth_limit_is_exact():
    shallow = '{"title": "t", "text": "x", "extra": ' + "[" * (MAX_JSON_DEPTH - 1)
    shallow += "]" * (MAX_JSON_DEPTH - 1) + "}"
    assert isinstance(next(read_text(shallow, "ok.json")), Article)
    deeper = shallow.replace('"extra": [', '"extra": [[', 1).replace("]}", "]]}")
    with pytest.raises(InputError, match=f"more than {MAX_JSON_DEPTH} levels"):
        list(read_text(deeper, "deep.json"))


# -- B5: what is not a regular file -----------------------------------------------------


def test_robustness_fifo_in_a_folder_is_skipped_with_a_message(tmp_path: Path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    items = _within(20, lambda: _read_all(tmp_path))
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.source.endswith("pipe") and "named pipe (FIFO)" in failure.message


def test_robustness_fifo_named_directly_does_not_block(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnreadableInputError, match="FIFO"):
        _within(20, lambda: list(read_path(tmp_path / "pipe")))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_robustness_dev_zero_is_refused_not_read():
    items = _within(20, lambda: _read_all(Path("/dev/zero")))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert "a device, not a regular file" in items[0].message


def test_robustness_a_file_that_grows_is_read_up_to_the_limit(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("Titre\n\n" + "mot " * 100, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        list(read_path(path, max_bytes=50))


def test_robustness_json_lines_line_over_the_limit_is_skipped_not_held(tmp_path: Path):
    path = tmp_path / "lines.jsonl"
    good = json.dumps({"title": "t", "text": "un texte"})
    path.write_text(
        "\n".join([good, json.dumps({"title": "big", "text": "x" * 5000}), good]) + "\n",
        encoding="utf-8",
    )
    with path.open("rb") as handle:
        items = list(read_json_lines(handle, str(path), max_line_bytes=1000))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert "lines.jsonl:2" in str(items[1]) and "5,0" in str(items[1])


# -- B9: a folder that cannot be read -----------------------------------------------------


def _unreadable_folder_script() -> str:
    return (
        "import sys\n"
        "from presswatch.api import read_inputs\n"
        "for item in read_inputs([sys.argv[1]]):\n"
        "    print(type(item).__name__, getattr(item, 'message', getattr(item, 'title', '')))\n"
    )


def _without_permission_override() -> None:
    """In a child process run as root: drop the capabilities that let root
    read any folder (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) before exec."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def test_robustness_unreadable_subfolder_is_reported():
    """The subfolder that cannot be listed is one failure, the other files
    are read (as root, the child runs without the capabilities that bypass
    folder permissions)."""
    demote = _without_permission_override if os.geteuid() == 0 else None
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        root.chmod(0o755)
        (root / "a.txt").write_text(GOOD, encoding="utf-8")
        (root / "a.txt").chmod(0o644)
        secret = root / "secret"
        secret.mkdir()
        (secret / "b.txt").write_text(GOOD, encoding="utf-8")
        secret.chmod(0)
        try:
            result = subprocess.run(
                [sys.executable, "-c", _unreadable_folder_script(), str(root)],
                capture_output=True,
                text=True,
                preexec_fn=demote,
                timeout=60,
                cwd="/",
            )
        finally:
            secret.chmod(stat.S_IRWXU)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Article Un bon titre"
    assert any(
        line.startswith("Failure") and "secret" in line and "cannot read the folder" in line
        for line in lines
    ), lines


def test_robustness_iter_inputs_names_special_files(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    items = list(iter_inputs(tmp_path))
    assert all(isinstance(i, InputError) for i in items)
    assert sorted(Path(i.source).name for i in items) == ["link", "pipe"]  # type: ignore[union-attr]


# -- B8: plain text that starts with "[" -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[Ukraine] Pourquoi la Russie n'est pas isolée\n\nFin mars, le président a parlé.",
        "[1] Une note en tête\n\nLe texte suit.",
        "{Exclusif} Le titre\n\nLe texte suit.",
    ],
)
def test_robustness_plain_text_starting_with_a_bracket_is_text(text: str):
    (article,) = list(read_text(text, "t.txt"))
    assert isinstance(article, Article) and article.format == "text"
    assert article.title == text.split("\n")[0]


def test_robustness_semeval_article_starting_with_a_bracket_is_read():
    path = SEMEVAL / "fr" / "train-articles" / "article23177.txt"
    if not path.exists():
        pytest.skip(f"no SemEval data at {path}")
    (article,) = list(read_path(path))
    assert isinstance(article, Article) and article.title.startswith("[Ukraine]")


# -- every reader, any input ----------------------------------------------------------------

TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.sampled_from(
            [
                "{",
                "}",
                "[",
                "]",
                '"text"',
                ":",
                ",",
                '"title"',
                "<p>",
                "</p>",
                "<html>",
                "date 2022-01 https://x.org/a",
                "\n",
                "\n\n",
                " ",
                "«",
                "»",
                "\\u0000",
                "\x00",
                "\x1b[31m",
                "\u202e",
                "é",
                "12.03.2022, Le Monde",
            ]
        ),
        max_size=60,
    ).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, reader=st.sampled_from(["sniffed", *READERS.names()]))
def test_robustness_every_reader_gives_articles_or_input_errors(text: str, reader: str):
    try:
        items = list(read_text(text, "h.txt", format=None if reader == "sniffed" else reader))
    except InputError:
        return
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            for paragraph in item.paragraphs:
                assert 0 <= paragraph.start <= paragraph.end <= len(item.text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600))
def test_robustness_any_bytes_give_articles_or_input_errors(data: bytes):
    try:
        items = list(read_bytes(data, "h.bin"))
    except InputError:
        return
    assert all(isinstance(item, Article | InputError) for item in items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(TEXTS, st.just(DEEP_JSON)), min_size=2, max_size=6))
@example(lines=["", "\x85"])  # lines of Unicode white space (NEL, U+001F) are blank,
@example(lines=["\x1f", "{}"])  # not failed articles
def test_robustness_json_lines_files_give_one_item_per_line(lines: list[str]):
    clean = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    clean = ['{"title": "a", "text": "b"}', '{"title": "c", "text": "d"}', *clean]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.jsonl"
        path.write_text("\n".join(clean) + "\n", encoding="utf-8", errors="surrogatepass")
        items = list(_items(path))
    assert all(isinstance(item, Article | InputError) for item in items)
    assert len(items) == sum(1 for line in clean if line.strip())


def _items(path: Path) -> Iterator[Article | InputError]:
    try:
        yield from read_path(path)
    except InputError as exc:
        yield exc
