"""Every claim the text makes about a cited work, sent to the check of its kind (date,
journal, title, number, institution)."""

from __future__ import annotations

from collections.abc import Sequence

from asrefs.checks.claim_dates import check_date_claim
from asrefs.checks.claim_facts import check_institution_claim, check_number_claim
from asrefs.checks.claim_titles import check_journal_claim, check_title_claim, known_works
from asrefs.models import Claim, Finding, ReferenceResult


def check_claims(claims: Sequence[Claim], results: Sequence[ReferenceResult]) -> list[Finding]:
    """Every claim about a resolved reference, checked against its records."""
    by_index = {r.reference.index: r for r in results}
    works = known_works(results)
    findings: list[Finding] = []
    for claim in claims:
        if claim.ref is None or claim.ref not in by_index:
            continue
        records = by_index[claim.ref].records
        if not records:
            continue
        finding: Finding | None = None
        if claim.kind == "date":
            finding = check_date_claim(claim, records)
        elif claim.kind == "journal":
            finding = check_journal_claim(claim, records, works)
        elif claim.kind == "title":
            finding = check_title_claim(claim, records, works)
        elif claim.kind == "number":
            finding = check_number_claim(claim, records)
        elif claim.kind == "institution":
            finding = check_institution_claim(claim, records)
        if finding is not None:
            findings.append(finding)
    return findings
