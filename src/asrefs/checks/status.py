"""The cited work's status: retracted, withdrawn, under an expression of concern,
corrected, or a preprint that has a published version."""

from __future__ import annotations

import re
from types import MappingProxyType

from asrefs.checks.findings import reference_finding, registry_name
from asrefs.checks.merge import union_updates
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
_STATUS_WORDS = MappingProxyType(
    {
        "retracted": "was retracted",
        "withdrawn": "was withdrawn",
        "expression-of-concern": "is the subject of an expression of concern",
        "corrected": "has a published correction",
    }
)


def _notice(u: Update) -> str:
    parts = []
    if u.doi:
        parts.append(f"notice {u.doi}")
    elif u.pmid:
        parts.append(f"notice PMID {u.pmid}")
    elif u.label:
        parts.append(u.label)
    if u.date:
        parts.append(f"dated {u.date}")
    if u.source:
        parts.append(f"per {registry_name(u.source) if u.source in _REGISTRIES else u.source}")
    return ", ".join(parts)


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
            Update(kind="retraction", label="the record is marked retracted", source=recs[0].source)
        ]
    if "withdrawn" not in notices and any(_WITHDRAWN_TITLE.match(t) for t in titles):
        notices["withdrawn"] = [
            Update(kind="withdrawal", label="the title is marked withdrawn", source=recs[0].source)
        ]
    out: list[Finding] = []
    for code in ("retracted", "withdrawn", "expression-of-concern", "corrected"):
        if code not in notices:
            continue
        items = notices[code]
        listed = "; ".join(_notice(u) for u in items)
        sources = {u.source if u.source in _REGISTRIES else "crossref" for u in items}
        out.append(
            reference_finding(
                code,
                ref,
                "status",
                f"The cited work {_STATUS_WORDS[code]} ({listed}).",
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
            f"The cited preprint has a published version, {doi}; cite that instead.",
            found=ref.doi or (f"arXiv:{ref.arxiv}" if ref.arxiv else None),
            expected=doi,
            source=source,
        )
    ]
