"""The printed reference string read with the record in hand.

The parse of a reference string can be wrong (the journal's first word read into the
title, the volume into the journal, a colon taken for the end of the authors) while the
string itself is right. So before a field is called different, its registered value is
looked for in the printed string: the title as a run of words (case, accents and
punctuation aside), the journal name word by word with abbreviations ("J Biol Chem" for
"Journal of Biological Chemistry"), a volume, issue or year as a number standing alone,
pages in any printed form ("402–8" for 402-408), an author's family name with the
initial of the given name beside it. A field is wrong only when the record's value
cannot be found in the printed string *and* the parse gives a conflicting value: each
field's check asks :func:`printed` the first question before it weighs the parse.

Values are looked for outside the printed links and identifiers; the journal, volume,
issue and pages after the title, the authors before it (when the title is found).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from asrefs.checks.findings import identifier_spans
from asrefs.checks.normalise import (
    DASHES,
    first_initial,
    full_title,
    journal_tokens,
    name_keys,
)
from asrefs.models import Author, Record, Reference
from asrefs.text import fold, greek_to_names, has_cjk, normalise_title, words

Span = tuple[int, int]

_TOKEN = re.compile(r"[^\W_]+")
_NUMBER_TEXT = r"[A-Za-z]{0,2}\d+[A-Za-z]?"
_NUMBER = re.compile(rf"(?<![\w.]){_NUMBER_TEXT}(?!\w)")
_RANGE = re.compile(rf"(?<![\w.]){_NUMBER_TEXT}\s*[{DASHES}]\s*[A-Za-z]{{0,2}}\d+(?!\w)")
_INITIALS = re.compile(r"[A-Z]{1,3}\b|[A-Z][a-z]?\.")
# What stands before and after a whole field: punctuation, brackets, markup, a number.
_FIELD_BEFORE = re.compile(r"(?:^|[.,;:)\]}>”\"'*_。，；：、）】》“‘«„(\[《【「]|\d)\s*$")
# After a journal name: a number, punctuation that opens another field, or a full stop
# that is not an abbreviation's ("Front. Immun. Res.": "Front. Immun" is not the name).
_JOURNAL_AFTER = re.compile(
    r"^(?:\s*$|\s*[,;:(\[<“”\"'*_。，；：（【《]|\s*\d|\.?\s*(?:$|\d|[,;:(\[]"
    r"|(?i:doi|https?|www|epub|published|available|online|vol|pmid)\b))"
)
_CLOSERS = ")]}’”'\"»›」』】》）"
_CLOSING = re.compile(r"[\W_]*$")
_TITLE_AFTER = re.compile(r"^\s*(?:$|[.,;(\[<“”\"'*_?!。，；（【《])")
# Qualifiers a printed journal name may carry after the registered name.
_JOURNAL_TAIL = re.compile(r"^\.?\s*(?:U\.?\s?S\.?\s?A\.?|\([^()]{1,30}\))")
_MAX_JOURNAL_WORDS = 16


class _Token(NamedTuple):  # a tuple: made by the hundred thousand, cheaply
    word: str  # folded, as normalise_title gives it
    start: int
    end: int


@functools.lru_cache(maxsize=65536)
def _words(token: str) -> tuple[str, ...]:
    return tuple(words(fold(greek_to_names(token))))


def _tokens(raw: str, skip: Sequence[Span]) -> list[_Token]:
    """The words of ``raw`` outside the spans ``skip``."""
    out: list[_Token] = []
    spans = sorted(skip)
    k = 0  # spans before k end before the current token starts
    for m in _TOKEN.finditer(raw):
        start, end = m.span()
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start:
            continue  # the token starts inside a skipped span
        for word in _words(m.group(0)):
            out.append(_Token(word, start, end))
    return out


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


class Printed:
    """A printed reference string and where the record's values stand in it."""

    def __init__(self, ref: Reference, titles: Sequence[str]) -> None:
        # Markup (a BibTeX entry) is no printed string: only its fields are compared.
        self.raw = ref.raw if ref.raw_printed else ""
        self._ids = identifier_spans(self.raw)
        self._tokens = _tokens(self.raw, self._ids)
        self.title_span = self._find_title(titles)
        if self.title_span is None and ref.title:
            self.title_span = self._find_title([ref.title], bounded=False)

    # ------------------------------------------------------------------ the title

    def _find_title(self, titles: Sequence[str], bounded: bool = True) -> Span | None:
        tokens = [t.word for t in self._tokens]
        for title in titles:
            want = normalise_title(title).split()
            n = len(want)
            for i in range(len(tokens) - n + 1 if n else 0):
                if tokens[i] != want[0] or tokens[i : i + n] != want:
                    continue
                span = self._closed((self._tokens[i].start, self._tokens[i + n - 1].end), title)
                if not bounded or self._bounded(span, _TITLE_AFTER):
                    return span
        return None

    def _closed(self, span: Span, title: str) -> Span:
        """The span with the closing brackets and quotes the title itself ends on
        ("… [Version 1; Referees: 3 Approved]", "… by Sykes et al. (2014)")."""
        closers = set(_CLOSING.search(title).group()) & set(_CLOSERS)  # type: ignore[union-attr]
        end = span[1]
        while end < len(self.raw) and self.raw[end] in closers:
            end += 1
        return span[0], end

    def _bounded(self, span: Span, after: re.Pattern[str]) -> bool:
        """The span is a whole field: punctuation (or an end of the string) on each side."""
        return bool(_FIELD_BEFORE.search(self.raw[: span[0]]) and after.match(self.raw[span[1] :]))

    def has_title(self, title: str) -> bool:
        """The registered title is printed whole, as a field of its own (not followed by
        a subtitle the record lacks)."""
        return self._find_title([title]) is not None

    # ------------------------------------------------------------------ after the title

    def _after_title(self, span: Span) -> bool:
        return self.title_span is None or span[0] >= self.title_span[1]

    def has_journal(self, names: Sequence[str], same: Callable[[str, str], bool]) -> bool:
        """One of the registered names (or an abbreviation of it, word by word, as
        ``same`` tells) is printed as a field of its own after the title."""
        tokens = [t for t in self._tokens if self._after_title((t.start, t.end))]
        for name in names:
            n = len(journal_tokens(name))
            if n == 0 or n > _MAX_JOURNAL_WORDS:
                continue
            for i, first in enumerate(tokens):
                if len(first.word) < 2 and first.word != "j":
                    continue  # an initial, not the start of a journal name
                for j in range(i + 1, min(len(tokens), i + 2 * n + 3) + 1):
                    if self._journal_at((first.start, tokens[j - 1].end), name, same):
                        return True
        return False

    def _journal_at(self, span: Span, name: str, same: Callable[[str, str], bool]) -> bool:
        if not same(self.raw[span[0] : span[1]], name):
            return False
        tail = _JOURNAL_TAIL.match(self.raw[span[1] :])
        return self._bounded((span[0], span[1] + (tail.end() if tail else 0)), _JOURNAL_AFTER)

    def _locators(self, pattern: re.Pattern[str]) -> list[tuple[str, Span]]:
        excluded = list(self._ids)
        if pattern is _NUMBER:
            excluded += [m.span() for m in _RANGE.finditer(self.raw)]
        return [
            (m.group(0), m.span())
            for m in pattern.finditer(self.raw)
            if self._after_title(m.span()) and not _overlaps(m.span(), excluded)
        ]

    def has_number(self, value: str, taken: Sequence[str], norm: Callable[[str], str]) -> bool:
        """``value`` stands alone after the title once the numbers ``taken`` by other
        fields (those the record confirms) are set aside; compared through ``norm``."""
        left = [norm(v) for v, _span in self._locators(_NUMBER)]
        for other in taken:
            if norm(other) in left:
                left.remove(norm(other))
        if norm(value) in left:
            return True
        # a volume registered with more than digits ("108 Suppl", "27.1", "6044/2010")
        return not value.strip().isdigit() and self._literally(value)

    def has_locator(
        self, value: str, matches: Callable[[str, str], bool], taken: Sequence[str]
    ) -> bool:
        """Registered pages or an article number printed in any form after the title: a
        range ("402–8", "402-408"), or a page or an eLocator standing alone that is not
        one of the numbers ``taken`` by other fields."""
        singles = [v for v, _span in self._locators(_NUMBER)]
        for other in taken:
            if other in singles:
                singles.remove(other)
        printed = [*(v for v, _span in self._locators(_RANGE)), *singles]
        return any(matches(p, value) for p in printed) or self._literally(value)

    def _literally(self, value: str) -> bool:
        """The registered value printed as it is registered, whatever its form
        ("RESEARCH0002", "vi–7", "S47–S62, S63–S64"), after the title."""
        words = [
            f"[{DASHES}]".join(re.escape(part) for part in re.split(f"[{DASHES}]", w))
            for w in value.split()
        ]
        if not words:
            return False
        joined = r"\s*".join(words)
        pattern = re.compile(rf"(?<![\w.]){joined}(?!\w)", re.IGNORECASE)
        return any(
            self._after_title(m.span()) and not _overlaps(m.span(), self._ids)
            for m in pattern.finditer(self.raw)
        )

    def has_year(self, year: int) -> bool:
        """The year stands alone in the string, outside links, identifiers and the title."""
        title = [self.title_span] if self.title_span else []
        return any(
            m.group(0) == str(year) and not _overlaps(m.span(), [*self._ids, *title])
            for m in _NUMBER.finditer(self.raw)
        )

    # ------------------------------------------------------------------ authors

    def author_at(self, author: Author) -> int | None:
        """Where the author's family name stands before the title (in the whole string
        when the title is not found), with the initial of the given name beside it when
        both are known; None when it is not printed."""
        if author.collective or not author.family:
            return None
        end = self.title_span[0] if self.title_span else len(self.raw)
        if has_cjk(author.family):
            at = self.raw.find(author.family, 0, end)
            return None if at < 0 else at
        zone = [t for t in self._tokens if t.end <= end]
        keys = name_keys(author.family)
        n = max(1, len(words(fold(author.family))))
        initial = first_initial(author.given)
        for i in range(len(zone)):
            for j in range(i + 1, min(len(zone), i + n + 2) + 1):
                if "".join(t.word for t in zone[i:j]) not in keys:
                    continue
                if not initial or self._initial_beside(zone, i, j, initial):
                    return zone[i].start
        return None

    def _initial_beside(self, zone: Sequence[_Token], i: int, j: int, initial: str) -> bool:
        """The initial follows the family name ("Smith J", "Smith, John"), or, when no
        initials follow it, precedes it ("J. Smith", "John Smith")."""
        if j < len(zone):
            if zone[j].word[:1] == initial:
                return True
            if _INITIALS.match(self.raw, zone[j].start):
                return False  # family-first: the printed initials are another letter
        return i > 0 and zone[i - 1].word[:1] == initial


def printed(ref: Reference, recs: tuple[Record, ...]) -> Printed:
    """The printed string of ``ref``, with the title the records give located in it."""
    # Each check of a reference asks in turn: the last answer is kept for the same
    # objects, which spares hashing the reference and its records at every question.
    global _last
    last = _last
    if (
        last is not None
        and last[0] is ref
        and len(last[1]) == len(recs)
        and all(a is b for a, b in zip(last[1], recs, strict=True))
    ):
        return last[2]
    found = _printed(ref, recs)
    _last = (ref, recs, found)
    return found


_last: tuple[Reference, tuple[Record, ...], Printed] | None = None


@functools.lru_cache(maxsize=4096)
def _printed(ref: Reference, recs: tuple[Record, ...]) -> Printed:
    titles = [t for t in (full_title(r) for r in recs) if t]
    titles += [r.title for r in recs if r.title and r.title not in titles]
    return Printed(ref, titles)
