"""Resolving references: identifiers -> Lookups, through the cache and the registries.

For a list of references this makes as few requests as the registries allow:
Crossref works in batches of ``batch_size`` DOIs per filter request, DOIs to PMIDs in
one ESearch per batch, PubMed records in one EFetch per batch of PMIDs, PMCIDs in one
ID-converter call. Everything fetched is cached per record (batch answers are split),
and every failure becomes a Lookup with a problem, never an exception, so the other
references are still verified.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from asrefs.config import Options
from asrefs.errors import BadResponse, NotFound, RegistryError
from asrefs.http import Deadline, HttpClient, with_retries
from asrefs.models import (
    Identifier,
    Lookup,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Suggestion,
    record_from_data,
    record_to_data,
)
from asrefs.registries import crossref as cr
from asrefs.registries import pubmed as pm
from asrefs.resolve.cache import Cache, Entry, now_iso

log = logging.getLogger("asrefs")
T = TypeVar("T")
# progress(stage, done, total): stages "crossref", "pubmed", "idconv", "search"; may be
# called from worker threads.
Progress = Callable[[str, int, "int | None"], None]


@functools.cache
def parser_id(registry: str) -> str:
    """Names the parser that turns a registry's payload into a Record: a digest of its
    module, so a changed parser re-parses cached payloads instead of trusting old records."""
    module = {"crossref": cr, "pubmed": pm}[registry]
    digest = hashlib.sha256(Path(str(module.__file__)).read_bytes()).hexdigest()[:16]
    return f"{registry}/{digest}"


def _slim(entry: Entry, registry: str) -> Entry:
    """The entry to keep in memory for the run: without its raw payload when the parsed
    record beside it is current (a 10,000-reference run would otherwise hold every
    payload twice)."""
    if entry.parsed is not None and entry.parsed_by == parser_id(registry):
        return dataclasses.replace(entry, payload="")
    return entry


def _parse_payload(registry: str, payload: str, ident: Identifier) -> Record:
    if registry == "crossref":
        return cr.parse_work(cr.message_from_payload(payload), ident)
    return pm.parse_article(payload, ident)


@dataclass
class Resolver:
    """Owns the cache, the HTTP client and the registry clients for one run."""

    options: Options
    cache: Cache
    http: HttpClient | None = None
    crossref: cr.CrossrefClient | None = None
    pubmed: pm.PubMedClient | None = None
    deadline: Deadline = field(default_factory=lambda: Deadline(None))
    _problems: dict[tuple[str, str, str], tuple[Problem, str]] = field(default_factory=dict)
    _memo: dict[tuple[str, str, str], Entry] = field(default_factory=dict)
    _records: dict[tuple[str, str, str], Record] = field(default_factory=dict)
    progress: Progress | None = None
    _crossref_total: int = 0
    _search_total: int = 0
    _done: dict[str, int] = field(default_factory=dict)
    _progress_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(cls, options: Options) -> Resolver:
        cache = Cache(
            options.cache_dir,
            ttl_days=options.ttl_days,
            not_found_ttl_days=options.not_found_ttl_days,
            ignore_ttl=options.offline,
        )
        if options.refresh and not options.offline:
            cache.ttl_days = cache.not_found_ttl_days = -1.0
        resolver = cls(options=options, cache=cache, deadline=Deadline(options.deadline))
        if not options.offline:
            if not options.mailto:
                log.info(
                    "no contact address given (ASREFS_MAILTO or --mailto): using the "
                    "registries' anonymous pools, which have lower rate limits"
                )
            resolver.http = HttpClient(options, resolver.deadline)
            resolver.crossref = cr.CrossrefClient(options, resolver.http)
            resolver.pubmed = pm.PubMedClient(options, resolver.http)
        return resolver

    @property
    def requests_made(self) -> int:
        return self.http.requests_made if self.http else 0

    def close(self) -> None:
        if self.http:
            self.http.close()

    # --- the cache ---------------------------------------------------------------
    def _cached(self, registry: str, kind: str, key: str) -> Entry | None:
        """The cache entry, read from disk at most once per run."""
        memo_key = (registry, kind, key)
        if memo_key in self._memo:
            return self._memo[memo_key]
        entry = self.cache.get(registry, kind, key)
        if entry is not None:
            self._memo[memo_key] = entry = _slim(entry, registry)
        return entry

    def _store(
        self, registry: str, kind: str, key: str, status: int, payload: str, url: str
    ) -> None:
        entry = Entry(registry, kind, key, status, payload, url, now_iso())
        if status == 200 and (registry, kind) in (("crossref", "work"), ("pubmed", "pmid")):
            try:
                record = _parse_payload(registry, payload, Identifier(kind, key))
                parsed = record_to_data(record)
                entry = dataclasses.replace(entry, parsed=parsed, parsed_by=parser_id(registry))
            except RegistryError:
                pass  # kept raw; the lookup reports the problem
        self.cache.put(entry)
        self._memo[(registry, kind, key)] = _slim(entry, registry)

    def _record(self, entry: Entry, registry: str, ident: Identifier) -> Record:
        """The Record of a cached payload: the stored parse when the same parser made it.
        Built once per run; the entry kept in memory then drops its payload and parse."""
        memo_key = (entry.registry, entry.kind, entry.key)
        if memo_key in self._records:
            return self._records[memo_key]
        record = None
        if entry.parsed is not None and entry.parsed_by == parser_id(registry):
            try:
                record = record_from_data(entry.parsed, ident)
            except (KeyError, TypeError, ValueError):
                record = None
        if record is None:
            if not entry.payload:  # dropped from memory because the parse looked current
                entry = self.cache.get(entry.registry, entry.kind, entry.key) or entry
            record = _parse_payload(registry, entry.payload, ident)
            if entry.fetched is not None:  # keep the new parse (assembled entries stay as made)
                self.cache.put(
                    dataclasses.replace(
                        entry, parsed=record_to_data(record), parsed_by=parser_id(registry)
                    )
                )
        self._records[memo_key] = record
        self._memo[memo_key] = dataclasses.replace(entry, payload="", parsed=None, parsed_by=None)
        return record

    def _fail(self, registry: str, kind: str, keys: Iterable[str], exc: RegistryError) -> None:
        for key in keys:
            self._problems[(registry, kind, key)] = (Problem.UNAVAILABLE, str(exc))

    def _advance(self, stage: str, count: int, total: int) -> None:
        """Report ``count`` more identifiers of ``stage`` done, out of ``total``."""
        if self.progress is None:
            return
        with self._progress_lock:
            done = self._done[stage] = min(total, self._done.get(stage, 0) + count)
            self.progress(stage, done, total)

    def _call(self, fn: Callable[[], T]) -> T:
        return with_retries(fn, self.options, self.deadline)

    # --- Crossref ----------------------------------------------------------------
    def _fetch_crossref(self, dois: list[str]) -> None:
        missing = [d for d in dois if self._cached("crossref", "work", d) is None]
        if not missing or self.crossref is None:
            return
        client = self.crossref
        plain = [d for d in missing if "," not in d]
        alone = [d for d in missing if "," in d]
        self._crossref_total = len(missing)
        self._advance("crossref", 0, len(missing))
        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency)) as pool:
            futures: list[Future[None]] = [
                pool.submit(self._crossref_batch, client, batch)
                for batch in cr.chunks(plain, self.options.batch_size)
            ]
            futures += [pool.submit(self._crossref_single, client, d) for d in alone]
            for f in futures:
                f.result()

    def _crossref_batch(self, client: cr.CrossrefClient, batch: list[str]) -> None:
        try:
            self._crossref_batch_once(client, batch)
        finally:
            self._advance("crossref", len(batch), self._crossref_total)

    def _crossref_batch_once(self, client: cr.CrossrefClient, batch: list[str]) -> None:
        if self.deadline.expired():
            self._fail("crossref", "work", batch, RegistryError("Crossref: run deadline reached"))
            return
        try:
            works, url = self._call(lambda: client.fetch_batch(batch))
        except RegistryError as exc:
            self._fail("crossref", "work", batch, exc)
            return
        for doi in batch:
            if doi in works:
                self._store("crossref", "work", doi, 200, cr.envelope(works[doi]), url)
            else:
                self._store("crossref", "work", doi, 404, "Resource not found.", url)

    def _crossref_single(self, client: cr.CrossrefClient, doi: str) -> None:
        try:
            message = self._call(lambda: client.fetch_work(doi))
        except NotFound:
            self._store(
                "crossref",
                "work",
                doi,
                404,
                "Resource not found.",
                f"{client.base_url}/works/{doi}",
            )
            return
        except RegistryError as exc:
            self._fail("crossref", "work", [doi], exc)
            return
        assert isinstance(message, dict)
        self._store(
            "crossref", "work", doi, 200, cr.envelope(message), f"{client.base_url}/works/{doi}"
        )

    def _agency(self, doi: str) -> tuple[str | None, Problem | None, str]:
        """The registration agency of a DOI Crossref does not hold."""
        entry = self._cached("crossref", "agency", doi)
        if entry is None and self.crossref is not None:
            client = self.crossref
            url = f"{client.base_url}/works/{doi}/agency"
            try:
                agency = self._call(lambda: client.fetch_agency(doi))
                self._store("crossref", "agency", doi, 200, str(agency), url)
            except NotFound:
                self._store("crossref", "agency", doi, 404, "Resource not found.", url)
            except RegistryError as exc:
                return None, Problem.UNAVAILABLE, str(exc)
            entry = self._cached("crossref", "agency", doi)
        if entry is None:
            return None, None, ""
        return (entry.payload.strip().lower() if entry.found else None), None, ""

    def _refetched_record(self, registry: str, kind: str, key: str, ident: Identifier) -> Record:
        """A cached payload could not be parsed: fetch it again once (online) and parse
        the fresh one; raises RegistryError when that is not possible or fails too."""
        if self.options.offline or self.crossref is None or self.pubmed is None:
            raise BadResponse(f"{registry}: the cached answer cannot be read")
        self._memo.pop((registry, kind, key), None)
        self._records.pop((registry, kind, key), None)
        if registry == "crossref":
            self._crossref_single(self.crossref, key)
        else:
            self._fetch_pmids([key], again=True)
        entry = self._memo.get((registry, kind, key))
        if entry is None or not entry.found:
            problem = self._problems.get((registry, kind, key))
            raise BadResponse(problem[1] if problem else f"{registry}: fetched again, not found")
        return self._record(entry, registry, ident)

    def _lookup_record(self, entry: Entry, registry: str, kind: str, ident: Identifier) -> Record:
        try:
            return self._record(entry, registry, ident)
        except RegistryError:
            log.warning(
                "cached %s answer for %s cannot be read; fetching it again", registry, ident
            )
            return self._refetched_record(registry, kind, entry.key, ident)

    def crossref_lookup(self, doi: str) -> Lookup:
        ident = Identifier("doi", doi)
        entry = self._cached("crossref", "work", doi)
        if entry is None:
            problem = self._problems.get(("crossref", "work", doi))
            if problem:
                return Lookup(ident, "crossref", problem=problem[0], detail=problem[1])
            return Lookup(ident, "crossref", problem=Problem.NOT_CACHED, detail="not in the cache")
        if entry.found:
            try:
                record = self._lookup_record(entry, "crossref", "work", ident)
            except RegistryError as exc:
                return Lookup(ident, "crossref", problem=Problem.UNAVAILABLE, detail=str(exc))
            return Lookup(ident, "crossref", record=record, from_cache=True)
        agency, agency_problem, detail = self._agency(doi)
        if agency_problem is not None:
            return Lookup(ident, "crossref", problem=agency_problem, detail=detail)
        if agency and agency != "crossref":
            return Lookup(
                ident,
                "crossref",
                problem=Problem.OTHER_AGENCY,
                agency=agency,
                detail=f"registered with {agency}",
            )
        if (
            agency is None
            and self.options.offline
            and self._cached("crossref", "agency", doi) is None
        ):
            return Lookup(
                ident,
                "crossref",
                problem=Problem.NOT_CACHED,
                detail="Crossref does not hold it; its agency is not in the cache",
            )
        return Lookup(
            ident,
            "crossref",
            problem=Problem.NOT_FOUND,
            agency=agency,
            detail="no registration agency knows this DOI",
        )

    # --- PubMed --------------------------------------------------------------------
    def _map_dois(self, dois: list[str]) -> None:
        """DOI -> PMIDs for DOIs not yet mapped: ESearch, then EFetch to map back."""
        missing = [d for d in dois if self._cached("pubmed", "doi", d) is None]
        if not missing or self.pubmed is None:
            return
        client = self.pubmed
        self._advance("pubmed", 0, len(missing))
        for batch in cr.chunks(missing, self.options.pubmed_batch_size):
            try:
                pmids, url = self._call(partial(client.esearch_dois, batch))
            except RegistryError as exc:
                self._fail("pubmed", "doi", batch, exc)
                self._advance("pubmed", len(batch), len(missing))
                continue
            self._fetch_pmids(pmids)
            unfetched = [p for p in pmids if self._cached("pubmed", "pmid", p) is None]
            found: dict[str, list[str]] = {}
            for pmid in pmids:
                entry = self._cached("pubmed", "pmid", pmid)
                if entry is None or not entry.found:
                    continue
                try:
                    doi = self._record(entry, "pubmed", Identifier("pmid", pmid)).doi
                except RegistryError:
                    continue
                if doi:
                    found.setdefault(doi, []).append(pmid)
            for doi in batch:
                if doi not in found and unfetched:
                    # a PMID ESearch named could not be fetched: it may be this DOI's
                    self._problems[("pubmed", "doi", doi)] = self._problems.get(
                        ("pubmed", "pmid", unfetched[0]),
                        (Problem.UNAVAILABLE, "PubMed: a record could not be fetched"),
                    )
                    continue
                payload = json.dumps({"doi": doi, "pmids": found.get(doi, [])})
                self._store("pubmed", "doi", doi, 200 if doi in found else 404, payload, url)
            self._advance("pubmed", len(batch), len(missing))

    def _fetch_pmids(self, pmids: list[str], *, again: bool = False) -> None:
        """EFetch the PMIDs the cache lacks (all of them ``again``)."""
        missing = [
            p for p in dict.fromkeys(pmids) if again or self._cached("pubmed", "pmid", p) is None
        ]
        if not missing or self.pubmed is None:
            return
        client = self.pubmed
        for batch in cr.chunks(missing, self.options.pubmed_batch_size):
            try:
                articles, url = self._call(partial(client.efetch, batch))
            except RegistryError as exc:
                self._fail("pubmed", "pmid", batch, exc)
                continue
            for pmid in batch:
                if pmid in articles:
                    self._store("pubmed", "pmid", pmid, 200, articles[pmid], url)
                else:
                    self._store("pubmed", "pmid", pmid, 404, "", url)

    def pmids_for_doi(self, doi: str) -> list[str] | None:
        entry = self._cached("pubmed", "doi", doi)
        if entry is None:
            return None
        try:
            return [str(p) for p in json.loads(entry.payload).get("pmids", [])]
        except (ValueError, AttributeError):
            return None

    def pubmed_lookup(self, pmid: str) -> Lookup:
        ident = Identifier("pmid", pmid)
        entry = self._cached("pubmed", "pmid", pmid)
        if entry is None:
            problem = self._problems.get(("pubmed", "pmid", pmid))
            if problem:
                return Lookup(ident, "pubmed", problem=problem[0], detail=problem[1])
            return Lookup(ident, "pubmed", problem=Problem.NOT_CACHED, detail="not in the cache")
        if not entry.found:
            return Lookup(
                ident, "pubmed", problem=Problem.NOT_FOUND, detail="PubMed has no such PMID"
            )
        try:
            record = self._lookup_record(entry, "pubmed", "pmid", ident)
        except RegistryError as exc:
            return Lookup(ident, "pubmed", problem=Problem.UNAVAILABLE, detail=str(exc))
        return Lookup(ident, "pubmed", record=record, from_cache=True)

    # --- PMC ID converter --------------------------------------------------------
    def _convert_pmcids(self, pmcids: list[str]) -> None:
        missing = [p for p in pmcids if self._cached("idconv", "id", p) is None]
        if not missing or self.pubmed is None:
            return
        client = self.pubmed
        for batch in cr.chunks(missing, 200):
            try:
                records, url = self._call(partial(client.idconv, batch))
            except RegistryError as exc:
                self._fail("idconv", "id", batch, exc)
                continue
            by_id: dict[str, dict[str, Any]] = {}
            for rec in records:
                key = str(rec.get("pmcid") or rec.get("requested-id") or "").upper()
                by_id[key] = rec
            for pmcid in batch:
                found_rec = by_id.get(pmcid.upper())
                ok = bool(
                    found_rec
                    and found_rec.get("status") != "error"
                    and (found_rec.get("pmid") or found_rec.get("doi"))
                )
                payload = json.dumps(found_rec or {})
                self._store("idconv", "id", pmcid, 200 if ok else 404, payload, url)

    def pmcid_mapping(self, pmcid: str) -> tuple[str | None, str | None, Problem | None]:
        entry = self._cached("idconv", "id", pmcid)
        if entry is None:
            problem = self._problems.get(("idconv", "id", pmcid))
            return None, None, problem[0] if problem else Problem.NOT_CACHED
        if not entry.found:
            return None, None, Problem.NOT_FOUND
        try:
            rec = json.loads(entry.payload)
        except ValueError:
            return None, None, Problem.UNAVAILABLE
        pmid = str(rec["pmid"]) if rec.get("pmid") else None
        doi = str(rec["doi"]).lower() if rec.get("doi") else None
        return pmid, doi, None

    # --- search for references without identifiers -----------------------------
    def suggest(self, ref: Reference) -> Suggestion | None:
        from asrefs.resolve.match import match_score, search_query

        query = search_query(ref)
        if not query:
            return None
        key = re.sub(r"\s+", " ", query.lower()).strip()
        entry = self._cached("crossref", "search", key)
        if entry is None and self.crossref is not None and not self.deadline.expired():
            client = self.crossref
            try:
                items = self._call(lambda: client.search(query, rows=5))
            except RegistryError as exc:
                log.debug("search failed for reference %s: %s", ref.index, exc)
                return None
            payload = json.dumps({"message": {"items": items}}, ensure_ascii=False)
            self._store(
                "crossref",
                "search",
                key,
                200,
                payload,
                f"{client.base_url}/works?query.bibliographic=",
            )
            entry = self._cached("crossref", "search", key)
        if entry is None:
            return None
        try:
            items = json.loads(entry.payload)["message"]["items"]
        except (ValueError, KeyError, TypeError):
            return None
        best: Suggestion | None = None
        for item in items:
            try:
                record = cr.parse_work(item)
            except RegistryError:
                continue
            score = match_score(ref, record)
            if record.doi and (best is None or score > best.score):
                best = Suggestion(record.doi, round(score, 3), "crossref", record)
        if best is not None and best.score >= self.options.search_threshold:
            return best
        return None

    # --- all references ----------------------------------------------------------
    def resolve(
        self, references: list[Reference], progress: Progress | None = None
    ) -> list[ReferenceResult]:
        """Lookups for every reference, fetching what the cache lacks in batches;
        ``progress`` hears how far each registry has got."""
        self.progress = progress
        pmcids = sorted({r.pmcid for r in references if r.pmcid and not (r.pmid or r.doi)})
        if pmcids:
            self._convert_pmcids(pmcids)
        mapped: dict[int, tuple[str | None, str | None, Problem | None]] = {
            i: self.pmcid_mapping(r.pmcid)
            for i, r in enumerate(references)
            if r.pmcid and not (r.pmid or r.doi)
        }
        dois = list(
            dict.fromkeys(
                d for d in (self._doi(r, mapped.get(i)) for i, r in enumerate(references)) if d
            )
        )
        printed_pmids = [
            p for p in (self._pmid(r, mapped.get(i)) for i, r in enumerate(references)) if p
        ]
        dois_without_pmid = list(
            dict.fromkeys(
                d
                for i, r in enumerate(references)
                if (d := self._doi(r, mapped.get(i))) and not self._pmid(r, mapped.get(i))
            )
        )
        if not self.options.offline:
            with ThreadPoolExecutor(max_workers=2) as pool:
                a = pool.submit(self._fetch_crossref, dois)
                b = pool.submit(self._pubmed_all, printed_pmids, dois_without_pmid)
                a.result()
                b.result()
        self._search_total = sum(
            1
            for i, r in enumerate(references)
            if not (self._doi(r, mapped.get(i)) or self._pmid(r, mapped.get(i)) or r.pmcid)
        )
        results = []
        for i, ref in enumerate(references):
            results.append(self._result(ref, mapped.get(i)))
            self._advance("resolve", 1, len(references))
        return results

    def _pubmed_all(self, pmids: list[str], dois: list[str]) -> None:
        self._fetch_pmids(pmids)
        self._map_dois(dois)

    @staticmethod
    def _doi(
        ref: Reference, mapping: tuple[str | None, str | None, Problem | None] | None
    ) -> str | None:
        return ref.doi or (mapping[1] if mapping else None)

    @staticmethod
    def _pmid(
        ref: Reference, mapping: tuple[str | None, str | None, Problem | None] | None
    ) -> str | None:
        return ref.pmid or (mapping[0] if mapping else None)

    def _result(
        self, ref: Reference, mapping: tuple[str | None, str | None, Problem | None] | None
    ) -> ReferenceResult:
        lookups: list[Lookup] = []
        if mapping is not None and mapping[2] is not None:
            failure = self._problems.get(("idconv", "id", ref.pmcid or ""))
            lookups.append(
                Lookup(
                    Identifier("pmcid", ref.pmcid or ""),
                    "idconv",
                    problem=mapping[2],
                    detail=failure[1] if failure else "",
                )
            )
        doi = self._doi(ref, mapping)
        pmid = self._pmid(ref, mapping)
        if doi:
            lookups.append(self.crossref_lookup(doi))
        if pmid:
            lookups.append(self.pubmed_lookup(pmid))
        elif doi:
            pmids = self.pmids_for_doi(doi)
            failure = self._problems.get(("pubmed", "doi", doi))
            if pmids:
                lookups.append(self.pubmed_lookup(pmids[0]))
            elif pmids is None and failure is not None:  # PubMed could not be asked
                lookups.append(
                    Lookup(Identifier("doi", doi), "pubmed", problem=failure[0], detail=failure[1])
                )
        suggestion = None
        if not lookups and self.options.search:
            suggestion = self.suggest(ref)
            self._advance("search", 1, self._search_total)
        return ReferenceResult(ref, tuple(lookups), suggestion)
