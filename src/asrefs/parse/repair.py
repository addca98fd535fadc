"""Repairs of the labeller's segments where a field's shape says more than its context.

Each repair is one rule about how fields are printed, applied to the (label, text)
segments in order:

- where the authors end (``repair_authors``): names read as the title's start, a group
  after the names, a family name or title words on the wrong side of the last initials,
  "et al." read as the next field;
- a day after a month ("2012 Mar" + "12;", "2012 Nov" + "22;367("), or a month read as
  a note before the year ("Mar." + "2025.", "janvier" + "2009,"), belongs to the date;
- a page range read as the date before the year in brackets ("1987–1992 (2012).") is
  the pages;
- a title that ends on a sentence of abbreviated journal words ("… in tissues. Biochem.",
  "… in women. Top Stroke Rehabil") before the numbers gives them to the journal;
- two bare numbers read as one volume, the first a year ("2000 66:"), are a journal
  named with a number (Periodontol 2000) and its volume;
- an entry without a title whose words after the authors were read as a note has them
  as its title, and one whose journal opens with a sentence ("Calving of caribou.
  Rangifer") has that sentence as its title;
- a journal that opens with the title's last words ("… River System," + "New Jersey.
  Bartonia"), a known journal name after them and the whole not one, gives them back,
  as does one after a title cut at a comma or colon, or one that opens in lower case
  ("… waterfowl" + "in North America. Transactions of …"): all but its last sentence;
- a quoted title that runs on past its closing quote into the journal
  ("“Speaker verification…,” Digital signal processing" before "Vol. 10") ends there
  when no journal was read and a volume or pages follow;
- a title left open in brackets ("… Spain (Onychiuridae,") takes the rest of the
  bracket from the next segment, and a second date right after the title
  ("… in the UK (" + "2005-2008).", the year printed before) is the title's;
- a journal that ends on a volume in Roman numerals ("Harvard Business Review, XLIII")
  when no volume was read gives it to the volume;
- an entry without a dated segment whose title opens with the year ("2003. Microtus
  montanus.") has it as its date, and one whose title opens with a status in brackets
  ("(in press).") has that as a note; one whose year ends another segment, as an item
  of its own ("Nano Research, 2025", "no. 4, 2020,", a note "Mar. 2025.") has it as its
  date;
- a "volume" that is a year, with no issue or pages printed ("Riverside General
  Hospital; 2020."), is a date;
- what stands in the brackets a volume opens ("396(" + "10258):") is the issue, and a
  number after the closing bracket ("1), 65.") the pages, when none were read; but a
  range too wide for an issue ("vol. I (" + "839–878).") is the pages;
- after "Authors (Year)", what precedes the title and was read as another author, a
  page or a note ("PsPM-SC4B" + ": SCR, ECG," + "PSR and respiration …") opens the title;
- where the authors, a quoted title and a journal end (``repair_bounds.BOUND_REPAIRS``);
- a review's subject and a newspaper's or magazine's name (``repair_serials``).
"""

from __future__ import annotations

import re

from asrefs.dates import MONTH_NAMES, PRINTED_YEAR, is_month_name
from asrefs.parse.fields import YEAR_RE
from asrefs.parse.gazetteer import known_name
from asrefs.parse.repair_authors import (
    INITIALS_FIRST_RE,
    editors_continuing_authors,
    et_al_after_names,
    group_after_names,
    joined,
    name_after_initial,
    names_read_as_title,
    title_after_initials_first,
    title_after_names_and_colon,
    title_after_vancouver_list,
    title_word_after_names,
    title_word_before_colon,
)
from asrefs.parse.repair_bounds import (
    BARE_YEAR_RE,
    BOUND_REPAIRS,
    NUMBER_LABELS,
    Segment,
    abbreviated_journal,
)
from asrefs.parse.repair_numbers import pages_as_issue
from asrefs.parse.repair_serials import (
    journal_after_comma,
    magazine_after_dated_title,
    note_before_volume,
    page_in_day_date,
    quoted_journal_ending_title,
    review_subject_in_journal,
    serial_read_as_publisher,
    translator_before_journal,
)
from asrefs.parse.tokens import journal_words, tokenize

__all__ = ["Segment", "repair"]


