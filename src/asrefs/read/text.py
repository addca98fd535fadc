"""Plain text (.txt, .text, no suffix, standard input), and the normalisation every
article's text gets, whatever its input format.

Plain text is decoded (see encoding) and read as it is, Markdown-like markup included (a
file is read as Markdown only when named .md or .markdown; see markdown). Line ends are
normalised to "\\n" so that line numbers in reports are those an editor sees (for
Markdown too; for HTML and Word, those of the extracted text).
"""

from __future__ import annotations

import re

from asrefs.read.encoding import decode

TEXT_SUFFIXES = {".txt", ".text", ""}

# Control characters other than the tab and the line end: never part of an article, and
# an escape sequence (ESC [ 2 J, an OSC hyperlink) would reach the reader's terminal.
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_text(data: bytes, name: str) -> tuple[str, str]:
    """A text file's text and encoding."""
    return decode(data, name)


def normalise_text(text: str) -> str:
    """Line ends to \\n; NUL bytes and other control characters (escape sequences) dropped:
    they are never part of an article, and would reach a terminal through the report."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS_RE.sub("", text) if _CONTROLS_RE.search(text) else text
