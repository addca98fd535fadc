"""Reading an article: a path or standard input -> Article (decoded text with a line map).

Owns the choice of reader and the limits. The reader follows the file name's suffix
(text, Markdown, HTML, Word, PDF, LaTeX, BibTeX, and the structured RIS, CSL-JSON, EndNote XML
and JATS; see text, markdown, html, docx, pdf, latex and fielded); standard input is recognised
by its content. A LaTeX article's .bib files (those it names, and ``bib``) are read with it
as its companions. A file or standard input larger than MAX_ARTICLE_BYTES, or a text longer
than MAX_TEXT_CHARS characters, is refused with an InputError, as are a missing file, a
folder, an unreadable file and a Word 97-2003 .doc.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Sequence
from pathlib import Path

from asrefs.errors import InputError
from asrefs.models import Article
from asrefs.read.docx import DOCX_SUFFIXES, docx_to_text
from asrefs.read.fielded import FIELDED_SUFFIXES, fielded_format, looks_fielded
from asrefs.read.html import HTML_SUFFIXES, read_html
from asrefs.read.latex import BIBTEX_SUFFIXES, LATEX_SUFFIXES, bib_files, sniff
from asrefs.read.markdown import MARKDOWN_SUFFIXES, markdown_to_text
from asrefs.read.pdf import PDF_SUFFIXES, pdf_to_text
from asrefs.read.text import TEXT_SUFFIXES, normalise_text, read_text

MAX_ARTICLE_BYTES = 200 * 1024 * 1024  # a file (a .docx with its images) or standard input
# The text asrefs reads: a long review is a few hundred thousand characters, a thesis a
# few million. Ten million take 12 to 30 s and about 200 MB; a 100 MB text would take
# minutes and gigabytes, so it is refused (it is not an article) rather than left to run.
MAX_TEXT_CHARS = 10_000_000
ARTICLE_SUFFIXES = tuple(
    sorted(
        TEXT_SUFFIXES - {""}
        | MARKDOWN_SUFFIXES
        | HTML_SUFFIXES
        | DOCX_SUFFIXES
        | PDF_SUFFIXES
        | (LATEX_SUFFIXES - {".bbl"})  # a .bbl is compiled from the .tex and its .bib
        | BIBTEX_SUFFIXES
    )
)


def read_article(path: str, bib: Sequence[str] = ()) -> Article:
    """Read an article from a path, or from standard input when path is "-".

    The format follows the file name's suffix; standard input is recognised by its
    content (a Word package, a PDF, an HTML document, BibTeX, LaTeX, else text: Markdown is
    read as Markdown only from a .md or .markdown file). ``bib`` are .bib files read
    with the article, after those a LaTeX article names.
    """
    data, name = _read_bytes(path)
    suffix = Path(path).suffix.lower() if path != "-" else ""
    kind = _kind(suffix, name) if path != "-" else _sniff(data)
    if kind == "docx":
        text, encoding, fmt = docx_to_text(data, name), "utf-8", "docx"
    elif kind == "pdf":
        text, encoding, fmt = pdf_to_text(data, name, MAX_TEXT_CHARS), "utf-8", "pdf"
    elif kind == "html":
        text, encoding = read_html(data, name)
        fmt = "html"
    else:
        if len(data) > 4 * MAX_TEXT_CHARS:  # more characters than allowed in any encoding
            raise InputError(_too_long(name))
        text, encoding = read_text(data, name)
        fmt = kind
        if kind == "fielded":  # by suffix; standard input by content, else text
            fmt = fielded_format(text, name, suffix) or "text"
        if kind == "markdown":  # bounded before it is parsed
            text = markdown_to_text(_bounded(normalise_text(text), name))
    text = _bounded(normalise_text(text), name)
    named = bib_files(path, text) if fmt == "latex" else []
    extra = [Path(b) for b in bib if Path(b) not in named]
    companions = tuple(read_article(str(p)) for p in (*named, *extra))
    return Article(path=path, text=text, encoding=encoding, format=fmt, companions=companions)


def _too_long(name: str) -> str:
    return (
        f"{name}: the text is longer than {MAX_TEXT_CHARS:,} characters, "
        "which is not an article; split it"
    )


def _bounded(text: str, name: str) -> str:
    """The article's text, or an InputError when it is longer than MAX_TEXT_CHARS."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(_too_long(name))
    return text


def _read_bytes(path: str) -> tuple[bytes, str]:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        name = path
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a folder, not an article")
        try:
            if p.stat().st_size > MAX_ARTICLE_BYTES:
                raise InputError(
                    f"{path}: the file is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
                )
            # Bounded even when the size is unknown: a pipe, /dev/stdin, a device.
            with p.open("rb") as fh:
                data = fh.read(MAX_ARTICLE_BYTES + 1)
        except PermissionError as exc:
            raise InputError(f"{path}: permission denied") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{name}: the input is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
        )
    return data, name


def _kind(suffix: str, name: str) -> str:
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in LATEX_SUFFIXES:
        return "latex"
    if suffix in BIBTEX_SUFFIXES:
        return "bibtex"
    if suffix in FIELDED_SUFFIXES:
        return "fielded"
    if suffix == ".doc":
        raise InputError(f"{name}: a .doc file (Word 97-2003) cannot be read: save it as .docx")
    return "text"


def _sniff(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]:
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if looks_fielded(data):
        return "fielded"
    head = data[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and (b"<body" in data[:8192].lower() or b"<p>" in head)
    ):
        return "html"
    return sniff(data[:1024].decode("utf-8", "replace").lstrip("\ufeff")) or "text"
