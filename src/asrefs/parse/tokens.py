"""A reference string as tokens, and each token's features for the sequence labeller.

The same two functions serve training (``training/``) and parsing, so the model always
sees features computed one way. Features follow GROBID's and AnyStyle's citation
models: the word and its shape, punctuation, numbers that look like years or pages,
initials, keywords ("vol.", "pp.", "In:", "et al."), quotes and brackets the token
stands in, and where in the string it is (after how many sentence ends, before or after
the first year), and whether it is part of a known journal name (:mod:`gazetteer`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from asrefs.dates import PRINTED_YEAR
from asrefs.parse.gazetteer import journal_tags
from asrefs.text import HAN

__all__ = [
    "JOURNAL_WORDS",
    "VOCABULARY",
    "Token",
    "encoded_features",
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
    at = 0
    for chunk in text.split():  # no token crosses a space
        base = text.index(chunk, at)  # only spaces stand between ``at`` and the chunk
        at = base + len(chunk)
        for word, start, end, kind in _chunk_tokens(chunk):
            out.append(_new_token(Token, (word, base + start, base + end, kind)))
    return out


_new_token = tuple.__new__  # Token(...) without the Python-level constructor


@lru_cache(maxsize=65536)
def _chunk_tokens(chunk: str) -> tuple[tuple[str, int, int, str], ...]:
    """The tokens of a run of characters without spaces, at offsets in the run."""
    out = []
    for match in _TOKEN_RE.finditer(chunk):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        if kind in ("url", "doi"):
            while end > start + 1 and chunk[end - 1] in _TRAILING_PUNCT:
                end -= 1
        out.append((chunk[start:end], start, end, kind))
    return tuple(out)


_MONTHS = frozenset(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
     "dec", "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december", "spring", "summer", "autumn", "fall", "winter")
)  # fmt: skip
_KEYWORDS = frozenset(
    ("vol", "vols", "volume", "no", "nos", "issue", "pp", "p", "pages", "page", "in", "eds",
     "ed", "editor", "editors", "edn", "edition", "et", "al", "and", "und", "&", "press",
     "university", "univ", "publisher", "publishers", "verlag", "inc", "ltd", "co", "journal",
     "j", "proceedings", "proc", "conference", "conf", "symposium", "workshop", "thesis",
     "dissertation", "phd", "report", "available", "accessed", "retrieved", "from", "online",
     "internet", "epub", "ahead", "print", "pmid", "pmcid", "doi", "arxiv", "preprint",
     "cited", "chapter", "chap", "suppl", "supplement", "part", "art", "article")
)  # fmt: skip
_QUOTES_OPEN = "“‘«\"'"
_QUOTES_CLOSE = "”’»\"'"
_YEAR_RE = re.compile(rf"{PRINTED_YEAR}[a-z]?")
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


class _Facts(NamedTuple):
    """What the features of a token's place need to know of the token alone."""

    number: bool  # not a word, and holds a digit ("2019", "e1234", "3rd")
    number_word: bool  # names the number after it ("Vol.", "no.", "pp.", "Heft")
    year: bool  # a printed year ("2019", "2019a")
    initial: bool | None  # a word of up to three capitals ("J", "JM"); None: no word
    capital: bool  # one capital letter ("J" of "J."), whose period is its own


_Features = tuple[bytes, ...]
# a token's own features, then as its neighbours at -2, -1, +1 and +2 see them, and its
# facts (all known from the token alone, so kept for each distinct one)
_Own = tuple[_Features, _Features, _Features, _Features, _Features, _Facts]
_OFFSETS = (-2, -1, 1, 2)
_NOTHING: _Own = ((), (), (), (), (), _Facts(False, False, False, None, False))  # past either end


