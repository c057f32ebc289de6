"""The stage registry and the pipeline: requirements, disabling, replacing, language gating."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.core.article import Article, Paragraph
from presswatch.core.errors import PipelineError, StageError
from presswatch.core.pipeline import DEFAULT_STAGES, Pipeline, Stage, available_stages


def test_pipeline_default_stages_are_registered_with_contracts():
    stages = available_stages()
    for name in DEFAULT_STAGES:
        assert name in stages
    assert "tokens" in stages["nlp"].provides
    assert set(stages["attribution"].languages or ()) == {"fr", "en"}
    assert Pipeline.default().names[: len(DEFAULT_STAGES)] == list(DEFAULT_STAGES)


def test_pipeline_refuses_a_stage_whose_requirement_is_missing():
    with pytest.raises(PipelineError, match="'attribution' requires tokens"):
        Pipeline(["repair", "language", "attribution"])
    with pytest.raises(PipelineError, match="unknown stage 'nope'"):
        Pipeline(["nope"])


def test_pipeline_without_and_replace():
    pipeline = Pipeline.default().without("dates", "quantities")
    assert "dates" not in pipeline.names
    with pytest.raises(PipelineError):
        Pipeline.default().without("dates")  # quantities needs dates
    calls: list[str] = []

    def shouting(article: Article) -> Article:
        calls.append(article.title)
        article.title = article.title.upper()
        return article

    replaced = Pipeline(["repair"]).with_stage(
        Stage("shout", shouting, requires=("paragraphs",), provides=("shout",))
    )
    article = replaced.run(
        Article(
            text="titre\n\ncorps",
            title="titre",
            paragraphs=[Paragraph(0, 5, "title"), Paragraph(7, 12)],
        )
    )
    assert article.title == "TITRE" and calls == ["titre"]
    assert article.stages == ["repair", "shout"]
    other = replaced.replace("shout", lambda a: a)
    assert other.names == ["repair", "shout"]


def test_pipeline_language_gating_marks_unavailable():
    pipeline = Pipeline(["repair", "language", "nlp", "entities", "dates"])
    title = "Gespräche gehen weiter"
    body = "Die Gespräche zwischen den beiden Delegationen werden nächste Woche in Genf fortgesetzt, sagten Beamte."
    article = Article(
        text=f"{title}\n\n{body}",
        title=title,
        paragraphs=[
            Paragraph(0, len(title), "title"),
            Paragraph(len(title) + 2, len(title) + 2 + len(body)),
        ],
    )
    article = pipeline.run(article)
    assert article.language == "de"
    assert {u.stage for u in article.unavailable} == {"nlp", "entities", "dates"}
    assert all(u.reason == "unavailable for language de" for u in article.unavailable)


def test_pipeline_stage_failure_names_stage_and_article():
    def broken(article: Article) -> Article:
        raise ValueError("boom")

    pipeline = Pipeline([Stage("broken", broken)])
    with pytest.raises(StageError, match="stage 'broken' failed: ValueError"):
        pipeline.run(Article(text="x", source="a.txt"))


_FRAGMENTS = [
    "« ", " »", '"', "“", "”", ", a-t-il dit", ", selon lui", "Selon le Monde,", "Il a affirmé que",
    " que ", "qu'", "Moscou", "Emmanuel Macron", "le ministre", "ceux-ci", " 300 ", "une centaine de",
    " environ ", "%", " le 28 janvier ", "hier", "il y a deux ans", ".", ",", ":", "\n\n", "(", ")",
    "M.Dupont", "assure", "estime", "d'après", " on ", "je pense que", "1 000", "3,5", "–", "XIXe siècle",
    "L'OMS", "elle", "comme le rapporte l'AFP,", "C'est ce qu'affirme le journal.", "dit-il", "…", "?",
    "des millions de", "entre 5 et 15 %", "russesSelon", "envisagéeMoscou",
]  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=40).map(" ".join))
def test_pipeline_never_crashes_on_generated_text(body: str):
    from presswatch.api import analyze_article
    from presswatch.readers import read_text

    article = next(read_text("Titre\n\n" + body, "generated"))
    assert isinstance(article, Article)
    article = analyze_article(article)
    for layer in (article.quotes, article.entities, article.quantities, article.dates):
        for item in layer:
            assert 0 <= item.start <= item.end <= len(article.text)
    assert article.original_text().replace("\n\n", "").replace(" ", "") == ("Titre" + body).replace(
        "\n\n", ""
    ).replace(" ", "")


def test_pipeline_default_takes_options():
    from presswatch.core.options import Options

    options = Options(disable=("persuasion",), nlp_batch_size=7)
    pipeline = Pipeline.default(options)
    assert "persuasion" not in pipeline.names and pipeline.options is options
    nlp = next(s for s in pipeline.stages if s.name == "nlp")
    assert getattr(nlp.func, "batch_size", None) == 7 and nlp.configure is None
    assert pipeline.without("quantities").options is options
    with pytest.raises(PipelineError, match="cannot disable"):
        Pipeline.default(Options(disable=("nope",)))


def test_pipeline_options_refuse_nonsense():
    from presswatch.core.errors import OptionsError
    from presswatch.core.options import Options

    with pytest.raises(OptionsError, match="nlp_batch_size"):
        Options(nlp_batch_size=0)


def test_pipeline_unavailable_stage_keeps_its_json_name():
    article = Article(text="x")
    article.mark_unavailable("nlp", "unavailable for language en")
    article.mark_unavailable("nlp", "twice")
    data = article.to_dict()
    assert data["unavailable"] == [{"feature": "nlp", "reason": "unavailable for language en"}]
    assert Article.from_dict(data).unavailable[0].stage == "nlp"
