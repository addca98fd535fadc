"""Repairs of a journal's numbers: a volume and its issue read as one field.

- "63 (16)," or "65, (11)" read as the issue, as ACS prints a volume and its issue, is
  both;
- "38, 11 (" read as the volume, as ACM prints them ("Commun. ACM 38, 11 (Nov. 1995),
  33–56"), is both, when no issue is read and the pages are (Nature prints "12, 345
  (2021)": volume and page).
"""

from __future__ import annotations

import re

__all__ = ["issue_in_volume", "volume_in_issue"]

Segment = tuple[str, str]

_VOLUME_AND_ISSUE_RE = re.compile(r"^(\s*[0-9]+[A-Za-z]?\s*,?\s*)(\([^()]{1,12}\)\W*)$")
_VOLUME_COMMA_ISSUE_RE = re.compile(r"^(\s*[0-9]+\s*,)(\s*[0-9]{1,3}\s*\(?\s*)$")


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
