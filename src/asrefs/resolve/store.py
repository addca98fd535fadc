"""The cache as one run sees it: each entry read from disk at most once, each answer
written with its parsed Record, each record built once, and each failure remembered by
key so that the lookup can say why there is no answer.

Entries are addressed as ``(registry, folder, key)``: a registry's records live in its
``folder`` ("work", "pmid"); the other folders hold what a registry said about a key
that is not its own kind (a DOI's PMIDs under "doi", a DOI's agency under "agency",
a search under "search").
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

from asrefs.errors import RegistryError
from asrefs.models import Identifier, Problem, Record, record_from_data, record_to_data
from asrefs.registries import Answer, Registry
from asrefs.resolve.backend import Backend
from asrefs.resolve.cache import Entry, now_iso
from asrefs.resolve.store_sql import SNAPSHOT

Failure = tuple[Problem, str]
_READ_MANY = 500  # entries read together by read_many


@functools.cache
def _module_digest(module: str) -> str:
    path = Path(str(sys.modules[module].__file__))
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def parser_id(registry: Registry) -> str:
    """Names the parser that turns a registry's payload into a Record: a digest of its
    module, so a changed parser re-parses cached payloads instead of trusting old records."""
    return f"{registry.name}/{_module_digest(type(registry).__module__)}"


def keeps_parse(registry: Registry, folder: str) -> bool:
    """Whether an answer in ``folder`` is cached with its parse: a registry's own records,
    unless it is a converter (whose answers are read as they are)."""
    return folder == registry.folder and not registry.supplies


def _slim(entry: Entry, registry: Registry) -> Entry:
    """The entry to keep in memory for the run: without its raw payload when the parsed
    record beside it is current (a 10,000-reference run would otherwise hold every
    payload twice)."""
    if _current_parse(entry, registry):
        return _without_payload(entry, keep_parse=True)
    return entry


def _current_parse(entry: Entry, registry: Registry) -> bool:
    """The entry holds a parse made by the registry's parser as it is now."""
    return entry.parsed is not None and entry.parsed_by == parser_id(registry)


def _without_payload(entry: Entry, *, keep_parse: bool) -> Entry:
    """The entry without its payload (and its parse, unless ``keep_parse``): made
    directly, as dataclasses.replace would, at a fraction of its cost per entry."""
    return Entry(
        entry.registry, entry.kind, entry.key, entry.status, "", entry.url, entry.fetched,
        entry.provenance, entry.content_type, entry.parsed if keep_parse else None,
        entry.parsed_by if keep_parse else None,
    )  # fmt: skip


def from_snapshot(entry: Entry) -> bool:
    return (entry.provenance or "").startswith(SNAPSHOT)


