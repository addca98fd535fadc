"""Looking identifiers up: the cache first, then the registry, for any registry of the
``REGISTRIES`` table. Fetching asks a registry for every key the cache lacks, in
batches (several at once where the registry allows), with retries; reading turns what
the cache then holds into a Lookup. Every failure becomes a Lookup with a problem,
never an exception, so the other references are still verified.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from asrefs.config import Options
from asrefs.errors import BadResponse, RegistryError
from asrefs.http import Deadline, with_retries
from asrefs.models import Identifier, Lookup, Problem, Record
from asrefs.registries import Answer, Registry
from asrefs.resolve import plan
from asrefs.resolve.cache import Entry
from asrefs.resolve.plan import Identifiers, Keys
from asrefs.resolve.store import Failure, Store

log = logging.getLogger("asrefs")
T = TypeVar("T")
# advance(stage, count, total): ``count`` more units of ``stage`` done, out of ``total``
Advance = Callable[[str, int, int], None]
AGENCY = "agency"  # the cache folder of a DOI's registration agency


class Lookups:
    """Fetches and reads the answers of the registries for one run."""

    def __init__(
        self,
        options: Options,
        store: Store,
        deadline: Deadline,
        advance: Advance,
        *,
        online: bool,
        registries: Sequence[Registry],
    ) -> None:
        """``registries``: every registry that holds records, in order of authority."""
        self.registries = list(registries)
        self.options = options
        self.store = store
        self.deadline = deadline
        self.advance = advance
        self.online = online

    def call(self, fn: Callable[[], T]) -> T:
        return with_retries(fn, self.options, self.deadline)

    # --- fetching ------------------------------------------------------------------
    def _missing(self, registry: Registry, folder: str, keys: list[str]) -> list[str]:
        self.store.read_many(registry, folder, keys)
        return [k for k in dict.fromkeys(keys) if self.store.get(registry, folder, k) is None]

    def fetch_all(self, registry: Registry, keys: Keys) -> None:
        """Ask ``registry`` about every key the cache lacks; its progress stage counts
        the keys asked for, whether by its own kind or through ``found_by``."""
        own = self._missing(registry, registry.folder, keys.own)
        found_by = {kind: self._missing(registry, kind, v) for kind, v in keys.found_by.items()}
        found_keys = (
            found[0]  # the record a value was found to be, which _found_lookup reads
            for kind, values in keys.found_by.items()
            for value in values
            if (found := self._found_keys(registry, kind, value))
        )
        self.store.read_many(registry, registry.folder, found_keys)
        total = len(own) + sum(len(v) for v in found_by.values())
        if not total or not self.online:
            return
        self.advance(registry.name, 0, total)
        self._fetch_missing(registry, own, total)
        for kind, values in found_by.items():
            self._find(registry, kind, values, total)

    def _fetch(self, registry: Registry, keys: list[str]) -> None:
        """Fetch the records of ``keys`` the cache lacks."""
        self._fetch_missing(registry, self._missing(registry, registry.folder, keys), None)

    def _fetch_missing(self, registry: Registry, missing: list[str], total: int | None) -> None:
        """Fetch records, ``workers`` batches at once; with a ``total``, each batch done
        advances the registry's progress."""
        if not missing or not self.online:
            return
        with ThreadPoolExecutor(max_workers=registry.workers) as pool:
            futures: list[Future[None]] = [
                pool.submit(self._fetch_batch, registry, batch, total)
                for batch in plan.batches(registry, missing)
            ]
            for f in futures:
                f.result()

    def _fetch_batch(self, registry: Registry, batch: list[str], total: int | None) -> None:
        try:
            if registry.batchable(batch[0]):
                self._fetch_many(registry, batch)
            else:  # a key that cannot be batched comes alone
                self._fetch_alone(registry, batch[0])
        finally:
            if total is not None:
                self.advance(registry.name, len(batch), total)

    def _fetch_many(self, registry: Registry, batch: list[str]) -> None:
        try:
            answers = self.call(partial(registry.fetch_many, batch))
        except RegistryError as exc:
            self.store.fail(registry, registry.folder, batch, exc)
            return
        for key in batch:
            self.store.put(registry, registry.folder, key, answers[key])

    def _fetch_alone(self, registry: Registry, key: str) -> None:
        try:
            answer = self.call(partial(registry.fetch_one, key))
        except RegistryError as exc:
            self.store.fail(registry, registry.folder, [key], exc)
            return
        self.store.put(registry, registry.folder, key, answer)

    def _find(self, registry: Registry, kind: str, missing: list[str], total: int) -> None:
        """Map values of another ``kind`` the cache lacks to the registry's keys: ask which
        keys may hold them, fetch those records and read each one's ``kind`` back."""
        for batch in plan.chunks(missing, registry.batch_size):
            try:
                keys, url = self.call(partial(registry.find_keys, kind, batch))
            except RegistryError as exc:
                self.store.fail(registry, kind, batch, exc)
            else:
                self._fetch(registry, keys)
                self._store_found(registry, kind, batch, keys, url)
            self.advance(registry.name, len(batch), total)

    def _store_found(
        self, registry: Registry, kind: str, batch: list[str], keys: list[str], url: str
    ) -> None:
        unfetched = [k for k in keys if self.store.get(registry, registry.folder, k) is None]
        found: dict[str, list[str]] = {}
        for key in keys:
            entry = self.store.get(registry, registry.folder, key)
            if entry is None or not entry.found:
                continue
            try:
                record = self.store.record(entry, registry, Identifier(registry.kind, key))
            except RegistryError:
                continue
            value = getattr(record, kind, None)
            if value:
                found.setdefault(value, []).append(key)
        for value in batch:
            if value not in found and unfetched:
                # a key the search named could not be fetched: it may be this value's
                failure = self.store.failure(registry, registry.folder, unfetched[0]) or (
                    Problem.UNAVAILABLE,
                    f"{registry.label}: a record could not be fetched",
                )
                self.store.blame(registry, kind, value, failure)
                continue
            payload = json.dumps({kind: value, f"{registry.kind}s": found.get(value, [])})
            status = 200 if value in found else 404
            self.store.put(registry, kind, value, Answer(status, payload, url))

    # --- reading -------------------------------------------------------------------
    def lookup(self, registry: Registry, ids: Identifiers) -> Lookup | None:
        """The registry's Lookup for a reference: by its own kind, or through another;
        None when it is not asked about it (a key of its kind that goes to another)."""
        if registry.kind in ids:
            if plan.asks(registry, self.registries, ids):
                return self._record_lookup(registry, ids[registry.kind])
            return None
        if registry.unless & ids.keys():
            return None
        for kind in sorted(registry.found_by):
            if kind in ids:
                return self._found_lookup(registry, kind, ids[kind])
        return None

    def record_lookup(self, registry: Registry, key: str) -> Lookup:
        """The registry's Lookup of one of its own keys, from what the store holds."""
        return self._record_lookup(registry, key)

    def _record_lookup(self, registry: Registry, key: str) -> Lookup:
        ident = Identifier(registry.kind, key)
        entry = self.store.get(registry, registry.folder, key)
        if entry is None:
            failure = self.store.failure(registry, registry.folder, key)
            if failure:
                return Lookup(ident, registry.name, problem=failure[0], detail=failure[1])
            return Lookup(
                ident, registry.name, problem=Problem.NOT_CACHED, detail="not in the cache"
            )
        if entry.found:
            try:
                record = self._readable_record(entry, registry, ident)
            except RegistryError as exc:
                return Lookup(ident, registry.name, problem=Problem.UNAVAILABLE, detail=str(exc))
            return Lookup(ident, registry.name, record=record, from_cache=True)
        if registry.asks_agency:
            return self._agency_lookup(registry, ident)
        return Lookup(ident, registry.name, problem=Problem.NOT_FOUND, detail=registry.not_found)

    def _found_keys(self, registry: Registry, kind: str, value: str) -> list[str] | None:
        """The registry's keys found for a value of another kind; None when not known."""
        entry = self.store.get(registry, kind, value)
        if entry is None:
            return None
        try:
            keys = json.loads(entry.payload).get(f"{registry.kind}s", [])
        except (ValueError, AttributeError):
            return None
        return [str(k) for k in keys]

    def _found_lookup(self, registry: Registry, kind: str, value: str) -> Lookup | None:
        keys = self._found_keys(registry, kind, value)
        failure = self.store.failure(registry, kind, value)
        if keys:
            return self._record_lookup(registry, keys[0])
        if keys is None and failure is not None:  # the registry could not be asked
            return Lookup(
                Identifier(kind, value), registry.name, problem=failure[0], detail=failure[1]
            )
        return None

    def _readable_record(self, entry: Entry, registry: Registry, ident: Identifier) -> Record:
        try:
            return self.store.record(entry, registry, ident)
        except RegistryError:
            log.warning(
                "cached %s answer for %s cannot be read; fetching it again", registry.name, ident
            )
            return self._refetched_record(registry, ident)

    def _refetched_record(self, registry: Registry, ident: Identifier) -> Record:
        """A cached payload could not be parsed: fetch it again once (online) and parse
        the fresh one; raises RegistryError when that is not possible or fails too."""
        if not self.online:
            raise BadResponse(f"{registry.name}: the cached answer cannot be read")
        self.store.forget(registry, registry.folder, ident.value)
        self._fetch_alone(registry, ident.value)
        entry = self.store.remembered(registry, registry.folder, ident.value)
        if entry is None or not entry.found:
            failure = self.store.failure(registry, registry.folder, ident.value)
            raise BadResponse(
                failure[1] if failure else f"{registry.name}: fetched again, not found"
            )
        return self.store.record(entry, registry, ident)

    # --- registration agencies -----------------------------------------------------
    def _agency_lookup(self, registry: Registry, ident: Identifier) -> Lookup:
        """The Lookup of a key the registry does not hold, by who does: the record of the
        registry of that agency when there is one, else why it cannot be checked."""
        agency, failure = self._agency(registry, ident.value)
        if failure is not None:
            return Lookup(ident, registry.name, problem=failure[0], detail=failure[1])
        holder = self._agency_registry(registry, agency)
        if holder is not None:
            return self._record_lookup(holder, ident.value)
        if agency and agency != registry.name:
            return Lookup(
                ident,
                registry.name,
                problem=Problem.OTHER_AGENCY,
                agency=agency,
                detail=f"registered with {agency}",
            )
        if (
            agency is None
            and not self.online
            and self.store.get(registry, AGENCY, ident.value) is None
        ):
            return Lookup(
                ident,
                registry.name,
                problem=Problem.NOT_CACHED,
                detail=f"{registry.label} does not hold it; its agency is not in the cache",
            )
        return Lookup(
            ident,
            registry.name,
            problem=Problem.NOT_FOUND,
            agency=agency,
            detail=registry.not_found,
        )

    def _agency(self, registry: Registry, key: str) -> tuple[str | None, Failure | None]:
        """The registration agency of a key the registry does not hold, or why unknown."""
        failure = self.store.failure(registry, AGENCY, key)
        if failure is not None:
            return None, failure
        entry = self.store.get(registry, AGENCY, key)
        if entry is None and self.online:
            try:
                answer = self.call(partial(registry.fetch_agency, key))
            except RegistryError as exc:
                self.store.fail(registry, AGENCY, [key], exc)
                return None, (Problem.UNAVAILABLE, str(exc))
            self.store.put(registry, AGENCY, key, answer)
            entry = self.store.get(registry, AGENCY, key)
        if entry is None or not entry.found:
            return None, None
        return entry.payload.strip().lower(), None

    def _agency_registry(self, registry: Registry, agency: str | None) -> Registry | None:
        """The routed registry that holds keys of ``registry``'s kind for ``agency``."""
        return next(
            (
                r
                for r in self.registries
                if agency and r.routed and r.agency == agency and r.kind == registry.kind
            ),
            None,
        )

    def fetch_agencies(self, registry: Registry, keys: list[str]) -> None:
        """Ask who registered each of ``keys`` that ``registry`` does not hold (and whose
        agency is not cached), ``workers`` at once."""
        lacking = [
            k
            for k in dict.fromkeys(keys)
            if (entry := self.store.get(registry, registry.folder, k)) is not None
            and not entry.found
            and self.store.get(registry, AGENCY, k) is None
        ]
        if not lacking or not self.online:
            return
        with ThreadPoolExecutor(max_workers=registry.workers) as pool:
            list(pool.map(partial(self._agency, registry), lacking))

    def routed_keys(self, registry: Registry, planned: Sequence[Identifiers]) -> list[str]:
        """The keys routed to ``registry`` by their agency: keys of its kind that the
        registry asked first does not hold and whose agency is ``registry.agency``."""
        asked: list[tuple[str, Registry]] = []
        for ids in planned:
            key = ids.get(registry.kind)
            if key is None or registry.unless & ids.keys():
                continue
            asker = plan.first_asked(self.registries, registry.kind, key)
            if asker is None or asker is registry or not asker.asks_agency:
                continue
            asked.append((key, asker))
        for asker in {a.name: a for _, a in asked}.values():
            self.store.read_many(asker, AGENCY, [k for k, a in asked if a is asker])
        out: list[str] = []
        for key, asker in asked:
            entry = self.store.get(asker, AGENCY, key)
            agency = entry.payload.strip().lower() if entry is not None and entry.found else None
            if agency == registry.agency:
                out.append(key)
        return list(dict.fromkeys(out))

    # --- converters ----------------------------------------------------------------
    def converted(self, converter: Registry, key: str) -> tuple[Identifiers, Lookup | None]:
        """The identifiers a converter names for ``key``, or the Lookup saying why none."""
        entry = self.store.get(converter, converter.folder, key)
        failure = self.store.failure(converter, converter.folder, key)
        ident = Identifier(converter.kind, key)
        if entry is None:
            problem = failure[0] if failure else Problem.NOT_CACHED
        elif not entry.found:
            problem = Problem.NOT_FOUND
        else:
            try:
                record = converter.parse(entry.payload, ident)
            except RegistryError:
                problem = Problem.UNAVAILABLE
            else:
                supplied = {k: getattr(record, k, None) for k in sorted(converter.supplies)}
                return {k: v for k, v in supplied.items() if v}, None
        detail = failure[1] if failure else ""
        return {}, Lookup(ident, converter.name, problem=problem, detail=detail)
