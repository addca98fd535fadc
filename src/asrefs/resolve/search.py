"""Searching for the work behind a reference that prints no identifier: a bibliographic
query to the registry that searches (the first such in ``REGISTRIES``), cached by the
query, and the best candidate by asrefs's own match score (:mod:`asrefs.resolve.match`),
suggested when it reaches the ``search_threshold``.

A search that could not be made is said, as an identifier's lookup is: the registry
did not answer usably, the run's deadline came first, or (offline) the search is not in
the cache. Once the registry has failed to answer one search after its retries, the
run's other searches are not tried again: they fail with the same reason at once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import partial

from asrefs.errors import RegistryError, Unavailable
from asrefs.models import Problem, Reference, SearchFailure, Suggestion
from asrefs.registries import Registry
from asrefs.resolve.lookup import Lookups
from asrefs.resolve.match import match_score, search_query

log = logging.getLogger("asrefs")
SEARCH = "search"  # the cache folder of search answers, keyed by the folded query

Outcome = tuple[Suggestion | None, SearchFailure | None]


class Searcher:
    """Searches one registry for the run's references without identifiers."""

    def __init__(
        self,
        lookups: Lookups,
        registry: Registry,
        query: Callable[[Reference], str | None] = search_query,
    ) -> None:
        """``query``: what is asked for a reference (by default its bibliographic text)."""
        self.lookups = lookups
        self.registry = registry
        self.query = query
        self.down: SearchFailure | None = None  # the registry stopped answering searches

    def search(self, ref: Reference) -> Outcome:
        """The registry's best match for ``ref`` when it is good enough, or why the
        search could not be made; (None, None) when it was made and nothing matched."""
        query = self.query(ref)
        if not query:
            return None, None
        key = re.sub(r"\s+", " ", query.lower()).strip()
        store, registry = self.lookups.store, self.registry
        entry = store.get(registry, SEARCH, key)
        if entry is None:
            failure = self._ask(query, key)
            if failure is not None:
                return None, failure
            entry = store.get(registry, SEARCH, key)
        if entry is None:
            return None, None
        try:
            records = registry.parse_search(entry.payload)
        except RegistryError as exc:
            return None, self._failure(str(exc))
        best: Suggestion | None = None
        for record in records:
            score = match_score(ref, record)
            if record.doi and (best is None or score > best.score):
                best = Suggestion(record.doi, round(score, 3), registry.name, record)
        if best is not None and best.score >= self.lookups.options.search_threshold:
            return best, None
        return None, None

    def _ask(self, query: str, key: str) -> SearchFailure | None:
        """Ask the registry and cache its answer; why it could not be asked, if not."""
        lookups, registry = self.lookups, self.registry
        if not lookups.online:
            return self._failure("the search is not in the cache", Problem.NOT_CACHED)
        if self.down is not None:
            return self.down
        if lookups.deadline.expired():
            return self._failure(lookups.deadline.reached(registry.label))
        try:
            answer = lookups.call(partial(registry.search, query))
        except RegistryError as exc:
            log.debug("search failed: %s", exc)
            failure = self._failure(str(exc))
            if isinstance(exc, Unavailable):
                self.down = failure
            return failure
        lookups.store.put(registry, SEARCH, key, answer)
        return None

    def _failure(self, detail: str, problem: Problem = Problem.UNAVAILABLE) -> SearchFailure:
        return SearchFailure(self.registry.name, problem, detail)
