"""Which store a run uses, and what every store does.

The rule: ``store_url`` (``--store-url``, ASREFS_STORE_URL) ``postgresql://…`` is a
PostgreSQL database a team shares. Without it the store is in the cache folder: its
SQLite file ``asrefs.sqlite3`` when it has one; the per-record JSON files when the folder
already holds that layout (``<registry>/<kind>/…json``, as a project commits it); a new
SQLite file otherwise (none is made offline: an offline run only reads).
``asrefs cache export DIR`` and ``import DIR`` convert between a store and the JSON
layout.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from asrefs.config import Options
from asrefs.errors import CacheError, UsageError
from asrefs.resolve.cache import Cache, Entry, Freshness
from asrefs.resolve.store_sql import SqlStore

log = logging.getLogger("asrefs")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Backend(Protocol):
    """What the resolver and the cache commands ask of a store."""

    freshness: Freshness

    @property
    def location(self) -> str: ...

    def get(self, registry: str, kind: str, key: str) -> Entry | None:
        """A usable entry (fresh, or any age offline), or None."""

    def get_many(self, registry: str, kind: str, keys: Sequence[str]) -> dict[str, Entry]:
        """The usable entries of ``keys`` (as ``get``), by key; absent keys left out."""

    def put(self, entry: Entry) -> None:
        """Keep an entry; a failure is said once and not raised during a run."""

    def records(self) -> Iterator[Entry]:
        """Every cache entry, whatever its age."""

    def stats(self) -> dict[str, Any]: ...

    def prune(self) -> int: ...

    def clear(self) -> int: ...

    def close(self) -> None: ...


def holds_json_layout(folder: Path) -> bool:
    """Whether ``folder`` holds per-record JSON files (``<registry>/<kind>/``)."""
    try:
        return any(
            sub.is_dir() and any(kind.is_dir() for kind in sub.iterdir())
            for sub in folder.iterdir()
            if sub.name.isidentifier()
        )
    except OSError:
        return False


def freshness_of(options: Options) -> Freshness:
    """The time-to-live of a run: none offline, everything stale with --refresh."""
    if options.refresh and not options.offline:
        return Freshness(-1.0, -1.0)
    return Freshness(options.ttl_days, options.not_found_ttl_days, options.offline)


def open_store(options: Options, *, strict: bool = False) -> Backend:
    """The store ``options`` name (see the module's rule); ``strict`` (the cache and
    mirror commands): a store that cannot be used is a CacheError, not a warning."""
    from asrefs.resolve.store_sqlite import FILE_NAME, SqliteStore

    freshness = freshness_of(options)
    url = options.store_url
    if url:
        if not url.startswith(POSTGRES_SCHEMES):
            raise UsageError(f"store URL {url!r}: only postgresql://… is supported")
        from asrefs.resolve.store_postgres import PostgresStore

        return PostgresStore(
            url, freshness, snapshot_max_age=options.snapshot_max_age, strict=strict
        )
    folder = options.cache_dir
    exists = (folder / FILE_NAME).exists()
    if not exists and (options.offline or holds_json_layout(folder)):
        # offline, a missing database is an empty cache: nothing is made on disk
        return Cache(
            folder,
            ttl_days=freshness.ttl_days,
            not_found_ttl_days=freshness.not_found_ttl_days,
            ignore_ttl=freshness.ignore_ttl,
            read_only=options.offline and not holds_json_layout(folder),
        )
    return SqliteStore(
        folder / FILE_NAME, freshness, snapshot_max_age=options.snapshot_max_age, strict=strict
    )


def remove_database(options: Options) -> bool:
    """Remove the cache folder's SQLite file (``cache clear`` of a file that cannot be
    opened); whether there was one."""
    from asrefs.resolve.store_sqlite import FILE_NAME

    path = options.cache_dir / FILE_NAME
    if options.store_url or not path.is_file():
        return False
    for suffix in ("", "-wal", "-shm"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot remove {path}{suffix}: {exc.strerror or exc}") from exc
    return True


def database(store: Backend, what: str) -> SqlStore:
    """The store as a database, for what only a database does (snapshots)."""
    if not isinstance(store, SqlStore):
        raise CacheError(
            f"{what} needs a database store, and {store.location} holds per-record JSON "
            "files: import them into one with 'asrefs cache import', or set --store-url"
        )
    return store


def export_to(store: Backend, folder: Path) -> int:
    """Write every cache entry of ``store`` as per-record JSON files under ``folder``."""
    target = Cache(folder, ignore_ttl=True)
    written = 0
    for entry in store.records():
        try:
            target.put_strict(entry)
        except OSError as exc:
            raise CacheError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
        written += 1
    return written


def import_from(store: Backend, folder: Path) -> int:
    """Read the per-record JSON files under ``folder`` into ``store``."""
    if not folder.is_dir():
        raise CacheError(f"{folder}: no such folder")
    source = Cache(folder, ignore_ttl=True)
    if isinstance(store, SqlStore):
        return store.put_many(source.records())
    count = 0
    for entry in source.records():
        store.put(entry)
        count += 1
    return count