_DAY_RE = re.compile(r"^\s*[0-9]{1,2}\s*[;.,:]?\s*$")
_MONTH_END_RE = re.compile(r"[A-Z][a-z]{2,8}\.?\s*$")
_RANGE_BEFORE_YEAR_RE = re.compile(r"^\s*([0-9]+\s*[–-]\s*[0-9]+)\s*,?\s*(\(\s*[0-9]{4}\s*\).*)$")
_TAIL_RE = re.compile(r"(?<=[a-z)\]?])[.?]\s+((?:[A-Z][A-Za-z]{0,11}\.?\s*(?:&\s*)?){1,6})$")
_YEAR_HOLDERS = frozenset({"journal", "container", "issue", "note", "publisher", "location"})
_DAY_AND_VOLUME_RE = re.compile(r"^\s*([0-9]{1,2})\s*;\s*(\S.*)$")
_QUOTED_THEN_MORE_RE = re.compile(
    r"^(\s*(?:“[^”]+”|\"[^\"]+\"|«[^»]+»)[,.]?)\s*[,.]?\s+([A-Z][^”\"»]*?)[\s,.;:]*$"
)
_ROMAN_VOLUME_RE = re.compile(r"^(.*[a-z].*?)[,\s]+([IVXLC]{2,8})[\s,.;:]*$")
_MONTH = "|".join(names[-1].capitalize() for names in MONTH_NAMES)  # "Jan|Feb|…|Dec"
_YEAR_OPENING_RE = re.compile(rf"^(\s*\(?{PRINTED_YEAR}[a-z]?\)?[.:]\s+)(\S.*)$")
_STATUS_OPENING_RE = re.compile(
    r"^(\s*\((?:in preparation|in press|submitted|forthcoming|under review|accepted)\)[.:]?\s+)"
    r"(\S.*)$",
    re.IGNORECASE,
)
_YEAR_ITEM_RE = re.compile(
    rf"(?:^|(?<=[,.;]))\s*((?:(?:{_MONTH})[a-z]*\.?\s+)?{PRINTED_YEAR}[a-z]?)[\s.,;:]*$"
)
_BRACKETED_REST_RE = re.compile(r"^\s*[A-Za-z]{0,6}\s*[0-9][0-9A-Za-z/–-]{0,12}\s*\)\s*[:,;.]?\s*$")
_PAGES_AFTER_ISSUE_RE = re.compile(
    r"^([^()]{1,20}\)\s*[,:;]?)\s*([A-Za-z]{0,3}[0-9][0-9A-Za-z–-]*\W*)$"
)
_YEAR_AND_VOLUME_RE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s+([0-9]+[A-Za-z]?\W*)$")
# a sentence of two words or more ending on a lower-case word, then a capitalised one
_SENTENCE_THEN_JOURNAL_RE = re.compile(r"^(\s*\S+\s.*?(?<![^\W\d_])[a-z]{3,}\.\s+)([A-Z].*)$")
# where a sentence ends on a word (not an initial or a shortened word) inside a journal
_WORD_SENTENCE_END_RE = re.compile(r"(?<=[^\W\d_][a-z])\.\s+(?=[A-Z])")
_LONE_INITIAL_RE = re.compile(r",\s*([A-Z]\.)\s*$")
_DOTTED_WORDS_RE = re.compile(r"^\s*(?:[A-Z][a-z]{0,7}\.\s*){2}")
_YEAR_VOLUME_PAGES_RE = re.compile(
    rf"^(\s*{PRINTED_YEAR}\s*,\s*)([0-9]+[A-Za-z]?)(\s*\([^()]{{1,12}}\))?(\s*,\s*)"
    r"([A-Za-z]?[0-9]+(?:\s*[-–]\s*[A-Za-z]?[0-9]+)?\W*)$"
)


