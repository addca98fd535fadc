"""Searching for the work behind a reference that prints no identifier: a bibliographic
query to the registry that searches (the first such in ``REGISTRIES``), cached by the
query, and the best candidate by asrefs's own match score (:mod:`asrefs.resolve.match`),
suggested when it reaches the ``search_threshold``.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from asrefs.errors import RegistryError
from asrefs.models import Reference, Suggestion
from asrefs.registries import Registry
from asrefs.resolve.lookup import Lookups
from asrefs.resolve.match import match_score, search_query

log = logging.getLogger("asrefs")
SEARCH = "search"  # the cache folder of search answers, keyed by the folded query


def suggest(lookups: Lookups, registry: Registry, ref: Reference) -> Suggestion | None:
    """The registry's best match for ``ref``, when it is good enough."""
    query = search_query(ref)
    if not query:
        return None
    key = re.sub(r"\s+", " ", query.lower()).strip()
    store = lookups.store
    entry = store.get(registry, SEARCH, key)
    if entry is None and lookups.online and not lookups.deadline.expired():
        try:
            answer = lookups.call(partial(registry.search, query))
        except RegistryError as exc:
            log.debug("search failed for reference %s: %s", ref.index, exc)
            return None
        store.put(registry, SEARCH, key, answer)
        entry = store.get(registry, SEARCH, key)
    if entry is None:
        return None
    try:
        records = registry.parse_search(entry.payload)
    except RegistryError:
        return None
    best: Suggestion | None = None
    for record in records:
        score = match_score(ref, record)
        if record.doi and (best is None or score > best.score):
            best = Suggestion(record.doi, round(score, 3), registry.name, record)
    if best is not None and best.score >= lookups.options.search_threshold:
        return best
    return None
