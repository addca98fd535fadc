"""The Registry protocol: what one registry module offers the resolver.

A registry is asked for records by one identifier kind (its ``kind``: Crossref by DOI,
PubMed by PMID). Everything the resolver needs to know about it is data on the class
or a method here, so the resolver never names a registry:

- where its answers live in the cache (``name``/``folder``/key) and how a lookup names
  it (``name``, ``label``);
- how to batch requests (``batch_size``, ``workers``, ``batchable``);
- the optional routes it has: reaching its keys from another identifier kind
  (``found_by`` + ``find_keys``), asking which registration agency holds a key it lacks
  (``asks_agency`` + ``fetch_agency``), searching bibliographic text (``searches`` +
  ``search``/``parse_search``);
- whether it is an identifier converter (``supplies``): its records only name other
  identifiers of a work, which the other registries are then asked for;
- which keys of its kind it is asked for when another registry holds that kind too
  (DataCite's DOIs beside Crossref's): a ``routed`` registry is asked only for keys it
  claims by ``prefixes`` and for keys whose registration agency (as an ``asks_agency``
  registry names it) is its ``agency``; and which printed kinds make it not asked at
  all (``unless``: arXiv is not asked about a reference that prints a DOI);
- whether it is a second source (``fallback``): asked only for the keys of its kind that
  the registries before it do not hold (not found, or registered with an agency asrefs
  cannot ask), and searched only when the first searcher found nothing; and why it is
  not asked this run (``idle``: OpenAlex without an API key).

Fetching methods make requests (one per call, no retries: the resolver retries) and
raise :class:`~asrefs.errors.RegistryError` for the whole call; ``parse`` is pure.
A registry is built per run with the options and the HTTP client (None offline, when
no fetching method is called).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from asrefs.config import Options
from asrefs.errors import BadResponse, Unavailable
from asrefs.http import HttpClient
from asrefs.models import Identifier, Record, Reference

C = TypeVar("C")
NOT_FOUND_PAYLOAD = "Resource not found."  # what a 404 entry keeps when there is no body


def json_body(text: str, registry: str) -> Any:
    """A registry's JSON answer; BadResponse (naming the registry) when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BadResponse(f"{registry}: the answer is not valid JSON") from exc


@dataclass(frozen=True)
class Answer:
    """What a registry said about one key: ``status`` 200 when it holds it, 404 when it
    does not; the payload the cache keeps (as sent, or split from a batch answer) and
    the URL asked."""

    status: int
    payload: str
    url: str


class Registry(Protocol):
    """One registry, as the resolver uses it. Subclass it to inherit the defaults."""

    name: str  # the cache folder, Lookup.source and progress stage: "crossref"
    label: str  # how messages name it: "Crossref"
    kind: str  # the identifier kind it is asked by and keys its records with: "doi"
    folder: str  # the cache folder of its records, under ``name``: "work"
    not_found: str  # the detail of a lookup for a key it does not hold
    batch_size: int  # keys per ``fetch_many`` (and per ``find_keys``)
    workers: int = 1  # batches in flight at once
    supplies: frozenset[str] = frozenset()  # a converter: the kinds its records name
    found_by: frozenset[str] = frozenset()  # kinds ``find_keys`` reaches its keys from
    asks_agency: bool = False  # a key it lacks: ask ``fetch_agency`` who holds it
    searches: bool = False  # answers bibliographic searches (``search``)
    agency: str = ""  # the registration agency whose keys it holds: "datacite"
    routed: bool = False  # asked only for keys routed to it (``prefixes``, ``agency``)
    prefixes: frozenset[str] = frozenset()  # key prefixes sent straight here: "10.48550"
    unless: frozenset[str] = frozenset()  # a reference printing one of these is not asked
    fallback: bool = False  # asked only where the registries before it found nothing
    idle: str = ""  # why it is not asked this run ("" when it is): "no API key"

    def claims(self, key: str) -> bool:
        """Whether ``key`` is sent straight here by its prefix (before any other registry)."""
        return key.split("/", 1)[0] in self.prefixes

    def batchable(self, key: str) -> bool:
        """Whether ``key`` can go in a batch; one that cannot is fetched alone."""
        return True

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        """An answer for every one of ``keys`` (a batch of at most ``batch_size``)."""
        ...

    def fetch_one(self, key: str) -> Answer:
        """The answer for one key on its own (a key that cannot be batched, or a cached
        answer that could not be read and is fetched again)."""
        return self.fetch_many([key])[key]

    def parse(self, payload: str, identifier: Identifier) -> Record:
        """The Record in a payload this registry sent; raises RegistryError."""
        ...

    def find_keys(self, kind: str, values: list[str]) -> tuple[list[str], str]:
        """Keys of records that may hold any of ``values`` of ``kind`` (one of
        ``found_by``), and the URL asked; which belongs to which is read off the records."""
        raise NotImplementedError(f"{self.label} finds no keys")

    def fetch_agency(self, key: str) -> Answer:
        """The registration agency of a key this registry does not hold (the payload)."""
        raise NotImplementedError(f"{self.label} knows no agencies")

    def search(self, query: str, author: str | None = None, year: int | None = None) -> Answer:
        """Records matching a bibliographic query, as a payload for ``parse_search``;
        narrowed, where given, by the first author's family name and to works published
        within a year of ``year``."""
        raise NotImplementedError(f"{self.label} does not search")

    def parse_search(self, payload: str) -> list[Record]:
        """The records of a search payload, best first; raises RegistryError."""
        raise NotImplementedError(f"{self.label} does not search")

    def search_terms(self, ref: Reference) -> str | None:
        """A ``fallback`` registry's own query for a reference (None: not searched)."""
        return None


RegistryFactory = Callable[[Options, HttpClient | None], Registry]


def connected(client: C | None, label: str) -> C:
    """The registry's client; fetching offline is a bug, reported as unavailable."""
    if client is None:
        raise Unavailable(f"{label}: not asked (offline)")
    return client
