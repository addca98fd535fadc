"""Repairs of where the labeller ended the authors, a quoted title and a journal.

Each takes and returns the (label, text) segments, like the repairs of ``repair``:

- APA's list of more than 20 authors, "… Last, A.", read past its ellipsis as another
  field ("O’Connell, M." + "J., ... Wang, J. ("), keeps the rest of its names;
- a title printed in quotes is what the quotes hold: "“Multiscale … Relaxation" + "in
  Low Level Image Analysis,” IEEE …" ends at the closing quote; an opening quote left at
  the end of the authors opens the title; what follows the closing quote inside the
  title ("…, California ,” Deep Sea Research Part I:") opens the journal;
- a number ending the journal ("Proceedings of the Institute of Radio Engineers 40,")
  before the pages, with no volume read, is the volume;
- a journal read as part of the numbers after the year, as astronomy prints them
  ("MNRAS, 349," as the volume, "A&A, 365L, 188" as a note), is the journal;
- words after a colon that ends the authors ("… and J Pedersen: Pathophysiological") open
  the title;
- a "date" without a digit between the authors and the title ("… Kubiatowicz." +
  "APRIL:" + "a processor architecture …"), when a year is printed elsewhere, opens the
  title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from asrefs.dates import PRINTED_YEAR

Segment = tuple[str, str]

_CLOSING = {"“": "”", '"': '"', "«": "»", "„": "“"}
_OPENER_RE = re.compile(r"^\s*([“\"«„])")
_OPENER_AT_END_RE = re.compile(r"\s*([“\"«„])\s*$")
_AFTER_CLOSING_RE = re.compile(r"[\s,.;:]*")
_NUMBER_ENDING_RE = re.compile(r"^(.*[^\W\d_].*?)\s+([0-9]{1,4}[A-Za-z]?)\s*[,:;.]?\s*$")
_YEAR_RE = re.compile(rf"^{PRINTED_YEAR}$")
_COLON_WORDS_RE = re.compile(r":\s+([^\W\d_][^:]*)$")
_TITLED = ("journal", "container", "note")
# APA 7's list of more than 20 authors: "…, O’Connell, M." + "J., ... Wang, J. (" (NFKC
# makes "…" three periods)
_LAST_NAME = r"[^\W\d_][\w'’-]*(?:\s+[\w'’-]+)?,\s*(?:[A-Z]\.\s*-?\s*)+"
_ELLIPSIS_NAME_RE = re.compile(rf"^\s*((?:[A-Z]\.\s*-?)*,?\s*(?:\.\.\.|…)\s*{_LAST_NAME})")
_LAST_NAME_RE = re.compile(rf"^\s*({_LAST_NAME})")
# "MNRAS, 349," read as the volume, "A&A, 365L, 188" as a note (astronomy's journal,
# volume, page after the year)
_JOURNAL_NUMBERS_RE = re.compile(
    r"^\s*([^\W\d_][^,\d]{0,60}?)\s*,\s*([0-9]+[A-Za-z]?)\s*"
    r"(?:,\s*([A-Za-z]?[0-9]+(?:\s*[-–]\s*[A-Za-z]?[0-9]+)?))?[\s.,;:]*$"
)
_NUMBER_WORD_RE = re.compile(r"^(?:vol(?:ume)?|no|nr|pp?|pages?|issue|art)\.?$", re.I)


def _ellipsis_in_authors(found: list[Segment]) -> list[Segment]:
    for i in range(len(found) - 1):
        label, value = found[i]
        after_ellipsis = value.rstrip().endswith(("...", "…"))
        pattern = _LAST_NAME_RE if after_ellipsis else _ELLIPSIS_NAME_RE
        name = pattern.match(found[i + 1][1]) if label == "author" else None
        if name and found[i + 1][0] != "author":
            after, text = found[i + 1]
            tail = text[name.end() :]
            rest = [(after, tail)] if tail.strip(" ([{,.;:") else []
            authors = ("author", f"{value} {name.group(1).strip()}{tail if not rest else ''}")
            return [*found[:i], authors, *rest, *found[i + 2 :]]
    return found


def _closes(text: str, closing: str, start: int = 0) -> int:
    """Where a title's closing quote ends (past the punctuation after it), or -1. The quote
    must touch punctuation ("…Analysis,”", "…” Deep"), as a quoted title's does, and not a
    quoted word inside it ("“Junk” DNA")."""
    at = text.find(closing, start)
    while at >= 0:
        before = text[:at].rstrip()[-1:]
        after = _AFTER_CLOSING_RE.match(text, at + 1)
        end = after.end() if after else at + 1
        if before in ",.?!" or text[at + 1 : end].strip() or end == len(text):
            return end
        at = text.find(closing, at + 1)
    return -1


def _quoted_title(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "title" not in labels:
        return _quoted_untitled(found)
    i = labels.index("title")
    out = list(found)
    opener = _OPENER_RE.match(out[i][1])
    previous = _OPENER_AT_END_RE.search(out[i - 1][1]) if i and opener is None else None
    if previous:  # "Lindau, Paul, “" + "The ‘Tannhäuser’ Scandal"
        out[i - 1] = (out[i - 1][0], out[i - 1][1][: previous.start()])
        out[i] = ("title", f"{previous.group(1)}{out[i][1].lstrip()}")
        opener = _OPENER_RE.match(out[i][1])
    if opener is None:
        return found
    closing = _CLOSING[opener.group(1)]
    title = out[i][1]
    end = _closes(title, closing, opener.end())
    if end >= 0:
        return _title_runs_on(out, i, end)
    if i + 1 < len(out) and out[i + 1][0] in _TITLED:
        label, value = out[i + 1]
        end = _closes(value, closing)
        if end >= 0:
            rest = [(label, value[end:])] if value[end:].strip() else []
            return [*out[:i], ("title", f"{title} {value[:end].rstrip()}"), *rest, *out[i + 2 :]]
    return found if previous is None else out


def _quoted_untitled(found: list[Segment]) -> list[Segment]:
    """No title read, and the quotes that open the journal (or the authors' end) close
    before more of it: "«" + "Le giscardisme », Pouvoirs," is a title, then the journal."""
    for i in range(1, len(found)):
        (before, end_text), (label, value) = found[i - 1], found[i]
        if before not in ("author", "date") or label not in _TITLED:
            continue
        left = _OPENER_AT_END_RE.search(end_text)
        opener = _OPENER_RE.match(value)
        quote = left.group(1) if left else opener.group(1) if opener else None
        if quote is None:
            return found
        end = _closes(value, _CLOSING[quote], opener.end() if opener else 0)
        if end < 0 or not value[end:].strip():
            return found
        title = ("title", f"{quote if left else ''}{value[:end]}")
        head = (before, end_text[: left.start()]) if left else found[i - 1]
        return [*found[: i - 1], head, title, (label, value[end:]), *found[i + 1 :]]
    return found


def _title_runs_on(out: list[Segment], i: int, end: int) -> list[Segment]:
    """The quotes close inside the title: what follows opens the journal after it."""
    title = out[i][1]
    rest = title[end:].strip()
    if not rest:
        return out
    if i + 1 < len(out) and out[i + 1][0] in ("journal", "container"):
        label, value = out[i + 1]
        return [
            *out[:i],
            ("title", title[:end]),
            (label, f"{rest} {value.lstrip()}"),
            *out[i + 2 :],
        ]
    return out


def _volume_ending_journal(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "volume" in labels:
        return found
    for i in range(len(found) - 1):
        label, value = found[i]
        if label not in ("journal", "container") or found[i + 1][0] != "pages":
            continue
        split = _NUMBER_ENDING_RE.match(value)
        if split and not _YEAR_RE.match(split.group(2)):
            volume = value[split.start(2) :]
            return [*found[:i], (label, split.group(1)), ("volume", volume), *found[i + 1 :]]
    return found


def _journal_in_numbers(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "journal" in labels or "container" in labels:
        return found
    for i, (label, value) in enumerate(found):
        split = _JOURNAL_NUMBERS_RE.match(value) if label in ("volume", "note") else None
        if split is None or _NUMBER_WORD_RE.match(split.group(1)):
            continue
        journal, volume, pages = split.groups()
        if pages is None and label == "note":
            continue
        numbers = [("volume", volume)]
        if pages and "pages" not in labels:
            numbers.append(("pages", pages))
        return [*found[:i], ("journal", journal), *numbers, *found[i + 1 :]]
    return found


def _words_after_colon(found: list[Segment]) -> list[Segment]:
    for i in range(len(found) - 1):
        (label, value), (after, text) = found[i], found[i + 1]
        words = _COLON_WORDS_RE.search(value) if label == "author" and after == "title" else None
        if words:
            title = f"{words.group(1).strip()} {text.lstrip()}"
            return [
                *found[:i],
                (label, value[: words.start() + 1]),
                ("title", title),
                *found[i + 2 :],
            ]
    return found


def _dateless_date(found: list[Segment]) -> list[Segment]:
    dated = [i for i, (label, value) in enumerate(found) if label == "date"]
    years = [i for i in dated if re.search(PRINTED_YEAR, found[i][1])]
    for i in dated:
        if i in years or not years or i + 1 == len(found) or i == 0:
            continue
        between = found[i - 1][0] == "author" and found[i + 1][0] == "title"
        if between and not re.search(r"[0-9]", found[i][1]):
            title = f"{found[i][1].strip()} {found[i + 1][1].lstrip()}"
            return [*found[:i], ("title", title), *found[i + 2 :]]
    return found


Repair = Callable[[list[Segment]], list[Segment]]
# in the order ``repair`` applies them
BOUND_REPAIRS: tuple[Repair, ...] = (
    _ellipsis_in_authors, _quoted_title, _volume_ending_journal, _journal_in_numbers,
    _words_after_colon, _dateless_date,
)  # fmt: skip
