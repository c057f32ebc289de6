"""The NLP stage measured on a UD treebank: the CoNLL-U reader rebuilds the
text and places every word, the ClearNLP trees of spaCy's English parser are
converted to UD, and the scores follow CoNLL 2018 (exact spans, aligned words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.core.errors import InputError
from presswatch.training.treebank import evaluate_treebank, read_conllu

CONLLU = """# newdoc id = d1
# sent_id = s1
# newpar id = p1
# text = I don't know.
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = s2
# text = Bush's plan failed.
1\tBush\tBush\tPROPN\tNNP\t_\t3\tnmod:poss\t_\tSpaceAfter=No
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tplan\tplan\tNOUN\tNN\t_\t4\tnsubj\t_\t_
4\tfailed\tfail\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# newpar id = p2
# sent_id = s3
# text = It is over
1\tIt\tit\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2\tis\tbe\tAUX\tVBZ\t_\t3\tcop\t_\t_
3\tover\tover\tADV\tRB\t_\t0\troot\t_\t_
"""


@pytest.fixture()
def treebank(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    return path


def test_treebank_reader_rebuilds_paragraphs_and_places_words(treebank: Path) -> None:
    first, second = read_conllu(treebank)
    assert first.text == "I don't know. Bush's plan failed."
    assert second.text == "It is over"
    words = [(w.form, first.text[w.start : w.end]) for s in first.sentences for w in s.words]
    assert all(form == spelled for form, spelled in words)
    assert [w.form for w in first.sentences[0].words] == ["I", "do", "n't", "know", "."]
    assert first.sentences[1].words[0].deprel == "nmod"  # universal part only
    assert (first.sentences[1].start, first.sentences[1].end) == (14, 33)


def test_treebank_reader_refuses_what_is_not_conllu(tmp_path: Path) -> None:
    path = tmp_path / "bad.conllu"
    path.write_text("1\tonly three\tcolumns\n", encoding="utf-8")
    with pytest.raises(InputError, match="10 tab-separated columns"):
        read_conllu(path)
    with pytest.raises(InputError, match="cannot read"):
        read_conllu(tmp_path / "missing.conllu")


@pytest.mark.slow
def test_treebank_scores_the_english_stage(treebank: Path) -> None:
    summary = evaluate_treebank(treebank, "en").summary()
    assert summary["scheme"] == "clear" and summary["gold_words"] == 13
    assert summary["words"]["f1"] == 1.0
    assert summary["upos"]["aligned_accuracy"] >= 0.8


@pytest.mark.slow
def test_treebank_english_ewt_floors(tmp_path: Path) -> None:
    """The first 150 paragraphs of UD English-EWT dev (../shared); floors a few
    points under what the whole dev split gives (docs/models.md)."""
    from shared import SHARED, require

    dev = require(SHARED / "data" / "ud-english-ewt" / "en_ewt-ud-dev.conllu")
    paragraphs, kept = dev.read_text(encoding="utf-8").split("# newpar"), 150
    sample = tmp_path / "sample.conllu"
    sample.write_text("# newpar".join(paragraphs[: kept + 1]), encoding="utf-8")
    summary = evaluate_treebank(sample, "en").summary()
    assert summary["words"]["f1"] >= 0.95
    assert summary["sentences"]["f1"] >= 0.75
    assert summary["upos"]["aligned_accuracy"] >= 0.88
    assert summary["uas"]["aligned_accuracy"] >= 0.74
