"""The snapshot's full-text index: what a bibliographic search over a loaded snapshot
asks instead of the registry.

At ``asrefs mirror load`` each record of a registry that searches (Crossref) gets a row
in ``snapshot_search``: its title, its authors' family names, its container titles
(each folded as the match score folds them: lower case, no accents, no punctuation) and
its year. SQLite indexes the row with FTS5 (``snapshot_fts``, kept by triggers);
PostgreSQL with a weighted ``tsvector`` column under a GIN index. ``snapshot_indexed``
says how far each file's rows are written, so a snapshot loaded before the index
existed is indexed by loading its files again.

A query asks for records holding any two of the reference's four rarest words (common
words, single letters and numbers left out; how rare a word is comes from FTS5's index,
counted up to a thousand records, or from PostgreSQL's statistics of the commonest
words), ranked by FTS5's bm25 or PostgreSQL's ts_rank, the title weighted most: asking
for every word of a reference, joined by OR, would rank a large share of the records on
each query. The fielded query also requires the first author's family name among the
authors and the year within one year, as the registry's fielded search is narrowed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from asrefs.registries.crossref import clean_text, date_parts
from asrefs.resolve.match import plain_words

SOURCES = frozenset({"crossref"})  # the registries whose records are indexed: those that search
CANDIDATES = 5  # rows a query of the index gives, best first (as many as Crossref's search)
COUNTED = 1000  # records counted per word at most: beyond, a word is common, whatever its count
MAX_TERMS = 32  # words of a reference looked at, at most
RARE = 4  # the rarest words a query asks for, any two together
MAX_AUTHORS = 50  # family names indexed per record
_COMMON = (  # words too common in references to narrow a search
    "about after al als an and are as at be between by de del der des di die doi du "
    "during et for from how https in into is its la le les of on or over the their to "
    "und under using via vol was were what when which who why with within without"
)
STOP = frozenset(_COMMON.split())

# one row per record: (registry, kind, key, year, title, authors, venue)
Text = tuple[str, str, str, int | None, str, str, str]

_ROW = "registry, kind, key, year, title, authors, venue"
_SET = (
    "ON CONFLICT (registry, kind, key) DO UPDATE SET year = excluded.year, "
    "title = excluded.title, authors = excluded.authors, venue = excluded.venue"
)
UPSERT = f"INSERT INTO snapshot_search ({_ROW}) VALUES (?, ?, ?, ?, ?, ?, ?) {_SET}"
# a file indexed after it was loaded: only the records the snapshot still has from it
UPSERT_LOADED = (
    f"INSERT INTO snapshot_search ({_ROW}) SELECT registry, kind, key, CAST(? AS INTEGER), "
    "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT) FROM snapshot "
    f"WHERE registry = ? AND kind = ? AND key = ? AND provenance = ? {_SET}"
)
DELETE = "DELETE FROM snapshot_search WHERE registry = ? AND kind = ? AND key = ?"
MARK = (
    "INSERT INTO snapshot_indexed (name, done) VALUES (?, ?) "
    "ON CONFLICT (name) DO UPDATE SET done = excluded.done"
)
_FILES = (
    "CREATE TABLE IF NOT EXISTS snapshot_indexed (name TEXT PRIMARY KEY, done INTEGER NOT NULL)"
)


@dataclass(frozen=True)
class Dialect:
    """How one database keeps and asks the index: its tables; the query (``{columns}``
    the snapshot's columns, ``{year}`` the year clause or nothing; parameters: the
    expression, the registry, the years, the limit); how many records hold a word
    (``count``, up to ``COUNTED``) or the share of the commonest words (``common``, the
    planner's statistics, read once); the expression of word groups; and what follows a
    file's load."""

    schema: tuple[str, ...]
    select: str
    expression: Callable[[Sequence[Sequence[str]], Sequence[str]], str]
    count: str | None = None
    common: str | None = None
    after_load: str | None = None


def _fts5(groups: Sequence[Sequence[str]], author: Sequence[str]) -> str:
    anygroup = " OR ".join("(" + " AND ".join(f'"{w}"' for w in g) + ")" for g in groups)
    if not author:
        return anygroup
    return f'authors : "{" ".join(author)}" AND ({anygroup})'


def _tsquery(groups: Sequence[Sequence[str]], author: Sequence[str]) -> str:
    anygroup = " | ".join("(" + " & ".join(f"'{w}'" for w in g) + ")" for g in groups)
    if not author:
        return anygroup
    phrase = " <-> ".join(f"'{w}':B" for w in author)
    return f"({phrase}) & ({anygroup})"


_JOIN = "JOIN snapshot s ON s.registry = x.registry AND s.kind = x.kind AND s.key = x.key"
SQLITE = Dialect(
    schema=(
        "CREATE TABLE IF NOT EXISTS snapshot_search (id INTEGER PRIMARY KEY, registry TEXT "
        "NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, year INTEGER, title TEXT NOT NULL, "
        "authors TEXT NOT NULL, venue TEXT NOT NULL, UNIQUE (registry, kind, key))",
        "CREATE VIRTUAL TABLE IF NOT EXISTS snapshot_fts USING fts5(title, authors, venue, "
        "content='snapshot_search', content_rowid='id')",
        "CREATE TRIGGER IF NOT EXISTS snapshot_search_added AFTER INSERT ON snapshot_search "
        "BEGIN INSERT INTO snapshot_fts (rowid, title, authors, venue) "
        "VALUES (new.id, new.title, new.authors, new.venue); END",
        "CREATE TRIGGER IF NOT EXISTS snapshot_search_removed AFTER DELETE ON snapshot_search "
        "BEGIN INSERT INTO snapshot_fts (snapshot_fts, rowid, title, authors, venue) "
        "VALUES ('delete', old.id, old.title, old.authors, old.venue); END",
        "CREATE TRIGGER IF NOT EXISTS snapshot_search_changed AFTER UPDATE ON snapshot_search "
        "BEGIN INSERT INTO snapshot_fts (snapshot_fts, rowid, title, authors, venue) "
        "VALUES ('delete', old.id, old.title, old.authors, old.venue); "
        "INSERT INTO snapshot_fts (rowid, title, authors, venue) "
        "VALUES (new.id, new.title, new.authors, new.venue); END",
        _FILES,
    ),
    select=(
        "SELECT {columns} FROM (SELECT x.registry, x.kind, x.key, "
        "bm25(snapshot_fts, 4.0, 2.0, 1.0) AS score FROM snapshot_fts "
        "JOIN snapshot_search x ON x.id = snapshot_fts.rowid "
        "WHERE snapshot_fts MATCH ? AND x.registry = ? {year} ORDER BY score LIMIT ?) x "
        f"{_JOIN} ORDER BY x.score"
    ),
    expression=_fts5,
    count=(
        "SELECT COUNT(*) FROM (SELECT rowid FROM snapshot_fts WHERE snapshot_fts MATCH ? "
        f"LIMIT {COUNTED})"
    ),
)
POSTGRES = Dialect(
    schema=(
        "CREATE TABLE IF NOT EXISTS snapshot_search (registry TEXT NOT NULL, kind TEXT NOT "
        "NULL, key TEXT NOT NULL, year INTEGER, title TEXT NOT NULL, authors TEXT NOT NULL, "
        "venue TEXT NOT NULL, document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title), 'A') || "
        "setweight(to_tsvector('simple', authors), 'B') || "
        "setweight(to_tsvector('simple', venue), 'C')) STORED, "
        "PRIMARY KEY (registry, kind, key))",
        "CREATE INDEX IF NOT EXISTS snapshot_search_document ON snapshot_search "
        "USING GIN (document)",
        _FILES,
    ),
    select=(
        "SELECT {columns} FROM (SELECT x.registry, x.kind, x.key, "
        "ts_rank(x.document, q) AS score FROM snapshot_search x "
        "CROSS JOIN to_tsquery('simple', ?) q WHERE x.document @@ q AND x.registry = ? "
        f"{{year}} ORDER BY score DESC LIMIT ?) x {_JOIN} ORDER BY x.score DESC"
    ),
    expression=_tsquery,
    common=(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE tablename = 'snapshot_search' AND attname = 'document'"
    ),
    after_load="ANALYZE snapshot_search",
)
YEARS = "AND x.year BETWEEN ? AND ?"


def terms(text: str) -> list[str]:
    """The words of ``text`` a query may ask for: folded, once each, without common
    words, single letters and numbers."""
    out: list[str] = []
    for word in plain_words(text).split():
        if len(word) > 1 and not word.isdigit() and word not in STOP and word not in out:
            out.append(word)
    return out[:MAX_TERMS]


def groups(words: Sequence[str], held: dict[str, float], exact: bool) -> list[tuple[str, ...]]:
    """What a query asks: any two of the ``RARE`` words the fewest records hold (a
    misprinted word cannot hide the work; a common one cannot flood the ranking).
    ``held``: how many (or what share of) records hold each word, the longer word
    first among equals; with ``exact`` counts, a word no record holds is left out."""
    known = [w for w in words if held.get(w, 0) > 0 or not exact]
    rarest = sorted(known, key=lambda w: (held.get(w, 0), -len(w)))[:RARE]
    if len(rarest) < 2:
        return [(w,) for w in rarest]
    return list(itertools.combinations(rarest, 2))


def query(text: str, author: str | None, year: int | None) -> tuple[list[str], list[str], Any]:
    """The words, the author's words and the year range of a search (``None`` without
    a year); no words: nothing to ask."""
    years = (year - 1, year + 1) if year else None
    return terms(text), (plain_words(author).split() if author else []), years


def _first(value: Any) -> str:
    """A field's text: the string, or a list's first string (as Crossref gives titles)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value if isinstance(value, str) else ""


def _folded(*parts: str) -> str:
    """The parts as the index holds them: markup and entities gone, then folded."""
    text = " ".join(p for p in parts if p)
    if "<" in text or "&" in text:
        text = clean_text(text) or ""
    return plain_words(text)


def _family_names(authors: Any) -> str:
    names = []
    for author in authors if isinstance(authors, list) else []:
        if isinstance(author, dict):
            names.append(_first(author.get("family")) or _first(author.get("name")))
    return _folded(*names[:MAX_AUTHORS])


def _year(work: dict[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online"):
        found = date_parts(work.get(key))
        if found:
            return int(found[:4])
    return None


def crossref_text(work: dict[str, Any], key: str) -> Text:
    """The index row of a Crossref work (as the REST API and the public data file give it)."""
    title = _folded(_first(work.get("title")), _first(work.get("subtitle")))
    venue = _folded(_first(work.get("container-title")), _first(work.get("short-container-title")))
    authors = _family_names(work.get("author"))
    return ("crossref", "work", key, _year(work), title, authors, venue)
