"""The store in one SQLite file (the default): ``<cache folder>/asrefs.sqlite3``.

WAL mode, so readers never wait for the writer and several processes can share the
file (a writer waits up to ``BUSY_SECONDS`` for another's write to end); writes are
committed one by one (a snapshot load in chunks), so a killed run loses nothing it had
written. A file that is not a database, or one damaged inside, is said in one line and
the run goes on without the cache; ``asrefs cache clear`` removes such a file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from asrefs.resolve.cache import Freshness
from asrefs.resolve.fulltext import SQLITE
from asrefs.resolve.store_search import SearchableStore

FILE_NAME = "asrefs.sqlite3"
BUSY_SECONDS = 60.0


class SqliteStore(SearchableStore):
    """The store in a SQLite file."""

    errors = (sqlite3.Error, OSError)
    name = "database"
    dialect = SQLITE

    def __init__(self, path: Path, freshness: Freshness, **kwargs: Any) -> None:
        super().__init__(str(path), freshness, **kwargs)
        self.path = path
        self.connection: sqlite3.Connection | None = None
        with self.guard(reading=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = self._connect()
        if self.connection is not None:
            self.prepare()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def trouble(self, exc: Exception, message: str) -> tuple[str, bool]:
        folder = self.path.parent
        if isinstance(exc, OSError):
            return f"cannot write to the cache folder {folder} ({exc.strerror or exc})", True
        if any(w in message for w in ("readonly", "unable to open", "I/O error", "locked")):
            return f"cannot write to the cache database {self.location} ({message})", True
        hint = ""
        if "not a database" in message or "malformed" in message:
            hint = "; 'asrefs cache clear' removes it"
        return f"the cache database {self.location} cannot be used ({message}){hint}", False

    def full(self) -> str:
        return f"the disk holding the cache folder {self.path.parent} is full"

    def _conn(self) -> sqlite3.Connection:
        if self.connection is None:
            raise sqlite3.OperationalError("the database is not open")
        return self.connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn().execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn().executemany(sql, rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.is_file())

    def is_full(self, exc: Exception) -> bool:
        return "database or disk is full" in str(exc) or getattr(exc, "errno", None) == 28

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None
