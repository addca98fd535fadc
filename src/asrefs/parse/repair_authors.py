"""Repairs of where the labeller ended the author list.

- A group named after a list of names and a semicolon ("Simes J; ASPIRE Investigators.")
  is an author, not the start of the title.
- An author list of initials and names cannot end on an initial: "A. B. Norden and C."
  + "Lively, Phys. Rev. B" (or "N. J." + "Nilsson. Probabilistic logic.") gives the
  family name back to the authors.
- An author list printed family name first cannot end on a word that follows the last
  initials: "… & Scholl, Z. Outcrossing," + "mitotic recombination…" gives the word back
  to the title (and a one-word title with no title read, "Hatfull, G. F.
  Mycobacteriophages.", is the title).
- "et al." right after the authors ("Ananiadou, S.," + "et al. “") ends the author list,
  whatever label it was given.
- Names printed family name first with bare initials and joined by "and" ("Cross A and
  Schneider M." + "A preliminary analysis …", "Cross A and Schneider M (" + "2010)"),
  read as the title's start when no author was read, are the authors. Two names at
  least, and "and" or "&" before the last: one name alone ("Smith J.") is as often a
  title's first words.
- In a list of initials before names ("A. Agarwal, …, and J. Kubiatowicz." +
  "APRIL: a processor architecture …"), the period after a family name ends the
  authors: what follows it opens the title.
- A list of initials before names cannot end on a word and a colon ("R. Lipsett, …, C.
  Ussery, VHDL:" + "Hardware Description and Design"): the word opens the title.
- In a Vancouver list (two names or more, bare initials, commas between), the period
  after the initials ends the authors: "… Garvey WT. BMI, RQ," + "diabetes, and sex affect …"
  gives the title its opening comma list back.
"""

from __future__ import annotations

import re

from asrefs.parse.names import EDITOR_MARK_RE, names_a_group

__all__ = [
    "INITIALS_FIRST_RE",
    "editors_continuing_authors",
    "et_al_after_names",
    "group_after_names",
    "name_after_initial",
    "names_read_as_title",
    "title_after_initials_first",
    "title_after_vancouver_list",
    "title_word_after_names",
    "title_word_before_colon",
]

Segment = tuple[str, str]

INITIALS_FIRST_RE = re.compile(r"^\s*[A-Z]\.")  # a list that opens with an initial
_ENDS_ON_INITIAL_RE = re.compile(r"(?:^|\s)[A-Z]\.\s*$")
# the last author printed initials first, without the family name: "Sera, W. E., and C. N."
_LAST_INITIALS_FIRST_RE = re.compile(r"(?:\band|&)\s+(?:[A-Z]\.\s*)+$")
_LEADING_NAME_RE = re.compile(r"^\s*((?:[a-z]{1,3}\s+)*[A-Z][\w'’-]+)\s*[,.]\s*")
_FAMILY_FIRST_RE = re.compile(r"^\s*[A-Z][\w'’-]+(?:,\s*[A-Z]\.|\s+[A-Z]{1,3}\s*,)")
_WORD_AFTER_INITIALS_RE = re.compile(
    r"(?<=[A-Z]\.)\s+((?:[A-Za-z][\w'’-]*:?\s+){0,3}[A-Za-z][\w'’-]*(?:\s*[(“\"‘«])?)[,.:]?\s*$"
)
# A title's opening comma list read as names: "… Joung, S. J. Age, Growth, and"
_LIST_AFTER_INITIALS_RE = re.compile(
    r"(?<=[A-Z]\.)\s+([A-Z][a-z]+,\s+(?:[A-Za-z][a-z]+,\s+)*(?:and|&))\s*$"
)
# The last author printed given name first after a family-first one: "and Trygve Haavelmo"
_LAST_NAME_GIVEN_FIRST_RE = re.compile(r"(?:and|&)\s+[A-Z][a-z][\w'’-]*\s+[A-Z][a-z][\w'’-]*$")
# The last name of the list printed family first: "Scholl, Z.", "Maurin D."
_LAST_FAMILY_FIRST_RE = re.compile(r"[A-Z][\w'’-]+(?:,\s*(?:[A-Z]\.\s*-?\s*)+|\s+[A-Z]{1,3}\.)\s*$")
_ET_AL_RE = re.compile(r"^\s*(et\.?\s*al\b\.?,?)\s*(.*)$", re.DOTALL)

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


