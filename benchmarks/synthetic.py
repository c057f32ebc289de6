"""A synthetic corpus of stored articles, without analysing anything: for
measuring the store at a million articles.

    python -m benchmarks.synthetic --articles 1000000 --out DIR [--shard 10000]

Each article is recombined from the SemEval-2023 Task 3 training texts
(../shared, six languages: French half of the corpus, the others in their
training proportions): a title of the
language, 18 to 40 sentences drawn from all the training sentences of that
language in paragraphs of 2 to 5, one of 300 outlets (Zipf-distributed), a date
over five years, a URL. Its annotations are those of a real analysis: the
golden snapshot (tests/golden) of an analysed training article of the same
language gives the counts, kinds, labels, offsets (scaled to the new text),
techniques, genre and frames; the names (speakers, sources, entities) are
drawn, Zipf-distributed, from about 30,000 capitalised word pairs of the
training texts, so the facets have a realistic long tail. The MinHash
signature is computed from the text, as ingest does.

The articles are written as Parquet shards (:mod:`presswatch.corpus.shards`)
of ``--shard`` articles, under ``--out`` (outside the repository: the texts
are never committed); ``benchmarks.scale`` loads them into a store.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from benchmarks._common import ROOT, SEMEVAL

LANGUAGES = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
OUTLETS = 300
NAMES = 30_000
_SENTENCE = re.compile(r"(?<=[.!?»\"])\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ«\"])")
_NAME = re.compile(r"\b([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,} [A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,})\b")


@dataclass
class Pool:
    language: str
    titles: list[str]
    sentences: list[str]
    templates: list[dict[str, Any]]


@cache
def load_pools() -> tuple[list[Pool], list[str]]:
    """Sentences and titles per language, annotation templates (golden
    snapshots) per language, and the pool of names."""
    templates: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((ROOT / "tests" / "golden").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if data.get("paragraphs"):
            templates.setdefault(data.get("language") or "xx", []).append(data)
    names: Counter[str] = Counter()
    pools = []
    for folder, code in LANGUAGES.items():
        titles: list[str] = []
        sentences: list[str] = []
        for path in sorted((SEMEVAL / folder / "train-articles").glob("*.txt")):
            lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
            if len(lines) < 2:
                continue
            titles.append(lines[0])
            for line in lines[1:]:
                sentences.extend(s for s in _SENTENCE.split(line) if len(s) >= 30)
                names.update(_NAME.findall(line))
        own = templates.get(code) or templates.get("en") or next(iter(templates.values()))
        pools.append(Pool(code, titles, sentences, own))
    return pools, [name for name, _ in names.most_common(NAMES)]


class Generator:
    def __init__(self, seed: int = 20220131) -> None:
        self.pools, self.names = load_pools()
        # French, the tool's first language, is half the corpus; the other
        # languages share the rest in their training proportions
        others = sum(len(p.titles) for p in self.pools if p.language != "fr")
        self.weights = [others if p.language == "fr" else len(p.titles) for p in self.pools]
        self.rng = random.Random(seed)
        self.start = date(2019, 1, 1)
        # Zipf-like: rank r drawn with weight 1/r
        self.name_weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.names))))
        self.outlet_weights = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(OUTLETS)))

    def article(self, n: int) -> Any:
        from presswatch.readers.compose import compose_article

        rng = self.rng
        pool = rng.choices(self.pools, self.weights)[0]
        sentences = rng.sample(pool.sentences, rng.randint(18, 40))
        chosen = list(sentences)
        paragraphs = []
        while sentences:
            take = rng.randint(2, 5)
            paragraphs.append(" ".join(sentences[:take]))
            sentences = sentences[take:]
        outlet = rng.choices(range(OUTLETS), cum_weights=self.outlet_weights)[0]
        published = self.start + timedelta(days=rng.randrange(5 * 365))
        article = compose_article(
            title=rng.choice(pool.titles),
            body=paragraphs,
            url=f"https://outlet-{outlet:03d}.example/{published:%Y/%m/%d}/a{n}",
            outlet=f"Outlet {outlet:03d}",
            published=published.isoformat(),
            source=f"synthetic:{n}",
            format="json",
        )
        self.annotate(article, rng.choice(pool.templates), pool.language)
        article_words = [w for piece in (article.title, *chosen) for w in _words(piece)]
        return article, signature(article_words)

    def annotate(self, article: Any, template: dict[str, Any], language: str) -> None:
        """Copy a real analysis onto ``article``: its annotations, offsets
        scaled to the new text, names replaced by draws from the pool."""
        from presswatch.core.article import (
            DateMention,
            Entity,
            Label,
            Quantity,
            Quote,
            Sentence,
            Source,
            Technique,
            Unavailable,
        )

        length = len(article.text)
        template_length = max(p["end"] for p in template["paragraphs"])
        scale = length / max(template_length, 1)
        names: dict[str, str] = {}

        def name(original: str | None) -> str | None:
            if not original:
                return original
            if original not in names:
                names[original] = self.rng.choices(self.names, cum_weights=self.name_weights)[0]
            return names[original]

        def span(item: dict[str, Any]) -> dict[str, Any]:
            item = dict(item)
            for key in ("start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end"):
                if isinstance(item.get(key), int):
                    item[key] = min(int(item[key] * scale), length)
            return item

        article.language = language
        article.language_confidence = template.get("language_confidence")
        article.sentences = [Sentence(**s) for s in _sentences(article.text, article.paragraphs)]
        article.entities = [
            Entity(**{**span(e), "canonical": name(e["canonical"])}) for e in template["entities"]
        ]
        article.quotes = [
            Quote(**{**span(q), "speaker": name(q.get("speaker")), "parts": []})
            for q in template["quotes"]
        ]
        article.sources = [Source(**{**s, "name": name(s["name"])}) for s in template["sources"]]
        article.quantities = [Quantity(**span(q)) for q in template["quantities"]]
        article.dates = [DateMention(**span(d)) for d in template["dates"]]
        last = max(len(article.paragraphs) - 1, 0)
        article.techniques = [
            Technique(**{**span(t), "paragraph": min(t["paragraph"], last)})
            for t in template["techniques"]
        ]
        article.genre = Label(**template["genre"]) if template["genre"] else None
        article.frames = [Label(**f) for f in template["frames"]]
        article.stages = list(template["stages"])
        article.unavailable = [
            Unavailable(u["feature"], u["reason"]) for u in template["unavailable"]
        ]


def _sentences(text: str, paragraphs: list[Any]) -> list[dict[str, Any]]:
    spans = []
    for paragraph in paragraphs:
        position = paragraph.start
        for piece in _SENTENCE.split(text[paragraph.start : paragraph.end]):
            start = text.find(piece, position)
            if start < 0:
                continue
            spans.append({"start": start, "end": start + len(piece), "parsed": False})
            position = start + len(piece)
    return spans


@lru_cache(maxsize=500_000)
def _words(piece: str) -> tuple[str, ...]:
    """The words MinHash shingles are made of (as ``fingerprints.shingles``
    reads them), cached per sentence: sentences recur across articles."""
    from presswatch.core.text import fold
    from presswatch.corpus.fingerprints import _WORD

    return tuple(_WORD.findall(fold(piece)))


def signature(words: list[str]) -> tuple[int, ...] | None:
    """``fingerprints.minhash_signature`` of a text, from its words."""
    from presswatch.corpus.fingerprints import MIN_WORDS, SHINGLE_SIZE, _template

    if len(words) < MIN_WORDS:
        return None
    shingles = {
        " ".join(words[i : i + SHINGLE_SIZE]).encode("utf-8", "surrogatepass")
        for i in range(len(words) - SHINGLE_SIZE + 1)
    }
    minhash = _template().copy()
    minhash.update_batch(list(shingles))
    return tuple(int(v) for v in minhash.hashvalues)


def record(made: tuple[Any, tuple[int, ...] | None]) -> Any:
    from presswatch.corpus.fingerprints import canonical_url, content_hash
    from presswatch.corpus.store.types import Record

    article, article_signature = made
    return Record(
        article, canonical_url(article.url), content_hash(article.text), article_signature
    )


def write_shards(
    out: Path, articles: int, shard: int, seed: int = 20220131, *, part: int = 0, parts: int = 1
) -> list[Path]:
    """Write (or keep, when present) the shards of ``articles`` synthetic articles."""
    from presswatch.corpus.shards import write_shard

    out.mkdir(parents=True, exist_ok=True)
    generator: Generator | None = None
    paths = []
    for number, first in enumerate(range(0, articles, shard)):
        path = out / f"synthetic-{number:05d}.parquet"
        paths.append(path)
        if path.exists() or number % parts != part:
            continue
        generator = Generator(seed + number)  # each shard reproducible on its own
        started = time.perf_counter()
        count = min(shard, articles - first)
        write_shard(path, (record(generator.article(first + k)) for k in range(count)))
        print(f"{path.name}: {count} articles in {time.perf_counter() - started:.1f} s", flush=True)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--shard", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--part",
        default="0/1",
        help="K/N: write only every N-th shard from the K-th (parallel runs)",
    )
    args = parser.parse_args()
    part, parts = (int(x) for x in args.part.split("/"))
    write_shards(args.out, args.articles, args.shard, part=part, parts=parts)


if __name__ == "__main__":
    main()