def repair(found: list[Segment]) -> list[Segment]:
    for step in (
        names_read_as_title,
        title_after_initials_first,
        title_after_vancouver_list,
        title_word_before_colon,
        title_after_names_and_colon,
        _date_read_apart,
        group_after_names,
        _journal_initial,
        name_after_initial,
        title_word_after_names,
        _pages_before_year,
        _journal_in_title,
        _journal_named_with_a_year,
        et_al_after_names,
        editors_continuing_authors,
        *BOUND_REPAIRS,
        _quoted_title_then_journal,
        _title_brackets,
        _roman_volume,
        _year_apart,
        _year_as_volume,
        _issue_in_brackets,
        pages_as_issue,
        _numbers_after_year,
        _title_after_year,
        _title_sentence_in_journal,
        review_subject_in_journal,
        page_in_day_date,
        serial_read_as_publisher,
        journal_after_comma,
        note_before_volume,
        magazine_after_dated_title,
        translator_before_journal,
        quoted_journal_ending_title,
        _untitled,
    ):
        found = step(found)
    return found


def _date_read_apart(found: list[Segment]) -> list[Segment]:
    """A month read as a note before the year ("Mar." + "2025.", "janvier" + "2009,"), or
    a day after the month ("2012 Mar" + "12;", "2012 Nov" + "22;367("), is the date's."""
    out: list[Segment] = []
    for label, value in found:
        last_label, last = out[-1] if out else ("", "")
        after_month = last_label == "date" and _MONTH_END_RE.search(last)
        day_and_volume = _DAY_AND_VOLUME_RE.match(value) if label == "volume" else None
        month = label == "date" and last_label == "note" and _a_month(last)
        day = after_month and label == "note" and _DAY_RE.match(value)
        if month or day:
            out[-1] = ("date", f"{last} {value}")
        elif after_month and day_and_volume:  # "2012 Nov" + "22;367(": day, then volume
            out[-1] = ("date", f"{last} {day_and_volume.group(1)}")
            out.append(("volume", day_and_volume.group(2)))
        else:
            out.append((label, value))
    return out


def _a_month(text: str) -> bool:
    """A month's name alone: "Mar.", "March,", "janvier", "Juni"."""
    return len(text.split()) == 1 and is_month_name(text)


def _journal_initial(found: list[Segment]) -> list[Segment]:
    """ "A. Smith, B. Jones, J." + "Am. Chem. Soc." (or "Benecke G. et al., J." + "Appl.
    Cryst." read as a title): a lone initial ending a list of initials-first names, or
    after "et al.", opens the abbreviated journal that follows."""
    has_journal = any(label == "journal" for label, _ in found)
    for i in range(len(found) - 1):
        (label, value), (after, text) = found[i], found[i + 1]
        lone = _LONE_INITIAL_RE.search(value) if label == "author" else None
        if lone is None or not (INITIALS_FIRST_RE.match(value) or "et al" in value):
            continue
        journal = after == "journal" or (
            after == "title" and not has_journal and abbreviated_journal(text.strip(" .,;:"))
        )
        if journal and _DOTTED_WORDS_RE.match(text):
            authors = ("author", value[: lone.start() + 1])
            return [
                *found[:i],
                authors,
                ("journal", f"{lone.group(1)} {text.lstrip()}"),
                *found[i + 2 :],
            ]
    return found


def _pages_before_year(found: list[Segment]) -> list[Segment]:
    if any(label == "pages" for label, _ in found):
        return found
    out: list[Segment] = []
    for label, value in found:
        both = _RANGE_BEFORE_YEAR_RE.match(value) if label == "date" else None
        if both:
            out += [("pages", both.group(1)), ("date", both.group(2))]
        else:
            out.append((label, value))
    return out


def _journal_in_title(found: list[Segment]) -> list[Segment]:
    out = list(found)
    for i in range(len(out) - 1):
        label, value = out[i]
        after = out[i + 1][0]
        if label != "title" or (after != "journal" and after not in NUMBER_LABELS):
            continue
        tail = _TAIL_RE.search(value.rstrip(" .,;:"))
        if tail is None or not abbreviated_journal(tail.group(1)):
            continue
        head = value[: tail.start(1)].rstrip()
        if after == "journal":
            out[i + 1] = ("journal", f"{tail.group(1).strip()} {out[i + 1][1]}")
            out[i] = ("title", head)
        else:
            out[i : i + 1] = [("title", head), ("journal", value[tail.start(1) :])]
        break
    return out


