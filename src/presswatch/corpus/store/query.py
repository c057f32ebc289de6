"""The search query language, parsed once and rendered for each backend.

Grammar (case of the operators matters: ``AND``, ``OR``, ``NOT``)::

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary (["AND"] unary)*          # juxtaposition means AND
    unary    := ("NOT" | "-") unary | primary
    primary  := "(" or_expr ")" | [field ":"] (word | word "*" | '"' phrase '"')
    field    := "title" | "body"

Words and phrases match accent- and case-insensitively; ``word*`` matches
every word starting with ``word``. ``NOT`` excludes: it needs a positive term
beside it (``ukraine NOT russie``), since a query of exclusions alone would
return the whole corpus. Nothing in a query ever reaches SQL as code: each
term becomes a quoted FTS5 string (SQLite) or a bound parameter
(PostgreSQL).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from presswatch.corpus.store.errors import QuerySyntaxError
from presswatch.corpus.store.types import HIGHLIGHT_END, HIGHLIGHT_START

MAX_QUERY_LENGTH = 2000
MAX_TERMS = 64
MAX_DEPTH = 16
FIELDS = ("title", "body")
_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Term:
    """A word or phrase (several words that must follow each other)."""

    text: str
    phrase: bool = False
    prefix: bool = False
    field: str | None = None


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Term | And | Or | Not


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "phrase", "(", ")", "AND", "OR", "NOT"
    text: str
    position: int
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query: :attr:`root` is the syntax tree."""

    text: str
    root: Node

    def terms(self) -> list[Term]:
        """Every term of the query, in order."""
        return list(_terms(self.root))

    def to_fts5(self) -> str:
        """The SQLite FTS5 ``MATCH`` expression (every term quoted)."""
        return _fts5(self.root)


def parse_query(text: str) -> Query:
    """Parse ``text``; raises :class:`QuerySyntaxError` explaining what is wrong."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(text, f"longer than {MAX_QUERY_LENGTH} characters")
    tokens = _tokenize(text, _clean(text))
    if not tokens:
        raise QuerySyntaxError(text, "empty query: give at least one word")
    parser = _Parser(text, tokens)
    root = parser.parse()
    terms = list(_terms(root))
    if len(terms) > MAX_TERMS:
        raise QuerySyntaxError(text, f"more than {MAX_TERMS} terms")
    _check_positive(text, root)
    return Query(text, root)


def _clean(text: str) -> str:
    """Control characters, lone surrogates and the highlight markers become
    spaces (same length, so error positions still point into ``text``)."""
    return "".join(
        " "
        if c in (HIGHLIGHT_START, HIGHLIGHT_END) or unicodedata.category(c) in ("Cc", "Cs")
        else c
        for c in text
    )


def _searchable(text: str) -> bool:
    """True when ``text`` holds a letter or a digit (what the indexes keep)."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def _tokenize(original: str, text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(_Token(c, c, i))
            i += 1
        elif c == '"':
            i = _phrase(original, text, i, None, tokens)
        else:
            i = _word(original, text, i, tokens)
    return tokens


def _phrase(original: str, text: str, i: int, field: str | None, tokens: list[_Token]) -> int:
    end = text.find('"', i + 1)
    if end < 0:
        raise QuerySyntaxError(original, 'unterminated phrase (missing closing ")', i)
    content = " ".join(text[i + 1 : end].split())
    prefix = end + 1 < len(text) and text[end + 1] == "*"
    if not _searchable(content):
        raise QuerySyntaxError(original, "empty phrase: put words between the quotes", i)
    tokens.append(_Token("phrase", content, i, field, prefix))
    return end + 2 if prefix else end + 1


