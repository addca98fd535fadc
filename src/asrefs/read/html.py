"""HTML (.html, .htm, .xhtml, including pages pasted from WeChat and other sites) ->
text, read with BeautifulSoup.

Scripts, styles, hidden and navigation elements are dropped; block elements become
paragraphs (separated by a blank line), ``<br>`` a line break, headings Markdown
headings ("## References"); ordered-list items get the number the browser shows ("1. ",
honouring ``start``, ``value``, ``type`` and ``reversed``); table cells are separated by
a tab; a ``<sup>`` that holds a citation list becomes a marker (see markers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from asrefs.read.encoding import decode
from asrefs.read.markers import LEADING_MARKER_RE, SUP_LIST_RE, list_number, superscript_marker
from asrefs.read.writer import TextWriter

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
)

_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "nav",
        "audio",
        "video",
        "map",
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "aside",
        "main",
        "header",
        "footer",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "address",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "form",
        "fieldset",
        "hr",
        "center",
        "details",
        "summary",
        "body",
        "html",
    ]
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class _ListState:
    ordered: bool
    next_number: int = 1
    style: str = "1"
    step: int = 1


def read_html(data: bytes, name: str) -> tuple[str, str]:
    """An HTML file's text and encoding; a charset its ``<meta>`` declares is tried before
    detection (see encoding)."""
    match = _META_CHARSET_RE.search(data[:8192])
    declared = match.group(1).decode("ascii") if match else None
    text, encoding = decode(data, name, declared)
    return html_to_text(text), encoding


def html_to_text(html: str) -> str:
    """The readable text of an HTML document (see the module's docstring for the rules)."""
    from bs4 import BeautifulSoup
    from bs4.element import (
        Comment,
        Declaration,
        Doctype,
        NavigableString,
        ProcessingInstruction,
        Tag,
    )

    reader = _HtmlReader()
    # Depth first without recursion: a page can nest elements deeper than Python recurses.
    stack: list[tuple[Any, bool]] = [(BeautifulSoup(html, "html.parser"), False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                reader.string(str(node))
        elif isinstance(node, Tag):
            name = (node.name or "").lower()
            if closing:
                reader.close(name)
            elif reader.open(node, name):
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
    return reader.out.result()


class _HtmlReader:
    """Writes the text of the elements it is walked through, in document order."""

    def __init__(self) -> None:
        self.out = TextWriter()
        self.lists: list[_ListState] = []
        self.pre_depth = 0

    def string(self, text: str) -> None:
        if self.pre_depth:
            self.out.text(text.replace("\r\n", "\n"), raw=True)
        else:
            self.out.text(text)

    def open(self, node: Any, name: str) -> bool:
        """Write what comes before an element's content; False when the content is skipped
        (hidden, or already written)."""
        if name in _SKIP_TAGS or _hidden(node):
            return False
        if name == "br":
            self.out.brk(1)
            return False
        if name == "sup":
            inner = node.get_text()
            if SUP_LIST_RE.match(inner.strip()):
                self.out.text(superscript_marker(inner))
                return False
        if name in ("td", "th"):
            self.out.cell()
        level = _heading_level(name)
        if level:
            self.out.brk(2)
            self.out.text("#" * level + " ")
        elif name in _BLOCK_TAGS:
            self.out.brk(2)
        if name == "pre":
            self.pre_depth += 1
        if name in ("ol", "ul"):
            self.lists.append(_list_state(node, name == "ol"))
        if name == "li":
            self.out.brk(2)
            prefix = _list_item_prefix(node, self.lists)
            if prefix:
                self.out.text(prefix + " ")
        return True

    def close(self, name: str) -> None:
        if name == "pre":
            self.pre_depth -= 1
        if name in ("ol", "ul") and self.lists:
            self.lists.pop()
        if name in _BLOCK_TAGS or name == "li" or _heading_level(name):
            self.out.brk(2)


def _heading_level(name: str) -> int:
    if len(name) == 2 and name[0] == "h" and name[1] in "123456":
        return int(name[1])
    return 0


def _hidden(node: Any) -> bool:
    attrs = node.attrs or {}
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE_RE.search(style))


def _int_attr(node: Any, name: str) -> int | None:
    value = node.get(name)
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,6}\s*", value):
        return int(value)
    return None


def _list_state(node: Any, ordered: bool) -> _ListState:
    reversed_ = node.get("reversed") is not None
    start = _int_attr(node, "start")
    kind = node.get("type")
    style = kind if isinstance(kind, str) and kind in ("1", "a", "A", "i", "I") else "1"
    if start is None:
        start = len(node.find_all("li", recursive=False)) if reversed_ else 1
    return _ListState(ordered, start, style, -1 if reversed_ else 1)


def _list_item_prefix(node: Any, lists: list[_ListState]) -> str | None:
    """The number the browser shows before an <li> of an <ol> ("3."), else None."""
    if not lists or not lists[-1].ordered:
        return None
    state = lists[-1]
    value = _int_attr(node, "value")
    number = value if value is not None else state.next_number
    state.next_number = number + state.step
    if LEADING_MARKER_RE.match(node.get_text()):
        return None  # the item prints its own number ("[1] ...")
    return list_number(number, state.style) + "."
