"""CSL-JSON (Zotero's, Mendeley's and pandoc's bibliography format) -> References.

A file is a list of items, or an object whose ``items`` is that list; each item an object
with an ``id``, a ``type`` or a ``title``. Anything else is refused with one line. Each
item keeps the line it opens on and its JSON source: the list is walked item by item
with the standard decoder's ``raw_decode``, so offsets are the file's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from asrefs.errors import InputError
from asrefs.models import Article, Author, Reference
from asrefs.parse.structured import date_parts, first, identifiers, source_name

_SPACE = re.compile(r"\s*")
_CSL_KEYS = ("id", "type", "title")


def csl_references(article: Article) -> list[Reference]:
    """The items of a CSL-JSON file, in order."""
    name = source_name(article)
    try:
        data = json.loads(article.text)
    except ValueError as exc:
        raise InputError(f"{name}: not valid JSON: {exc}") from exc
    problem = csl_problem(data)
    if problem is not None:
        raise InputError(f"{name}: not CSL-JSON: {problem}")
    spans = _item_spans(article.text)
    if not spans:
        raise InputError(f"{name}: the CSL-JSON file holds no items")
    return [
        _reference(n, article.line_of(start), article.text[start:end], item)
        for n, (start, end, item) in enumerate(spans, 1)
    ]


def csl_problem(data: Any) -> str | None:
    """Why JSON data is not CSL-JSON, or None when it is."""
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return 'expected a list of items (or {"items": [...]})'
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            return f"item {n} is not an object"
        if not any(key in item for key in _CSL_KEYS):
            return f"item {n} has no id, type or title"
    return None


def _item_spans(text: str) -> list[tuple[int, int, Any]]:
    """(start, end, value) of each item of valid CSL-JSON text."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if text.startswith("{", pos):
        pos = _items_value(text, pos, decoder)
    pos = _skip(text, pos + 1)  # past "["
    out: list[tuple[int, int, Any]] = []
    while not text.startswith("]", pos):
        value, end = decoder.raw_decode(text, pos)
        out.append((pos, end, value))
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
    return out


def _items_value(text: str, pos: int, decoder: json.JSONDecoder) -> int:
    """The offset of the ``items`` value of the object at ``pos`` (valid JSON)."""
    pos = _skip(text, pos + 1)
    last = pos
    while True:
        key, end = decoder.raw_decode(text, pos)
        pos = _skip(text, _skip(text, end) + 1)  # past ":"
        if key == "items":
            last = pos  # a later "items" wins, as in json.loads
        _, end = decoder.raw_decode(text, pos)
        pos = _skip(text, end)
        if not text.startswith(",", pos):
            return last
        pos = _skip(text, pos + 1)


def _skip(text: str, pos: int) -> int:
    m = _SPACE.match(text, pos)
    return m.end() if m else pos


def _author(name: Any) -> Author | None:
    if not isinstance(name, dict):
        return None
    literal = first(name.get("literal"))
    if literal:
        return Author(family=literal, collective=True)
    particle = first(name.get("non-dropping-particle"))
    family = first(name.get("family"))
    if not family:
        return None
    return Author(
        family=f"{particle} {family}" if particle else family, given=first(name.get("given")) or ""
    )


def _issued(item: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    issued = item.get("issued")
    if not isinstance(issued, dict):
        return date_parts(first(issued) or "")
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [str(p) for p in parts[0][:3]]
        return date_parts("/".join(numbers))
    return date_parts(first(issued.get("raw"), issued.get("literal")) or "")


def _reference(index: int, line: int, raw: str, item: dict[str, Any]) -> Reference:
    names = item.get("author")
    authors = names if isinstance(names, list) else []
    year, month, day = _issued(item)
    issn = first(item.get("ISSN")) or ""
    return Reference(
        index=index,
        raw=raw,
        line=line,
        authors=tuple(a for n in authors if (a := _author(n))),
        title=first(item.get("title")),
        journal=first(item.get("container-title"), item.get("container-title-short")),
        year=year,
        month=month,
        day=day,
        volume=first(item.get("volume")),
        issue=first(item.get("issue")),
        pages=first(item.get("page")),
        article_number=first(item.get("number")) if item.get("type") == "article-journal" else None,
        issn=tuple(s.strip() for s in re.split(r"[,;]", issn) if s.strip()),
        url=first(item.get("URL")),
        publisher=first(item.get("publisher")),
        key=first(item.get("id")),
        fields_from="csl-json",
        raw_printed=False,
        **identifiers(first(item.get("DOI")), first(item.get("PMID")), first(item.get("PMCID"))),
    )
