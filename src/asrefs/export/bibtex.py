"""BibTeX, written through pybtex with values escaped by the export package (see latex).

* ``month`` is BibTeX's month macro, unbraced (``month = feb``): every style expands it
  (``plain`` prints "February 2025", not the "2 2025" a number gives), and biber reads
  the macros as the month's number.
* An article number is written both as ``pages`` and as ``eid``. Classic BibTeX styles
  ignore ``eid`` (silently, no warning), so ``pages`` is what makes the number appear in
  a ``plain`` bibliography ("16(1):65"); ``eid`` tells biblatex and other readers that
  it is an article number rather than a page.
* ``doi``, ``url`` and ``eprint`` are verbatim fields (see latex).
* An entry of a BibTeX input keeps its key and the fields asrefs does not write
  (``keywords``, ``abstract``, ``note``…), as the user wrote them.
* What asrefs has to say about an entry goes in ``annote``, a field the standard styles
  never print (``note`` would appear in the paper) and that Zotero imports as a note and
  Better BibTeX and JabRef keep: that it was built from the article's text, or that
  characters had no ASCII form.
"""

from __future__ import annotations

import re
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Entry as BibtexparserEntry
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from asrefs.export.fields import Item, Work, work_of
from asrefs.export.keys import bibtex_keys
from asrefs.export.latex import LatexEscaper, verbatim
from asrefs.models import Author, Reference

ASCII_NOTE = "Characters with no ASCII form are shown as [?]"

_BIBTEX_TYPES = {
    "journal-article": "article",
    "posted-content": "misc",
    "book": "book",
    "book-chapter": "incollection",
    "proceedings-article": "inproceedings",
}
_PAGED_TYPES = {"article", "incollection", "inproceedings"}
_INITIALS = re.compile(r"^[A-Z]{1,3}$")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def to_bibtex(items: list[Item], ascii_only: bool = False) -> str:
    """A .bib file for the items, in list order (see the module docstring)."""
    data = BibliographyData()
    for key, (reference, record) in zip(bibtex_keys(items), items, strict=True):
        entry = bibtex_entry(work_of(reference, record), ascii_only)
        for name, value in user_fields(reference):
            entry.fields.setdefault(name, value)
        data.add_entry(key, entry)
    if not items:
        return ""
    text: str = _BibWriter(encoding="ascii" if ascii_only else "utf-8").to_string(data)
    return text.replace("\r\n", "\n").rstrip("\n") + "\n"


class _BibWriter(Writer):  # type: ignore[misc]
    """pybtex's writer with values escaped by the export package and always braced."""

    def _encode(self, text: str) -> str:
        return text

    def quote(self, s: str) -> str:
        self.check_braces(s)
        return "{" + s + "}"

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type == "month" and value in MONTHS:  # a macro: unbraced, or it is not expanded
            stream.write(f",\n    {type} = {value}")
        else:
            super()._write_field(stream, type, value)


class _Fields(list[tuple[str, str]]):
    """An entry's fields in writing order; empty values are left out."""

    def add(self, name: str, value: str | None) -> None:
        if value:
            self.append((name, value))


def bibtex_entry(work: Work, ascii_only: bool) -> Entry:
    """The entry asrefs writes for a work (its key is given when it is added)."""
    latex = LatexEscaper(ascii_only)
    entry_type = _BIBTEX_TYPES.get(work.kind, "misc")
    persons = [p for p in (_person(a, latex) for a in work.authors) if p is not None]
    if work.et_al and persons:
        persons.append(Person("others"))
    fields = _Fields()
    fields.add("title", latex.title(work.title))
    _add_container(fields, work, entry_type, latex)
    fields.add("year", str(work.year) if work.year else None)
    fields.add("month", MONTHS[work.month - 1] if work.year and work.month else None)
    if entry_type != "misc":
        fields.add("volume", latex.text(work.volume))
    if entry_type == "article":
        fields.add("number", latex.text(work.issue))  # plain warns on volume+number elsewhere
    if entry_type in _PAGED_TYPES:
        _add_pages(fields, work, latex)
    fields.add("publisher", latex.text(work.publisher))
    fields.add("issn", latex.text(", ".join(work.issn)))
    fields.add("doi", verbatim(work.doi, ascii_only))
    fields.add("pmid", latex.text(work.pmid))
    fields.add("pmcid", latex.text(work.pmcid))
    if work.arxiv:
        fields.add("eprint", verbatim(work.arxiv, ascii_only))
        fields.add("archiveprefix", "arXiv")
    fields.add("url", verbatim(work.url, ascii_only))
    notes = [work.remark] if work.remark else []
    if latex.dropped:
        notes.append(ASCII_NOTE)
    fields.add("annote", "; ".join(notes))
    return Entry(entry_type, fields=fields, persons={"author": persons} if persons else {})


