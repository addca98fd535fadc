"""The trained sequence labeller: which printed part each token of an entry belongs to.

A conditional random field (CRFsuite, through python-crfsuite) labels every token as
author, editor, title, journal, container (a book or proceedings title), date, volume,
issue, pages, publisher, location, identifier or note (the first token of a name list,
title, journal, container or publisher with a "B-" label of its own, read off again
here). The model ships with the package
(``data/reference-parser.crfsuite``) and is trained by ``python training/train.py``
(training/SOURCES.md says on what). :func:`fill_fields` turns the labelled segments into
the entry's fields; names are split by :mod:`asrefs.parse.names`.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

from asrefs.dates import PRINTED_YEAR
from asrefs.parse.fields import (
    ISSUE_MARK,
    YEAR_RE,
    Fields,
    month_of,
    set_pages,
    tidy_journal,
)
from asrefs.parse.hints import rule_spans
from asrefs.parse.names import set_authors
from asrefs.parse.repair import repair
from asrefs.parse.tokens import Token, encoded_features, tokenize

__all__ = ["BEGUN", "available", "begin_marked", "fill_fields", "segments"]

MODEL = "reference-parser.crfsuite"
# Fields whose first token has a label of its own ("B-title"), so the model learns where
# a field begins apart from how it goes on: the words that open a journal's name after a
# title are what tell the two apart.
BEGUN = frozenset({"author", "editor", "title", "journal", "container", "publisher"})
_BEGIN = "B-"
_LOCK = threading.Lock()
_MONTH_RE = re.compile(r"\b([A-Z][a-z]{2,8})\b")
_DAY_RE = re.compile(r"\b([0-9]{1,2})\b")
# "Vol. 3", "t. 2", German "Bd. 5", "Band 3", "Jg. 28" (Jahrgang, the volume's year)
_VOLUME_PREFIX_RE = re.compile(
    r"^(?:vols?|volume|bd|band|jg|jahrgang|t|v)(?:\.\s*|\s+)", re.IGNORECASE
)
_ISSUE_PREFIX_RE = re.compile(f"^{ISSUE_MARK}", re.IGNORECASE)
_ROMAN_VOLUME_RE = re.compile(r"[IVXLC]{1,8}")
_PAGES_PREFIX_RE = re.compile(
    r"^(?:pp|p|pages?|s|art|article)(?:\.\s*|\s+)(?:no\.?\s*)?", re.IGNORECASE
)
_CONTAINER_PREFIX_RE = re.compile(r"^(?:in\s*:|in\s+(?=[A-Z]))\s*", re.IGNORECASE)
_EDGE = " .,;:([{)]}'\"“”‘’«»/"
_EDGE_TEXT = " .,;:'\"“”‘’«»/"  # brackets are kept when they pair
_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "«": "»"}
_BRACKETS_RE = re.compile(f"[{re.escape(''.join(''.join(pair) for pair in _OPEN_CLOSE.items()))}]")


@lru_cache(maxsize=1)
def _tagger() -> Any | None:
    try:
        import pycrfsuite
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    path = resources.files("asrefs") / "data" / MODEL
    if not path.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as file:
        tagger.open(str(file))
    return tagger


def available() -> bool:
    """True when the model ships with this installation."""
    return _tagger() is not None


def segments(text: str, rules: Fields | None = None) -> list[tuple[str, str]]:
    """The entry as (label, text) segments, in order; neighbouring tokens with one label
    form one segment, which keeps the spacing and punctuation inside it. ``rules`` is the
    layout rules' reading of the same text, when already made."""
    tagger = _tagger()
    tokens = tokenize(text)
    if tagger is None or not tokens:
        return []
    xseq = encoded_features(tokens, text, rule_spans(text, rules))
    with _LOCK:  # a CRFsuite tagger is not safe to share between threads
        labels = [label.removeprefix(_BEGIN) for label in tagger.tag(xseq)]
    out: list[tuple[str, str]] = []
    start: Token = tokens[0]
    for i, token in enumerate(tokens):
        last = i + 1 == len(tokens)
        if last or labels[i + 1] != labels[i]:
            out.append((labels[i], text[start.start : token.end]))
            if not last:
                start = tokens[i + 1]
    return out


