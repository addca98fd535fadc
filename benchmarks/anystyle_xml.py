"""AnyStyle's labelled references (its XML): the text of a sequence, the kind of work it
is, and the values of its fields as the parser reports them.

AnyStyle's labels are segments of the printed string; the parser reports values. The
volume segment holds the issue (AnyStyle has no issue label: "33(4):", "Vol. 43, No. 2,",
MLA's "13.2") and sometimes a Vancouver year or the pages: ``anystyle_volume_parts`` cuts
it, once, for both the training labels (training/build.py) and the gold set's values
(benchmarks/eval_parser.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from asrefs.dates import FIELD_YEAR_RE

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "anystyle" / "gold.xml"


def joined(sequence: Any) -> str:
    """A sequence's printed text: its segments without the citation number."""
    texts = (" ".join((c.text or "").split()) for c in sequence if c.tag != "citation-number")
    return " ".join(text for text in texts if text)


def load_anystyle(path: Path = GOLD) -> list[dict[str, Any]]:
    """AnyStyle's labelled references as entries (text without the citation number)."""
    entries = []
    root = ElementTree.parse(str(path)).getroot()
    for number, sequence in enumerate(root):
        segments = [(child.tag, " ".join((child.text or "").split())) for child in sequence]
        text = joined(sequence)
        labels: dict[str, str] = {}
        for tag, value in segments:
            labels.setdefault(tag, value)
        gold: dict[str, Any] = {}
        if "title" in labels:
            gold["title"] = labels["title"].strip(" .,;:")
        journal = labels.get("journal") or labels.get("container-title")
        if journal:
            gold["journal"] = journal.strip(" .,;:")
        year = FIELD_YEAR_RE.search(labels.get("date", ""))
        # Vancouver's "2013;122(2):" is one volume segment: the year before the ";" is printed
        year = year or _YEAR_IN_VOLUME_RE.match(labels.get("volume", ""))
        if year:
            gold["year"] = int(year.group(1))
        gold.update(_anystyle_volume(labels.get("volume", "")))
        if labels.get("pages"):  # over pages read from the volume segment
            gold["pages"] = labels["pages"].strip(" .,;:")
        doi = re.search(r"10\.[0-9]{4,9}/\S+", labels.get("doi", ""))
        doi = doi or re.search(r"(?<=doi\.org/)10\.[0-9]{4,9}/\S+", labels.get("url", ""))
        if doi:
            gold["doi"] = doi.group().rstrip(".,;")
        # a rule of dashes ("———.", "---") stands for the names of the entry before: it
        # names no one, and no parser's names can match it letter by letter
        if any(ch.isalpha() for ch in labels.get("author", "")):
            gold["authors"] = ["(segment)"]
        entries.append(
            {
                "id": f"anystyle-{number + 1}",
                "style": anystyle_type(labels),
                "text": text,
                "gold": gold,
                "authors_segment": labels.get("author"),
            }
        )
    return entries


_PROCEEDINGS_RE = re.compile(r"\b(?:proc|proceedings|conference|conf|symposium|workshop)\b", re.I)


def anystyle_type(labels: dict[str, str]) -> str:
    """journal, conference, chapter, book or other, from which segments are labelled."""
    if "journal" in labels:
        return "journal"
    container = labels.get("container-title")
    if container:
        return "conference" if _PROCEEDINGS_RE.search(container) else "chapter"
    if "publisher" in labels or "location" in labels:
        return "book"
    return "other"


