"""The Python API under wrong or hostile arguments (issue 11, B11, and the
README's library example): typed errors, the CLI's limits, and no file read
because a string looked like its name."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import presswatch
from presswatch.api import looks_like_a_path
from presswatch.core.errors import (
    ArticleTooLongError,
    InputError,
    InputTooLargeError,
    InputTypeError,
    UnreadableInputError,
)
from presswatch.core.options import Options
from presswatch.core.pipeline import Pipeline, get_stage

ROOT = Path(__file__).resolve().parent.parent
#: Reading and repair only: no model loads.
LIGHT = Pipeline([get_stage("repair")])


@pytest.mark.parametrize("value", [None, 5, 3.5, ["a.txt"], {"text": "x"}, object()])
@pytest.mark.parametrize("function", ["analyze", "analyze_text", "analyze_file"])
def test_robustness_api_wrong_types_raise_a_typed_error(function: str, value: object):
    with pytest.raises(InputTypeError, match=rf"{function}\(\): .* must be .*, got") as raised:
        getattr(presswatch, function)(value, pipeline=LIGHT)
    assert isinstance(raised.value, TypeError)  # what Python code expects of a wrong type


def test_robustness_api_analyze_text_refuses_bytes():
    with pytest.raises(InputTypeError, match="text must be str, got bytes"):
        presswatch.analyze_text(b"Titre\n\nTexte", pipeline=LIGHT)  # type: ignore[arg-type]


def test_robustness_api_analyze_paths_wants_a_list_of_paths(tmp_path: Path):
    with pytest.raises(InputTypeError, match="paths must be a list of paths, got str"):
        presswatch.analyze_paths(str(tmp_path))  # type: ignore[arg-type]
    outcomes = list(presswatch.analyze_paths([5, tmp_path / "none.txt"], pipeline=LIGHT))  # type: ignore[list-item]
    assert [type(o).__name__ for o in outcomes] == ["Failure", "Failure"]
    assert "not a path (int)" in outcomes[0].message  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "typo.txt",
        "/etc/shadow",
        "./notes",
        "~/article.html",
        "C:\\x\\a.json",
        "mon article.txt",
        "articles/2022/a.jsonl",
    ],
)
def test_robustness_api_a_file_name_given_as_text_is_refused(text: str):
    assert looks_like_a_path(text)
    with pytest.raises(InputError, match="looks like a file name") as raised:
        presswatch.analyze(text, pipeline=LIGHT)
    assert "analyze_file" in str(raised.value)


@pytest.mark.parametrize(
    "text",
    ["Macron arrive à Paris.", "Un titre\n\nLe texte.", "Le site example.com ferme", "3.5 %"],
)
def test_robustness_api_texts_are_not_taken_for_file_names(text: str):
    assert not looks_like_a_path(text)
    assert presswatch.analyze(text, pipeline=LIGHT).text.startswith(text.split("\n")[0])


def test_robustness_api_no_file_is_read_because_a_string_names_it(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Titre secret\n\nLe mot de passe est hunter2.", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        presswatch.analyze(str(secret), pipeline=LIGHT)
    assert "hunter2" not in str(raised.value)
    article = presswatch.analyze_text(
        str(secret), pipeline=LIGHT
    )  # explicitly text: analysed as such
    assert article.text == str(secret) and "hunter2" not in article.text
    assert "hunter2" in presswatch.analyze_file(str(secret), pipeline=LIGHT).text
    assert "hunter2" in presswatch.analyze(secret, pipeline=LIGHT).text  # a Path is a file


def test_robustness_api_bytes_are_a_files_content():
    article = presswatch.analyze("Titre\n\nÉté brûlant.".encode("cp1252"), pipeline=LIGHT)
    assert article.text.endswith("Été brûlant.")


def test_robustness_api_has_the_clis_limits(tmp_path: Path):
    options = Options(max_bytes=1000)
    with pytest.raises(InputTooLargeError, match="1,000"):
        presswatch.analyze_text("Titre\n\n" + "mot " * 1000, options=options, pipeline=LIGHT)
    with pytest.raises(ArticleTooLongError, match="the limit is 200"):
        presswatch.analyze_text("Titre\n\n" + "mot " * 100, pipeline=Pipeline(
            [get_stage("repair")], Options(max_chars=200)))  # fmt: skip
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnreadableInputError, match="FIFO"):
        presswatch.analyze_file(tmp_path / "pipe", pipeline=LIGHT)


def test_robustness_api_default_text_limit_is_the_clis():
    """A 10 MB string used to run for 25 minutes: it is refused at once."""
    huge = "Titre\n\n" + "mot " * (Options().max_bytes // 4 + 1)
    with pytest.raises(InputTooLargeError):
        presswatch.analyze_text(huge)


@pytest.mark.slow
def test_robustness_api_readme_library_example_runs(tmp_path: Path, monkeypatch, capsys):
    """The README's library example, run as written (from a copy of the
    repository's examples), with its Failure items handled."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    (tmp_path / "examples").mkdir()
    example = ROOT / "examples" / "sommet-energie.txt"
    (tmp_path / "examples" / example.name).write_bytes(example.read_bytes())
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "skipped" in out and "analysed" in out
