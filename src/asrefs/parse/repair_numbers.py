"""Repairs of a journal's numbers: a volume and its issue read as one field.

- "63 (16)," or "65, (11)" read as the issue, as ACS prints a volume and its issue, is
  both;
- "38, 11 (" read as the volume, as ACM prints them ("Commun. ACM 38, 11 (Nov. 1995),
  33–56"), is both, when no issue is read and the pages are (Nature prints "12, 345
  (2021)": volume and page), and so is "33:3:" or "28, 3/4 (";
- an issue read as a note ("n° 2140", "nr 29."), when no issue is read, is the issue; a
  range's first number read as a note ("25(" + "5-" + "6):") is the issue's;
- a number in the volume's bracket read as the first of two page segments ("111," +
  "468 (" + "January 2001):" + "128–162.") is the issue.
"""

from __future__ import annotations

import re

from asrefs.parse.fields import ISSUE_MARK

__all__ = [
    "issue_as_note",
    "issue_as_pages",
    "issue_in_volume",
    "issue_start_as_note",
    "volume_in_issue",
]

Segment = tuple[str, str]

_VOLUME_AND_ISSUE_RE = re.compile(r"^(\s*[0-9]+[A-Za-z]?\s*,?\s*)(\([^()]{1,12}\)\W*)$")
_VOLUME_COMMA_ISSUE_RE = re.compile(
    r"^(\s*[0-9]+\s*[,:])(\s*[0-9]{1,3}(?:\s*/\s*[0-9]{1,3})?\s*[(:]?\s*)$"
)
_MARKED_ISSUE_RE = re.compile(rf"^\s*{ISSUE_MARK}[0-9]+[A-Za-z]?\W*$", re.IGNORECASE)
_RANGE_START_RE = re.compile(r"^\s*[0-9]+\s*[-–]\s*$")
_BARE_IN_BRACKET_RE = re.compile(r"^\s*[0-9]{1,4}\s*\(\s*$")


def volume_in_issue(found: list[Segment]) -> list[Segment]:
    if any(label == "volume" for label, _ in found):
        return found
    return _split_numbers(found, "issue", _VOLUME_AND_ISSUE_RE)  # "63 (16)," (ACS)


def issue_in_volume(found: list[Segment]) -> list[Segment]:
    labels = {label for label, _ in found}
    if "issue" in labels or "pages" not in labels:  # "Nat. Commun. 12, 345 (2021)": a page
        return found
    return _split_numbers(found, "volume", _VOLUME_COMMA_ISSUE_RE)  # "38, 11 (" (ACM)


def _split_numbers(found: list[Segment], read_as: str, both: re.Pattern[str]) -> list[Segment]:
    """The first segment labelled ``read_as`` that ``both`` matches, as a volume and an issue."""
    for i, (label, value) in enumerate(found):
        numbers = both.match(value) if label == read_as else None
        if numbers:
            volume, issue = ("volume", numbers.group(1)), ("issue", numbers.group(2))
            return [*found[:i], volume, issue, *found[i + 1 :]]
    return found


def issue_as_note(found: list[Segment]) -> list[Segment]:
    """ "n° 2140" read as a note, with no issue read, is the issue."""
    if any(label == "issue" for label, _ in found):
        return found
    for i, (label, value) in enumerate(found):
        if label == "note" and _MARKED_ISSUE_RE.match(value):
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
