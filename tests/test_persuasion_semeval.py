"""SemEval file formats: line numbering, raw offsets, clear errors on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presswatch.cli import main
from presswatch.training.semeval.formats import (
    SemevalFormatError,
    format_techniques,
    read_article,
    read_techniques,
    split_lines,
)


def test_semeval_split_lines_numbers_lines_and_keeps_raw_offsets() -> None:
    text = "Titre\r\n\r\nPremier paragraphe.\r\nSecond."
    lines = split_lines(text)
    assert [ln.number for ln in lines] == [1, 2, 3, 4]
    assert [ln.text for ln in lines] == ["Titre", "", "Premier paragraphe.", "Second."]
    for line in lines:
        assert text[line.start : line.end] == line.text


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n\r")), max_size=8))
def test_semeval_split_lines_round_trips(parts: list[str]) -> None:
    text = "\n".join(parts)
    lines = split_lines(text)
    assert len(lines) == max(1, len(parts))
    assert "\n".join(ln.text for ln in lines) == text
    for line in lines:
        assert text[line.start : line.end] == line.text


def test_semeval_read_article_paragraphs_are_the_non_empty_lines(tmp_path: Path) -> None:
    path = tmp_path / "article42.txt"
    path.write_bytes(b"Titre\n\nUn.\n  \nDeux.\n")
    article = read_article(path)
    assert article.id == "42"
    assert [(ln.number, ln.text) for ln in article.paragraphs()] == [
        (1, "Titre"),
        (3, "Un."),
        (5, "Deux."),
    ]


def test_semeval_read_article_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "article1.txt"
    path.write_bytes(b"caf\xe9\n")
    with pytest.raises(SemevalFormatError, match=r"article1\.txt: not UTF-8"):
        read_article(path)


def test_semeval_read_techniques_names_the_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "labels.txt"
    path.write_text("1\t1\tLoaded_Language\n1\ttwo\t\n", encoding="utf-8")
    with pytest.raises(SemevalFormatError, match=r"labels\.txt:2: line number 'two'"):
        read_techniques(path)
    path.write_text("1\t1\tNot_A_Technique\n", encoding="utf-8")
    with pytest.raises(SemevalFormatError, match="unknown label 'Not_A_Technique'"):
        read_techniques(path)


def test_semeval_format_techniques_writes_one_row_per_line() -> None:
    rows = [("7", 1, []), ("7", 3, ["Doubt", "Loaded_Language"])]
    assert format_techniques(rows) == "7\t1\t\n7\t3\tDoubt,Loaded_Language\n"


def test_semeval_predict_missing_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope"
    code = main(
        ["semeval", "predict", "--articles", str(missing), "--out", str(tmp_path / "p.txt")]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == f"presswatch: error: {missing}: no such folder"
    assert not (tmp_path / "p.txt").exists()


def test_semeval_predict_folder_without_articles_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    code = main(["semeval", "predict", "--articles", str(tmp_path), "--out", "-"])
    assert code == 1
    assert "no article<ID>.txt file in this folder" in capsys.readouterr().err


def test_semeval_predict_malformed_article_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "article5.txt").write_bytes(b"\x00\x01\x02binary")
    code = main(["semeval", "predict", "--articles", str(tmp_path), "--out", "-"])
    err = capsys.readouterr().err
    assert code == 1
    assert "article5.txt: binary content, not text" in err
    assert "Traceback" not in err
