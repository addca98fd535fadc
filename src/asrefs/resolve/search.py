"""Searching for the work behind a reference that prints no identifier: a bibliographic
query to the registry that searches (the first such in ``REGISTRIES``), cached by the
query, and the best candidate by asrefs's own match score (:mod:`asrefs.resolve.match`),
suggested when it reaches the ``search_threshold``.

The first request is fielded where the reference prints the fields: the bibliographic
query with the first author's family name (``query.author``) and the printed year
within one year (a publication-date filter). When none of its candidates reaches the
threshold, a second request asks the bibliographic query alone, so that a wrong printed
year or first author cannot hide the work. The best candidate below the threshold is
kept as the closest work (``ReferenceResult.closest``): it is what a reference no
registry holds is shown beside. A candidate is named by its DOI, or, for a work
OpenAlex holds without one, by its OpenAlex work id.

A search that could not be made is said, as an identifier's lookup is: the registry
did not answer usably, the run's deadline came first, or (offline) the search is not in
the cache. Once the registry has failed to answer one search after its retries, the
run's other searches are not tried again: they fail with the same reason at once.

When the store holds a snapshot of the registry (``asrefs mirror load``), its full-text
index is asked first, with the same queries (fielded, then alone), and its candidates
are scored the same way; a candidate that reaches the threshold is the answer, and the
registry is not asked. A snapshot that finds nothing good enough proves nothing — it may
be older than the work or cover only part of the registry — so the registry's search
(or, offline, the cache) is asked as if there were no snapshot: a snapshot alone never
makes a real work look fabricated.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from asrefs.errors import RegistryError, Unavailable
from asrefs.models import Identifier, Problem, Record, Reference, SearchFailure, Suggestion
from asrefs.registries import Registry
from asrefs.resolve.lookup import Lookups
from asrefs.resolve.match import field_scores, match_score, search_fields, search_query
from asrefs.resolve.store_search import SearchableStore

log = logging.getLogger("asrefs")
SEARCH = "search"  # the cache folder of search answers, keyed by the folded query


@dataclass(frozen=True)
class Outcome:
    """What the search for one reference gave: the confident match, the closest
    candidate below the threshold, whether the registry answered, or why not."""

    suggestion: Suggestion | None = None
    closest: Suggestion | None = None
    searched: bool = False
    failure: SearchFailure | None = None
    searched_by: tuple[str, ...] = ()  # the registries whose search answered


@dataclass(frozen=True)
class Query:
    """One search request: the bibliographic text and the fields it is narrowed by."""

    text: str
    author: str | None = None
    year: int | None = None

    @property
    def key(self) -> str:
        """The cache key: the folded text, then the fields when there are any."""
        key = re.sub(r"\s+", " ", self.text.lower()).strip()
        if self.author:
            key += f" |author={self.author.lower()}"
        if self.year:
            key += f" |year={self.year}"
        return key


class Searcher:
    """Searches one registry for the run's references without identifiers."""

    def __init__(
        self,
        lookups: Lookups,
        registry: Registry,
        query: Callable[[Reference], str | None] | None = None,
    ) -> None:
        """``query``: what is asked for a reference (by default its bibliographic text,
        narrowed by the printed first author and year)."""
        self.lookups = lookups
        self.registry = registry
        self.query = query
        self.down: SearchFailure | None = None  # the registry stopped answering searches

    def search(self, ref: Reference) -> Outcome:
        """The registry's best match for ``ref`` when it is good enough, else the closest
        candidate; or why the search could not be made."""
        queries = self._queries(ref)
        if not queries:
            return Outcome()
        held = self._from_snapshot(ref, queries)
        if held is not None:
            return Outcome(suggestion=held, searched=True)
        best: Suggestion | None = None
        for query in queries:
            records, failure = self._records(query)
            if failure is not None:
                return Outcome(failure=failure)
            for record in records:
                best = _better(best, self._candidate(ref, record))
            if self._confident(best):
                return Outcome(suggestion=best, searched=True, searched_by=(self.registry.name,))
        return Outcome(closest=best, searched=True, searched_by=(self.registry.name,))

    def _confident(self, best: Suggestion | None) -> bool:
        return best is not None and best.score >= self.lookups.options.search_threshold

    def _queries(self, ref: Reference) -> list[Query]:
        """The requests for ``ref``: the registry's own terms, or the bibliographic text
        fielded where the reference prints the fields, then alone."""
        if self.query is not None:
            terms = self.query(ref)
            return [Query(terms)] if terms else []
        text = search_query(ref)
        if not text:
            return []
        author, year = search_fields(ref)
        plain = Query(text)
        return [Query(text, author, year), plain] if author or year else [plain]

    def _from_snapshot(self, ref: Reference, queries: list[Query]) -> Suggestion | None:
        """The best candidate of the snapshot's full-text index, when it reaches the
        threshold (None: the registry is asked)."""
        cache, registry = self.lookups.store.cache, self.registry
        if not isinstance(cache, SearchableStore):
            return None
        best: Suggestion | None = None
        for query in queries:
            for entry in cache.search_snapshot(registry.name, query.text, query.author, query.year):
                ident = Identifier(registry.kind, entry.key)
                try:
                    record = self.lookups.store.record(entry, registry, ident)
                except RegistryError:
                    continue
                best = _better(best, self._candidate(ref, record, entry.provenance))
            if self._confident(best):
                return best
        return None

    def _candidate(
        self, ref: Reference, record: Record, provenance: str | None = None
    ) -> Suggestion | None:
        """A record as a candidate: one named by a DOI, or by OpenAlex's work id."""
        if not record.doi and not record.openalex:
            return None
        score = round(match_score(ref, record), 3)
        fields = tuple(field_scores(ref, record).items())
        name = self.registry.name
        return Suggestion(
            record.doi or "", score, name, record, fields, record.openalex, provenance
        )

    def _records(self, query: Query) -> tuple[list[Record], SearchFailure | None]:
        """The records the registry answers ``query`` with (cached, or asked now)."""
        store, registry = self.lookups.store, self.registry
        entry = store.get(registry, SEARCH, query.key)
        if entry is None:
            failure = self._ask(query)
            if failure is not None:
                return [], failure
            entry = store.get(registry, SEARCH, query.key)
        if entry is None:
            return [], None
        try:
            return registry.parse_search(entry.payload), None
        except RegistryError as exc:
            return [], self._failure(str(exc))

    def _ask(self, query: Query) -> SearchFailure | None:
        """Ask the registry and cache its answer; why it could not be asked, if not."""
        lookups, registry = self.lookups, self.registry
        if not lookups.online:
            return self._failure("the search is not in the cache", Problem.NOT_CACHED)
        if self.down is not None:
            return self.down
        if lookups.deadline.expired():
            return self._failure(lookups.deadline.reached(registry.label))
        call = partial(registry.search, query.text, author=query.author, year=query.year)
        try:
            answer = lookups.call(call)
        except RegistryError as exc:
            log.debug("search failed: %s", exc)
            failure = self._failure(str(exc))
            if isinstance(exc, Unavailable):
                self.down = failure
            return failure
        lookups.store.put(registry, SEARCH, query.key, answer)
        return None

    def _failure(self, detail: str, problem: Problem = Problem.UNAVAILABLE) -> SearchFailure:
        return SearchFailure(self.registry.name, problem, detail)


def _better(best: Suggestion | None, candidate: Suggestion | None) -> Suggestion | None:
    """The higher-scoring of the best so far and a candidate (the first among equals)."""
    if candidate is not None and (best is None or candidate.score > best.score):
        return candidate
    return best
