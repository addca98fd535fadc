"""A reference that prints no identifier, compared with the work a search found for it.

The search matches a reference by its title (``doi-suggested`` says which DOI; a work
OpenAlex holds without a DOI is named by its OpenAlex work id); when the
match is confident and the found record agrees with the print on the first author or the
year as well, the record is taken as the work the reference means, and its other fields
are compared with it like those of an identified reference. What differs is reported as
a warning at most, saying that the work was found by search: the identity is inferred,
not printed. A record that agrees on neither, or that the identity check calls another
work, is not compared (a search that found the wrong work must not become a finding).
A search score below the threshold still gives a comparison when the print names the
record's title with at most a word or two changed and agrees with it on the first author
or the year (the score falls with every field that differs, so one wrong year, title
word or author list could hide itself); the closest candidate of a search that suggested
nothing is compared by the same rule; a record that is a notice about a work (a
correction, a retraction, a reply) never is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from asrefs.checks.fields import field_findings
from asrefs.checks.identity import identity_findings
from asrefs.checks.normalise import full_title, name_keys
from asrefs.codes import annotated, msg
from asrefs.models import Finding, Record, Reference, ReferenceResult, Severity, Suggestion
from asrefs.text import is_notice, normalise_title

__all__ = ["COMPARE_SCORE", "compared_work", "found_work_findings"]

COMPARE_SCORE = 0.9
"""The search score from which a found work is compared field by field."""

SAME_TITLE = 90
"""The title similarity (0-100) from which a title is the record's with a word changed."""

_NUMBER_WORD_RE = re.compile(r"[0-9]+|[ivxlc]+", re.IGNORECASE)


def compared_work(result: ReferenceResult) -> Suggestion | None:
    """The search's candidate the reference is compared with, if any: the suggestion, or
    the closest candidate below the threshold, when it passes the rules above."""
    if result.records:
        return None
    ref = result.reference
    for candidate in (c for c in (result.suggestion, result.closest) if c is not None):
        if candidate.record is not None and _comparable(ref, candidate.record, candidate.score):
            return candidate
    return None


def found_work_findings(result: ReferenceResult) -> list[Finding]:
    suggestion = compared_work(result)
    if suggestion is None or suggestion.record is None:
        return []
    ref = result.reference
    identity, recs = identity_findings(ref, [suggestion.record])
    if identity or not recs:
        return []
    note = (
        msg(
            "found-work.compared",
            "{message:message} (compared with DOI {found_doi}, which the search found for "
            "this reference)",
            found_doi=suggestion.doi,
        )
        if suggestion.doi
        else msg(
            "found-work.compared-work",
            "{message:message} (compared with OpenAlex work {work}, which the search found "
            "for this reference)",
            work=suggestion.openalex,
        )
    )
    return [
        annotated(
            replace(f, severity=Severity.WARNING if f.severity is Severity.ERROR else f.severity),
            note,
        )
        for f in field_findings(ref, recs)
    ]


def _comparable(ref: Reference, record: Record, score: float) -> bool:
    if is_notice(record.title or "") and not is_notice(ref.title or ""):
        return False
    return _corroborated(ref, record) and (
        score >= COMPARE_SCORE or _nearly_same_title(ref, record)
    )


def _nearly_same_title(ref: Reference, record: Record) -> bool:
    if not ref.title or not record.title:
        return False
    printed = normalise_title(ref.title)
    for title in {record.title, full_title(record) or record.title}:
        registered = normalise_title(title)
        if fuzz.ratio(printed, registered) >= SAME_TITLE or _one_word_apart(printed, registered):
            return True
    return False


def _one_word_apart(printed: str, registered: str) -> bool:
    """One word of five or more changed, added or dropped; not a number ("Part II" is
    another work than "Part I")."""
    a, b = printed.split(), registered.split()
    if min(len(a), len(b)) < 5:
        return False
    changes = [
        op for op in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    if len(changes) != 1:
        return False
    _, i1, i2, j1, j2 = changes[0]
    changed = a[i1:i2] + b[j1:j2]
    return max(i2 - i1, j2 - j1) == 1 and not any(_NUMBER_WORD_RE.fullmatch(w) for w in changed)


def _same_first_author(ref: Reference, record: Record) -> bool:
    if not ref.authors or not record.authors:
        return False
    return bool(name_keys(ref.authors[0].family) & name_keys(record.authors[0].family))


def _corroborated(ref: Reference, record: Record) -> bool:
    """The print and the record agree on the first author or on the year."""
    if ref.year is not None and ref.year == record.year:
        return True
    return _same_first_author(ref, record)
