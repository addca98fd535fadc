"""Is a record the printed work at all? A DOI or PMID that leads to another work, a
printed DOI and PMID that lead to two different works, a PMCID that is not the work's.
"""

from __future__ import annotations

import dataclasses
import re

from asrefs.checks.authors import AuthorPositions, person_verdict
from asrefs.checks.findings import reference_finding
from asrefs.checks.normalise import full_title
from asrefs.checks.printed import printed
from asrefs.checks.thresholds import IDENTITY_RATIO
from asrefs.checks.title import title_similarity
from asrefs.codes import msg
from asrefs.models import Finding, Record, Reference
from asrefs.text import has_cjk


def _describe(rec: Record) -> str:
    """ "Title" — Family et al., Journal, Year: the work a record describes."""
    parts = []
    if rec.authors:
        first = rec.authors[0].family
        parts.append(first + (" et al." if len(rec.authors) > 1 else ""))
    if rec.journal:
        parts.append(rec.journal)
    if rec.year:
        parts.append(str(rec.year))
    title = full_title(rec) or "(untitled)"
    return f"“{title}”" + (" — " + ", ".join(parts) if parts else "")


def _is_other_work(ref: Reference, rec: Record) -> bool:
    """The printed title and first author both disagree with the record."""
    title = full_title(rec)
    if not ref.title or not title or has_cjk(ref.title) != has_cjk(title):
        return False
    if title_similarity(ref.title, title) >= IDENTITY_RATIO:
        return False
    if printed(ref, (rec,)).has_title(title):
        return False  # the registered title is printed: the parse misread the title
    if not ref.authors or not rec.authors:
        return False
    verdict = person_verdict(ref.authors[0], rec.authors[0])
    if verdict != "different":
        return False
    return AuthorPositions(rec.authors).of(ref.authors[0].family) is None


def _doi_pmid_mismatch(ref: Reference, recs: list[Record]) -> tuple[list[Finding], list[Record]]:
    """The printed DOI and PMID lead to two different works: report, and keep the record
    the printed title fits (both when the title is not printed)."""
    by_doi = next((r for r in recs if r.source == "crossref" and r.identifier.kind == "doi"), None)
    by_pmid = next((r for r in recs if r.source == "pubmed" and r.identifier.kind == "pmid"), None)
    if not (ref.doi and ref.pmid and by_doi and by_pmid):
        return [], recs
    dois_differ = bool(by_doi.doi and by_pmid.doi and by_doi.doi.lower() != by_pmid.doi.lower())
    t1, t2 = full_title(by_doi), full_title(by_pmid)
    titles_differ = bool(t1 and t2 and title_similarity(t1, t2) < IDENTITY_RATIO)
    if not (dois_differ or titles_differ):
        return [], recs
    finding = reference_finding(
        "doi-pmid-mismatch",
        ref,
        "pmid",
        msg(
            "doi-pmid-mismatch.works",
            "The printed DOI {doi} is {doi_work}, but the printed PMID {pmid} is {pmid_work}; "
            "correct whichever identifier is wrong.",
            doi=ref.doi,
            doi_work=_describe(by_doi),
            pmid=ref.pmid,
            pmid_work=_describe(by_pmid),
        ),
        found=f"doi:{ref.doi} pmid:{ref.pmid}",
        expected=f"doi:{ref.doi} → {_describe(by_doi)}; pmid:{ref.pmid} → {_describe(by_pmid)}"
        + (f" (DOI {by_pmid.doi})" if by_pmid.doi else ""),
        source="both",
    )
    keep = recs
    if ref.title and t1 and t2:
        keep = (
            [by_doi]
            if title_similarity(ref.title, t1) >= title_similarity(ref.title, t2)
            else [by_pmid]
        )
        if keep == [by_doi]:
            fix = _drop_pmid(ref.raw, ref.pmid)
        elif by_pmid.doi:
            fix = swap_identifier(ref.raw, ref.doi, by_pmid.doi)
        else:
            fix = None
        finding = dataclasses.replace(finding, fix=fix if ref.raw_printed else None)
    return [finding], keep


def swap_identifier(raw: str, old: str, new: str) -> str | None:
    """``raw`` with the printed identifier ``old`` (any case) replaced by ``new``."""
    m = re.search(re.escape(old), raw, re.I)
    if not m or old.lower() == new.lower():
        return None
    return raw[: m.start()] + new + raw[m.end() :]


def _drop_pmid(raw: str, pmid: str) -> str | None:
    """``raw`` without its printed "PMID: n" (the PMID is another work's; the right one
    is not known)."""
    m = re.search(rf"\s*\bPMID\s*[:：]?\s*{re.escape(pmid)}\b[.;,]?", raw, re.I)
    if not m:
        return None
    out = (raw[: m.start()] + (" " if m.start() else "") + raw[m.end() :].lstrip()).strip()
    return out if out and out != raw else None


def pmcid_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed PMCID against the PMCID the records hold (PubMed's ArticleIdList)."""
    if not ref.pmcid:
        return []
    held = [(r.pmcid, r.source) for r in recs if r.pmcid]
    if not held or any(p.upper() == ref.pmcid.upper() for p, _ in held):
        return []
    pmcid, source = held[0]
    return [
        reference_finding(
            "pmcid-mismatch",
            ref,
            "pmcid",
            msg(
                "pmcid-mismatch.registry",
                "The printed PMCID {printed} is not this work's: {registry:registry} gives "
                "{pmcid}.",
                printed=ref.pmcid,
                registry=source,
                pmcid=pmcid,
            ),
            found=ref.pmcid,
            expected=pmcid,
            source=source,
            fix=swap_identifier(ref.raw, ref.pmcid, pmcid),
        )
    ]


def identity_findings(ref: Reference, recs: list[Record]) -> tuple[list[Finding], list[Record]]:
    """Findings that a record is another work, and the records left to check the fields
    against (none when the identifier points elsewhere)."""
    out, recs = _doi_pmid_mismatch(ref, recs)
    rec = recs[0]
    if not _is_other_work(ref, rec):
        return out, recs
    if rec.identifier.kind == "pmid":
        code, what = (
            "pmid-points-elsewhere",
            msg(
                "pmid-points-elsewhere.work",
                "The PMID {value} belongs to {work}, not to the printed work; find the printed "
                "work's own identifier.",
                value=ref.pmid or rec.identifier.value,
                work=_describe(rec),
            ),
        )
    else:
        code, what = (
            "doi-points-elsewhere",
            msg(
                "doi-points-elsewhere.work",
                "The DOI {value} belongs to {work}, not to the printed work; find the printed "
                "work's own identifier.",
                value=ref.doi or rec.identifier.value,
                work=_describe(rec),
            ),
        )
    out.append(
        reference_finding(
            code,
            ref,
            rec.identifier.kind,
            what,
            found=ref.title,
            expected=_describe(rec),
            source=rec.source,
        )
    )
    return out, []
