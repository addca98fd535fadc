"""The store in a database: what SQLite and PostgreSQL share.

Two tables hold entries of the same shape as the per-record JSON files: ``entries``, the
cache (what the registries answered, with its fetch time), and ``snapshot``, records
loaded from the registries' public data files (``asrefs mirror load``; their ``fetched``
is the snapshot's date and their provenance names the file). ``snapshot_files`` says
how far each file's load has got, so a killed load resumes. The snapshot's full-text
index (``fulltext``: FTS5 or a tsvector) is written with it, chunk by chunk. A look-up reads the
snapshot first (while it is younger than ``snapshot_max_age``), then the cache.

During a run a database error never ends the run: it is said once and the run goes on
without the store (a full disk: nothing more is written; anything else: nothing more is
read either). The cache commands (``strict``) raise a CacheError instead.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from asrefs.errors import CacheError
from asrefs.resolve import fulltext
from asrefs.resolve.cache import Entry, Freshness, now_iso

log = logging.getLogger("asrefs")

COLUMNS = (
    "registry, kind, key, status, payload, url, fetched, provenance, content_type, parsed, "
    "parsed_by"
)
_TABLE = (
    "(registry TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL, "
    "payload TEXT NOT NULL, url TEXT, fetched TEXT, provenance TEXT, content_type TEXT, "
    "parsed TEXT, parsed_by TEXT, PRIMARY KEY (registry, kind, key))"
)
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS entries {_TABLE}",
    f"CREATE TABLE IF NOT EXISTS snapshot {_TABLE}",
    "CREATE TABLE IF NOT EXISTS snapshot_files (name TEXT PRIMARY KEY, source TEXT NOT NULL, "
    "date TEXT NOT NULL, done INTEGER NOT NULL, complete INTEGER NOT NULL, loaded TEXT)",
)
_UPSERT = (
    "INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (registry, kind, key) DO UPDATE SET status = excluded.status, "
    "payload = excluded.payload, url = excluded.url, fetched = excluded.fetched, "
    "provenance = excluded.provenance, content_type = excluded.content_type, "
    "parsed = excluded.parsed, parsed_by = excluded.parsed_by"
)
_SELECT = "SELECT {columns} FROM {table} WHERE registry = ? AND kind = ? AND key = ?"
SNAPSHOT = "snapshot"  # the provenance of every snapshot record starts with this


def row(entry: Entry) -> tuple[Any, ...]:
    parsed = None if entry.parsed is None else json.dumps(entry.parsed, ensure_ascii=False)
    return (
        entry.registry,
        entry.kind,
        entry.key,
        entry.status,
        entry.payload,
        entry.url,
        entry.fetched,
        entry.provenance,
        entry.content_type,
        parsed,
        entry.parsed_by,
    )


def from_row(values: Sequence[Any]) -> Entry:
    registry, kind, key, status, payload, url, fetched, provenance, content_type = values[:9]
    return Entry(
        registry,
        kind,
        key,
        int(status),
        payload,
        url,
        fetched,
        provenance,
        content_type,
        parsed=json.loads(values[9]) if values[9] else None,
        parsed_by=values[10],
    )


def _cutoff(days: float) -> str:
    stamp = datetime.now(timezone.utc) - timedelta(days=days)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


class SqlStore:
    """The store in one database connection, shared by the run's threads."""

    errors: tuple[type[Exception], ...] = ()
    name = "database"
    dialect: fulltext.Dialect | None = None  # how this database keeps the full-text index

    def __init__(
        self,
        location: str,
        freshness: Freshness,
        *,
        snapshot_max_age: float = 365.0,
        strict: bool = False,
    ) -> None:
        self.location = location
        self.freshness = freshness
        age = snapshot_max_age if freshness.ttl_days >= 0 else -1.0  # -1: --refresh
        self.snapshot_freshness = Freshness(age, age, freshness.ignore_ttl)
        self.strict = strict
        self.lock = threading.RLock()
        self.read_failed = self.write_failed = False
        self.has_snapshot = False
        self.searchable = False  # the full-text index's tables are there
        self._indexed: dict[str, bool] = {}  # registry -> whether the index holds its records
        self._common: dict[str, float] | None = None  # the commonest words' shares (PostgreSQL)
        self._counts: dict[str, int] = {}  # word -> records holding it, up to a limit (SQLite)

    # --- what each database does its own way ------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager[Any]:
        raise NotImplementedError

    def size_bytes(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def is_full(self, exc: Exception) -> bool:
        """Whether ``exc`` says the disk (or the database's allowed size) is full."""
        return False

    # --- errors ---------------------------------------------------------------------
    def prepare(self) -> None:
        """Create the tables (and note whether a snapshot is loaded)."""
        with self.guard(reading=True):
            with self.transaction():
                for statement in SCHEMA:
                    self.execute(statement)
            found = self.execute("SELECT 1 FROM snapshot LIMIT 1").fetchone()
            self.has_snapshot = found is not None
            self._prepare_index()

    def _prepare_index(self) -> None:
        """Create the full-text index's tables; without them (a SQLite built without
        FTS5) snapshots are loaded and read, but not searched."""
        if self.dialect is None:
            return
        try:
            with self.transaction():
                for statement in self.dialect.schema:
                    self.execute(statement)
        except self.errors as exc:
            log.debug("no full-text index in %s: %s", self.location, exc)
            return
        self.searchable = True

    @contextlib.contextmanager
    def guard(self, *, reading: bool) -> Iterator[None]:
        """Turn a database error into one line: a CacheError when ``strict``, else a
        warning (once) after which the run goes on without what failed."""
        try:
            with self.lock:
                yield
        except self.errors as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            if self.strict:
                raise CacheError(self.trouble(exc, message)[0]) from exc
            self.give_up(exc, message, reading=reading)

    def trouble(self, exc: Exception, message: str) -> tuple[str, bool]:
        """What went wrong, in words, and whether it is only that nothing can be written."""
        return f"the cache {self.name} {self.location} cannot be used ({message})", False

    def full(self) -> str:
        return f"the {self.name} {self.location} is full"

    def give_up(self, exc: Exception, message: str, *, reading: bool) -> None:
        if self.is_full(exc):
            if not self.write_failed:
                log.error("%s; results are not cached", self.full())
            self.write_failed = True
            return
        text, writing = self.trouble(exc, message)
        if not (self.read_failed or self.write_failed):
            tail = "results are not cached" if writing else "going on without the cache"
            log.warning("%s; %s", text, tail)
        self.write_failed = True
        self.read_failed = self.read_failed or not writing or reading

    # --- the cache ------------------------------------------------------------------
    def get(self, registry: str, kind: str, key: str) -> Entry | None:
        """The snapshot's record while it is young enough, else a fresh cache entry."""
        if self.read_failed:
            return None
        with self.guard(reading=True):
            if self.has_snapshot:
                found = self.execute(
                    _SELECT.format(columns=COLUMNS, table="snapshot"), (registry, kind, key)
                ).fetchone()
                if found is not None:
                    entry = from_row(found)
                    if not self.snapshot_freshness.stale(entry):
                        return entry
            found = self.execute(
                _SELECT.format(columns=COLUMNS, table="entries"), (registry, kind, key)
            ).fetchone()
            if found is not None:
                entry = from_row(found)
                return None if self.freshness.stale(entry) else entry
        return None

    def put(self, entry: Entry) -> None:
        if self.write_failed:
            return
        with self.guard(reading=False):
            self.execute(_UPSERT.format(table="entries", columns=COLUMNS), row(entry))

    def put_many(self, entries: Iterable[Entry]) -> int:
        """Store entries in one transaction (``cache import``); how many."""
        rows = [row(e) for e in entries]
        with self.guard(reading=False), self.transaction():
            self.executemany(_UPSERT.format(table="entries", columns=COLUMNS), rows)
        return len(rows)

    def records(self) -> Iterator[Entry]:
        """Every cache entry, whatever its age, in key order (for ``cache export``)."""
        with self.guard(reading=True):
            rows = self.execute(
                f"SELECT {COLUMNS} FROM entries ORDER BY registry, kind, key"
            ).fetchall()
            for values in rows:
                yield from_row(values)

    def stats(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        snapshot: dict[str, int] = {}
        with self.guard(reading=True):
            for table, out in (("entries", counts), (SNAPSHOT, snapshot)):
                grouped = self.execute(
                    f"SELECT registry, kind, COUNT(*) FROM {table} GROUP BY registry, kind"
                )
                for registry, kind, n in grouped.fetchall():
                    out[f"{registry}/{kind}"] = int(n)
            size = self.size_bytes()
        return {
            "root": self.location,
            "store": self.name,
            "entries": counts,
            "snapshot": snapshot,
            "bytes": size,
            "corrupt": 0,
        }

    def prune(self) -> int:
        """Delete stale cache entries (the snapshot stays: ``mirror load`` renews it)."""
        with self.guard(reading=False), self.transaction():
            cursor = self.execute(
                "DELETE FROM entries WHERE fetched IS NOT NULL AND ("
                "(status >= 200 AND status < 300 AND fetched < ?) OR "
                "((status < 200 OR status >= 300) AND fetched < ?))",
                (_cutoff(self.freshness.ttl_days), _cutoff(self.freshness.not_found_ttl_days)),
            )
            return int(cursor.rowcount)
        return 0

    def clear(self) -> int:
        """Delete every cache entry and the snapshot."""
        with self.guard(reading=False), self.transaction():
            removed = int(self.execute("DELETE FROM entries").rowcount)
            self.execute("DELETE FROM snapshot")
            self.execute("DELETE FROM snapshot_files")
            if self.searchable:
                self.execute("DELETE FROM snapshot_search")
                self.execute("DELETE FROM snapshot_indexed")
            return removed
        return 0

    # --- the snapshot ---------------------------------------------------------------
    def snapshot_done(self, name: str) -> tuple[int, bool]:
        """How many items of the file ``name`` are loaded, and whether all are."""
        with self.guard(reading=True):
            found = self.execute(
                "SELECT done, complete FROM snapshot_files WHERE name = ?", (name,)
            ).fetchone()
            return (int(found[0]), bool(found[1])) if found else (0, False)
        return 0, False

    def snapshot_write(
        self,
        file: tuple[str, str, str],
        entries: Sequence[Entry],
        deleted: Sequence[tuple[str, str, str]],
        done: int,
        complete: bool,
        texts: Sequence[fulltext.Text] = (),
    ) -> None:
        """Store a chunk of a file's records and how far the file has got, together:
        ``file`` is (name, source, date); ``deleted`` the keys the file withdraws;
        ``texts`` the records' rows of the full-text index."""
        name, source, date = file
        with self.guard(reading=False), self.transaction():
            self.executemany(
                _UPSERT.format(table=SNAPSHOT, columns=COLUMNS), [row(e) for e in entries]
            )
            self.executemany(
                "DELETE FROM snapshot WHERE registry = ? AND kind = ? AND key = ?", deleted
            )
            if self.searchable:
                self.executemany(fulltext.UPSERT, texts)
                self.executemany(fulltext.DELETE, deleted)
                self.execute(fulltext.MARK, (name, done))
            self.execute(
                "INSERT INTO snapshot_files (name, source, date, done, complete, loaded) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "source = excluded.source, date = excluded.date, done = excluded.done, "
                "complete = excluded.complete, loaded = excluded.loaded",
                (name, source, date, done, int(complete), now_iso()),
            )
        self.has_snapshot = True

    def snapshot_status(self) -> list[dict[str, Any]]:
        """Per source: files loaded (and left incomplete), entries, oldest and newest date."""
        with self.guard(reading=True):
            files = self.execute(
                "SELECT source, COUNT(*), SUM(complete), MIN(date), MAX(date) "
                "FROM snapshot_files GROUP BY source ORDER BY source"
            ).fetchall()
            records = dict(
                self.execute("SELECT registry, COUNT(*) FROM snapshot GROUP BY registry").fetchall()
            )
            unindexed = self._unindexed()
            return [
                {
                    "source": source,
                    "files": int(n),
                    "incomplete": int(n) - int(complete or 0),
                    "entries": int(records.get(source, 0)),
                    "oldest": oldest,
                    "newest": newest,
                    "unindexed": unindexed.get(source, 0),
                }
                for source, n, complete, oldest, newest in files
            ]
        return []

    # --- the snapshot's full-text index ---------------------------------------------
    def _unindexed(self) -> dict[str, int]:
        """Per source whose records are indexed: the files whose rows are not all there."""
        if not self.searchable:
            return {}
        found = self.execute(
            "SELECT f.source, COUNT(*) FROM snapshot_files f LEFT JOIN snapshot_indexed i "
            "ON i.name = f.name WHERE COALESCE(i.done, 0) < f.done GROUP BY f.source"
        ).fetchall()
        return {source: int(n) for source, n in found if source in fulltext.SOURCES}

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

    def snapshot_index(
        self, name: str, texts: Sequence[fulltext.Text], provenance: str, done: int
    ) -> None:
        """Index a chunk of a file loaded before the index existed: the rows of the
        records the snapshot still holds from that file, and how far it has got."""
        rows = [(*text[3:], *text[:3], provenance) for text in texts]
        with self.guard(reading=False), self.transaction():
            self.executemany(fulltext.UPSERT_LOADED, rows)
            self.execute(fulltext.MARK, (name, done))

    def indexes(self, registry: str) -> bool:
        """Whether the full-text index holds records of ``registry``."""
        if registry not in self._indexed:
            held = False
            if self.has_snapshot and self.searchable and not self.read_failed:
                with self.guard(reading=True):
                    held = (
                        self.execute(
                            "SELECT 1 FROM snapshot_search WHERE registry = ? LIMIT 1", (registry,)
                        ).fetchone()
                        is not None
                    )
            self._indexed[registry] = held
        return self._indexed[registry]

    def search_snapshot(
        self, registry: str, text: str, author: str | None, year: int | None
    ) -> list[Entry]:
        """The snapshot's records of ``registry`` the full-text index ranks first for a
        bibliographic query (narrowed by a first author and a year within one), while
        the snapshot is young enough."""
        words, names, years = fulltext.query(text, author, year)
        dialect = self.dialect
        if not words or dialect is None or not self.indexes(registry):
            return []
        columns = ", ".join(f"s.{c.strip()}" for c in COLUMNS.split(","))
        sql = dialect.select.format(columns=columns, year=fulltext.YEARS if years else "")
        with self.guard(reading=True):
            groups = fulltext.groups(words, self._held(words), exact=dialect.count is not None)
            if not groups:
                return []
            params = (dialect.expression(groups, names), registry, *(years or ()))
            found = self.execute(sql, (*params, fulltext.CANDIDATES)).fetchall()
            entries = [from_row(values) for values in found]
            return [e for e in entries if not self.snapshot_freshness.stale(e)]
        return []

    def _held(self, words: Sequence[str]) -> dict[str, float]:
        """How many records of the index hold each word, up to a limit, counted once a
        run (or, from the database's statistics, what share of them: the commonest
        words only)."""
        dialect = self.dialect
        if dialect is not None and dialect.count is not None:
            for word in words:
                if word not in self._counts:
                    found = self.execute(dialect.count, (f'"{word}"',)).fetchone()
                    self._counts[word] = int(found[0])
            return {w: self._counts[w] for w in words}
        if self._common is None:
            found = self.execute(dialect.common).fetchone() if dialect and dialect.common else None
            self._common = dict(zip(found[0], found[1], strict=False)) if found and found[0] else {}
        return {w: self._common[w] for w in words if w in self._common}

    def snapshot_loaded(self) -> None:
        """What the database does after a file is loaded (PostgreSQL: the statistics of
        the index's words, renewed)."""
        if self.searchable and self.dialect is not None and self.dialect.after_load:
            with self.guard(reading=False):
                self.execute(self.dialect.after_load)
