"""The lines of a PDF's pages -> an article's text: what text extraction breaks, repaired.

A PDF holds positioned lines, not paragraphs. From each line's place on its page
(see ``Line``) the text is rebuilt as the HTML and Word readers give it, one paragraph
a line and a blank line between paragraphs:

* running headers and footers are dropped: a line among the three top or bottom lines of
  its page whose text (digits aside) recurs so on at least half of the pages (two at
  least), and a page number standing alone there;
* lines join into paragraphs: a line continues the one before when that one was wrapped
  (the next line's first word would not have fitted after it), the next does not start
  with a list number ("12.", "[12]", "(12)"), is not set apart by extra space or
  another type size, and is aligned with the paragraph's other continuation lines
  (a hanging indent starts a new entry, so does a first-line indent);
* a word hyphenated at a line end is joined (``hyphen_join``);
* ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) become letters, soft hyphens and unmapped glyphs
  ("(cid:12)") are dropped, runs of spaces become one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from asrefs.text import HAN

FURNITURE_LINES = 3  # the lines at the top and at the bottom of a page looked at
# A list number opening an entry; "[15]." or "[15] showed" on a wrapped line is a citation.
_MARKER_RE = re.compile(
    r"^\s*(?:[\[［]\d{1,4}[\]］]\s*|\(\d{1,4}\)\s*|\d{1,4}[.)]\s+)(?=[^\W\d_a-z])"
)
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,5}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,5})?$", re.IGNORECASE
)
_CID_RE = re.compile(r"\(cid:\d+\)")
_SPACES_RE = re.compile(r"[ \t\u00a0]{2,}")
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")
_HYPHENS = "-\u2010\u00ad"
_CJK = f"{HAN}\u3000-\u303f\uff00-\uffef"  # Han characters, CJK and full-width punctuation
_CJK_RE = re.compile(f"[{_CJK}]")
# A line broken after a dash or slash inside a word, range or address: "1735–" "1780".
_DASH_END_RE = re.compile(r"[^\W_][–—/]$")
_WORD_END_RE = re.compile(r"([^\W\d_]+)$")
_WORD_START_RE = re.compile(r"^([^\W\d_]+)")


@dataclass(frozen=True)
class Line:
    """One line of a page as drawn: its text, its box in points (y upwards), its type
    size and the width of its first word."""

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    first_word: float


def clean(text: str) -> str:
    """A line's text without ligatures, soft hyphens, unmapped glyphs or runs of spaces."""
    text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group()], text)
    text = _CID_RE.sub("", text).replace("\u00ad", "")
    return _SPACES_RE.sub(" ", text).strip()


def assemble(pages: Sequence[Sequence[Line]], words: Iterable[str] = ()) -> str:
    """The article's text from its pages' lines, in reading order (see the module)."""
    paragraphs: list[list[Line]] = []
    previous: tuple[Line, Column] | None = None
    for page in strip_furniture(pages):
        columns = _columns(page)
        for number, line in enumerate(page):
            here = line, columns[line]
            if previous is not None and _continues(paragraphs[-1], previous, here, number == 0):
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
            previous = here
    vocabulary = _Vocabulary(words, (line.text for p in paragraphs for line in p))
    return "\n\n".join(_join(p, vocabulary) for p in paragraphs)