# a period after a name's last two letters (not "Jr.", "Sr.", "St."), then a capital
_NAME_ENDS_RE = re.compile(r"(?<=[^\W\d_][a-z])(?<!\b[JS]r)(?<!\bSt)\.\s+(?=[A-Z])")


def title_after_initials_first(found: list[Segment]) -> list[Segment]:
    if not found or found[0][0] != "author" or not INITIALS_FIRST_RE.match(found[0][1]):
        return found
    value = found[0][1]
    end = _NAME_ENDS_RE.search(value)
    if end is None:
        return found
    return _rest_opens_title(found, end.start() + 1, value[end.end() :])


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
    return _rest_opens_title(found, names.end(), value[names.end() :])


def _rest_opens_title(found: list[Segment], end: int, rest: str) -> list[Segment]:
    """The first segment's authors cut at ``end``; ``rest`` opens the title that follows
    (or is the title, when none does)."""
    authors = ("author", found[0][1][:end])
    if len(found) > 1 and found[1][0] == "title":
        return [authors, ("title", joined(rest, found[1][1])), *found[2:]]
    return [authors, ("title", rest), *found[1:]]


def joined(first: str, second: str) -> str:
    """Two segments' text as one: a space between them unless one stands there already
    or the first ends on an opening bracket or quote ("LipA (" + "Rv3097) is …")."""
    if first[-1:].isspace() or second[:1].isspace() or first[-1:] in "([{“‘\"'/-":
        return first + second
    return f"{first} {second}"


def group_after_names(found: list[Segment]) -> list[Segment]:
    """ "Simes J;" + "ASPIRE Investigators. Low-dose aspirin…": the group is an author."""
    out = list(found)
    for i in range(1, len(out)):
        if out[i][0] != "title" or out[i - 1][0] != "author":
            continue
        head, period, rest = out[i][1].strip().partition(". ")
        if period and names_a_group(head) and out[i - 1][1].rstrip().endswith(";"):
            out[i - 1] = ("author", f"{out[i - 1][1]} {head}.")
            out[i] = ("title", rest)
    return out


def name_after_initial(found: list[Segment]) -> list[Segment]:
    out = list(found)
    for i in range(len(out) - 1):
        label, value = out[i]
        initials_first = INITIALS_FIRST_RE.match(value) or _LAST_INITIALS_FIRST_RE.search(value)
        if label != "author" or not initials_first:
            continue
        if not _ENDS_ON_INITIAL_RE.search(value):
            continue
        name = _LEADING_NAME_RE.match(out[i + 1][1])
        if name:
            out[i] = ("author", f"{value} {name.group(1)}")
            out[i + 1] = (out[i + 1][0], out[i + 1][1][name.end() :])
    return [(label, value) for label, value in out if value.strip()]


_INITIALS_ONLY_RE = re.compile(r"\s*(?:[A-Z]\.\s*-?\s*)+[,;]?\s*")


def editors_continuing_authors(found: list[Segment]) -> list[Segment]:
    """Names read as editors right after the authors and before the date, nothing calling
    them editors ("…, Quinn," + "C." + ", Rossi, D., … Zhou, Q." + "(2014)."), are the
    rest of the authors: an editor is named after the title, or marked ("(Eds.)")."""
    for i in range(len(found) - 2):
        if found[i][0] != "author":
            continue
        end = i + 1
        if found[end][0] == "note" and _INITIALS_ONLY_RE.fullmatch(found[end][1]):
            end += 1  # an initial read apart
        if end + 1 >= len(found) or found[end][0] != "editor" or found[end + 1][0] != "date":
            continue
        if EDITOR_MARK_RE.search(found[end][1]):
            continue
        authors = found[i][1]
        for _, text in found[i + 1 : end + 1]:
            authors = joined(authors, text)
        return [*found[:i], ("author", authors), *found[end + 1 :]]
    return found


