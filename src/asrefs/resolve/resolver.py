"""Resolving references: [Reference] -> [ReferenceResult], through the cache and the
registries of the ``REGISTRIES`` table.

For a list of references this makes as few requests as the registries allow: the
converters first (PMCIDs in one ID-converter call per batch), then every registry that
holds records at once, each in its own batches (Crossref's DOIs ``batch_size`` per
filter request, PubMed's PMIDs in one EFetch per batch, DOIs to PMIDs in one ESearch per
batch, arXiv ids in one query per batch, DataCite's DOIs of the prefixes it holds one
by one), with the registration agency of each DOI Crossref lacks; then the DOIs whose
agency has a registry here (DataCite). Everything fetched is cached per record (batch
answers are split), and every failure becomes a Lookup with a problem, never an
exception, so the other references are still verified. A reference no registry can
be asked about is searched for.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from asrefs.config import Options
from asrefs.http import Deadline, HttpClient
from asrefs.models import Lookup, Reference, ReferenceResult
from asrefs.registries import REGISTRIES, Registry
from asrefs.resolve import plan
from asrefs.resolve.cache import Cache
from asrefs.resolve.lookup import Lookups
from asrefs.resolve.plan import Identifiers
from asrefs.resolve.search import Outcome, Searcher
from asrefs.resolve.store import Store

log = logging.getLogger("asrefs")
# progress(stage, done, total): stages are the registries' names ("idconv", "crossref",
# "datacite", "pubmed", "arxiv"), "search" and "resolve"; may be called from worker threads.
Progress = Callable[[str, int, "int | None"], None]


class Resolver:
    """Owns the cache, the HTTP client and the registries for one run."""

    def __init__(self, options: Options, cache: Cache, http: HttpClient | None = None) -> None:
        self.options = options
        self.cache = cache
        self.http = http
        self.deadline = http.run_deadline if http else Deadline(options.deadline)
        self.registries: list[Registry] = [make(options, http) for make in REGISTRIES]
        self.lookups = Lookups(
            options,
            Store(cache),
            self.deadline,
            self._advance,
            online=http is not None,
            registries=plan.sources(self.registries),
        )
        self.progress: Progress | None = None
        self._done: dict[str, int] = {}
        self._progress_lock = threading.Lock()

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
        if options.offline:
            return cls(options, cache)
        if not options.mailto:
            log.info(
                "no contact address given (ASREFS_MAILTO or --mailto): using the "
                "registries' anonymous pools, which have lower rate limits"
            )
        return cls(options, cache, HttpClient(options, Deadline(options.deadline)))

    @property
    def requests_made(self) -> int:
        return self.http.requests_made if self.http else 0

    def close(self) -> None:
        if self.http:
            self.http.close()

    def _advance(self, stage: str, count: int, total: int) -> None:
        """Report ``count`` more units of ``stage`` done, out of ``total``."""
        if self.progress is None:
            return
        with self._progress_lock:
            if count == 0:  # a stage (re)starts
                self._done[stage] = 0
            done = self._done[stage] = min(total, self._done.get(stage, 0) + count)
            self.progress(stage, done, total)

    def resolve(
        self, references: list[Reference], progress: Progress | None = None
    ) -> list[ReferenceResult]:
        """Lookups for every reference, fetching what the cache lacks in batches;
        ``progress`` hears how far each registry has got."""
        self.progress = progress
        planned = [plan.printed(ref) for ref in references]
        conversions = self._convert(planned)
        sources = plan.sources(self.registries)
        if self.lookups.online:
            self._fetch(sources, planned)
        searches = plan.searcher(self.registries) if self.options.search else None
        searcher = Searcher(self.lookups, searches) if searches is not None else None
        search_total = plan.unidentified(planned, self.registries)
        results = []
        for ref, ids, failed in zip(references, planned, conversions, strict=True):
            lookups = [*failed, *self._lookups(sources, ids)]
            found = Outcome()
            if not lookups and searcher is not None:
                found = searcher.search(ref)
                self._advance("search", 1, search_total)
            results.append(
                ReferenceResult(
                    ref,
                    tuple(lookups),
                    found.suggestion,
                    found.failure,
                    searched=found.searched,
                    closest=found.closest,
                )
            )
            self._advance("resolve", 1, len(references))
        return results

    def _fetch(self, sources: list[Registry], planned: list[Identifiers]) -> None:
        """Every registry's keys at once (with the agencies of the keys a registry that
        asks them does not hold); then the keys those agencies route to another."""
        with ThreadPoolExecutor(max_workers=max(1, len(sources))) as pool:
            futures = [
                pool.submit(self._fetch_own, registry, plan.keys_for(registry, planned, sources))
                for registry in sources
            ]
            for f in futures:
                f.result()
        for registry in sources:
            if registry.routed and registry.agency:
                routed = self.lookups.routed_keys(registry, planned)
                if routed:
                    self.lookups.fetch_all(registry, plan.Keys(routed, {}))

    def _fetch_own(self, registry: Registry, keys: plan.Keys) -> None:
        self.lookups.fetch_all(registry, keys)
        if registry.asks_agency:
            self.lookups.fetch_agencies(registry, keys.own)

    def _convert(self, planned: list[Identifiers]) -> list[list[Lookup]]:
        """Complete each reference's identifiers with what the converters name for it
        (in place); per reference, the Lookups of conversions that failed."""
        failed: list[list[Lookup]] = [[] for _ in planned]
        for converter in plan.converters(self.registries):
            keys = plan.to_convert(planned, converter)
            if keys and self.lookups.online:
                self.lookups.fetch_all(converter, plan.Keys(keys, {}))
            for ids, failures in zip(planned, failed, strict=True):
                if plan.needs_conversion(ids, converter):
                    supplied, failure = self.lookups.converted(converter, ids[converter.kind])
                    ids.update(supplied)
                    if failure is not None:
                        failures.append(failure)
        return failed

    def _lookups(self, sources: list[Registry], ids: Identifiers) -> list[Lookup]:
        found = (self.lookups.lookup(registry, ids) for registry in sources)
        return [lookup for lookup in found if lookup is not None]
