"""The store in a database: what SQLite and PostgreSQL share.

Two tables hold entries of the same shape as the per-record JSON files: ``entries``, the
cache (what the registries answered, with its fetch time), and ``snapshot``, records
loaded from the registries' public data files (``asrefs mirror load``; their ``fetched``
is the snapshot's date and their provenance names the file). ``snapshot_files`` says
how far each file's load has got, so a killed load resumes (with its rows of the
full-text index, ``store_search``). A look-up reads the snapshot first (while it is
younger than ``snapshot_max_age``), then the cache.

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
_MANY = 500  # keys per query of get_many (SQLite allows 999 parameters by default)


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

    def get_many(self, registry: str, kind: str, keys: Sequence[str]) -> dict[str, Entry]:
        """The usable entries (as ``get`` reads them) of many keys, in a few queries."""
        out: dict[str, Entry] = {}
        if self.read_failed:
            return out
        tables = [("entries", self.freshness)]
        if self.has_snapshot:
            tables.append((SNAPSHOT, self.snapshot_freshness))  # last: it comes first
        with self.guard(reading=True):
            for i in range(0, len(keys), _MANY):
                chunk = list(keys[i : i + _MANY])
                marks = ", ".join("?" * len(chunk))
                for table, freshness in tables:
                    rows = self.execute(
                        f"SELECT {COLUMNS} FROM {table} WHERE registry = ? AND kind = ? "
                        f"AND key IN ({marks})",
                        (registry, kind, *chunk),
                    ).fetchall()
                    entries = (from_row(values) for values in rows)
                    out.update((e.key, e) for e in entries if not freshness.stale(e))
        return out

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
        texts: Sequence[Any] = (),
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
            self.index_chunk(name, texts, deleted, done)
            self.execute(
                "INSERT INTO snapshot_files (name, source, date, done, complete, loaded) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "source = excluded.source, date = excluded.date, done = excluded.done, "
                "complete = excluded.complete, loaded = excluded.loaded",
                (name, source, date, done, int(complete), now_iso()),
            )
        self.has_snapshot = True

    def index_chunk(
        self, name: str, texts: Sequence[Any], deleted: Sequence[tuple[str, str, str]], done: int
    ) -> None:
        """Write a chunk's rows of the full-text index, within the chunk's transaction
        (a store without an index has nothing to write)."""

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
            return [
                {
                    "source": source,
                    "files": int(n),
                    "incomplete": int(n) - int(complete or 0),
                    "entries": int(records.get(source, 0)),
                    "oldest": oldest,
                    "newest": newest,
                }
                for source, n, complete, oldest, newest in files
            ]
        return []
