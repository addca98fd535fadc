"""Where the layout rules put an entry's authors, title, journal and year: character
spans that the sequence labeller takes as features (the rules' reading as evidence, the
way GROBID feeds its lexicons and patterns to its models)."""

from __future__ import annotations

import re

from asrefs.parse.fields import Fields
from asrefs.parse.styles import parse_core

__all__ = ["Span", "rule_spans"]

Span = tuple[int, int, str]


def _find(text: str, value: str, start: int = 0) -> int:
    at = text.find(value, start)
    if at < 0:
        at = text.casefold().find(value.casefold(), start)
    return at


def rule_spans(core: str, fields: Fields | None = None) -> list[Span]:
    """The rules' fields located in the text (those that can be found)."""
    if fields is None:
        fields = Fields()
        parse_core(core, fields)
    values = fields.values
    spans: list[Span] = []
    title_at = _find(core, values["title"]) if values.get("title") else -1
    authors = values.get("authors") or ()
    if authors:
        family = authors[-1].family
        end = core.rfind(family, 0, title_at if title_at > 0 else len(core))
        if end >= 0:
            spans.append((0, end + len(family), "author"))
    if title_at >= 0:
        spans.append((title_at, title_at + len(values["title"]), "title"))
    cursor = max((end for _, end, _ in spans), default=0)
    if values.get("journal"):
        at = _find(core, values["journal"], cursor)
        if at >= 0:
            spans.append((at, at + len(values["journal"]), "journal"))
            cursor = at + len(values["journal"])
    if values.get("year"):
        year = re.search(rf"(?<![0-9]){values['year']}(?![0-9])", core)
        if year:
            spans.append((year.start(), year.end(), "date"))
    return spans
