"""A reference string as tokens, and each token's features for the sequence labeller.

The same two functions serve training (``training/``) and parsing, so the model always
sees features computed one way. Features follow GROBID's and AnyStyle's citation
models: the word and its shape, punctuation, numbers that look like years or pages,
initials, keywords ("vol.", "pp.", "In:", "et al."), quotes and brackets the token
stands in, and where in the string it is (after how many sentence ends, before or after
the first year).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from asrefs.text import HAN

__all__ = [
    "JOURNAL_WORDS",
    "VOCABULARY",
    "Token",
    "features",
    "journal_words",
    "known_words",
    "tokenize",
    "vocabulary_reset",
]

JOURNAL_WORDS = "journal-words.txt"  # written by training/train.py next to the model
VOCABULARY = "title-words.txt"  # the same: words of titles and journal names in full

_TOKEN_RE = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"“”]+)"
    r"|(?P<doi>10\.[0-9]{4,9}/[^\s<>\"“”]+)"
    rf"|(?P<han>[{HAN}]+)"
    r"|(?P<alnum>[^\W\d_]+[0-9]\w*|[0-9]+[^\W\d_]\w*)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<num>[0-9]+)"
    r"|(?P<other>\w+)"
    r"|(?P<punct>\S)"
)
_TRAILING_PUNCT = ".,;:)]}>"


class Token(NamedTuple):  # a tuple: made by the hundred thousand, cheaply
    text: str
    start: int
    end: int
    kind: str  # url, doi, han, word, num, alnum, punct


def tokenize(text: str) -> list[Token]:
    """Split a reference string into words, numbers, identifiers and punctuation marks."""
    out = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        if kind in ("url", "doi"):
            while end > start + 1 and text[end - 1] in _TRAILING_PUNCT:
                end -= 1
        out.append(Token(text[start:end], start, end, kind))
    return out


_MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    ]
)
_KEYWORDS = frozenset(
    [
        "vol",
        "vols",
        "volume",
        "no",
        "nos",
        "issue",
        "pp",
        "p",
        "pages",
        "page",
        "in",
        "eds",
        "ed",
        "editor",
        "editors",
        "edn",
        "edition",
        "et",
        "al",
        "and",
        "und",
        "&",
        "press",
        "university",
        "univ",
        "publisher",
        "publishers",
        "verlag",
        "inc",
        "ltd",
        "co",
        "journal",
        "j",
        "proceedings",
        "proc",
        "conference",
        "conf",
        "symposium",
        "workshop",
        "thesis",
        "dissertation",
        "phd",
        "report",
        "available",
        "accessed",
        "retrieved",
        "from",
        "online",
        "internet",
        "epub",
        "ahead",
        "print",
        "pmid",
        "pmcid",
        "doi",
        "arxiv",
        "preprint",
        "cited",
        "chapter",
        "chap",
        "suppl",
        "supplement",
        "part",
        "art",
        "article",
    ]
)
_QUOTES_OPEN = "“‘«\"'"
_QUOTES_CLOSE = "”’»\"'"
_YEAR_RE = re.compile(r"(?:1[6-9]|20)[0-9]{2}[a-z]?")
_ROMAN_RE = re.compile(r"[ivxlcdm]+", re.IGNORECASE)


def _shape(text: str) -> str:
    shape: list[str] = []
    for char in text[:8]:
        if char.isupper():
            kind = "X"
        elif char.islower():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        else:
            kind = char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


@lru_cache(maxsize=1)
def journal_words() -> frozenset[str]:
    """Words far more common in journal names than in titles ("rehabil", "nurs", "lett")."""
    path = resources.files("asrefs") / "data" / JOURNAL_WORDS
    if not path.is_file():
        return frozenset()
    return frozenset(path.read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Whole words of titles and journal names, and their beginnings (3+ letters)."""
    path = resources.files("asrefs") / "data" / VOCABULARY
    if not path.is_file():
        return frozenset(), frozenset()
    words = frozenset(path.read_text(encoding="utf-8").split())
    prefixes = {w[:n] for w in words for n in range(3, len(w))}
    return words, frozenset(prefixes)


def known_words() -> frozenset[str]:
    """The whole words of the vocabulary (lower case)."""
    return _vocabulary()[0]


def vocabulary_reset() -> None:
    """Forget the word lists read (after training writes new ones)."""
    journal_words.cache_clear()
    _vocabulary.cache_clear()
    _own_features.cache_clear()


def _lexical(lower: str) -> str | None:
    """ "vocab" for a known word, "abbrev" for the beginning of one ("rehabil", "natl")."""
    words, prefixes = _vocabulary()
    if lower in words:
        return "vocab"
    if len(lower) >= 3 and lower in prefixes:
        return "abbrev"
    return None


_Own = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]
_OFFSETS = (-2, -1, 1, 2)


