"""Entries parsed in an earlier run, read back instead of parsed again.

Parsing a printed entry (the layout rules, then the sequence labeller) is most of the
work of a run whose records are all in the store. A :class:`Memo` keeps each entry's
fields by its text, as JSON; the memo's owner says which parser made them (see
:mod:`asrefs.entry_cache`), so a changed parser never reads an old parse. Fields are
kept only when they read back exactly as they were made.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from asrefs.models import Author, Reference

__all__ = ["Memo", "fields_from_json", "fields_to_json"]

_TUPLES = frozenset({"issn", "malformed"})
_FIELDS = frozenset(f.name for f in dataclasses.fields(Reference))


class Memo(Protocol):
    """Parsed entries kept between runs: entry text -> its fields as JSON."""

    def get_many(self, texts: Sequence[str]) -> dict[str, str]:
        """The kept fields of those ``texts`` the memo holds."""

    def put_many(self, parsed: Mapping[str, str]) -> None:
        """Keep the fields of these entries."""


def fields_to_json(values: Mapping[str, Any]) -> str | None:
    """An entry's fields as JSON; None when they would not read back the same."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name == "authors":
            data[name] = [[a.family, a.given, a.collective] for a in value]
        elif name in _TUPLES:
            data[name] = list(value)
        else:
            data[name] = value
    try:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return None
    return text if fields_from_json(text) == dict(values) else None


def fields_from_json(text: str) -> dict[str, Any] | None:
    """An entry's fields read back; None when ``text`` is not what fields_to_json wrote."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not data.keys() <= _FIELDS:
            return None
        if "authors" in data:
            data["authors"] = tuple(
                Author(str(family), str(given), bool(collective))
                for family, given, collective in data["authors"]
            )
        for name in _TUPLES & data.keys():
            data[name] = tuple(data[name])
    except (TypeError, ValueError):
        return None
    return data
