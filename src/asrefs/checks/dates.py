"""The printed year, month and day against the record's publication dates: a year no
date has, the online year cited where the print year belongs (or the other way round),
the year after a late online date when the record holds no issue date, a month or day
that differs; and the registries' disagreements about a date.

A printed year that an issue date holds (Crossref's ``published-print`` or
``journal-issue`` date, PubMed's print date) is the year the volume is cited by and
gives no finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from asrefs.checks.findings import Candidate, disagreement, reference_finding, substitute
from asrefs.checks.normalise import parse_date
from asrefs.checks.printed import printed
from asrefs.checks.thresholds import ONLINE_FIRST_MONTHS
from asrefs.codes import msg
from asrefs.dates import MONTH_NAMES, month_number
from asrefs.models import Finding, Record, Reference

_PUB_KINDS = ("online", "print", "issued", "issue")
_ISSUE_KINDS = ("print", "issue")  # dates of the issue a work appeared in


@dataclass(frozen=True)
class _Date:
    kind: str
    iso: str
    parts: tuple[int, int | None, int | None]
    source: str


def _pub_dates(recs: list[Record]) -> list[_Date]:
    out = []
    for rec in recs:
        for kind, iso in rec.dates:
            parts = parse_date(iso) if kind in _PUB_KINDS else None
            if parts:
                out.append(_Date(kind, iso, parts, rec.source))
        if rec.year and not any(d.source == rec.source and d.parts[0] == rec.year for d in out):
            out.append(_Date("year", str(rec.year), (rec.year, None, None), rec.source))
    return out


def _date_disagreements(ref: Reference, dates: list[_Date]) -> list[Finding]:
    """The same kind of date given differently by the two registries (at their common
    precision)."""
    out: list[Finding] = []
    for kind in _PUB_KINDS:
        same_kind = [d for d in dates if d.kind == kind]
        if len(same_kind) < 2:
            continue
        a, b = same_kind[0], same_kind[1]
        n = min(sum(p is not None for p in a.parts), sum(p is not None for p in b.parts))
        if a.parts[:n] != b.parts[:n]:
            printed = str(ref.year) if ref.year else None
            out += disagreement(
                ref,
                f"{kind} date",
                printed,
                [Candidate(a.iso, a.iso, a.source), Candidate(b.iso, b.iso, b.source)],
            )
    return out


def _years_of(dates: list[_Date], kind: str) -> set[int]:
    return {d.parts[0] for d in dates if d.kind == kind}


def _list_dates(dates: list[_Date]) -> str:
    seen: dict[tuple[str, str], None] = {}
    for d in dates:
        seen.setdefault((d.kind, d.iso), None)
    return ", ".join(f"{k} {v}" for k, v in seen)


def _suggested_year(ref: Reference, dates: list[_Date]) -> int:
    prints = [d for d in dates if d.kind == "print"]
    if ref.volume and prints:
        return prints[0].parts[0]
    for kind in ("online", "issued", "year", "print"):
        for d in dates:
            if d.kind == kind:
                return d.parts[0]
    return dates[0].parts[0]


def _issue_years(dates: list[_Date]) -> set[int]:
    return {d.parts[0] for d in dates if d.kind in _ISSUE_KINDS}


def _online_print_finding(ref: Reference, dates: list[_Date]) -> Finding | None:
    online = _years_of(dates, "online") or _years_of(dates, "issued")
    printed_ = _issue_years(dates)
    if not online or not printed_ or not online.isdisjoint(printed_) or ref.year is None:
        return None
    if ref.year in printed_:
        return None  # the issue's year: the year the volume is cited by
    on = next(d for d in dates if d.kind == ("online" if _years_of(dates, "online") else "issued"))
    pr = next(d for d in dates if d.kind in _ISSUE_KINDS)
    fix = None
    if on.parts[0] > pr.parts[0]:
        # posted online after the issue was printed: a back-file digitisation. The print
        # year is the work's year; the online year is the one to correct.
        if ref.year not in online or ref.year in printed_:
            return None
        message = msg(
            "year-online-print.back-file",
            "{year} is the year the work was posted online ({online}), after the issue had "
            "appeared in print in {print_year} ({print}); cite the print year.",
            year=ref.year,
            online=on.iso,
            print_year=pr.parts[0],
            print=pr.iso,
        )
        src = on.source
        fix = substitute(ref, str(ref.year), str(pr.parts[0]))
    elif ref.year in online:
        message = msg(
            "year-online-print.online",
            "{year} is the year the work was published online ({online}); the issue "
            "appeared in print in {print_year} ({print}).",
            year=ref.year,
            online=on.iso,
            print_year=pr.parts[0],
            print=pr.iso,
        )
        src = on.source
    else:
        return None
    return reference_finding(
        "year-online-print",
        ref,
        "year",
        message,
        found=str(ref.year),
        expected=f"online {on.iso}, print {pr.iso}",
        source=src,
        fix=fix,
    )


def _same_at_common_precision(a: _Date, b: _Date) -> bool:
    n = min(sum(p is not None for p in a.parts), sum(p is not None for p in b.parts))
    return a.parts[:n] == b.parts[:n]


def _holds_issue_date(dates: list[_Date]) -> bool:
    """A print or issue date, or (PubMed's electronic journals) an issued date that is
    not the online date."""
    if _issue_years(dates):
        return True
    onlines = [d for d in dates if d.kind == "online"]
    return any(
        d.kind == "issued" and onlines and not any(_same_at_common_precision(d, o) for o in onlines)
        for d in dates
    )


def _after_online_finding(ref: Reference, dates: list[_Date]) -> Finding | None:
    """The year after a late online date, when the records hold no issue date: the
    work may have been printed in that year's volume (online first), which the record
    cannot confirm. None when the printed year is not such a year."""
    online = [d for d in dates if d.kind == "online"] or [d for d in dates if d.kind == "issued"]
    if ref.year is None or not online or _holds_issue_date(dates):
        return None
    late = max(online, key=lambda d: (d.parts[0], d.parts[1] or 0, d.parts[2] or 0))
    year, month, _day = late.parts
    if ref.year != year + 1 or month is None or month <= 12 - ONLINE_FIRST_MONTHS:
        return None
    return reference_finding(
        "year-after-online",
        ref,
        "year",
        msg(
            "year-after-online.late",
            "{year} is the year after the work was published online ({online}); the record "
            "holds no issue date, so the year of the volume it appeared in cannot be "
            "confirmed.",
            year=ref.year,
            online=late.iso,
        ),
        found=str(ref.year),
        expected=_list_dates(dates),
        source=late.source,
    )


def _date_finding(ref: Reference, dates: list[_Date]) -> Finding | None:
    """The printed month (and day) against the record's dates of the printed year."""
    if ref.month is None or ref.year is None:
        return None
    same_year = [d for d in dates if d.parts[0] == ref.year and d.kind != "year"]
    if not same_year or any(d.parts[1] is None for d in same_year):
        return None  # a record date without month: unknown
    months = [d for d in same_year if d.parts[1] == ref.month]
    if months and (ref.day is None or any(d.parts[2] in (None, ref.day) for d in months)):
        return None
    printed = f"{ref.year}-{ref.month:02d}" + (f"-{ref.day:02d}" if ref.day else "")
    target = months[0] if months else same_year[0]
    return reference_finding(
        "date-mismatch",
        ref,
        "date",
        msg(
            "date-mismatch.dates",
            "The printed date {printed} matches none of the registered dates ({dates:dates}).",
            printed=printed,
            dates=_list_dates(same_year),
        ),
        found=printed,
        expected=_list_dates(same_year),
        source=same_year[0].source,
        fix=_date_fix(ref, target.parts),
    )


_MONTH_WORD = r"(?P<mon>[A-Za-z]{3,9}\.?)"
_DAY = r"(?P<day>\d{1,2})"


def _date_fix(ref: Reference, parts: tuple[int, int | None, int | None]) -> str | None:
    """``ref.raw`` with the printed month and day replaced by the registered ones, in the
    printed form ("2012 Mar 21", "March 21, 2012", "21 March 2012", "2012-03-21")."""
    year, month, day = parts
    if month is None or ref.month is None:
        return None
    y = str(year)
    forms = (
        rf"(?<!\d){y}\s+{_MONTH_WORD}(?:\s+{_DAY})?(?!\d)",
        rf"{_MONTH_WORD}\s+{_DAY}?,?\s*{y}(?!\d)",
        rf"(?<!\d){_DAY}\s+{_MONTH_WORD}\s+{y}(?!\d)",
        rf"(?<!\d){y}-(?P<mnum>\d{{2}})(?:-(?P<dnum>\d{{2}}))?(?!\d)",
    )
    raw = ref.raw
    for form in forms:
        m = re.search(form, raw)
        if not m:
            continue
        groups = m.groupdict()
        if ref.day is not None and not (groups.get("day") or groups.get("dnum")):
            continue  # this form does not hold the printed day
        edits: list[tuple[int, int, str]] = []
        if groups.get("mon"):
            printed = groups["mon"]
            if month_number(printed) != ref.month:
                continue
            names = MONTH_NAMES[month - 1]
            name = names[0] if len(printed.rstrip(".")) > 3 else names[-1]
            if printed.rstrip(".").isupper():
                name = name.upper()
            elif printed[:1].isupper():
                name = name.capitalize()
            edits.append(
                (m.start("mon"), m.end("mon"), name + ("." if printed.endswith(".") else ""))
            )
            if groups.get("day"):
                if day is None:
                    return None
                edits.append((m.start("day"), m.end("day"), str(day)))
        elif groups.get("mnum"):
            edits.append((m.start("mnum"), m.end("mnum"), f"{month:02d}"))
            if groups.get("dnum"):
                if day is None:
                    return None
                edits.append((m.start("dnum"), m.end("dnum"), f"{day:02d}"))
        for a, b, new in sorted(edits, reverse=True):
            raw = raw[:a] + new + raw[b:]
        return raw if raw != ref.raw else None
    return None


def year_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed year (then month and day) against the records' publication dates."""
    dates = _pub_dates(recs)
    if not dates:
        return []
    out = _date_disagreements(ref, dates)
    if ref.year is None:
        return out
    if ref.year not in {d.parts[0] for d in dates}:
        view = printed(ref, tuple(recs))
        if any(view.has_year(y) for y in sorted({d.parts[0] for d in dates})):
            return out  # a registered year is printed: the parse read another number
        after_online = _after_online_finding(ref, dates)
        if after_online is not None:
            return [*out, after_online]
        year = _suggested_year(ref, dates)
        out.append(
            reference_finding(
                "year-mismatch",
                ref,
                "year",
                msg(
                    "year-mismatch.dates",
                    "The printed year {year} matches none of the registered dates ({dates:dates}).",
                    year=ref.year,
                    dates=_list_dates(dates),
                ),
                found=str(ref.year),
                expected=_list_dates(dates),
                source=dates[0].source,
                fix=substitute(ref, str(ref.year), str(year)),
            )
        )
        return out
    for finding in (_online_print_finding(ref, dates), _date_finding(ref, dates)):
        if finding is not None:
            out.append(finding)
    return out
