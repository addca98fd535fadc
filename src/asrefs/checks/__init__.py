"""checks: pure functions from (Reference, Record) and (Claim, Record) to Findings.

Owns every rule that decides whether a printed reference or a claim in the text agrees
with what the registries hold, and the merging of several registries' records into one.
No I/O.
"""

from asrefs.checks.claimcheck import check_claims, check_markers
from asrefs.checks.compare import (
    check_reference,
    compare_list,
    field_sources,
    merge_records,
    reference_status,
    same_journal,
)

__all__ = [
    "check_claims",
    "check_markers",
    "check_reference",
    "compare_list",
    "field_sources",
    "merge_records",
    "reference_status",
    "same_journal",
]
