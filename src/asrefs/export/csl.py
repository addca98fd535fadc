"""CSL-JSON: a list of items whose ids are the BibTeX keys, with sorted keys and
two-space indentation."""

from __future__ import annotations

import json
from typing import Any

from asrefs.export.fields import Item, Work, clean, work_of
from asrefs.export.keys import bibtex_keys
from asrefs.models import Author

_CSL_TYPES = {
    "journal-article": "article-journal",
    "posted-content": "article",
    "book": "book",
    "book-chapter": "chapter",
    "proceedings-article": "paper-conference",
    "report": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
}


def to_csl_json(items: list[Item]) -> str:
    """CSL-JSON: a list of items, ids equal to the BibTeX keys."""
    data = [
        _csl_item(key, work_of(reference, record))
        for key, (reference, record) in zip(bibtex_keys(items), items, strict=True)
    ]
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _csl_item(key: str, work: Work) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": _CSL_TYPES.get(work.kind, "document")}

    def add(name: str, value: str | None) -> None:
        value = clean(value)
        if value:
            item[name] = value

    add("title", work.title)
    authors = _csl_names(work.authors)
    if authors:
        item["author"] = authors
    add("container-title", work.container)
    add("container-title-short", work.container_short)
    if work.year:
        parts = [work.year]
        if work.month:
            parts.append(work.month)
            if work.day:
                parts.append(work.day)
        item["issued"] = {"date-parts": [parts]}
    add("volume", work.volume)
    add("issue", work.issue)
    if work.article_number:
        add("page", work.article_number)
        add("number", work.article_number)
    elif (span := work.page_span) is not None:
        add("page", span[0] + ("-" + span[1] if span[1] else ""))
    add("DOI", work.doi)
    add("PMID", work.pmid)
    add("PMCID", work.pmcid)
    add("ISSN", ", ".join(work.issn))
    add("publisher", work.publisher)
    add("URL", work.url)
    if work.remark:
        item["note"] = work.remark
    return item


def _csl_names(authors: tuple[Author, ...]) -> list[dict[str, str]]:
    """CSL names: a collective author as a literal, a person as family and given."""
    names: list[dict[str, str]] = []
    for a in authors:
        family, given = clean(a.family), clean(a.given)
        if a.collective:
            if family:
                names.append({"literal": family})
        elif family or given:
            name = {"family": family or given}
            if family and given:
                name["given"] = given
            names.append(name)
    return names
