"""EndNote XML (EndNote's "XML" export, also written by Zotero and Mendeley) -> References.

The root is ``<xml>`` holding ``<records>``, one ``<record>`` per reference; a field's
text may be wrapped in ``<style>`` elements, which are read through. The record's
``rec-number`` is its key. Parsed with defusedxml (:mod:`.structured`).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from asrefs.dates import month_number
from asrefs.errors import InputError
from asrefs.models import Article, Reference
from asrefs.parse.structured import (
    Source,
    date_parts,
    identifiers,
    person,
    source_name,
    text_of,
    xml_root,
)

_PUBMED = re.compile(r"pubmed|\bnlm\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.?\s*([0-9]{1,2})?\b")


def endnote_references(article: Article) -> list[Reference]:
    """The records of an EndNote XML file, in order."""
    root = xml_root(article, "EndNote XML file")
    records = list(root.iter("record"))
    if root.tag != "xml" or not records:
        raise InputError(f"{source_name(article)}: the EndNote XML file holds no records")
    source = Source(article)
    starts = source.starts("record")
    out = []
    for n, (record, start) in enumerate(zip(records, starts, strict=False), 1):
        out.append(_reference(n, source.line_of(start), source.element("record", start), record))
    return out


def _field(record: Element, path: str) -> str | None:
    return text_of(record.find(path)) or None


def _dates(record: Element) -> tuple[int | None, int | None, int | None]:
    year = date_parts(_field(record, "dates/year") or "")[0]
    date = _field(record, "dates/pub-dates/date") or ""
    numeric = date_parts(date)
    if numeric[0] is not None:
        return (year or numeric[0], numeric[1], numeric[2])
    m = _MONTH_DAY.search(date)
    month = month_number(m.group(1)) if m else None
    day = int(m.group(2)) if m and month and m.group(2) else None
    return year, month, day


def _reference(index: int, line: int, raw: str, record: Element) -> Reference:
    names = record.findall("contributors/authors/author")
    year, month, day = _dates(record)
    database = " ".join(
        filter(
            None,
            [_field(record, "remote-database-name"), _field(record, "remote-database-provider")],
        )
    )
    pmid = _field(record, "accession-num") if _PUBMED.search(database) else None
    pmcid = _field(record, "custom2")
    isbn = _field(record, "isbn") or ""
    doi = _field(record, "electronic-resource-num")
    return Reference(
        index=index,
        raw=raw,
        line=line,
        authors=tuple(a for n in names if (a := person(text_of(n)))),
        title=_field(record, "titles/title"),
        journal=(
            _field(record, "titles/secondary-title")
            or _field(record, "periodical/full-title")
            or _field(record, "periodical/abbr-1")
        ),
        year=year,
        month=month,
        day=day,
        volume=_field(record, "volume"),
        issue=_field(record, "number"),
        pages=_field(record, "pages"),
        issn=tuple(re.findall(r"\b[0-9]{4}-[0-9]{3}[0-9Xx]\b", isbn)),
        url=_field(record, "urls/related-urls/url") or _field(record, "urls/web-urls/url"),
        publisher=_field(record, "publisher"),
        key=_field(record, "rec-number"),
        fields_from="endnote",
        raw_printed=False,
        **identifiers(doi, pmid, pmcid if pmcid and pmcid.upper().startswith("PMC") else None),
    )
