"""Corpus-wide identities in the database: kept up to date as articles are
stored, looked up by the filters, listed with their variants.

Tables (schema version 4): ``identity_names`` holds every name variant
(``key``: its folded spelling, the ``key`` of ``article_facets``), the
spelling shown (the most frequent in ``identity_spellings``), its ``block``
(surname) and ``org_key``, how many of its occurrences were typed as a
person or otherwise, and its ``identity``;
``identities`` holds each identity (integer ``id``, ``key``, display
``name``, ``class``); ``identity_links`` the equivalences articles state
(both directions); ``article_facets.identity`` repeats the identity of each
name row, so that counting and filtering by identity is one indexed column.

When articles are stored, :func:`update_identities` records their names,
then decides again the identities of every variant that could be affected —
those sharing a surname or an organisation key with a new name, or linked to
one, transitively — with the pure rules of :mod:`presswatch.corpus.store.names`,
and moves the variants whose identity changed (re-linking), all in the
transaction that stores the articles. The result is the identities a
resolution of the whole corpus at once would give (the tests check this for
every ingest order).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from presswatch.corpus.store.counts import rebuild_counts
from presswatch.corpus.store.names import (
    Variant,
    better_spelling,
    block_of,
    org_key,
    resolve,
)
from presswatch.corpus.store.rows import NAME_KINDS, FacetRow, storable

if TYPE_CHECKING:
    from presswatch.corpus.store.base import SQLStore

#: Values per ``IN (…)`` list (well under SQLite's and PostgreSQL's limits).
CHUNK = 500
_KINDS_SQL = "kind IN (" + ", ".join(f"'{kind}'" for kind in NAME_KINDS) + ")"
_NAME_COLUMNS = "key, value, persons, others, untyped, identity"


@dataclass
class _Tally:
    """What some articles say of one name: its spellings and type votes."""

    spellings: Counter[str] = field(default_factory=Counter)
    persons: int = 0
    others: int = 0
    untyped: int = 0

    def add(self, value: str, person: bool | None) -> None:
        self.spellings[value] += 1
        if person is None:
            self.untyped += 1
        elif person:
            self.persons += 1
        else:
            self.others += 1

    def merge(self, other: _Tally) -> None:
        self.spellings.update(other.spellings)
        self.persons += other.persons
        self.others += other.others
        self.untyped += other.untyped


def shown_spelling(spellings: dict[str, int]) -> str:
    """The spelling shown for a name: the most frequent, ties broken by
    :func:`~presswatch.corpus.store.names.better_spelling` (order-independent)."""
    best = max(spellings.values())
    return functools.reduce(better_spelling, sorted(v for v, n in spellings.items() if n == best))


@dataclass
class IdentityUpdate:
    """What one update did: the identity id of every name key it saw, and
    how many variants moved to another identity."""

    ids: dict[str, int] = field(default_factory=dict)
    relinked: int = 0
    #: The identities that gained or lost a variant already used by stored
    #: articles, or were deleted: their article counts must be taken again.
    touched: set[int] = field(default_factory=set)


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def tally(rows: Iterable[FacetRow]) -> dict[str, _Tally]:
    """The name observations of facet rows, per name key."""
    tallies: dict[str, _Tally] = {}
    for row in rows:
        if row.kind not in NAME_KINDS:
            continue
        tallies.setdefault(row.key, _Tally()).add(row.value, row.person)
    return tallies


def update_identities(
    db: SQLStore,
    rows: Sequence[FacetRow],
    links: Iterable[tuple[str, str]],
    withdrawn: Sequence[FacetRow] = (),
) -> IdentityUpdate:
    """Record the names of newly stored articles (their facet rows) and the
    equivalences they state, take away the names of ``withdrawn`` rows (the
    stored versions of replaced articles: a name no article uses any more
    is forgotten), and bring every affected identity up to date. Runs
    inside the caller's transaction. (The equivalences a replaced version
    stated are kept: the store does not count who states them.)"""
    db._lock_identities()
    tallies = tally(rows)
    removed = tally(withdrawn)
    links = sorted({(a, b) for a, b in links if a and b and a != b})
    _record_names(db, tallies)
    _record_links(db, links)
    orphans = _withdraw_names(db, removed) if removed else set()
    seeds = set(tallies) | set(removed) | {key for pair in links for key in pair}
    update = _relink(db, seeds, wanted=set(tallies))
    db._executemany(
        "DELETE FROM identities WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM identity_names WHERE identity = ?)",
        [(old, old) for old in sorted(orphans)],
    )
    return update


def _withdraw_names(db: SQLStore, removed: dict[str, _Tally]) -> set[int]:
    """Subtract the tallies from the votes and spellings; delete the names
    left with no occurrence. Returns the identities of the deleted names."""
    keys = sorted(removed)
    db._executemany(
        "UPDATE identity_spellings SET count = count - ? WHERE key = ? AND value = ?",
        [
            (count, key, storable(value))
            for key in keys
            for value, count in sorted(removed[key].spellings.items())
        ],
    )
    db._execute("DELETE FROM identity_spellings WHERE count <= 0")
    db._executemany(
        "UPDATE identity_names SET persons = persons - ?, others = others - ?, "
        "untyped = untyped - ? WHERE key = ?",
        [(t.persons, t.others, t.untyped, key) for key, t in sorted(removed.items())],
    )
    orphans: set[int] = set()
    gone: list[str] = []
    for part in chunks(keys):
        marks = ", ".join("?" for _ in part)
        for key, identity in db._execute(
            f"SELECT key, identity FROM identity_names WHERE key IN ({marks}) "
            "AND persons + others + untyped <= 0",
            list(part),
        ).fetchall():
            gone.append(str(key))
            if identity is not None:
                orphans.add(int(identity))
    db._executemany("DELETE FROM identity_names WHERE key = ?", [(key,) for key in gone])
    _respell(db, sorted(set(keys) - set(gone)))
    return orphans


def _respell(db: SQLStore, keys: list[str]) -> None:
    """Bring the shown spelling of the names up to date with their spellings."""
    spellings: dict[str, dict[str, int]] = {}
    for part in chunks(keys):
        marks = ", ".join("?" for _ in part)
        for key, value, count in db._execute(
            f"SELECT key, value, count FROM identity_spellings WHERE key IN ({marks})", list(part)
        ).fetchall():
            spellings.setdefault(str(key), {})[str(value)] = int(count)
    db._executemany(
        "UPDATE identity_names SET value = ? WHERE key = ?",
        [(shown_spelling(spellings[key]), key) for key in keys if key in spellings],
    )


def _record_names(db: SQLStore, tallies: dict[str, _Tally]) -> None:
    """Add the tallies to ``identity_names`` (votes) and ``identity_spellings``,
    and bring each name's shown spelling up to date."""
    keys = sorted(tallies)
    db._executemany(
        "INSERT INTO identity_spellings (key, value, count) VALUES (?, ?, ?) "
        "ON CONFLICT (key, value) DO UPDATE SET count = identity_spellings.count + excluded.count",
        [
            (key, storable(value), count)
            for key in keys
            for value, count in sorted(tallies[key].spellings.items())
        ],
    )
    spellings: dict[str, dict[str, int]] = {}
    existing: set[str] = set()
    for part in chunks(keys):
        marks = ", ".join("?" for _ in part)
        for key, value, count in db._execute(
            f"SELECT key, value, count FROM identity_spellings WHERE key IN ({marks})", list(part)
        ).fetchall():
            spellings.setdefault(str(key), {})[str(value)] = int(count)
        existing |= {
            str(key)
            for (key,) in db._execute(
                f"SELECT key FROM identity_names WHERE key IN ({marks})", list(part)
            ).fetchall()
        }
    inserts = []
    updates = []
    for key in keys:
        new = tallies[key]
        value = shown_spelling(spellings[key])
        if key in existing:
            updates.append((value, new.persons, new.others, new.untyped, key))
        else:
            inserts.append(
                (key, value, block_of(key), org_key(key), new.persons, new.others, new.untyped)
            )
    db._executemany(
        "INSERT INTO identity_names (key, value, block, org_key, persons, others, untyped) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    db._executemany(
        "UPDATE identity_names SET value = ?, persons = persons + ?, others = others + ?, "
        "untyped = untyped + ? WHERE key = ?",
        updates,
    )


