"""Which reading each input format gets.

Printed text (plain text, Markdown, HTML, Word, PDF) is located and parsed entry by
entry (:mod:`.entry`). A structured input gives its references field by field: its
reader in ``FIELDED`` turns the Article (the file's text, its format named by ``read/``)
into References with ``fields_from`` set, and its ``BODY_END`` says where the body that
cites them ends (0 when there is none, as in a .bib alone). An Article's companions (the
.bib files a LaTeX article names) are read by their own formats, their references
numbered after the article's own (an index is a position in the whole list).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from asrefs.models import Article, Reference
from asrefs.parse.bibtex import read_bibtex
from asrefs.parse.csljson import csl_references
from asrefs.parse.endnote import endnote_references
from asrefs.parse.entry import parse_references as parse_printed
from asrefs.parse.jats import jats_body_end, jats_references
from asrefs.parse.latex import body_end as latex_body_end
from asrefs.parse.latex import read_thebibliography
from asrefs.parse.locate import find_reference_section
from asrefs.parse.memo import Memo
from asrefs.parse.ris import ris_references

Reader = Callable[[Article], list[Reference]]

FIELDED: dict[str, Reader] = {
    "bibtex": read_bibtex,
    "latex": read_thebibliography,  # the .bib files are the article's companions
    "ris": ris_references,
    "csl-json": csl_references,
    "endnote": endnote_references,
    "jats": jats_references,
}
"""format -> the reader of its references, for inputs that give fields."""


def _no_body(article: Article) -> int:
    return 0


BODY_END: dict[str, Callable[[Article], int]] = {
    "bibtex": _no_body,
    "latex": latex_body_end,
    "ris": _no_body,
    "csl-json": _no_body,
    "endnote": _no_body,
    "jats": jats_body_end,
}
"""format -> where the body ends, for inputs whose reference list is not printed text."""


def parse_references(
    article: Article, memo: Memo | None = None, *, jobs: int | None = None
) -> list[Reference]:
    """Every reference of the article and of its companions, in order, numbered from 1;
    printed entries the ``memo`` holds are read from it (:mod:`.memo`). ``jobs``: the
    processes that parse a long printed list (by default as many as pay, :mod:`.parallel`)."""
    reader = FIELDED.get(article.format)
    out = list(reader(article)) if reader is not None else parse_printed(article, memo, jobs)
    for companion in article.companions:
        for ref in parse_references(companion, memo, jobs=jobs):
            source = ref.source or companion.path
            out.append(dataclasses.replace(ref, index=len(out) + 1, source=source))
    return out


def body_end(article: Article) -> int:
    """Where the article's body (the text that cites the references) ends."""
    rule = BODY_END.get(article.format)
    if rule is not None:
        return rule(article)
    section = find_reference_section(article.text)
    return section[0] if section else len(article.text)
