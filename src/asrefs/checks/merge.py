"""One record from the registries' records, and the registry each field came from.

Each field comes from the first registry that holds it, in the order Crossref,
DataCite, PubMed, arXiv, OpenAlex; journal abbreviations, ISSNs, updates (retractions,
corrections) and dates are united.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from typing import Any

from asrefs.checks.normalise import (
    journal_tokens,
    name_keys,
    norm_issn,
    norm_volume,
    page_range,
    title_key,
)
from asrefs.models import Record, Update
from asrefs.text import fold

_REGISTRY_ORDER = ("crossref", "datacite", "pubmed", "arxiv", "openalex")
_RANK = {name: i for i, name in enumerate(_REGISTRY_ORDER)}
# The fields a merged record takes from the registries' records.
_FIELDS = tuple(f.name for f in fields(Record) if f.name not in ("source", "identifier"))


def ordered_records(records: dict[str, Record]) -> list[Record]:
    """Records in order of preference: Crossref, DataCite, PubMed, arXiv, OpenAlex, then
    any other by name."""
    if len(records) == 1:
        return list(records.values())
    return [records[k] for k in sorted(records, key=lambda k: (_RANK.get(k, 99), k))]


_UNION_FIELDS = ("journal_abbrevs", "issn", "updates", "dates")


def _union_dates(recs: Sequence[Record]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for rec in recs:
        for kind, value in rec.dates:
            seen.setdefault(kind, value)
    return tuple(seen.items())


def union_updates(recs: Sequence[Record]) -> tuple[Update, ...]:
    """The records' updates (retractions, corrections…) without repeats."""
    out: list[Update] = []
    keys: set[tuple[str, str]] = set()
    for rec in recs:
        for u in rec.updates:
            if u.doi:
                key = (u.kind, u.doi.lower())
            elif any(o.kind == u.kind for o in out):
                continue  # a PubMed notice without DOI already known from Crossref
            else:
                key = (u.kind, u.pmid or u.label or "")
            if key not in keys:
                keys.add(key)
                out.append(u)
    return tuple(out)


def _union_strings(values: Iterable[str], norm: Callable[[str], str]) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for v in values:
        if v and norm(v) not in out:
            out[norm(v)] = v
    return tuple(out.values())


def merge_records(records: dict[str, Record]) -> Record | None:
    """One record from the registries' records: each field from Crossref, or from PubMed
    where Crossref lacks it; journal abbreviations, ISSNs, updates and dates united."""
    recs = ordered_records(records)
    if not recs:
        return None
    values: dict[str, Any] = {}
    first, rest = recs[0], recs[1:]
    for name in _FIELDS:
        value = getattr(first, name)
        if not value:  # the first registry's value that is not empty, if any is
            value = next((v for r in rest if (v := getattr(r, name))), value)
        values[name] = value
    values["journal_abbrevs"] = _union_strings(
        (a for r in recs for a in r.journal_abbrevs), str.strip
    )
    values["issn"] = _union_strings((i for r in recs for i in r.issn), norm_issn)
    values["updates"] = union_updates(recs)
    values["dates"] = _union_dates(recs)
    source = "both" if len(recs) > 1 else recs[0].source
    return Record(source=source, identifier=recs[0].identifier, **values)


def _field_key(name: str, value: Any) -> Any:
    if name in ("title", "subtitle"):
        return title_key(str(value))
    if name == "journal":
        return tuple(w for w, _ in journal_tokens(str(value)))
    if name == "authors":
        return tuple(min(name_keys(a.family), default="") for a in value)
    if name in ("volume", "issue"):
        return norm_volume(str(value))
    if name == "pages":
        return page_range(str(value))
    if isinstance(value, str):
        return fold(value).strip()
    return value


def field_sources(records: dict[str, Record]) -> dict[str, str]:
    """For each non-empty field of the merged record, the registry it came from:
    "crossref", "pubmed", or "both" when both hold it with equal values (for the
    united fields — abbreviations, ISSNs, updates, dates — when both contribute)."""
    recs = ordered_records(records)
    out: dict[str, str] = {}
    for name in _FIELDS:
        held = [(r.source, v) for r in recs if (v := getattr(r, name))]
        if not held:
            continue
        if len(held) == 1:
            out[name] = held[0][0]
        elif name in _UNION_FIELDS:
            out[name] = "both"
        else:
            values = [v for _, v in held]
            same = all(v == values[0] for v in values) or (
                len({repr(_field_key(name, v)) for v in values}) == 1
            )
            out[name] = "both" if same else held[0][0]
    return out