def _own(token: Token, text: str) -> _Own:
    after = text[token.end : token.end + 1]
    return _own_features(token.text, token.kind, after if after and not after.isspace() else "_")


@lru_cache(maxsize=65536)
def _own_features(word: str, kind: str, after: str) -> _Own:
    """Features of the token alone, and as its neighbours at -2, -1, +1, +2 see them."""
    own = _word_features(word, kind, after)
    seen = []
    for offset in _OFFSETS:
        row = [f"{offset}:{own[0]}"]
        row.extend(f"{offset}:{f}" for f in own[3:] if "=" not in f)
        if abs(offset) == 1:
            row.append(f"{offset}:{own[1]}")
        seen.append(tuple(row))
    return tuple(own), tuple(seen)


def _word_features(word: str, kind: str, after: str) -> list[str]:
    lower = word.casefold()
    out = [f"w={lower}", f"shape={_shape(word)}", f"kind={kind}"]
    if kind == "punct":
        out.append(f"p={word}")
        return out
    out.append(f"len={min(len(word), 8)}")
    if len(word) > 3:
        out.append(f"pre3={lower[:3]}")
        out.append(f"suf3={lower[-3:]}")
    if kind in ("num", "alnum"):
        out.append(f"digits={min(sum(c.isdigit() for c in word), 6)}")
        if _YEAR_RE.fullmatch(word):
            out.append("year")
    elif kind == "word":
        if word.isupper():
            out.append("upper" if len(word) > 1 else "initial")
        elif word[0].isupper():
            out.append("title")
        if lower in _MONTHS:
            out.append("month")
        if len(word) <= 4 and _ROMAN_RE.fullmatch(word):
            out.append("roman")
    if lower in _KEYWORDS:
        out.append("keyword")
    if lower in journal_words():
        out.append("jword")
    if kind == "word":
        lexical = _lexical(lower)
        if lexical:
            out.append(lexical)
    out.append(f"next={after}")
    return out


def _context(tokens: list[Token], text: str) -> list[list[str]]:
    """Where each token stands: sentence ends before it, brackets, quotes, first year."""
    first_year = next(
        (i for i, t in enumerate(tokens) if t.kind != "word" and _YEAR_RE.fullmatch(t.text)),
        len(tokens),
    )
    initials = [t.kind == "word" and len(t.text) <= 3 and t.text.isupper() for t in tokens]
    words = [i for i, t in enumerate(tokens) if t.kind == "word"]
    beside_initials = set()
    for a, b in itertools.pairwise(words):
        if initials[b] and not initials[a]:
            beside_initials.add(a)  # "Smith JM", "Smith, J."
        if initials[a] and not initials[b]:
            beside_initials.add(b)  # "J. Smith"
    out: list[list[str]] = []
    boundaries = depth = 0
    quoted = False
    count = len(tokens)
    for i, token in enumerate(tokens):
        where = [
            f"pos={10 * i // max(count, 1)}",
            f"sent={min(boundaries, 6)}",
            "year<" if i < first_year else ("year=" if i == first_year else "year>"),
        ]
        if i in beside_initials:
            where.append("by-initials")
        if depth:
            where.append("paren")
        if quoted:
            where.append("quoted")
        out.append(where)
        char = token.text
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in _QUOTES_OPEN or char in _QUOTES_CLOSE:
            quoted = not quoted if char in "\"'" else char in _QUOTES_OPEN
        elif char in ".?!" and (token.end >= len(text) or text[token.end].isspace()):
            previous = tokens[i - 1].text if i else ""
            if not (len(previous) == 1 and previous.isupper()):  # not an initial's period
                boundaries += 1
    return out


def _hinted(tokens: list[Token], hints: Sequence[tuple[int, int, str]]) -> list[str | None]:
    """The label of the first hint span each token starts in."""
    out: list[str | None] = [None] * len(tokens)
    for start, end, label in hints:
        for i, token in enumerate(tokens):
            if out[i] is None and start <= token.start < end:
                out[i] = label
    return out


def features(
    tokens: list[Token], text: str, hints: Sequence[tuple[int, int, str]] = ()
) -> list[list[str]]:
    """Each token's features, with those of its neighbours (two on each side); ``hints``
    are character spans the layout rules labelled."""
    own = [_own(token, text) for token in tokens]
    context = _context(tokens, text)
    for row, hint in zip(context, _hinted(tokens, hints), strict=False):
        row.append(f"rule={hint or '-'}")
    out = []
    count = len(tokens)
    for i in range(count):
        row = [*own[i][0], *context[i]]
        if i == 0:
            row.append("BOS")
        if i == count - 1:
            row.append("EOS")
        for n, offset in enumerate(_OFFSETS):
            j = i + offset
            if 0 <= j < count:
                row.extend(own[j][1][n])
        out.append(row)
    return out