def _record_links(db: SQLStore, links: list[tuple[str, str]]) -> None:
    db._executemany(
        "INSERT INTO identity_links (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [pair for a, b in links for pair in ((a, b), (b, a))],
    )


@dataclass
class _Neighbourhood:
    """The variants whose identities must be decided together."""

    variants: dict[str, Variant] = field(default_factory=dict)
    current: dict[str, int | None] = field(default_factory=dict)
    links: set[tuple[str, str]] = field(default_factory=set)


def _neighbourhood(db: SQLStore, seeds: set[str]) -> _Neighbourhood:
    """Every variant sharing a block or an organisation key with the seeds,
    or linked to them, transitively; and the links among them. (A link may
    name a key no article uses as a facet value: it still joins the keys
    on either side.)"""
    found = _Neighbourhood()
    seen: dict[str, set[str]] = {"key": set(), "block": set(), "org_key": set()}
    linked_from: set[str] = set()
    pending: dict[str, set[str]] = {
        "key": set(seeds),
        "block": {block_of(key) for key in seeds},
        "org_key": set(),
    }
    while any(pending.values()):
        pending["org_key"] |= {org_key(key) for key in pending["key"]}
        rows: list[tuple[Any, ...]] = []
        for column, values in pending.items():
            values -= seen[column]
            seen[column] |= values
            rows += _names_where(db, column, values)
        link_keys = set(pending["key"])
        pending = {"key": set(), "block": set(), "org_key": set()}
        for key, value, persons, others, untyped, identity in rows:
            key = str(key)
            if key in found.variants:
                continue
            found.variants[key] = Variant(key, str(value), int(persons), int(others), int(untyped))
            found.current[key] = int(identity) if identity is not None else None
            link_keys.add(key)
            pending["block"].add(block_of(key))
            pending["org_key"].add(org_key(key))
        for a, b in _links_from(db, sorted(link_keys - linked_from)):
            found.links.add((a, b))
            pending["key"].add(b)
        linked_from |= link_keys
    return found