def begin_marked(labels: list[str]) -> list[str]:
    """The labels the model is trained on: the first token of each field in ``BEGUN``
    marked "B-"; :func:`segments` reads the marks off again."""
    return [
        _BEGIN + label if label in BEGUN and (i == 0 or labels[i - 1] != label) else label
        for i, label in enumerate(labels)
    ]


def _clean(value: str) -> str:
    value = value.strip(_EDGE_TEXT + "-–")
    if not _BRACKETS_RE.search(value):
        return value.strip(_EDGE_TEXT)
    for opening, closing in _OPEN_CLOSE.items():
        for at in reversed(_unpaired(value, opening, closing)):
            left, right = value[:at], value[at + 1 :]
            if value[at] == opening:  # "51(3" -> "51 3", not "513"; "’s “Green" -> "’s Green"
                left, right = left.rstrip(), right.lstrip()
                value = f"{left} {right}" if left and right else left + right
            else:
                value = left + right
    value = value.strip(_EDGE_TEXT)
    while value[:1] in "([{" and value.endswith(_OPEN_CLOSE.get(value[:1], ")")):
        value = value[1:-1].strip(_EDGE_TEXT)  # "(3)" -> "3"
    return value


def _unpaired(value: str, opening: str, closing: str) -> list[int]:
    """Where ``opening`` or ``closing`` stands with no partner (a title cut before its
    closing quote); "‘" before a digit elides a century ("the ‘50s") and opens nothing."""
    closers = set(_closers(value, closing))
    open_at: list[int] = []
    lone: list[int] = []
    for at, char in enumerate(value):
        if char == opening and not (opening == "‘" and value[at + 1 : at + 2].isdigit()):
            open_at.append(at)
        elif at in closers:
            if open_at:
                open_at.pop()
            else:
                lone.append(at)
    return sorted(lone + open_at)


def _closers(value: str, closing: str) -> list[int]:
    """Where ``closing`` closes something: "’" between two letters is an apostrophe
    ("L’Aide-soignante", "J’ai"), not a closing quote."""
    if closing not in value:
        return []
    out = []
    for at, char in enumerate(value):
        if char != closing:
            continue
        if closing == "’" and value[at - 1 : at].isalpha() and value[at + 1 : at + 2].isalpha():
            continue
        out.append(at)
    return out


def _first(parts: dict[str, list[str]], label: str) -> str | None:
    values = parts.get(label)
    return values[0] if values else None


def fill_fields(
    text: str,
    fields: Fields,
    rules: Fields | None = None,
    found: list[tuple[str, str]] | None = None,
) -> bool:
    """Fill the fields from the labelled segments (``found``, when the text was labelled
    already); False when no model is installed."""
    found = segments(text, rules) if found is None else found
    if not found:
        return False
    parts: dict[str, list[str]] = {}
    for label, value in repair(found):
        parts.setdefault(label, []).append(value)
    if "author" in parts:
        set_authors(" ".join(parts["author"]).strip(" ,;:([“‘«\"'"), fields)
    title = _first(parts, "title")
    if title:
        fields.set("title", _clean(title) or None)
    _set_source(parts, fields)
    _set_date(" ".join(parts.get("date", [])), fields)
    bare = [v for v in parts.get("identifier", ()) if _BARE_NUMBER_RE.match(v)]
    if bare and "pages" not in parts:  # an article number read as a PubMed id
        parts["pages"] = bare[:1]
    _set_numbers(parts, fields)
    if "year" not in fields.values:
        _fallback_year(parts, fields)
    publisher = _first(parts, "publisher")
    if publisher:
        fields.set("publisher", _clean(publisher) or None)
    return True


def _set_source(parts: dict[str, list[str]], fields: Fields) -> None:
    journal = _first(parts, "journal") or _first(parts, "container")
    if journal:
        journal = _CONTAINER_PREFIX_RE.sub("", journal.strip())
        cleaned = _clean(journal)
        if cleaned and journal.rstrip(" ,;:").endswith(".") and not cleaned.endswith("."):
            cleaned += "."  # an abbreviation's last period: "Proc. Natl. Acad. Sci."
        fields.set("journal", tidy_journal(cleaned) if cleaned else None)


