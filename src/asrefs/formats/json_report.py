"""The JSON report: the asrefs.report/1 contract (and asrefs.batch/1 for several
articles). Keys may be added within /1, never renamed or removed. Output is sorted and
stable so that two runs can be diffed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from asrefs.formats import RenderContext
from asrefs.models import Reference, ReferenceResult, Report

SCHEMA = "asrefs.report/1"
# the "records" object's keys
RECORD_KEYS = ("crossref", "pubmed", "datacite", "arxiv", "openalex")
BATCH_SCHEMA = "asrefs.batch/1"


def reference_dict(ref: Reference) -> dict[str, Any]:
    """The parsed part of a reference object, shared by verify and parse reports."""
    return {
        "index": ref.index,
        "label": ref.label,
        "raw": ref.raw,
        "line": ref.line,
        "parsed": ref.parsed_json(),
        "identifiers": {"doi": ref.doi, "pmid": ref.pmid, "pmcid": ref.pmcid, "arxiv": ref.arxiv},
        "malformed": list(ref.malformed),
        "key": ref.key,
        "source": ref.source,
        "fields_from": ref.fields_from,
    }


def result_dict(result: ReferenceResult) -> dict[str, Any]:
    """One reference of the report."""
    ref = result.reference
    records = result.records
    record_json: dict[str, Any] | None = None
    if result.merged is not None:
        record_json = result.merged.to_json()
        record_json["source"] = dict(result.field_sources)
    out = reference_dict(ref)
    problem = result.problem
    out.update(
        {
            "status": result.status,
            "problem": problem.value if problem is not None else None,
            "record": record_json,
            "records": {
                name: records[name].to_json() if name in records else None for name in RECORD_KEYS
            },
            "lookups": [
                {
                    "registry": lk.source,
                    "identifier": {"kind": lk.identifier.kind, "value": lk.identifier.value},
                    "found": lk.record is not None,
                    "problem": lk.problem.value if lk.problem is not None else None,
                    "agency": lk.agency,
                    "detail": lk.detail or None,
                }
                for lk in result.lookups
            ],
            "suggested": _suggested(result, doi=True),
            "suggested_work": _suggested(result, doi=False),
            "search_failure": _search_failure(result),
        }
    )
    return out


def _suggested(result: ReferenceResult, *, doi: bool) -> dict[str, Any] | None:
    """The work the search matched to the reference: ``suggested`` when it has a DOI,
    ``suggested_work`` when OpenAlex holds it without one (named by its work id)."""
    s = result.suggestion
    if s is None or bool(s.doi) != doi:
        return None
    if not doi:
        return {"openalex": s.openalex, "score": s.score}
    return {"doi": s.doi, "score": s.score, "registry": s.source, "provenance": s.provenance}


def _search_failure(result: ReferenceResult) -> dict[str, Any] | None:
    """Why a reference that prints no identifier could not be searched for, if it could not."""
    failure = result.search_failure
    if failure is None:
        return None
    return {
        "registry": failure.source,
        "problem": failure.problem.value,
        "detail": failure.detail or None,
    }


def report_dict(report: Report, *, lazy: bool = False) -> dict[str, Any]:
    """The report as JSON-able data; with ``lazy`` the references are a generator, so a
    long report never holds every reference's dictionary at once (``dumps`` takes it)."""
    return {
        "schema": SCHEMA,
        "article": report.article,
        "summary": report.summary,
        "references": (
            (result_dict(r) for r in report.results)
            if lazy
            else [result_dict(r) for r in report.results]
        ),
        "discrepancies": [f.to_json() for f in report.findings],
        "claims": [
            {
                "ref": c.ref,
                "kind": c.kind,
                "value": c.value,
                "precision": c.precision,
                "language": c.language,
                "line": c.line,
                "sentence": c.sentence,
            }
            for c in report.claims
        ],
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _compact(value: Any) -> str:
    return _ENCODER.encode(value)  # one encoder for the many pieces of a report


def dumps(data: Any) -> str:
    """Sorted, stable JSON with one line per top-level key and per item of a top-level
    list (one line per reference, per discrepancy): easy to diff, and written by the C
    encoder (``indent`` would force the slow pure-Python one)."""
    pieces: list[str] = []
    write_json(data, pieces.append)
    return "".join(pieces)


def write_json(data: Any, write: Callable[[str], None]) -> None:
    """``dumps``, piece by piece: a list (or generator) of references is encoded one item
    at a time, so a long report is never held in memory whole."""
    if not isinstance(data, dict):
        write(_compact(data) + "\n")
        return
    write("{\n")
    for n, key in enumerate(sorted(data)):
        value = data[key]
        write(",\n" if n else "")
        if isinstance(value, (list, Iterator)):
            write(f"  {_compact(key)}: [")
            empty = True
            for item in value:
                write(("\n    " if empty else ",\n    ") + _compact(item))
                empty = False
            write("]" if empty else "\n  ]")
        else:
            write(f"  {_compact(key)}: {_compact(value)}")
    write("\n}\n")


def stream(reports: Sequence[Report], ctx: RenderContext, write: Callable[[str], None]) -> None:
    """The report written piece by piece (what ``render`` returns whole)."""
    if len(reports) == 1:
        write_json(report_dict(reports[0], lazy=True), write)
    else:
        write_json({"schema": BATCH_SCHEMA, "reports": [report_dict(r) for r in reports]}, write)


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    pieces: list[str] = []
    stream(reports, ctx, pieces.append)
    return "".join(pieces)
