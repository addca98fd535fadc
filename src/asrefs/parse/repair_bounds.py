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
- with no journal read but a volume, issue or pages printed, the title's last short
  sentence before them is the journal ("… externe. La Gazette Santé-Social, Septembre
  2014, n°110");
- a day read as the volume before its month ("Wall Street Journal" + "4" + "January.")
  is the date;
- names that open the entry, read as editors though nothing marks them as editors, are
  the authors; a word broken at its hyphen between the authors and the title
  ("Adeno-" + "associated …") is the title's;
- words after a colon that ends the authors ("… and J Pedersen: Pathophysiological") open
  the title;
- a year between the journal and the pages, with no volume read but the same year
  printed elsewhere too, is the volume: Hindawi's and others' volumes are years ("Comput Math
  Methods Med. 2012;2012:410602", "(2012) … Comput Math Methods Med, 2012, 410602");
- a capital letter or a shortened word ending the title after its last sentence ("…
  tumour sites. J" + "Theor Biol", "… context. Qual" + "Health Res") opens the journal;
- a title cut after an article, a preposition or "and" ("…: A" + "Qualitative
  Metasynthesis. Arch Phys Med Rehabil") takes the journal's first sentence back;
- a volume and its issue read as one of them ("63 (16),", ACS; "38, 11 (", ACM) are both
  (``repair_numbers``);
- a "date" without a digit between the authors and the title ("… Kubiatowicz." +
  "APRIL:" + "a processor architecture …"), when a year is printed elsewhere, opens the
  title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from asrefs.dates import MONTH_NAMES, PRINTED_YEAR
from asrefs.parse.fields import YEAR_ONLY_RE
from asrefs.parse.names import EDITOR_MARK_RE
from asrefs.parse.repair_numbers import (
    issue_as_note,
    issue_as_pages,
    issue_in_date,
    issue_in_volume,
    issue_mark_apart,
    issue_start_as_note,
    numeric_day_and_month,
    roman_volume_before_issue,
    volume_in_issue,
)
from asrefs.parse.tokens import journal_words, known_words

Segment = tuple[str, str]

_CLOSING = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}
_OPENER_RE = re.compile(r"^\s*([“\"«„‘])")
_OPENER_AT_END_RE = re.compile(r"\s*([“\"«„])\s*$")
_OPENER_ANYWHERE_RE = re.compile(r"[“\"«„‘]")
# a quote opened at the authors' end with words after it, none of them quoted
# ("…, and S. Davis, ‘Medications," + "Comorbidities, and …’")
_OPENER_IN_TAIL_RE = re.compile(r"(?:^|(?<=\s))([“\"«„‘])(?=[^\W\d_])[^“”\"«»„‘’]*$")
_AFTER_CLOSING_RE = re.compile(r"[\s,.;:]*")
_SUBTITLE_RE = re.compile(r":\s+[^\W\d_]")
_NUMBER_ENDING_RE = re.compile(r"^(.*[^\W\d_].*?)\s+([0-9]{1,4}[A-Za-z]?)\s*[,:;.]?\s*$")
_COLON_WORDS_RE = re.compile(r":\s+([^\W\d_][^:]*)$")
_TITLED = ("journal", "container", "note")
# the labels of the numbers that follow a journal
NUMBER_LABELS = ("date", "volume", "issue", "pages")
_MONTH_FIRST_RE = re.compile(
    r"^\s*(?:" + "|".join(name for names in MONTH_NAMES for name in names) + r")\b", re.I
)
_DAY_RE = re.compile(r"^\s*[0-9]{1,2}\s*[,.]?\s*$")
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


_NESTED = {"»": "«", "”": "“"}  # quotes a title may hold inside its own


def _closes(text: str, closing: str, start: int = 0) -> int:
    """Where a title's closing quote ends (past the punctuation after it), or -1. The quote
    must touch punctuation ("…Analysis,”", "…” Deep"), as a quoted title's does, and not a
    quoted word inside it ("“Junk” DNA", "« La « société civile » dans … »")."""
    at = text.find(closing, start)
    while at >= 0:
        before = text[:at].rstrip()[-1:]
        inside = text[start:at]
        if closing in _NESTED and inside.count(_NESTED[closing]) > inside.count(closing):
            at = text.find(closing, at + 1)  # it closes a quote opened inside the title
            continue
        after = _AFTER_CLOSING_RE.match(text, at + 1)
        end = after.end() if after else at + 1
        if _SUBTITLE_RE.match(text, at + 1):  # "“Holding me back”: living with …"
            at = text.find(closing, at + 1)
            continue
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
    previous = _opener_ending_authors(out[i - 1]) if i and opener is None else None
    if previous:  # "Lindau, Paul, “" + "The ‘Tannhäuser’ Scandal"
        out[i - 1] = (out[i - 1][0], out[i - 1][1][: previous.start()])
        moved = previous.group().strip()  # the quote, and the title's first words after it
        out[i] = ("title", f"{moved}{' ' if len(moved) > 1 else ''}{out[i][1].lstrip()}")
        opener = _OPENER_RE.match(out[i][1])
    if opener is None:
        return found
    closing = _CLOSING[opener.group(1)]
    title = out[i][1]
    end = _closes(title, closing, opener.end())
    if end >= 0:
        return _title_runs_on(out, i, end)
    for j in range(i + 1, min(i + 4, len(out))):
        label, value = out[j]
        end = _closes(value, closing) if label != "author" else -1
        if end < 0:
            continue
        between = " ".join(text.strip() for _, text in out[i + 1 : j])
        whole = " ".join(part for part in (title.rstrip(), between, value[:end].rstrip()) if part)
        rest = [(label, value[end:])] if value[end:].strip() else []
        return _journal_after_title([*out[:i], ("title", whole), *rest, *out[j + 1 :]], i)
    return found if previous is None else out


def _opener_ending_authors(segment: Segment) -> re.Match[str] | None:
    """An opening quote at the authors' end, alone or with the title's first words."""
    label, value = segment
    if _OPENER_ANYWHERE_RE.search(value) is None:
        return None  # neither pattern below is quick to search, and both need a quote
    found = _OPENER_AT_END_RE.search(value)
    if found is None and label == "author":
        found = _OPENER_IN_TAIL_RE.search(value)
    return found


def _journal_after_title(out: list[Segment], i: int) -> list[Segment]:
    """After a quoted title, a second "title" right before the journal opens it ("…,”" +
    "Deep Sea Research Part I:" + "Oceanographic Research Papers,")."""
    if i + 2 < len(out) and out[i + 1][0] == "title" and out[i + 2][0] == "journal":
        journal = ("journal", f"{out[i + 1][1].strip()} {out[i + 2][1].lstrip()}")
        return [*out[: i + 1], journal, *out[i + 3 :]]
    return out


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
        if split and not YEAR_ONLY_RE.fullmatch(split.group(2)):
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


def abbreviated_journal(tail: str) -> bool:
    """Words of journal names, most of them abbreviated or known ("Top Stroke Rehabil",
    "Biochem. J."); not an article ("A", "The") opening a sentence."""
    words = [w.rstrip(".") for w in tail.replace("&", " ").split()]
    if not words or words[0] in ("A", "An", "The", "On", "In"):
        return False
    known = journal_words()
    dotted = tail.count(".")
    hits = sum(w.lower() in known for w in words)
    return hits * 2 >= len(words) and (hits >= 2 or dotted >= 1 or len(words) == 1)


def _abbreviated_name(tail: str) -> bool:
    """A journal's abbreviated name after a title's last comma ("Curr Opin Support Palliat
    Care"): two to seven capitalised words, one a journal's word, half of them journals'
    words or shortened ones (no word of the vocabulary)."""
    words = [w.rstrip(".") for w in tail.replace("&", " ").split()]
    if not 2 <= len(words) <= 7 or not all(w[:1].isupper() for w in words):
        return False
    known, full = journal_words(), known_words()
    journal = sum(w.lower() in known for w in words)
    short = sum(w.lower() not in known and w.lower() not in full for w in words)
    return journal >= 1 and 2 * (journal + short) >= len(words)


def _journal_sentence_in_title(found: list[Segment]) -> list[Segment]:
    """No journal read, yet numbers a journal has: the title's last short sentence before
    them is the journal ("Un assouplissement … externe. La Gazette Santé-Social," +
    "Septembre 2014," + "n°110,")."""
    labels = [label for label, _ in found]
    if "journal" in labels or "container" in labels or "title" not in labels:
        return found
    i = labels.index("title")
    numbered = {"volume", "issue", "pages"} & set(labels[i + 1 :])
    if not numbered or i + 1 == len(found) or labels[i + 1] not in NUMBER_LABELS:
        return found
    title = found[i][1]
    head, period, tail = title.rstrip(" ,;:").rpartition(". ")
    if not period:  # "… in advanced heart failure, Curr Opin Support Palliat Care,"
        head, comma, tail = title.rstrip(" ,;:").rpartition(", ")
        if not comma or len(head.split()) < 3 or not _abbreviated_name(tail):
            return found
        return [*found[:i], ("title", head), ("journal", title[len(head) + 2 :]), *found[i + 1 :]]
    words = tail.rstrip(".").split()
    if not 1 <= len(words) <= 6 or len(head.split()) < 3:
        return found
    if not words[0][:1].isupper() or tail.rstrip().endswith(("?", "!")):
        return found
    journal = ("journal", title[len(head) + 2 :])
    return [*found[:i], ("title", f"{head}."), journal, *found[i + 1 :]]


def _day_as_volume(found: list[Segment]) -> list[Segment]:
    """A day read as the volume before its month ("Wall Street Journal" + "4" +
    "January.", "Observer," + "3" + "December 2006."): a newspaper's date."""
    for i in range(len(found) - 1):
        (label, value), text = found[i], found[i + 1][1]
        if label == "volume" and _DAY_RE.match(value) and _MONTH_FIRST_RE.match(text):
            date = ("date", f"{value.strip()} {text.lstrip()}")
            return [*found[:i], date, *found[i + 2 :]]
    return found


def _unmarked_editors(found: list[Segment]) -> list[Segment]:
    """Names that open the entry, read as editors though nothing calls them editors
    ("SIERVO (M.), GREY (P.), …"), are its authors."""
    labels = [label for label, _ in found]
    if not found or labels[0] != "editor" or "author" in labels:
        return found
    if EDITOR_MARK_RE.search(found[0][1]):
        return found
    return [("author", found[0][1]), *found[1:]]


_HYPHEN_ENDING_RE = re.compile(r"(?<=[\s,])([^\W\d_][\w'’]*-)\s*$")


def _hyphen_ending_authors(found: list[Segment]) -> list[Segment]:
    """A word broken at its hyphen between the authors and the title ("McCown, T.J.,
    Adeno-" + "associated virus …") is the title's."""
    for i in range(len(found) - 1):
        (label, value), (after, text) = found[i], found[i + 1]
        word = _HYPHEN_ENDING_RE.search(value) if label == "author" and after == "title" else None
        if word and text.lstrip()[:1].islower():
            title = ("title", f"{word.group(1)}{text.lstrip()}")
            return [*found[:i], ("author", value[: word.start()]), title, *found[i + 2 :]]
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
    years = [i for i in dated if YEAR_ONLY_RE.search(found[i][1])]
    for i in dated:
        if i in years or not years or i + 1 == len(found) or i == 0:
            continue
        between = found[i - 1][0] == "author" and found[i + 1][0] == "title"
        if between and not re.search(r"[0-9]", found[i][1]):
            title = f"{found[i][1].strip()} {found[i + 1][1].lstrip()}"
            return [*found[:i], ("title", title), *found[i + 2 :]]
    return found


_YEAR_THEN_YEAR_RE = re.compile(rf"^\s*{PRINTED_YEAR}\s*;\s*(?={PRINTED_YEAR}[\s,;:]*$)")
BARE_YEAR_RE = re.compile(rf"^\s*{PRINTED_YEAR}[\s.,;:]*$")  # "2012," and nothing else


def _year_for_volume(found: list[Segment]) -> list[Segment]:
    if any(label == "volume" for label, _ in found):
        return found
    for i in range(1, len(found) - 1):
        label, value = found[i]
        between = found[i - 1][0] == "journal" and found[i + 1][0] == "pages"
        if label != "date" or not between:
            continue
        two = _YEAR_THEN_YEAR_RE.match(value)  # "2012;2012:"
        if two:
            return [
                *found[:i],
                ("date", two.group()),
                ("volume", value[two.end() :]),
                *found[i + 1 :],
            ]
        year = YEAR_ONLY_RE.search(value)
        elsewhere = year is not None and any(  # the same year: a volume named after it
            other == "date" and year.group() in text
            for j, (other, text) in enumerate(found)
            if j != i
        )
        if elsewhere and BARE_YEAR_RE.match(value):
            return [*found[:i], ("volume", value), *found[i + 1 :]]
    return found


# A title's last sentence of one word: a letter (not I, V or X: a part's number, as in
# "Fourier integral operators. I.") or a shortened word ("Qual"; not a word of the
# vocabulary) or a journal's word.
_WORD_ENDING_RE = re.compile(r"(?<=[.?!])\s+([A-HJ-UWYZ]\.?|[A-Z][a-z]{1,9}\.?)\s*$")


def _journal_word_ending_title(found: list[Segment]) -> list[Segment]:
    for i in range(len(found) - 1):
        (label, value), (after, text) = found[i], found[i + 1]
        ending = _WORD_ENDING_RE.search(value) if label == "title" and after == "journal" else None
        if ending is None:
            continue
        word = ending.group(1).rstrip(".").lower()
        if len(word) == 1 or word in journal_words() or word not in known_words():
            moved = ("journal", f"{ending.group(1)} {text.lstrip()}")
            return [*found[:i], ("title", value[: ending.start()]), moved, *found[i + 2 :]]
    return found


# No title ends on an article, a preposition or "and" ("…: A" + "Qualitative
# Metasynthesis. Arch Phys Med Rehabil")
_OPEN_ENDINGS = frozenset(
    ("A", "a", "An", "an", "The", "the", "of", "and", "for", "in", "on", "to", "with")
)


def _ends_open(title: str) -> bool:
    """Whether the title's last word (all after its last space) is one of those."""
    last = title.rsplit(None, 1)
    return bool(last) and last[-1] in _OPEN_ENDINGS


def _title_ending_open(found: list[Segment]) -> list[Segment]:
    for i in range(len(found) - 1):
        (label, value), (after, text) = found[i], found[i + 1]
        if label != "title" or after != "journal" or not _ends_open(value):
            continue
        head, period, rest = text.partition(". ")
        if period and rest[:1].isupper():
            title = ("title", f"{value.rstrip()} {head.lstrip()}. ")
            return [*found[:i], title, ("journal", rest), *found[i + 2 :]]
    return found


_YEAR_ENDING_JOURNAL_RE = re.compile(rf"^(.*[^\W\d_].*?)\s+({PRINTED_YEAR}\s*[:;,.]?\s*)$")
_VOLUME_PAGES_ENDING_RE = re.compile(
    r"^(.*[^\W\d_].*?)\s+([0-9]{1,4}\s*:\s*)([A-Za-z]?[0-9]+(?:\s*[-–]\s*[0-9]+)?\W*)$"
)


def _numbers_in_journal(found: list[Segment]) -> list[Segment]:
    """The journal read with the numbers after it: "BMJ 2000:" + "320:" + "1246." when no
    date is read (the year), "BMJ 320: 1246," when no volume or pages are (both)."""
    labels = {label for label, _ in found}
    for i, (label, value) in enumerate(found):
        if label != "journal":
            continue
        year = _YEAR_ENDING_JOURNAL_RE.match(value) if "date" not in labels else None
        if year and i + 1 < len(found) and found[i + 1][0] == "volume":
            split = [("journal", year.group(1)), ("date", year.group(2))]
            return [*found[:i], *split, *found[i + 1 :]]
        both = _VOLUME_PAGES_ENDING_RE.match(value) if not labels & {"volume", "pages"} else None
        if both:
            numbers = [("volume", both.group(2)), ("pages", both.group(3))]
            return [*found[:i], ("journal", both.group(1)), *numbers, *found[i + 1 :]]
    return found


Repair = Callable[[list[Segment]], list[Segment]]
# in the order ``repair`` applies them
BOUND_REPAIRS: tuple[Repair, ...] = (
    _ellipsis_in_authors, _quoted_title, _volume_ending_journal, _journal_in_numbers,
    _words_after_colon, _dateless_date, _journal_sentence_in_title, _day_as_volume,
    _unmarked_editors, _hyphen_ending_authors, _year_for_volume, _journal_word_ending_title,
    volume_in_issue, _title_ending_open, _numbers_in_journal, issue_in_volume,
    issue_start_as_note, issue_as_note, issue_as_pages, issue_mark_apart, issue_in_date,
    numeric_day_and_month, roman_volume_before_issue,
)  # fmt: skip
