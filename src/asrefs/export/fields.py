"""The work a bibliography entry describes, from a (Reference, Record | None) pair: the
fields every export format writes, derived once.

An entry is built from the record alone when there is one (the authoritative registry
record, chosen by the caller); only when there is none does it fall back to the fields
as printed in the article, and then it is marked unverified (every format says so in a
note). When a work has an article number, that number is its locator in every format
and the registry's page count, if any, is left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from asrefs.models import Author, Record, Reference

Item = tuple[Reference, Record | None]

UNVERIFIED_NOTE = "Not verified against a registry: fields as printed in the article"


@dataclass(frozen=True)
class Work:
    """The fields of one bibliography entry, before any format's escaping."""

    verified: bool
    kind: str  # journal-article, posted-content, book, book-chapter, proceedings-article, …
    authors: tuple[Author, ...]
    title: str | None
    container: str | None
    container_short: str | None
    year: int | None
    month: int | None
    day: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    article_number: str | None
    doi: str | None
    pmid: str | None
    pmcid: str | None
    arxiv: str | None
    issn: tuple[str, ...]
    publisher: str | None
    url: str | None
    et_al: bool = False  # the printed list ends in "et al." (only for unverified works)

    @property
    def remark(self) -> str | None:
        """What a reader of the bibliography should know about the entry's source."""
        return None if self.verified else UNVERIFIED_NOTE

    @property
    def page_span(self) -> tuple[str, str | None] | None:
        """(first, last) of the pages, (page, None) for a single page; None when there are
        none or when the article number is the locator."""
        return None if self.article_number else _page_range(self.pages)


_TYPE_ALIASES = {
    "journal-article": "journal-article",
    "journal": "journal-article",
    "article": "journal-article",
    "posted-content": "posted-content",
    "preprint": "posted-content",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-chapter": "book-chapter",
    "book-section": "book-chapter",
    "book-part": "book-chapter",
    "reference-entry": "book-chapter",
    "proceedings-article": "proceedings-article",
    "report": "report",
    "dissertation": "dissertation",
    "dataset": "dataset",
}

# GB/T 7714 document type codes printed in Chinese reference lists.
_GBT_KINDS = {
    "J": "journal-article",
    "M": "book",
    "C": "proceedings-article",
    "D": "dissertation",
    "R": "report",
    "DS": "dataset",
}

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def _kind(declared: str | None, container: str | None, arxiv: str | None) -> str:
    if declared:
        kind = _TYPE_ALIASES.get(declared.strip().lower())
        if kind:
            return kind
    if container:
        return "journal-article"
    if arxiv:
        return "posted-content"
    return "other"


def _parse_date(iso: str | None) -> tuple[int | None, int | None, int | None]:
    if not iso:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", iso.strip())
    if not m:
        return None, None, None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def _record_date(record: Record) -> tuple[int | None, int | None, int | None]:
    """Year, month, day: the issued date, else the earlier of online and print."""
    iso = record.date("issued")
    if iso is None:
        candidates = [d for d in (record.date("online"), record.date("print")) if d]
        iso = min(candidates) if candidates else None
    year, month, day = _parse_date(iso)
    if record.year is not None and year != record.year:
        return record.year, None, None
    return year, month, day


def _uniq(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in out:
            out.append(v)
    return tuple(out)


def work_of(reference: Reference, record: Record | None) -> Work:
    """The work an entry describes: the record's when there is one, else the reference's."""
    return _from_record(record) if record is not None else _from_reference(reference)


def _from_record(record: Record) -> Work:
    title = record.title
    if title and record.subtitle and record.subtitle.lower() not in title.lower():
        title = f"{title.rstrip(' :')}: {record.subtitle}"
    arxiv = None
    if record.identifier.kind == "arxiv":
        arxiv = record.identifier.value
    elif record.doi and (m := _ARXIV_DOI.match(record.doi)):
        arxiv = m.group(1)
    year, month, day = _record_date(record)
    return Work(
        verified=True,
        kind=_kind(record.type, record.journal, arxiv),
        authors=record.authors,
        title=title,
        container=record.journal,
        container_short=record.journal_abbrevs[0] if record.journal_abbrevs else None,
        year=year,
        month=month,
        day=day,
        volume=record.volume,
        issue=record.issue,
        pages=record.pages,
        article_number=record.article_number,
        doi=record.doi,
        pmid=record.pmid,
        pmcid=record.pmcid,
        arxiv=arxiv,
        issn=_uniq(record.issn),
        publisher=record.publisher,
        url=_url(record.url, record.doi),
    )


def _from_reference(ref: Reference) -> Work:
    kind = _GBT_KINDS.get((ref.kind or "").strip().upper()) or _kind(None, ref.journal, ref.arxiv)
    return Work(
        verified=False,
        kind=kind,
        authors=ref.authors,
        title=ref.title,
        container=ref.journal,
        container_short=None,
        year=ref.year,
        month=ref.month if ref.month and 1 <= ref.month <= 12 else None,
        day=ref.day if ref.month and ref.day and 1 <= ref.day <= 31 else None,
        volume=ref.volume,
        issue=ref.issue,
        pages=ref.pages,
        article_number=ref.article_number,
        doi=ref.doi,
        pmid=ref.pmid,
        pmcid=ref.pmcid,
        arxiv=ref.arxiv,
        issn=_uniq(ref.issn),
        publisher=ref.publisher,
        url=_url(ref.url, ref.doi),
        et_al=ref.et_al,
    )


_DROP = {"\ufeff", "\u200b"}


def clean(text: str | None) -> str:
    """NFC, no control characters, whitespace runs collapsed to one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch not in _DROP
        and (ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cs", "Co", "Cn"})
    )
    return re.sub(r" {2,}", " ", text).strip()


_RANGE = re.compile(r"^\s*([^\s\-–—‐‑‒−]+)\s*(?:-+|[–—‐‑‒−])\s*([^\s\-–—‐‑‒−]+)\s*$")


def _page_range(pages: str | None) -> tuple[str, str | None] | None:
    """(first, last) of a page range, (page, None) for a single page."""
    text = clean(pages)
    if not text:
        return None
    m = _RANGE.match(text)
    if m:
        return m.group(1), m.group(2)
    return text, None


def _url(url: str | None, doi: str | None) -> str | None:
    """The work's URL, else its DOI's."""
    if url or not doi:
        return url or None
    return "https://doi.org/" + quote(clean(doi), safe="/:;()-._~!$&'*+,=@")
