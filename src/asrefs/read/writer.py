"""The plain-text writer HTML and Word are read into: paragraphs separated by a blank
line, line breaks, table cells separated by a tab, whitespace runs collapsed and
invisible characters (zero-width spaces, soft hyphens, direction marks) dropped.
"""

from __future__ import annotations

import re

_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\ufeff\u00ad]")


class TextWriter:
    """Accumulates text; a pending break of 1 (line) or 2 (paragraph) is written lazily."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0
        self.line_empty = True

    def text(self, value: str, *, raw: bool = False) -> None:
        value = _INVISIBLE_RE.sub("", value)
        if not raw:
            value = re.sub(r"\s+", " ", value)
        if not value:
            return
        if self.line_empty or self.pending:
            value = value.lstrip(" ")
            if not value:
                return
        if self.pending:
            if self.parts:
                self.parts.append("\n" * self.pending)
            self.pending = 0
        elif value.startswith(" ") and self.parts and self.parts[-1].endswith((" ", "\t")):
            value = value.lstrip(" ")
        self.parts.append(value)
        self.line_empty = value.endswith("\n")

    def cell(self) -> None:
        """A table cell's start: a tab unless the line is still empty."""
        if not self.line_empty and not self.pending:
            self.parts.append("\t")

    def brk(self, size: int) -> None:
        if self.parts:
            self.pending = max(self.pending, size)
        self.line_empty = True

    def result(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return text.strip() + "\n"
