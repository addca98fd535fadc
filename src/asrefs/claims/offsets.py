"""Offsets into an article's body, shared by the marker and the claim passes.

Line numbers by bisection, non-overlapping spans, spans blanked out and the full-width
normalisation: each keeps a string's length, so an offset found in a normalised or
blanked copy is an offset into the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["Lines", "Spans", "blank", "clip", "normalise"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９［］（）", "0123456789[]()")


class Lines:
    """Line numbers of offsets in one text, by bisection over its line starts: a long
    article has tens of thousands of markers and claims, and counting newlines from the
    start for each would be quadratic."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        """The 1-based line number of the character at ``offset`` (as Article.line_of)."""
        return bisect_left(self._breaks, max(0, offset)) + 1


class Spans:
    """Non-overlapping spans taken so far; a later candidate that overlaps one loses."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def take(self, start: int, end: int) -> bool:
        """Take [start, end) unless it overlaps a span already taken."""
        i = bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        if i < len(self._starts) and self._starts[i] < end:
            return False
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


def normalise(text: str) -> str:
    """Full-width digits and brackets made ASCII; one character for one, so offsets hold."""
    return text.translate(_FULLWIDTH)


def clip(body_end: int | None, text: str) -> int:
    """Where the body ends: ``body_end`` kept inside the text, the text's end if None."""
    if body_end is None:
        return len(text)
    return max(0, min(body_end, len(text)))


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the spans' characters made spaces (line breaks kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