def title_word_after_names(found: list[Segment]) -> list[Segment]:
    """Title words read as one more name after a family-first list ("Joung, S. J. Age,
    Growth, and" + "Reproduction of …"); with no title read, a one-word title ("Hatfull,
    G. F. Mycobacteriophages." + journal) is the title."""
    out = list(found)
    untitled = all(label != "title" for label, _ in found)
    for i in range(len(out) - 1):
        label, value = out[i]
        titled = out[i + 1][0] == "title"
        if label != "author" or not (titled or untitled) or not _FAMILY_FIRST_RE.match(value):
            continue
        word = _WORD_AFTER_INITIALS_RE.search(value) or _LIST_AFTER_INITIALS_RE.search(value)
        if word is None or re.fullmatch(r"[A-Z]{1,3}", word.group(1)):
            continue
        if _LAST_NAME_GIVEN_FIRST_RE.match(word.group(1)):
            continue  # "Gershick, M. A. and Trygve Haavelmo.": the last author
        if not titled and not value.rstrip().endswith((".", "?", "!")):
            continue  # a one-word title ends on its period
        if _LAST_FAMILY_FIRST_RE.search(value[: word.start()]) and not names_a_group(word.group(1)):
            out[i] = ("author", value[: word.start()])
            moved = value[word.start(1) :].strip()
            if not titled:
                return [*out[: i + 1], ("title", moved), *out[i + 1 :]]
            space = "" if moved.endswith(("(", "“", '"', "‘", "«")) else " "
            out[i + 1] = ("title", f"{moved}{space}{out[i + 1][1].lstrip()}")
    return out


def et_al_after_names(found: list[Segment]) -> list[Segment]:
    """ "Ananiadou, S.," + "et al. “": the "et al." belongs to the authors."""
    out = list(found)
    for i in range(1, len(out)):
        match = _ET_AL_RE.match(out[i][1]) if out[i - 1][0] == "author" else None
        if match is None or out[i][0] == "author":
            continue
        out[i - 1] = ("author", f"{out[i - 1][1]} {match.group(1)}")
        rest = match.group(2)
        out[i] = (out[i][0], rest)
        if not rest.strip(" \"“‘'«"):
            del out[i]
        break
    return out


_WORD_AND_COLON_RE = re.compile(r",\s*([A-Z][\w'’-]*:)\s*$")


# "He Huanhuan:", "Reinermann, H.:", "Schnell, Irmtraud und Miriam Sonntag:" before a title
_NAMES_THEN_COLON_RE = re.compile(
    r"^\s*[A-Z][\w'’-]+(?:,?\s+(?:[A-Z][\w'’-]*\.?|und|and|&)){1,5}:\s+"
)


def title_after_names_and_colon(found: list[Segment]) -> list[Segment]:
    """ "He Huanhuan: On Dignāga’s Names." read as the authors, no title read: the names
    end at the colon, and the rest (two words or more) is the title."""
    if not found or found[0][0] != "author" or any(label == "title" for label, _ in found):
        return found
    value = found[0][1]
    names = _NAMES_THEN_COLON_RE.match(value)
    if names is None or len(value[names.end() :].split()) < 2:
        return found
    return _rest_opens_title(found, names.end(), value[names.end() :])


def title_word_before_colon(found: list[Segment]) -> list[Segment]:
    if len(found) < 2 or found[0][0] != "author" or found[1][0] != "title":
        return found
    value = found[0][1]
    word = _WORD_AND_COLON_RE.search(value) if INITIALS_FIRST_RE.match(value) else None
    if word is None:
        return found
    return _rest_opens_title(found, word.start() + 1, word.group(1))
