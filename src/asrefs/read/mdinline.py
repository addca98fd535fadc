"""The inline part of Markdown reading: a paragraph's tokens (markdown-it-py) and HTML
(inline tags, HTML blocks; read with the standard library's HTML parser) -> lines of text.

Emphasis and code markup goes; a line break in the source is a line break in the text, so
each line holds what its source line shows. A link shows its text, and its target when
that is an identifier (see ``link_identifier``) the text does not print: in place of a
short text in the run of links that ends a line ("… 519–527. [Link](https://doi.org/…)"
-> "… 519–527. https://doi.org/…"), else after the text and its closing punctuation. A
link whose text is a citation number stays a bracketed marker ("[1]"). In HTML,
``<a href>`` is a link, ``<br>`` a space, a ``<sup>`` holding a citation list a marker
(see markers); other tags are dropped, with what scripts and styles hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import unquote

from asrefs.read.markers import SUP_LIST_RE, superscript_marker

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["CITATION_LABEL_RE", "LineWriter", "html_lines", "inline_lines", "link_identifier"]

_DOI_URL_RE = re.compile(r"^https?://(?:dx\.|www\.)?doi\.org/(10\.[0-9]{4,9}/\S+)$", re.I)
_PUBMED_URL_RE = re.compile(
    r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/"
    r"([0-9]{1,9})(?:[/?#]\S*)?$",
    re.I,
)
_PMC_URL_RE = re.compile(
    r"^https?://(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles|pmc\.ncbi\.nlm\.nih\.gov/articles"
    r"|europepmc\.org/articles?)/(?:pmc/)?(PMC[0-9]{1,10})(?:[/?#]\S*)?$",
    re.I,
)
_ARXIV_URL_RE = re.compile(r"^https?://(?:www\.)?arxiv\.org/abs/\S+$", re.I)
# A link reference definition's label that numbers a reference ("[1]: …", "[^1]: …").
CITATION_LABEL_RE = re.compile(r"^\^?[0-9]{1,5}$")
# A link's text that is a citation number or list ("1", "2,3", "4-6", "^7"); a year is not.
_CITATION_TEXT_RE = re.compile(
    r"^(?:\^[0-9]{1,4}|[\[［]?\s*[0-9]{1,3}(?:\s*[-–—,，]\s*[0-9]{1,3})*\s*[\]］]?)$"
)
_SKIP_TAGS = frozenset(("script", "style", "template", "noscript", "head", "svg"))
_VOID_TAGS = frozenset(("br", "img", "hr", "input", "meta", "link", "wbr"))


def link_identifier(href: str) -> str | None:
    """The identifier a link's target is, written as an article prints it: a DOI's
    address ("https://doi.org/10.…"), "PMID: 123", "PMCID: PMC123", an arXiv address;
    None for any other target."""
    href = href.strip()
    if _DOI_URL_RE.match(href) or _ARXIV_URL_RE.match(href):
        return href
    match = _PUBMED_URL_RE.match(href)
    if match:
        return f"PMID: {match.group(1)}"
    match = _PMC_URL_RE.match(href)
    if match:
        return f"PMCID: {match.group(1).upper()}"
    return None


def _prints(text: str, identifier: str) -> bool:
    """Whether ``text`` already prints ``identifier`` (a link's text and its target)."""
    doi = _DOI_URL_RE.match(identifier)
    if doi:
        return unquote(doi.group(1)).lower() in unquote(text).lower()
    number = identifier.rsplit(" ", 1)[-1]
    if number.upper().startswith("PMC"):
        number = number[3:]
    elif "arxiv.org/abs/" in identifier:
        number = identifier.rsplit("/abs/", 1)[1]
    return bool(re.search(rf"(?<![0-9]){re.escape(number)}(?![0-9])", text, re.I))


@dataclass
class _Span:
    """An open link or superscript: where its text starts in the writer's lines."""

    kind: str  # "a" or "sup"
    href: str | None
    line: int
    column: int


@dataclass
class _Target:
    """A link on one line: the columns of its text, and the identifier its target is
    when the text does not print it."""

    line: int
    start: int
    end: int
    identifier: str | None


class LineWriter:
    """Lines of text written one piece at a time; a source line break starts a new line."""

    def __init__(self, definitions: Mapping[str, str] | None = None) -> None:
        self.lines = [""]
        self.spans: list[_Span] = []
        self.targets: list[_Target] = []
        self.definitions = definitions or {}  # link reference definitions: label -> target

    def text(self, value: str) -> None:
        parts = value.split("\n")
        self.lines[-1] += parts[0]
        for part in parts[1:]:
            self.lines.append(part)

    def breaks(self, count: int) -> None:
        self.lines.extend([""] * count)

    def open(self, kind: str, href: str | None = None) -> None:
        self.spans.append(_Span(kind, href, len(self.lines) - 1, len(self.lines[-1])))

    def close(self, kind: str) -> None:
        """Close the innermost open span of ``kind`` (and any opened inside it)."""
        while any(s.kind == kind for s in self.spans):
            span = self.spans.pop()
            if span.kind == kind:
                self._close(span)
                return

    def finish(self) -> list[str]:
        """The lines, with the identifiers links hold written in: in place of a short text
        in the run of links that ends a line ("… 519–527. [Link](https://doi.org/…)"),
        else after the text ("[A linked title](https://doi.org/…)")."""
        while self.spans:
            self._close(self.spans.pop())
        run: dict[int, int | None] = {}  # line -> where its closing run of links starts
        for target in reversed(self.targets):  # right to left: columns to the left hold
            line = self.lines[target.line]
            after = run.get(target.line, len(line))
            at_end = after is not None and not line[target.end : after].strip(" .,;")
            run[target.line] = target.start if at_end else None
            if target.identifier is None:
                continue
            if at_end and len(line[target.start : target.end].split()) <= 3:
                line = line[: target.start] + target.identifier + line[target.end :]
            else:  # after the punctuation that closes the text: "Title. https://doi…"
                end = target.end + len(line[target.end :]) - len(line[target.end :].lstrip(".,;:"))
                line = f"{line[:end]} {target.identifier}{line[end:]}"
            self.lines[target.line] = line
        return self.lines

    def _close(self, span: _Span) -> None:
        one_line = span.line == len(self.lines) - 1
        shown = self.lines[-1][span.column :] if one_line else None
        if span.kind == "sup":
            if shown is not None and SUP_LIST_RE.match(shown.strip()):
                self.lines[-1] = self.lines[-1][: span.column] + superscript_marker(shown)
            return
        identifier = link_identifier(span.href or "")
        seen = "\n".join(self.lines[span.line :])[span.column :] if shown is None else shown
        if identifier and _prints(seen, identifier):
            return
        if shown is not None and _CITATION_TEXT_RE.match(shown.strip()):
            # A citation number made a link ("[1]" with a definition "[1]: …"): a marker.
            if not shown.startswith(("[", "［")):
                self.lines[-1] = self.lines[-1][: span.column] + self._marker(shown, span.href)
        elif shown is not None and shown.strip():
            end = len(self.lines[-1])
            self.targets.append(_Target(span.line, span.column, end, identifier))
        elif identifier:  # over several lines, or no text: after it
            self.lines[-1] = f"{self.lines[-1].rstrip()} {identifier}".lstrip()

    def _marker(self, shown: str, href: str | None) -> str:
        """ "[1]", or "[1][2]" when the link was "[1][2]": the text 1, the target of 2."""
        label = shown.strip()
        marker = f"[{label}]"
        if self.definitions.get(label) != href:
            other = [
                k for k, v in self.definitions.items() if v == href and CITATION_LABEL_RE.match(k)
            ]
            marker += f"[{other[0]}]" if other else ""
        return marker

    def tag(self, name: str, attrs: list[tuple[str, str | None]], closing: bool) -> None:
        """An HTML tag met in the text: links, superscripts and line breaks are read."""
        if closing:
            if name in ("a", "sup"):
                self.close(name)
        elif name == "a":
            self.open("a", dict(attrs).get("href") or "")
        elif name == "sup":
            self.open("sup")
        elif name == "br":
            self.text(" ")


class _TagReader(HTMLParser):
    """Reads HTML into a LineWriter: text, tags (see LineWriter.tag), and the line
    breaks inside tags and comments, so that the writer's lines stay the source's."""

    def __init__(self, writer: LineWriter) -> None:
        super().__init__(convert_charrefs=True)
        self.writer = writer
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag_breaks()
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif not self.skipping:
            self.writer.tag(tag, attrs, closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag_breaks()
        if not self.skipping:
            self.writer.tag(tag, attrs, closing=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping and tag not in _VOID_TAGS:
            self.writer.tag(tag, [], closing=True)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            self.writer.breaks(data.count("\n"))
        else:
            self.writer.text(re.sub(r"[ \t]+", " ", data))

    def handle_comment(self, data: str) -> None:
        self.writer.breaks(data.count("\n"))

    def handle_decl(self, decl: str) -> None:
        self.writer.breaks(decl.count("\n"))

    def handle_pi(self, data: str) -> None:
        self.writer.breaks(data.count("\n"))

    def unknown_decl(self, data: str) -> None:
        self.writer.breaks(data.count("\n"))

    def _tag_breaks(self) -> None:
        self.writer.breaks((self.get_starttag_text() or "").count("\n"))


def html_lines(html: str) -> list[str]:
    """The lines an HTML block shows, one per source line."""
    writer = LineWriter()
    reader = _TagReader(writer)
    reader.feed(html)
    reader.close()
    return [" ".join(line.split()) for line in writer.finish()]


def inline_lines(children: list[Token], definitions: Mapping[str, str]) -> list[str]:
    """The lines a paragraph's inline tokens show, one per source line; ``definitions``
    are the document's link reference definitions (label -> target)."""
    writer = LineWriter(definitions)
    html = _TagReader(writer)
    for token in children:
        kind = token.type
        if kind in ("text", "code_inline"):
            writer.text(token.content)
        elif kind in ("softbreak", "hardbreak"):
            writer.breaks(1)
        elif kind == "link_open":
            writer.open("a", str(token.attrGet("href") or ""))
        elif kind == "link_close":
            writer.close("a")
        elif kind == "image":  # not text; its alternative text's line breaks still count
            writer.breaks(sum(c.type in ("softbreak", "hardbreak") for c in token.children or ()))
        elif kind == "html_inline":
            html.feed(token.content)  # a whole tag or comment, read at once
    return writer.finish()
