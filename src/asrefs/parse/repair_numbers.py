"""Repairs of a journal's numbers: a volume and its issue read as one field.

- "63 (16)," or "65, (11)" read as the issue, as ACS prints a volume and its issue, is
  both;
- "38, 11 (" read as the volume, as ACM prints them ("Commun. ACM 38, 11 (Nov. 1995),
  33–56"), is both, when no issue is read and the pages are (Nature prints "12, 345
  (2021)": volume and page), and so is "33:3:" or "28, 3/4 (";
- an issue read as a note ("n° 2140", "nr 29."), when no issue is read, is the issue; a
  range's first number read as a note ("25(" + "5-" + "6):") is the issue's;
- a number in the volume's bracket read as the first of two page segments ("111," +
  "468 (" + "January 2001):" + "128–162.") is the issue;
- an issue's mark read as a note and its number as the pages or a second volume ("no." +
  "211.") is the issue;
- an issue printed after the year with no volume, read as the date's ("2011 ;(61) :"),
  is the issue;
- a volume in Roman numerals ending the journal before a colon, its issue read as the
  volume ("Word & World XIV:" + "4 ("), is the volume and the issue;
- a range in brackets read as the issue, with no pages read, whose numbers are too far
  apart for issues printed together ("vol. I (839–878)."), is the pages;
- a day and a month printed as numbers before the year, read as the volume and the
  issue ("25/" + "04/" + "2013,"), are the date's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from asrefs.dates import PRINTED_YEAR
from asrefs.parse.fields import ISSUE_MARK

__all__ = [
    "issue_as_note",
    "issue_as_pages",
    "issue_in_date",
    "issue_in_volume",
    "issue_mark_apart",
    "issue_start_as_note",
    "numeric_day_and_month",
    "pages_as_issue",
    "roman_volume_before_issue",
    "split_first",
    "volume_in_issue",
]

Segment = tuple[str, str]

_VOLUME_AND_ISSUE_RE = re.compile(r"^(\s*[0-9]+[A-Za-z]?\s*,?\s*)(\([^()]{1,12}\)\W*)$")
_VOLUME_COMMA_ISSUE_RE = re.compile(
    r"^(\s*[0-9]+\s*[,:])(\s*[0-9]{1,3}(?:\s*/\s*[0-9]{1,3})?\s*[(:]?\s*)$"
)
_MARKED_ISSUE_RE = re.compile(rf"^\s*{ISSUE_MARK}[0-9]+[A-Za-z]?\W*$", re.IGNORECASE)
_RANGE_START_RE = re.compile(r"^\s*[0-9]+\s*[-–]\s*$")
_MARK_ONLY_RE = re.compile(rf"^\s*{ISSUE_MARK}$", re.IGNORECASE)
_BARE_NUMBER_RE = re.compile(r"^\s*[0-9]{1,5}[A-Za-z]?\W*$")
_YEAR_THEN_ISSUE_RE = re.compile(rf"^(\s*{PRINTED_YEAR}\s*;\s*)(\(\s*[0-9]{{1,5}}\s*\)\W*)$")
_ROMAN_COLON_RE = re.compile(r"^(.*[a-z].*?)\s+([IVXLC]{2,8}\s*:\s*)$")
_BRACKETED_RANGE_RE = re.compile(r"^\s*\(?\s*([0-9]{1,5})\s*[-–—]\s*([0-9]{1,5})\s*\)\W*$")
_DAY_OR_MONTH_RE = re.compile(r"^\s*[0-9]{1,2}\s*[/.]\s*$")
_YEAR_FIRST_RE = re.compile(rf"^\s*{PRINTED_YEAR}(?![0-9])")
_BARE_IN_BRACKET_RE = re.compile(r"^\s*[0-9]{1,4}\s*\(\s*$")


def volume_in_issue(found: list[Segment]) -> list[Segment]:
    if any(label == "volume" for label, _ in found):
        return found
    return split_first(found, "issue", _VOLUME_AND_ISSUE_RE)  # "63 (16)," (ACS)


def issue_in_volume(found: list[Segment]) -> list[Segment]:
    labels = {label for label, _ in found}
    if "issue" in labels or "pages" not in labels:  # "Nat. Commun. 12, 345 (2021)": a page
        return found
    return split_first(found, "volume", _VOLUME_COMMA_ISSUE_RE)  # "38, 11 (" (ACM)


def split_first(
    found: list[Segment],
    read_as: str,
    both: re.Pattern[str],
    into: tuple[str, str] = ("volume", "issue"),
    accept: Callable[[re.Match[str]], object] = bool,
) -> list[Segment]:
    """The first segment labelled ``read_as`` that ``both`` matches (and ``accept``
    takes), as two segments labelled ``into``: the pattern's first and second groups."""
    for i, (label, value) in enumerate(found):
        parts = both.match(value) if label == read_as else None
        if parts and accept(parts):
            first, second = (into[0], parts.group(1)), (into[1], parts.group(2))
            return [*found[:i], first, second, *found[i + 1 :]]
    return found


