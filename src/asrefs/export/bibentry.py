"""A BibTeX input's own entry, corrected: the fix of a finding about a .bib entry.

A fix is the user's entry (its type, key, field order and every other field as written)
with only the finding's field set to the registry's value, written the way
:mod:`.bibtex` writes it (the title's capitals braced, pages with ``--``, the month
macro).
"""

from __future__ import annotations

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from asrefs.export.bibtex import MONTHS, bibtex_entry, user_entry
from asrefs.export.fields import work_of
from asrefs.models import Record, Reference

__all__ = ["FIXED_FIELDS", "corrected_entry", "entry_text"]

# finding code -> the BibTeX fields its fix sets ("container" is the entry's journal,
# journaltitle or booktitle, whichever it has)
FIXED_FIELDS = {
    "title-mismatch": ("title",),
    "title-typo": ("title",),
    "author-mismatch": ("author",),
    "author-spelling": ("author",),
    "author-order": ("author",),
    "author-count": ("author",),
    "journal-mismatch": ("container",),
    "year-mismatch": ("year",),
    "date-mismatch": ("year", "month"),
    "volume-mismatch": ("volume",),
    "issue-mismatch": ("number",),
    "pages-mismatch": ("pages",),
    "doi-suggested": ("doi",),
    "doi-points-elsewhere": ("doi",),  # the DOI a search matched to the printed work
}
_CONTAINERS = ("journal", "journaltitle", "booktitle")


def corrected_entry(reference: Reference, record: Record, code: str) -> str | None:
    """The user's entry with the fields of ``code`` set from the record; None when the
    code fixes no field, the entry cannot be read again, or nothing changes."""
    names = FIXED_FIELDS.get(code)
    entry = user_entry(reference.raw) if names else None
    if entry is None or names is None:
        return None
    written = _written(reference, record)
    changed = False
    for name in names:
        target = name
        if name == "container":
            target = next((c for c in _CONTAINERS if c in entry.fields_dict), "journal")
            name = "booktitle" if "booktitle" in written else "journal"
        value = written.get(name)
        if value is None:
            continue
        old = entry.fields_dict.get(target)
        if old is None or str(old.value) != value:
            entry.set_field(Field(target, value))
            changed = True
    return entry_text(entry) if changed else None


def entry_text(entry: Entry) -> str:
    """An entry written as a fix writes it (two-space indent, the values as given)."""
    style = BibtexFormat()  # type: ignore[no-untyped-call]
    style.indent = "  "
    text: str = write_string(Library([entry]), unparse_stack=[], bibtex_format=style)
    return text.strip()


def _written(reference: Reference, record: Record) -> dict[str, str]:
    """The record's fields as the BibTeX export writes them (values with their braces,
    the month a bare macro)."""
    entry = bibtex_entry(work_of(reference, record), ascii_only=False)
    out = {
        name.lower(): value if name.lower() == "month" and value in MONTHS else "{" + value + "}"
        for name, value in entry.fields.items()
    }
    persons = entry.persons.get("author", [])
    if persons:
        out["author"] = "{" + " and ".join(str(p) for p in persons) + "}"
    return out