def strip_furniture(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """The pages without their running headers, footers and page numbers."""

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))

    edges = [_edge_lines(page) for page in pages]
    counts = Counter(k for page in edges for k in {key(line) for line in page})
    needed = max(2, (len(pages) + 1) // 2)
    kept = []
    for page, edge in zip(pages, edges, strict=True):
        drop = {
            id(line)
            for line in edge
            if counts[key(line)] >= needed or _PAGE_NUMBER_RE.match(line.text.strip())
        }
        kept.append([line for line in page if id(line) not in drop and line.text.strip()])
    return kept


def _edge_lines(page: Sequence[Line]) -> list[Line]:
    """The lines nearest the top and the bottom of a page."""
    ordered = sorted(page, key=lambda line: -line.top)
    if len(ordered) <= 2 * FURNITURE_LINES:
        return ordered
    return ordered[:FURNITURE_LINES] + ordered[-FURNITURE_LINES:]


Column = tuple[float, float]  # the left and right edges of the column a line is set in


def _columns(page: Sequence[Line]) -> dict[Line, Column]:
    """Each line's column: the leftmost start and the furthest right end of the lines of
    its type size above or below it that share most of its width (a page's column, or
    the page)."""
    if len(page) > 3000:  # a page that dense is not laid out in columns worth finding
        whole = min(line.x0 for line in page), max(line.x1 for line in page)
        return dict.fromkeys(page, whole)
    columns = {}
    for line in page:
        left, right = line.x0, line.x1
        for other in page:
            overlap = min(line.x1, other.x1) - max(line.x0, other.x0)
            similar = abs(line.size - other.size) <= 0.15 * line.size
            if similar and overlap > 0.5 * min(line.x1 - line.x0, other.x1 - other.x0):
                left, right = min(left, other.x0), max(right, other.x1)
        columns[line] = left, right
    return columns


def _wrapped(line: Line, following: Line, edge: float) -> bool:
    """Whether ``line`` ends where it does because the next word did not fit."""
    space = 0.0 if _is_cjk(line.text[-1:]) else 0.25 * line.size
    return line.x1 + space + following.first_word > edge - 0.5


def _same_column_below(above: Line, line: Line) -> bool:
    overlap = min(above.x1, line.x1) - max(above.x0, line.x0)
    return line.top <= above.bottom + 0.5 * above.size and overlap > 0


def _continues(
    paragraph: list[Line], previous: tuple[Line, Column], here: tuple[Line, Column], new_page: bool
) -> bool:
    """Whether ``here`` goes on with the paragraph whose last line is ``previous``."""
    (last, (last_left, last_right)), (line, (left, _)) = previous, here
    if _MARKER_RE.match(line.text) or not _wrapped(last, line, last_right):
        return False
    if abs(last.size - line.size) > 0.15 * max(last.size, line.size):
        return False
    indent = 0.4 * line.size
    if new_page or not _same_column_below(last, line):
        # On in the next column or page: a continuation line starts where the paragraph's
        # continuation lines started in their column (hanging and first-line indents).
        return len(paragraph) < 2 or abs((line.x0 - left) - (last.x0 - last_left)) <= indent
    if last.bottom - line.top > 0.6 * last.size:
        return False  # set apart by space
    return len(paragraph) < 2 or abs(line.x0 - last.x0) <= indent


def _is_cjk(text: str) -> bool:
    return bool(text) and bool(_CJK_RE.match(text))


class _Vocabulary:
    """The words a hyphenation is judged by: the article's own (with and without their
    hyphens) and the title words asrefs ships."""

    def __init__(self, extra: Iterable[str], lines: Iterable[str]) -> None:
        self.text_words: set[str] = set()
        self.hyphenated: set[str] = set()
        for text in lines:
            for word in re.findall(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*", text.lower()):
                if "-" in word or "\u2010" in word:
                    self.hyphenated.add(word.replace("\u2010", "-"))
                else:
                    self.text_words.add(word)
        self.shipped = _shipped_words() | {w.lower() for w in extra}

    def join_hyphenated(self, left: str, right: str) -> bool:
        """Whether "left-" at a line end and "right" on the next line are one word
        hyphenated by the typesetter rather than a compound (see ``hyphen_join``)."""
        joined, compound = (left + right).lower(), f"{left}-{right}".lower()
        if joined in self.text_words:
            return True
        if compound in self.hyphenated:
            return False
        known = self.shipped
        return not (left.lower() in known and right.lower() in known and joined not in known)


@lru_cache(maxsize=1)
def _shipped_words() -> frozenset[str]:
    words = resources.files("asrefs") / "data" / "title-words.txt"
    return frozenset(words.read_text(encoding="utf-8").split())


def hyphen_join(before: str, after: str, vocabulary: _Vocabulary) -> str:
    """Two lines of one paragraph joined where the first ends with a hyphen.

    The hyphen is kept (and no space put in) unless both sides are lower-case letters
    ("p53-independent", "Meta-Analysis", "esmoopen-2020-000776" keep it); between
    lower-case letters it is dropped ("regu-lation" -> "regulation") unless the article
    writes the compound with its hyphen elsewhere, or never writes the joined word and
    both halves are words while the joined one is not ("cell-free", "dose-response").
    """
    stem = before[:-1]
    left, right = _WORD_END_RE.search(stem), _WORD_START_RE.match(after)
    if (
        left
        and right
        and left.group(1).islower()
        and right.group(1).islower()
        and vocabulary.join_hyphenated(left.group(1), right.group(1))
    ):
        return stem + after
    return stem + "-" + after if before[-1] == "\u00ad" else before + after


def _join(paragraph: list[Line], vocabulary: _Vocabulary) -> str:
    text = paragraph[0].text
    for line in paragraph[1:]:
        if text[-1:] in _HYPHENS and len(text) > 1 and text[-2].isalnum():
            text = hyphen_join(text, line.text, vocabulary)
        elif (_is_cjk(text[-1:]) and _is_cjk(line.text[:1])) or _DASH_END_RE.search(text):
            text += line.text
        else:
            text += " " + line.text
    return text
