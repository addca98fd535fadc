"""Corrections written back into an article: the fixes of the findings about its
reference list applied to the entries as printed, and every chosen finding noted beside
the place it is about.

A finding's ``fix`` is its reference's printed string with only that finding's field
corrected (:mod:`asrefs.checks.findings`), so each fix is one edit of the string: the
span where the two differ. The edits of a reference's fixes touch disjoint spans and are
combined; one that overlaps another is left out and reported. For a BibTeX input the fix
is the whole entry with the finding's fields set; the entry is rewritten with every
chosen fix's fields. Claims in the article's text are never rewritten, only noted.

``plan`` chooses the findings and builds the edits; ``text`` writes them into a text
file (Markdown, plain text, LaTeX, BibTeX); ``word`` into a Word file, as tracked
changes with a comment per finding.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from asrefs.models import Finding, Origin, Reference, Report


@dataclass(frozen=True)
class Edit:
    """``raw[start:end]`` replaced by ``new`` in a reference's printed string."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class Correction:
    """A reference's chosen fixes as edits of its printed string, with the findings they
    come from (``whole``: the edit rewrites the whole entry, a BibTeX one)."""

    reference: Reference
    findings: tuple[Finding, ...]
    edits: tuple[Edit, ...]
    whole: bool = False

    @property
    def text(self) -> str:
        """The reference's printed string with the edits made."""
        out = self.reference.raw
        for e in sorted(self.edits, key=lambda e: e.start, reverse=True):
            out = out[: e.start] + e.new + out[e.end :]
        return out


@dataclass
class Plan:
    """What to write into an article: the corrections, the findings to note (each
    chosen finding, fixed or not), and the fixes that could not be combined."""

    corrections: list[Correction] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(len(c.findings) for c in self.corrections)


def chosen(
    report: Report, codes: Collection[str] = (), only: Collection[int] | None = None
) -> list[Finding]:
    """The findings to act on: not accepted, of ``codes`` when given, and among the
    report's findings numbered ``only`` (0-based, in report order) when given."""
    out = []
    for number, f in enumerate(report.findings):
        if f.accepted is not None or (codes and f.code not in codes):
            continue
        if only is not None and number not in only:
            continue
        out.append(f)
    return out


def edit_of(raw: str, fix: str) -> Edit | None:
    """The one span where ``fix`` differs from ``raw`` (None when they are equal)."""
    if raw == fix:
        return None
    start = 0
    limit = min(len(raw), len(fix))
    while start < limit and raw[start] == fix[start]:
        start += 1
    end = 0
    while end < limit - start and raw[len(raw) - 1 - end] == fix[len(fix) - 1 - end]:
        end += 1
    # whole words: "(2019)" -> "(2025)" reads as 2019 replaced, not "19" by "25"
    while start > 0 and raw[start - 1].isalnum():
        start -= 1
    while end > 0 and raw[len(raw) - end].isalnum():
        end -= 1
    return Edit(start, len(raw) - end, fix[start : len(fix) - end])


def plan(report: Report, findings: list[Finding]) -> Plan:
    """The corrections of the findings' fixes, by reference in list order; every finding
    is noted."""
    from asrefs.correct.bib import combined_entry

    result = Plan(notes=list(findings))
    refs = {r.reference.index: r.reference for r in report.results}
    by_ref: dict[int, list[Finding]] = {}
    for f in findings:
        if f.fix and f.ref in refs and f.origin is not Origin.TEXT:
            by_ref.setdefault(f.ref, []).append(f)
    for index in sorted(by_ref):
        ref, group = refs[index], by_ref[index]
        if ref.fields_from == "bibtex":
            entry = combined_entry(ref.raw, [(f.code, f.fix or "") for f in group])
            if entry is not None:
                whole = Edit(0, len(ref.raw), entry)
                result.corrections.append(Correction(ref, tuple(group), (whole,), whole=True))
            continue
        edits: list[Edit] = []
        used: list[Finding] = []
        for f in group:
            edit = edit_of(ref.raw, f.fix or "")
            if edit is None:
                continue
            if any(edit.start < e.end and e.start < edit.end for e in edits) or any(
                edit.start == edit.end == e.start for e in edits
            ):
                result.skipped.append(f)
                continue
            edits.append(edit)
            used.append(f)
        if edits:
            result.corrections.append(Correction(ref, tuple(used), tuple(edits)))
    return result
