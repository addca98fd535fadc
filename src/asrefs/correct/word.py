"""Corrections written into a Word file: each edit a tracked change (``w:del`` of the
printed words, ``w:ins`` of the corrected ones, by the author "asrefs"), and a comment per
finding anchored at its change, its reference's paragraph, or the paragraph of the text
the finding is about. Read and written with python-docx (its comments part); the rest of
the document is kept as it was.

An edit is placed in the paragraph that prints its reference (the one holding the
printed string, else the one most like it in which the words around the edit occur
once); a run is split at the edit's ends, and an edit across runs of different parents
(part in a hyperlink) is not made but reported.
"""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz

from asrefs.correct import Correction, Edit, Plan
from asrefs.correct.text import place
from asrefs.models import Finding, Report

AUTHOR = "asrefs"
_LIKE = 85  # how alike (rapidfuzz partial ratio) a paragraph must be to print an entry


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    result: str = qn(tag)
    return result


def _visible_runs(p: Any) -> list[Any]:
    """The paragraph's runs that show text: not deleted, not moved away."""
    hidden = {_qn("w:del"), _qn("w:moveFrom")}
    out = []
    for r in p.iter(_qn("w:r")):
        node, shown = r.getparent(), True
        while node is not None and node is not p:
            if node.tag in hidden:
                shown = False
                break
            node = node.getparent()
        if shown:
            out.append(r)
    return out


def _run_text(r: Any) -> str:
    return "".join(t.text or "" for t in r.iter(_qn("w:t")))


def _segments(p: Any) -> list[tuple[Any, int, int]]:
    """(run, start, end) of each visible run in the paragraph's text."""
    out, at = [], 0
    for r in _visible_runs(p):
        n = len(_run_text(r))
        out.append((r, at, at + n))
        at += n
    return out


def paragraph_text(p: Any) -> str:
    return "".join(_run_text(r) for r, _, _ in _segments(p))


def _simple(r: Any) -> bool:
    return all(c.tag in (_qn("w:rPr"), _qn("w:t")) for c in r)


def _set_text(r: Any, text: str, tag: str = "w:t") -> None:
    from docx.oxml import OxmlElement

    for c in list(r):
        if c.tag in (_qn("w:t"), _qn("w:delText")):
            r.remove(c)
    t = OxmlElement(tag)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)


def _split_at(p: Any, offset: int) -> bool:
    """Split the run that ``offset`` falls inside; False when that run holds more than
    text (a tab, a field) and cannot be split."""
    for r, start, end in _segments(p):
        if start < offset < end:
            if not _simple(r):
                return False
            text = _run_text(r)
            right = copy.deepcopy(r)
            _set_text(r, text[: offset - start])
            _set_text(right, text[offset - start :])
            r.addnext(right)
            return True
    return True


class _Writer:
    """One document being corrected: revision ids, the date, the comments."""

    def __init__(self, document: Any) -> None:
        self.document = document
        ids = [int(v) for v in document.element.body.xpath("//@w:id") if str(v).isdigit()]
        self.next_id = max(ids, default=0) + 1000
        self.date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _mark(self, tag: str) -> Any:
        from docx.oxml import OxmlElement

        self.next_id += 1
        return OxmlElement(
            tag, {_qn("w:id"): str(self.next_id), _qn("w:author"): AUTHOR, _qn("w:date"): self.date}
        )

    def change(self, p: Any, start: int, end: int, new: str) -> list[Any] | None:
        """Mark ``[start, end)`` of the paragraph's text deleted and ``new`` inserted;
        the elements made (``w:del``, ``w:ins``), or None when it cannot be done."""
        if not (_split_at(p, start) and _split_at(p, end)):
            return None
        segs = _segments(p)
        covered = [r for r, s, e in segs if s >= start and e <= end and e > s]
        if covered and len({r.getparent() for r in covered}) > 1:
            return None
        model = covered[0] if covered else next((r for r, s, e in segs if e >= start), None)
        if model is None:
            return None
        made = []
        if covered:
            deleted = self._mark("w:del")
            covered[0].addprevious(deleted)
            for r in covered:
                deleted.append(r)
                for t in r.findall(_qn("w:t")):
                    t.tag = _qn("w:delText")
            made.append(deleted)
        if new:
            inserted = self._mark("w:ins")
            run = copy.deepcopy(model)
            for c in list(run):
                if c.tag != _qn("w:rPr"):
                    run.remove(c)
            _set_text(run, new)
            inserted.append(run)
            if made:
                made[0].addnext(inserted)
            elif any(s == start and e > s for r, s, e in segs if r is model):
                model.addprevious(inserted)
            else:
                model.addnext(inserted)
            made.append(inserted)
        return made

    def comment(self, first: Any, last: Any, text: str) -> None:
        """A comment by "asrefs" on the elements from ``first`` to ``last``."""
        from docx.oxml import OxmlElement

        made = self.document.comments.add_comment(text=text, author=AUTHOR, initials="AR")
        cid = str(made.comment_id)
        first.addprevious(OxmlElement("w:commentRangeStart", {_qn("w:id"): cid}))
        end = OxmlElement("w:commentRangeEnd", {_qn("w:id"): cid})
        last.addnext(end)
        sample = next(iter(first.iter(_qn("w:r"))), None) if first.tag != _qn("w:r") else first
        reference = _reference_run(sample, int(cid))
        end.addnext(reference)