# The fields an entry of a BibTeX input describes that asrefs writes from the record or
# reads as identifiers; the others are the user's (keywords, abstract, note, file…).
_DESCRIBED = frozenset(
    [
        "author",
        "title",
        "journal",
        "journaltitle",
        "booktitle",
        "year",
        "date",
        "month",
        "volume",
        "number",
        "issue",
        "pages",
        "eid",
        "publisher",
        "issn",
        "doi",
        "pmid",
        "pmcid",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "url",
        "howpublished",
        "annote",
        "crossref",
    ]
)


def user_entry(raw: str) -> BibtexparserEntry | None:
    """The entry of a BibTeX input's source text, its values as written."""
    entries = parse_string(raw, parse_stack=[]).entries
    return entries[0] if entries else None


def user_fields(reference: Reference) -> list[tuple[str, str]]:
    """The fields of a BibTeX input's entry that asrefs does not write, as (name, value
    without its braces or quotes), in the entry's order; those given by a macro are
    left out (the macro is not in the written file)."""
    if reference.fields_from != "bibtex":
        return []
    entry = user_entry(reference.raw)
    out = []
    for field in entry.fields if entry is not None else []:
        value = str(field.value).strip()
        if field.key.lower() in _DESCRIBED or value[:1] not in '{"' or len(value) < 2:
            continue
        out.append((field.key.lower(), value[1:-1]))
    return out


def _person(author: Author, latex: LatexEscaper) -> Person | None:
    family = latex.text(author.family)
    given = author.given
    if _INITIALS.match(given):  # printed initials "HF": BibTeX needs "H. F." to see two names
        given = " ".join(f"{ch}." for ch in given)
    given = latex.text(given)
    if not family and not given:
        return None
    if not family:
        family, given = given, ""
    if author.collective or "," in family or re.search(r"\band\b", family, re.IGNORECASE):
        family = "{" + family + "}"
    if given and ("," in given or re.search(r"\band\b", given, re.IGNORECASE)):
        given = "{" + given + "}"
    return Person(first=given, last=family)


def _add_container(fields: _Fields, work: Work, entry_type: str, latex: LatexEscaper) -> None:
    """The journal, book or proceedings, or how a preprint or other work was published."""
    container = latex.text(work.container)
    if entry_type == "article":
        fields.add("journal", container)
    elif entry_type in {"incollection", "inproceedings"}:
        fields.add("booktitle", container)
    elif work.kind == "posted-content":
        if work.arxiv:
            fields.add("howpublished", "arXiv:" + latex.text(work.arxiv))
        else:
            server = container or latex.text(work.publisher)
            fields.add("howpublished", f"Preprint, {server}" if server else "Preprint")
    elif entry_type == "misc":
        fields.add("howpublished", container)


def _add_pages(fields: _Fields, work: Work, latex: LatexEscaper) -> None:
    if work.article_number:
        fields.add("pages", latex.text(work.article_number))
        fields.add("eid", latex.text(work.article_number))
    elif (span := work.page_span) is not None:
        first, last = span
        fields.add("pages", latex.text(first) + ("--" + latex.text(last) if last else ""))
