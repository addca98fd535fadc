"""The stable finding codes, their default severity and what each means.

Users accept findings by code, so a code is never renamed or removed. README.md's
"Finding codes" table is kept equal to this one by a test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from asrefs.messages import Message, edit, fill, misspelt, msg, msg_n, notice
from asrefs.models import Finding, Origin, Severity

__all__ = [
    "CODES",
    "Code",
    "Message",
    "annotated",
    "edit",
    "make_finding",
    "misspelt",
    "msg",
    "msg_n",
    "notice",
    "severity_of",
]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    origin: Origin
    meaning: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_R, _T, _L = Origin.REFERENCE, Origin.TEXT, Origin.LIST

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # existence and identity
        Code("doi-not-found", _E, _R, "no registry knows the printed DOI"),
        Code("pmid-not-found", _E, _R, "PubMed has no record with the printed PMID"),
        Code("pmcid-not-found", _W, _R, "the PMC ID converter does not know the printed PMCID"),
        Code("arxiv-not-found", _E, _R, "the printed arXiv id names no work arXiv holds"),
        Code(
            "no-matching-work",
            _W,
            _R,
            "a journal article or conference paper without identifier matches no work the "
            "registries hold (title, first author, year): check that it exists",
        ),
        Code(
            "other-agency",
            _I,
            _R,
            "the DOI is registered with an agency asrefs cannot ask (mEDRA, JaLC, CNKI…); "
            "not checkable here",
        ),
        Code("malformed-identifier", _E, _R, "a printed DOI, PMID or PMCID is not well formed"),
        Code(
            "doi-points-elsewhere",
            _E,
            _R,
            "the DOI resolves to a different work than the one printed",
        ),
        Code(
            "pmid-points-elsewhere",
            _E,
            _R,
            "the PMID belongs to a different work than the one printed",
        ),
        Code("doi-pmid-mismatch", _E, _R, "the printed DOI and PMID belong to different works"),
        Code(
            "pmcid-mismatch", _W, _R, "the printed PMCID belongs to another work than the DOI/PMID"
        ),
        # fields
        Code("title-mismatch", _E, _R, "the printed title is not the registered title"),
        Code("title-typo", _W, _R, "the printed title differs slightly from the registered one"),
        Code(
            "title-variant", _I, _R, "the titles differ only in words the registry may have dropped"
        ),
        Code("author-mismatch", _E, _R, "the first author is not the registered first author"),
        Code("author-spelling", _W, _R, "an author's name is spelled differently from the record"),
        Code("author-order", _W, _R, "the printed authors are in another order than registered"),
        Code("author-count", _W, _R, "a complete author list has another number of authors"),
        Code("journal-mismatch", _E, _R, "the printed journal is not the registered journal"),
        Code("year-mismatch", _E, _R, "the printed year matches none of the registered dates"),
        Code(
            "year-online-print",
            _I,
            _R,
            "the printed year is the online year, the issue is later (or vice versa)",
        ),
        Code(
            "year-after-online",
            _I,
            _R,
            "the printed year follows a late online date; the record holds no issue date",
        ),
        Code("date-mismatch", _W, _R, "the printed month or day differs from the registered date"),
        Code("volume-mismatch", _E, _R, "the printed volume differs from the record"),
        Code("issue-mismatch", _W, _R, "the printed issue differs from the record"),
        Code(
            "pages-mismatch", _W, _R, "the printed pages or article number differ from the record"
        ),
        Code(
            "registry-disagreement", _I, _R, "Crossref and PubMed hold different values for a field"
        ),
        # status
        Code("retracted", _E, _R, "the work was retracted"),
        Code(
            "expression-of-concern", _W, _R, "an expression of concern was published about the work"
        ),
        Code("withdrawn", _E, _R, "the work was withdrawn"),
        Code("corrected", _I, _R, "a correction or erratum was published for the work"),
        Code("preprint-published", _W, _R, "the cited preprint has a published version"),
        # the list
        Code("duplicate-reference", _W, _L, "the same work is cited twice in the list"),
        Code("duplicate-key", _E, _L, "two entries share a citation key; LaTeX uses only one"),
        Code("numbering-gap", _W, _L, "a number is missing from the numbered list"),
        Code("numbering-repeat", _E, _L, "a number is used twice in the list"),
        Code("doi-suggested", _I, _R, "a reference without identifier matched a registered work"),
        Code("uncited-reference", _W, _L, "no marker in the text cites the reference"),
        Code("dangling-marker", _E, _L, "a citation marker points to no reference"),
        # the article's text
        Code(
            "date-claim-mismatch",
            _W,
            _T,
            "the text gives a publication date the record does not hold",
        ),
        Code(
            "date-claim-timezone", _I, _T, "the claimed date is one day after the registered date"
        ),
        Code("date-claim-other-event", _I, _T, "the claimed date is the received or accepted date"),
        Code(
            "date-claim-unconfirmable",
            _I,
            _T,
            "the record is too coarse to confirm the claimed date",
        ),
        Code("journal-claim-mismatch", _E, _T, "the text names another journal than the record"),
        Code("title-claim-mismatch", _W, _T, "the title the text gives does not match the record"),
        Code(
            "claim-wrong-reference",
            _E,
            _T,
            "the claim matches another reference better than its own",
        ),
        Code(
            "number-claim-unconfirmed",
            _I,
            _T,
            "a number the text attributes is not in the abstract",
        ),
        Code(
            "institution-claim-unconfirmed",
            _I,
            _T,
            "the record's affiliations do not show the institution the text credits",
        ),
    )
}


def severity_of(code: str) -> Severity:
    return CODES[code].severity


def make_finding(
    code: str,
    *,
    ref: int | None,
    field: str | None,
    found: str | None,
    expected: str | None,
    source: str | None,
    message: Message | str,
    line: int,
    fix: str | None = None,
) -> Finding:
    """A Finding with the code's default severity and origin. ``message`` is a catalogue
    message (``msg``), or plain English text, which every language then shows as given."""
    spec = CODES[code]
    text = message.english() if isinstance(message, Message) else message
    return Finding(
        code=code,
        ref=ref,
        field=field,
        origin=spec.origin,
        severity=spec.severity,
        found=found,
        expected=expected,
        source=source,
        message=text,
        line=line,
        fix=fix,
        message_id=message.id if isinstance(message, Message) else "",
        params=message.params if isinstance(message, Message) else (),
    )


def annotated(finding: Finding, note: Message) -> Finding:
    """``finding`` with its message followed by ``note``, whose ``{message:message}``
    field stands for the finding's own message."""
    english = fill(note.text, {**dict(note.params), "message": finding.message.rstrip()}, "en")
    if not finding.message_id:
        return replace(finding, message=english)
    params = (*note.params, ("message", finding.message_id), *finding.params)
    return replace(finding, message=english, message_id=note.id, params=params)
