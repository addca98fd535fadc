"""The body of an article split into headings, paragraphs and sentences.

Claims are attributed to markers sentence by sentence, so the segmentation rules live
here: Markdown and bold headings, short CJK lines as headings, hard-wrapped Western
paragraphs joined, CJK line breaks ending a paragraph, sentence ends in both scripts
(abbreviations such as "e.g." and "Fig." do not end one), and the years that headings
and the text set for later dates without one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from asrefs.claims.offsets import Lines, blank, normalise
from asrefs.dates import MONTHS
from asrefs.models import Article, Marker
from asrefs.text import HAN, has_han

__all__ = ["MONTH", "QUOTED_RE", "Layout", "Sentence", "build_layout"]


def _space_separated(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WIDE = "\u2e80"  # characters from here on are CJK script or punctuation

_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)[^*_\n]+\1\s*$")
_PLAIN_HEADING_RE = re.compile(r"^[^。，,；;！？!?：:、]{1,40}$")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+•]|[0-9]{1,3}[.)])\s+")
_TERMINATOR_RE = re.compile(
    rf"[。！？；]+[”’」』）)\]]*|[.!?]+[”’\"')\]]*(?=\s|$|[{HAN}])|;(?=[{HAN}])|(?<=[{HAN}]);"
)
_WORD_BEFORE_DOT_RE = re.compile(r"([A-Za-z]+)\.$")
_ABBREVIATIONS = frozenset(
    _space_separated(
        "al e.g i.e vs etc cf ca approx Dr Mr Mrs Ms Prof Fig Figs "
        "Eq No Nos Vol pp Ref Refs St Inc Ltd Co Jan Feb Mar Apr Jun "
        "Jul Aug Sep Sept Oct Nov Dec"
    )
)
QUOTED_RE = re.compile(r"《[^》\n]*》|“[^”\n]*”")
# An English month name or abbreviation.
MONTH = "(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\b"
_HEADING_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_TEXT_YEAR_RES = (
    re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年"),
    re.compile(rf"{MONTH}\.?\s+(?:[0-9]{{1,2}},?\s+)?((?:19|20)[0-9]{{2}})\b"),
    re.compile(r"\b(?:in|In|during|During)\s+((?:19|20)[0-9]{2})\b"),
)


@dataclass(frozen=True)
class Sentence:
    """A sentence's span in the body and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Layout:
    """The body split into headings, paragraphs and sentences, on normalised text with
    the markers blanked out (same length as the original, so offsets carry over)."""

    original: str
    text: str
    headings: tuple[tuple[int, int], ...]
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    years: tuple[tuple[int, int], ...]  # (offset, year) that give later dates their year
    _starts: list[int] = field(default_factory=list, compare=False)
    _year_offsets: list[int] = field(default_factory=list, compare=False)
    _lines: list[Lines] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        self._starts.extend(s.start for s in self.sentences)
        self._year_offsets.extend(o for o, _y in self.years)
        self._lines.append(Lines(self.original))

    def line_of(self, offset: int) -> int:
        """The article's 1-based line number of ``offset`` (offsets carry over)."""
        return self._lines[0].line_of(offset)

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence holding ``offset``, or None (a heading, a gap)."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None

    def year_before(self, offset: int) -> int | None:
        """The year last set (by a heading or the text) before ``offset``, if any."""
        i = bisect_right(self._year_offsets, offset) - 1
        return self.years[i][1] if i >= 0 else None

    def next_heading(self, offset: int) -> int:
        """Where the first heading at or after ``offset`` starts (the text's end if none)."""
        for start, _end in self.headings:
            if start >= offset:
                return start
        return len(self.text)


def build_layout(article: Article, markers: list[Marker], end: int) -> Layout:
    """The layout of the article's text up to ``end``, with the markers blanked out."""
    original = article.text[:end]
    marker_spans = [(m.offset, m.offset + len(m.text)) for m in markers]
    text = blank(normalise(original), marker_spans)
    headings: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    previous: tuple[int, int] | None = None  # the last text line of the open paragraph
    for start, stop in _lines(text):
        kind = _line_kind(text[start:stop], original[start:stop])
        if kind == "heading":
            headings.append((start, stop))
        if kind in ("blank", "heading"):
            previous = None
            continue
        if previous is not None and kind == "text" and _soft_wrap(text, previous, (start, stop)):
            paragraphs[-1] = (paragraphs[-1][0], stop)
        else:
            paragraphs.append((start, stop))
        previous = (start, stop)
    sentences = tuple(
        Sentence(s, e, i) for i, (ps, pe) in enumerate(paragraphs) for s, e in _split(text, ps, pe)
    )
    years = _year_marks(text, headings)
    return Layout(original, text, tuple(headings), tuple(paragraphs), sentences, years)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _line_kind(line: str, original: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _MD_HEADING_RE.match(line) or _BOLD_LINE_RE.match(line):
        return "heading"
    if (
        has_han(stripped)
        and _PLAIN_HEADING_RE.match(stripped)
        and original.strip() == stripped  # no marker was blanked out of the line
    ):
        return "heading"
    if _LIST_ITEM_RE.match(line):
        return "item"
    return "text"


def _soft_wrap(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """A line break inside a hard-wrapped (Western) paragraph; in CJK text a line break
    ends the paragraph."""
    before = text[previous[0] : previous[1]].rstrip()
    after = text[current[0] : current[1]].lstrip()
    return bool(before and after) and before[-1] < _WIDE and after[0] < _WIDE


def _split(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans of one paragraph, trimmed of surrounding whitespace."""
    cut = start
    for m in _TERMINATOR_RE.finditer(text, start, end):
        if m.group()[0] == "." and not _ends_sentence(text, m.start(), m.end(), end):
            continue
        yield from _trimmed(text, cut, m.end())
        cut = m.end()
    yield from _trimmed(text, cut, end)


def _ends_sentence(text: str, dot: int, after: int, end: int) -> bool:
    word = _WORD_BEFORE_DOT_RE.search(text[max(0, dot - 12) : dot + 1])
    if word and (word.group(1) in _ABBREVIATIONS or (len(word.group(1)) == 1)):
        return False
    rest = text[after:end].lstrip()
    return not rest or not rest[0].islower()


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body and any(ch.isalnum() for ch in body):
        yield start + lead, start + lead + len(body)


def _year_marks(text: str, headings: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    marks: list[tuple[int, int]] = []
    for start, end in headings:
        m = _HEADING_YEAR_RE.search(text, start, end)
        if m:
            marks.append((start, int(m.group(1))))
    quoted = blank(text, ((m.start(), m.end()) for m in QUOTED_RE.finditer(text)))
    for pattern in _TEXT_YEAR_RES:
        marks.extend((m.start(), int(m.group(1))) for m in pattern.finditer(quoted))
    return tuple(sorted(set(marks)))
