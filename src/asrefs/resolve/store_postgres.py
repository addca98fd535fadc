"""The store in a PostgreSQL database a team shares (``store_url = "postgresql://…"``),
through psycopg 3 (``pip install 'asrefs[postgres]'``).

The tables are those of every database store (``store_sql``). Each write commits on its
own (a snapshot load in chunks); a database that cannot be reached, or that goes away
during a run, is said in one line and the run goes on without it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from asrefs.errors import CacheError
from asrefs.resolve.cache import Freshness
from asrefs.resolve.fulltext import POSTGRES
from asrefs.resolve.store_search import SearchableStore

CONNECT_SECONDS = 10


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(SearchableStore):
    """The store in a PostgreSQL database."""

    name = "database"
    dialect = POSTGRES

    def __init__(self, url: str, freshness: Freshness, **kwargs: Any) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise CacheError(
                "a postgresql:// store needs psycopg: pip install 'asrefs[postgres]'"
            ) from exc
        super().__init__(shown(url), freshness, **kwargs)
        self.errors = (psycopg.Error,)
        self.connection: Any = None
        with self.guard(reading=True):
            self.connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS)
        if self.connection is not None:
            self.prepare()

    def _conn(self) -> Any:
        if self.connection is None:
            import psycopg

            raise psycopg.OperationalError("the database is not connected")
        return self.connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn().execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self._conn().cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn().transaction():
            yield

    def size_bytes(self) -> int:
        found = self.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relname IN ('entries', 'snapshot', 'snapshot_files', 'snapshot_search', "
            "'snapshot_indexed')"
        ).fetchone()
        return int(found[0]) if found else 0

    def is_full(self, exc: Exception) -> bool:
        return getattr(exc, "sqlstate", None) in ("53100", "53400")  # disk full, limit

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None
