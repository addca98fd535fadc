"""A BibTeX database (.bib) -> References, field by field.

The entries are split by bibtexparser (v2) with its parse stack off, so that each value
is seen as written: ``@string`` macros and ``#`` concatenation are expanded here the way
BibTeX expands them (the month macros ``jan``…``dec`` predefined), names are split by
bibtexparser's BibTeX name rules, and a ``crossref`` entry's missing fields come from the
entry it names (its ``title`` as the ``booktitle``, as biblatex inherits). Values are
turned into text by :func:`asrefs.tex.to_text`. Identifiers (``doi``, ``pmid``,
``pmcid``, an arXiv ``eprint``, a doi.org ``url``) are normalised by :mod:`.identifiers`.

A syntax error (an unbalanced brace), an undefined macro, a ``crossref`` to an entry the
file lacks and a file with no entries are input errors naming the file and the line.
A key used twice is kept for the list check (``duplicate-key``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry

from asrefs.dates import FIELD_YEAR_RE
from asrefs.errors import InputError
from asrefs.models import Article, Author, Reference
from asrefs.parse.identifiers import (
    normalize_arxiv,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
)
from asrefs.tex import quiet, to_text

__all__ = ["MONTHS", "read_bibtex"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BibTeX's predefined month macros, as the standard styles expand them.
_MONTH_NAMES = {m: calendar.month_name[i] for i, m in enumerate(MONTHS, start=1)}
_DATE_RE = re.compile(r"\s*([0-9]{4})(?:-([0-9]{1,2}))?(?:-([0-9]{1,2}))?")
_NAME_RE = re.compile(r"[A-Za-z_][^\s\"#%'(),={}]*")
# Entry types as the GB/T 7714 type codes of ``Reference.kind``; other types set none.
_KINDS = {
    "article": "J",
    "inproceedings": "C",
    "conference": "C",
    "book": "M",
    "phdthesis": "D",
    "mastersthesis": "D",
    "thesis": "D",
    "techreport": "R",
    "report": "R",
    "dataset": "DS",
}


class _Undefined(Exception):
    """A value names a macro no ``@string`` defines."""


def read_bibtex(article: Article) -> list[Reference]:
    """The entries of a .bib file (the Article's text), in file order."""
    with quiet("bibtexparser"):
        library = parse_string(article.text, parse_stack=[])
    name = article.path
    for block in library.failed_blocks:
        if not isinstance(block, DuplicateBlockKeyBlock):  # a repeated key is a finding
            raise InputError(f"{name}:{_line(block)}: {_syntax_error(block)}")
    strings = _strings(library, name)
    entries = list(_entries(library))
    if not entries:
        raise InputError(f"{name}: holds no BibTeX entries")
    parents = {e.key.lower(): e for e in entries}
    starts = [0, *(m.end() for m in re.finditer("\n", article.text))]
    refs: list[Reference] = []
    for entry in entries:
        values = _values(entry, strings, name)
        if "crossref" in values:
            values = _inherit(values, parents, strings, entry, name)
        line = _line(entry)
        refs.append(_reference(values, entry, len(refs) + 1, line, starts[line - 1]))
    return refs


def _line(block: Block) -> int:
    """The 1-based line a block starts on."""
    return (block.start_line or 0) + 1


def _syntax_error(block: Block) -> str:
    head = (block.raw or "").strip().split("\n", 1)[0][:60]
    error = getattr(block, "error", None)
    reason = " ".join(str(getattr(error, "abort_reason", error) or "").split())
    return f"the entry {head!r} does not parse{': ' + reason if reason else ''}"


def _entries(library: Library) -> Iterator[Entry]:
    """The entries, a repeated key's later entries included, in file order."""
    for block in library.blocks:
        if isinstance(block, Entry):
            yield block
        elif isinstance(block, DuplicateBlockKeyBlock):
            repeated = block.ignore_error_block
            if isinstance(repeated, Entry):
                yield repeated


def _strings(library: Library, name: str) -> dict[str, str]:
    """The ``@string`` macros, each expanded with those defined before it."""
    out: dict[str, str] = {}
    for block in library.strings:
        try:
            out[block.key.lower()] = _expand(str(block.value), out)
        except _Undefined as exc:
            raise InputError(_undefined(name, _line(block), exc)) from exc
    return out


def _undefined(name: str, line: int, exc: _Undefined) -> str:
    return f"{name}:{line}: the macro {exc} is not defined by any @string"


def _values(entry: Entry, strings: Mapping[str, str], name: str) -> dict[str, str]:
    """The entry's fields (names lower-cased) with macros and concatenations expanded."""
    out: dict[str, str] = {}
    for field in entry.fields:
        try:
            out[field.key.lower()] = _expand(str(field.value), strings)
        except _Undefined as exc:
            line = field.start_line + 1 if field.start_line is not None else _line(entry)
            raise InputError(_undefined(name, line, exc)) from exc
    return out


def _expand(raw: str, strings: Mapping[str, str]) -> str:
    """A written value as BibTeX reads it: braced and quoted parts, numbers and macros,
    joined by ``#``."""
    out = []
    for piece in _pieces(raw):
        if piece[:1] in '{"' and len(piece) >= 2:
            out.append(piece[1:-1])
        elif piece.isdigit():
            out.append(piece)
        elif piece.lower() in strings:
            out.append(strings[piece.lower()])
        elif piece.lower() in _MONTH_NAMES:
            out.append(_MONTH_NAMES[piece.lower()])
        elif _NAME_RE.fullmatch(piece):
            raise _Undefined(piece)
        else:
            out.append(piece)
    return "".join(out)


def _pieces(raw: str) -> list[str]:
    """The parts of a value joined by ``#`` outside braces and quotes."""
    pieces, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i].strip())
            start = i + 1
    pieces.append(raw[start:].strip())
    return [p for p in pieces if p]


