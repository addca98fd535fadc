"""Reading an article: bytes -> Article (decoded text with a line map).

Owns the input formats and encoding detection:

* plain text and Markdown (.txt, .md, standard input): a BOM first, then strict UTF-8,
  then charset-normalizer; binary input is rejected with a clear error;
* HTML (.html, .htm, including pages pasted from WeChat and other sites), read with
  BeautifulSoup: scripts, styles, hidden and navigation elements are dropped, block
  elements become paragraphs (separated by a blank line), ``<br>`` a line break,
  headings Markdown headings ("## References"), ordered-list items get the number the
  browser shows ("1. ", honouring ``start``, ``value`` and ``type``), table cells are
  separated by a tab; a ``<sup>`` that holds a citation list becomes Unicode
  superscripts ("<sup>1,3</sup>" -> "¹,³", which the claims module reads as markers and
  as exponents after a unit, like "m²"), or stays as printed when bracketed
  ("<sup>[1]</sup>" -> "[1]");
* Word (.docx), read with python-docx: paragraphs, tables and content controls in
  document order, automatic list numbers recovered from numbering.xml and printed as
  Word shows them ("1. ", "[1] "), tracked changes as if accepted (insertions kept,
  deletions dropped), hidden text and field codes dropped, superscript citation runs as
  above, footnote and endnote marks as superscript numbers with the notes appended
  under "# Footnotes" / "# Endnotes" headings as a numbered list.

Line ends are normalised to "\\n" so that line numbers in reports are those an editor
sees (for HTML and Word, those of the extracted text).
"""

from __future__ import annotations

import codecs
import io
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asrefs.errors import InputError
from asrefs.models import Article

MAX_ARTICLE_BYTES = 200 * 1024 * 1024  # a file (a .docx with its images) or standard input
# The text asrefs reads: a long review is a few hundred thousand characters, a thesis a
# few million. Ten million take 12 to 30 s and about 200 MB; a 100 MB text would take
# minutes and gigabytes, so it is refused (it is not an article) rather than left to run.
MAX_TEXT_CHARS = 10_000_000
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
ARTICLE_SUFFIXES = tuple(sorted(TEXT_SUFFIXES - {""} | HTML_SUFFIXES | DOCX_SUFFIXES))

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MESSAGE = "looks like a binary file, not an article (expected text, HTML or .docx)"
# Declared encodings that name a subset of what is really sent: decode with the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
)