@lru_cache(maxsize=65536)
def _own_features(word: str, kind: str, after: str) -> _Own:
    """Features of the token alone, as its neighbours at -2, -1, +1, +2 see them, and
    its facts."""
    facts = _Facts(
        number=kind != "word" and any(c.isdigit() for c in word),
        number_word=word.casefold() in _NUMBER_WORDS,
        year=kind != "word" and bool(_YEAR_RE.fullmatch(word)),
        initial=(len(word) <= 3 and word.isupper()) if kind == "word" else None,
        capital=len(word) == 1 and word.isupper(),
    )
    own = _word_features(word, kind, after, facts.year)
    seen = []
    for offset in _OFFSETS:
        row = [f"{offset}:{own[0]}"]
        row.extend(f"{offset}:{f}" for f in own[3:] if "=" not in f)
        if abs(offset) == 1:
            row.append(f"{offset}:{own[1]}")
        seen.append(tuple(f.encode() for f in row))
    return tuple(f.encode() for f in own), seen[0], seen[1], seen[2], seen[3], facts


def _word_features(word: str, kind: str, after: str, year: bool) -> list[str]:
    lower = word.casefold()
    # A number is known by its form, not its value: a model that learnt "2013" as a
    # year and "2024" as a page would misread every reference newer than its data.
    if year:
        identity = "w=<year>"
    elif kind == "num":
        identity = f"w=<{min(len(word), 6)} digits>"
    else:
        identity = f"w={lower}"
    out = [identity, f"shape={_shape(word)}", f"kind={kind}"]
    if kind == "punct":
        out.append(f"p={word}")
        return out
    out.append(f"len={min(len(word), 8)}")
    if len(word) > 3 and kind != "num" and not year:
        out.append(f"pre3={lower[:3]}")
        out.append(f"suf3={lower[-3:]}")
    if kind in ("num", "alnum"):
        out.append(f"digits={min(sum(c.isdigit() for c in word), 6)}")
        if year:
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


# Features are kept as UTF-8 bytes, the form CRFsuite reads without converting each again.
_POS = tuple(f"pos={n}".encode() for n in range(10))
_SENT = tuple(f"sent={n}".encode() for n in range(7))
_YEAR_BEFORE, _YEAR_AT, _YEAR_AFTER = b"year<", b"year=", b"year>"
_TO_NUMBER = (b"tonum=0", b"tonum=1", b"tonum=2", b"tonum=3+", b"tonum=none")


def _beside_initials(facts: list[_Facts]) -> set[int]:
    """Words next to a run of initials: "Smith" in "Smith JM", "Smith, J." and "J. Smith"."""
    out = set()
    last, last_initial = -1, False  # the word before, and whether it is an initial
    for i, fact in enumerate(facts):
        initial = fact.initial
        if initial is None:
            continue  # no word
        if last >= 0 and initial != last_initial:
            out.add(last if initial else i)
        last, last_initial = i, initial
    return out


_NUMBER_WORDS = frozenset(
    ("v", "vol", "vols", "volume", "no", "nos", "nr", "n", "n°", "issue", "iss", "pp", "p",
     "pages", "page", "heft", "h", "jg", "bd", "t", "tome", "tomo", "fasc")
)  # fmt: skip


def _spaced(token: Token, text: str) -> bool:
    """Whether a space or the end of the text follows the token."""
    return token.end >= len(text) or text[token.end].isspace()


def _after_initial(facts: list[_Facts], i: int) -> bool:
    """Whether the token before the i-th is an initial ("J" of "J."), so a period is its."""
    return i > 0 and facts[i - 1].capital


def _to_number(tokens: list[Token], text: str, facts: list[_Facts]) -> list[bytes]:
    """How many ", . ; :" marks stand between each token and the next number: a journal's
    name is printed just before its volume, a title a mark or two further on."""
    out: list[bytes] = []
    marks: int | None = None  # None until a number is met (from the end); counted up to 3
    for i in range(len(tokens) - 1, -1, -1):
        token, fact = tokens[i], facts[i]
        if fact.number:
            marks = 0
        elif marks is None:
            pass  # no number follows
        elif marks <= 1 and fact.number_word:
            marks = 0  # "Vol. 208", "no. 4", "Heft 3": the word is the number's
        elif (
            token.kind == "punct"
            and token.text in ",.;:"
            and _spaced(token, text)
            and not (token.text == "." and _after_initial(facts, i))
        ):
            marks = min(marks + 1, 3)
        out.append(_TO_NUMBER[4] if marks is None else _TO_NUMBER[marks])
    out.reverse()
    return out


