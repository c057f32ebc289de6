"""Golden snapshots of the analysis: proof that a refactoring changed nothing.

A fixed set of articles (the shipped example, the canonical seed and SemEval
training articles chosen by a fixed rule, see :func:`cases`) is analysed, and
each analysis is compared with the snapshot committed in ``tests/golden/``.

A snapshot is the JSON output of the analysis (``Article.to_dict()``) without
the article's text: the text, title and lead are replaced by their SHA-256,
each quote's text by its SHA-256 (offsets say where it is), the ``source``
path is dropped (it depends on where the data lives), and the internal token
layer is summarised by its length and SHA-256 (tag, lemma, morphology, head
and label of every word). The SemEval texts may not be copied into the
repository; this keeps them out while any change of any annotation shows.

Persuasion scores (already rounded to 4 decimals by the analysis) are
compared within :data:`SCORE_TOLERANCE`: the fourth decimal of a float32 dot
product can differ between CPUs. Everything else must be equal.

Update on purpose with ``make golden-update`` (or ``pytest tests/test_golden.py
--update-golden``, or ``PRESSWATCH_UPDATE_GOLDEN=1``), and say why in the commit.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared import EXAMPLE, SEED, SEMEVAL

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

#: French SemEval training articles: every FRENCH_STEP-th file in name order, FRENCH_COUNT of them.
FRENCH_COUNT = 30
FRENCH_STEP = 5
#: English SemEval training articles (the second analysed language): every
#: ENGLISH_STEP-th file in name order, ENGLISH_COUNT of them.
ENGLISH_COUNT = 8
ENGLISH_STEP = 55
#: Other SemEval languages (folder names): the first and the middle file in name order.
OTHER_FOLDERS = ("ge", "it", "po", "ru")
#: Largest difference allowed between two persuasion scores.
SCORE_TOLERANCE = 1e-4
UPDATE_ENV = "PRESSWATCH_UPDATE_GOLDEN"


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    shared: bool  # lives in ../shared (skipped when it is absent)

    @property
    def snapshot_path(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.json"


def cases() -> list[Case]:
    """Every golden case, in a fixed order (the SemEval ones only when ../shared is here)."""
    found = [Case("example", EXAMPLE, shared=False), Case("seed", SEED, shared=True)]
    for folder, files in _semeval_files():
        for path in files:
            found.append(Case(f"semeval-{folder}-{path.stem}", path, shared=True))
    return found


def _semeval_files() -> list[tuple[str, list[Path]]]:
    def articles(folder: str) -> list[Path]:
        return sorted((SEMEVAL / folder / "train-articles").glob("article*.txt"))

    if not SEMEVAL.is_dir():
        return []
    french = articles("fr")[::FRENCH_STEP][:FRENCH_COUNT]
    english = articles("en")[::ENGLISH_STEP][:ENGLISH_COUNT]
    chosen = [("fr", french), ("en", english)]
    for folder in OTHER_FOLDERS:
        files = articles(folder)
        chosen.append((folder, [files[0], files[len(files) // 2]] if files else []))
    return chosen


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def snapshot(article: Any) -> dict[str, Any]:
    """The analysis of ``article`` without its text (see the module docstring)."""
    data = article.to_dict()
    tokens = article.to_dict(internal=True)["tokens"]
    result: dict[str, Any] = {
        "text_sha256": sha256(data.pop("text")),
        "title_sha256": sha256(data.pop("title")),
        "lead_sha256": sha256(data.pop("lead")),
    }
    data.pop("source", None)
    for quote in data["quotes"]:
        quote["text"] = sha256(quote["text"])[:16]
    result.update(data)
    result["tokens"] = {
        "count": len(tokens),
        "sha256": sha256(json.dumps(tokens, ensure_ascii=False, sort_keys=True)),
    }
    return result


def render(data: dict[str, Any]) -> str:
    """Snapshot JSON with one annotation per line, so that diffs read well."""
    lines = ["{"]
    items = list(data.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            for index, item in enumerate(value):
                item_comma = "," if index < len(value) - 1 else ""
                lines.append(f"    {_compact(item)}{item_comma}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def same(expected: Any, actual: Any, key: str = "") -> bool:
    """Equal, persuasion scores within :data:`SCORE_TOLERANCE`."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            same(expected[k], actual[k], k) for k in expected
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            same(e, a, key) for e, a in zip(expected, actual, strict=True)
        )
    if key == "score" and isinstance(expected, float) and isinstance(actual, float):
        return abs(expected - actual) <= SCORE_TOLERANCE
    return bool(expected == actual) and type(expected) is type(actual)


def difference(case: Case, expected_text: str, actual_text: str, limit: int = 80) -> str:
    """A unified diff of the two snapshots, cut after ``limit`` lines."""
    diff = list(
        difflib.unified_diff(
            expected_text.splitlines(),
            actual_text.splitlines(),
            f"{case.snapshot_path.name} (committed)",
            f"{case.snapshot_path.name} (now)",
            lineterm="",
            n=1,
        )
    )
    cut = diff[:limit] + ([f"... ({len(diff) - limit} more lines)"] if len(diff) > limit else [])
    return "\n".join(cut)