def _names_where(db: SQLStore, column: str, values: set[str]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for part in chunks(sorted(values)):
        marks = ", ".join("?" for _ in part)
        rows += db._execute(
            f"SELECT {_NAME_COLUMNS} FROM identity_names WHERE {column} IN ({marks})", list(part)
        ).fetchall()
    return rows


def _links_from(db: SQLStore, keys: list[str]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for part in chunks(keys):
        marks = ", ".join("?" for _ in part)
        pairs += [
            (str(a), str(b))
            for a, b in db._execute(
                f"SELECT a, b FROM identity_links WHERE a IN ({marks})", list(part)
            ).fetchall()
        ]
    return pairs


def _relink(db: SQLStore, seeds: set[str], wanted: set[str]) -> IdentityUpdate:
    found = _neighbourhood(db, seeds)
    resolution = resolve(found.variants.values(), found.links)
    ids = _identity_ids(db, resolution.names, resolution.classes)
    update = IdentityUpdate()
    moved: list[tuple[int, str]] = []
    relinked: list[tuple[int, str]] = []
    for key, identity_key in resolution.identity.items():
        new = ids[identity_key]
        old = found.current[key]
        if old != new:
            moved.append((new, key))
            if old is not None:
                relinked.append((new, key))
                update.touched |= {old, new}
        if key in wanted:
            update.ids[key] = new
    db._executemany("UPDATE identity_names SET identity = ? WHERE key = ?", moved)
    db._executemany(
        f"UPDATE article_facets SET identity = ? WHERE {_KINDS_SQL} AND key = ?", relinked
    )
    update.relinked = len(relinked)
    stale = {old for old in found.current.values() if old is not None} - set(ids.values())
    update.touched |= stale
    db._executemany(
        "DELETE FROM identities WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM identity_names WHERE identity = ?)",
        [(old, old) for old in sorted(stale)],
    )
    return update


def _identity_ids(db: SQLStore, names: dict[str, str], classes: dict[str, str]) -> dict[str, int]:
    """The id of each identity key, creating the missing ones; names and
    classes brought up to date."""
    keys = sorted(names)
    ids: dict[str, int] = {}
    current: dict[str, tuple[str, str]] = {}
    for part in chunks(keys):
        marks = ", ".join("?" for _ in part)
        for identity, key, name, kind in db._execute(
            f"SELECT id, key, name, class FROM identities WHERE key IN ({marks})", list(part)
        ).fetchall():
            ids[str(key)] = int(identity)
            current[str(key)] = (str(name), str(kind))
    missing = [key for key in keys if key not in ids]
    db._executemany(
        "INSERT INTO identities (key, name, class) VALUES (?, ?, ?)",
        [(key, storable(names[key]), classes[key]) for key in missing],
    )
    for part in chunks(missing):
        marks = ", ".join("?" for _ in part)
        for identity, key in db._execute(
            f"SELECT id, key FROM identities WHERE key IN ({marks})", list(part)
        ).fetchall():
            ids[str(key)] = int(identity)
    db._executemany(
        "UPDATE identities SET name = ?, class = ? WHERE id = ?",
        [
            (storable(names[key]), classes[key], ids[key])
            for key in keys
            if key in current and current[key] != (names[key], classes[key])
        ],
    )
    return ids


def lookup_identities(db: SQLStore, values: Sequence[str]) -> list[int]:
    """The identities a filter's names designate: the identity of each name
    the corpus holds; for a name it does not hold, the identity the rules
    would give it among the names sharing its surname or organisation key
    ("Antony J. Blinken" finds "Antony Blinken"). Unknown names designate
    nothing. Index lookups only."""
    from presswatch.corpus.store.rows import name_key

    keys = sorted({name_key(v) for v in values if name_key(v)})
    found: dict[str, int] = {}
    for part in chunks(keys):
        marks = ", ".join("?" for _ in part)
        for key, identity in db._execute(
            f"SELECT key, identity FROM identity_names WHERE key IN ({marks})", list(part)
        ).fetchall():
            if identity is not None:
                found[str(key)] = int(identity)
    for key in keys:
        if key not in found and (identity := _hypothetical(db, key)) is not None:
            found[key] = identity
    return sorted(set(found.values()))


def _hypothetical(db: SQLStore, key: str) -> int | None:
    """The stored identity ``key`` would join if it were a stored name: as
    a person, else as an organisation."""
    found = _neighbourhood(db, {key})
    for as_person in (True, False):
        variants = dict(found.variants)
        variants[key] = Variant(key, key, persons=int(as_person), others=int(not as_person))
        resolution = resolve(variants.values(), found.links)
        target = resolution.identity[key]
        for other, identity_key in resolution.identity.items():
            current = found.current.get(other)
            if other != key and identity_key == target and current is not None:
                return current
    return None


def rebuild_identities(db: SQLStore) -> int:
    """Decide every identity from scratch (the migration to schema version 4
    and after a change of the rules or lists): names and their votes are
    read again from every stored article. Returns the number of names."""
    from presswatch.corpus.store.rows import decode_article, facet_rows, stated_links

    db._execute("UPDATE article_facets SET identity = NULL WHERE " + _KINDS_SQL)
    db._execute("DELETE FROM identity_links")
    db._execute("UPDATE identity_names SET identity = NULL")
    db._execute("DELETE FROM identity_names")
    db._execute("DELETE FROM identity_spellings")
    db._execute("DELETE FROM identities")
    tallies: dict[str, _Tally] = {}
    links: set[tuple[str, str]] = set()
    for (data,) in db._stream("SELECT data FROM articles ORDER BY num"):
        article = decode_article(bytes(data))
        for key, entry in tally(facet_rows(article)).items():
            tallies.setdefault(key, _Tally()).merge(entry)
        links.update(stated_links(article))
    record_resolution(db, tallies, links)
    db._execute(
        "UPDATE article_facets SET identity = (SELECT n.identity FROM identity_names n "
        f"WHERE n.key = article_facets.key) WHERE {_KINDS_SQL}"
    )
    if "facet_counts" in db._tables():  # schema version 5 and later
        rebuild_counts(db)
    return len(tallies)


def record_resolution(
    db: SQLStore, tallies: dict[str, _Tally], links: Iterable[tuple[str, str]]
) -> None:
    """Record every name (``tallies``: what the whole corpus says of each)
    and the stated ``links`` in empty identity tables, and give each name its
    identity, decided at once (:func:`rebuild_identities`, and bulk loads
    that tally the names as they write the articles)."""
    links = sorted(set(links))
    _record_names(db, tallies)
    _record_links(db, sorted(links))
    variants = [
        Variant(k, shown_spelling(t.spellings), t.persons, t.others, t.untyped)
        for k, t in tallies.items()
    ]
    pairs = {(a, b) for a, b in links} | {(b, a) for a, b in links}
    resolution = resolve(variants, pairs)
    ids = _identity_ids(db, resolution.names, resolution.classes)
    db._executemany(
        "UPDATE identity_names SET identity = ? WHERE key = ?",
        [(ids[identity_key], key) for key, identity_key in resolution.identity.items()],
    )
