"""Markdown (.md, .markdown) -> text, read with markdown-it-py (CommonMark, with tables).

The text is what a reader of the rendered page sees, line for line: line n of the text
shows what line n of the file shows, so line numbers in reports are the file's (columns
are those of the shown text). Emphasis, code, links and HTML are read as in mdinline.
Headings stay Markdown headings ("## References"), and a paragraph that is one bold span
stays a bold line ("**Notes**"): later stages read both as headings. Text underlined
with "---" or "===" over several lines, or longer than a heading, is a paragraph followed
by a rule, as it was meant (a list with a rule under it). An ordered list's
items get the numbers the page shows ("1." "1." "1." -> 1, 2, 3), unless an item prints
its own ("1. [1] Smith…"), and a bullet list's items the bullet "• "; an item's further
lines are indented under its first. Table cells are separated by a tab. A link reference
definition with a citation label (``[1]: https://doi.org/… "Smith J. …"``), which a page
does not show, is kept as an entry "[1] Smith J. … https://doi.org/…"; other definitions
show nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from asrefs.read.markers import LEADING_MARKER_RE
from asrefs.read.mdinline import CITATION_LABEL_RE, html_lines, inline_lines, link_identifier

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["MARKDOWN_SUFFIXES", "markdown_to_text"]

MARKDOWN_SUFFIXES = {".md", ".markdown"}

_NUMBER_MARKER_RE = re.compile(r"[0-9]+\. $")
_MAX_HEADING = 100  # characters: longer "headings" underlined with --- are paragraphs


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def markdown_to_text(source: str) -> str:
    """The text a Markdown document shows, one line per source line (the source's line
    ends already normalised to "\\n")."""
    env: dict[str, Any] = {}
    tokens = _parser().parse(source, env)
    definitions = env.get("references", {})
    page = _Page(source.split("\n"), {k: str(v.get("href") or "") for k, v in definitions.items()})
    for token in tokens:
        page.token(token)
    for label, definition in definitions.items():
        page.definition(label, definition)
    return "\n".join(line.rstrip() for line in page.out)


@dataclass
class _List:
    ordered: bool
    next_number: int = 1


@dataclass
class _Page:
    """The shown text, line by line, and the open lists, items and headings."""

    source: list[str]
    definitions: dict[str, str]  # link reference definitions: label -> target
    out: list[str] = field(init=False)
    lists: list[_List] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # open items' indentation
    pending: str | None = None  # the next line's prefix: an item's number or bullet
    heading: tuple[str, int | None] | None = None  # the open heading's "## ", underline
    cell: bool = False

    def __post_init__(self) -> None:
        self.out = [""] * len(self.source)

    def token(self, token: Token) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            self.lists.append(_List(kind == "ordered_list_open", int(start or 1)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self._open_item()
        elif kind == "list_item_close":
            self.widths.pop()
            self.pending = None
        elif kind == "heading_open" and token.map:
            underline = token.map[1] - 1 if token.markup in ("=", "-") else None
            self.heading = ("#" * int(token.tag[1]) + " ", underline)
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            self.cell = kind.endswith("_open")
        elif kind == "inline" and token.map:
            self._inline(token, *token.map)
        elif kind in ("code_block", "fence") and token.map:
            first = token.map[0] + (kind == "fence")
            lines = token.content.split("\n")
            self._place(first, lines[:-1] if lines[-1] == "" else lines, token.map[1])
        elif kind == "html_block" and token.map:
            self._place(token.map[0], html_lines(token.content), token.map[1])
        elif kind == "hr" and token.map:
            self._place(token.map[0], ["---"], token.map[1])

    def definition(self, label: str, definition: dict[str, Any]) -> None:
        """A link reference definition: kept as an entry when its label is a number."""
        where = definition.get("map")
        if not where or not CITATION_LABEL_RE.match(label):
            return
        href = str(definition.get("href") or "")
        shown = [f"[{label}]", str(definition.get("title") or ""), link_identifier(href) or href]
        self._place(where[0], [" ".join(part for part in shown if part)], where[1])

    def _open_item(self) -> None:
        current = self.lists[-1] if self.lists else _List(False)
        marker = "• "
        if current.ordered:
            marker = f"{current.next_number}. "
            current.next_number += 1
        prefix = self.pending if self.pending is not None else self._indent()
        self.pending = prefix + marker
        self.widths.append(len(marker))

    def _indent(self, line: int | None = None) -> str:
        """The indentation of a line: under the open list items, else the source's."""
        if self.widths:
            return " " * sum(self.widths)
        if line is None or line >= len(self.source):
            return ""
        text = self.source[line]
        return text[: len(text) - len(text.lstrip(" \t"))]

    def _inline(self, token: Token, start: int, end: int) -> None:
        children = list(token.children or ())
        lines = inline_lines(children, self.definitions)
        if self.cell:
            row = self.out[start]
            self.out[start] = f"{row}\t{lines[0]}" if row else lines[0]
            return
        heading, self.heading = self.heading, None
        rule = heading[1] if heading and _setext_paragraph(token.content) else None
        if heading is not None and rule is None:
            prefix = self.pending if self.pending is not None else self._indent()
            self.pending = prefix + heading[0]
        elif heading is None and _one_bold_span(children) and self.pending is None:
            lines = [f"**{lines[0].strip()}**"]
        # A break markdown-it does not keep (in a code span, a link's title) leaves the
        # paragraph short: its last lines stay empty rather than shift the next block.
        self._place(start, lines, end)
        if rule is not None:  # "text⏎---" over a paragraph: the text, then a rule
            self.out[rule] = "---"

    def _place(self, start: int, lines: list[str], end: int) -> None:
        """Write a block's lines from line ``start``; lines beyond ``end`` join the last."""
        end = min(end, len(self.out))
        if start >= end:
            return
        if len(lines) > end - start:
            lines = [*lines[: end - start - 1], " ".join(lines[end - start - 1 :])]
        for i, text in enumerate(lines):
            line = start + i
            self.out[line] = self._prefix(line, text) + text.strip() if text.strip() else ""

    def _prefix(self, line: int, text: str) -> str:
        if self.pending is None:
            return self._indent(line)
        prefix, self.pending = self.pending, None
        if LEADING_MARKER_RE.match(text):  # the item prints its own number
            prefix = _NUMBER_MARKER_RE.sub("", prefix)
        return prefix


def _setext_paragraph(content: str) -> bool:
    """Whether the text of a heading underlined with "---" or "===" is a paragraph rather
    than a heading: over several lines, or longer than a heading is (a reference, or a
    whole list, followed by a rule without a blank line between)."""
    return "\n" in content or len(content) > _MAX_HEADING


def _one_bold_span(children: list[Token]) -> bool:
    """Whether a paragraph is a single bold span on one line ("**Notes**")."""
    children = [c for c in children if c.type != "text" or c.content.strip()]
    if len(children) < 3 or children[0].type != "strong_open":
        return False
    depth = 0
    for i, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            return False
        depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
        if depth == 0:
            return i == len(children) - 1
    return False