@lru_cache(maxsize=1024)
def _positions(count: int) -> tuple[bytes, ...]:
    """Each token's place in tenths of an entry of ``count`` tokens."""
    return tuple(_POS[10 * i // count] for i in range(count))


def _context(tokens: list[Token], text: str, facts: list[_Facts]) -> list[list[bytes]]:
    """Where each token stands: sentence ends before it, brackets, quotes, first year."""
    count = len(tokens)
    first_year = next((i for i, fact in enumerate(facts) if fact.year), count)
    beside_initials = _beside_initials(facts)
    out: list[list[bytes]] = []
    boundaries = depth = 0
    sentence = _SENT[0]
    quoted = False
    places = zip(tokens, _positions(count), _to_number(tokens, text, facts), strict=True)
    for i, ((char, _, _, kind), position, to_number) in enumerate(places):
        year = _YEAR_BEFORE if i < first_year else (_YEAR_AT if i == first_year else _YEAR_AFTER)
        where = [position, sentence, year, to_number]
        if i in beside_initials:
            where.append(b"by-initials")
        if depth:
            where.append(b"paren")
        if quoted:
            where.append(b"quoted")
        out.append(where)
        if kind != "punct":
            continue  # only a mark (one character) opens, closes or ends anything
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in _QUOTES_OPEN or char in _QUOTES_CLOSE:
            quoted = not quoted if char in "\"'" else char in _QUOTES_OPEN
        elif char in ".?!" and _spaced(tokens[i], text) and not _after_initial(facts, i):
            boundaries += 1  # a sentence ends here, not an initial
            sentence = _SENT[min(boundaries, 6)]
    return out


def _rule_features(tokens: list[Token], hints: Sequence[tuple[int, int, str]]) -> list[bytes]:
    """Each token's ``rule=`` feature: the label of the first hint span it starts in
    ("-" for none)."""
    out = [_rule_feature("-")] * len(tokens)
    if not hints:
        return out
    starts = [token.start for token in tokens]
    for start, end, label in reversed(hints):  # the first span written last wins
        feature = _rule_feature(label)
        for i in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
            out[i] = feature
    return out


def features(
    tokens: list[Token],
    text: str,
    hints: Sequence[tuple[int, int, str]] = (),
    *,
    names: bool = True,
) -> list[list[str]]:
    """Each token's features, with those of its neighbours (two on each side); ``hints``
    are character spans the layout rules labelled; ``names=False`` leaves out the known
    journal names (training does, now and then, so the model does not lean on them)."""
    rows = encoded_features(tokens, text, hints, names=names)
    return [[f.decode() for f in row] for row in rows]


def encoded_features(
    tokens: list[Token],
    text: str,
    hints: Sequence[tuple[int, int, str]] = (),
    *,
    names: bool = True,
) -> list[list[bytes]]:
    """:func:`features` as UTF-8 bytes, as the labeller gives them to CRFsuite."""
    if not tokens:
        return []
    # a token's features, with the character printed right after it ("_" for a space)
    own = [
        _own_features(word, kind, text[end : end + 1].strip() or "_")
        for word, _, end, kind in tokens
    ]
    context = _context(tokens, text, [mine[-1] for mine in own])  # each one's facts
    tags = journal_tags(tokens) if names else [None] * len(tokens)
    for row, rule, name in zip(context, _rule_features(tokens, hints), tags, strict=True):
        row.append(rule)
        if name:
            row.append(name)
    context[0].append(b"BOS")
    context[-1].append(b"EOS")
    # each token's features, where it stands, then what its neighbours at -2, -1, +1 and
    # +2 say of themselves (_own_features' [1] to [4]; nothing past either end)
    padded = [_NOTHING, _NOTHING, *own, _NOTHING, _NOTHING]
    return [
        [*me[0], *where, *a[1], *b[2], *c[3], *d[4]]
        for me, where, a, b, c, d in zip(
            own, context, padded, padded[1:], padded[3:], padded[4:], strict=False
        )
    ]


@lru_cache(maxsize=64)
def _rule_feature(label: str) -> bytes:
    return f"rule={label}".encode()
