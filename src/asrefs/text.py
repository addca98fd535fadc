"""Text normalisation shared by every stage: one fold, one set of script ranges, and the
normalised title that comparisons, matching and search all use.

Nothing here knows about references or records; it only turns strings into comparable
strings.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

# Chinese characters (CJK Unified Ideographs, Extension A, Compatibility Ideographs).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Every East Asian script asrefs meets: Han, Japanese kana, Korean Hangul syllables.
CJK = HAN + "\u3040-\u30ff\uac00-\ud7af"

_CJK_RE = re.compile(f"[{CJK}]")
_HAN_RE = re.compile(f"[{HAN}]")
_TAG = re.compile(r"<[^<>]*>")
_BETWEEN_TAGS = re.compile(r">\s+<")
_XML_HIDDEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S
)
_WORD = re.compile(r"[^\W_]+")
_GREEK = re.compile("[\u0370-\u03ff\u00b5]")
_PREFIX_STATUS = re.compile(
    r"^\s*(retracted(?:\s+article)?|withdrawn(?:\s+article)?|expression of concern)\s*[:.\-–—]\s*",
    re.I,
)


_NOTICE = re.compile(
    r"^\W*(?:correction|corrigendum|erratum|retraction|retracted|expression of concern|"
    r"reply|response|comment|author correction|publisher correction)\b",
    re.IGNORECASE,
)


def is_notice(title: str) -> bool:
    """Whether a title is a notice's about another work ("Correction: …", "Retraction
    notice to: …", "Reply to …")."""
    return bool(_NOTICE.match(title))


def has_cjk(text: str) -> bool:
    """True when the text holds a Chinese, Japanese or Korean character."""
    return _CJK_RE.search(text) is not None


def has_han(text: str) -> bool:
    """True when the text holds a Chinese character."""
    return _HAN_RE.search(text) is not None


def strip_markup(text: str) -> str:
    """Remove HTML/JATS/MathML tags and decode entities (twice: "&amp;lt;i&amp;gt;")."""
    if "<" not in text and "&" not in text:
        return text
    text = _BETWEEN_TAGS.sub("><", text)
    for _ in range(2):
        text = _TAG.sub("", html.unescape(text))
    return text


def xml_unmarked(text: str) -> str:
    """XML source with its comments, CDATA sections, processing instructions and document
    type declaration made spaces (line ends kept, so offsets and lines hold): every "<"
    left in it opens or closes an element."""
    return _XML_HIDDEN.sub(_blanked, text)


def _blanked(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _greek_name(m: re.Match[str]) -> str:
    name = unicodedata.name(m.group(0), "")
    return f" {name.rsplit(' ', 1)[-1].lower()} " if "LETTER" in name else m.group(0)


def greek_to_names(text: str) -> str:
    """Greek letters spelled out: "TNFα" → "TNF alpha "."""
    return _GREEK.sub(_greek_name, text)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, case-folded, accents removed: the one fold every comparison uses."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def words(text: str) -> list[str]:
    """Words: punctuation, symbols and dashes are separators."""
    return _WORD.findall(text)


@functools.lru_cache(maxsize=16384)
def normalise_title(text: str) -> str:
    """A title reduced to lower-case words: no markup, entities, accents, punctuation,
    dashes; Greek letters spelled out; a leading "RETRACTED:" removed."""
    text = strip_markup(text)
    text = unicodedata.normalize("NFKC", text)
    text = _PREFIX_STATUS.sub("", text)
    return " ".join(words(fold(greek_to_names(text))))


@functools.lru_cache(maxsize=16384)
def display_title(text: str) -> str:
    """A registry title as a person reads it: markup removed, whitespace collapsed, no
    final period (PubMed ends every title with one)."""
    text = " ".join(unicodedata.normalize("NFKC", strip_markup(text)).split())
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text
