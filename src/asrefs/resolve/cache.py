"""The per-record JSON layout of the cache: one of the store's back ends, and the format
of ``asrefs cache export``/``import``.

Layout: ``<cache>/<registry>/<kind>/<name>.json``, one file per record, e.g.
``cache/crossref/work/10.1186%2Fs13287-025-04184-x.json``. Each file holds the raw
payload exactly as the registry sent it (so a parser fix never forces a refetch) plus
its provenance: the URL, the HTTP status, and either the time it was fetched or a note
that it was assembled from public records.

File names are percent-encoded with no safe characters (and hashed when long), so no
identifier can name a path outside the cache folder. Writes go to a temporary file in
the same folder and are renamed into place, which is atomic on POSIX and Windows, so two
processes writing the same entry leave one valid file. A corrupt entry is ignored with
a warning and fetched again; a read-only or full cache folder is warned about once and
the run goes on without caching.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from asrefs.errors import CacheError

log = logging.getLogger("asrefs")

SCHEMA = "asrefs.cache/1"
_MAX_NAME = 180


@dataclass(frozen=True)
class Entry:
    registry: str
    kind: str
    key: str
    status: int
    payload: str
    url: str | None
    fetched: str | None  # ISO time, or None when assembled
    provenance: str | None = None
    content_type: str | None = None
    parsed: dict[str, Any] | None = None  # the payload parsed into a Record, to skip parsing
    parsed_by: str | None = None  # which parser made ``parsed``; another parser re-parses

    @property
    def found(self) -> bool:
        return 200 <= self.status < 300

    def age_days(self, now: float | None = None) -> float:
        if not self.fetched:
            return 0.0
        try:
            stamp = datetime.fromisoformat(self.fetched.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return float("inf")
        return max(0.0, ((now or time.time()) - stamp) / 86400)


@dataclass(frozen=True)
class Freshness:
    """How long entries stay usable: ``ttl_days`` for records, ``not_found_ttl_days`` for
    not-found answers; ``ignore_ttl`` (offline) keeps every entry."""

    ttl_days: float = 30.0
    not_found_ttl_days: float = 1.0
    ignore_ttl: bool = False

    def stale(self, entry: Entry, *, ignore: bool | None = None) -> bool:
        if self.ignore_ttl if ignore is None else ignore:
            return False
        ttl = self.ttl_days if entry.found else self.not_found_ttl_days
        return entry.age_days() > ttl


def entry_name(key: str) -> str:
    """A file name for ``key`` that cannot contain a path separator or be "." / ".."."""
    name = quote(key, safe="")
    if len(name) > _MAX_NAME or name in (".", ".."):
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        name = f"{name[:80]}~{digest}"
    return name + ".json"


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Cache:
    """Read and write registry responses under one folder."""

    def __init__(
        self,
        root: Path,
        *,
        ttl_days: float = 30.0,
        not_found_ttl_days: float = 1.0,
        ignore_ttl: bool = False,
        read_only: bool = False,
    ) -> None:
        self.root = Path(root)
        self.freshness = Freshness(ttl_days, not_found_ttl_days, ignore_ttl)
        self.read_only = read_only
        self._write_failed = False
        self._read_failed = False

    def path_for(self, registry: str, kind: str, key: str) -> Path:
        for part in (registry, kind):
            if not part.isidentifier():
                raise ValueError(f"bad cache folder name {part!r}")
        folder = self.root / registry / kind
        path = folder / entry_name(key)
        # Belt and braces: the name cannot escape, and we check that it does not.
        if path.parent != folder:
            raise ValueError(f"cache key {key!r} escapes the cache folder")
        return path

    def get(self, registry: str, kind: str, key: str) -> Entry | None:
        """A fresh entry, or None when absent, stale (unless TTL is ignored) or corrupt."""
        path = self.path_for(registry, kind, key)
        entry = self._load(path)
        if entry is None or entry.key != key or self.freshness.stale(entry):
            return None
        return entry

    def get_many(self, registry: str, kind: str, keys: Sequence[str]) -> dict[str, Entry]:
        """The fresh entries of ``keys``, by key (one file each)."""
        found = ((key, self.get(registry, kind, key)) for key in keys)
        return {key: entry for key, entry in found if entry is not None}

    def _load(self, path: Path, *, quiet: bool = False) -> Entry | None:
        """The entry at ``path``, or None when absent or unusable (warned about unless
        ``quiet``: stats and prune count and remove unusable entries themselves)."""
        try:
            raw = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None  # absent, or the cache "folder" is a file: nothing is cached
        except (OSError, UnicodeDecodeError) as exc:
            if not quiet:
                self._warn_read(path, exc)
            return None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("schema") != SCHEMA:
                raise ValueError("not an asrefs cache entry")
            for name in ("registry", "kind", "key", "payload"):
                if not isinstance(data.get(name), str):
                    raise ValueError(f"{name} is not a string")
            for name in ("url", "fetched", "provenance", "content_type", "parsed_by"):
                if data.get(name) is not None and not isinstance(data[name], str):
                    raise ValueError(f"{name} is not a string")
            status = data.get("status")
            if not isinstance(status, int) or isinstance(status, bool):
                raise ValueError("status is not a number")
            return Entry(
                registry=data["registry"],
                kind=data["kind"],
                key=data["key"],
                status=status,
                payload=data["payload"],
                url=data.get("url"),
                fetched=data.get("fetched"),
                provenance=data.get("provenance"),
                content_type=data.get("content_type"),
                parsed=data.get("parsed") if isinstance(data.get("parsed"), dict) else None,
                parsed_by=data.get("parsed_by"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            if not quiet:
                log.warning(
                    "ignoring corrupt cache entry %s (%s); it will be fetched again", path, exc
                )
            return None

    def put(self, entry: Entry) -> None:
        """Store an entry atomically; failures to write are warned about once, not raised."""
        if self.read_only:
            return
        try:
            self.put_strict(entry)
        except OSError as exc:
            self._warn_write(exc)

    def put_strict(self, entry: Entry) -> None:
        """Store an entry atomically; a failure to write is raised (OSError)."""
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "registry": entry.registry,
            "kind": entry.kind,
            "key": entry.key,
            "status": entry.status,
            "url": entry.url,
            "fetched": entry.fetched,
            "provenance": entry.provenance,
            "content_type": entry.content_type,
            "payload": entry.payload,
        }
        if entry.parsed is not None:
            data["parsed"] = entry.parsed
            data["parsed_by"] = entry.parsed_by
        text = json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
        path = self.path_for(entry.registry, entry.kind, entry.key)
        atomic_write(path, text.encode("utf-8"))

    def _warn_read(self, path: Path, exc: OSError | UnicodeDecodeError) -> None:
        """An unreadable entry is fetched again; said once per run, not once per entry."""
        if isinstance(exc, UnicodeDecodeError):
            log.warning(
                "ignoring corrupt cache entry %s (not UTF-8); it will be fetched again", path
            )
            return
        if self._read_failed:
            return
        self._read_failed = True
        log.warning(
            "cannot read cache entries in %s (%s, first %s); they are fetched again",
            self.root,
            exc.strerror or exc,
            path.name,
        )

    def _warn_write(self, exc: OSError) -> None:
        if self._write_failed:
            return
        self._write_failed = True
        if exc.errno == errno.ENOSPC:
            log.error(
                "the disk holding the cache folder %s is full; results are not cached", self.root
            )
        else:
            log.warning(
                "cannot write to the cache folder %s (%s); results are not cached",
                self.root,
                exc.strerror or exc,
            )

    def entries(self) -> Iterator[tuple[Path, Entry | None]]:
        """Every entry file with its entry (None when unusable), quietly."""
        if not self.root.is_dir():
            return
        try:
            for registry in sorted(p for p in self.root.iterdir() if p.is_dir()):
                for kind in sorted(p for p in registry.iterdir() if p.is_dir()):
                    for path in sorted(p for p in kind.glob("*.json") if p.is_file()):
                        yield path, self._load(path, quiet=True)
        except OSError as exc:
            raise CacheError(
                f"cannot read the cache folder {self.root}: {exc.strerror or exc}"
            ) from exc

    def stats(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        total_bytes = 0
        corrupt = 0
        for path, entry in self.entries():
            with contextlib.suppress(OSError):  # removed meanwhile by another process
                total_bytes += path.stat().st_size
            if entry is None:
                corrupt += 1
                continue
            label = f"{entry.registry}/{entry.kind}"
            counts[label] = counts.get(label, 0) + 1
        return {"root": str(self.root), "entries": counts, "bytes": total_bytes, "corrupt": corrupt}

    def prune(self) -> int:
        """Delete stale and corrupt entries; returns how many were removed."""
        removed = 0
        for path, entry in self.entries():
            stale = entry is None or (
                entry.fetched is not None and self.freshness.stale(entry, ignore=False)
            )
            if stale and self._remove(path):
                removed += 1
        return removed

    def clear(self) -> int:
        return sum(1 for path, _entry in list(self.entries()) if self._remove(path))

    def records(self) -> Iterator[Entry]:
        """Every usable entry, whatever its age (for ``asrefs cache export``)."""
        return (entry for _path, entry in self.entries() if entry is not None)

    @property
    def location(self) -> str:
        return str(self.root)

    def close(self) -> None:
        """Nothing to release: each entry is its own file."""

    def _remove(self, path: Path) -> bool:
        """Delete one entry file; a folder that refuses it is a CacheError (exit 2)."""
        try:
            path.unlink()
        except FileNotFoundError:
            return False  # another process removed it first
        except OSError as exc:
            raise CacheError(f"cannot remove {path}: {exc.strerror or exc}") from exc
        return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the block ends without an error: it is
    written to a temporary file in the same folder and renamed into place, so ``path``
    is always either the old content or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        # mkstemp makes the file private; give it the mode a plain open() would (or the
        # replaced file's), since reports and bibliographies are meant to be shared.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_open(path) as fh:
        fh.write(data)