# "vols. 12–15", German "Bd. 5", "Band 3", "Jg. 12" (Jahrgang: the volume's year of issues)
_VOLUME_WORD = r"vol(?:ume)?s?\.?|v\.|bd\.|band|jg\.?|jahrgang"
_VOLUME_PREFIX = rf"(?:{_VOLUME_WORD})?\s*"
# German "Heft 3", "H.2" is the issue as "no. 3" is
_ISSUE_WORD = r"(?:nos?|n°|nr|issue|heft)\.?|[nh]\."
_TRAIL = r"[\s.,;:]*$"
_YEAR = r"(?:1[5-9]|20)[0-9]{2}"  # the years FIELD_YEAR_RE reads
# A Vancouver year before the volume: "2013;122(2):".
_YEAR_IN_VOLUME_RE = re.compile(rf"\s*({_YEAR})\s*;")
# Pages printed inside the volume segment: "51:197–204", "128(1):183–269,", and an
# article number after the issue's bracket, "81(4):044005," ("33:3:" is volume and issue).
_PAGES_IN_VOLUME_RE = re.compile(
    r"(?:(?<=\))\s*:\s*[A-Za-z]?[0-9]+|:\s*[A-Za-z]?[0-9]+\s*[-–—]+\s*[A-Za-z]?[0-9]+)" + _TRAIL
)
# A year in brackets is the date ("10. Jg. (2004), Heft 4"), not the issue.
_ISSUE_IN_VOLUME_RE = re.compile(
    rf"\((?!\s*{_YEAR}\s*\))[^()]*\)|\b(?:{_ISSUE_WORD})\s*[0-9A-Za-z/–-]+", re.I
)
# A volume and its issue without brackets or "no.": MLA's "13.2", "45/4", "33:3",
# "Operations Research 36, 3 (1988)", "XIV:4", French "45-3" (a range of volumes rises).
_VOLUME_ISSUE_RE = re.compile(
    rf"\s*(?i:{_VOLUME_WORD})?\s*"  # "v. 32" is a volume, not Roman "v" and issue 32
    r"([0-9]+|[IVXLC]+)(\s*(?:[./:,]|(-))\s*([0-9]+(?:/[0-9]+)?))" + _TRAIL
)

_VOLUME_VALUE_RE = re.compile(_VOLUME_PREFIX + r"([0-9A-Za-z]+(?:[-–][0-9]+)?)", re.I)
_ISSUE_VALUE_RE = re.compile(
    rf"\(([^()]*)\)|(?:{_ISSUE_WORD})\s*([0-9A-Za-z/–-]+)|[\s./:,-]*([0-9]+(?:/[0-9]+)?)",
    re.I,
)


def _rises(first: str, second: str) -> bool:
    """Whether "first-second" reads as a rising range (of volumes), not volume-issue."""
    return not first.isdigit() or not second.isdigit() or int(second) >= int(first)


def anystyle_volume_parts(segment: str) -> list[tuple[str, str]]:
    """AnyStyle's volume segment cut into labelled parts that join back into it: a
    Vancouver year before ";" (date), the volume, the issue it holds (AnyStyle has no issue
    label: "33(4):", "Vol. 43, No. 2,", "13.2") and pages after ":" (pages). Training
    labels and the gold set's values both come from here."""
    parts: list[tuple[str, str]] = []
    year = _YEAR_IN_VOLUME_RE.match(segment)
    rest = segment
    if year:
        parts.append((year.group(), "date"))
        rest = segment[year.end() :]
    pages = _PAGES_IN_VOLUME_RE.search(rest)
    tail = [(rest[pages.start() :], "pages")] if pages else []
    rest = rest[: pages.start()] if pages else rest
    issue = _ISSUE_IN_VOLUME_RE.search(rest)
    pair = _VOLUME_ISSUE_RE.fullmatch(rest)
    if issue is None and pair and not (pair.group(3) and _rises(pair.group(1), pair.group(4))):
        split = pair.start(2)
    else:
        split = issue.start() if issue else len(rest)
    parts += [(rest[:split], "volume"), (rest[split:], "issue"), *tail]
    return [(text, label) for text, label in parts if text]


def _anystyle_volume(segment: str) -> dict[str, str]:
    """Volume, issue and pages from AnyStyle's volume segment (``anystyle_volume_parts``)."""
    out: dict[str, str] = {}
    for text, label in anystyle_volume_parts(segment):
        if label == "volume":
            volume = _VOLUME_VALUE_RE.match(text.strip(" .,;:"))
            if volume:
                out["volume"] = volume.group(1)
        elif label == "issue":
            issue = _ISSUE_VALUE_RE.match(text.strip())
            if issue:
                out["issue"] = next(group for group in issue.groups() if group).strip()
        elif label == "pages":
            out["pages"] = text.strip(" .,;:")
    return {key: value for key, value in out.items() if value}
