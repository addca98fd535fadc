"""The orchestration: article -> references -> lookups -> findings -> Report.

``build_report`` checks resolved references, the list and the claims, applies the
project's policy (accepted findings, severities: :mod:`asrefs.policy`), and stores on each
result what the formats show (its status, merged record, field sources and findings), so
that a format reads the Report alone. ``exit_code``, ``stale_accepted`` and
``bibliography_items`` serve the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from asrefs.checks import (
    check_claims,
    check_markers,
    check_reference,
    compare_list,
    field_sources,
    merge_records,
    reference_status,
)
from asrefs.claims import (
    KEYED_FORMATS,
    author_year_key,
    citation_form,
    extract_claims,
    find_markers,
    key_labels,
)
from asrefs.config import Options
from asrefs.models import (
    Article,
    Finding,
    Origin,
    Record,
    Reference,
    ReferenceResult,
    Report,
    Severity,
)
from asrefs.parse import body_end
from asrefs.policy import IGNORE, Policy, apply, stale

_NOT_LETTER = re.compile(r"[^a-z]")


def author_year_labels(refs: Sequence[Reference]) -> dict[str, int]:
    """Keys such as "zeng-2025" for author–year citations, mapped to reference indexes.

    Works that share a first author and a year are told apart the way author–year
    styles tell them apart: by the year's letter ("zeng-2025a", "zeng-2025b": the one the
    entry prints, else by list order), by how the citation names the other authors
    ("moreau&stein-2008" for two, "moreau+-2008" for et al., the work with the most
    authors first), each letter counted among the works cited alike, and by every author
    named ("gerke&lorenz&cohen-2012").
    """
    out: dict[str, int] = {}
    for ref in refs:  # the most specific keys first: they are not taken by others
        if ref.authors and ref.year:
            out.update(dict.fromkeys(_printed_letter_keys(ref), ref.index))
            if 2 < len(ref.authors) <= 7 and not ref.et_al:
                names = "&".join(author_year_key(a.family, "").rstrip("-") for a in ref.authors)
                out.setdefault(f"{names}-{ref.year}", ref.index)
    out.update({k: v for k, v in _et_al_stems(refs).items() if k not in out})
    letters: dict[str, int] = {}
    for ref in refs:
        if not (ref.authors and ref.year):
            continue
        first, form = _cited_as(ref)
        out.setdefault(
            f"{_NOT_LETTER.sub('', ref.authors[0].family.lower())}-{ref.year}", ref.index
        )
        for stem in {f"{first}-{ref.year}", f"{first}{form}-{ref.year}"}:
            letter = "abcdefghijklmnopqrstuvwxyz"[min(letters.get(stem, 0), 25)]
            letters[stem] = letters.get(stem, 0) + 1
            out.setdefault(stem, ref.index)
            out.setdefault(f"{stem}{letter}", ref.index)
    return out


def _et_al_stems(refs: Sequence[Reference]) -> dict[str, int]:
    """ "Wang et al., 2010" for the work with the most authors of those it could name: a
    style that tells "Wang, Li & Wang, 2010" apart by naming all three leaves "et al." to
    the work with more (PeerJ); works of as many authors keep the list's order."""
    best: dict[str, Reference] = {}
    for ref in refs:
        if not (ref.authors and ref.year):
            continue
        first, form = _cited_as(ref)
        if form == "+":
            stem = f"{first}+-{ref.year}"
            if stem not in best or len(ref.authors) > len(best[stem].authors):
                best[stem] = ref
    return {stem: ref.index for stem, ref in best.items()}


def _cited_as(ref: Reference) -> tuple[str, str]:
    """The first author's key and how a citation names the others (``citation_form``)."""
    first = author_year_key(ref.authors[0].family, "").rstrip("-")
    second = ref.authors[1].family if len(ref.authors) == 2 and not ref.et_al else None
    return first, citation_form(second, len(ref.authors) > 2 or ref.et_al)


def _printed_letter_keys(ref: Reference) -> list[str]:
    """The keys of the year's letter the entry prints ("2005b"), if it prints one."""
    assert ref.authors and ref.year
    printed = re.search(rf"(?<!\d){ref.year}([a-z])(?![a-z])", ref.raw)
    if printed is None or ref.fielded:
        return []
    first, form = _cited_as(ref)
    return [f"{first}-{ref.year}{printed.group(1)}", f"{first}{form}-{ref.year}{printed.group(1)}"]


def checked_result(result: ReferenceResult, own: Sequence[Finding]) -> ReferenceResult:
    """The result with what the formats show: the registries' records merged, where
    each field came from, the findings about it (``own``) and the status they give it."""
    records = result.records
    return replace(
        result,
        status=reference_status(result, list(own)),
        merged=merge_records(records),
        field_sources=tuple(field_sources(records).items()),
        findings=tuple(own),
    )


