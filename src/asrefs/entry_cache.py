"""Parsed reference entries kept between runs: ``<cache folder>/parsed.sqlite3``.

A run whose records are all in the store spends most of its time parsing the printed
entries again; this file keeps each entry's fields by its text (the
:class:`~asrefs.parse.memo.Memo` of :func:`asrefs.parse.parse_references`). It holds
the parses of one parser only, named by a digest of the parsing code and its data (the
model, the word lists): a run of another parser empties it first, and one that cannot
write it does not read it. It is made only where a run may write the cache folder (not
offline, not in a folder of per-record JSON files, which a project commits, and not
when the store is a shared database, whose runs leave the cache folder alone). It is
only a cache: when it cannot be read or written, entries are parsed as if it were not
there. ``asrefs cache clear`` removes it.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from asrefs.config import Options

log = logging.getLogger("asrefs")

FILE_NAME = "parsed.sqlite3"
LONGEST = 4000  # characters: a longer "entry" is no reference worth keeping
_BATCH = 500  # texts per query (SQLite allows 999 parameters by default)
_PACKAGE = Path(__file__).resolve().parent
# What the parse stage is made of: its own package, the modules it may import
# (tests/test_architecture.py) and the data files it reads.
_PARSER_PARTS = ("parse", "data", "models.py", "errors.py", "text.py", "tex.py", "dates.py",
                 "journals.py")  # fmt: skip
_digests: dict[tuple[tuple[str, int, int], ...], str] = {}


def _parser_files() -> Iterator[Path]:
    for part in _PARSER_PARTS:
        path = _PACKAGE / part
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc")
        elif path.is_file():
            yield path


def parser_digest() -> str:
    """A digest of the parsing code and data: it changes whenever a parse could."""
    files = list(_parser_files())
    stamp = tuple((str(p), (s := p.stat()).st_mtime_ns, s.st_size) for p in files)
    if stamp not in _digests:
        digest = hashlib.sha256()
        for path in files:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
        _digests[stamp] = digest.hexdigest()[:24]
    return _digests[stamp]


class EntryCache:
    """The parsed entries of one cache folder (a Memo)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = connection

    @classmethod
    def open(cls, options: Options) -> EntryCache | None:
        """The cache folder's entry cache; None where it is not kept (see the module)
        or the file cannot be used."""
        from asrefs.resolve.backend import holds_json_layout

        folder = options.cache_dir
        if options.offline or options.store_url or holds_json_layout(folder):
            return None
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
            _prepare(connection, parser_digest())
        except (sqlite3.Error, OSError) as exc:
            log.debug("parsed entries are not kept: %s: %s", path, exc)
            return None
        return cls(path, connection)

    def get_many(self, texts: Sequence[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(t for t in texts if len(t) <= LONGEST))
        out: dict[str, str] = {}
        for i in range(0, len(wanted), _BATCH):
            chunk = wanted[i : i + _BATCH]
            marks = ", ".join("?" * len(chunk))
            rows = self._run(f"SELECT text, fields FROM entries WHERE text IN ({marks})", chunk)
            out.update(rows)
        return out

    def put_many(self, parsed: Mapping[str, str]) -> None:
        rows = [(text, fields) for text, fields in parsed.items() if len(text) <= LONGEST]
        if rows and self.connection is not None:
            try:
                with self.connection:
                    self.connection.execute("BEGIN")
                    self.connection.executemany(
                        "INSERT OR REPLACE INTO entries (text, fields) VALUES (?, ?)", rows
                    )
            except sqlite3.Error as exc:
                self._give_up(exc)

    def _run(self, sql: str, params: Sequence[str]) -> list[tuple[str, str]]:
        if self.connection is None:
            return []
        try:
            return list(self.connection.execute(sql, params))
        except sqlite3.Error as exc:
            self._give_up(exc)
            return []

    def _give_up(self, exc: sqlite3.Error) -> None:
        log.debug("parsed entries are not kept: %s: %s", self.path, exc)
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def __enter__(self) -> EntryCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _prepare(connection: sqlite3.Connection, digest: str) -> None:
    """The tables, emptied of another parser's entries."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("CREATE TABLE IF NOT EXISTS parser (digest TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS entries (text TEXT PRIMARY KEY, fields TEXT NOT NULL)"
        )
        found = connection.execute("SELECT digest FROM parser").fetchall()
        if found != [(digest,)]:
            connection.execute("DELETE FROM entries")
            connection.execute("DELETE FROM parser")
            connection.execute("INSERT INTO parser (digest) VALUES (?)", (digest,))


def remove(folder: Path) -> bool:
    """Remove the folder's entry cache; whether there was one."""
    path = folder / FILE_NAME
    found = path.exists()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return found
