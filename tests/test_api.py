"""The library entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import presswatch
from presswatch.api import BatchReport, Failure, analyze_paths
from presswatch.core.errors import InputError


@pytest.mark.slow
def test_api_analyze_text_and_path(tmp_path: Path):
    text = "Un titre\n\nLe maire a annoncé que la piscine rouvrira en juin."
    article = presswatch.analyze(text)
    assert article.title == "Un titre"
    assert article.quotes[0].kind == "indirect"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert presswatch.analyze(path).text == article.text
    assert presswatch.analyze_file(str(path)).id == article.id


def test_api_analyze_refuses_several_articles(tmp_path: Path):
    path = tmp_path / "two.jsonl"
    path.write_text(
        '{"title": "a", "text": "un"}\n{"title": "b", "text": "deux"}\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match="holds 2 articles"):
        presswatch.analyze(path)


@pytest.mark.slow
def test_api_analyze_paths_records_failures_and_continues(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Titre\n\nLe texte est court.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    report = BatchReport()
    outcomes = list(analyze_paths([tmp_path, tmp_path / "missing.txt"], report=report))
    assert report.analyzed == 1
    messages = sorted(f.message for f in report.failures)
    assert len(messages) == 3
    assert any("empty.txt: empty input" in m for m in messages)
    assert any("image.png: a PNG image, not text" in m for m in messages)
    assert any("missing.txt: No such file" in m for m in messages)
    assert sum(isinstance(o, Failure) for o in outcomes) == 3


def test_api_article_round_trips_through_json(seed_article):
    data = json.loads(json.dumps(seed_article.to_dict(internal=True)))
    assert presswatch.Article.from_dict(data) == seed_article
    assert "tokens" not in seed_article.to_dict()


def test_api_original_offsets_point_into_the_text_as_read(seed_article):
    original = seed_article.original_text()
    for quote in seed_article.quotes:
        start, end = (
            seed_article.original_offset(quote.start),
            seed_article.original_offset(quote.end),
        )
        assert (
            original[start:end].replace("\n", "") == quote.text.replace("\n", "")
            or "[…]" in quote.text
        )


def test_api_import_is_fast_and_light():
    code = "import sys, presswatch; print(sorted(m for m in ('spacy', 'lingua', 'trafilatura', 'rich', 'numpy') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_api_public_names_resolve():
    for name in presswatch.__all__:
        assert getattr(presswatch, name) is not None, name
    assert presswatch.Pipeline.default(presswatch.Options(disable=("persuasion",))).names[-1] == (
        "quantities"
    )
