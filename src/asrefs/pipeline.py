"""The orchestration: article -> references -> lookups -> findings -> Report.

``verify_articles`` is the library entry point the CLI calls; it shares one Resolver
(one cache, one HTTP session, one set of rate limits) across all articles of a run.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from asrefs.checks import claimcheck, compare
from asrefs.claims import extract_claims, find_markers
from asrefs.config import Options
from asrefs.models import (
    Article,
    Finding,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Report,
    Severity,
)
from asrefs.parse import find_reference_section, parse_references
from asrefs.resolve.resolver import Resolver

UNCHECKED = (Problem.UNAVAILABLE, Problem.NOT_CACHED)


def author_year_labels(refs: Sequence[Reference]) -> dict[str, int]:
    """Keys such as "zeng-2025" for author–year citations, mapped to reference indexes."""
    out: dict[str, int] = {}
    for ref in refs:
        if ref.authors and ref.year:
            key = f"{re.sub(r'[^a-z]', '', ref.authors[0].family.lower())}-{ref.year}"
            out.setdefault(key, ref.index)
    return out


def verify_article(article: Article, options: Options, resolver: Resolver) -> Report:
    refs = parse_references(article)
    results = resolver.resolve(refs)
    return build_report(article, results, options)


def build_report(article: Article, results: list[ReferenceResult], options: Options) -> Report:
    refs = [r.reference for r in results]
    findings: list[Finding] = []
    for result in results:
        findings.extend(compare.check_reference(result))
    findings.extend(compare.compare_list(results))

    section = find_reference_section(article.text)
    body_end = section[0] if section else len(article.text)
    max_ref = max((r.index for r in refs), default=0)
    markers = find_markers(article, body_end, author_year_labels(refs), max_ref=max_ref or None)
    article_claims = extract_claims(article, markers, body_end)
    findings.extend(claimcheck.check_markers(markers, refs))
    findings.extend(claimcheck.check_claims(article_claims, results))

    findings = apply_accepted(findings, results, options)
    findings.sort(key=lambda f: (f.line, f.code, f.ref if f.ref is not None else -1, f.field or ""))
    return Report(
        article=article.path,
        results=results,
        findings=findings,
        claims=article_claims,
        markers=markers,
        text=article.text,
    )


def apply_accepted(
    findings: list[Finding], results: list[ReferenceResult], options: Options
) -> list[Finding]:
    """Mark findings the configuration accepts (by DOI or PMID and code)."""
    if not options.accepted:
        return findings
    ids: dict[int, tuple[str | None, str | None]] = {
        r.reference.index: (r.reference.doi, r.reference.pmid) for r in results
    }
    out = []
    for f in findings:
        doi, pmid = ids.get(f.ref, (None, None)) if f.ref is not None else (None, None)
        reason = None
        for acc in options.accepted:
            if acc.code == f.code and (
                (acc.doi and acc.doi == doi) or (acc.pmid and acc.pmid == pmid)
            ):
                reason = acc.reason
                break
        if reason is not None:
            from dataclasses import replace

            f = replace(f, accepted=reason)
        out.append(f)
    return out


def stale_accepted(reports: Sequence[Report], options: Options) -> list[str]:
    """Accepted findings that no longer occur, so the list does not rot."""
    seen = {(f.code, f.accepted) for r in reports for f in r.findings if f.accepted is not None}
    stale = []
    for acc in options.accepted:
        if (acc.code, acc.reason) not in seen:
            stale.append(f"accepted finding {acc.code} for {acc.doi or acc.pmid} no longer occurs")
    return stale


def could_not_check(report: Report) -> bool:
    for result in report.results:
        if result.records:
            printed = {i.value for i in result.reference.identifiers}
            if any(
                lk.problem in UNCHECKED and lk.identifier.value in printed for lk in result.lookups
            ):
                return True
        elif result.problem in UNCHECKED:
            return True
    return False


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


def summary(report: Report) -> dict[str, int]:
    resolved = sum(1 for r in report.results if r.records)
    live = [f for f in report.findings if f.accepted is None]
    return {
        "references": len(report.results),
        "resolved": resolved,
        "unresolved": len(report.results) - resolved,
        "error": sum(1 for f in live if f.severity is Severity.ERROR),
        "warning": sum(1 for f in live if f.severity is Severity.WARNING),
        "info": sum(1 for f in live if f.severity is Severity.INFO),
    }


def bibliography_items(results: Sequence[ReferenceResult]) -> list[tuple[Reference, Record | None]]:
    """(reference, authoritative record) pairs for the bibliography.

    The registry record is authoritative, except for a title the registry holds with
    words dropped (a ``title-variant`` finding, such as PubMed's title of a work that
    lacks a word the publisher's has): there the printed title is kept.
    """
    items: list[tuple[Reference, Record | None]] = []
    for result in results:
        record = compare.merge_records(result.records)
        if record is not None and result.reference.title:
            codes = {f.code for f in compare.check_reference(result)}
            if "title-variant" in codes:
                record = dataclasses.replace(record, title=result.reference.title, subtitle=None)
        items.append((result.reference, record))
    return items
