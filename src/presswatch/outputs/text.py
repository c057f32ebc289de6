"""The terminal report (rich): what a careful reader notes in the margin."""

from __future__ import annotations

from typing import IO

from rich.console import Console, Group
from rich.markup import escape as escape_markup
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from presswatch.core.article import Article
from presswatch.core.text import printable
from presswatch.outputs.availability import (
    ENTITIES,
    FIGURES,
    PERSUASION,
    QUOTES,
    analyses,
    unavailable_note,
)

#: Longest statement text shown in the table (the JSON output has it whole).
MAX_STATEMENT = 220


def escape(text: str) -> str:
    """Text from an article, ready for rich markup: its control characters
    shown as escapes (no escape sequence reaches the terminal), its square
    brackets escaped (no markup is read from it)."""
    return escape_markup(printable(text))


def plain(text: str | None) -> str:
    """Text from an article for a ``Text`` (no markup): control characters shown."""
    return printable(text or "")


def _clip(text: str, limit: int = MAX_STATEMENT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _header(article: Article) -> Panel:
    meta = [plain(v) for v in (article.outlet, article.published) if v]
    if article.language:
        meta.append(f"language {article.language}")
    headings = sum(1 for p in article.paragraphs if p.kind == "heading")
    body = [p for p in article.paragraphs if p.kind in ("paragraph", "heading")]
    lines = [Text(" · ".join(meta), style="dim")]
    if article.url:
        lines.append(Text(plain(article.url), style="dim underline"))
    repaired = f", {len(article.repairs)} glued boundaries repaired" if article.repairs else ""
    lines.append(Text(f"{len(body)} paragraphs ({headings} headings){repaired}", style="dim"))
    if article.lead:
        lines.append(Text(plain(_clip(article.lead, 300)), style="italic"))
    return Panel(
        Group(*lines),
        title=Text(plain(article.title) or "(untitled)", style="bold"),
        title_align="left",
    )


def _note(text: str) -> Text:
    return Text(plain(text), style="yellow")


def _quotes(article: Article) -> Table | Text:
    if not article.quotes:
        note = unavailable_note(article, QUOTES, "Quotes and attributions")
        return _note(note) if note else Text("No quotes or attributions found.", style="dim")
    table = Table(
        title="Quotes and attributions", title_justify="left", expand=True, show_lines=False
    )
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker / source", ratio=1)
    table.add_column("statement", ratio=3)
    for quote in article.quotes:
        who = escape(quote.speaker or "—")
        if quote.speaker_mention and quote.speaker_mention != quote.speaker:
            who += f"\n[dim]as “{escape(quote.speaker_mention)}”[/dim]"
        if quote.speaker_type:
            who += f"\n[dim]{quote.speaker_type}[/dim]"
        cue = f"\n[dim]cue: {escape(quote.cue)}[/dim]" if quote.cue else ""
        table.add_row(quote.kind.replace("_", " "), who, escape(_clip(quote.text)) + cue)
    return table


def _sources(article: Article) -> Table | None:
    if not article.sources:
        return None
    table = Table(title="Sources", title_justify="left")
    table.add_column("source")
    table.add_column("type")
    table.add_column("statements", justify="right")
    table.add_column("mentioned as", style="dim")
    for source in article.sources:
        table.add_row(
            escape(source.name),
            source.type,
            str(source.statements),
            escape(", ".join(source.mentions)),
        )
    return table


def _entities(article: Article) -> Table | Text | None:
    counts: dict[tuple[str, str], int] = {}
    for entity in article.entities:
        key = (entity.canonical, entity.label)
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        note = unavailable_note(article, ENTITIES, "Entities")
        return _note(note) if note else None
    table = Table(title="Entities", title_justify="left")
    table.add_column("entity")
    table.add_column("type")
    table.add_column("mentions", justify="right")
    for (name, label), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(escape(name), label, str(count))
    return table


def _figures(article: Article) -> Table | Text | None:
    if not article.quantities and not article.dates:
        note = unavailable_note(article, FIGURES, "Figures and dates")
        return _note(note) if note else None
    table = Table(title="Figures and dates", title_justify="left")
    table.add_column("in the text")
    table.add_column("value")
    table.add_column("of / granularity")
    for q in article.quantities:
        value = "?" if q.value is None else f"{q.value:,.10g}"
        prefix = {
            "more_than": "> ",
            "less_than": "< ",
            "at_least": "≥ ",
            "at_most": "≤ ",
            "up_to": "≤ ",
        }.get(q.qualifier or "", "")
        sign = "≈ " if q.approx else prefix or "= "
        table.add_row(
            escape(q.text), f"{sign}{value}{' ' + q.unit if q.unit else ''}", escape(q.noun or "")
        )
    for d in article.dates:
        table.add_row(
            escape(d.text),
            d.value or "unresolved",
            d.granularity + (" (relative)" if d.relative else ""),
        )
    return table


def _persuasion(article: Article) -> Table | Text | None:
    if article.genre is None and not article.frames and not article.techniques:
        note = unavailable_note(article, PERSUASION, "Persuasion techniques, genre and frames")
        return _note(note) if note else None
    lines: list[Text | Table] = []
    if article.genre is not None:
        lines.append(Text(f"Genre: {article.genre.label} ({article.genre.score:.2f})"))
    if article.frames:
        lines.append(
            Text("Frames: " + ", ".join(f"{f.label} ({f.score:.2f})" for f in article.frames))
        )
    if article.techniques:
        table = Table(title="Persuasion techniques", title_justify="left", expand=True)
        table.add_column("¶", justify="right")
        table.add_column("technique", no_wrap=True)
        table.add_column("score", justify="right")
        table.add_column("words", ratio=1)
        for t in article.techniques:
            table.add_row(
                str(t.paragraph + 1),
                t.technique,
                f"{t.score:.2f}",
                escape(_clip(article.text[t.start : t.end], 160)),
            )
        lines.append(table)
    outer = Table.grid()
    for line in lines:
        outer.add_row(line)
    return outer


def render_report(article: Article, console: Console) -> None:
    console.print(_header(article))
    for part in (
        _quotes(article),
        _sources(article),
        _figures(article),
        _entities(article),
        _persuasion(article),
    ):
        if part is not None:
            console.print(part)
    ran = analyses(article)
    if ran.unavailable:
        console.print(Text(plain(ran.summary()), style="dim"))
    console.print()


class TextWriter:
    def __init__(self, stream: IO[str]) -> None:
        import sys

        interactive = stream is sys.stdout and sys.stdout.isatty()
        self.console = Console(
            file=stream,
            width=None if interactive else 110,
            force_terminal=interactive or None,
            highlight=False,
        )

    def write(self, article: Article) -> None:
        render_report(article, self.console)

    def close(self) -> None:
        self.console.file.flush()