def _journal_named_with_a_year(found: list[Segment]) -> list[Segment]:
    out = list(found)
    for i in range(1, len(out)):
        label, value = out[i]
        both = _YEAR_AND_VOLUME_RE.match(value) if label == "volume" else None
        if both and out[i - 1][0] == "journal":
            out[i - 1] = ("journal", f"{out[i - 1][1].rstrip()} {both.group(1)}")
            out[i] = ("volume", both.group(2))
    return out


def _untitled(found: list[Segment]) -> list[Segment]:
    if any(label == "title" for label, _ in found):
        return found
    for i, (label, value) in enumerate(found):
        sentence = _SENTENCE_THEN_JOURNAL_RE.match(value) if label == "journal" else None
        if sentence:  # "Calving of caribou. Rangifer": a title's sentence, then the journal
            title, journal = sentence.group(1), sentence.group(2)
            return [*found[:i], ("title", title), ("journal", journal), *found[i + 1 :]]
    for i in range(len(found)):
        opens = found[i - 1][0] == "author" if i else len(found) > 1 and found[1][0] == "date"
        if found[i][0] == "note" and opens:  # after the authors, or before the date
            out = list(found)
            out[i] = ("title", found[i][1])
            return out
    return found


def _title_sentence_in_journal(found: list[Segment]) -> list[Segment]:
    """A journal read with the title's last words before it ("… River System," + "New
    Jersey. Bartonia", "… recombinant Nup475/TIS11" + "/tristetraprolin protein. J Biol
    Chem") gives them back; not to a title that ends on a sentence of its own. (With no
    title read, a known name after a sentence is not enough: "… Junctions. Science" is as
    often a wrong reading of the authors.)"""
    for i in range(1, len(found)):
        if found[i][0] == "journal" and found[i - 1][0] == "title":
            title, journal = found[i - 1][1], found[i][1]
            if title.rstrip(" ”’\"'»").endswith((".", "?", "!")):
                return found
            split = _sentence_before_name(journal)
            if split is None and (title.rstrip().endswith((",", ":")) or journal[:1].islower()):
                split = _last_sentence_apart(journal)  # the title goes on past its comma
            if split is None:
                return found
            title_segment = ("title", joined(title, split[0]))
            return [*found[: i - 1], title_segment, ("journal", split[1]), *found[i + 1 :]]
    return found


def _last_sentence_apart(journal: str) -> tuple[str, str] | None:
    """A journal's opening sentences, words of a title, and its last sentence, a journal's
    name ("Louisiana: Ritual Practice and Complexity." and "Geoarchaeology")."""
    ends = list(_WORD_SENTENCE_END_RE.finditer(journal))
    if not ends:
        return None
    head, rest = journal[: ends[-1].start() + 1], journal[ends[-1].end() :]
    words = head.split()
    opens_name = words[0].lower().strip(",:") in journal_words() or abbreviated_journal(head)
    if len(words) < 2 or (opens_name and not head[:1].islower()):
        return None
    return (head, rest) if 1 <= len(rest.split()) <= 12 else None


def _sentence_before_name(journal: str) -> tuple[str, str] | None:
    """The journal's opening sentences and the known journal name after them, when the
    whole is not a known name ("New Jersey." and "Bartonia")."""
    tokens = tokenize(journal)
    if known_name(tokens):
        return None
    for end in _WORD_SENTENCE_END_RE.finditer(journal):
        head = [token for token in tokens if token.end <= end.start() + 1]
        rest = [token for token in tokens if token.start >= end.end()]
        if known_name(rest) and not known_name(head):
            return journal[: end.start() + 1], journal[end.end() :]
    return None


