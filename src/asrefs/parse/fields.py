"""The printed fields of an entry and the "journal + numbers" tail that holds most of them.

:class:`Fields` collects what the parser reads (first value wins). The tail of an entry
("J Clin Invest. 2025;135(3):e1234", "Nature 171, 737–738 (1953)", "Journal, vol. 16,
no. 1, pp. 65–70, Mar. 2025") gives the journal, the date, volume, issue and pages; each
layout it may take is named after the style that prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from asrefs.dates import PRINTED_YEAR, month_number, printed_month_names
from asrefs.text import HAN

__all__ = [
    "BOUNDARY_RE",
    "YEAR_ONLY_RE",
    "YEAR_RE",
    "Fields",
    "fallback_year",
    "month_of",
    "parse_keyword_source",
    "parse_source",
    "plausible_journal",
    "set_pages",
    "tidy_journal",
]

# Where one printed part of an entry ends and the next begins: after a sentence's end.
# A mark printed before an issue number: "no. 4", "Nr. 3", "Heft 2", "H. 2", "n° 54",
# "issue 7".
ISSUE_MARK = r"(?:(?:no|nos|nr|num|issue|n|heft|h)(?:\.\s*|\s+)|(?:nᵒ|n°|nº)\s*)"
BOUNDARY_RE = re.compile(rf"(?<=[.?!])\s+|(?<=\.)(?=[{HAN}])")
_HAS_DIGIT_RE = re.compile(r"[0-9]")
_FIRST_KEYWORD_RE = re.compile(r",?\s*\b(?:vol|no|pp|p)\.", re.IGNORECASE)
_LETTER_RE = re.compile(f"[A-Za-z{HAN}]")
YEAR_ONLY_RE = re.compile(PRINTED_YEAR)
_RANGE_RE = re.compile(r"[0-9A-Za-z]\s*[-–—‐]{1,2}\s*[0-9A-Za-z]")
_RANGE_SPACES_RE = re.compile(r"\s*([-–—‐])[-–—‐]?\s*")  # one dash for TeX's "--"
YEAR_RE = re.compile(rf"(?<![0-9])({PRINTED_YEAR})(?![0-9])")

_VOL = r"[A-Za-z]?[0-9]+[A-Za-z]?(?:[-–/][0-9]+)?"
_ISS = r"\((?P<iss>[^()]{1,20})\)"
_NUM = r"[A-Za-z]{0,3}[0-9]+[A-Za-z]?(?:\s*[-–—‐]\s*[A-Za-z]{0,3}[0-9]+[A-Za-z]?)?"
_MON = r"(?P<mon>[A-Z][a-z]{2,8})\.?(?:[-–/][A-Z][a-z]{2,8}\.?)?"
# Each pattern must match a whole "journal + numbers" tail; the first that does wins.
# With each, the characters it cannot match without (tried before the pattern, cheaply).
_SOURCE_PATTERNS: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = tuple(
    (name, re.compile(pattern), frozenset(marks))
    for name, pattern, marks in (
        (
            "vancouver",
            rf"(?P<j>.+?)\.?\s+(?P<y>[0-9]{{4}})(?:\s+{_MON}(?:\s+(?P<day>[0-9]{{1,2}}))?)?"
            rf"\s*;\s*(?P<vol>{_VOL})?\s*(?:{_ISS})?\s*(?::\s*(?P<pg>{_NUM}))?",
            ";",
        ),
        (
            "vancouver",
            rf"(?P<j>.+?)\.\s+(?P<y>[0-9]{{4}})\s+{_MON}(?:\s+(?P<day>[0-9]{{1,2}}))?",
            ".",
        ),
        (
            "gbt7714",
            rf"(?P<j>.+?),\s*(?P<y>[0-9]{{4}})(?:\s*,\s*(?P<vol>{_VOL})?\s*(?:{_ISS})?"
            rf"\s*(?::\s*(?P<pg>{_NUM}))?)?",
            ",",
        ),
        (
            "springer",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})\s*(?:{_ISS})?,\s*(?P<pg>{_NUM})\s*\((?P<y>[0-9]{{4}})\)",
            ",(",
        ),
        (
            "cell",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})\s*(?:{_ISS})?,\s*(?P<pg>{_NUM})",
            ",",
        ),
        (
            "elsevier",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})\s*\((?P<y>[0-9]{{4}})\)\s*(?P<pg>{_NUM})",
            "(",
        ),
        (
            "mdpi",
            rf"(?P<j>.+?)\.?\s+(?P<y>[0-9]{{4}}),\s*(?P<vol>{_VOL})\s*(?:{_ISS})?"
            rf"(?:,\s*(?P<pg>{_NUM}))?",
            ",",
        ),
        (
            "apa",
            rf"(?P<j>.+?),\s*(?:vol\.\s*)?(?P<vol>{_VOL})\s*(?:{_ISS})?\s*[,:]\s*(?:pp?\.\s*)?"
            rf"(?P<pg>{_NUM})",
            ",",
        ),
        ("apa", rf"(?P<j>.+?),\s*(?P<vol>{_VOL})\s*{_ISS}", ",("),
        ("frontiers", rf"(?P<j>.+?)\.?\s+(?P<vol>{_VOL})(?:{_ISS})?:\s*(?P<pg>{_NUM})", ":"),
        (
            "chicago",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})(?:,\s*no\.\s*(?P<no>\w+))?\s*(?:\((?P<iss>[^()]{{1,20}})\))?"
            rf"\s*:\s*(?P<pg>{_NUM})",
            ":",
        ),
    )
)
_KEYWORD_VOL_RE = re.compile(r"\bvol\.?\s*([0-9A-Za-z\-–]+)", re.IGNORECASE)
_KEYWORD_NO_RE = re.compile(r"\b(?:no|iss|issue)\.?\s*([0-9A-Za-z\-–/]+)", re.IGNORECASE)
_KEYWORD_PP_RE = re.compile(rf"\b(?:pp?|pages?|art\.?(?:\s*no\.)?)\.?\s*({_NUM})", re.IGNORECASE)
_KEYWORD_MON_RE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(?:[0-9]{1,2},?\s+)?[0-9]{4}\b")


@dataclass
class Fields:
    """The fields parse_entry fills, before they become a Reference."""

    values: dict[str, Any] = field(default_factory=dict)

    def set(self, name: str, value: Any) -> None:
        if value not in (None, "") and self.values.get(name) in (None, ""):
            self.values[name] = value


def parse_source(source: str, fields: Fields) -> str | None:
    """Journal, date and numbers from a "journal + numbers" tail; the style name or None."""
    source = source.strip(" .,;")
    if not source or len(source) > 300 or not _HAS_DIGIT_RE.search(source):
        return None  # every layout holds a year or a volume
    printed = set(source)
    for name, pattern, marks in _SOURCE_PATTERNS:
        if not marks <= printed:
            continue  # a mark the layout always prints is missing
        match = pattern.fullmatch(source)
        if match is None or not plausible_journal(match.group("j")):
            continue
        groups = match.groupdict()
        fields.set("journal", tidy_journal(match.group("j")))
        _apply_numbers(groups, fields)
        return name
    return None


# ", 15 novembre", ", mai", ", March 3" after a journal's name: the issue's date
_DATE_AFTER_RE = re.compile(
    r",\s*(?:[0-9]{1,2}\.?\s+)?([^\W\d_]+)\.?(?:\s+[0-9]{1,2})?\s*[,.]?\s*$"
)


_FILE_FORMAT_RE = re.compile(r"(?<=\S)[\s.,;]+\[?(?:PDF|HTML)\]?\.?\s*$")
_SPECIAL_ISSUE_RE = re.compile(r"[\s,.;:(]*\bspecial\s+issue\b.*$", re.IGNORECASE | re.DOTALL)


def tidy_journal(journal: str) -> str | None:
    """Drop separators, a special issue's name ("Rangifer Special Issue", "…, Special
    Issue: Belief Change"), an issue's date ("Mercure de France, 15 novembre") and a
    link's file format ("Tectonophysics. PDF"); keep a final period only in an
    abbreviation ("Front. Immunol.")."""
    special = _SPECIAL_ISSUE_RE.search(journal)
    if special and _LETTER_RE.search(journal[: special.start()]):
        journal = journal[: special.start()]
    dated = _DATE_AFTER_RE.search(journal)
    if dated and dated.group(1).casefold() in printed_month_names() and dated.start():
        journal = journal[: dated.start()]
    journal = _FILE_FORMAT_RE.sub("", journal).strip(" ,;:")
    if journal.endswith(".") and ". " not in journal and ".\t" not in journal:
        journal = journal.rstrip(".")
    return journal or None


def plausible_journal(journal: str) -> bool:
    """Whether a stretch of text can be a journal name (letters, no year)."""
    journal = journal.strip(" .,")
    if not journal or journal[0].isdigit() or len(journal) > 200:
        return False
    return bool(_LETTER_RE.search(journal)) and not YEAR_RE.search(journal)


def _apply_numbers(groups: dict[str, str | None], fields: Fields) -> None:
    year = groups.get("y")
    if year:
        fields.set("year", int(year))
    fields.set("month", month_of(groups.get("mon")))
    if groups.get("day") and fields.values.get("month"):
        fields.set("day", int(groups["day"] or 0))
    fields.set("volume", groups.get("vol"))
    issue = groups.get("no") or groups.get("iss")
    if issue and YEAR_ONLY_RE.fullmatch(issue) and not groups.get("no"):
        fields.set("year", int(issue))  # Chicago notes: "12 (2020): 45"
    else:
        fields.set("issue", issue)
    if groups.get("no") and groups.get("iss"):
        fields.set("year", _year_of(groups["iss"] or ""))
    set_pages(groups.get("pg"), fields)


def parse_keyword_source(source: str, fields: Fields) -> None:
    """IEEE / MLA: "Journal, vol. 16, no. 1, pp. 65–70, Mar. 2025"."""
    first = _FIRST_KEYWORD_RE.search(source)
    journal = source[: first.start()] if first else source
    fields.set("journal", tidy_journal(journal))
    for pattern, name in ((_KEYWORD_VOL_RE, "volume"), (_KEYWORD_NO_RE, "issue")):
        match = pattern.search(source)
        if match is not None:
            fields.set(name, match.group(1).strip("-–"))
    pages = _KEYWORD_PP_RE.search(source)
    if pages is not None:
        set_pages(pages.group(1), fields)
    years = YEAR_RE.findall(source)
    if years:
        fields.set("year", int(years[-1]))
    month = _KEYWORD_MON_RE.search(source)
    if month is not None:
        fields.set("month", month_of(month.group(1)))


def fallback_year(text: str, fields: Fields) -> None:
    """The first year printed in ``text``, when no year has been read yet."""
    if fields.values.get("year") is None:
        fields.set("year", _year_of(text))


def _year_of(text: str) -> int | None:
    match = YEAR_RE.search(text)
    return int(match.group(1)) if match else None


def month_of(name: str | None) -> int | None:
    """The month number of a printed month name ("Mar", "March"), or None."""
    if not name:
        return None
    return month_number(name)


def _dash(spaced: re.Match[str]) -> str:
    # a function, not the template r"\1", which Python 3.11 expands in Python each time
    return spaced.group(1)


def set_pages(value: str | None, fields: Fields) -> None:
    """A range ("65–70") as pages, a single number ("e1234") as the article number."""
    if not value:
        return
    value = value.strip(" .,")
    if _RANGE_RE.search(value):
        fields.set("pages", _RANGE_SPACES_RE.sub(_dash, value))
    elif value:
        fields.set("article_number", value)
