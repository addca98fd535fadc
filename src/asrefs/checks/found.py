"""A reference that prints no identifier, compared with the work a search found for it.

The search matches a reference by its title (``doi-suggested`` says which DOI); when the
match is confident and the found record agrees with the print on the first author or the
year as well, the record is taken as the work the reference means, and its other fields
are compared with it like those of an identified reference. What differs is reported as
a warning at most, saying that the work was found by search: the identity is inferred,
not printed. A record that agrees on neither, or that the identity check calls another
work, is not compared (a search that found the wrong work must not become a finding).
"""

from __future__ import annotations

from dataclasses import replace

from asrefs.checks.fields import field_findings
from asrefs.checks.identity import identity_findings
from asrefs.checks.normalise import name_keys
from asrefs.models import Finding, Record, Reference, ReferenceResult, Severity

__all__ = ["COMPARE_SCORE", "found_work_findings"]

COMPARE_SCORE = 0.9
"""The search score from which a found work is compared field by field."""


def found_work_findings(result: ReferenceResult) -> list[Finding]:
    suggestion = result.suggestion
    if result.records or suggestion is None or suggestion.record is None:
        return []
    if suggestion.score < COMPARE_SCORE or not _corroborated(result.reference, suggestion.record):
        return []
    ref = result.reference
    identity, recs = identity_findings(ref, [suggestion.record])
    if identity or not recs:
        return []
    note = f" (compared with DOI {suggestion.doi}, which the search found for this reference)"
    return [
        replace(
            f,
            severity=Severity.WARNING if f.severity is Severity.ERROR else f.severity,
            message=f.message.rstrip() + note,
        )
        for f in field_findings(ref, recs)
    ]


def _corroborated(ref: Reference, record: Record) -> bool:
    """The print and the record agree on the first author or on the year."""
    if ref.year is not None and ref.year == record.year:
        return True
    if ref.authors and record.authors:
        return bool(name_keys(ref.authors[0].family) & name_keys(record.authors[0].family))
    return False