class Store:
    """Reads and writes one run's answers through the on-disk cache."""

    def __init__(self, cache: Backend) -> None:
        self.cache = cache
        self._memo: dict[tuple[str, str, str], Entry] = {}
        self._records: dict[tuple[str, str, str], Record] = {}
        self._failures: dict[tuple[str, str, str], Failure] = {}
        self._absent: set[tuple[str, str, str]] = set()  # read by ``read_many``, not there

    def get(self, registry: Registry, folder: str, key: str) -> Entry | None:
        """The cache entry, read from disk at most once per run."""
        memo_key = (registry.name, folder, key)
        if memo_key in self._memo:
            return self._memo[memo_key]
        if memo_key in self._absent:
            return None
        entry = self.cache.get(registry.name, folder, key)
        if entry is not None:
            self._memo[memo_key] = entry = _slim(entry, registry)
        return entry

    def read_many(self, registry: Registry, folder: str, keys: Iterable[str]) -> None:
        """Read the entries of ``keys`` this run has not read, together (a few queries
        rather than one per key); ``get`` then answers from memory."""
        wanted = [
            key
            for key in dict.fromkeys(keys)
            if (registry.name, folder, key) not in self._memo
            and (registry.name, folder, key) not in self._absent
        ]
        for i in range(0, len(wanted), _READ_MANY):  # a few payloads in memory at once
            chunk = wanted[i : i + _READ_MANY]
            found = self.cache.get_many(registry.name, folder, chunk)
            for key in chunk:
                entry = found.get(key)
                if entry is None:
                    self._absent.add((registry.name, folder, key))
                    continue
                self._memo[(registry.name, folder, key)] = entry = _slim(entry, registry)
                if folder == registry.folder and _current_parse(entry, registry):
                    # the record now, so that the run holds records, not their parses
                    self._kept_record(entry, Identifier(registry.kind, key))

    def remembered(self, registry: Registry, folder: str, key: str) -> Entry | None:
        """The entry this run has read or written, without reading the disk."""
        return self._memo.get((registry.name, folder, key))

    def put(self, registry: Registry, folder: str, key: str, answer: Answer) -> None:
        """Cache an answer (a registry's own record with its parse, when it parses)."""
        entry = Entry(
            registry.name, folder, key, answer.status, answer.payload, answer.url, now_iso()
        )
        if answer.status == 200 and keeps_parse(registry, folder):
            try:
                record = registry.parse(answer.payload, Identifier(registry.kind, key))
                parsed = record_to_data(record)
                entry = dataclasses.replace(entry, parsed=parsed, parsed_by=parser_id(registry))
            except RegistryError:
                pass  # kept raw; the lookup reports the problem
        self.cache.put(entry)
        self._memo[(registry.name, folder, key)] = _slim(entry, registry)
        self._absent.discard((registry.name, folder, key))

    def forget(self, registry: Registry, folder: str, key: str) -> None:
        """Drop what the run holds for a key, so that it is fetched again."""
        self._memo.pop((registry.name, folder, key), None)
        self._records.pop((registry.name, folder, key), None)

    def record(self, entry: Entry, registry: Registry, ident: Identifier) -> Record:
        """The Record of a cached payload: the stored parse when the same parser made it.
        Built once per run; the entry kept in memory then drops its payload and parse."""
        memo_key = (entry.registry, entry.kind, entry.key)
        if memo_key in self._records:
            return self._records[memo_key]
        if _current_parse(entry, registry):
            kept = self._kept_record(entry, ident)
            if kept is not None:
                return kept
        if not entry.payload:  # dropped from memory because the parse looked current
            entry = self.cache.get(entry.registry, entry.kind, entry.key) or entry
        record = registry.parse(entry.payload, ident)
        if entry.fetched is not None and not from_snapshot(entry):
            # keep the new parse (assembled entries and snapshots stay as made)
            self.cache.put(
                dataclasses.replace(
                    entry, parsed=record_to_data(record), parsed_by=parser_id(registry)
                )
            )
        self._records[memo_key] = record
        self._memo[memo_key] = _without_payload(entry, keep_parse=False)
        return record

    def _kept_record(self, entry: Entry, ident: Identifier) -> Record | None:
        """The Record of the entry's stored parse (None when it cannot be read), kept for
        the run; the entry is then kept without its payload and parse."""
        try:
            record = record_from_data(entry.parsed or {}, ident)
        except (KeyError, TypeError, ValueError):
            return None
        memo_key = (entry.registry, entry.kind, entry.key)
        self._records[memo_key] = record
        self._memo[memo_key] = _without_payload(entry, keep_parse=False)
        return record

    def fail(
        self, registry: Registry, folder: str, keys: Iterable[str], exc: RegistryError
    ) -> None:
        """Remember that the registry could not be asked about ``keys``."""
        for key in keys:
            self._failures[(registry.name, folder, key)] = (Problem.UNAVAILABLE, str(exc))

    def blame(self, registry: Registry, folder: str, key: str, failure: Failure) -> None:
        """Remember a failure found elsewhere as the reason ``key`` has no answer."""
        self._failures[(registry.name, folder, key)] = failure

    def failure(self, registry: Registry, folder: str, key: str) -> Failure | None:
        """Why the registry could not be asked about ``key`` this run, if it could not."""
        return self._failures.get((registry.name, folder, key))
