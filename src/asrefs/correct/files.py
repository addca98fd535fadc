"""Which articles can be corrected, and the corrected file's bytes."""

from __future__ import annotations

from pathlib import PurePath

from asrefs.correct import Correction, Plan
from asrefs.models import Report
from asrefs.read.docx import DOCX_SUFFIXES
from asrefs.read.latex import BIBTEX_SUFFIXES, LATEX_SUFFIXES
from asrefs.read.markdown import MARKDOWN_SUFFIXES
from asrefs.read.text import TEXT_SUFFIXES

# the inputs whose corrections are written back in their own format
TEXT_FILES = frozenset(
    (TEXT_SUFFIXES - {""}) | MARKDOWN_SUFFIXES | LATEX_SUFFIXES | BIBTEX_SUFFIXES
)
FIXABLE = frozenset(TEXT_FILES | DOCX_SUFFIXES)


def fixable(name: str) -> bool:
    """Whether an article of this file name can be written back corrected."""
    return PurePath(name).suffix.lower() in FIXABLE


def corrected(
    data: bytes, name: str, encoding: str, report: Report, chosen: Plan
) -> tuple[bytes, list[Correction]]:
    """The article's bytes (``data``, read from ``name`` in ``encoding``) with the
    plan's corrections made; and the corrections that could not be placed (those of
    entries printed in another file, such as a LaTeX article's .bib, among them)."""
    own = [c for c in chosen.corrections if not c.reference.source]
    elsewhere = [c for c in chosen.corrections if c.reference.source]
    if PurePath(name).suffix.lower() in DOCX_SUFFIXES:
        from asrefs.correct.word import apply_word

        out, missed = apply_word(data, report, Plan(own, chosen.notes, chosen.skipped))
        return out, missed + elsewhere
    from asrefs.correct.text import apply_text

    text, _done, missed = apply_text(data.decode(encoding), own)
    try:
        return text.encode(encoding), missed + elsewhere
    except UnicodeEncodeError:
        return text.encode("utf-8"), missed + elsewhere
