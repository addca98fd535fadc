"""Checking one reference: its printed identifiers, then each of its fields against the
registries' records; and the status the reference ends with.

Principles
- A field a record does not hold is *unknown*: it never produces a finding.
- When Crossref and PubMed disagree about a field, the disagreement is reported once
  (``registry-disagreement``, info) and the article is judged against whichever of the
  two values it matches: the article is not blamed for a registry quirk.
- A fix corrects only its own finding's field (see :mod:`asrefs.checks.findings`).
- A printed DOI that leads to another work names, where a search matched the printed
  work to a DOI of its own, that DOI (``doi-points-elsewhere``, with the fix).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from asrefs.checks.fabrication import no_match_findings
from asrefs.checks.fields import field_findings
from asrefs.checks.findings import reference_finding
from asrefs.checks.found import found_work_findings
from asrefs.checks.identity import identity_findings, pmcid_findings, swap_identifier
from asrefs.checks.merge import ordered_records
from asrefs.codes import msg
from asrefs.models import (
    UNCHECKED,
    Finding,
    Identifier,
    Lookup,
    Origin,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Severity,
    Suggestion,
)


def compare_reference(ref: Reference, records: dict[str, Record]) -> list[Finding]:
    """Every discrepancy between the printed reference and the registries' records."""
    recs = ordered_records(records)
    if not recs:
        return []
    out, recs = identity_findings(ref, recs)
    if not recs:
        return out
    return out + pmcid_findings(ref, recs) + field_findings(ref, recs)


def _unasked(lookups: Sequence[Lookup], identifier: Identifier) -> bool:
    """Whether a registry could not be asked about ``identifier`` (OpenAlex, for a DOI
    the others do not hold): then it is not said to be unknown."""
    return any(lk.identifier == identifier and lk.problem in UNCHECKED for lk in lookups)


def _found_under(lookups: Sequence[Lookup], kind: str, value: str) -> bool:
    value = value.lower()
    for lk in lookups:
        rec = lk.record
        if rec is None:
            continue
        if lk.identifier.kind == kind and lk.identifier.value.lower() == value:
            return True
        held = getattr(rec, kind, None)
        if held and held.lower() == value:
            return True
    return False


_AGENCIES = MappingProxyType(
    {
        "datacite": "DataCite",
        "medra": "mEDRA",
        "cnki": "CNKI",
        "istic": "ISTIC",
        "jalc": "JaLC",
        "kisti": "KISTI",
        "airiti": "Airiti",
        "op": "the Publications Office of the EU",
        "public": "a public agency",
    }
)


def _lookup_finding(ref: Reference, lk: Lookup, lookups: Sequence[Lookup]) -> Finding | None:
    kind, value = lk.identifier.kind, lk.identifier.value
    if _found_under(lookups, kind, value):  # another registry (OpenAlex) holds it
        return None
    if lk.problem is Problem.OTHER_AGENCY or (lk.problem is Problem.NOT_FOUND and lk.agency):
        agency = _AGENCIES.get((lk.agency or "").lower(), lk.agency or "another agency")
        return reference_finding(
            "other-agency",
            ref,
            kind,
            msg(
                "other-agency.doi",
                "The DOI {doi} is registered with {agency:agency}, whose records asrefs "
                "cannot ask; it cannot be checked here.",
                doi=value,
                agency=agency,
            ),
            found=value,
            expected=agency,
            source=lk.source,
        )
    if lk.problem is not Problem.NOT_FOUND or _unasked(lookups, lk.identifier):
        return None
    if kind == "doi" and lk.source == "crossref":
        code, what = (
            "doi-not-found",
            msg(
                "doi-not-found.none",
                "No registry knows the DOI {value}; check it against the publisher's page.",
                value=value,
            ),
        )
    elif kind == "doi" and lk.source == "datacite":  # DataCite's prefix or agency, not held
        code, what = (
            "doi-not-found",
            msg(
                "doi-not-found.registry",
                "{registry:registry} does not hold the DOI {value}; check it against the "
                "publisher's page.",
                registry=lk.source,
                value=value,
            ),
        )
    elif kind == "pmid" and lk.source == "pubmed":
        code, what = (
            "pmid-not-found",
            msg(
                "pmid-not-found.pubmed",
                "PubMed has no record with the PMID {value}; check it against the publisher's "
                "page.",
                value=value,
            ),
        )
    elif kind == "pmcid":
        code, what = (
            "pmcid-not-found",
            msg(
                "pmcid-not-found.idconv",
                "The PMC ID converter does not know {value}; check it against the publisher's "
                "page.",
                value=value,
            ),
        )
    elif kind == "arxiv":
        code, what = (
            "arxiv-not-found",
            msg(
                "arxiv-not-found.arxiv",
                "arXiv has no work with the id {value}; check it against the publisher's page.",
                value=value,
            ),
        )
    else:
        return None
    return reference_finding(
        code,
        ref,
        kind,
        what,
        found=value,
        source=lk.source,
    )


