"""Known journal names, found in an entry's tokens: a feature of the sequence labeller.

GROBID's citation model takes lexicon features ("is this token part of a known journal
title?"); this is the same for asrefs. The names, full and abbreviated (with or without
periods), are those of JabRef's journal abbreviation lists (CC0; ``data/journal-names.txt.gz``,
written by ``training/journal_names.py``, provenance in training/SOURCES.md). A name is
compared by its words, case and accents folded, "&" read as "and", punctuation skipped,
so "Nat. Struct. Mol. Biol.", "Nat Struct Mol Biol" and "Nature Structural & Molecular
Biology" are each found however they are punctuated.
"""

from __future__ import annotations

import bisect
import gzip
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Protocol

__all__ = [
    "NAMES",
    "Token",
    "journal_tags",
    "known_name",
    "load",
    "name_key",
    "name_words",
    "reset",
]


class Token(Protocol):  # asrefs.parse.tokens.Token, which asks this module for features
    @property
    def text(self) -> str: ...

    @property
    def kind(self) -> str: ...


NAMES = "journal-names.txt.gz"
_WORD_KINDS = frozenset({"word", "alnum", "num", "han"})


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(tokens: Iterable[Token]) -> list[tuple[int, str]]:
    """The tokens a name is compared by, with their positions: words and numbers folded,
    "&" as "and"; other punctuation is skipped."""
    out = []
    for i, token in enumerate(tokens):
        if token.kind in _WORD_KINDS:
            out.append((i, _fold(token.text)))
        elif token.text == "&":
            out.append((i, "and"))
    return out


def name_key(words: Sequence[str]) -> str:
    return " ".join(words)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[list[str], frozenset[str], frozenset[str], int]:
    """The names sorted, as a set, the first words of the names of two words or more, and
    the longest name's length in words."""
    path = resources.files("asrefs") / "data" / NAMES
    if not path.is_file():
        return [], frozenset(), frozenset(), 0
    names = sorted(gzip.decompress(path.read_bytes()).decode().splitlines())
    longest = max((name.count(" ") + 1 for name in names), default=0)
    first = frozenset(name.split(" ", 1)[0] for name in names if " " in name)
    return names, frozenset(names), first, longest


@lru_cache(maxsize=16384)
def _begins_a_name(key: str) -> bool:
    """Whether a longer name starts with the words of ``key``; kept, as the same few
    openings ("journal of", "proceedings of the") are asked for in entry after entry."""
    names = _lexicon()[0]
    key += " "
    at = bisect.bisect_left(names, key)
    return at < len(names) and names[at].startswith(key)


def load() -> int:
    """Read the names (once); how many there are."""
    return len(_lexicon()[1])


def reset() -> None:
    """Forget the names read (after ``training/journal_names.py`` writes new ones)."""
    _lexicon.cache_clear()
    _begins_a_name.cache_clear()


def known_name(tokens: Sequence[Token]) -> bool:
    """Whether the tokens' words, all of them, are a known journal name."""
    words = [word for _, word in name_words(tokens)]
    return bool(words) and name_key(words) in _lexicon()[1]


def journal_tags(tokens: Sequence[Token]) -> list[bytes | None]:
    """For each token, where it stands in the longest known journal name found there
    (left to right, names not overlapping): ``jname=B`` first word, ``I`` inside, ``E``
    last word, ``S`` a one-word name; punctuation inside a name is ``I``; None outside."""
    _, known, opens_longer, longest = _lexicon()
    out: list[bytes | None] = [None] * len(tokens)
    if not known:
        return out
    words = name_words(tokens)
    at = 0
    while at < len(words):
        key = words[at][1]
        found = 1 if key in known else 0
        if key in opens_longer:  # a set look-up for the first word, a search for the next
            for n in range(at + 1, min(len(words), at + longest)):
                key = f"{key} {words[n][1]}"
                if key in known:
                    found = n - at + 1
                if not _begins_a_name(key):
                    break
        if not found:
            at += 1
            continue
        first, last = words[at][0], words[at + found - 1][0]
        if first == last:
            out[first] = _TAGS["S"]
        else:
            for i in range(first, last + 1):
                out[i] = _TAGS["I"]
            out[first], out[last] = _TAGS["B"], _TAGS["E"]
        at += found
    return out


_TAGS = {tag: f"jname={tag}".encode() for tag in "BIES"}
