"""How the stand-in compares text when it looks records up: DOI keys, word tokens
without stop words, and normalised words."""

from __future__ import annotations

import re


def word_list(text: str) -> tuple[str, ...]:
    """Split on spaces; an underscore stands for a space inside one entry."""
    return tuple(w.replace("_", " ") for w in text.split())


_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_TAG_RE = re.compile(r"<[^>]+>")
_STOPWORDS = frozenset(
    word_list("a an and are as at by for from in into is of on or the to with via et al")
)


def norm_doi(doi: str) -> str:
    """The lookup key of a DOI: no resolver prefix, lower case."""
    doi = doi.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
    return doi.lower()


def tokens(text: str) -> list[str]:
    """The lower-cased words of ``text`` without markup and stop words."""
    text = _TAG_RE.sub(" ", text)
    return [t for t in _TOKEN_RE.findall(text.lower()) if t not in _STOPWORDS]


def norm_words(text: str) -> str:
    """The lower-cased words of ``text`` without markup, joined by single spaces."""
    return " ".join(_TOKEN_RE.findall(_TAG_RE.sub(" ", text).lower()))