def issue_as_note(found: list[Segment]) -> list[Segment]:
    """ "n° 2140" read as a note, or "Heft 2," as a second volume ("45 (" + "1993)," +
    "Heft 2,"), with no issue read, is the issue."""
    labels = [label for label, _ in found]
    if "issue" in labels:
        return found
    for i, (label, value) in enumerate(found):
        a_second_volume = label == "volume" and "volume" in labels[:i]
        if (label == "note" or a_second_volume) and _MARKED_ISSUE_RE.match(value):
            return [*found[:i], ("issue", value), *found[i + 1 :]]
    return found


def issue_start_as_note(found: list[Segment]) -> list[Segment]:
    """ "5-" read as a note between the volume and the issue "6):" begins the issue."""
    for i in range(1, len(found) - 1):
        (label, value), after = found[i], found[i + 1]
        between = label == "note" and after[0] == "issue" and found[i - 1][0] == "volume"
        if between and _RANGE_START_RE.match(value):
            return [*found[:i], ("issue", value + after[1]), *found[i + 2 :]]
    return found


def issue_as_pages(found: list[Segment]) -> list[Segment]:
    """Two page segments, the first a bare number opening a bracket right after the
    volume ("111," + "468 (" + "January 2001):" + "128–162."): that one is the issue."""
    labels = [label for label, _ in found]
    if "issue" in labels or labels.count("pages") != 2:
        return found
    i = labels.index("pages")
    if i and labels[i - 1] == "volume" and _BARE_IN_BRACKET_RE.match(found[i][1]):
        return [*found[:i], ("issue", found[i][1]), *found[i + 1 :]]
    return found


def issue_mark_apart(found: list[Segment]) -> list[Segment]:
    """An issue's mark alone in a note, its number read as the next segment: the pages
    ("Crafts" + "no." + "211." + … + "36-40.") or a volume after the volume."""
    labels = [label for label, _ in found]
    if "issue" in labels:
        return found
    for i in range(len(found) - 1):
        (label, value), (number_label, number) = found[i], found[i + 1]
        a_number = number_label == "pages" or (number_label == "volume" and "volume" in labels[:i])
        marked = label == "note" and _MARK_ONLY_RE.match(value)
        if marked and a_number and _BARE_NUMBER_RE.match(number):
            return [*found[:i], ("issue", value + number), *found[i + 2 :]]
    return found


def issue_in_date(found: list[Segment]) -> list[Segment]:
    """ "2011 ;(61) :" read as the date, with no volume or issue read, is the year and the
    issue (Vancouver's "2011;(61):40-4" for a journal without volumes)."""
    if any(label in ("volume", "issue") for label, _ in found):
        return found
    return split_first(found, "date", _YEAR_THEN_ISSUE_RE, into=("date", "issue"))


def numeric_day_and_month(found: list[Segment]) -> list[Segment]:
    """ "25/" + "04/" + "2013," read as the volume, the issue and the date is one date."""
    for i in range(len(found) - 2):
        (first, day), (second, month), (third, year) = found[i : i + 3]
        numbers = (first, second, third) == ("volume", "issue", "date")
        day_and_month = _DAY_OR_MONTH_RE.match(day) and _DAY_OR_MONTH_RE.match(month)
        if numbers and day_and_month and _YEAR_FIRST_RE.match(year):
            return [*found[:i], ("date", day + month + year), *found[i + 3 :]]
    return found


def roman_volume_before_issue(found: list[Segment]) -> list[Segment]:
    """ "Word & World XIV:" + "4 (" read as the journal and the volume, with no issue
    read, are the journal, the volume XIV and the issue 4."""
    labels = [label for label, _ in found]
    if "issue" in labels:
        return found
    for i in range(len(found) - 1):
        roman = _ROMAN_COLON_RE.match(found[i][1]) if labels[i] == "journal" else None
        if roman and labels[i + 1] == "volume" and _BARE_NUMBER_RE.match(found[i + 1][1]):
            journal, volume = ("journal", roman.group(1)), ("volume", roman.group(2))
            return [*found[:i], journal, volume, ("issue", found[i + 1][1]), *found[i + 2 :]]
    return found


def pages_as_issue(found: list[Segment]) -> list[Segment]:
    """ "(839–878)." (or "vol. I (" + "839–878).") read as the issue, with no pages read:
    issues printed together are next to each other ("(5-6)", "(1–4)"), so numbers four
    or more apart are pages."""
    if any(label == "pages" for label, _ in found):
        return found
    for i, (label, value) in enumerate(found):
        numbers = _BRACKETED_RANGE_RE.match(value) if label == "issue" else None
        opened = value.lstrip().startswith("(") or (i and found[i - 1][1].rstrip().endswith("("))
        if numbers and opened and int(numbers.group(2)) - int(numbers.group(1)) >= 4:
            return [*found[:i], ("pages", value), *found[i + 1 :]]
    return found