def _is_doi_attempt(text: str) -> bool:
    return "10." in text or "doi" in text.lower()


def _suggested_fix(ref: Reference, doi: str) -> str:
    """``ref.raw`` with the suggested DOI: in place of a malformed DOI when one is
    printed, else appended as a DOI link."""
    for bad in ref.malformed:
        if _is_doi_attempt(bad) and bad in ref.raw:
            m = re.search(r"10\.\S*$", bad)
            new = bad[: m.start()] + doi if m else f"{bad.rstrip()} {doi}"
            return ref.raw.replace(bad, new, 1)
    return f"{ref.raw.rstrip()} https://doi.org/{doi}"


def lookup_findings(result: ReferenceResult) -> list[Finding]:
    """Findings about the printed identifiers themselves: unknown, malformed, registered
    elsewhere; and a DOI suggested for a reference that prints none. A registry that
    could not be reached (unavailable, not cached) is no finding: it is the "could not
    verify" status."""
    ref = result.reference
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for lk in result.lookups:
        finding = _lookup_finding(ref, lk, result.lookups)
        if finding is not None and (finding.code, finding.found or "") not in seen:
            seen.add((finding.code, finding.found or ""))
            out.append(finding)
    searched = _searched_doi(result)
    suggested = _suggested_fix(ref, searched.doi) if searched else None
    for bad in ref.malformed:
        out.append(
            reference_finding(
                "malformed-identifier",
                ref,
                "identifier",
                msg(
                    "malformed-identifier.search",
                    "The printed identifier {value!r} is not well formed; correct or remove "
                    "it (the search matches DOI {doi}).",
                    value=bad,
                    doi=searched.doi,
                )
                if searched and _is_doi_attempt(bad)
                else msg(
                    "malformed-identifier.bare",
                    "The printed identifier {value!r} is not well formed; correct or remove it.",
                    value=bad,
                ),
                found=bad,
                fix=suggested if _is_doi_attempt(bad) else None,
            )
        )
    if searched is not None:
        s = searched
        out.append(
            reference_finding(
                "doi-suggested",
                ref,
                "doi",
                msg(
                    "doi-suggested.search",
                    "The reference prints no identifier; {registry:registry} matches it to "
                    "DOI {doi} (score {score}); add it if it is the same work.",
                    registry=s.source,
                    doi=s.doi,
                    score=format(s.score, "g"),
                ),
                expected=s.doi,
                source=s.source,
                fix=suggested,
            )
        )
    return out


def points_elsewhere(result: ReferenceResult) -> bool:
    """Whether the reference's printed DOI leads to another work (``doi-points-elsewhere``):
    the printed work is then searched for, as a reference without identifiers is."""
    recs = ordered_records(result.records)
    if not result.reference.doi or not recs:
        return False
    findings, _ = identity_findings(result.reference, recs)
    return any(f.code == "doi-points-elsewhere" for f in findings)


def _searched_doi(result: ReferenceResult) -> Suggestion | None:
    """The DOI a search matched to a reference that prints no identifier."""
    s = result.suggestion
    return s if s is not None and s.doi and not result.lookups else None


def _own_doi(finding: Finding, result: ReferenceResult) -> Finding:
    """A ``doi-points-elsewhere`` finding naming the DOI a search matched to the printed
    work, with the reference corrected to it as the fix."""
    s = result.suggestion
    ref = result.reference
    if finding.code != "doi-points-elsewhere" or s is None or not s.doi or not ref.doi:
        return finding
    message = msg(
        "doi-points-elsewhere.found",
        "The DOI {value} belongs to {work}, not to the printed work; {registry:registry} "
        "matches the printed work to DOI {doi} (score {score}).",
        value=ref.doi,
        work=finding.expected or "",
        registry=s.source,
        doi=s.doi,
        score=format(s.score, "g"),
    )
    return reference_finding(
        finding.code,
        ref,
        finding.field,
        message,
        found=finding.found,
        expected=finding.expected,
        source=finding.source,
        fix=swap_identifier(ref.raw, ref.doi, s.doi),
    )


def check_reference(result: ReferenceResult) -> list[Finding]:
    """All findings for one reference: its identifiers, then its fields (against the
    work a search found, when the reference prints no identifier), or that the search
    found no such work."""
    compared = compare_reference(result.reference, result.records)
    return (
        lookup_findings(result)
        + [_own_doi(f, result) for f in compared]
        + found_work_findings(result)
        + no_match_findings(result)
    )


def reference_status(result: ReferenceResult, findings: list[Finding]) -> str:
    """ "unresolved" when no registry holds the reference, "discrepancies" when one of
    its reference-level findings (not accepted in the configuration) is an error or a
    warning, else "verified"."""
    if not result.records:
        return "unresolved"
    index = result.reference.index
    for f in findings:
        if (
            f.ref == index
            and f.origin is Origin.REFERENCE
            and f.severity in (Severity.ERROR, Severity.WARNING)
            and f.accepted is None
        ):
            return "discrepancies"
    return "verified"