def _reference_run(sample: Any, cid: int) -> Any:
    from docx.oxml import OxmlElement

    if sample is not None:
        made: Any = sample._new_comment_reference_run(cid)
        return made
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:commentReference", {_qn("w:id"): str(cid)}))
    return run


def _paragraph_of(paragraphs: list[tuple[Any, str]], raw: str, edits: Sequence[Edit]) -> Any:
    """The paragraph printing a reference: holding ``raw``, else the most like it in
    which every edit can be placed."""
    for p, text in paragraphs:
        if raw in text:
            return p
    best, score = None, 0.0
    for p, text in paragraphs:
        if len(text) < len(raw) // 3 or any(place(text, raw, e) is None for e in edits):
            continue
        alike = fuzz.partial_ratio(raw, text)
        if alike >= _LIKE and alike > score:
            best, score = p, alike
    return best


def _text_paragraph(paragraphs: list[tuple[Any, str]], line: str) -> Any:
    """The paragraph that prints a line of the article's text."""
    line = line.strip()
    if not line:
        return None
    best, score = None, 0.0
    for p, text in paragraphs:
        if text.strip() and (alike := fuzz.partial_ratio(line, text)) >= 90 and alike > score:
            best, score = p, alike
    return best


def note_text(f: Finding) -> str:
    """A finding's comment: its code and message, and its fix when not made in place."""
    return f"{f.code}: {f.message}"


def apply_word(data: bytes, report: Report, chosen: Plan) -> tuple[bytes, list[Correction]]:
    """The Word file with the corrections as tracked changes and a comment per noted
    finding; and the corrections that could not be placed."""
    import docx

    document = docx.Document(io.BytesIO(data))
    writer = _Writer(document)
    body = document.element.body
    paragraphs = [(p, paragraph_text(p)) for p in body.iter(_qn("w:p"))]
    anchors: dict[int, tuple[Any, Any]] = {}  # id(finding) -> (first, last) element
    ref_paragraphs: dict[int, Any] = {}
    missed: list[Correction] = []
    for c in chosen.corrections:
        p = _paragraph_of(paragraphs, c.reference.raw, c.edits)
        if p is None:
            missed.append(c)
            continue
        ref_paragraphs[c.reference.index] = p
        if not _correct(writer, p, c, anchors):
            missed.append(c)
    _comment(writer, report, chosen.notes, paragraphs, anchors, ref_paragraphs)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), missed


def _correct(writer: _Writer, p: Any, c: Correction, anchors: dict[int, tuple[Any, Any]]) -> bool:
    """Make the correction's edits in the paragraph ``p``, last first (so that the places
    of the others hold), and note where each finding's change is; False when some edit
    cannot be placed (then none is made)."""
    text = paragraph_text(p)
    spots = [place(text, c.reference.raw, e) for e in c.edits]
    if any(spot is None for spot in spots):
        return False
    # an edit per finding, or one edit (a whole entry) for all of them
    owners = [(f,) for f in c.findings] if len(c.findings) == len(c.edits) else [c.findings]
    work = sorted(zip(spots, c.edits, owners, strict=True), key=lambda x: -(x[0] or (0, 0))[0])
    for spot, edit, findings in work:
        made = writer.change(p, spot[0], spot[1], edit.new) if spot else None
        for finding in findings if made else ():
            anchors[id(finding)] = (made[0], made[-1]) if made else (None, None)
    return True


def _comment(
    writer: _Writer,
    report: Report,
    notes: Sequence[Finding],
    paragraphs: list[tuple[Any, str]],
    anchors: dict[int, tuple[Any, Any]],
    ref_paragraphs: dict[int, Any],
) -> None:
    refs = {r.reference.index: r.reference for r in report.results}
    lines = report.text.split("\n")
    for f in notes:
        where = anchors.get(id(f))
        if where is None:
            p = ref_paragraphs.get(f.ref) if f.ref is not None else None
            if p is None and f.ref in refs and f.origin.value != "text":
                p = _paragraph_of(paragraphs, refs[f.ref].raw, ())
            if p is None and 1 <= f.line <= len(lines):
                p = _text_paragraph(paragraphs, lines[f.line - 1])
            runs = _visible_runs(p) if p is not None else []
            if not runs:
                continue
            where = (runs[0], runs[-1])
        writer.comment(where[0], where[-1], note_text(f))
