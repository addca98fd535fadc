"""Planning a run's lookups from the ``REGISTRIES`` table: which identifier of which
reference goes to which registry, and in which batches. Pure: nothing here reads the
cache or the network.

A reference's identifiers are a mapping kind -> value ("doi" -> "10.1/x"): those it
prints, completed by what the converters (the PMC ID converter) name for it. Each
registry is then asked by its own kind, or, for a reference without that kind, by one
of the kinds it can find its keys from (PubMed's PMIDs from a DOI). Where two
registries hold one kind (DOIs: Crossref and DataCite), a key goes first to the one
that claims its prefix, else to the one that is not ``routed``. A ``fallback``
registry (OpenAlex) is asked for a key only when the others' lookups of it found no
record and said not found or registered elsewhere (``unheld``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from asrefs.models import Lookup, Problem, Reference
from asrefs.registries import Registry

Identifiers = dict[str, str]  # kind -> value, for one reference


@dataclass(frozen=True)
class Keys:
    """What one registry is asked about in a run: keys of its own kind, and values of
    the kinds it finds its keys from (for references without a key of its kind)."""

    own: list[str]
    found_by: dict[str, list[str]]

    @property
    def count(self) -> int:
        return len(self.own) + sum(len(v) for v in self.found_by.values())


def printed(ref: Reference) -> Identifiers:
    """The identifiers a reference prints."""
    return {ident.kind: ident.value for ident in ref.identifiers}


def converters(registries: Iterable[Registry]) -> list[Registry]:
    return [r for r in registries if r.supplies]


def sources(registries: Iterable[Registry]) -> list[Registry]:
    """The registries that hold records, in the table's order of authority."""
    return [r for r in registries if not r.supplies]


def searcher(registries: Iterable[Registry]) -> Registry | None:
    """The registry that searches for references without identifiers: the first that can."""
    return next((r for r in registries if r.searches and not r.fallback), None)


def second_searcher(registries: Iterable[Registry]) -> Registry | None:
    """The registry searched when the first searcher found nothing (OpenAlex)."""
    return next((r for r in registries if r.searches and r.fallback), None)


def unheld(lookups: Sequence[Lookup], kind: str, key: str) -> bool:
    """Whether a ``fallback`` registry is asked about ``key``: no registry asked found a
    record for the reference, and one said it does not hold ``key`` or that an agency
    asrefs cannot ask registered it (a registry that could not be asked is not this)."""
    if any(lk.record is not None for lk in lookups):
        return False
    return any(
        lk.identifier.kind == kind
        and lk.identifier.value == key
        and lk.problem in (Problem.NOT_FOUND, Problem.OTHER_AGENCY)
        for lk in lookups
    )


def needs_conversion(ids: Identifiers, converter: Registry) -> bool:
    """A reference is converted when it has the converter's kind and none it supplies."""
    return converter.kind in ids and not any(kind in ids for kind in converter.supplies)


def to_convert(planned: Sequence[Identifiers], converter: Registry) -> list[str]:
    return sorted({ids[converter.kind] for ids in planned if needs_conversion(ids, converter)})


def first_asked(registries: Sequence[Registry], kind: str, key: str) -> Registry | None:
    """The registry a key of ``kind`` is asked first: one that claims it by its prefix,
    else the first that is not ``routed`` (Crossref for DOIs). A routed registry gets
    the others' keys only through their registration agency (see ``Lookups``)."""
    first = None
    for r in registries:
        if r.kind != kind or r.fallback:
            continue
        if r.routed:
            if r.claims(key):
                return r
        elif first is None:
            first = r
    return first


def asks(registry: Registry, registries: Sequence[Registry], ids: Identifiers) -> bool:
    """Whether ``registry`` is asked about a reference by the reference's own key of its
    kind (``registries``: every registry that holds records, ``registry`` among them)."""
    if registry.unless & ids.keys() or registry.kind not in ids:
        return False
    return first_asked(registries, registry.kind, ids[registry.kind]) is registry


def keys_for(
    registry: Registry, planned: Sequence[Identifiers], registries: Sequence[Registry]
) -> Keys:
    """The keys ``registry`` is asked about for these references, each once, in order."""
    own = _unique(ids[registry.kind] for ids in planned if asks(registry, registries, ids))
    found_by = {
        kind: _unique(
            ids[kind]
            for ids in planned
            if kind in ids and registry.kind not in ids and not registry.unless & ids.keys()
        )
        for kind in sorted(registry.found_by)
    }
    return Keys(own, found_by)


def unidentified(planned: Sequence[Identifiers], registries: Iterable[Registry]) -> int:
    """How many references no registry can be asked about (they are searched for)."""
    kinds = {k for r in registries for k in (r.kind, *r.found_by)}
    return sum(1 for ids in planned if not kinds & ids.keys())


def batches(registry: Registry, keys: list[str]) -> list[list[str]]:
    """Batches of at most ``batch_size`` keys, then each key that cannot be batched alone."""
    plain = [k for k in keys if registry.batchable(k)]
    alone = [[k] for k in keys if not registry.batchable(k)]
    return [*chunks(plain, registry.batch_size), *alone]


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
