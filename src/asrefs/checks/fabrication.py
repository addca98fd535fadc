"""A reference no registry holds: searched for, answered, and no work has its title,
first author and year (``no-matching-work``).

The search (:mod:`asrefs.resolve.search`) is made for a reference that prints no
identifier. When the registries answered and neither a confident match
(``doi-suggested``) nor a candidate close enough to be compared field by field
(:func:`asrefs.checks.found.compared_work`) came back, the work may not exist. That is
said only where the registries' silence means something: a journal article or a
conference paper, not a preprint, and not at a venue that publishes without DOIs
(NeurIPS, ICLR, ICML, PMLR, JMLR, TMLR…, whose papers a DOI registry cannot hold), and
not printed before ``DOI_ERA`` (Crossref began in 2000; older works are registered only
where a publisher deposited its back file, and PubMed, which holds many, is not
searched). At a venue that publishes without DOIs it is said when a registry that
holds such works (OpenAlex, ``WITHOUT_DOIS``) answered the search for the reference as
well, and so at arXiv, which that registry holds: the closest candidate is then the
closer of the two searches'. Books,
theses, reports, web pages, software and data sets are indexed unevenly: they get no
finding. Nor does a printed reference in which the closest candidate's title stands
nearly as registered (its fields were misread, the work is there); the fields of a
structured input (BibTeX…) are given, not read. A search that could
not be made leaves the reference unchecked, never this.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from asrefs.checks.findings import reference_finding
from asrefs.checks.found import SAME_TITLE, compared_work, found_work_findings
from asrefs.codes import Message, msg
from asrefs.journals import no_doi_venue
from asrefs.models import Finding, Reference, ReferenceResult, Suggestion
from asrefs.text import display_title, normalise_title

__all__ = ["WITHOUT_DOIS", "indexed_kind", "no_match_findings", "publishes_without_dois"]

_PREPRINT = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|chemrxiv|psyarxiv|ssrn|preprints?|corr|research square|"
    r"openreview|techrxiv|osf)\b",
    re.IGNORECASE,
)
_CONFERENCE = re.compile(
    r"\b(?:proceedings|proc|conference|conf|symposium|workshop|congress|meeting)\b",
    re.IGNORECASE,
)
# The preprint server whose papers a registry of works without DOIs (OpenAlex) holds.
_ARXIV = re.compile(r"\b(?:arxiv|corr)\b", re.IGNORECASE)
DOI_ERA = 2000
"""The first printed year from which a journal's silence is taken to mean something."""
WITHOUT_DOIS = frozenset({"openalex"})
"""The registries whose search holds works published without DOIs (by their own ids)."""

_FIELD_NAMES = {
    "title": "title",
    "first-author": "first author",
    "authors": "other authors",
    "year": "year",
    "venue": "venue",
}
_AGREES = {"title": 0.9, "first-author": 1.0, "authors": 0.5, "year": 1.0, "venue": 0.8}


def publishes_without_dois(venue: str) -> bool:
    """Whether ``venue`` is one whose papers are published without DOIs (their absence
    from a DOI registry says nothing)."""
    return no_doi_venue(venue) is not None


def indexed_kind(ref: Reference, without_dois: bool = False) -> bool:
    """Whether the reference looks like a work the registries searched index: a journal
    article or a conference paper (declared so, an article with its journal; or printing
    a venue with a volume, issue, pages or a conference's name), not printed before
    ``DOI_ERA``; not a preprint and not at a venue that publishes without DOIs, unless
    ``without_dois`` (a registry holding such works was searched: then arXiv's preprints
    count too)."""
    venue = ref.journal or ""
    if not ref.title or ref.arxiv or (ref.year is not None and ref.year < DOI_ERA):
        return False
    if without_dois:
        if _PREPRINT.search(venue) and not _ARXIV.search(venue):
            return False
    elif _PREPRINT.search(venue) or publishes_without_dois(venue):
        return False
    if ref.kind is not None:  # the type the input declares (a BibTeX entry type)
        kind = ref.kind.upper()  # an article needs its journal; a paper, a venue or no publisher
        return bool(venue) if kind == "J" else kind == "C" and bool(venue or not ref.publisher)
    numbered = ref.volume or ref.issue or ref.pages or ref.article_number
    return bool(venue and (numbered or _CONFERENCE.search(venue)))


def no_match_findings(result: ReferenceResult) -> list[Finding]:
    """``no-matching-work`` for a reference the registries were searched for and hold
    no work like; with the closest candidate, if the search returned any."""
    ref = result.reference
    if result.lookups or not result.searched or result.suggestion is not None:
        return []
    if not indexed_kind(ref, bool(WITHOUT_DOIS & set(result.searched_by))):
        return []
    if compared_work(result) is not None and found_work_findings(result):
        return []  # the closest work is this one, with the differences reported
    closest = result.closest
    if closest is not None and not ref.fielded and _printed_in(ref, closest):
        return []  # the closest work's title is in the print: the fields were misread
    message = _message(closest)
    return [
        reference_finding(
            "no-matching-work",
            ref,
            "title",
            message,
            found=ref.title,
            source=closest.source if closest else None,
        )
    ]


def _printed_in(ref: Reference, candidate: Suggestion) -> bool:
    """Whether the candidate's title stands, nearly as registered, in the reference."""
    title = candidate.record.title if candidate.record else None
    if not title or len(title) < 20:
        return False
    return fuzz.partial_ratio(normalise_title(title), normalise_title(ref.raw)) >= SAME_TITLE


def _message(closest: Suggestion | None) -> Message:
    """What the finding says: that no work matches, and the closest candidate if any."""
    if closest is None or closest.record is None:
        return msg(
            "no-matching-work.none",
            "No registry searched holds a work with this title, first author and year; "
            "check that it exists.",
        )
    record = closest.record
    first = record.authors[0].family if record.authors else None
    params = {
        "title": display_title(record.title or ""),
        "who": ", ".join(str(v) for v in (first, record.year) if v) or "?",
    }
    differs = [
        _FIELD_NAMES[name]
        for name, score in closest.fields
        if name in _AGREES and score < _AGREES[name]
    ]
    if not closest.doi:
        return _work_message(closest, params, differs)
    params["doi"] = closest.doi
    if not differs:
        return msg(
            "no-matching-work.closest",
            "No registry searched holds a work with this title, first author and year; "
            "check that it exists. The closest is “{title}” ({who}), DOI {doi}.",
            **params,
        )
    return msg(
        "no-matching-work.closest-differs",
        "No registry searched holds a work with this title, first author and year; "
        "check that it exists. The closest is “{title}” ({who}), DOI {doi} in "
        "{registry:registry}, which differs in {differs:fields}.",
        **params,
        registry=closest.source,
        differs="; ".join(differs),
    )


def _work_message(closest: Suggestion, params: dict[str, str], differs: list[str]) -> Message:
    """The message naming a closest work that OpenAlex holds without a DOI."""
    if not differs:
        return msg(
            "no-matching-work.closest-work",
            "No registry searched holds a work with this title, first author and year; "
            "check that it exists. The closest is “{title}” ({who}), OpenAlex work {work}.",
            **params,
            work=closest.openalex,
        )
    return msg(
        "no-matching-work.closest-work-differs",
        "No registry searched holds a work with this title, first author and year; "
        "check that it exists. The closest is “{title}” ({who}), OpenAlex work {work}, "
        "which differs in {differs:fields}.",
        **params,
        work=closest.openalex,
        differs="; ".join(differs),
    )
