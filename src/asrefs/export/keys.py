"""Citation keys: first author's family name, year and first significant title word, in
lower-case ASCII letters ("zeng2025efficacy"), made unique with a, b, c… suffixes.

CSL-JSON item ids are the same keys.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from asrefs.export.fields import Item, clean, work_of
from asrefs.models import Author, Record, Reference

_ASCII_SPELLINGS = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
}


def _ascii_key_letters(text: str) -> str:
    """Lower-case ASCII letters only: "Müller-Ørsted" → "mullerorsted"."""
    text = "".join(_ASCII_SPELLINGS.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z")


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "and",
        "or",
        "nor",
        "to",
        "at",
        "by",
        "with",
        "from",
        "into",
        "onto",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "it",
        "their",
        "this",
        "that",
        "these",
        "those",
        "via",
        "vs",
        "versus",
        "about",
        "toward",
        "towards",
        "upon",
        "do",
        "does",
        "not",
        "no",
    ]
)


def _key_name(authors: tuple[Author, ...]) -> str:
    if not authors:
        return ""
    first = authors[0]
    if first.collective:
        return _first_significant_word(first.family)
    return _ascii_key_letters(first.family)


def _first_significant_word(text: str | None) -> str:
    for word in clean(text).split(" "):
        folded = _ascii_key_letters(word)
        if folded and folded not in _STOPWORDS:
            return folded
    return ""


def bibtex_key(reference: Reference, record: Record | None) -> str:
    """The base citation key: first author's family name, year, first significant title
    word, in lower-case ASCII letters ("zeng2025efficacy"). Not disambiguated."""
    work = work_of(reference, record)
    name = _key_name(work.authors)
    year = str(work.year) if work.year else ""
    word = _first_significant_word(work.title)
    if not (name or year or word):
        return f"ref{reference.index}"
    return f"{name or 'anon'}{year}{word}"


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


def bibtex_keys(items: list[Item]) -> list[str]:
    """One unique key per item, in list order. A reference's own key (a BibTeX input's)
    is kept, the first of a repeated one; the others are made (``bibtex_key``), and a
    key already taken gets an a, b, c… suffix."""
    own: dict[int, str] = {}
    taken: set[str] = set()
    for i, (ref, _) in enumerate(items):
        if ref.key and ref.key.lower() not in taken:
            own[i] = ref.key
            taken.add(ref.key.lower())
    bases = [ref.key or bibtex_key(ref, rec) for ref, rec in items]
    counts = Counter(b for i, b in enumerate(bases) if i not in own)
    used = set(taken) | {b for b in counts if counts[b] == 1 and b.lower() not in taken}
    out: list[str] = []
    for i, base in enumerate(bases):
        if i in own or (counts[base] == 1 and base.lower() not in taken):
            out.append(base)
            continue
        n = 0
        while (candidate := base + _suffix(n)).lower() in used:
            n += 1
        used.add(candidate.lower())
        out.append(candidate)
    return out
