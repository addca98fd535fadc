"""The printed fields of a reference against records of the same work: title, authors,
journal, year, volume, issue, pages, and the work's status (retractions, corrections)."""

from __future__ import annotations

from asrefs.checks.authors import author_findings
from asrefs.checks.dates import year_findings
from asrefs.checks.journal import journal_findings
from asrefs.checks.normalise import norm_issue, norm_volume
from asrefs.checks.numbers import number_findings, page_findings
from asrefs.checks.status import status_findings
from asrefs.checks.title import title_findings
from asrefs.models import Finding, Record, Reference

__all__ = ["field_findings"]


def field_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed fields against records of the same work, and the work's status."""
    out: list[Finding] = []
    out += title_findings(ref, recs)
    out += author_findings(ref, recs)
    out += journal_findings(ref, recs)
    out += year_findings(ref, recs)
    out += number_findings(ref, recs, "volume", "volume-mismatch", norm_volume)
    out += number_findings(ref, recs, "issue", "issue-mismatch", norm_issue)
    out += page_findings(ref, recs)
    out += status_findings(ref, recs)
    return out
