"""Write src/presswatch/data/function_words.tsv: the 50 most frequent words of each
language presswatch identifies, from wordfreq (its data is frozen since wordfreq 3.0).

    .venv/bin/python scripts/function_words.py

The language stage reads this small file instead of loading wordfreq's full
frequency lists for fourteen languages (several hundred MB in memory).
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list

from presswatch.stages.language import FUNCTION_WORDS, LANGUAGES

OUT = Path(__file__).resolve().parents[1] / "src" / "presswatch" / "data" / "function_words.tsv"


def main() -> None:
    lines = ["# language<TAB>its most frequent words (wordfreq top_n_list), space-separated"]
    for code in LANGUAGES:
        lines.append(code + "\t" + " ".join(top_n_list(code, FUNCTION_WORDS)))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
