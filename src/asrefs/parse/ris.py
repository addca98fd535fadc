"""RIS (the tagged export of Zotero, EndNote, Mendeley and the databases) -> References.

The file is split into entries here, so that each keeps its line and its source text and
a malformed file is refused with the line at fault: every entry opens with a ``TY``
line and closes with an ``ER`` line, and nothing but blank lines stands between them.
Each entry's tags are read with rispy.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from asrefs.errors import InputError
from asrefs.models import Article, Reference
from asrefs.parse.structured import (
    date_parts,
    first,
    identifiers,
    page_range,
    person,
    source_name,
)

# rispy's rule for a tag line: two capitals (or a capital and a digit), two spaces, "-".
_TAG = re.compile(r"([A-Z][A-Z0-9])  -(?: |$)")
_PUBMED = re.compile(r"pubmed|\bnlm\b", re.IGNORECASE)


def ris_references(article: Article) -> list[Reference]:
    """The entries of a RIS file, in order."""
    refs = []
    for n, (line, block) in enumerate(_entries(article), 1):
        records: list[dict[str, Any]] = rispy.loads(block)
        refs.append(_reference(n, line, block, records[0] if records else {}))
    return refs


def _entries(article: Article) -> list[tuple[int, str]]:
    """(first line, source) of each entry; an InputError for a malformed file."""
    name = source_name(article)
    lines = article.text.split("\n")
    out: list[tuple[int, str]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        m = _TAG.match(line)
        tag = m.group(1) if m else None
        if start is None:
            if tag == "TY":
                start = i
            elif line.strip():
                raise InputError(
                    f"{name}: line {i + 1}: not in a RIS entry (each entry opens with a "
                    '"TY  - " line)'
                )
        elif tag == "TY":
            raise InputError(
                f"{name}: line {start + 1}: the entry has no ER line before the next TY "
                f"(line {i + 1})"
            )
        elif tag == "ER":
            out.append((start + 1, "\n".join(lines[start : i + 1])))
            start = None
    if start is not None:
        raise InputError(f"{name}: line {start + 1}: the entry has no ER line")
    if not out:
        raise InputError(f"{name}: not a RIS file: no entry (no TY line)")
    return out


def _reference(index: int, line: int, block: str, rec: dict[str, Any]) -> Reference:
    authors = [a for n in rec.get("authors") or rec.get("first_authors") or [] if (a := person(n))]
    date = first(rec.get("date"), rec.get("publication_year"), rec.get("year")) or ""
    year, month, day = date_parts(date)
    database = " ".join(filter(None, [rec.get("name_of_database"), rec.get("database_provider")]))
    pmid = rec.get("accession_number") if _PUBMED.search(database) else None
    return Reference(
        index=index,
        raw=block,
        line=line,
        authors=tuple(authors),
        title=first(rec.get("title"), rec.get("primary_title")),
        journal=first(
            rec.get("journal_name"),
            rec.get("alternate_title3"),
            rec.get("secondary_title"),
            rec.get("alternate_title2"),
            rec.get("alternate_title1"),
        ),
        year=year,
        month=month,
        day=day,
        volume=first(rec.get("volume")),
        issue=first(rec.get("number")),
        pages=page_range(rec.get("start_page"), rec.get("end_page")),
        issn=tuple(s for s in [first(rec.get("issn"))] if s),
        url=first(rec.get("urls")),
        publisher=first(rec.get("publisher")),
        key=first(rec.get("id")),
        fields_from="ris",
        raw_printed=False,
        **identifiers(first(rec.get("doi")), first(pmid), None),
    )
