"""Repairs of an author list the labeller read as another field.

- Names printed family name first with bare initials and joined by "and" ("Cross A and
  Schneider M." + "A preliminary analysis …", "Cross A and Schneider M (" + "2010)"),
  read as the title's start when no author was read, are the authors. Two names at
  least, and "and" or "&" before the last: one name alone ("Smith J.") is as often a
  title's first words.
- In a list of initials before names ("A. Agarwal, …, and J. Kubiatowicz." +
  "APRIL: a processor architecture …"), the period after a family name ends the
  authors: what follows it opens the title.
- In a Vancouver list (two names or more, bare initials, commas between), the period after the
  initials ends the authors: "… Garvey WT. BMI, RQ," + "diabetes, and sex affect …"
  gives the title its opening comma list back.
"""

from __future__ import annotations

import re

__all__ = ["names_read_as_title", "title_after_initials_first", "title_after_vancouver_list"]

Segment = tuple[str, str]

_FAMILY = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_NAME = rf"{_FAMILY}\s+[A-Z]{{1,3}}"
_NAMES_RE = re.compile(
    rf"^\s*{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|&)\s+{_NAME}(?=\s*(?:[.,]\s|\(|$))"
    r"[\s.,(]*"
)
_LETTER_RE = re.compile(r"[^\W\d_]")


def names_read_as_title(found: list[Segment]) -> list[Segment]:
    if not found or found[0][0] != "title" or any(label == "author" for label, _ in found):
        return found
    value = found[0][1]
    names = _NAMES_RE.match(value)
    if names is None:
        return found
    rest = value[names.end() :]
    if not _LETTER_RE.search(rest):
        return [("author", value), *found[1:]]
    return [("author", value[: names.end()]), ("title", rest), *found[1:]]


_INITIALS_FIRST_RE = re.compile(r"^\s*[A-Z]\.")
# a period after a name's last two letters (not "Jr.", "Sr.", "St."), then a capital
_NAME_ENDS_RE = re.compile(r"(?<=[^\W\d_][a-z])(?<!\b[JS]r)(?<!\bSt)\.\s+(?=[A-Z])")


def title_after_initials_first(found: list[Segment]) -> list[Segment]:
    if not found or found[0][0] != "author" or not _INITIALS_FIRST_RE.match(found[0][1]):
        return found
    value = found[0][1]
    end = _NAME_ENDS_RE.search(value)
    if end is None:
        return found
    authors, rest = ("author", value[: end.start() + 1]), value[end.end() :]
    if len(found) > 1 and found[1][0] == "title":
        return [authors, ("title", _joined(rest, found[1][1])), *found[2:]]
    return [authors, ("title", rest), *found[1:]]


_VANCOUVER_NAME = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s+[A-Z]{1,4}"
# two names at least: "Gunter M. Ziegler." is one name, given name first
_VANCOUVER_LIST_RE = re.compile(
    rf"^\s*{_VANCOUVER_NAME}(?:,\s*{_VANCOUVER_NAME})+\.\s+(?!{_VANCOUVER_NAME}\.)(?=\S)"
)


def title_after_vancouver_list(found: list[Segment]) -> list[Segment]:
    if not found or found[0][0] != "author":
        return found
    value = found[0][1]
    names = _VANCOUVER_LIST_RE.match(value)
    if names is None or not _LETTER_RE.search(value[names.end() :]):
        return found
    authors, rest = ("author", value[: names.end()]), value[names.end() :]
    if len(found) > 1 and found[1][0] == "title":
        return [authors, ("title", _joined(rest, found[1][1])), *found[2:]]
    return [authors, ("title", rest), *found[1:]]


def _joined(first: str, second: str) -> str:
    """Two segments' text as one: a space between them unless one stands there already
    or the first ends on an opening bracket or quote ("LipA (" + "Rv3097) is …")."""
    if first[-1:].isspace() or second[:1].isspace() or first[-1:] in "([{“‘\"'/-":
        return first + second
    return f"{first} {second}"
