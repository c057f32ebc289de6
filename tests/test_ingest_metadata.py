"""Metadata for articles that lack it: the sidecar (CSV, JSON Lines), the
``--outlet`` / ``--published`` flags, their precedence, and re-ingesting a
source with new metadata (the stored article is analysed again and replaced)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presswatch.cli import main
from presswatch.core.article import article_id
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest import ingest
from presswatch.corpus.ingest.metadata import (
    Metadata,
    MetadataError,
    apply_metadata,
    check_language,
    check_published,
    load_sidecar,
    plan_metadata,
)
from presswatch.corpus.store import Filters, Store
from presswatch.readers import iter_files, read_text
from presswatch.stages.language import identify_language
from slow_stage import fast_pipeline

BODY = (
    "Le conseil municipal a voté jeudi soir le budget de la ville pour l'année prochaine, "
    "après un débat de plus de quatre heures sur les investissements dans les écoles."
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def folder_of_texts(root: Path) -> Path:
    corpus = root / "corpus"
    write(corpus / "a.txt", f"Le budget voté\n\n{BODY}\n")
    write(corpus / "2022" / "b.txt", f"Les écoles d'abord\n\nLes écoles : {BODY}\n")
    write(corpus / "2023" / "b.txt", f"Encore des écoles\n\nEncore : {BODY}\n")
    return corpus


# -- the sidecar file --------------------------------------------------------


def test_ingest_metadata_sidecar_csv_matches_relative_paths_then_bare_names(tmp_path: Path):
    corpus = folder_of_texts(tmp_path)
    sidecar = load_sidecar(
        write(
            corpus / "presswatch-metadata.csv",
            "file,outlet,published,language,url,title\n"
            "./2022/b.txt,Le Rail,07/03/2022,fr-FR,https://rail.example/b,Le titre du Rail\n"
            "b.txt,Le Nom seul,2023-05,,,\n"
            "a.txt,,2021-12-31,,,\n",
        )
    )
    assert sidecar.lookup(corpus / "2022" / "b.txt") == Metadata(
        url="https://rail.example/b",
        outlet="Le Rail",
        published="2022-03-07",
        language="fr",
        title="Le titre du Rail",
    )
    # no row for 2023/b.txt: the bare name "b.txt" applies
    assert sidecar.lookup(corpus / "2023" / "b.txt") == Metadata(
        outlet="Le Nom seul", published="2023-05"
    )
    assert sidecar.lookup(corpus / "a.txt") == Metadata(published="2021-12-31")
    assert sidecar.lookup(tmp_path / "elsewhere" / "c.txt") is None
    assert sidecar.unused() == []


def test_ingest_metadata_sidecar_jsonl_is_read_like_csv(tmp_path: Path):
    rows = [
        {"file": "a.txt", "outlet": "La Gazette", "published": "2022-01-05"},
        {"file": "sub/c.txt", "url": "https://gazette.example/c", "language": None},
    ]
    path = write(tmp_path / "m.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    sidecar = load_sidecar(path)
    assert sidecar.lookup(tmp_path / "a.txt") == Metadata(
        outlet="La Gazette", published="2022-01-05"
    )
    assert sidecar.lookup(tmp_path / "sub" / "c.txt") == Metadata(url="https://gazette.example/c")
    assert [(e.line, e.file) for e in sidecar.unused()] == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "m.csv",
            "file,outlet,author\na.txt,X,Y\n",
            r"m\.csv:1: unknown column 'author' \(known: file, url",
        ),
        ("m.csv", "outlet,published\nX,2022-01-01\n", r"m\.csv:1: no 'file' column"),
        (
            "m.csv",
            "file,published\na.txt,2022-13-45\n",
            r"m\.csv:2: published: unrecognised date '2022-13-45'",
        ),
        (
            "m.csv",
            "file,published\na.txt,2022-13\n",
            r"m\.csv:2: published: unrecognised date '2022-13' \(no month 13\)",
        ),
        ("m.csv", "file,url\na.txt,javascript:alert(1)\n", r"m\.csv:2: url: not an http\(s\) URL"),
        ("m.csv", "file,language\na.txt,français\n", r"m\.csv:2: language: not a language code"),
        (
            "m.csv",
            "file,outlet\na.txt,X\na.txt,Y\n",
            r"m\.csv:3: 'a.txt' is already described on line 2",
        ),
        ("m.csv", "file,outlet\n/etc/a.txt,X\n", r"m\.csv:2: '/etc/a.txt': give a path relative"),
        ("m.csv", "file,outlet\n../a.txt,X\n", r"m\.csv:2: '../a.txt': give a path relative"),
        ("m.csv", "file,outlet\na.txt,X,Y\n", r"m\.csv:2: 3 cells, the header has 2"),
        ("m.csv", "", r"m\.csv: empty metadata file"),
        (
            "m.jsonl",
            '{"file": "a.txt", "outlet": 3}\n',
            r"m\.jsonl:1: 'outlet' must be a string, got int",
        ),
        (
            "m.jsonl",
            '{"file": "a.txt"}\n{"file": "b.txt", "date": "2022"}\n',
            r"m\.jsonl:2: unknown column 'date'",
        ),
        ("m.jsonl", '{"file": "a.txt"}\n[1]\n', r"m\.jsonl:2: expected a JSON object, got list"),
        ("m.jsonl", '{"file": "a.txt"\n', r"m\.jsonl:1: invalid JSON"),
        ("m.txt", "file\n", r"m\.txt: a metadata file must be \.csv or \.jsonl"),
    ],
)
def test_ingest_metadata_sidecar_errors_name_the_file_and_line(
    tmp_path: Path, name: str, content: str, message: str
):
    with pytest.raises(MetadataError, match=message):
        load_sidecar(write(tmp_path / name, content))


def test_ingest_metadata_sidecar_lists_several_problems_at_once(tmp_path: Path):
    path = write(
        tmp_path / "m.csv",
        "file,published,outlet\na.txt,hier,X\nb.txt,2022-01-01,\n,,\n c.txt ,demain,Y\n",
    )
    with pytest.raises(MetadataError) as caught:
        load_sidecar(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: 2 problems:")
    assert f"{path}:2: published: unrecognised date 'hier'" in message
    assert f"{path}:5: published: unrecognised date 'demain'" in message


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_ingest_metadata_sidecar_never_fails_otherwise(tmp_path: Path, content: str):
    """Any file content gives a sidecar or a MetadataError, never another exception."""
    for name in ("m.csv", "m.jsonl"):
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8", "replace"))
        with contextlib.suppress(MetadataError):
            load_sidecar(path)


def test_ingest_metadata_values_are_checked():
    assert check_published("2022-03-07T10:00:00+01:00") == "2022-03-07"
    assert check_published("2022-03") == "2022-03"
    for bad in ("2022-02-30", "1066-10-14", "3022-01-01", "", "hier"):
        with pytest.raises(ValueError):
            check_published(bad)
    assert check_language("pt_BR") == "pt" and check_language(" EN ") == "en"


def test_ingest_metadata_sidecar_files_are_never_read_as_articles(tmp_path: Path):
    corpus = folder_of_texts(tmp_path)
    write(corpus / "presswatch-metadata.csv", "file,outlet\na.txt,X\n")
    write(corpus / "2022" / "presswatch-metadata.jsonl", '{"file": "b.txt"}\n')
    names = [str(p.relative_to(corpus)) for p in iter_files(corpus)]
    assert names == ["a.txt", "2022/b.txt", "2023/b.txt"]


def test_ingest_metadata_both_sidecars_in_one_folder_is_an_error(tmp_path: Path):
    corpus = folder_of_texts(tmp_path)
    write(corpus / "presswatch-metadata.csv", "file,outlet\na.txt,X\n")
    write(corpus / "presswatch-metadata.jsonl", '{"file": "a.txt"}\n')
    with pytest.raises(MetadataError, match=r"both presswatch-metadata\.csv and"):
        plan_metadata([str(corpus)])
    # --metadata FILE turns discovery off
    plan = plan_metadata([str(corpus)], metadata_file=corpus / "presswatch-metadata.csv")
    assert plan.sidecar_for(str(corpus)) is plan.explicit


# -- precedence ----------------------------------------------------------------

PAGE = (
    '<html><head><title>Le gaz</title><meta property="og:site_name" content="Le Site">'
    '<meta property="article:published_time" content="2023-02-14">'
    '<link rel="canonical" href="https://site.example/gaz"></head><body><article><h1>Le gaz</h1>'
    f"<p>{BODY}</p><p>Une deuxième phrase assez longue pour que la page soit un article.</p>"
    "</article></body></html>"
)


def test_ingest_metadata_precedence_sidecar_then_own_then_flags():
    flags = Metadata(outlet="Le Défaut", published="2020-01-01")
    page = next(iter(read_text(PAGE, "p.html")))
    own = apply_metadata(page, None, flags)
    assert (own.outlet, own.published) == ("Le Site", "2023-02-14")  # the page's own beat the flags
    page = next(iter(read_text(PAGE, "p.html")))
    corrected = apply_metadata(page, Metadata(outlet="Le Vrai Nom", published="2023-02-13"), flags)
    assert (corrected.outlet, corrected.published) == ("Le Vrai Nom", "2023-02-13")
    plain = next(iter(read_text(f"Titre\n\n{BODY}", "a.txt")))
    filled = apply_metadata(plain, None, flags)
    assert (filled.outlet, filled.published) == ("Le Défaut", "2020-01-01")


def test_ingest_metadata_sidecar_url_sets_id_and_outlet():
    plain = next(iter(read_text(f"Titre\n\n{BODY}", "a.txt")))
    assert plain.id == article_id(None, plain.text)
    done = apply_metadata(plain, Metadata(url="https://www.lemonde.fr/x"), Metadata(outlet="Flag"))
    assert done.url == "https://www.lemonde.fr/x" and done.id == article_id(done.url, done.text)
    assert done.outlet == "Le Monde"  # the URL's outlet comes before the flag


def test_ingest_metadata_sidecar_title_of_a_plain_text_file():
    plain = next(iter(read_text(f"Premier paragraphe, pas un titre.\n\n{BODY}", "a.txt")))
    text = plain.text
    done = apply_metadata(plain, Metadata(title="Le vrai titre"), Metadata())
    assert done.title == "Le vrai titre" and done.text == text
    assert [p.kind for p in done.paragraphs] == ["paragraph", "paragraph"]
    same = next(iter(read_text(f"Le vrai titre\n\n{BODY}", "a.txt")))
    assert [
        p.kind for p in apply_metadata(same, Metadata(title="Le vrai titre"), Metadata()).paragraphs
    ] == ["title", "paragraph"]


def test_ingest_metadata_declared_language_is_kept_by_the_language_stage():
    article = next(iter(read_text(f"Titre\n\n{BODY}", "a.txt")))
    article.language = "ca"  # a sidecar said so
    done = identify_language(article)
    assert done.language == "ca" and done.language_confidence is None
    detected = identify_language(next(iter(read_text(f"Titre\n\n{BODY}", "a.txt"))))
    assert detected.language == "fr" and detected.language_confidence


# -- ingest ----------------------------------------------------------------------


def by_title(store: Store) -> dict[str, tuple[str | None, str | None, str | None]]:
    return {a.title: (a.outlet, a.published, a.language) for a in store.export()}


def test_ingest_metadata_sidecar_and_flags_in_an_ingest(tmp_path: Path, store: Store):
    corpus = folder_of_texts(tmp_path)
    write(
        corpus / "presswatch-metadata.csv",
        "file,outlet,published\n2022/b.txt,Le Rail,2022-03-07\na.txt,,2021-12\nmissing.txt,X,\n",
    )
    plan = plan_metadata([str(corpus)], outlet="Le Défaut", published="2020-01-01")
    summary = ingest([str(corpus)], store, pipeline=fast_pipeline(), metadata=plan)
    assert (summary.stored, summary.failed) == (3, 0)
    assert by_title(store) == {
        "Le budget voté": ("Le Défaut", "2021-12", None),
        "Les écoles d'abord": ("Le Rail", "2022-03-07", None),
        "Encore des écoles": ("Le Défaut", "2020-01-01", None),
    }
    assert [(e.line, e.file) for _, e in plan.unused()] == [(4, "missing.txt")]
    assert (summary.without_outlet, summary.without_date) == (0, 0)


def test_ingest_metadata_new_metadata_updates_stored_articles(tmp_path: Path, store: Store):
    """The fix the dashboard suggests works: run the same ingest again with
    the metadata, and the stored articles get it (analysed again, replaced,
    never stored twice); a run without metadata never erases it."""
    corpus = folder_of_texts(tmp_path)
    pipeline = fast_pipeline()
    first = ingest([str(corpus)], store, pipeline=pipeline)
    assert (first.stored, first.without_outlet, first.without_date) == (3, 3, 3)
    ids = {a.title: a.id for a in store.export()}

    write(
        corpus / "presswatch-metadata.csv",
        "file,outlet,url\n2022/b.txt,Le Rail,https://rail.example/b\n",
    )
    second = ingest(
        [str(corpus)],
        store,
        pipeline=pipeline,
        metadata=plan_metadata([str(corpus)], published="2022-05-01"),
    )
    assert (second.stored, second.updated, second.duplicates) == (0, 3, 0)
    assert store.count() == 3
    assert by_title(store)["Les écoles d'abord"] == ("Le Rail", "2022-05-01", None)
    assert {a.title: a.id for a in store.export()} == ids  # ids kept
    assert store.get_article(ids["Les écoles d'abord"]).url == "https://rail.example/b"
    assert store.search("écoles", Filters(outlets=("Le Rail",))).total == 1

    third = ingest([str(corpus)], store, pipeline=pipeline, metadata=plan_metadata([str(corpus)]))
    assert (third.stored, third.updated, third.duplicates) == (0, 0, 3)
    assert by_title(store)["Le budget voté"] == (None, "2022-05-01", None)


def test_ingest_metadata_same_text_from_another_source_stays_a_duplicate(
    tmp_path: Path, store: Store
):
    """A syndicated copy (same text, another file and outlet) is not stored
    twice and never overwrites the first one's metadata."""
    write(tmp_path / "one" / "a.txt", f"Dépêche\n\n{BODY}\n")
    write(tmp_path / "two" / "a.txt", f"Dépêche\n\n{BODY}\n")
    pipeline = fast_pipeline()
    ingest(
        [str(tmp_path / "one")], store, pipeline=pipeline, metadata=plan_metadata([], outlet="Un")
    )
    for _ in range(2):
        again = ingest(
            [str(tmp_path / "two")],
            store,
            pipeline=pipeline,
            metadata=plan_metadata([], outlet="Deux"),
        )
        assert (again.stored, again.updated, again.duplicates) == (0, 0, 1)
    assert by_title(store) == {"Dépêche": ("Un", None, None)}


