"""Comparison keys of the fields a printed reference and a registry record share.

A printed value and a registered one are compared through these keys: a title without
spaces, a family name's spellings (particles dropped, umlauts transliterated), a volume
or issue without its label and leading zeros, a page range with a truncated end
expanded, an ISSN's characters, a journal name's words, a date's parts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from types import MappingProxyType

from asrefs.models import Record
from asrefs.text import display_title, fold, normalise_title, strip_markup, words

# Words an abbreviated journal title drops (ISO 4 / NLM).
_JOURNAL_STOP_TEXT = "of the and in for on at to an de des la le et fur und der die"
_JOURNAL_STOP = frozenset(_JOURNAL_STOP_TEXT.split())
# Particles a family name may be printed with or without ("van", "de", "bin").
_PARTICLES_TEXT = (
    "van von der den de del della dalla di da du la le des dos das do ten ter zu af "
    "al el bin ibn st"
)
_PARTICLES = frozenset(_PARTICLES_TEXT.split())
_GERMAN = MappingProxyType({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Every dash a page range or an issue may be printed with.
DASHES = "-‐‑‒–—―−"
_DASH = re.compile(f"[{DASHES}]")
_ISSUE_DASH = re.compile(f"\\s*[{DASHES}/]\\s*")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_VOLUME_PREFIX = re.compile(r"^(?:volume|vol\.?|v\.)\s*")
_ISSUE_PREFIX = re.compile(r"^(?:issue|iss\.?|number|no\.?|nr\.?|n[°º])\s*")
_PAGES_PREFIX = re.compile(r"^(?:pages?|pp?\.|art(?:icle)?\.?\s*(?:no\.?|number)?|e-?locator)\s*")
_SPACES = re.compile(r"\s+")
_NOT_ISSN = re.compile(r"[^0-9X]")
# NLM's qualifiers: a place in parentheses, a medium in brackets ("PeerJ [Internet]")
_PARENTHESES = re.compile(r"\([^)]*\)|\[(?:internet|online|electronic resource)\]", re.I)
_JOURNAL_WORD = re.compile(r"[^\W_]+(\.)?")


def title_key(text: str) -> str:
    """The normalised title without spaces: "KRAS / NRAS" == "KRAS/NRAS", "TNFα" == "TNF-alpha"."""
    return normalise_title(text).replace(" ", "")


def full_title(rec: Record) -> str | None:
    """The record's title with its subtitle joined by ": " (unless already included)."""
    if not rec.title:
        return None
    title = display_title(rec.title)
    if rec.subtitle:
        sub = display_title(rec.subtitle)
        if normalise_title(sub) and normalise_title(sub) not in normalise_title(title):
            title = f"{title.rstrip(' .:')}: {sub}"
    return title


@functools.lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Comparison keys of a family name: with and without particles, accents folded,
    German umlauts also transliterated; hyphens, spaces and apostrophes ignored."""
    keys: set[str] = set()
    if name.isascii():
        variants: tuple[str, ...] = (name.casefold(),)
    else:
        base = unicodedata.normalize("NFKC", name).casefold()
        variants = (base, "".join(_GERMAN.get(ch, ch) for ch in base))
    for variant in variants:
        parts = [w for w in words(fold(variant)) if not w.isdigit()]
        if not parts:
            continue
        keys.add("".join(parts))
        core = [w for w in parts if w not in _PARTICLES]
        if core:
            keys.add("".join(core))
    return frozenset(keys)


def first_initial(given: str) -> str:
    """The first letter of a given name, folded ("" when there is none)."""
    parts = words(fold(given))
    return parts[0][0] if parts else ""


@functools.lru_cache(maxsize=16384)
def parse_date(iso: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO date of any precision ("2012", "2012-03")."""
    m = _ISO_DATE.match(iso.strip())
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return int(m.group(1)), month, day


@functools.lru_cache(maxsize=16384)
def norm_volume(value: str) -> str:
    """A volume without its label ("Vol. 12") and leading zeros."""
    v = fold(value).strip()
    v = _VOLUME_PREFIX.sub("", v)
    v = v.strip(" .,;:()[]")
    return (v.lstrip("0") or v) if v.isdigit() else v


@functools.lru_cache(maxsize=16384)
def norm_issue(value: str) -> str:
    """An issue without its label ("No. 3") and leading zeros, any dash as "-"."""
    v = fold(value).strip()
    v = _ISSUE_PREFIX.sub("", v)
    v = v.strip(" .,;:()[]")
    v = _ISSUE_DASH.sub("-", v)
    v = _SPACES.sub(" ", v)
    return (v.lstrip("0") or v) if v.isdigit() else v


_PAGE_PREFIX = re.compile(r"^([a-z]*)([0-9]+)$")


@functools.lru_cache(maxsize=16384)
def page_range(value: str) -> tuple[str, str | None]:
    """(first, last) of a page range, a truncated end expanded: "1979-87" -> 1979, 1987."""
    v = fold(value).strip()
    v = _PAGES_PREFIX.sub("", v)
    v = v.strip(" .,;:()[]")
    parts = [p.strip() for p in _DASH.split(v, maxsplit=1)]
    first = parts[0]
    last = parts[1] if len(parts) > 1 and parts[1] else None
    prefix = _PAGE_PREFIX.match(first)  # "D34-38", "E862-70": the letter belongs to both
    if last and last.isdigit() and prefix:
        letters, digits = prefix.groups()
        if len(last) < len(digits):
            last = digits[: len(digits) - len(last)] + last
        last = letters + last
    if last == first:
        last = None
    return first, last


def norm_issn(value: str) -> str:
    """An ISSN's digits and check character."""
    return _NOT_ISSN.sub("", value.upper())


@functools.lru_cache(maxsize=16384)
def journal_tokens(name: str) -> tuple[tuple[str, bool], ...]:
    """Journal words (folded, stop words dropped) with a flag "printed with a dot"."""
    text = unicodedata.normalize("NFKC", strip_markup(name))
    text = _PARENTHESES.sub(" ", text)  # "Rheumatology (Oxford)", "PeerJ [Internet]"
    text = fold(text).replace("&", " and ")
    out = []
    for m in _JOURNAL_WORD.finditer(text):
        word = m.group(0).rstrip(".")
        if word not in _JOURNAL_STOP:
            out.append((word, m.group(1) is not None))
    return tuple(out)
