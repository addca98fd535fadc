"""PDF (.pdf) -> text, read from the PDF's text layer with pdfminer.six.

Each page is interpreted by pdfminer.six; its glyphs are grouped into lines by
pdfminer's line grouping, in the order the page draws them (the order its writer
laid the text out in: column after column), each line with its place on the page.
pdf_layout turns the lines into paragraphs and repairs what extraction breaks
(hyphenation, ligatures, running headers and page numbers). pdfminer's own layout
analysis is not used: on justified two-column pages it breaks lines at wide word
gaps and reorders paragraphs (docs/parser-evaluation.md has the measure).

Refused with an InputError: what is not a PDF, a damaged PDF, a password-protected
one or one whose owner forbids copying its text, one without a text layer (scanned
pages), and a PDF bomb: more than MAX_PDF_PAGES pages, a page whose content streams
inflate past MAX_PAGE_CONTENT_BYTES or draw more than MAX_PAGE_GLYPHS glyphs, more
text than the caller allows.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice, pairwise
from typing import Any

from asrefs.errors import InputError
from asrefs.read.pdf_layout import Line, assemble, clean

PDF_SUFFIXES = {".pdf"}
MAX_PDF_PAGES = 2000  # a long thesis has a few hundred
MAX_PAGE_CONTENT_BYTES = 64 * 1024 * 1024  # a page's drawing, inflated; a dense one is < 1 MB
MAX_PAGE_GLYPHS = 200_000  # glyphs and paths one page draws; a dense page of text has 10,000
_CHAR_MARGIN = 40.0  # glyphs on one baseline this close (in widths) are one line: justified
# text in narrow columns leaves gaps of many widths between words

# pdfminer reports what it repairs (a missing CropBox, a bad xref) as warnings: they are
# not the reader's concern, and without a handler Python would print them on stderr.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())
logging.getLogger("pdfminer").propagate = False


class _Refused(Exception):
    """A limit reached while a page is interpreted: its message is the reason."""


def is_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF (the header may follow up to 1 KB of other bytes)."""
    return b"%PDF-" in data[:1024]


def pdf_to_text(data: bytes, name: str, max_chars: int) -> str:
    """The text of a PDF's text layer (see the module's docstring for the rules)."""
    if not is_pdf(data):
        raise InputError(f"{name}: not a PDF file: it does not start with %PDF-")
    try:
        pages = list(_pages(data, name, max_chars))
    except InputError:
        raise
    except _Refused as exc:
        raise InputError(f"{name}: {exc}; refused") from exc
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise InputError(
            f"{name}: cannot read the PDF (damaged or cut short?): {_reason(exc)}"
        ) from exc
    text = assemble(pages)
    if not any(c.isalnum() for c in text):
        raise InputError(f"{name}: the PDF has no text layer (a scanned PDF?): run OCR first")
    return text


def _reason(exc: Exception) -> str:
    reason = " ".join(str(exc).split())[:200]
    return reason or type(exc).__name__


def _document(data: bytes, name: str) -> Any:
    from pdfminer.pdfdocument import (
        PDFDocument,
        PDFEncryptionError,
        PDFPasswordIncorrect,
        PDFTextExtractionNotAllowed,
    )
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise InputError(
            f"{name}: the PDF is encrypted with a password: save an unprotected copy"
        ) from exc
    except (PDFEncryptionError, PDFTextExtractionNotAllowed) as exc:
        raise InputError(f"{name}: the PDF is encrypted in a way asrefs cannot read") from exc
    if not document.is_extractable:
        raise InputError(
            f"{name}: the PDF is encrypted and its owner does not allow copying its text"
        )
    return document


def _pages(data: bytes, name: str, max_chars: int) -> Iterator[list[Line]]:
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    document = _document(data, name)
    pages = list(islice(PDFPage.create_pages(document), MAX_PDF_PAGES + 1))
    if len(pages) > MAX_PDF_PAGES:
        raise _Refused(f"it has more than {MAX_PDF_PAGES:,} pages, which is not an article")
    manager = PDFResourceManager()
    device = _device_class()(manager, max_chars)
    interpreter = PDFPageInterpreter(manager, device)
    for page in pages:
        _check_content_size(page)
        device.glyphs = 0
        interpreter.process_page(page)
        yield _lines(device.get_result())