def _set_date(date: str, fields: Fields) -> None:
    year = YEAR_RE.search(date)
    if year is None:
        return
    fields.set("year", int(year.group(1)))
    month = next((m for m in map(month_of, _MONTH_RE.findall(date)) if m), None)
    if month:
        fields.set("month", month)
        day = _DAY_RE.search(date.replace(year.group(1), ""))
        if day and 1 <= int(day.group(1)) <= 31:
            fields.set("day", int(day.group(1)))


_VOLUME_AND_PAGE_RE = re.compile(r"^([0-9]+[A-Za-z]?)\s*[:,]\s*([A-Za-z]?[0-9]+[A-Za-z]?)$")
_NUMBER = r"[A-Za-z]{0,3}[0-9]+[A-Za-z]?"
_BARE_NUMBER_RE = re.compile(r"^\s*[A-Za-z]?[0-9]{4,8}\W*$")
_VOLUME_RE = re.compile(rf"{_NUMBER}(?:\s*[-–/]\s*[0-9]+)?")
_ISSUE_AFTER_RE = re.compile(r"^\s*\(([^()]{1,20})\)")
# A marked issue after the volume in its segment: "43, No. 2,", German "19.Jg. H.3,".
_MARKED_ISSUE_AFTER_RE = re.compile(
    rf"^[\s.,;:/]*(?:(?:jg|jahrgang)\b[\s.,;:/]*)?{ISSUE_MARK}([0-9]+(?:\s*[-–/]\s*[0-9]+)?)\W*$",
    re.IGNORECASE,
)
_PAGES_RE = re.compile(rf"{_NUMBER}(?:\s*[-–—‐‑]{{1,2}}\s*{_NUMBER})?")  # "3790--3804" (TeX)
_PART_RE = re.compile(r"\s*[,;]\s*(?:part|pt)\.?\s*[0-9IVX]+\b.*$", re.IGNORECASE)  # "2, Part 1"
_LAST_YEAR_RE = re.compile(rf"(?<![0-9])({PRINTED_YEAR})[a-z]?\W*$")
_DASHES = ("-", "–", "—", "‐", "‑")


def _set_numbers(parts: dict[str, list[str]], fields: Fields) -> None:
    """Volume, issue and pages, each the number (or range) its segment holds; a volume
    segment that runs on into the issue ("51(3") or the page ("10: 68") is split."""
    volume = _clean(_first(parts, "volume") or "")
    both = _VOLUME_AND_PAGE_RE.match(volume) if "pages" not in parts else None
    if both:
        volume = both.group(1)
        parts["pages"] = [both.group(2)]
    volume = _VOLUME_PREFIX_RE.sub("", volume)
    number = _VOLUME_RE.match(volume) or _ROMAN_VOLUME_RE.fullmatch(volume)
    if number:
        fields.set("volume", number.group())
        rest = volume[number.end() :]
        after = _ISSUE_AFTER_RE.match(rest) or _MARKED_ISSUE_AFTER_RE.match(rest)
        if after and "issue" not in parts:
            parts["issue"] = [after.group(1)]
    issue = _first(parts, "issue")
    if issue:
        issue = _PART_RE.sub("", _ISSUE_PREFIX_RE.sub("", _clean(issue)))
        fields.set("issue", _clean(issue) or None)
    pages = _PAGES_PREFIX_RE.sub("", _clean(_first(parts, "pages") or ""))
    found = _PAGES_RE.search(pages)
    if found:
        set_pages(found.group(), fields)


def _fallback_year(parts: dict[str, list[str]], fields: Fields) -> None:
    """A year printed at the very end after the pages ("…: 1858–63, 2011.") when no
    date segment holds one."""
    for label in ("pages", "volume", "note"):
        for value in parts.get(label, ()):
            found = _LAST_YEAR_RE.search(value)
            ends_range = value[: found.start()].rstrip().endswith(_DASHES) if found else False
            if found and found.start() > 0 and not ends_range:  # not "p. 1858‐1863."
                fields.set("year", int(found.group(1)))
                return
