"""Word (.docx, .docm, .dotx) -> text, read with python-docx.

Paragraphs, tables and content controls come in document order; automatic list numbers
are recovered from numbering.xml and printed as Word shows them ("1. ", "[1] ", see
docx_numbering); tracked changes read as if accepted (insertions kept, deletions
dropped); hidden text and field codes are dropped; superscript citation runs become
markers (see markers); footnote and endnote marks become superscript numbers, with the
notes appended under "# Footnotes" / "# Endnotes" headings as a numbered list.

A package is refused before it is inflated when it would unpack to more than an article
holds (a ZIP bomb).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from asrefs.errors import InputError
from asrefs.read.docx_numbering import (
    Numbering,
    Style,
    W,
    load_numbering,
    load_styles,
    outline_level,
    paragraph_list,
    w_attr,
    w_child,
)
from asrefs.read.markers import TO_SUPERSCRIPT, superscript_marker
from asrefs.read.writer import TextWriter

DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
MAX_DOCX_XML_BYTES = 128 * 1024 * 1024  # the XML of a long thesis is a few tens of MB
MAX_DOCX_UNPACKED_BYTES = 1024 * 1024 * 1024  # python-docx holds every part in memory
_NOTE_KINDS = (("footnote", "Footnotes"), ("endnote", "Endnotes"))

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text Word does not show as part of the paragraph.
_DOCX_SKIP = frozenset(
    W + name
    for name in (
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "delInstrText",
        "pPr",
        "rPr",
        "drawing",
        "pict",
        "object",
        "footnoteRef",
        "endnoteRef",
        "commentReference",
        "annotationRef",
        "sectPr",
        "tblPr",
        "trPr",
        "tcPr",
        "sdtPr",
        "sdtEndPr",
    )
) | {_MC + "AlternateContent"}


@dataclass
class _DocxContext:
    """What reading the document body needs besides the body: the lists, the styles, the
    notes, and the number given to each note at its first reference."""

    numbering: Numbering
    styles: dict[str, Style]
    notes: dict[str, dict[str, Any]]  # "footnote"/"endnote" -> id -> element
    note_numbers: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"footnote": {}, "endnote": {}}
    )

    def style_chain(self, style_id: str | None) -> Iterator[Style]:
        """The style ``style_id`` and the styles it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on


