"""A BibTeX entry with the fields of several fixes set: each fix is the user's entry
with one finding's fields corrected, so the fields in which a fix differs from the entry
are that finding's correction."""

from __future__ import annotations

from collections.abc import Sequence

from bibtexparser.model import Field

from asrefs.export.bibentry import entry_text
from asrefs.export.bibtex import user_entry


def combined_entry(raw: str, fixes: Sequence[tuple[str, str]]) -> str | None:
    """The entry ``raw`` with every (code, fixed entry)'s changed fields set; None when
    the entry cannot be read or nothing changes."""
    entry = user_entry(raw)
    if entry is None:
        return None
    before = {f.key.lower(): str(f.value) for f in entry.fields}
    changed = False
    for _code, fix in fixes:
        fixed = user_entry(fix)
        if fixed is None:
            continue
        for f in fixed.fields:
            if before.get(f.key.lower()) != str(f.value):
                entry.set_field(Field(f.key, f.value))
                changed = True
    return entry_text(entry) if changed else None
