"""A read-only index over an article's token layer, used by attribution."""

from __future__ import annotations

import bisect
from functools import cached_property, lru_cache

from presswatch.core.article import Article, Entity, Token
from presswatch.core.text import fold
from presswatch.lang import DEFAULT_LANGUAGE, language_pack
from presswatch.lang.parts import AttributionWords, Lexicon, SpeechVerb

#: Folding is the same for every occurrence of a word: remember it.
_fold_word = lru_cache(maxsize=1 << 16)(fold)

#: Tokens that close a clause when scanning a sentence.
CLAUSE_PUNCT = frozenset({";", ":", "(", ")", "—", "–"})
SENTENCE_END = frozenset({".", "!", "?", "…"})
QUOTE_MARKS = frozenset({"«", "»", '"', "“", "”", "„", "‹", "›"})


class ArticleView:
    """Token, sentence and entity lookups for one article."""

    def __init__(self, article: Article) -> None:
        self.article = article
        pack = language_pack(article.language or DEFAULT_LANGUAGE)
        assert pack.lexicon is not None and pack.attribution is not None, (
            "attribution runs only on languages with a lexicon and attribution words"
        )
        self.lexicon: Lexicon = pack.lexicon
        self.words: AttributionWords = pack.attribution
        self.single_quotes = pack.quote_marks.single_quotes
        self.mixed_marks = pack.quote_marks.mixed_marks
        self.title_case = pack.quote_marks.title_case
        self.text = article.text
        self.tokens = article.tokens
        self.starts = [t.start for t in self.tokens]
        #: Quotation spans (marks included), set once the quotations are found:
        #: a name inside one is never a speaker's antecedent.
        self.quoted = SpanSet([])
        #: Gender of entities by canonical name, filled as resolution asks.
        self.genders: dict[str, str | None] = {}
        #: Per-article work of attribution's modules, computed once.
        self.cache: dict[str, object] = {}

    # -- sentences -----------------------------------------------------------
    @cached_property
    def sentence_ranges(self) -> list[tuple[int, int]]:
        """(first token, last token + 1) of each sentence."""
        ranges: list[tuple[int, int]] = []
        for token in self.tokens:
            if token.sent >= len(ranges):
                ranges.extend([(token.i, token.i)] * (token.sent + 1 - len(ranges)))
            first, _ = ranges[token.sent]
            ranges[token.sent] = (first, token.i + 1)
        return ranges

    def sentence_of(self, index: int) -> tuple[int, int]:
        return self.sentence_ranges[self.tokens[index].sent]

    # -- indexes that keep scans short on long sentences -------------------------
    @cached_property
    def clause_stops(self) -> list[int]:
        """Indexes of the tokens a forward scan of a clause stops at (a
        sentence end, ";" or ":"), in order."""
        return [
            i for i, t in enumerate(self.tokens) if t.text in SENTENCE_END or t.text in (";", ":")
        ]

    def next_clause_stop(self, index: int) -> int:
        """The first clause stop at or after ``index`` (``len(tokens)`` if none)."""
        stops = self.clause_stops
        found = bisect.bisect_left(stops, index)
        return stops[found] if found < len(stops) else len(self.tokens)

    @cached_property
    def subject_entity_tokens(self) -> list[int]:
        """The tokens (in order) of person or organisation entities that look
        like a subject: parsed as one, or followed by a finite verb."""
        found = []
        tokens, entities = self.tokens, self.article.entities
        for position, token in enumerate(tokens):
            if token.ent < 0 or entities[token.ent].label not in ("PER", "ORG"):
                continue
            if token.dep.startswith("nsubj") or any(
                t.pos in ("VERB", "AUX") and t.feature("VerbForm") == "Fin"
                for t in tokens[position + 1 : position + 3]
            ):
                found.append(position)
        return found

    @cached_property
    def _opening_quotes_before(self) -> list[int]:
        counts = [0]
        for token in self.tokens:
            counts.append(counts[-1] + (token.text in ("«", "“")))
        return counts

    def opens_a_quote(self, first: int, last: int) -> bool:
        """True when a « or “ is among tokens ``first`` to ``last`` (inclusive)."""
        counts = self._opening_quotes_before
        return counts[last + 1] > counts[first]

    def is_parsed(self, index: int) -> bool:
        return self.article.sentences[self.tokens[index].sent].parsed

    # -- offsets -----------------------------------------------------------
    def token_at(self, offset: int) -> int:
        """Index of the token starting at or after ``offset`` (len(tokens) if none)."""
        return bisect.bisect_left(self.starts, offset)

    def token_containing(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and self.tokens[index].start <= offset < self.tokens[index].end:
            return index
        return None

    def span_text(self, first: int, last: int) -> str:
        """Text from token ``first`` to token ``last`` (inclusive)."""
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def folded(self, index: int) -> str:
        return self.folded_texts[index]

    @cached_property
    def folded_texts(self) -> list[str]:
        """Each token's text, folded (lower case, no accents)."""
        return [_fold_word(token.text) for token in self.tokens]

    def positions(self, words: frozenset[str] | set[str]) -> list[int]:
        """Indices of the tokens whose folded text is one of ``words``, in order."""
        index = self._word_index
        return sorted(i for word in words for i in index.get(word, ()))

    @cached_property
    def _word_index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i, word in enumerate(self.folded_texts):
            index.setdefault(word, []).append(i)
        return index

    # -- speech verbs ------------------------------------------------------
    def speech_verb(self, index: int, *, by_form: bool = False) -> SpeechVerb | None:
        """The speech verb at token ``index``, if it is one in this use.

        A reflexive use must match the verb's sense: "s'alarme" is speech,
        "se résume à" is not. ``by_form`` also accepts a mis-tagged word whose
        form is a speech verb's (right after a quotation)."""
        token = self.tokens[index]
        verbs = self.lexicon.speech_verbs
        is_verb = token.pos in ("VERB", "AUX")
        # "a fait savoir que": the locution, not "savoir" alone
        verb = self._multiword_verb(index)
        if verb is None and is_verb:
            verb = verbs.get(fold(token.lemma))
        if verb is None and (is_verb or by_form) and token.pos not in ("DET", "ADP", "CCONJ"):
            lemma = self.lexicon.speech_verb_forms.get(fold(token.text))
            verb = verbs.get(lemma) if lemma else None
        if verb is None or (self._is_reflexive(index) != verb.reflexive and not verb.either):
            return None
        return verb

    def verb_group_start(self, index: int) -> int:
        """First token of a multi-word speech verb ending at ``index`` ("fera
        valoir" -> "fera"), or ``index`` itself."""
        verb = self.speech_verb(index)
        if verb is None or " " not in verb.lemma:
            return index
        position = index
        for _ in verb.lemma.split()[:-1]:
            position -= 1
            while position > 0 and self.tokens[position].pos == "ADV":
                position -= 1
        return max(position, 0)

    def _multiword_verb(self, index: int) -> SpeechVerb | None:
        """ "fera valoir que", "a fait savoir que", "met en garde contre"."""
        last = fold(self.tokens[index].lemma)
        for key, verb in self.lexicon.multiword_speech_verbs.get(last, ()):
            words = key.split()[:-1]
            position = index - 1
            for word in reversed(words):
                while position >= 0 and self.tokens[position].pos == "ADV":
                    position -= 1
                if position < 0 or (
                    fold(self.tokens[position].lemma) != word and self.folded(position) != word
                ):
                    break
                position -= 1
            else:
                return verb
        return None

    def _is_reflexive(self, index: int) -> bool:
        position = index - 1
        sentence_start, _ = self.sentence_of(index)
        while position >= sentence_start and index - position <= 3:
            word = fold(self.tokens[position].text)
            if word in self.words.reflexive_pronouns:
                return True
            if word not in self.words.reflexive_gap and self.tokens[position].pos != "AUX":
                return False
            position -= 1
        return False

    # -- dependency tree (parsed sentences only) ---------------------------
    @cached_property
    def children(self) -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {}
        for token in self.tokens:
            if token.head >= 0 and token.head != token.i:
                kids.setdefault(token.head, []).append(token.i)
        return kids

    def children_of(self, index: int, *deps: str) -> list[int]:
        kids = self.children.get(index, [])
        if not deps:
            return kids
        return [
            k
            for k in kids
            if self.tokens[k].dep.split(":")[0] in deps or self.tokens[k].dep in deps
        ]

    def subtree(self, index: int, *, exclude: tuple[str, ...] = ()) -> list[int]:
        """Token indices of ``index``'s subtree, sorted, skipping children with
        a dependency label in ``exclude`` (and their subtrees)."""
        result = [index]
        stack = [index]
        while stack:
            current = stack.pop()
            for kid in self.children.get(current, []):
                if self.tokens[kid].dep in exclude or self.tokens[kid].dep.split(":")[0] in exclude:
                    continue
                result.append(kid)
                stack.append(kid)
        return sorted(result)

    # -- entities ------------------------------------------------------------
    def entity(self, token: Token) -> Entity | None:
        return self.article.entities[token.ent] if token.ent >= 0 else None

    def entities_in(self, first: int, last: int) -> list[Entity]:
        """Entities with a token in [first, last] (inclusive), in order."""
        seen: list[int] = []
        for token in self.tokens[first : last + 1]:
            if token.ent >= 0 and token.ent not in seen:
                seen.append(token.ent)
        return [self.article.entities[i] for i in seen]


class SpanSet:
    """Character spans merged and sorted, for membership tests in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(s for s in spans if s[0] < s[1]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]
