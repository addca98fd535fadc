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
for, in the second source too when the first search finds nothing; so is a reference
whose printed DOI leads to another work (``elsewhere``), for the printed work's own DOI.
A second source that is not asked this run (``idle``: no API key) is named once, in a
note saying how many references it could have been asked about; a registry asked by its
own identifiers that is idle leaves them unchecked, saying why.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from asrefs.config import Options
from asrefs.http import Deadline, HttpClient
from asrefs.models import Identifier, Lookup, Problem, Reference, ReferenceResult, Suggestion
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
# elsewhere(result): whether a reference's printed DOI leads to another work (the checks'
# rule, given by the caller: resolving comes before checking).
Elsewhere = Callable[[ReferenceResult], bool]


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
        self,
        references: list[Reference],
        progress: Progress | None = None,
        elsewhere: Elsewhere | None = None,
    ) -> list[ReferenceResult]:
        """Lookups for every reference, fetching what the cache lacks in batches;
        ``progress`` hears how far each registry has got; a reference ``elsewhere`` says
        has a DOI of another work is searched for."""
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
                found = self._search(searcher, second, ref)
                self._advance("search", 1, search_total)
            result = ReferenceResult(
                ref,
                tuple(lookups),
                found.suggestion,
                found.failure,
                searched=found.searched,
                closest=found.closest,
                searched_by=found.searched_by,
            )
            if searcher is not None and elsewhere is not None and lookups and elsewhere(result):
                result = self._own_doi(result, self._search(searcher, second, ref))
            results.append(result)
            self._advance("resolve", 1, len(references))
        self._note_missed()
        return results

    def _search(self, searcher: Searcher, second: Searcher | None, ref: Reference) -> Outcome:
        """The first searcher's outcome for ``ref``, or the second source's when the first
        found nothing."""
        found = searcher.search(ref)
        if found.suggestion is None and found.failure is None and second is not None:
            found = self._search_second(second, ref, found)
        return found

    @staticmethod
    def _own_doi(result: ReferenceResult, found: Outcome) -> ReferenceResult:
        """A reference whose DOI leads to another work, with the DOI the search matched
        to the printed work (a DOI other than the printed one), when it matched one."""
        s = found.suggestion
        printed = (result.reference.doi or "").lower()
        if s is None or not s.doi or s.doi.lower() == printed:
            return result
        return replace(result, suggestion=s, searched=True, searched_by=found.searched_by)

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
        match, or why it could not be asked; else the closer of the two searches'
        closest candidates, with both registries named as searched."""
        registry = searcher.registry
        if registry.idle:
            if self.lookups.online and registry.search_terms(ref):
                self.missed[registry.name] = self.missed.get(registry.name, 0) + 1
            return first
        other = searcher.search(ref)
        if other.failure is not None:
            return Outcome(None, first.closest, first.searched, other.failure, first.searched_by)
        closest = first.closest if other.suggestion is not None else _closer(first, other)
        searched = first.searched or other.searched
        return Outcome(
            other.suggestion, closest, searched, None, first.searched_by + other.searched_by
        )

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
        sources = [r for r in sources if not r.idle]
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
            if not registry.fallback and registry.idle:
                lookup = _idle_lookup(registry, ids)
            elif not registry.fallback:
                lookup = self.lookups.lookup(registry, ids)
            elif registry.idle or not plan.unheld(out, registry.kind, ids.get(registry.kind, "")):
                continue
            else:
                lookup = self.lookups.record_lookup(registry, ids[registry.kind])
            if lookup is not None:
                out.append(lookup)
        return out


def _closer(first: Outcome, other: Outcome) -> Suggestion | None:
    """The closer of two searches' closest candidates (the first's on a tie)."""
    candidates = [c for c in (first.closest, other.closest) if c is not None]
    return max(candidates, key=lambda c: c.score, default=None)


def _idle_lookup(registry: Registry, ids: Identifiers) -> Lookup | None:
    """An idle registry's key, unchecked: it is not asked this run, and says why."""
    if registry.kind not in ids:
        return None
    detail = f"{registry.label} was not asked: {registry.idle}"
    ident = Identifier(registry.kind, ids[registry.kind])
    return Lookup(ident, registry.name, problem=Problem.UNAVAILABLE, detail=detail)
