"""The command line: outputs, exit codes and one-line errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sommet-energie.txt"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "presswatch", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_analyze_json_and_html_outputs(tmp_path: Path, seed_path: Path):
    result = run("analyze", str(seed_path), str(EXAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["outlet"] == "Sputnik France"
    out = tmp_path / "report.html"
    result = run("analyze", str(seed_path), "-f", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.slow
def test_cli_analyze_text_report(seed_path: Path):
    result = run("analyze", str(seed_path))
    assert result.returncode == 0, result.stderr
    assert "Sergueï Lavrov" in result.stdout and "Daily Mail" in result.stdout


@pytest.mark.slow
def test_cli_bad_inputs_in_a_directory_are_reported_one_line_each(tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Titre\n\nLe maire a annoncé que la piscine rouvrira.", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "feed.xml").write_text('<?xml version="1.0"?><rss><channel/></rss>', encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a 50 MB file (sparse)
    os.symlink(folder / "does-not-exist.txt", folder / "dangling.txt")
    result = run("analyze", str(folder), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Titre"
    errors = [line for line in result.stderr.strip().split("\n") if line]
    assert "Traceback" not in result.stderr
    for name, reason in (
        ("empty.txt", "empty input"),
        ("binary.bin", "binary content"),
        ("feed.xml", "RSS/Atom feed"),
        ("huge.txt", "too large"),
        ("dangling.txt", "No such file"),
    ):
        assert any(name in line and reason in line for line in errors), (name, errors)
    assert errors[-1] == "presswatch: 1 analysed, 5 failed"


def test_cli_exit_code_is_1_when_nothing_could_be_analysed(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("analyze", str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"presswatch: skipped {tmp_path / 'empty.txt'}: empty input (no text)"
    )


def test_cli_usage_errors(tmp_path: Path):
    assert run().returncode == 2
    assert run("analyze").returncode == 2
    result = run("analyze", str(EXAMPLE), "--disable", "nope")
    assert result.returncode == 2  # a usage error, naming the stages that exist
    assert "argument --disable: unknown stage 'nope' (valid: repair, language" in result.stderr
    result = run("analyze", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert (
        result.returncode == 1
        and "cannot write" in result.stderr
        and "Traceback" not in result.stderr
    )


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["attribution", "quantities"])
def test_cli_disable_stage(stage: str):
    result = run("analyze", str(EXAMPLE), "--format", "json", "--disable", stage)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert stage not in data["stages"]


def test_cli_stages_and_version():
    result = run("stages")
    assert result.returncode == 0 and "attribution" in result.stdout
    assert run("--version").stdout.startswith("presswatch ")


@pytest.mark.slow
def test_cli_analyze_takes_metadata_as_ingest_does(tmp_path: Path):
    """A folder's presswatch-metadata sidecar, and --outlet/--published for
    articles without one (standard input included), as with ingest."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(
        "Titre un\n\nLe maire a annoncé que la piscine rouvrira en juin.\n", encoding="utf-8"
    )
    (inbox / "presswatch-metadata.csv").write_text(
        "file,outlet,published,url\na.txt,La Gazette,2023-04-02,https://gazette.example/a\n",
        encoding="utf-8",
    )
    result = run("analyze", str(inbox), "-f", "json", "--outlet", "Ignorée")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert (article["outlet"], article["published"], article["url"]) == (
        "La Gazette",  # the sidecar wins over the flag
        "2023-04-02",
        "https://gazette.example/a",
    )
    flags = ["--outlet", "Le Courrier", "--published", "2024-01"]
    stdin = subprocess.run(
        [sys.executable, "-m", "presswatch", "analyze", "-", "-f", "json", *flags],
        input="Titre deux\n\nLa ministre a estimé que le plan était prêt.\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert stdin.returncode == 0, stdin.stderr
    assert (json.loads(stdin.stdout)["outlet"], json.loads(stdin.stdout)["published"]) == (
        "Le Courrier",
        "2024-01",
    )


def test_cli_analyze_bad_metadata_is_a_usage_error(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Titre\n\nUn texte.\n", encoding="utf-8")
    result = run("analyze", str(tmp_path / "a.txt"), "--published", "2023-13")
    assert result.returncode == 2
    assert "no month 13" in result.stderr and "Traceback" not in result.stderr
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("file,colour\na.txt,bleu\n", encoding="utf-8")
    result = run("analyze", str(tmp_path / "a.txt"), "--metadata", str(sidecar))
    assert result.returncode != 0 and "colour" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_every_command_parses_its_help_with_only_its_own_parser(capsys) -> None:
    """``presswatch NAME ...`` builds NAME's parser alone (cli.main): each
    built-in command's --help still works, and the top-level help lists them all."""
    from presswatch.cli import BUILTIN_COMMANDS, main

    for name in BUILTIN_COMMANDS:
        assert main([name, "--help"]) == 0, name
        assert capsys.readouterr().out.startswith(f"usage: presswatch {name} "), name
    assert main(["--help"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in BUILTIN_COMMANDS)


def test_cli_analyze_imports_neither_the_other_commands_nor_the_cluster() -> None:
    """A fresh interpreter: what parsing an ``analyze`` command line imports."""
    code = (
        "import sys\n"
        "from presswatch.cli import build_parser\n"
        "args = build_parser('analyze').parse_args(['analyze', 'x.txt', '--outlet', 'Le Monde'])\n"
        "assert args.outlet == 'Le Monde'\n"
        "print(sorted(m for m in sys.modules if m.startswith(('presswatch.cli.commands.',"
        " 'presswatch.corpus.cluster', 'presswatch.web'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['presswatch.cli.commands.analyze']"
