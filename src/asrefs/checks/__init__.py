"""checks: pure functions from (Reference, Record) and (Claim, Record) to Findings.

Owns every rule that decides whether a printed reference or a claim in the text agrees
with what the registries hold, and the merging of several registries' records into one.
No I/O.

- reference checks: :mod:`.reference` (entry points) over :mod:`.identity`,
  :mod:`.title`, :mod:`.authors`, :mod:`.journal`, :mod:`.dates`, :mod:`.numbers` and
  :mod:`.status`, built from :mod:`.findings` and :mod:`.normalise`; each looks for the
  record's value in the printed string (:mod:`.printed`) before it calls a field different;
- the list as a whole: :mod:`.listcheck`;
- merged records: :mod:`.merge`;
- claims in the text: :mod:`.claims` over :mod:`.claim_dates`, :mod:`.claim_titles`
  and :mod:`.claim_facts`, with the Chinese-English scorer :mod:`.crosslingual`;
- thresholds: :mod:`.thresholds`.
"""

from asrefs.checks.claims import check_claims
from asrefs.checks.journal import same_journal
from asrefs.checks.listcheck import check_markers, compare_list
from asrefs.checks.merge import field_sources, merge_records
from asrefs.checks.reference import (
    check_reference,
    compare_reference,
    lookup_findings,
    points_elsewhere,
    reference_status,
)

__all__ = [
    "check_claims",
    "check_markers",
    "check_reference",
    "compare_list",
    "compare_reference",
    "field_sources",
    "lookup_findings",
    "merge_records",
    "points_elsewhere",
    "reference_status",
    "same_journal",
]