# -- the command line ------------------------------------------------------------


@pytest.fixture
def fast_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Pipeline, "default", classmethod(lambda cls, options=None: fast_pipeline()))


def test_ingest_metadata_command_line(
    tmp_path: Path, fast_default: None, capsys: pytest.CaptureFixture[str]
):
    corpus = folder_of_texts(tmp_path)
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(corpus), "--db", db, "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert (
        "presswatch: of the 3 articles stored, 3 have no outlet and 3 have no publication date: "
        "outlet pages and trends leave them out. Give --outlet NAME, --published DATE or a "
        "metadata sidecar" in err
    )
    write(corpus / "presswatch-metadata.csv", "file,outlet\na.txt,Le Nom\ntypo.txt,X\n")
    assert main(["ingest", str(corpus), "--db", db, "--no-progress", "--published", "2022-02"]) == 0
    err = capsys.readouterr().err
    assert (
        f"presswatch: {corpus / 'presswatch-metadata.csv'}:3: 'typo.txt' matched no article" in err
    )
    assert "of the 3 articles stored or updated, 2 have no outlet:" in err
    assert "0 stored, 3 updated (2 near-duplicates linked), 0 already stored, 0 failed" in err
    assert main(["stats", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "(2 of 3 articles have no outlet: ingest them again with --outlet NAME" in out


def test_ingest_metadata_analyze_lists_rows_that_matched_no_article(
    tmp_path: Path, fast_default: None, capsys: pytest.CaptureFixture[str]
):
    """``analyze`` reports a sidecar's unmatched rows as ``ingest`` does."""
    corpus = folder_of_texts(tmp_path)
    rows = "".join(f"missing{n}.txt,X\n" for n in range(6))
    write(corpus / "presswatch-metadata.csv", f"file,outlet\na.txt,Le Nom\n{rows}")
    assert main(["analyze", str(corpus), "-f", "json", "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["outlet"] for line in captured.out.splitlines()].count("Le Nom") == 1
    sidecar = corpus / "presswatch-metadata.csv"
    listed = [line for line in captured.err.splitlines() if "matched no article" in line]
    assert listed == [
        *(f"presswatch: {sidecar}:{n + 3}: 'missing{n}.txt' matched no article" for n in range(5)),
        "presswatch: … and 1 more metadata rows matched no article",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--published", "2022-13-45"], "argument --published: unrecognised date '2022-13-45'"),
        (["--outlet", " "], "argument --outlet: empty outlet"),
        (["--metadata", "nowhere.csv"], "nowhere.csv: cannot read"),
    ],
)
def test_ingest_metadata_command_line_errors(
    tmp_path: Path,
    fast_default: None,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
):
    corpus = folder_of_texts(tmp_path)
    db = tmp_path / "c.db"
    assert exit_code(["ingest", str(corpus), "--db", str(db), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not db.exists()  # refused before anything was created


def test_ingest_metadata_bad_sidecar_stops_before_any_work(
    tmp_path: Path, fast_default: None, capsys: pytest.CaptureFixture[str]
):
    corpus = folder_of_texts(tmp_path)
    write(corpus / "presswatch-metadata.csv", "file,outlet,published\na.txt,X,31/02/2022\n")
    db = tmp_path / "c.db"
    assert main(["ingest", str(corpus), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"presswatch: error: {corpus / 'presswatch-metadata.csv'}:2: published: "
        "unrecognised date '31/02/2022' (expected YYYY-MM-DD or YYYY-MM)\n"
    )
    assert not db.exists()


def exit_code(argv: list[str]) -> int:
    """The exit code of the command, whether argparse exits or main returns."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_ingest_metadata_stored_article_replacement_keeps_near_duplicate_links(store: Store):
    from corpus_helpers import make_article, make_record

    long_body = " ".join([BODY] * 3)
    original = make_article("Original", long_body, outlet="A")
    copy = make_article("Copie", long_body + " Fin.", outlet="B")
    store.add(make_record(original))
    linked = store.add(make_record(copy))
    assert linked.near_duplicate_of == original.id
    again = make_article("Original", long_body, outlet="A prime")
    before = store.revision()
    outcome = store.add_many([make_record(again)], replacing={original.id})[0]
    # the dashboard's caches are kept per revision: a replacement changes it
    assert store.revision() == (before[0], before[1] + 1)
    assert (outcome.status, outcome.article_id, outcome.near_duplicate_of) == (
        "updated",
        original.id,
        None,
    )
    assert store.count() == 2
    assert store.get_article(original.id).outlet == "A prime"
    assert [(link.kind, link.other_id) for link in store.links(original.id)] == [
        ("has_near_duplicate", copy.id)
    ]
    assert store.search("conseil", Filters(outlets=("A prime",))).total == 1
    assert store.search("conseil", Filters(outlets=("A",))).total == 0