def decode(data: bytes, name: str = "input", declared: str | None = None) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises InputError for binary data.

    Order: a byte-order mark, strict UTF-8, UTF-16 without a BOM (recognised by its
    zero bytes), the encoding the document declares (``declared``, from an HTML
    ``<meta charset>``), then charset-normalizer's best guess.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(data.decode(utf16, errors="replace"), utf16, name)
    if declared:
        encoding = _SUPERSETS.get(declared.lower(), declared.lower())
        try:
            return _checked(data.decode(encoding), encoding, name)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: detect
    text, encoding = _detect(data, name)
    return _checked(text, encoding, name)


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    if not text.strip("\ufeff \t\r\n\f\v"):  # a byte-order mark and nothing else
        raise InputError(f"{name}: the file is empty")
    if _looks_binary(text):
        raise InputError(f"{name}: {_BINARY_MESSAGE}")
    return text, encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        other = even if zeros is odd else odd
        if zeros.count(0) >= half * 0.3 and other.count(0) == 0:
            try:
                data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data[: 1024 * 1024] if len(data) > 4 * 1024 * 1024 else data)
    best = results.best()
    if best is None:
        raise InputError(f"{name}: {_BINARY_MESSAGE}")
    # Single-byte Latin encodings often tie; Windows-1252 (a superset of Latin-1's
    # printable characters) is by far the commonest of them in documents.
    tied = {m.encoding for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    chosen = "cp1252" if "cp1252" in tied else best.encoding
    if chosen != "cp1252" and not _multibyte(chosen) and _western(data):
        try:
            guessed = data.decode(_SUPERSETS.get(chosen, chosen), errors="replace")
        except LookupError:
            guessed = ""
        if _garbled(guessed):
            chosen = "cp1252"  # "café in Zürich", which the guess made "cafķ in Z³rich"
    encoding = _SUPERSETS.get(chosen, chosen)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: cannot decode the file as {encoding}: {exc}") from exc


_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")
_WESTERN_MARKS = frozenset("’‘“”–—…°€£§©®«»·•")


def _multibyte(encoding: str) -> bool:
    """Whether an encoding reads two bytes as one character (GB18030, Big5, Shift_JIS…)."""
    try:
        return any(
            len(pair.decode(encoding, errors="replace")) == 1 for pair in (b"\xb0\xa1", b"\x88\x9f")
        )
    except LookupError:
        return False


def _western(data: bytes) -> bool:
    """Whether ``data`` reads as Windows-1252 text with a few accented letters inside
    ASCII words ("café", "Zürich", "naïve") and typographic marks.

    charset-normalizer guesses poorly on such text (there is little to go on: a
    Latin-1 "café in Zürich" comes out as the Baltic "cafķ in Z³rich"). Windows-1252 is
    preferred only when the guess is garbled (a Polish "żółw" read as Windows-1250 is
    not), and a text in another single-byte script (Cyrillic, Greek) has whole words of
    non-ASCII letters, which this rejects."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return _accented_words(text)


_INSIDE_WORD_RE = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])")


def _garbled(text: str) -> bool:
    """A replacement character, or a symbol inside an ASCII word ("Z³rich")."""
    return "\ufffd" in text or any(
        not m.group().isalpha() and m.group() not in _WESTERN_MARKS
        for m in _INSIDE_WORD_RE.finditer(text)
    )


def _accented_words(text: str) -> bool:
    """Whether every run of non-ASCII characters in ``text`` is a typographic mark or at
    most two letters inside an ASCII word (and there is at least one)."""
    runs = 0
    for match in _NON_ASCII_RUN_RE.finditer(text):
        run = match.group()
        if all(ch in _WESTERN_MARKS for ch in run):
            continue
        if len(run) > 2 or not all(ch.isalpha() or ch in _WESTERN_MARKS for ch in run):
            return False
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if not (before.isascii() and before.isalpha()) and not (
            after.isascii() and after.isalpha()
        ):
            return False
        runs += 1
    return runs > 0


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x00")
    nuls = sample.count("\x00")
    return nuls > len(sample) // 10 or controls > len(sample) // 20


# Control characters other than the tab and the line end: never part of an article, and
# an escape sequence (ESC [ 2 J, an OSC hyperlink) would reach the reader's terminal.
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """Line ends to \\n; NUL bytes and other control characters (escape sequences) dropped:
    they are never part of an article, and would reach a terminal through the report."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS_RE.sub("", text) if _CONTROLS_RE.search(text) else text


def read_article(path: str) -> Article:
    """Read an article from a path, or from standard input when path is "-".

    The format follows the file name's suffix; standard input is recognised by its
    content (a Word package, an HTML document, else text).
    """
    data, name = _read_bytes(path)
    suffix = Path(path).suffix.lower() if path != "-" else ""
    kind = _kind(suffix, name) if path != "-" else _sniff(data)
    if kind == "docx":
        return Article(
            path=path,
            text=_bounded(normalise_text(docx_to_text(data, name)), name),
            encoding="utf-8",
            format="docx",
        )
    if kind == "html":
        match = _META_CHARSET_RE.search(data[:8192])
        declared = match.group(1).decode("ascii") if match else None
        text, encoding = decode(data, name, declared)
        return Article(
            path=path,
            text=_bounded(normalise_text(html_to_text(text)), name),
            encoding=encoding,
            format="html",
        )
    if len(data) > 4 * MAX_TEXT_CHARS:  # more characters than allowed in any encoding
        raise InputError(_too_long(name))
    text, encoding = decode(data, name)
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return Article(
        path=path, text=_bounded(normalise_text(text), name), encoding=encoding, format=fmt
    )


def _too_long(name: str) -> str:
    return (
        f"{name}: the text is longer than {MAX_TEXT_CHARS:,} characters, "
        "which is not an article; split it"
    )


def _bounded(text: str, name: str) -> str:
    """The article's text, or an InputError when it is longer than MAX_TEXT_CHARS."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(_too_long(name))
    return text


def _read_bytes(path: str) -> tuple[bytes, str]:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        name = path
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a folder, not an article")
        try:
            if p.stat().st_size > MAX_ARTICLE_BYTES:
                raise InputError(
                    f"{path}: the file is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
                )
            # Bounded even when the size is unknown: a pipe, /dev/stdin, a device.
            with p.open("rb") as fh:
                data = fh.read(MAX_ARTICLE_BYTES + 1)
        except PermissionError as exc:
            raise InputError(f"{path}: permission denied") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{name}: the input is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
        )
    return data, name


def _kind(suffix: str, name: str) -> str:
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix == ".doc":
        raise InputError(f"{name}: a .doc file (Word 97-2003) cannot be read: save it as .docx")
    return "text"


def _sniff(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]:
        return "docx"
    head = data[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and (b"<body" in data[:8192].lower() or b"<p>" in head)
    ):
        return "html"
    return "text"


# ---------------------------------------------------------------------------
# Superscript citation markers, shared by HTML and Word
# ---------------------------------------------------------------------------

_SUP_LIST_RE = re.compile(
    r"^[\[［(（]?\s*[0-9]{1,4}(?:\s*[-–—~,，、;]\s*[0-9]{1,4})*\s*[\]］)）]?$"
)
_TO_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript_marker(text: str) -> str:
    """The text of a superscript: a citation list becomes Unicode superscripts.

    "1" -> "¹", "1,3" -> "¹,³", "2-5" -> "²⁻⁵"; a bracketed list stays as printed
    ("[1]", "[2-4]"); anything else ("th", "®") is returned unchanged.
    """
    stripped = text.strip()
    if not stripped or not _SUP_LIST_RE.match(stripped):
        return text
    if stripped[0] in "[［(（":
        return stripped
    compact = re.sub(r"\s+", "", stripped).replace("–", "-").replace("—", "-")
    return compact.translate(_TO_SUPERSCRIPT)


# ---------------------------------------------------------------------------
# Plain-text writer: paragraphs, line breaks and collapsed whitespace
# ---------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\ufeff\u00ad]")


class _Writer:
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


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

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
_LEADING_MARKER_RE = re.compile(
    r"^\s*(?:[\[［(（]\s*[0-9０-９]{1,5}\s*[\]］)）]|[0-9]{1,5}\s*[.)．、])"
)


@dataclass
class _ListState:
    ordered: bool
    next_number: int = 1
    style: str = "1"
    step: int = 1


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

    soup = BeautifulSoup(html, "html.parser")
    out = _Writer()
    lists: list[_ListState] = []
    pre_depth = 0
    stack: list[tuple[Any, bool]] = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            out.text(str(node).replace("\r\n", "\n") if pre_depth else str(node), raw=pre_depth > 0)
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if closing:
            if name == "pre":
                pre_depth -= 1
            if name in ("ol", "ul") and lists:
                lists.pop()
            if name in _BLOCK_TAGS or name == "li" or _heading_level(name):
                out.brk(2)
            continue
        if name in _SKIP_TAGS or _hidden(node):
            continue
        if name == "br":
            out.brk(1)
            continue
        if name == "sup":
            inner = node.get_text()
            if _SUP_LIST_RE.match(inner.strip()):
                out.text(superscript_marker(inner))
                continue
        if name in ("td", "th"):
            out.cell()
        level = _heading_level(name)
        if level:
            out.brk(2)
            out.text("#" * level + " ")
        elif name in _BLOCK_TAGS:
            out.brk(2)
        if name == "pre":
            pre_depth += 1
        if name in ("ol", "ul"):
            lists.append(_list_state(node, name == "ol"))
        if name == "li":
            out.brk(2)
            prefix = _list_item_prefix(node, lists)
            if prefix:
                out.text(prefix + " ")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    return out.result()


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
    if _LEADING_MARKER_RE.match(node.get_text()):
        return None  # the item prints its own number ("[1] ...")
    return _format_number(number, state.style) + "."


def _format_number(number: int, style: str) -> str:
    if style in ("a", "A") and number > 0:
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I") and 0 < number < 4000:
        roman = _roman(number)
        return roman if style == "I" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out


# ---------------------------------------------------------------------------
# Word (.docx)
# ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text Word does not show as part of the paragraph.
_DOCX_SKIP = frozenset(
    _W + name
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
_CHINESE_DIGITS = "〇一二三四五六七八九"


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """numbering.xml: list definitions and the running counters of each list."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, lvl) -> start
    level_overrides: dict[tuple[str, int], _Level] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list ``num_id`` at level ``ilvl``; the label Word shows, if any."""
        abstract_id = self.nums.get(num_id)
        if abstract_id is None or abstract_id not in self.abstract:
            return None
        levels = self.abstract[abstract_id]
        level = self.level_overrides.get((num_id, ilvl)) or levels.get(ilvl) or _Level()
        counters = self.counters.setdefault(abstract_id, {})
        if (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            if (num_id, ilvl) in self.overrides:
                counters.pop(ilvl, None)
                level = _Level(self.overrides[(num_id, ilvl)], level.fmt, level.text)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return None

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = self.level_overrides.get((num_id, index)) or levels.get(index) or _Level()
            value = counters.get(index, shown.start)
            return _docx_number(value, shown.fmt if index != ilvl else level.fmt)

        return re.sub(r"%([1-9])", substitute, level.text).strip() or None


def _docx_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        return _format_number(value, "a" if fmt == "lowerLetter" else "A")
    if fmt in ("lowerRoman", "upperRoman"):
        return _format_number(value, "i" if fmt == "lowerRoman" else "I")
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt.startswith(("chineseCounting", "ideographTraditional", "chineseLegalSimplified")):
        return _chinese_number(value)
    return str(value)


def _chinese_number(value: int) -> str:
    if not 0 < value < 100:
        return str(value)
    tens, units = divmod(value, 10)
    out = ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" if tens else ""
    return out + (_CHINESE_DIGITS[units] if units else "")


def _attr(element: Any, name: str) -> str | None:
    value = element.get(_W + name)
    return value if isinstance(value, str) else None


def _child(element: Any, name: str) -> Any:
    return element.find(_W + name) if element is not None else None


def _load_numbering(root: Any) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(_W + "abstractNum"):
        ident = _attr(abstract, "abstractNumId")
        if ident is not None:
            numbering.abstract[ident] = {
                int(_attr(lvl, "ilvl") or 0): _level(lvl) for lvl in abstract.iter(_W + "lvl")
            }
    for num in root.iter(_W + "num"):
        ident = _attr(num, "numId")
        abstract_ref = _child(num, "abstractNumId")
        if ident is None or abstract_ref is None:
            continue
        numbering.nums[ident] = _attr(abstract_ref, "val") or ""
        for override in num.iter(_W + "lvlOverride"):
            ilvl = int(_attr(override, "ilvl") or 0)
            start = _child(override, "startOverride")
            if start is not None and (_attr(start, "val") or "").isdigit():
                numbering.overrides[(ident, ilvl)] = int(_attr(start, "val") or 1)
            lvl = _child(override, "lvl")
            if lvl is not None:
                numbering.level_overrides[(ident, ilvl)] = _level(lvl)
    return numbering


def _level(lvl: Any) -> _Level:
    start = _child(lvl, "start")
    fmt = _child(lvl, "numFmt")
    text = _child(lvl, "lvlText")
    start_value = _attr(start, "val") if start is not None else None
    return _Level(
        int(start_value) if start_value and start_value.isdigit() else 1,
        (_attr(fmt, "val") if fmt is not None else None) or "decimal",
        (_attr(text, "val") if text is not None else None) or "",
    )


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num: tuple[str, int] | None = None
    outline: int | None = None


def _load_styles(root: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root.iter(_W + "style"):
        ident = _attr(style, "styleId")
        if ident is None:
            continue
        name = _child(style, "name")
        based = _child(style, "basedOn")
        ppr = _child(style, "pPr")
        styles[ident] = _Style(
            (_attr(name, "val") if name is not None else None) or ident,
            _attr(based, "val") if based is not None else None,
            _num_pr(ppr),
            _outline(ppr),
        )
    return styles


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    num_pr = _child(ppr, "numPr")
    if num_pr is None:
        return None
    num_id = _child(num_pr, "numId")
    ilvl = _child(num_pr, "ilvl")
    ident = _attr(num_id, "val") if num_id is not None else None
    level = _attr(ilvl, "val") if ilvl is not None else None
    if ident is None:
        return None
    return ident, int(level) if level and level.isdigit() else 0


def _outline(ppr: Any) -> int | None:
    outline = _child(ppr, "outlineLvl")
    value = _attr(outline, "val") if outline is not None else None
    return int(value) if value and value.isdigit() and int(value) < 9 else None


@dataclass
class _DocxContext:
    numbering: _Numbering
    styles: dict[str, _Style]
    notes: dict[str, dict[str, Any]]  # "footnote"/"endnote" -> id -> element
    note_numbers: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"footnote": {}, "endnote": {}}
    )

    def style_chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on


MAX_DOCX_XML_BYTES = 128 * 1024 * 1024  # the XML of a long thesis is a few tens of MB
MAX_DOCX_UNPACKED_BYTES = 1024 * 1024 * 1024  # python-docx holds every part in memory


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
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: not a Word (.docx) file: it is not a ZIP package")
    _check_unpacked_size(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(f"{name}: cannot read the Word file: {exc}") from exc
    part = document.part
    roots: dict[str, Any] = {}
    for rel in part.rels.values():
        if rel.is_external:
            continue
        kind = {
            RT.NUMBERING: "numbering",
            RT.STYLES: "styles",
            RT.FOOTNOTES: "footnote",
            RT.ENDNOTES: "endnote",
        }.get(rel.reltype)
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
    notes: dict[str, dict[str, Any]] = {}
    for kind in ("footnote", "endnote"):
        notes[kind] = {}
        if kind in roots:
            for note in roots[kind].iter(_W + kind):
                ident = _attr(note, "id")
                if ident is not None and _attr(note, "type") in (None, "normal"):
                    notes[kind][ident] = note
    context = _DocxContext(
        _load_numbering(roots.get("numbering")), _load_styles(roots.get("styles")), notes
    )
    out = _Writer()
    _docx_blocks(document.element.body, context, out)
    for kind, heading in (("footnote", "Footnotes"), ("endnote", "Endnotes")):
        numbers = context.note_numbers[kind]
        if not numbers:
            continue
        out.brk(2)
        out.text(f"# {heading}")
        for ident, number in sorted(numbers.items(), key=lambda item: item[1]):
            note = notes[kind][ident]
            texts = [_docx_paragraph(p, context) for p in note.iter(_W + "p")]
            out.brk(2)
            out.text(f"{number}. " + " ".join(t.strip() for t in texts if t.strip()))
    return out.result()


def _docx_blocks(container: Any, context: _DocxContext, out: _Writer) -> None:
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            line = _docx_line(child, context)
            if line.strip():
                out.brk(2)
                out.text(line, raw=True)
                out.brk(2)
        elif tag == _W + "tbl":
            for row in child.iter(_W + "tr"):
                out.brk(2)
                for cell in row.iter(_W + "tc"):
                    texts = [_docx_line(p, context) for p in cell.iter(_W + "p")]
                    content = " ".join(" ".join(t.split()) for t in texts if t.strip())
                    if content:
                        out.cell()
                        out.text(content)
                out.brk(2)
        elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"):
            _docx_blocks(child, context, out)


def _docx_line(paragraph: Any, context: _DocxContext) -> str:
    """A paragraph as one line: its list label, then its text; headings as "# …"."""
    ppr = _child(paragraph, "pPr")
    style_ref = _child(ppr, "pStyle")
    style_id = _attr(style_ref, "val") if style_ref is not None else None
    chain = list(context.style_chain(style_id))
    num = _num_pr(ppr) or next((s.num for s in chain if s.num is not None), None)
    text = _docx_paragraph(paragraph, context)
    if not text.strip():
        if num is not None and num[0] != "0":
            context.numbering.label(*num)  # an empty item still takes its number
        return ""
    label = context.numbering.label(*num) if num is not None and num[0] != "0" else None
    if label:
        text = f"{label} {text.lstrip()}"
    outline = _outline(ppr)
    if outline is None:
        outline = next((s.outline for s in chain if s.outline is not None), None)
    level = _heading_style_level(chain) or (outline + 1 if outline is not None else 0)
    if level:
        text = "#" * min(level, 6) + " " + " ".join(text.split())
    return text


def _heading_style_level(chain: list[_Style]) -> int:
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
        if tag == _W + "r":
            parts.append(_docx_run(child, context))
        elif tag == _W + "p":  # a nested paragraph (a text box kept by a producer)
            parts.append(" ")
            _docx_inline(child, context, parts)
        else:
            _docx_inline(child, context, parts)


def _docx_run(run: Any, context: _DocxContext) -> str:
    rpr = _child(run, "rPr")
    if rpr is not None and _flag(_child(rpr, "vanish")):
        return ""
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
            kind = "footnote" if tag == _W + "footnoteReference" else "endnote"
            ident = _attr(child, "id")
            if ident is not None and ident in context.notes[kind]:
                numbers = context.note_numbers[kind]
                numbers.setdefault(ident, len(numbers) + 1)
                return str(numbers[ident]).translate(_TO_SUPERSCRIPT)
    text = "".join(parts)
    vert = _child(rpr, "vertAlign")
    if vert is not None and _attr(vert, "val") == "superscript":
        return superscript_marker(text)
    return text


def _flag(element: Any) -> bool:
    if element is None:
        return False
    value = _attr(element, "val")
    return value not in ("0", "false", "off")
