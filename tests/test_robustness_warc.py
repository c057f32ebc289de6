"""Damaged web archives (issue 11, B4): a record without WARC-Target-URI, a
truncated .warc.gz, a bad Content-Length. Each damage is a recorded failure,
the pages before it are stored, the batch goes on, nothing is lost silently."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from presswatch.core.article import Article
from presswatch.core.errors import Failure
from presswatch.corpus.ingest import ingest
from presswatch.corpus.ingest.warc import gzip_problem, warc_items
from presswatch.corpus.store import open_store
from slow_stage import fast_pipeline


def page(title: str) -> str:
    text = "Le ministre a déclaré que la situation restait préoccupante dans la région. " * 4
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p><p>Un second paragraphe sur {title} pour un texte assez long.</p>"
        "</article></body></html>"
    )


def record(uri: str | None, title: str, *, length: str | None = None, number: int = 1) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page(title).encode()
    )
    headers = [
        "WARC/1.0",
        "WARC-Type: response",
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>",
        "WARC-Date: 2022-01-01T00:00:00Z",
        "Content-Type: application/http; msgtype=response",
    ]
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    headers.append(f"Content-Length: {length if length is not None else len(http)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + http + b"\r\n\r\n"


def items_of(path: Path) -> list[object]:
    return list(warc_items(path, max_bytes=10**7, skip_url=lambda url: False))


def test_robustness_warc_record_without_target_uri_is_read(tmp_path: Path):
    path = tmp_path / "nouri.warc"
    path.write_bytes(record(None, "Sans adresse", number=7) + record("https://a.example/b", "Avec"))
    first, second = items_of(path)
    assert isinstance(first, Article) and first.title == "Sans adresse"
    assert first.source.endswith("@<urn:uuid:00000000-0000-0000-0000-000000000007>")
    assert isinstance(second, Article) and second.url == "https://a.example/b"


@pytest.mark.parametrize("compressed", [True, False])
def test_robustness_every_truncation_of_a_warc_is_reported(tmp_path: Path, compressed: bool):
    """Cut the archive anywhere in its last record: the first two pages are
    read, and the third is either complete or reported, never silently lost."""
    records = [record(f"https://a.example/{n}", f"Article {n}", number=n) for n in range(3)]
    members = [gzip.compress(r) for r in records] if compressed else records
    data = b"".join(members)
    start = len(members[0]) + len(members[1])
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    for cut in range(start + 1, len(data), 11):
        path.write_bytes(data[:cut])
        items = items_of(path)
        titles = [i.title for i in items if isinstance(i, Article)]
        failures = [i for i in items if isinstance(i, Failure)]
        assert titles[:2] == ["Article 0", "Article 1"], cut
        assert len(titles) == 3 or failures, f"cut at {cut}: the third page vanished"


def test_robustness_gzip_problem_names_a_truncated_member(tmp_path: Path):
    path = tmp_path / "x.gz"
    data = gzip.compress(b"a" * 1000) + gzip.compress(b"b" * 1000)
    path.write_bytes(data)
    assert gzip_problem(path) is None
    path.write_bytes(data[:-5])
    assert "ends in the middle" in (gzip_problem(path) or "")


def test_robustness_warc_bad_content_length_is_a_failure_and_the_batch_goes_on(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.warc").write_bytes(
        record("https://a.example/x", "Longueur", length="abc") + record("https://a.example/y", "Y")
    )
    (folder / "good.warc").write_bytes(record("https://b.example/z", "Bonne page"))
    with open_store(tmp_path / "c.db", create=True) as store:
        summary = ingest([str(folder)], store, pipeline=fast_pipeline())
        titles = [hit.title.plain for hit in store.search(None).hits]
    assert summary.failed >= 1 and "Bonne page" in titles
    assert any("bad.warc" in f.source for f in summary.failures)


def test_robustness_damaged_warc_in_an_ingest_keeps_the_batch(tmp_path: Path):
    """The missing-URI record used to raise AttributeError and lose the
    pending batch; the truncated archive stored 2 of 3 pages with '0 failed'."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Titre A\n\nUn texte d'article assez long.", encoding="utf-8")
    (folder / "b.warc").write_bytes(record(None, "Sans adresse"))
    cut = b"".join(
        gzip.compress(record(f"https://c.example/{n}", f"C{n}", number=n)) for n in range(3)
    )
    (folder / "c.warc.gz").write_bytes(cut[:-40])
    (folder / "d.txt").write_text("Titre D\n\nUn autre texte d'article.", encoding="utf-8")
    with open_store(tmp_path / "c.db", create=True) as store:
        summary = ingest([str(folder)], store, pipeline=fast_pipeline())
    assert summary.stored == 5  # A, the page without URI, C0, C1, D
    assert summary.failed >= 1
    assert all("c.warc.gz" in f.source for f in summary.failures), summary.failures
