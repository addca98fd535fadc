"""The article's text as the page shows it: numbered lines, and in each line the spans
that link a citation marker to its reference or highlight what a finding is about.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from asrefs.formats.html.markup import RANK, esc
from asrefs.models import Claim, Finding, Origin
from asrefs.text import CJK

# The claim kind a text finding's field is about.
_FIELD_CLAIM = {"date": "date", "journal": "journal", "title": "title", "number": "number"}
_SENTENCE_END = "。！？；!?;"
_CJK = re.compile(f"[{CJK}]")


@dataclass
class Span:
    """Columns of a line that link somewhere or are highlighted for findings."""

    start: int
    end: int
    href: str | None = None  # a link (citation marker, reference label)
    findings: tuple[int, ...] = ()  # finding numbers highlighted here


@dataclass
class Line:
    """A line of the article: 1-based number, offset of its first character, text, and
    the spans and findings (by number) placed on it."""

    number: int
    start: int
    text: str
    spans: list[Span] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """The text's lines (a final line break does not start another line)."""
    lines = []
    pos = 0
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "" and len(raw_lines) > 1:
        raw_lines.pop()
    for i, t in enumerate(raw_lines, 1):
        lines.append(Line(i, pos, t))
        pos += len(t) + 1
    return lines


def language(text: str) -> str | None:
    """ "zh" when at least a fifth of the text's letters are CJK, else None."""
    sample = text[:20000]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and len(_CJK.findall(sample)) * 5 >= letters:
        return "zh"
    return None


def render_spans(line: Line, levels: dict[int, str]) -> str:
    """The line's text escaped, with its links and highlights (``levels`` maps finding
    numbers to their levels)."""
    text = line.text
    cuts = {0, len(text)}
    for s in line.spans:
        cuts.add(max(0, min(len(text), s.start)))
        cuts.add(max(0, min(len(text), s.end)))
    points = sorted(cuts)
    out: list[str] = []
    current_href: str | None = None
    for a, b in itertools.pairwise(points):
        if a >= b:
            continue
        href = next((s.href for s in line.spans if s.href and s.start <= a and b <= s.end), None)
        marks = sorted({n for s in line.spans if s.start <= a and b <= s.end for n in s.findings})
        if href != current_href:
            if current_href is not None:
                out.append("</a>")
            if href is not None:
                out.append(f'<a class="cite" href="{esc(href)}">')
            current_href = href
        piece = esc(text[a:b])
        if marks:
            lv = sorted({levels[n] for n in marks}, key=lambda x: -RANK[x])
            out.append(
                f'<mark class="hl" data-f="{" ".join(f"f{n}" for n in marks)}" '
                f'data-levels="{" ".join(lv)}" data-show="{lv[0]}">{piece}</mark>'
            )
        else:
            out.append(piece)
    if current_href is not None:
        out.append("</a>")
    return "".join(out)


def sentence_span(line: Line, claim: Claim) -> tuple[int, int] | None:
    """Where the claim's sentence is in the line (columns), or around the claim."""
    col = claim.offset - line.start
    words = claim.sentence.split()
    if words:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        matches = list(pattern.finditer(line.text))
        if matches:
            inside = [m for m in matches if m.start() <= col < m.end()]
            m = (inside or matches)[0]
            return m.start(), m.end()
    if 0 <= col < len(line.text):
        a = col
        while a > 0 and line.text[a - 1] not in _SENTENCE_END:
            a -= 1
        b = col
        while b < len(line.text) and line.text[b] not in _SENTENCE_END:
            b += 1
        b = min(len(line.text), b + 1)
        while a < b and line.text[a].isspace():
            a += 1
        return (a, b) if a < b else None
    return None


def finding_span(line: Line, f: Finding, claims: Sequence[Claim]) -> tuple[int, int] | None:
    """What a finding on this line is about: the sentence of its claim, or the printed
    words it found."""
    if f.origin is Origin.TEXT and f.ref is not None:
        kind = _FIELD_CLAIM.get(f.field or "")
        here = [c for c in claims if c.ref == f.ref and c.line == f.line]
        same = [c for c in here if kind is not None and c.kind == kind]
        for c in same or here:
            span = sentence_span(line, c)
            if span is not None:
                return span
    if f.found and len(f.found.strip()) >= 2:
        col = line.text.find(f.found)
        if col >= 0:
            return col, col + len(f.found)
    return None
