"""Plain-text tables of evaluation scores."""

from __future__ import annotations

from typing import Any


def format_scores(title: str, scores: dict[str, Any]) -> str:
    """One line per language: techniques micro-F1, genre macro-F1, frames micro-F1."""
    lines = [
        title,
        f"{'language':<9}{'articles':>9}{'paragraphs':>11}"
        f"{'techniques µF1':>16}{'genre macro-F1':>16}{'frames µF1':>12}",
    ]
    for language, s in scores.items():
        lines.append(
            f"{language:<9}{s['articles']:>9}{s['paragraphs']:>11}"
            f"{s['techniques']['f1']:>16.3f}{s['genre']['f1']:>16.3f}{s['frames']['f1']:>12.3f}"
        )
    return "\n".join(lines)
