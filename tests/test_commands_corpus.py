"""The corpus commands: ingest, search, export, stats (exit codes, formats,
one-line errors)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from presswatch.cli import main
from presswatch.core.pipeline import Pipeline
from slow_stage import fast_pipeline


@pytest.fixture
def fast_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `presswatch ingest` use the repair stage only (no language model)."""
    monkeypatch.setattr(Pipeline, "default", classmethod(lambda cls, options=None: fast_pipeline()))


@pytest.fixture
def corpus_db(tmp_path: Path, fast_default: None, capsys: pytest.CaptureFixture[str]) -> str:
    folder = tmp_path / "articles"
    folder.mkdir()
    items = [
        {
            "title": "Le gaz russe",
            "text": "Les livraisons de gaz reprennent.",
            "outlet": "Le Monde",
            "published": "2022-01-10",
        },
        {
            "title": '=HYPERLINK("http://x")',
            "text": "Une formule piégée dans le titre, à propos du gaz.",
            "outlet": "Piège",
            "published": "2022-02-01",
        },
        {
            "title": "Le blé ukrainien",
            "text": "Les exportations de blé chutent.",
            "outlet": "Sputnik France",
            "published": "2022-02-15",
        },
    ]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(i) for i in items) + "\n", "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    db = str(tmp_path / "corpus.db")
    assert main(["ingest", str(folder), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    return db


def test_commands_corpus_ingest_reports_a_summary(
    tmp_path: Path, fast_default: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("Titre\n\nUn texte.", "utf-8")
    (tmp_path / "b.txt").write_text("", "utf-8")
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db]) == 0
    err = capsys.readouterr().err
    assert f"presswatch: failed {tmp_path / 'b.txt'}: empty input (no text)" in err
    assert "1 stored, 0 already stored, 1 failed; done in" in err
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db]) == 0
    assert "0 stored, 1 already stored, 0 failed" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "b.txt"), "--db", db]) == 1  # nothing could be done


