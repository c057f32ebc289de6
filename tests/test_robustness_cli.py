"""The command line under bad input (issue 11, C and B10): usage errors
(exit 2) naming the valid values, analyze - reading standard input, help
for every option, and no control character from an article or a file
name reaching the terminal raw."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_helpers import make_article, make_record
from presswatch.cli import build_parser, main
from presswatch.core.errors import EXIT_USAGE
from presswatch.corpus.store import open_store
from presswatch.stages.persuasion.labels import TECHNIQUES

ROOT = Path(__file__).resolve().parent.parent
#: Every stage but repair left out: no model loads.
LIGHT = [
    f"--disable={name}"
    for name in ("persuasion", "quantities", "dates", "attribution", "entities", "nlp", "language")
]
ESCAPE = "\x1b[2J\x1b]0;pwned\x07"


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    article = make_article(
        f"Titre {ESCAPE} piégé",
        f"Le gaz {ESCAPE} coûte cher\u202e selon le ministre.",
        outlet=f"Média{ESCAPE}",
        published="2022-02-10",
        speakers=(f"Jean{ESCAPE}",),
        techniques=("Doubt",),
    )
    path = tmp_path / "hostile.db"
    with open_store(path, create=True) as store:
        store.add_many([make_record(article)])
        store.record_failure(f"evil\npresswatch: 99 stored{ESCAPE}.txt", f"bad{ESCAPE}")
    return str(path)


# -- C: usage errors name the valid values -------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["search", "gaz", "--since", "2022-13-45"], "no month 13"),
        (["search", "gaz", "--until", "2022-02-30"], "no day 30"),
        (["export", "--since", "hier"], "expected a date YYYY-MM-DD"),
        (["search", "gaz", "--technique", "nosuch"], "Loaded_Language"),
        (["search", "gaz", "--lang", "zz"], "valid: fr, en"),
        (["stats", "--limit", "0"], "expected a number >= 1"),
        (["analyze", "x.txt", "--disable", "nosuch"], "valid: repair, language"),
        (["ingest", "x.txt", "--disable", "nosuch"], "valid: repair, language"),
        (["analyze", "-", "-"], "standard input (-) can be read only once"),
        (["export", "-f", "parquet"], "give a file with -o"),
    ],
)
def test_robustness_cli_bad_values_are_usage_errors_naming_valid_ones(
    arguments: list[str], expected: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    db = tmp_path / "empty.db"
    with open_store(db, create=True):
        pass
    extra = ["--db", str(db)] if arguments[0] in ("search", "export", "stats") else []
    assert main([*arguments, *extra]) == EXIT_USAGE  # returned, not raised
    assert expected in capsys.readouterr().err


def test_robustness_cli_technique_names_are_matched_without_case(tmp_path: Path, capsys):
    db = tmp_path / "t.db"
    with open_store(db, create=True) as store:
        store.add_many([make_record(make_article("Un titre", "Le texte.", techniques=("Doubt",)))])
    assert main(["search", "--db", str(db), "--technique", "doubt", "-f", "json"]) == 0
    assert '"total": 1' in capsys.readouterr().out
    assert len(TECHNIQUES) == 23


def test_robustness_cli_every_option_has_help():
    missing = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {choice.dest: choice.help for choice in action._choices_actions}
                for name, sub in action.choices.items():
                    if not helps.get(name) or not sub.description:
                        missing.append(" ".join([*path, name]) + " (command)")
                    walk(sub, [*path, name])
            elif not action.help:
                missing.append(" ".join([*path, *action.option_strings]) or action.dest)

    walk(build_parser(), [])
    assert missing == []


# -- analyze - ---------------------------------------------------------------------------------------


def test_robustness_cli_analyze_reads_standard_input():
    result = subprocess.run(
        [sys.executable, "-m", "presswatch", "analyze", "-", "-f", "json", *LIGHT],
        input="Un titre lu sur l'entrée\n\nLe texte de l'article.\n".encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"title": "Un titre lu sur l\'entrée"' in result.stdout.decode()
    assert '"source": "<stdin>"' in result.stdout.decode()


def test_robustness_cli_analyze_empty_standard_input_is_a_failure():
    result = subprocess.run(
        [sys.executable, "-m", "presswatch", "analyze", "-", *LIGHT],
        input=b"",
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "presswatch: skipped <stdin>: empty input (no text)"


# -- B10: no raw control character on the terminal ---------------------------------------------------


def test_robustness_cli_file_names_cannot_forge_summary_lines(tmp_path: Path, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "evil\npresswatch: 99 analysed, 0 failed\x1b[2K.txt").write_bytes(b"")
    (inbox / "good.txt").write_text("Titre\n\nUn texte.", encoding="utf-8")
    assert main(["analyze", str(inbox), *LIGHT, "-f", "json"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert [line for line in err.splitlines() if line.startswith("presswatch: 99")] == []
    assert "evil\\npresswatch: 99 analysed, 0 failed\\x1b[2K.txt: empty input" in err


def test_robustness_cli_text_report_escapes_control_characters(tmp_path: Path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(f"Titre {ESCAPE}\n\nLe texte {ESCAPE} suit\u202e ici.", encoding="utf-8")
    assert main(["analyze", str(path), *LIGHT]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out


@pytest.mark.parametrize(
    "command", [["search", "gaz"], ["search"], ["stats", "--failures"], ["speakers"]]
)
def test_robustness_cli_search_and_stats_escape_control_characters(
    hostile_db: str, command: list[str], capsys: pytest.CaptureFixture[str]
):
    assert main([*command, "--db", hostile_db]) == 0
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "\\x1b" in captured.out
    if command[0] == "stats":
        assert "evil\\npresswatch: 99 stored" in captured.out


# -- A: the whole embedded tool in the default install; a missing module found first ---------------

WITHOUT = """
import sys
sys.modules[sys.argv[1]] = None  # as if it were not installed
from presswatch.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_robustness_default_install_holds_the_whole_embedded_tool():
    from importlib.metadata import requires

    default = {
        re.split(r"[<>=!;\[ ]", line)[0].lower()
        for line in requires("presswatch") or []
        if "extra ==" not in line
    }
    assert {"warcio", "feedparser", "datasketch", "pyarrow", "starlette", "uvicorn", "jinja2",
            "python-multipart", "resvg-py"} <= default  # fmt: skip
    assert not {"psycopg", "scikit-learn", "scipy"} & default