def _inherit(
    values: dict[str, str],
    parents: Mapping[str, Entry],
    strings: Mapping[str, str],
    entry: Entry,
    name: str,
) -> dict[str, str]:
    """The fields a ``crossref`` entry inherits: those it lacks, the parent's title as
    its booktitle."""
    parent = parents.get(values["crossref"].strip().lower())
    if parent is None:
        raise InputError(
            f"{name}:{_line(entry)}: the entry {entry.key} has crossref = "
            f"{values['crossref'].strip()}, an entry the file does not have"
        )
    inherited = _values(parent, strings, name)
    if "title" in inherited:
        inherited.setdefault("booktitle", inherited.pop("title"))
    inherited.pop("crossref", None)
    return {**inherited, **values}


def _reference(
    values: dict[str, str], entry: Entry, index: int, line: int, offset: int
) -> Reference:
    text = {k: to_text(v) for k, v in values.items() if k not in ("doi", "url", "eprint")}
    authors, et_al = _authors(values.get("author", ""))
    year, month, day = _date(text)
    pages = text.get("pages") or None
    ids, malformed = _identifiers(values)
    return Reference(
        index=index,
        raw=entry.raw or "",
        line=line,
        label=entry.key,
        authors=authors,
        et_al=et_al,
        title=text.get("title") or None,
        journal=text.get("journal") or text.get("journaltitle") or text.get("booktitle") or None,
        year=year,
        month=month,
        day=day,
        volume=text.get("volume") or None,
        issue=text.get("number") or text.get("issue") or None,
        pages=pages,
        article_number=None if pages else text.get("eid") or None,
        issn=tuple(i for i in re.split(r"[,;\s]+", text.get("issn", "")) if i),
        publisher=text.get("publisher") or None,
        kind=_KINDS.get(entry.entry_type.lower()),
        offset=offset,
        numbered=False,
        key=entry.key,
        fields_from="bibtex",
        raw_printed=False,
        doi=ids.get("doi"),
        pmid=ids.get("pmid"),
        pmcid=ids.get("pmcid"),
        arxiv=ids.get("arxiv"),
        url=ids.get("url"),
        malformed=malformed,
    )


def _authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """The names of an author field; "and others" is et al."""
    out: list[Author] = []
    et_al = False
    for name in split_multiple_persons_names(value) if value.strip() else []:
        if name.strip().lower() == "others":
            et_al = True
            continue
        whole = name.strip()
        if whole.startswith("{") and whole.endswith("}") and "," not in whole[1:-1]:
            out.append(Author(family=to_text(whole), collective=" " in whole))
            continue
        try:
            parts = parse_single_name_into_parts(name)
        except InvalidNameError:
            out.append(Author(family=to_text(name)))
            continue
        family = to_text(" ".join([*parts.von, *parts.last]))
        out.append(Author(family=family, given=to_text(" ".join(parts.first))))
    return tuple(out), et_al


def _date(text: Mapping[str, str]) -> tuple[int | None, int | None, int | None]:
    """Year, month and day from ``year`` and ``month``, or biblatex's ``date``."""
    year = month = day = None
    if m := _DATE_RE.match(text.get("date", "")):
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
    if y := FIELD_YEAR_RE.search(text.get("year", "")):
        year = int(y.group(1))
    printed = text.get("month", "").strip().lower()
    if printed.isdigit() and 1 <= int(printed) <= 12:
        month = int(printed)
    elif printed[:3] in MONTHS:
        month = MONTHS.index(printed[:3]) + 1
    return year, month if month and 1 <= month <= 12 else None, day


def _identifiers(values: Mapping[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """doi, pmid, pmcid, arxiv and url, normalised; and what does not validate."""
    malformed: list[str] = []
    out: dict[str, str] = {}

    def take(kind: str, value: str | None, normal: str | None) -> None:
        if value and value.strip():
            if normal:
                out.setdefault(kind, normal)
            else:
                malformed.append(value.strip())

    url = values.get("url", "").strip()
    take("doi", values.get("doi"), normalize_doi(values.get("doi", "")))
    doi = normalize_doi(url) if "doi.org/" in url.lower() else None
    if doi:
        out.setdefault("doi", doi)
    elif url:
        out["url"] = url
    take("pmid", values.get("pmid"), normalize_pmid(values.get("pmid", "")))
    pmcid = values.get("pmcid", "").strip()
    take("pmcid", pmcid, normalize_pmcid(pmcid if pmcid[:3].upper() == "PMC" else "PMC" + pmcid))
    prefix = (values.get("archiveprefix") or values.get("eprinttype") or "").strip().lower()
    if prefix == "arxiv":
        take("arxiv", values.get("eprint"), normalize_arxiv(values.get("eprint", "")))
    return out, tuple(malformed)