def _check_unpacked_size(data: bytes, name: str) -> None:
    """Refuse a package that would unpack to more than a Word article can hold (a ZIP
    bomb: a few hundred KB that inflate to gigabytes), before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name}: cannot read the Word file: {exc}") from exc
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    total = sum(m.file_size for m in members)
    if xml > MAX_DOCX_XML_BYTES or total > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            f"{name}: the Word file unpacks to {max(xml, total) // (1024 * 1024)} MB, "
            "more than an article holds; refused"
        )


def docx_to_text(data: bytes, name: str = "input") -> str:
    """The text of a Word document (see the module's docstring for the rules)."""
    document = _open_document(data, name)
    parts = _auxiliary_parts(document.part)
    context = _DocxContext(
        load_numbering(parts.get("numbering")),
        load_styles(parts.get("styles")),
        {kind: _notes(parts.get(kind), kind) for kind, _ in _NOTE_KINDS},
    )
    out = TextWriter()
    _docx_blocks(document.element.body, context, out)
    _write_notes(context, out)
    return out.result()


def _open_document(data: bytes, name: str) -> Any:
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: not a Word (.docx) file: it is not a ZIP package")
    _check_unpacked_size(data, name)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(f"{name}: cannot read the Word file: {exc}") from exc


def _auxiliary_parts(part: Any) -> dict[str, Any]:
    """The root elements of the numbering, styles, footnotes and endnotes parts the
    document part refers to, by kind ("numbering", "styles", "footnote", "endnote")."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    kinds = {
        RT.NUMBERING: "numbering",
        RT.STYLES: "styles",
        RT.FOOTNOTES: "footnote",
        RT.ENDNOTES: "endnote",
    }
    roots: dict[str, Any] = {}
    for rel in part.rels.values():
        kind = None if rel.is_external else kinds.get(rel.reltype)
        if kind is None:
            continue
        target = rel.target_part
        element = getattr(target, "element", None)
        if element is None:
            try:
                element = parse_xml(target.blob)
            except Exception:  # a broken auxiliary part loses only its own content
                continue
        roots[kind] = element
    return roots


def _notes(root: Any, kind: str) -> dict[str, Any]:
    """The notes (``w:footnote`` or ``w:endnote``) of a notes part by id; the separators
    Word keeps there are left out."""
    notes: dict[str, Any] = {}
    if root is not None:
        for note in root.iter(W + kind):
            ident = w_attr(note, "id")
            if ident is not None and w_attr(note, "type") in (None, "normal"):
                notes[ident] = note
    return notes


def _write_notes(context: _DocxContext, out: TextWriter) -> None:
    """The notes referred to in the text, numbered in order of first reference."""
    for kind, heading in _NOTE_KINDS:
        numbers = context.note_numbers[kind]
        if not numbers:
            continue
        out.brk(2)
        out.text(f"# {heading}")
        for ident, number in sorted(numbers.items(), key=lambda item: item[1]):
            note = context.notes[kind][ident]
            texts = [_docx_paragraph(p, context) for p in note.iter(W + "p")]
            out.brk(2)
            out.text(f"{number}. " + " ".join(t.strip() for t in texts if t.strip()))


def _docx_blocks(container: Any, context: _DocxContext, out: TextWriter) -> None:
    for child in container:
        tag = child.tag
        if tag == W + "p":
            line = _docx_line(child, context)
            if line.strip():
                out.brk(2)
                out.text(line, raw=True)
                out.brk(2)
        elif tag == W + "tbl":
            for row in child.iter(W + "tr"):
                out.brk(2)
                for cell in row.iter(W + "tc"):
                    texts = [_docx_line(p, context) for p in cell.iter(W + "p")]
                    content = " ".join(" ".join(t.split()) for t in texts if t.strip())
                    if content:
                        out.cell()
                        out.text(content)
                out.brk(2)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"):
            _docx_blocks(child, context, out)


def _docx_line(paragraph: Any, context: _DocxContext) -> str:
    """A paragraph as one line: its list label, then its text; headings as "# …"."""
    ppr = w_child(paragraph, "pPr")
    style_ref = w_child(ppr, "pStyle")
    style_id = w_attr(style_ref, "val") if style_ref is not None else None
    chain = list(context.style_chain(style_id))
    num = paragraph_list(ppr) or next((s.num for s in chain if s.num is not None), None)
    text = _docx_paragraph(paragraph, context)
    if not text.strip():
        if num is not None and num[0] != "0":
            context.numbering.label(*num)  # an empty item still takes its number
        return ""
    label = context.numbering.label(*num) if num is not None and num[0] != "0" else None
    if label:
        text = f"{label} {text.lstrip()}"
    outline = outline_level(ppr)
    if outline is None:
        outline = next((s.outline for s in chain if s.outline is not None), None)
    level = _heading_style_level(chain) or (outline + 1 if outline is not None else 0)
    if level:
        text = "#" * min(level, 6) + " " + " ".join(text.split())
    return text


def _heading_style_level(chain: list[Style]) -> int:
    for style in chain:
        name = style.name.lower()
        match = re.fullmatch(r"heading\s*([1-9])", name)
        if match:
            return int(match.group(1))
        if name == "title":
            return 1
    return 0


def _docx_paragraph(element: Any, context: _DocxContext) -> str:
    parts: list[str] = []
    _docx_inline(element, context, parts)
    return "".join(parts).replace("\xa0", " ")


def _docx_inline(element: Any, context: _DocxContext, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DOCX_SKIP:
            continue
        if tag == W + "r":
            parts.append(_docx_run(child, context))
        elif tag == W + "p":  # a nested paragraph (a text box kept by a producer)
            parts.append(" ")
            _docx_inline(child, context, parts)
        else:
            _docx_inline(child, context, parts)


def _docx_run(run: Any, context: _DocxContext) -> str:
    rpr = w_child(run, "rPr")
    if rpr is not None and _flag(w_child(rpr, "vanish")):
        return ""
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag in (W + "footnoteReference", W + "endnoteReference"):
            kind = "footnote" if tag == W + "footnoteReference" else "endnote"
            ident = w_attr(child, "id")
            if ident is not None and ident in context.notes[kind]:
                numbers = context.note_numbers[kind]
                numbers.setdefault(ident, len(numbers) + 1)
                return str(numbers[ident]).translate(TO_SUPERSCRIPT)
    text = "".join(parts)
    vert = w_child(rpr, "vertAlign")
    if vert is not None and w_attr(vert, "val") == "superscript":
        return superscript_marker(text)
    return text


def _flag(element: Any) -> bool:
    """An on/off run property (``w:vanish``…): on unless its value says off."""
    if element is None:
        return False
    value = w_attr(element, "val")
    return value not in ("0", "false", "off")
