"""Resolving references: [Reference] -> [ReferenceResult], through the cache and the
registries of the ``REGISTRIES`` table.

For a list of references this makes as few requests as the registries allow: the
converters first (PMCIDs in one ID-converter call per batch), then every registry that
holds records at once, each in its own batches (Crossref's DOIs ``batch_size`` per
filter request, PubMed's PMIDs in one EFetch per batch, DOIs to PMIDs in one ESearch per
batch, arXiv ids in one query per batch, DataCite's DOIs of the prefixes it holds one
by one), with the registration agency of each DOI Crossref lacks; then the DOIs whose
agency has a registry here (DataCite); then, from a second source (OpenAlex), the DOIs
none of those holds. Everything fetched is cached per record (batch answers are split),
and every failure becomes a Lookup with a problem, never an exception, so the other
references are still verified. A reference no registry can be asked about is searched
for, in the second source too when the first search finds nothing. A second source
that is not asked this run (``idle``: no API key) is named once, in a note saying how
many references it could have been asked about.
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
from asrefs.resolve.backend import Backend, open_store
from asrefs.resolve.lookup import Lookups
from asrefs.resolve.plan import Identifiers
from asrefs.resolve.search import Outcome, Searcher
from asrefs.resolve.store import Store

log = logging.getLogger("asrefs")
# progress(stage, done, total): stages are the registries' names ("idconv", "crossref",
# "datacite", "pubmed", "arxiv", "openalex"), "search" and "resolve"; may be called from
# worker threads.
Progress = Callable[[str, int, "int | None"], None]


class Resolver:
    """Owns the cache, the HTTP client and the registries for one run."""

    def __init__(self, options: Options, cache: Backend, http: HttpClient | None = None) -> None:
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
        self.missed: dict[str, int] = {}  # an idle registry -> references it was not asked
        self._done: dict[str, int] = {}
        self._progress_lock = threading.Lock()

    @classmethod
    def create(cls, options: Options) -> Resolver:
        cache = open_store(options)
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
        self.cache.close()

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
            self._fetch([r for r in sources if not r.fallback], planned)
            self._fetch_second(sources, planned)
        searcher, second = self._searchers()
        search_total = plan.unidentified(planned, self.registries)
        results = []
        for ref, ids, failed in zip(references, planned, conversions, strict=True):
            lookups = [*failed, *self._lookups(sources, ids)]
            found = Outcome()
            if not lookups and searcher is not None:
                found = searcher.search(ref)
                if found.suggestion is None and found.failure is None and second is not None:
                    found = self._search_second(second, ref, found)
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
        self._note_missed()
        return results

    def _searchers(self) -> tuple[Searcher | None, Searcher | None]:
        """The searcher of references without identifiers, and the second source's."""
        if not self.options.search:
            return None, None
        first, second = plan.searcher(self.registries), plan.second_searcher(self.registries)
        return (
            Searcher(self.lookups, first) if first is not None else None,
            Searcher(self.lookups, second, second.search_terms) if second is not None else None,
        )

    def _search_second(self, searcher: Searcher, ref: Reference, first: Outcome) -> Outcome:
        """The second source's search for a reference the first found nothing for: its
        match, or why it could not be asked; else the first search's outcome."""
        registry = searcher.registry
        if not registry.idle:
            other = searcher.search(ref)
            if other.suggestion is not None or other.failure is not None:
                closest = first.closest
                return Outcome(other.suggestion, closest, first.searched, other.failure)
            return first
        if self.lookups.online and registry.search_terms(ref):
            self.missed[registry.name] = self.missed.get(registry.name, 0) + 1
        return first

    def _fetch_second(self, sources: list[Registry], planned: list[Identifiers]) -> None:
        """Ask each ``fallback`` registry for the keys the others do not hold (or count
        them, when it is idle)."""
        for registry in (r for r in sources if r.fallback):
            keys = [
                ids[registry.kind]
                for ids in planned
                if registry.kind in ids
                and plan.unheld(self._lookups(sources, ids), registry.kind, ids[registry.kind])
            ]
            if registry.idle:
                self.missed[registry.name] = self.missed.get(registry.name, 0) + len(keys)
            elif keys:
                self.lookups.fetch_all(registry, plan.Keys(list(dict.fromkeys(keys)), {}))

    def _note_missed(self) -> None:
        """Say once which idle registry could have been asked about how many references."""
        for registry in self.registries:
            n = self.missed.pop(registry.name, 0)
            if n:
                log.info(
                    "%s was not asked about %d reference%s the other registries did not "
                    "find: %s",
                    registry.label, n, "" if n == 1 else "s", registry.idle,
                )  # fmt: skip

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
        """The lookups of a reference, in order; a ``fallback`` registry's only where the
        ones before it do not hold its key."""
        out: list[Lookup] = []
        for registry in sources:
            if not registry.fallback:
                lookup = self.lookups.lookup(registry, ids)
            elif registry.idle or not plan.unheld(out, registry.kind, ids.get(registry.kind, "")):
                continue
            else:
                lookup = self.lookups.record_lookup(registry, ids[registry.kind])
            if lookup is not None:
                out.append(lookup)
        return out