def _check_content_size(page: Any) -> None:
    """Refuse a page whose content streams (and forms) inflate past the limit, before
    pdfminer inflates them whole."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    streams = list(page.contents)
    xobjects = resolve1((page.resources or {}).get("XObject")) or {}
    if isinstance(xobjects, dict):
        forms = (resolve1(x) for x in xobjects.values())
        streams += [x for x in forms if isinstance(x, PDFStream) and _is_form(x)]
    total = 0
    for stream in streams:
        if not isinstance(stream, PDFStream):
            continue
        filters = [f for f, _ in stream.get_filters()]
        raw = stream.rawdata if stream.rawdata is not None else stream.data or b""
        if filters[:1] and filters[0] in LITERALS_FLATE_DECODE:
            inflater = zlib.decompressobj()
            try:
                size = len(inflater.decompress(raw, MAX_PAGE_CONTENT_BYTES + 1))
            except zlib.error:
                size = len(raw)
        else:
            size = len(raw)
        total += size
        if total > MAX_PAGE_CONTENT_BYTES:
            raise _Refused(
                f"a page's drawing inflates to more than "
                f"{MAX_PAGE_CONTENT_BYTES // (1024 * 1024)} MB, more than an article holds"
            )


def _is_form(stream: Any) -> bool:
    from pdfminer.psparser import LIT

    return bool(stream.get("Subtype") is LIT("Form"))


@lru_cache(maxsize=1)
def _device_class() -> type:
    from pdfminer.converter import PDFPageAggregator

    class Device(PDFPageAggregator):
        """pdfminer's page aggregator, counting what a page draws against the limits."""

        def __init__(self, manager: Any, max_chars: int) -> None:
            super().__init__(manager, laparams=None)
            self.glyphs = 0
            self.chars = 0
            self.max_chars = max_chars

        def _count(self) -> None:
            self.glyphs += 1
            if self.glyphs > MAX_PAGE_GLYPHS:
                raise _Refused(
                    f"a page draws more than {MAX_PAGE_GLYPHS:,} glyphs, "
                    "more than an article's page holds"
                )

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self._count()
            self.chars += 1
            if self.chars > self.max_chars:
                raise _Refused(
                    f"the text is longer than {self.max_chars:,} characters, "
                    "which is not an article"
                )
            return float(super().render_char(*args, **kwargs))

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            self._count()
            super().paint_path(*args, **kwargs)

    return Device


def _glyphs(item: Any) -> Iterator[Any]:
    """The page's upright glyphs in drawing order, those inside forms included."""
    from pdfminer.layout import LTChar, LTContainer

    for child in item:
        if isinstance(child, LTChar):
            if child.upright and child.get_text():
                yield child
        elif isinstance(child, LTContainer):
            yield from _glyphs(child)


def _drawn(glyphs: list[Any]) -> list[Any]:
    """The glyphs without spaces that advance nothing (a glyph drawn over them)."""
    return [
        g
        for g, following in zip(glyphs, [*glyphs[1:], None], strict=False)
        if not (g.get_text() == " " and following is not None and following.x0 <= g.x0 + 0.01)
    ]


def _lines(page: Any) -> list[Line]:
    from pdfminer.layout import LAParams, LTChar, LTLayoutContainer

    params = LAParams(char_margin=_CHAR_MARGIN)
    grouper = LTLayoutContainer((0, 0, 0, 0))
    lines = []
    glyphs = _drawn(list(_glyphs(page)))
    if not glyphs:  # a page of images or drawings only
        return []
    for group in grouper.group_objects(params, glyphs):
        text = clean(_text(list(group)))
        if not text:
            continue
        drawn = [g for g in group if isinstance(g, LTChar)]
        size = max(g.size for g in drawn)
        word = _first_word(drawn) - group.x0
        lines.append(Line(text, group.x0, group.x1, group.y0, group.y1, size, word))
    return lines


def _text(items: list[Any]) -> str:
    """A line's text: its glyphs, and a space where they leave a word's gap, except the
    gap a typesetter leaves between CJK and Latin characters ("抑制ILK可减弱")."""
    from pdfminer.layout import LTAnno

    parts = []
    for before, item, after in zip([None, *items], items, [*items[1:], None], strict=False):
        text = item.get_text()
        if isinstance(item, LTAnno) and (_is_cjk(before) or _is_cjk(after)):
            continue
        parts.append(text)
    return "".join(parts)


def _is_cjk(item: Any) -> bool:
    return item is not None and "\u2e80" <= item.get_text()[:1] <= "\uffef"


def _first_word(glyphs: list[Any]) -> float:
    """Where a line's first word ends: at its first space or gap between glyphs. A CJK
    line may break after any character but not before closing punctuation nor after
    opening punctuation, so its first two characters are taken as its word."""
    if _is_cjk(glyphs[0]):
        return float(glyphs[min(1, len(glyphs) - 1)].x1)
    for glyph, following in pairwise(glyphs):
        if following.get_text().isspace() or following.x0 - glyph.x1 > 0.15 * glyph.size:
            return float(glyph.x1)
    return float(glyphs[-1].x1)