def _quoted_title_then_journal(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "journal" in labels or "container" in labels or "title" not in labels:
        return found
    i = labels.index("title")
    split = _QUOTED_THEN_MORE_RE.match(found[i][1])
    if split is None or not {"volume", "pages"} & set(labels[i + 1 :]):
        return found
    return [*found[:i], ("title", split.group(1)), ("journal", split.group(2)), *found[i + 1 :]]


def _title_brackets(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "title" not in labels:
        return found
    i = labels.index("title")
    title = found[i][1]
    if i + 1 == len(found) or title.count("(") <= title.count(")"):
        return found
    label, value = found[i + 1]
    closing = value.find(")")
    if closing < 0 or label == "author":
        return found
    dated_before = "date" in labels[:i]
    if label == "date" and dated_before:  # the title's own years: "… in the UK (2005-2008)."
        return [*found[:i], ("title", f"{title}{value}"), *found[i + 2 :]]
    if label == "date" or 0 <= value.find("(") < closing:
        return found
    end = closing + 1
    while end < len(value) and value[end] in ".,;: ":
        end += 1
    rest = value[end:]
    head = [*found[:i], ("title", f"{title} {value[:end].rstrip()}")]
    return [*head, *([(label, rest)] if rest.strip() else []), *found[i + 2 :]]


def _roman_volume(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "volume" in labels or "journal" not in labels:
        return found
    i = labels.index("journal")
    split = _ROMAN_VOLUME_RE.match(found[i][1])
    if split is None:
        return found
    return [*found[:i], ("journal", split.group(1)), ("volume", split.group(2)), *found[i + 1 :]]


def _title_opening(found: list[Segment]) -> list[Segment] | None:
    """A title that opens with the year ("2003. Microtus montanus.") or a status in
    brackets ("(in preparation). Introducing …"): that opening is the date, or a note."""
    for i, (label, value) in enumerate(found):
        if label != "title":
            continue
        for pattern, kind in ((_YEAR_OPENING_RE, "date"), (_STATUS_OPENING_RE, "note")):
            opening = pattern.match(value)
            if opening:
                split = [(kind, opening.group(1)), ("title", opening.group(2))]
                return [*found[:i], *split, *found[i + 1 :]]
    return None


def _year_apart(found: list[Segment]) -> list[Segment]:
    if any(label == "date" and YEAR_RE.search(value) for label, value in found):
        return found
    opened = _title_opening(found)
    if opened is not None:
        return opened
    for i in range(len(found) - 1, 0, -1):
        label, value = found[i]
        item = _YEAR_ITEM_RE.search(value) if label in _YEAR_HOLDERS else None
        if item is None:
            continue
        head = value[: item.start(1)]
        date = ("date", value[item.start(1) :])
        return [
            *found[:i],
            *([(label, head)] if head.strip(" ,.;:") else []),
            date,
            *found[i + 1 :],
        ]
    return found


def _year_as_volume(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if "issue" in labels or "pages" in labels:
        return found
    return [
        ("date", value) if label == "volume" and BARE_YEAR_RE.match(value) else (label, value)
        for label, value in found
    ]


def _issue_in_brackets(found: list[Segment]) -> list[Segment]:
    out = list(found)
    paged = any(label == "pages" for label, _ in found)
    for i in range(1, len(out)):
        label, value = out[i]
        opened = out[i - 1][0] == "volume" and out[i - 1][1].rstrip().endswith("(")
        if opened and label not in ("issue", "date") and _BRACKETED_REST_RE.match(value):
            out[i] = ("issue", value)
        after = _PAGES_AFTER_ISSUE_RE.match(value) if opened and label == "issue" else None
        if after and not paged:
            out[i : i + 1] = [("issue", after.group(1)), ("pages", after.group(2))]
            break
    return out


def _numbers_after_year(found: list[Segment]) -> list[Segment]:
    """ "Nano Lett." + "2010, 10, 1979.": the date holds the volume (and issue) and the
    pages when none were read (ACS, RSC)."""
    if any(label in ("volume", "issue", "pages") for label, _ in found):
        return found
    for i, (label, value) in enumerate(found):
        split = _YEAR_VOLUME_PAGES_RE.match(value) if label == "date" else None
        if split:
            date, volume, issue, comma, pages = split.groups()
            numbers = [("date", date), ("volume", volume)]
            numbers += [("issue", issue)] if issue else []
            return [*found[:i], *numbers, ("pages", f"{comma}{pages}"), *found[i + 1 :]]
    return found


def _title_after_year(found: list[Segment]) -> list[Segment]:
    labels = [label for label, _ in found]
    if labels[:2] != ["author", "date"] or "title" not in labels[2:]:
        return found
    end = labels.index("title", 2)
    if end == 2 or any(label not in ("author", "pages", "note") for label in labels[2:end]):
        return found
    title = "".join(
        value if value[:1] in ":;,." else f" {value}" for _, value in found[2 : end + 1]
    )
    return [*found[:2], ("title", title.strip()), *found[end + 1 :]]
