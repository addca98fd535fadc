"""The printed volume, issue, pages and article number against the registered ones."""

from __future__ import annotations

import re
from collections.abc import Callable

from asrefs.checks.findings import (
    Candidate,
    candidates,
    disagreement,
    reference_finding,
    substitute,
)
from asrefs.checks.normalise import norm_issue, norm_volume, page_range
from asrefs.checks.printed import printed as printed_view
from asrefs.codes import msg
from asrefs.models import Finding, Record, Reference

_DIGITS = re.compile(r"[A-Za-z]{0,2}\d+")


def number_findings(
    ref: Reference, recs: list[Record], field: str, code: str, norm: Callable[[str], str]
) -> list[Finding]:
    """The printed volume or issue (``field``) against the registered one, compared
    through ``norm``; ``code`` is the finding's when they differ."""
    printed = getattr(ref, field)
    if not printed:
        return []
    cands = candidates(recs, lambda r: getattr(r, field), norm)
    if not cands:
        return []
    out = disagreement(ref, field, printed, cands)
    if any(c.key == norm(printed) for c in cands):
        return out
    view = printed_view(ref, tuple(recs))
    taken = confirmed_numbers(ref, recs, field)
    if any(view.has_number(c.value, taken, norm) for c in cands):
        return out  # the registered value is printed: the parse misread the field
    best = cands[0]
    out.append(
        reference_finding(
            code,
            ref,
            field,
            msg(
                "number-mismatch.registry",
                "The printed {field:field} {printed} differs from the {field:field} registered "
                "in {registry:registry}: {value}.",
                field=field,
                printed=printed,
                registry=best.source,
                value=best.value,
            ),
            found=printed,
            expected=best.value,
            source=best.source,
            fix=substitute(ref, printed, best.value),
        )
    )
    return out


def confirmed_numbers(ref: Reference, recs: list[Record], field: str) -> list[str]:
    """The numbers the parse read into the fields other than ``field`` that the records
    confirm (the year, volume, issue, a single page): they are not ``field``'s."""
    out: list[str] = []
    years = {int(v[:4]) for r in recs for _k, v in r.dates if v[:4].isdigit()}
    if ref.year is not None and ref.year in years | {r.year for r in recs}:
        out.append(str(ref.year))
    for name, norm in (("volume", norm_volume), ("issue", norm_issue)):
        value = getattr(ref, name)
        held = {norm(getattr(r, name) or "") for r in recs}
        if name != field and value and norm(value) in held:
            out.append(value)
    if field != "pages":
        out += [v for v in (ref.pages, ref.article_number) if v and _DIGITS.fullmatch(v)]
    if ref.day is not None:
        out.append(str(ref.day))
    return out


def _locators(rec: Record) -> list[str]:
    return [v for v in (rec.pages, rec.article_number) if v]


def _locator_matches(printed: str, registered: str) -> bool:
    (p1, p2), (r1, r2) = page_range(printed), page_range(registered)
    if p1 != r1:
        return False
    return p2 is None or r2 is None or p2 == r2


def page_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed pages or article number against the registered ones."""
    printed = [v for v in (ref.pages, ref.article_number) if v]
    holders = [r for r in recs if _locators(r)]
    if not printed or not holders:
        return []
    out: list[Finding] = []
    if len(holders) > 1 and not any(
        _locator_matches(a, b) for a in _locators(holders[0]) for b in _locators(holders[1])
    ):
        cands = [Candidate(" / ".join(_locators(r)), r.source, r.source) for r in holders[:2]]
        out += disagreement(ref, "pages", " / ".join(printed), cands)
    registered = [v for r in holders for v in _locators(r)]
    wrong = [p for p in printed if not any(_locator_matches(p, v) for v in registered)]
    if not wrong:
        return out
    view = printed_view(ref, tuple(recs))
    taken = confirmed_numbers(ref, recs, "pages")
    if any(view.has_locator(v, _locator_matches, taken) for v in registered):
        return out  # the registered pages are printed: the parse misread the field
    rec = holders[0]
    expected = rec.pages or rec.article_number or ""
    if wrong[0] == ref.article_number and rec.article_number:
        expected = rec.article_number
    out.append(
        reference_finding(
            "pages-mismatch",
            ref,
            "pages",
            msg(
                "pages-mismatch.registry",
                "The printed pages/article number {printed} differ from those registered in "
                "{registry:registry}: {value}.",
                printed=wrong[0],
                registry=rec.source,
                value=" / ".join(_locators(rec)),
            ),
            found=" / ".join(printed),
            expected=" / ".join(_locators(rec)),
            source=rec.source,
            fix=substitute(ref, wrong[0], expected, dash=True),
        )
    )
    return out
