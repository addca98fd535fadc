"""Repairs of newspapers' and magazines' names, which the labeller knows less well than
journals':

- a review's subject printed after the review's title ("“Bad Company.” Review of Gain,
  by Richard Powers.") is the title's, not the journal's;
- a page after a day's date, read as the date's end ("March 14, 2003, 7."), is the page;
- a newspaper's or magazine's name read as the place or the publisher, after the title
  and before an issue or a day's date and the pages ("Chronicle of Higher Education," +
  "April 2, 2004," + "A44."; "Formes," + "n°20,"), when nothing else was read as a
  journal, a publisher or a place, is the journal;
- after a day's date in brackets, as APA prints a newspaper's or magazine's article, the
  title's last sentence in capitals ("(2016, March 22)." + "Black activism, unchurched.
  The Atlantic.") is the journal, when none was read;
- a journal quoted after the title's last sentence, as Polish and Italian lists print it
  ("Bezpłatne akcje pracownicze. „Gazeta Bankowa"" before the year), is the journal;
- a translator named before a known journal ("Trans. Nicholas Rand. Critical Inquiry")
  is a note;
- with no journal read, the title's last part after a comma, before a marked volume or
  issue ("The second coming, World architecture," + "No. 83,"), is the journal;
- with no journal, container or publisher read, a note between the title and the
  volume ("Rangifer Special Issue" + "16:" + "27–35.") is the journal.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from asrefs.dates import PRINTED_YEAR, is_month_name
from asrefs.parse.fields import ISSUE_MARK
from asrefs.parse.gazetteer import known_name
from asrefs.parse.repair_numbers import split_first
from asrefs.parse.tokens import tokenize

__all__ = [
    "journal_after_comma",
    "magazine_after_dated_title",
    "note_before_volume",
    "page_in_day_date",
    "quoted_journal_ending_title",
    "review_subject_in_journal",
    "serial_read_as_publisher",
    "translator_before_journal",
]

Segment = tuple[str, str]

# "Review of Gain, by Richard Powers." and what follows it
_REVIEW_OF_RE = re.compile(
    r"^(\s*Review\s+of\s+\S.*?,?\s+by\s+(?:[A-Z]\.\s*|[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+[.,]?)"
    r"(?:\s+(\S.*))?$"
)
_EXTENT_RE = re.compile(r"^\s*[0-9]+\s*(?:p|pp|pages?|S)\b", re.IGNORECASE)
_PAGE_AFTER_YEAR_RE = re.compile(rf"^(.*?{PRINTED_YEAR}\s*,\s*)([A-Z]?[0-9]{{1,4}}\+?\W*)$")
_MARKED_NUMBER_RE = re.compile(rf"^\s*(?:{ISSUE_MARK}|(?:vol|v)(?:\.\s*|\s+))", re.IGNORECASE)
# a title's last part after a comma: one to five words, the first capitalised
_LAST_PART_RE = re.compile(r"^(.*\S),\s+([A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,4})[,.]?\s*$")
# a title's last sentence of one to four capitalised words ("The Atlantic.", "Vox.")
_LAST_SENTENCE_RE = re.compile(
    r"^(.*[^\W\d_]{2}[.?!][’”\"]?)\s+((?:The\s+)?[A-Z][\w'’&-]*(?:\s+(?:of|and|&|[A-Z][\w'’&-]*)){0,3})\.?\s*$"
)
_TRANSLATOR_RE = re.compile(
    r"^(\s*(?:Trans\.|Translated\s+by)\s+[A-Z][a-z]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z]+){1,2}\.)\s+"
    r"([A-Z].*)$"
)
_QUOTED_LAST_RE = re.compile(r"^(.*\S[.?!])\s+([„“\"«][^„“”\"«»]{3,80}[”“\"»]?)[\s,.]*$")
_DAY_RE = re.compile(r"(?<![0-9])[0-9]{1,2}(?![0-9])")
_WORD_RE = re.compile(r"[^\W\d_]+")


def review_subject_in_journal(found: list[Segment]) -> list[Segment]:
    """ "Review of Gain, by Richard Powers." read as the journal's start, after the title,
    is the title's end; the rest of the journal, if any, stays the journal."""
    for i in range(1, len(found)):
        review = _REVIEW_OF_RE.match(found[i][1]) if found[i][0] == "journal" else None
        if review and found[i - 1][0] == "title":
            title = ("title", f"{found[i - 1][1].rstrip()} {review.group(1).strip()}")
            rest = [("journal", review.group(2))] if review.group(2) else []
            return [*found[: i - 1], title, *rest, *found[i + 1 :]]
    return found