def test_commands_corpus_search_formats(corpus_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "gaz", "--db", corpus_db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2
    hit = data["hits"][0]
    start, end = (
        hit["highlights"]["title"][0]
        if hit["highlights"]["title"]
        else hit["highlights"]["snippet"][0]
    )
    assert (hit["title"] if hit["highlights"]["title"] else hit["snippet"])[
        start:end
    ].lower() == "gaz"

    assert main(["search", "gaz", "--db", corpus_db, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["outlet"] for r in rows} == {"Le Monde", "Piège"}
    assert all(not r["title"].startswith("=") for r in rows)  # no spreadsheet formulas

    assert main(["search", "gaz", "--db", corpus_db, "--outlet", "le monde"]) == 0
    out = capsys.readouterr().out
    assert "1 matching articles for 'gaz'" in out and "[gaz]" in out


def test_commands_corpus_search_says_more_than_when_the_count_stops(
    corpus_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from presswatch.corpus.store import base

    monkeypatch.setattr(base, "COUNT_CAP", 1)
    assert main(["search", "gaz", "--db", corpus_db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["total_capped"], len(data["hits"])) == (1, True, 1)
    assert main(["search", "gaz", "--db", corpus_db]) == 0
    assert "more than 1 matching articles for 'gaz'" in capsys.readouterr().out
    assert main(["search", "blé", "--db", corpus_db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["total_capped"]) == (1, False)
    assert main(["search", "gaz", "--db", corpus_db, "--offset", "1"]) == 2
    assert "only the first 1 matches are paged" in capsys.readouterr().err


def test_commands_corpus_search_snippet_keeps_paragraph_breaks(
    tmp_path: Path, fast_default: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A paragraph break in a snippet is a line break in its cell, never a
    literal backslash-n (control characters other than newlines stay escaped)."""
    (tmp_path / "a.txt").write_text(
        "Titre\n\nLa récolte de blé baisse.\n\nLa sécheresse du printemps pèse.", "utf-8"
    )
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["search", "sécheresse", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "[sécheresse]" in out and "\\n" not in out


def test_commands_corpus_search_errors_are_one_line(
    corpus_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["search", "(gaz", "--db", corpus_db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("presswatch: error: bad search query '(gaz'") and err.count("\n") == 1
    assert main(["search", "gaz", "--db", corpus_db, "--since", "hier"]) == 2
    assert "expected a date" in capsys.readouterr().err
    assert main(["search", "gaz", "--db", str(tmp_path / "none.db")]) == 3  # database error
    assert "no such database" in capsys.readouterr().err


def test_commands_corpus_stats(corpus_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", corpus_db, "--failures"]) == 0
    out = capsys.readouterr().out
    assert (
        "3 articles, published 2022-01-10 to 2022-02-15; 0 near-duplicates; 1 failed inputs" in out
    )
    assert "2022-02" in out and "Sputnik France" in out
    assert "empty.txt: empty input (no text)" in out
    assert main(["stats", "--db", corpus_db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 3 and data["by_month"] == [
        {"value": "2022-01", "count": 1},
        {"value": "2022-02", "count": 2},
    ]


def test_commands_corpus_export_formats(
    corpus_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["export", "--db", corpus_db, "--since", "2022-02-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["published"] for line in lines] == ["2022-02-01", "2022-02-15"]

    out = tmp_path / "export.csv"
    assert main(["export", "--db", corpus_db, "-q", "gaz", "-f", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["title"] for r in rows] == ["Le gaz russe", '\'=HYPERLINK("http://x")']

    parquet = tmp_path / "export.parquet"
    assert main(["export", "--db", corpus_db, "-f", "parquet", "-o", str(parquet)]) == 0
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    assert table.num_rows == 3
    assert table.column("outlet").to_pylist() == ["Le Monde", "Piège", "Sputnik France"]
    assert main(["export", "--db", corpus_db, "-f", "parquet"]) == 2  # a usage error
    assert "give a file with -o" in capsys.readouterr().err


@pytest.mark.slow
def test_commands_corpus_real_analysis_of_the_seed(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "seed.db")
    assert main(["ingest", str(seed_path), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", db, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 1
    assert stats["facets"]["outlet"] == [{"value": "Sputnik France", "count": 1}]
    speakers = [v["value"] for v in stats["facets"]["speaker"]]
    assert speakers, "the seed quotes several speakers"
    assert main(["search", "soldats", "--db", db, "--speaker", speakers[0], "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def test_commands_corpus_results_and_exports_carry_the_source(
    corpus_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Search results, CSV and Parquet exports say where each article came
    from (here: the line of the JSON Lines file)."""
    news = str(Path(corpus_db).parent / "articles" / "news.jsonl")
    assert main(["search", "blé", "--db", corpus_db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"][0]["source"] == f"{news}:3"
    assert main(["search", "blé", "--db", corpus_db, "--format", "csv"]) == 0
    assert next(csv.DictReader(io.StringIO(capsys.readouterr().out)))["source"] == f"{news}:3"

    out = tmp_path / "export.csv"
    assert main(["export", "--db", corpus_db, "-f", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["source"] for r in rows] == [f"{news}:1", f"{news}:2", f"{news}:3"]
    parquet = tmp_path / "export.parquet"
    assert main(["export", "--db", corpus_db, "-f", "parquet", "-o", str(parquet)]) == 0
    import pyarrow.parquet as pq

    assert pq.read_table(parquet).column("source").to_pylist() == [
        f"{news}:1",
        f"{news}:2",
        f"{news}:3",
    ]


@pytest.fixture
def names_db(tmp_path: Path) -> str:
    from corpus_helpers import make_record
    from presswatch.corpus.store import open_store
    from test_store_identities import CORPUS

    db = str(tmp_path / "names.db")
    with open_store(db, create=True) as store:
        store.add_many([make_record(a) for a in CORPUS])
    return db


def test_commands_corpus_speakers_lists_identities_with_variants(
    names_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["speakers", "--db", names_db, "--limit", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Speakers (articles quoting them)"
    assert "  2  Antony J. Blinken  also as Antony Blinken (1), Blinken (1)" in out
    assert "  2  Vladimir Poutine  also as Poutine (1)" in out
    assert main(["speakers", "--db", names_db, "--kind", "entity", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "entity"
    otan = next(i for i in data["identities"] if i["articles"] == 3)
    assert {v["value"] for v in otan["variants"]} == {
        "OTAN", "NATO", "Organisation du traité de l'Atlantique nord",
    }  # fmt: skip
    assert main(["speakers", "--db", names_db, "--kind", "planet"]) == 2  # usage error
    assert main(["speakers", "--db", names_db, "--outlet", "nowhere"]) == 0
    assert "(none)" in capsys.readouterr().out


def test_commands_corpus_filters_and_exports_go_by_identity(
    names_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["search", "--db", names_db, "--speaker", "Poutine", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2
    out = tmp_path / "poutine.csv"
    assert (
        main(["export", "--db", names_db, "--speaker", "Poutine", "-f", "csv", "-o", str(out)]) == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["speakers"] for r in rows] == ["Vladimir Poutine", "Vladimir Poutine"]
    assert main(["export", "--db", names_db, "--entity", "NATO"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert {line["identities"][line["entities"][0]["canonical"]]["name"] for line in lines} == {
        "Organisation du traité de l'Atlantique nord"
    }
    assert main(["stats", "--db", names_db, "-f", "json", "--limit", "50"]) == 0
    speakers = {v["value"] for v in json.loads(capsys.readouterr().out)["facets"]["speaker"]}
    assert "Poutine" not in speakers and "Vladimir Poutine" in speakers
    assert main(["search", "--db", names_db, "--via", "AFP"]) == 0
    assert "0 matching articles" in capsys.readouterr().out
