"""The cited work's status: retracted, withdrawn, under an expression of concern,
corrected, or a preprint that has a published version."""

from __future__ import annotations

import re
from types import MappingProxyType

from asrefs.checks.findings import reference_finding
from asrefs.checks.merge import union_updates
from asrefs.codes import msg, notice
from asrefs.models import Finding, Record, Reference, Update
from asrefs.text import display_title

_STATUS_OF_UPDATE = MappingProxyType(
    {
        "retraction": "retracted",
        "partial_retraction": "retracted",
        "withdrawal": "withdrawn",
        "removal": "withdrawn",
        "expression_of_concern": "expression-of-concern",
        "correction": "corrected",
        "corrigendum": "corrected",
        "erratum": "corrected",
        "new_version": "corrected",
    }
)
# notice sources that are registries, not publishers
_REGISTRIES = ("pubmed", "arxiv", "openalex")
_RETRACTED_TITLE = re.compile(r"(?i)\s*retracted\b")
_WITHDRAWN_TITLE = re.compile(r"(?i)\s*withdrawn\s*[:.]")
_STATUS_MESSAGES = MappingProxyType(
    {
        "retracted": msg("retracted.notices", "The cited work was retracted ({notices:notices})."),
        "withdrawn": msg("withdrawn.notices", "The cited work was withdrawn ({notices:notices})."),
        "expression-of-concern": msg(
            "expression-of-concern.notices",
            "The cited work is the subject of an expression of concern ({notices:notices}).",
        ),
        "corrected": msg(
            "corrected.notices", "The cited work has a published correction ({notices:notices})."
        ),
    }
)


MARKED_RETRACTED = "the record is marked retracted"
MARKED_WITHDRAWN = "the title is marked withdrawn"


def _notice(u: Update) -> str:
    """A notice as a message's ``notices`` field lists it."""
    if u.doi:
        kind, what = "doi", u.doi
    elif u.pmid:
        kind, what = "pmid", u.pmid
    else:
        kind, what = "label", u.label or ""
    return notice(kind, what, u.date or "", u.source or "")


def _update_status(u: Update, rec_doi: str | None) -> str | None:
    kind = u.kind.lower().replace("-", "_").replace(" ", "_")
    if kind == "new_version" and (not u.doi or (rec_doi and u.doi.lower() == rec_doi.lower())):
        return None  # a new version pointing at the work itself
    return _STATUS_OF_UPDATE.get(kind)


def status_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """Retraction, withdrawal, expression of concern, correction, published version."""
    doi = next((r.doi for r in recs if r.doi), None)
    notices: dict[str, list[Update]] = {}
    for u in union_updates(recs):
        status = _update_status(u, doi)
        if status:
            notices.setdefault(status, []).append(u)
    titles = [display_title(r.title) for r in recs if r.title]
    types = {t for r in recs for t in r.publication_types}
    if "retracted" not in notices and (
        "Retracted Publication" in types or any(_RETRACTED_TITLE.match(t) for t in titles)
    ):
        notices["retracted"] = [
            Update(kind="retraction", label=MARKED_RETRACTED, source=recs[0].source)
        ]
    if "withdrawn" not in notices and any(_WITHDRAWN_TITLE.match(t) for t in titles):
        notices["withdrawn"] = [
            Update(kind="withdrawal", label=MARKED_WITHDRAWN, source=recs[0].source)
        ]
    out: list[Finding] = []
    for code in ("retracted", "withdrawn", "expression-of-concern", "corrected"):
        if code not in notices:
            continue
        items = notices[code]
        listed = _STATUS_MESSAGES[code].using(notices="; ".join(map(_notice, items)))
        sources = {u.source if u.source in _REGISTRIES else "crossref" for u in items}
        out.append(
            reference_finding(
                code,
                ref,
                "status",
                listed,
                found=ref.doi or ref.pmid or ref.arxiv,
                expected=", ".join(u.doi or u.pmid or u.label or u.kind for u in items),
                source="both" if len(sources) > 1 else sources.pop(),
            )
        )
    out += _preprint_findings(ref, recs)
    return out


def _preprint_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The published version of a cited preprint, unless the reference prints its DOI."""
    published = [
        (d, r.source)
        for r in recs
        for t, d in r.relations
        if t in ("is-preprint-of", "has-published-version") and d.lower() != (ref.doi or "").lower()
    ]
    if not published:
        return []
    doi, source = published[0]
    return [
        reference_finding(
            "preprint-published",
            ref,
            "status",
            msg(
                "preprint-published.doi",
                "The cited preprint has a published version, {doi}; cite that instead.",
                doi=doi,
            ),
            found=ref.doi or (f"arXiv:{ref.arxiv}" if ref.arxiv else None),
            expected=doi,
            source=source,
        )
    ]
