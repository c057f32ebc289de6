"""Registries: built-ins, run-time registration, and plug-ins found through
real entry points (a toy distribution installed on sys.path for the test)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswatch.cli import COMMANDS, main
from presswatch.core.errors import RegistryError
from presswatch.core.pipeline import STAGES, Pipeline
from presswatch.core.registry import Registry, forget_installed_entry_points
from presswatch.lang import LANGUAGES
from presswatch.outputs import WRITERS, writer_for
from presswatch.readers import READERS, read_text

TOY = '''
"""A plug-in package for presswatch, as a third party would write one."""

from presswatch import stage


class UpperWriter:
    """Writes each article's title in capitals, one per line."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, article):
        self.stream.write(article.title.upper() + "\\n")

    def close(self):
        self.stream.write("-- done\\n")


@stage("shout", requires=("paragraphs",), provides=("shout",))
def shout(article):
    """Say the title louder."""
    article.title = article.title.upper() + "!"
    return article
'''

ENTRY_POINTS = """\
[presswatch.writers]
upper = presswatch_toy:UpperWriter

[presswatch.stages]
shout = presswatch_toy:shout
"""


@pytest.fixture
def toy_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """presswatch_toy installed as a distribution: its module and a dist-info
    with entry points, on sys.path; registries rescanned before and after."""
    site = tmp_path / "site"
    (site / "presswatch_toy").mkdir(parents=True)
    (site / "presswatch_toy" / "__init__.py").write_text(TOY, encoding="utf-8")
    info = site / "presswatch_toy-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: presswatch-toy\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))
    _rescan()
    yield site
    sys.modules.pop("presswatch_toy", None)
    monkeypatch.undo()
    STAGES.unregister("shout")  # its decorator registered it when the module was imported
    _rescan()


def _rescan() -> None:
    forget_installed_entry_points()
    for registry in (STAGES, WRITERS, READERS, LANGUAGES, COMMANDS):
        registry.rescan()


def test_registry_plugin_writer_is_found_through_its_entry_point(toy_plugin: Path) -> None:
    assert WRITERS.names()[:3] == ["text", "json", "html"]
    assert "upper" in WRITERS.names()
    article = next(iter(read_text("Un titre\n\nUn corps de texte.", "<toy>")))
    stream = io.StringIO()
    writer = writer_for("upper", stream)
    writer.write(article)  # type: ignore[arg-type]
    writer.close()
    assert stream.getvalue() == "UN TITRE\n-- done\n"


def test_registry_plugin_writer_is_a_cli_format(
    toy_plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Un titre\n\nUn corps de texte assez long pour être lu.", encoding="utf-8")
    off = ["nlp", "entities", "attribution", "dates", "quantities", "persuasion", "language"]
    disable = [arg for name in off for arg in ("--disable", name)]
    assert main(["analyze", str(article), "--format", "upper", *disable]) == 0
    assert capsys.readouterr().out == "UN TITRE\n-- done\n"


def test_registry_plugin_stage_runs_in_a_pipeline(toy_plugin: Path) -> None:
    assert "shout" in STAGES.names()
    pipeline = Pipeline(["repair", "shout"])
    article = next(iter(read_text("Un titre\n\nUn corps.", "<toy>")))
    result = pipeline.run(article)  # type: ignore[arg-type]
    assert result.title == "UN TITRE!" and result.stages == ["repair", "shout"]
    assert STAGES.get("shout").description == "Say the title louder."


def test_registry_plugins_are_gone_when_uninstalled() -> None:
    assert "upper" not in WRITERS.names() and "shout" not in STAGES.names()


def test_registry_unknown_names_list_the_known_ones() -> None:
    registry: Registry[int] = Registry("number", "presswatch.test-numbers", {"one": "json:loads"})
    registry.register("two", 2)
    assert registry.names() == ["one", "two"]
    assert registry.get("two") == 2 and "two" in registry and "three" not in registry
    with pytest.raises(RegistryError, match=r"unknown number 'three' \(known: one, two\)"):
        registry.get("three")
    assert registry.get("one") is json.loads  # a built-in reference, loaded on first use


def test_registry_builtins_are_registered_where_they_live() -> None:
    assert STAGES.builtin_names()[:2] == ["repair", "language"]
    assert READERS.builtin_names() == ["record", "json", "html", "text"]
    assert "fr" in LANGUAGES.builtin_names() and "analyze" in COMMANDS.builtin_names()
    assert all(STAGES.get(name).name == name for name in STAGES.builtin_names())


def test_registry_a_language_registered_later_enables_the_stages_its_pack_feeds() -> None:
    from presswatch.lang import language_pack
    from presswatch.lang.pack import LanguagePack

    dates = STAGES.get("dates")
    assert dates.languages is not None and "zz" not in dates.languages
    pack = LanguagePack("zz", "Test", "presswatch.lang.fr", dates=language_pack("fr").dates)
    LANGUAGES.register("zz", pack)
    try:
        assert "zz" in dates.languages
        assert "zz" not in STAGES.get("quantities").languages  # type: ignore[operator]
    finally:
        LANGUAGES.unregister("zz")
    assert "zz" not in dates.languages
