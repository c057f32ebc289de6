"""Ingest from local sources: files, directories, JSON, JSON Lines, HTML,
WARC and WARC.gz archives; failures recorded, re-ingest stores nothing twice."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest import ingest
from presswatch.corpus.ingest.sources import estimate_total
from presswatch.corpus.store import Store, open_store
from slow_stage import fast_pipeline

PARAGRAPH = (
    "Le conseil municipal a voté jeudi soir le budget de la ville pour l'année prochaine, "
    "après un débat de plus de quatre heures sur les investissements dans les écoles."
)


def page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav><a href='/'>Accueil</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>© Le Journal</footer></body></html>"
    )


def paragraphs(topic: str) -> list[str]:
    return [
        f"{topic} : {PARAGRAPH}",
        f"Les élus de l'opposition ont dénoncé un budget « insincère » sur la question {topic.lower()}.",
        f"Le maire a répondu que la dette baisserait pour la troisième année consécutive ({topic}).",
    ]


def write_warc(path: Path, pages: dict[str, str], *, gzip: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, html in pages.items():
            status = "404 Not Found" if "missing" in url else "200 OK"
            headers = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(record)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://journal.example/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG..."),
                http_headers=image,
            )
        )


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    root = tmp_path / "sources"
    (root / "nested").mkdir(parents=True)
    (root / "budget.txt").write_text(
        "Le budget voté\n\n" + "\n\n".join(paragraphs("Budget")), "utf-8"
    )
    (root / "nested" / "ecoles.txt").write_text(
        "Les écoles\n\n" + "\n\n".join(paragraphs("Écoles")), "utf-8"
    )
    (root / ".hidden.txt").write_text("Caché\n\nNe pas lire.", "utf-8")
    (root / "empty.txt").write_text("", "utf-8")
    (root / "page.html").write_text(page("La piscine rouvre", *paragraphs("Piscine")), "utf-8")
    (root / "one.json").write_text(
        json.dumps(
            {
                "title": "Le tram",
                "text": "\n\n".join(paragraphs("Tram")),
                "url": "https://journal.example/tram",
            }
        ),
        "utf-8",
    )
    lines = [
        json.dumps(
            {
                "title": f"Article {n}",
                "text": "\n\n".join(paragraphs(f"Sujet {n}")),
                "published": "2022-02-0" + str(n),
            }
        )
        for n in range(1, 4)
    ]
    lines.insert(1, "{not json")
    (root / "many.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    write_warc(
        root / "crawl.warc.gz",
        {
            "https://journal.example/velo": page("Le vélo en ville", *paragraphs("Vélo")),
            "https://journal.example/parc": page("Un nouveau parc", *paragraphs("Parc")),
            "https://journal.example/missing": page("Absent", "Rien."),
        },
        gzip=True,
    )
    write_warc(
        root / "plain.warc",
        {"https://journal.example/marche": page("Le marché couvert", *paragraphs("Marché"))},
        gzip=False,
    )
    return root


def _ingest(store: Store, *paths: Path | str) -> object:
    return ingest([str(p) for p in paths], store, pipeline=fast_pipeline())


def test_ingest_sources_every_local_source_type(sources: Path, sqlite_url: str) -> None:
    with open_store(sqlite_url, create=True) as store:
        summary = _ingest(store, sources)
        titles = {hit.title.plain for hit in store.search(None, limit=100).hits}
        failures = {f.source: f.message for f in store.failures()}
        assert (
            store.get_article(store.search('"vélo en ville"').hits[0].id).url
            == "https://journal.example/velo"
        )
    assert titles == {
        "Le budget voté",
        "Les écoles",
        "La piscine rouvre",
        "Le tram",
        "Article 1",
        "Article 2",
        "Article 3",
        "Le vélo en ville",
        "Un nouveau parc",
        "Le marché couvert",
    }
    assert summary.stored == 10  # type: ignore[attr-defined]
    assert summary.failed == 2  # type: ignore[attr-defined]
    assert set(failures) == {f"{sources}/empty.txt", f"{sources}/many.jsonl:2"}
    assert "empty input" in failures[f"{sources}/empty.txt"]
    assert "invalid JSON" in failures[f"{sources}/many.jsonl:2"]


def test_ingest_sources_reingest_stores_nothing_twice(sources: Path, sqlite_url: str) -> None:
    with open_store(sqlite_url, create=True) as store:
        first = _ingest(store, sources)
        again = _ingest(store, sources, sources / "budget.txt")
        assert store.count() == 10
    assert first.stored == 10  # type: ignore[attr-defined]
    assert again.stored == 0  # type: ignore[attr-defined]
    assert again.duplicates == 11  # type: ignore[attr-defined]
    assert again.failed == 2  # failures are retried, and fail again  # type: ignore[attr-defined]


def test_ingest_sources_bad_sources_are_reported_not_raised(
    tmp_path: Path, sqlite_url: str
) -> None:
    truncated = tmp_path / "broken.warc.gz"
    write_warc(
        truncated, {"https://journal.example/a": page("Titre A", *paragraphs("A"))}, gzip=True
    )
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    fake = tmp_path / "fake.warc"
    fake.write_text("this is not an archive", "utf-8")
    with open_store(sqlite_url, create=True) as store:
        summary = _ingest(store, tmp_path / "nowhere", truncated, fake)
        errors = {f.source: f.message for f in store.failures()}
    assert summary.stored == 0  # type: ignore[attr-defined]
    assert errors[str(tmp_path / "nowhere")] == "no such file or directory"
    assert "truncated" in errors[f"{truncated}#https://journal.example/a"]
    assert "not a readable WARC archive" in errors[str(fake)]


def test_ingest_sources_estimate_total_counts_files_and_lines(sources: Path) -> None:
    (sources / "crawl.warc.gz").unlink()
    (sources / "plain.warc").unlink()
    assert estimate_total([str(sources)]) == 9  # 5 files + 4 JSON Lines (one bad)
    assert estimate_total(["https://example.org/feed"]) is None


def test_ingest_sources_undecodable_characters_are_replaced_not_fatal(
    tmp_path: Path, sqlite_url: str
) -> None:
    lines = [
        '{"title": "Bad \\ud800 title", "text": "Un texte avec un caractère impossible."}',
        '{"title": "Bon titre", "text": "Un texte correct."}',
    ]
    odd = tmp_path / "odd.jsonl"
    odd.write_text("\n".join(lines) + "\n", "utf-8")
    weird_name = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))  # not UTF-8
    weird_name.write_text("Un titre\n\nUn texte dans un fichier au nom étrange.", "utf-8")
    with open_store(sqlite_url, create=True) as store:
        summary = ingest(
            [str(odd), str(weird_name), str(tmp_path / "gone\udcff")],
            store,
            pipeline=Pipeline([]),  # what reaches the store as read (stages may refuse it)
        )
        titles = sorted(h.title.plain for h in store.search(None).hits)
        [failure] = store.failures()
    assert (summary.stored, summary.failed) == (3, 1)
    assert titles == ["Bad \ufffd title", "Bon titre", "Un titre"]
    assert failure.source.endswith("gone\ufffd")


def test_ingest_sources_a_failing_stage_fails_one_article_only(
    tmp_path: Path, sqlite_url: str
) -> None:
    from slow_stage import fragile_pipeline

    lines = [
        json.dumps({"title": title, "text": f"Texte de {title}."})
        for title in ("un", "boom", "trois")
    ]
    (tmp_path / "three.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with open_store(sqlite_url, create=True) as store:
        summary = ingest([str(tmp_path / "three.jsonl")], store, pipeline=fragile_pipeline())
        [failure] = store.failures()
    assert (summary.stored, summary.failed) == (2, 1)
    assert failure.source.endswith("three.jsonl:2")
    assert "stage 'fragile' failed: RuntimeError('a stage bug')" in failure.message