def page_in_day_date(found: list[Segment]) -> list[Segment]:
    """ "March 14, 2003, 7." read as the date, with no pages read, is the date and a page."""
    if any(label == "pages" for label, _ in found):
        return found
    return split_first(
        found, "date", _PAGE_AFTER_YEAR_RE, ("date", "pages"), lambda split: _a_day(split[1])
    )


def serial_read_as_publisher(found: list[Segment]) -> list[Segment]:
    """The one place or publisher, right after the title and before an issue or a day's
    date and the pages, with no journal, container or editor read, is a newspaper's or
    magazine's name ("Oxford University Press, 12 May 2001." stays a publisher)."""
    labels = [label for label, _ in found]
    places = [i for i, label in enumerate(labels) if label in ("publisher", "location")]
    if len(places) != 1 or {"journal", "container", "editor"} & set(labels):
        return found
    i = places[0]
    if i == 0 or i + 1 == len(found) or labels[i - 1] != "title":
        return found
    label, after = found[i + 1]
    paged = any(
        kind == "pages" and not _EXTENT_RE.match(pages) for kind, pages in found[i + 2 :]
    )  # where in the issue, not how long: "4 p." is a report's length
    if label == "issue" or (label == "date" and _a_day(after) and paged):
        return [*found[:i], ("journal", found[i][1]), *found[i + 1 :]]
    return found


def note_before_volume(found: list[Segment]) -> list[Segment]:
    """ "Calving of caribou." + "Rangifer Special Issue" + "16:": with no journal,
    container or publisher read, the one note between the title and the volume is the
    journal."""
    labels = [label for label, _ in found]
    if {"journal", "container", "publisher"} & set(labels) or labels.count("note") != 1:
        return found
    i = labels.index("note")
    if 0 < i < len(found) - 1 and labels[i - 1] == "title" and labels[i + 1] == "volume":
        return [*found[:i], ("journal", found[i][1]), *found[i + 1 :]]
    return found


def journal_after_comma(found: list[Segment]) -> list[Segment]:
    """ "The second coming, World architecture," + "No. 83,": the title's last part
    before a marked volume or issue is the journal."""

    def numbered(i: int) -> bool:
        after = found[i + 1] if i + 1 < len(found) else ("", "")
        return after[0] in ("volume", "issue") and bool(_MARKED_NUMBER_RE.match(after[1]))

    return _journal_out_of_title(found, _LAST_PART_RE, numbered)


def magazine_after_dated_title(found: list[Segment]) -> list[Segment]:
    """ "(2016, March 22)." + "Black activism, unchurched. The Atlantic.": the last
    sentence of a title after a day's date is the newspaper's or magazine's name."""

    def dated(i: int) -> bool:
        return i > 0 and found[i - 1][0] == "date" and _a_day(found[i - 1][1])

    return _journal_out_of_title(found, _LAST_SENTENCE_RE, dated)


def quoted_journal_ending_title(found: list[Segment]) -> list[Segment]:
    """ "Bezpłatne akcje pracownicze. „Gazeta Bankowa"": the quoted name after the
    title's last sentence is the journal, unless the title itself opens quoted."""

    def unquoted(i: int) -> bool:
        return found[i][1].lstrip()[:1] not in '„“"«'

    return _journal_out_of_title(found, _QUOTED_LAST_RE, unquoted)


def _journal_out_of_title(
    found: list[Segment], parts: re.Pattern[str], applies: Callable[[int], bool]
) -> list[Segment]:
    """With no journal, container or publisher read, the title that ``parts`` splits
    (the title, then the journal) when ``applies`` to its index."""
    labels = [label for label, _ in found]
    if {"journal", "container", "publisher"} & set(labels) or "title" not in labels:
        return found
    i = labels.index("title")
    split = parts.match(found[i][1]) if applies(i) else None
    if split is None:
        return found
    return [*found[:i], ("title", split.group(1)), ("journal", split.group(2)), *found[i + 1 :]]


def translator_before_journal(found: list[Segment]) -> list[Segment]:
    """ "Trans. Nicholas Rand. Critical Inquiry" read as the journal: the translator is a
    note when the rest is a known journal name and the whole is not."""
    for i, (label, value) in enumerate(found):
        named = _TRANSLATOR_RE.match(value) if label == "journal" else None
        if named and known_name(tokenize(named.group(2))) and not known_name(tokenize(value)):
            note, journal = ("note", named.group(1)), ("journal", named.group(2))
            return [*found[:i], note, journal, *found[i + 1 :]]
    return found


def _a_day(date: str) -> bool:
    """Whether a date names a month and a day: "April 2, 2004", "30 juillet 1952"."""
    month = any(is_month_name(word) for word in _WORD_RE.findall(date))
    return month and bool(_DAY_RE.search(date))
