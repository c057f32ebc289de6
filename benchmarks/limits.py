"""What one accepted article can cost: time and peak memory of the whole
analysis of hostile and ordinary texts at the longest length accepted
(``Options.max_chars``), each in a fresh process on one core.

python -m benchmarks.limits                 # the markdown report
python -m benchmarks.limits --case speech   # one case, as JSON (what the report runs)

The bound the limits promise (docs/architecture.md, Limits): every accepted
article within 2 GB of peak memory and 60 s on the reference machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from benchmarks._common import ROOT, run_isolated

EXAMPLE = ROOT / "examples" / "sommet-energie.txt"


def _sentences() -> list[str]:
    import re

    text = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)[1]
    return [s for s in re.split(r"(?<=[.!?»])\s*(?=[A-ZÀ-Ý«])", text) if len(s) > 30]


def _repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _prose_paragraphs(length: int) -> str:
    sentences = _sentences()
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return _repeat("\n\n".join(paragraphs) + "\n\n", length)


def _prose_one_paragraph(length: int) -> str:
    return _repeat(" ".join(_sentences()) + " ", length)


def _speech(length: int) -> str:
    unit = "Le ministre a déclaré que la situation était « grave » et il a ajouté que "
    return _repeat(unit, length)


def _names(length: int) -> str:
    syllables = ("ba", "do", "ri", "lu", "ven", "mar", "tel", "sor", "ki", "pa")
    parts = []
    for i in range(length // 40 + 1):
        name = "".join(syllables[int(d)] for d in str(i)).capitalize()
        parts.append(f"Jean {name}, dit {name}. Selon M. {name}, Marie {name} a parlé. ")
    return "".join(parts)[:length]


def _figures(length: int) -> str:
    unit = (
        "Environ 3 000 manifestants, soit 12,5 % des 45 millions d'habitants, "
        "ont défilé le 12 mars 2022, deux jours après lundi, pour 1,2 milliard d'euros. "
    )
    return _repeat(unit, length)


def _quotes(length: int) -> str:
    return _repeat('« oui » « non « peut-être » “ bien ” " ça " « ', length)


def _one_word(length: int) -> str:
    return "a" * length


def _short_paragraphs(length: int) -> str:
    return _repeat("Il a parlé.\n\n", length)


#: name -> (what it is, a text of the given length)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "prose": ("ordinary prose in paragraphs", _prose_paragraphs),
    "prose-one-paragraph": ("ordinary prose, one paragraph", _prose_one_paragraph),
    "speech": ("speech cues, no sentence end", _speech),
    "names": ("a new person name every 40 characters", _names),
    "figures": ("figures and dates everywhere", _figures),
    "quotes": ("unbalanced quotation marks", _quotes),
    "one-word": ("one word, no space", _one_word),
    "short-paragraphs": ("a paragraph every 13 characters", _short_paragraphs),
}


def measure(case: str) -> dict[str, Any]:
    """Analyse one case at ``Options.max_chars`` characters (text, then title)."""
    from presswatch.api import analyze_article
    from presswatch.core.options import DEFAULT_MAX_CHARS
    from presswatch.core.pipeline import Pipeline
    from presswatch.readers import read_text

    _, make = CASES[case]
    title = "Titre\n\n"
    text = title + make(DEFAULT_MAX_CHARS - len(title))
    article = next(iter(read_text(text, case)))
    assert not isinstance(article, Exception)
    # Stated French (as a sidecar or an HTML lang attribute would state it): the whole French
    # pipeline runs whatever the detector would say of such a text, the worst case.
    article = replace(article, language="fr")
    stage_seconds: dict[str, float] = {}

    def timed(name: str, func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(item: Any) -> Any:
            started = time.process_time()
            try:
                return func(item)
            finally:
                stage_seconds[name] = time.process_time() - started

        return run

    default = Pipeline.default()
    pipeline = Pipeline(
        [replace(s, func=timed(s.name, s.func), batch=None) for s in default.stages],
        default.options,
    )
    started, cpu = time.perf_counter(), time.process_time()
    analyzed = analyze_article(article, pipeline)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "case": case,
        "chars": len(analyzed.text),
        "paragraphs": len(analyzed.paragraphs),
        "tokens": len(analyzed.tokens),
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "stages": {k: round(v, 2) for k, v in stage_seconds.items()},
    }


def report(_: object) -> str:
    from presswatch.core.options import DEFAULT_MAX_CHARS

    rows = [run_isolated("benchmarks.limits", "--case", case) for case in CASES]
    lines = [
        "## The cost of one article at the length limit",
        "",
        f"Each text is {DEFAULT_MAX_CHARS:,} characters (`Options.max_chars`, "
        "`--max-chars`), analysed by the default pipeline in a fresh process pinned to one "
        "core (`python -m benchmarks.limits`); peak memory includes the models. The promise "
        "(docs/architecture.md, Limits): every accepted article within 2 GB and 60 s.",
        "",
        "| text | paragraphs | tokens | CPU s | wall s | peak MiB | slowest stages (CPU s) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        slowest = sorted(row["stages"].items(), key=lambda item: -item[1])[:3]
        stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in slowest)
        lines.append(
            f"| {CASES[row['case']][0]} | {row['paragraphs']:,} | {row['tokens']:,} | "
            f"{row['cpu_s']:.1f} | {row['wall_s']:.1f} | {row['peak_mib']:,} | {stages} |"
        )
    worst_cpu = max(row["cpu_s"] for row in rows)
    worst_mib = max(row["peak_mib"] for row in rows)
    lines += ["", f"Worst case: {worst_cpu:.1f} s of CPU, {worst_mib:,} MiB peak."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=sorted(CASES))
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure(args.case)))
    else:
        print(report(None))


if __name__ == "__main__":
    main()
