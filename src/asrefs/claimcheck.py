"""Checking what the article's body says against the records: citation markers that
point nowhere, references never cited, and the dates, journals and titles the text
gives for a cited work.

Pure functions: (markers, claims, results) -> [Finding]. A claim the record can neither
confirm nor refute is at most an info, never an alarm.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from .codes import make_finding
from .models import Claim, Finding, Marker, Record, Reference, ReferenceResult

_DATE_KINDS = ("online", "print", "issued")


def check_markers(markers: Sequence[Marker], refs: Sequence[Reference]) -> list[Finding]:
    known = {r.index for r in refs}
    findings = []
    cited: set[int] = set()
    for m in markers:
        for n in m.refs:
            cited.add(n)
            if n not in known:
                findings.append(
                    make_finding(
                        "dangling-marker",
                        ref=None,
                        field="marker",
                        found=m.text,
                        expected=None,
                        source=None,
                        message=f"the marker {m.text} cites reference {n}, "
                        "which the list does not have",
                        line=m.line,
                    )
                )
    if markers:
        for r in refs:
            if r.index not in cited:
                findings.append(
                    make_finding(
                        "uncited-reference",
                        ref=r.index,
                        field="marker",
                        found=None,
                        expected=None,
                        source=None,
                        message=f"reference {r.index} is never cited in the text",
                        line=r.line,
                    )
                )
    return findings


def _all_dates(records: dict[str, Record]) -> list[tuple[str, str, str]]:
    """(kind, ISO date, source) from every record, without repeats."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for source, record in records.items():
        for kind, value in record.dates:
            if (kind, value) not in seen:
                seen.add((kind, value))
                out.append((kind, value, source))
    return out


def _precision(value: str) -> int:
    return {4: 1, 7: 2, 10: 3}.get(len(value), 0)


def _as_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def check_date_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    dates = _all_dates(records)
    publication = [(k, v, s) for k, v, s in dates if k in _DATE_KINDS]
    if not publication:
        return None
    want = claim.value
    level = _precision(want)
    if level == 0:
        return None
    listed = ", ".join(f"{k} {v}" for k, v, _s in dates)
    sources = sorted({s for _k, _v, s in publication})
    source = sources[0] if len(sources) == 1 else "both"
    compatible_coarse = False
    for _kind, value, _s in publication:
        p = _precision(value)
        if p >= level and value[: len(want)] == want:
            return None
        if p < level and want.startswith(value):
            compatible_coarse = True
    common = dict(
        line=claim.line, ref=claim.ref, field="date", found=want, expected=listed, source=source
    )
    if compatible_coarse:
        return make_finding(
            "date-claim-unconfirmable",
            message=f"the text dates this work {want}; the record only gives {listed}, "
            "which can neither confirm nor refute it",
            **common,  # type: ignore[arg-type]
        )
    claimed = _as_date(want)
    if claimed is not None:
        for kind, value, _s in publication:
            registered = _as_date(value)
            if registered is not None and claimed - registered == timedelta(days=1):
                return make_finding(
                    "date-claim-timezone",
                    message=f"the text's date {want} is one day after the {kind} date {value}, "
                    "likely a time-zone difference",
                    **common,  # type: ignore[arg-type]
                )
    for kind, value, _s in dates:
        if (
            kind in ("received", "accepted")
            and value[: len(want)] == want
            and _precision(value) >= level
        ):
            return make_finding(
                "date-claim-other-event",
                message=f"the text's date {want} is when the work was {kind}, "
                f"not published ({listed})",
                **common,  # type: ignore[arg-type]
            )
    return make_finding(
        "date-claim-mismatch",
        message=f"the text says this work was published {want}; the record gives {listed}",
        **common,  # type: ignore[arg-type]
    )


def check_claims(claims: Sequence[Claim], results: Sequence[ReferenceResult]) -> list[Finding]:
    by_index = {r.reference.index: r for r in results}
    findings: list[Finding] = []
    for claim in claims:
        if claim.ref is None or claim.ref not in by_index:
            continue
        records = by_index[claim.ref].records
        if not records:
            continue
        if claim.kind == "date":
            f = check_date_claim(claim, records)
            if f is not None:
                findings.append(f)
    return findings