@pytest.mark.parametrize(
    ("module", "command", "install"),
    [
        ("datasketch", ["ingest", "{folder}", "--db", "{db}"], "pip install --force-reinstall"),
        ("warcio", ["ingest", "{folder}", "--db", "{db}"], "pip install --force-reinstall"),
        ("pyarrow", ["export", "-f", "parquet", "-o", "{folder}/x.parquet", "--db", "{db}"], "pip"),
        ("uvicorn", ["serve", "--db", "{db}", "--port", "0"], "pip install"),
        ("psycopg", ["stats", "--db", "postgresql://u@127.0.0.1:1/x"], "presswatch[postgres]"),
    ],
)
def test_robustness_missing_dependency_is_found_before_any_work(
    tmp_path: Path, module: str, command: list[str], install: str
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Titre\n\nTexte.", encoding="utf-8")
    db = tmp_path / "new.db" if command[0] == "ingest" else tmp_path / "old.db"
    if command[0] != "ingest":
        with open_store(db, create=True):
            pass
    arguments = [part.format(folder=folder, db=db) for part in command]
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT, module, *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 5, result.stderr
    assert result.stderr.count("\n") == 1 and module in result.stderr and install in result.stderr
    if command[0] == "ingest":
        assert not db.exists()  # nothing was created, read or analysed


def test_robustness_cli_main_returns_every_exit_code(capsys: pytest.CaptureFixture[str]):
    """main() returns its exit code, argparse's included, so that a program
    calling it is never stopped by a SystemExit."""
    assert main(["--help"]) == 0
    assert main(["--no-such-flag"]) == EXIT_USAGE
    assert main(["search", "gaz", "--since", "2022-13-45"]) == EXIT_USAGE
    assert "2022-13-45" in capsys.readouterr().err
