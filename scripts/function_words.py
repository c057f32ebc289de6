"""Write src/presswatch/lang/<code>/function_words.txt: the 50 most frequent words of
each language presswatch identifies, from wordfreq (its data is frozen since wordfreq 3.0).

    .venv/bin/python scripts/function_words.py

The language stage reads this small file instead of loading wordfreq's full
frequency lists for every language (several hundred MB in memory).
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list

from presswatch.lang import LANGUAGES, language_codes
from presswatch.lang.pack import FUNCTION_WORDS

LANG = Path(__file__).resolve().parents[1] / "src" / "presswatch" / "lang"


def main() -> None:
    for code in language_codes():
        name = LANGUAGES.get(code).name
        header = (
            f"# the most frequent words of {name} (wordfreq top_n_list, "
            "scripts/function_words.py), most frequent first"
        )
        out = LANG / code / "function_words.txt"
        out.write_text("\n".join([header, *top_n_list(code, FUNCTION_WORDS)]) + "\n", "utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