def checked_results(
    results: Sequence[ReferenceResult], findings: Sequence[Finding]
) -> list[ReferenceResult]:
    """Each result checked (``checked_result``) with every one of ``findings`` about it,
    in their order."""
    by_ref: dict[int, list[Finding]] = {}
    for f in findings:
        if f.ref is not None:
            by_ref.setdefault(f.ref, []).append(f)
    return [checked_result(r, by_ref.get(r.reference.index, [])) for r in results]


def build_report(article: Article, results: list[ReferenceResult], options: Options) -> Report:
    refs = [r.reference for r in results]
    findings: list[Finding] = []
    for result in results:
        findings.extend(check_reference(result))
    findings.extend(compare_list(results))

    end = body_end(article)
    max_ref = max((r.index for r in refs), default=0)
    labels = key_labels(refs) if article.format in KEYED_FORMATS else author_year_labels(refs)
    markers = find_markers(article, end, labels, max_ref=max_ref or None)
    article_claims = extract_claims(article, markers, end)
    findings.extend(check_markers(markers, refs))
    findings.extend(check_claims(article_claims, results))
    findings = bibtex_fixes(findings, results)

    findings, ignored = apply(findings, results, article.path, policy_of(options))
    findings.sort(key=lambda f: (f.line, f.code, f.ref if f.ref is not None else -1, f.field or ""))
    return Report(
        article=article.path,
        results=checked_results(results, findings),
        findings=findings,
        claims=article_claims,
        markers=markers,
        text=article.text,
        ignored=ignored,
    )


def bibtex_fixes(findings: Sequence[Finding], results: Sequence[ReferenceResult]) -> list[Finding]:
    """The findings about the entries of a BibTeX input with their fix as a BibTeX
    entry: the user's entry with the finding's field corrected from the registries'
    record (:func:`asrefs.export.bibentry.corrected_entry`); a string substituted in
    the entry's source is no fix."""
    keyed = {r.reference.index: r for r in results if r.reference.fields_from == "bibtex"}
    if not keyed:
        return list(findings)
    from asrefs.export.bibentry import corrected_entry  # pybtex, needed for BibTeX inputs only

    out = []
    for f in findings:
        result = keyed.get(f.ref) if f.ref is not None else None
        if result is None or f.origin is Origin.TEXT:
            out.append(f)
            continue
        record = merge_records(result.records) or _found_record(result)
        if f.code == "doi-points-elsewhere":  # the printed work's own DOI, where searched
            record = _found_record(result) if f.message_id.endswith(".found") else None
        fix = corrected_entry(result.reference, record, f.code) if record else None
        out.append(replace(f, fix=fix))
    return out


def _found_record(result: ReferenceResult) -> Record | None:
    """The record of the work a search found for the reference (one that prints no
    identifier, or whose DOI leads to another work)."""
    return result.suggestion.record if result.suggestion is not None else None


def policy_of(options: Options) -> Policy:
    """The project's accepted findings and severities, as the options hold them."""
    severity = dict(options.severity)
    severity.update(dict.fromkeys(options.ignore, IGNORE))
    base = options.config_file.parent if options.config_file is not None else Path.cwd()
    return Policy(accepted=options.accepted, severity=severity, base=base)


def stale_accepted(reports: Sequence[Report], options: Options) -> list[str]:
    """Accepted findings that no longer occur, so the list does not rot."""
    return stale(reports, policy_of(options))


def could_not_check(report: Report) -> bool:
    """Whether something in the report could not be checked (``ReferenceResult.unchecked``)."""
    return any(result.unchecked for result in report.results)


def exit_code(reports: Sequence[Report], fail_on: str) -> int:
    """1 a finding at or above the threshold; 3 something could not be checked; else 0."""
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        for report in reports:
            if any(f.accepted is None and f.severity.rank >= threshold for f in report.findings):
                return 1
    if any(could_not_check(r) for r in reports):
        return 3
    return 0


def bibliography_items(results: Sequence[ReferenceResult]) -> list[tuple[Reference, Record | None]]:
    """(reference, authoritative record) pairs for the bibliography, from results as a
    Report holds them or as the resolver returns them (checked here).

    The registry record is authoritative, except for a title the registry holds with
    words dropped (a ``title-variant`` finding, such as PubMed's title of a work that
    lacks a word the publisher's has): there the printed title is kept. A reference that
    prints no identifier takes the record of the DOI its search matched with confidence
    (the ``doi-suggested`` finding), as a DOI-based bibliography tool would from that DOI.
    """
    items: list[tuple[Reference, Record | None]] = []
    for result in results:
        checked = result if result.status else checked_result(result, check_reference(result))
        record = checked.merged
        if record is None and result.suggestion is not None:
            record = result.suggestion.record
        if (
            record is not None
            and result.reference.title
            and any(f.code == "title-variant" for f in checked.findings)
        ):
            record = replace(record, title=result.reference.title, subtitle=None)
        items.append((result.reference, record))
    return items
