"""A database store whose snapshot is searched: the full-text index (``fulltext``) kept
beside the ``snapshot`` table, and the bibliographic query of it.

The index is made when the store is opened (a SQLite built without FTS5 has none: its
snapshots are loaded and read, not searched), written with each chunk of a load, and
asked by :meth:`SearchableStore.search_snapshot`. How rare a word is, which chooses what
a query asks, is learnt once a run per word.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from asrefs.resolve import fulltext
from asrefs.resolve.cache import Entry, Freshness
from asrefs.resolve.store_sql import COLUMNS, SqlStore, from_row

log = logging.getLogger("asrefs")


class SearchableStore(SqlStore):
    """SQLite's or PostgreSQL's store, with the snapshot's full-text index."""

    dialect: fulltext.Dialect  # how this database keeps and asks the index

    def __init__(self, location: str, freshness: Freshness, **kwargs: Any) -> None:
        super().__init__(location, freshness, **kwargs)
        self.searchable = False  # the index's tables are there
        self._indexed: dict[str, bool] = {}  # registry -> whether the index holds its records
        self._common: dict[str, float] | None = None  # the commonest words' shares (PostgreSQL)
        self._counts: dict[str, int] = {}  # word -> records holding it, up to a limit (SQLite)

    def prepare(self) -> None:
        """The store's tables, then the index's."""
        super().prepare()
        if self.read_failed:
            return
        try:
            with self.lock, self.transaction():
                for statement in self.dialect.schema:
                    self.execute(statement)
        except self.errors as exc:
            log.debug("no full-text index in %s: %s", self.location, exc)
            return
        self.searchable = True

    # --- writing --------------------------------------------------------------------
    def index_chunk(
        self, name: str, texts: Sequence[Any], deleted: Sequence[tuple[str, str, str]], done: int
    ) -> None:
        if self.searchable:
            self.executemany(fulltext.UPSERT, texts)
            self.executemany(fulltext.DELETE, deleted)
            self.execute(fulltext.MARK, (name, done))

    def snapshot_index(
        self, name: str, texts: Sequence[fulltext.Text], provenance: str, done: int
    ) -> None:
        """Index a chunk of a file loaded before the index existed: the rows of the
        records the snapshot still holds from that file, and how far it has got."""
        rows = [(*text[3:], *text[:3], provenance) for text in texts]
        with self.guard(reading=False), self.transaction():
            self.executemany(fulltext.UPSERT_LOADED, rows)
            self.execute(fulltext.MARK, (name, done))

    def snapshot_loaded(self) -> None:
        """What the database does after a file is loaded (PostgreSQL: the statistics of
        the index's words, renewed)."""
        if self.searchable and self.dialect.after_load:
            with self.guard(reading=False):
                self.execute(self.dialect.after_load)

    def clear(self) -> int:
        removed = super().clear()
        if self.searchable:
            with self.guard(reading=False), self.transaction():
                self.execute("DELETE FROM snapshot_search")
                self.execute("DELETE FROM snapshot_indexed")
        return removed

    # --- how far the index has got --------------------------------------------------
    def snapshot_indexed(self, name: str) -> tuple[int, str | None]:
        """How many items of the file ``name`` have their rows in the full-text index,
        and the date the file was loaded with (None: not loaded)."""
        with self.guard(reading=True):
            found = self.execute(
                "SELECT i.done, f.date FROM snapshot_files f LEFT JOIN snapshot_indexed i "
                "ON i.name = f.name WHERE f.name = ?",
                (name,),
            ).fetchone()
            return (int(found[0] or 0), str(found[1])) if found else (0, None)
        return 0, None

    def snapshot_status(self) -> list[dict[str, Any]]:
        """As the store's, with ``unindexed``: the files whose index rows are not all there."""
        sources = super().snapshot_status()
        unindexed: dict[str, int] = {}
        if self.searchable and sources:
            with self.guard(reading=True):
                found = self.execute(
                    "SELECT f.source, COUNT(*) FROM snapshot_files f LEFT JOIN snapshot_indexed "
                    "i ON i.name = f.name WHERE COALESCE(i.done, 0) < f.done GROUP BY f.source"
                ).fetchall()
                unindexed = {s: int(n) for s, n in found if s in fulltext.SOURCES}
        return [{**s, "unindexed": unindexed.get(s["source"], 0)} for s in sources]

    # --- searching ------------------------------------------------------------------
    def indexes(self, registry: str) -> bool:
        """Whether the full-text index holds records of ``registry``."""
        if registry not in self._indexed:
            held = False
            if self.has_snapshot and self.searchable and not self.read_failed:
                with self.guard(reading=True):
                    sql = "SELECT 1 FROM snapshot_search WHERE registry = ? LIMIT 1"
                    held = self.execute(sql, (registry,)).fetchone() is not None
            self._indexed[registry] = held
        return self._indexed[registry]

    def search_snapshot(
        self, registry: str, text: str, author: str | None, year: int | None
    ) -> list[Entry]:
        """The snapshot's records of ``registry`` the full-text index ranks first for a
        bibliographic query (narrowed by a first author and a year within one), while
        the snapshot is young enough."""
        words, names, years = fulltext.query(text, author, year)
        if not words or not self.indexes(registry):
            return []
        columns = ", ".join(f"s.{c.strip()}" for c in COLUMNS.split(","))
        sql = self.dialect.select.format(columns=columns, year=fulltext.YEARS if years else "")
        with self.guard(reading=True):
            exact = self.dialect.count is not None
            groups = fulltext.groups(words, self._held(words), exact=exact)
            if not groups:
                return []
            params = (self.dialect.expression(groups, names), registry, *(years or ()))
            found = self.execute(sql, (*params, fulltext.CANDIDATES)).fetchall()
            entries = [from_row(values) for values in found]
            return [e for e in entries if not self.snapshot_freshness.stale(e)]
        return []

    def _held(self, words: Sequence[str]) -> dict[str, float]:
        """How many records of the index hold each word, up to a limit, counted once a
        run (or, from the database's statistics, what share of them: the commonest
        words only)."""
        count, common = self.dialect.count, self.dialect.common
        if count is not None:
            for word in words:
                if word not in self._counts:
                    self._counts[word] = int(self.execute(count, (f'"{word}"',)).fetchone()[0])
            return {w: self._counts[w] for w in words}
        if self._common is None:
            found = self.execute(common).fetchone() if common else None
            self._common = dict(zip(found[0], found[1], strict=False)) if found and found[0] else {}
        return {w: self._common[w] for w in words if w in self._common}