def _word(original: str, text: str, i: int, tokens: list[_Token]) -> int:
    start = i
    n = len(text)
    while i < n and not text[i].isspace() and text[i] not in '()"':
        i += 1
    word = text[start:i]
    if word in _OPERATORS:
        tokens.append(_Token(word, word, start))
        return i
    if word.startswith("-") and len(word) > 1 and (not tokens or tokens[-1].kind != "NOT"):
        tokens.append(_Token("NOT", "-", start))
        word = word[1:]
        start += 1
    field = None
    name, colon, rest = word.partition(":")
    if colon and name.lower() in FIELDS:
        field = name.lower()
        word = rest
        if not word:
            if i < n and text[i] == '"':
                return _phrase(original, text, i, field, tokens)
            raise QuerySyntaxError(
                original, f"'{name}:' must be followed by a word or a phrase", start
            )
    prefix = word.endswith("*")
    word = word.replace("*", " ").strip()
    if not _searchable(word):
        if word or prefix:
            raise QuerySyntaxError(
                original, f"{text[start:i]!r} has no letter or digit to search for", start
            )
        raise QuerySyntaxError(original, f"{text[start:i]!r} is not a searchable word", start)
    tokens.append(_Token("word", word, start, field, prefix))
    return i


class _Parser:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def parse(self) -> Node:
        node = self._or()
        if self.i < len(self.tokens):
            token = self.tokens[self.i]
            if token.kind == ")":
                raise QuerySyntaxError(self.text, "unbalanced ')'", token.position)
            raise QuerySyntaxError(self.text, f"unexpected {token.text!r}", token.position)
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _or(self) -> Node:
        parts = [self._and()]
        while (token := self._peek()) is not None and token.kind == "OR":
            self.i += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _and(self) -> Node:
        parts = [self._unary()]
        while (token := self._peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.i += 1
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def _unary(self) -> Node:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError(self.text, "the query ends where a word was expected")
        if token.kind == "NOT":
            self.i += 1
            return Not(self._unary())
        if token.kind == "(":
            return self._group(token)
        if token.kind in ("word", "phrase"):
            self.i += 1
            return Term(token.text, token.kind == "phrase", token.prefix, token.field)
        raise QuerySyntaxError(
            self.text, f"{token.text!r} where a word was expected", token.position
        )

    def _group(self, opening: _Token) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(self.text, f"parentheses nested deeper than {MAX_DEPTH}")
        self.i += 1
        if (token := self._peek()) is not None and token.kind == ")":
            raise QuerySyntaxError(self.text, "empty parentheses", opening.position)
        node = self._or()
        closing = self._peek()
        if closing is None or closing.kind != ")":
            raise QuerySyntaxError(self.text, "unbalanced '(' (missing ')')", opening.position)
        self.i += 1
        self.depth -= 1
        return node


def _terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return _terms(node.part)
    return [t for part in node.parts for t in _terms(part)]


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(p) for p in node.parts)
    return all(_has_positive(p) for p in node.parts)


def _check_positive(text: str, node: Node) -> None:
    """Every alternative must contain a term that is not excluded."""
    if not _has_positive(node):
        raise QuerySyntaxError(
            text, "NOT only excludes: add a word to search for (e.g. 'ukraine NOT russie')"
        )
    if isinstance(node, Not):  # pragma: no cover - excluded by _has_positive
        return
    if isinstance(node, And | Or):
        for part in node.parts:
            if isinstance(part, Not):
                _check_positive_inside(text, part.part)
            else:
                _check_positive(text, part)


def _check_positive_inside(text: str, node: Node) -> None:
    """An excluded group may itself exclude, but each alternative needs a term."""
    if isinstance(node, Term):
        return
    if isinstance(node, Not):
        raise QuerySyntaxError(text, "double negation (NOT NOT) is not supported")
    _check_positive(text, node)


def _quote(term: Term) -> str:
    words = " ".join(term.text.split())
    quoted = '"' + words.replace('"', '""') + '"'
    if term.prefix:
        quoted += "*"
    if term.field:
        quoted = f"{term.field} : {quoted}"
    return quoted


def _fts5(node: Node) -> str:
    if isinstance(node, Term):
        return _quote(node)
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts5(p) for p in node.parts) + ")"
    if isinstance(node, And):
        positive = [p for p in node.parts if not isinstance(p, Not)]
        negative = [p.part for p in node.parts if isinstance(p, Not)]
        expression = "(" + " AND ".join(_fts5(p) for p in positive) + ")"
        for part in negative:
            expression += " NOT " + _fts5(part)
        return expression
    raise AssertionError("a NOT outside an AND is rejected by the parser")
