"""Export a reference list as BibTeX, CSL-JSON or RIS.

Each item is a ``(Reference, Record | None)`` pair: the record is the authoritative
registry record for the reference (chosen by the caller), or None when no registry
holds it. An entry is built from the record alone when there is one; only when there
is none does it fall back to the fields as printed in the article, and then it says
so (BibTeX ``note``, CSL-JSON ``note``, RIS ``N1``).

Output is deterministic: items keep their list order, fields a fixed order, lines end
with "\\n" and the text ends with one newline.

Choices (see also the module's tests):

* BibTeX ``month`` is the number (``month = {2}``). Classic BibTeX with ``plain``
  accepts any month string without warning (it only prints it), while biblatex/biber
  want an integer; a braced ``{feb}`` would print "feb" literally in ``plain`` and is
  not an integer for biber, and the ``feb`` macro cannot be written through pybtex's
  writer, which braces every value.
* An article number is written both as ``pages`` and as ``eid``. Classic BibTeX
  styles ignore ``eid`` (silently, no warning), so ``pages`` is what makes the number
  appear in a ``plain`` bibliography ("16(1):65"); ``eid`` tells biblatex and other
  readers that it is an article number rather than a page. When a work has an
  article number, that number is its locator in every format (BibTeX pages/eid,
  CSL-JSON page/number, RIS SP) and the registry's page count, if any, is left out.
* Every LaTeX special character is escaped: ``\\ { }`` become ``{\\textbackslash}``,
  ``{\\textbraceleft}``, ``{\\textbraceright}`` (never ``\\{``: BibTeX counts that brace),
  ``% & $ # _`` get a backslash, ``^ ~ < > |`` become text commands. Raw braces are
  only ever written by this module, so every value is balanced and nothing in a
  registry's or an article's text can run a command.
* Title words with an upper-case letter after their first character (NORAD, PD-L1,
  miR-4284, MSCs, RNA) are braced so styles keep their case. In a title written in
  sentence case, capitalised words after the first word of the title or subtitle are
  taken as proper nouns and braced too; a title in Title Case or ALL CAPS gets only the
  first rule (ALL CAPS: none), so styles may re-case it.
* ``ascii_only=True`` writes accented Latin letters as accent commands (``{\\"u}``,
  ``{\\'e}``, ``{\\v{c}}``), common symbols and Greek letters as text or math commands
  (``{$\\alpha$}``), folds compatibility characters (full-width forms, ligatures), and
  replaces each run of characters with no ASCII form (CJK, for instance) by ``[?]``,
  adding a note to the entry saying so. ``\\k`` (ogonek) needs ``T1`` font encoding.
* BibTeX ``doi``, ``url`` and ``eprint`` are verbatim fields for biblatex and
  ``\\url``; they are not LaTeX-escaped but any character that could unbalance or
  inject (``\\ { } "``, spaces, controls; in ASCII mode also non-ASCII) is
  percent-encoded.
* RIS uses "\\n" line ends (RIS readers such as Zotero, EndNote and Mendeley accept
  them; CRLF would only make the text awkward to diff and embed), ``T2`` for the
  journal (Zotero reads ``JO`` as an abbreviation) and ``J2`` for its abbreviation,
  ``AN`` for the PMID and ``C2`` for the PMCID (EndNote's use).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from asrefs.models import Author, Record, Reference

__all__ = [
    "FORMATS",
    "UNVERIFIED_NOTE",
    "bibtex_key",
    "bibtex_keys",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]

Item = tuple[Reference, Record | None]

UNVERIFIED_NOTE = "Not verified against a registry: fields as printed in the article"
ASCII_NOTE = "Characters with no ASCII form are shown as [?]"
PLACEHOLDER = "[?]"

# ---------------------------------------------------------------------------
# The work an entry describes, from a record or, failing that, a reference
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Work:
    verified: bool
    kind: str  # journal-article, posted-content, book, book-chapter, proceedings-article, …
    authors: tuple[Author, ...]
    title: str | None
    container: str | None
    container_short: str | None
    year: int | None
    month: int | None
    day: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    article_number: str | None
    doi: str | None
    pmid: str | None
    pmcid: str | None
    arxiv: str | None
    issn: tuple[str, ...]
    publisher: str | None
    url: str | None
    et_al: bool = False  # the printed list ends in "et al." (only for unverified works)

    @property
    def locator(self) -> str | None:
        """The article number when there is one, else the pages."""
        return self.article_number or self.pages


_TYPE_ALIASES = {
    "journal-article": "journal-article",
    "journal": "journal-article",
    "article": "journal-article",
    "posted-content": "posted-content",
    "preprint": "posted-content",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-chapter": "book-chapter",
    "book-section": "book-chapter",
    "book-part": "book-chapter",
    "reference-entry": "book-chapter",
    "proceedings-article": "proceedings-article",
    "report": "report",
    "dissertation": "dissertation",
    "dataset": "dataset",
}

# GB/T 7714 document type codes printed in Chinese reference lists.
_GBT_KINDS = {
    "J": "journal-article",
    "M": "book",
    "C": "proceedings-article",
    "D": "dissertation",
    "R": "report",
    "DS": "dataset",
}

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def _kind(declared: str | None, container: str | None, arxiv: str | None) -> str:
    if declared:
        kind = _TYPE_ALIASES.get(declared.strip().lower())
        if kind:
            return kind
    if container:
        return "journal-article"
    if arxiv:
        return "posted-content"
    return "other"


def _parse_date(iso: str | None) -> tuple[int | None, int | None, int | None]:
    if not iso:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", iso.strip())
    if not m:
        return None, None, None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def _record_date(record: Record) -> tuple[int | None, int | None, int | None]:
    """Year, month, day: the issued date, else the earlier of online and print."""
    iso = record.date("issued")
    if iso is None:
        candidates = [d for d in (record.date("online"), record.date("print")) if d]
        iso = min(candidates) if candidates else None
    year, month, day = _parse_date(iso)
    if record.year is not None and year != record.year:
        return record.year, None, None
    return year, month, day


def _uniq(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _work(reference: Reference, record: Record | None) -> _Work:
    if record is not None:
        title = record.title
        if title and record.subtitle and record.subtitle.lower() not in title.lower():
            title = f"{title.rstrip(' :')}: {record.subtitle}"
        arxiv = None
        if record.identifier.kind == "arxiv":
            arxiv = record.identifier.value
        elif record.doi and (m := _ARXIV_DOI.match(record.doi)):
            arxiv = m.group(1)
        year, month, day = _record_date(record)
        return _Work(
            verified=True,
            kind=_kind(record.type, record.journal, arxiv),
            authors=record.authors,
            title=title,
            container=record.journal,
            container_short=record.journal_abbrevs[0] if record.journal_abbrevs else None,
            year=year,
            month=month,
            day=day,
            volume=record.volume,
            issue=record.issue,
            pages=record.pages,
            article_number=record.article_number,
            doi=record.doi,
            pmid=record.pmid,
            pmcid=record.pmcid,
            arxiv=arxiv,
            issn=_uniq(record.issn),
            publisher=record.publisher,
            url=record.url or (f"https://doi.org/{_quote_doi(record.doi)}" if record.doi else None),
        )
    ref = reference
    kind = _GBT_KINDS.get((ref.kind or "").strip().upper()) or _kind(None, ref.journal, ref.arxiv)
    return _Work(
        verified=False,
        kind=kind,
        authors=ref.authors,
        title=ref.title,
        container=ref.journal,
        container_short=None,
        year=ref.year,
        month=ref.month if ref.month and 1 <= ref.month <= 12 else None,
        day=ref.day if ref.month and ref.day and 1 <= ref.day <= 31 else None,
        volume=ref.volume,
        issue=ref.issue,
        pages=ref.pages,
        article_number=ref.article_number,
        doi=ref.doi,
        pmid=ref.pmid,
        pmcid=ref.pmcid,
        arxiv=ref.arxiv,
        issn=_uniq(ref.issn),
        publisher=ref.publisher,
        url=ref.url or (f"https://doi.org/{_quote_doi(ref.doi)}" if ref.doi else None),
        et_al=ref.et_al,
    )


# ---------------------------------------------------------------------------
# Plain-text helpers shared by every format
# ---------------------------------------------------------------------------

_DROP = {"\ufeff", "\u200b"}


def _clean(text: str | None) -> str:
    """NFC, no control characters, whitespace runs collapsed to one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch not in _DROP
        and (ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cs", "Co", "Cn"})
    )
    return re.sub(r" {2,}", " ", text).strip()


_RANGE = re.compile(r"^\s*([^\s\-–—‐‑‒−]+)\s*(?:-+|[–—‐‑‒−])\s*([^\s\-–—‐‑‒−]+)\s*$")


def _page_range(pages: str | None) -> tuple[str, str | None] | None:
    """(first, last) of a page range, (page, None) for a single page."""
    text = _clean(pages)
    if not text:
        return None
    m = _RANGE.match(text)
    if m:
        return m.group(1), m.group(2)
    return text, None


_FOLD = {
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


def _fold(text: str) -> str:
    """Lower-case ASCII letters only: "Müller-Ørsted" → "mullerorsted"."""
    text = "".join(_FOLD.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z")


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------

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
        for word in _clean(first.family).split(" "):
            folded = _fold(word)
            if folded and folded not in _STOPWORDS:
                return folded
        return ""
    return _fold(first.family)


def _key_word(title: str | None) -> str:
    for word in _clean(title).split(" "):
        folded = _fold(word)
        if folded and folded not in _STOPWORDS:
            return folded
    return ""


def bibtex_key(reference: Reference, record: Record | None) -> str:
    """The base citation key: first author's family name, year, first significant title
    word, in lower-case ASCII letters ("zeng2025efficacy"). Not disambiguated."""
    work = _work(reference, record)
    name = _key_name(work.authors)
    year = str(work.year) if work.year else ""
    word = _key_word(work.title)
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
    """One unique key per item, in list order; duplicates get a, b, c… suffixes."""
    bases = [bibtex_key(ref, rec) for ref, rec in items]
    counts = Counter(bases)
    used = {b for b in bases if counts[b] == 1}
    out: list[str] = []
    for base in bases:
        if counts[base] == 1:
            out.append(base)
            continue
        n = 0
        while (candidate := base + _suffix(n)) in used:
            n += 1
        used.add(candidate)
        out.append(candidate)
    return out


# ---------------------------------------------------------------------------
# LaTeX escaping
# ---------------------------------------------------------------------------

_LATEX_SPECIAL = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
    "|": r"{\textbar}",
}

_ASCII_SYMBOLS = {
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "ȷ": r"{\j}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "\u00a0": "~",
    "\u2009": r"\,",
    "\u202f": r"\,",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "--",
    "—": "---",
    "―": "---",
    "−": "-",
    "‘": "`",
    "’": "'",
    "‚": ",",
    "“": "``",
    "”": "''",
    "„": ",,",
    "«": "``",
    "»": "''",
    "…": r"{\ldots}",
    "•": r"{\textbullet}",
    "·": r"{$\cdot$}",
    "†": r"{\dag}",
    "‡": r"{\ddag}",
    "§": r"{\S}",
    "¶": r"{\P}",
    "©": r"{\copyright}",
    "®": r"{\textregistered}",
    "™": r"{\texttrademark}",
    "£": r"{\pounds}",
    "¿": "?`",
    "¡": "!`",
    "°": r"{$^{\circ}$}",
    "℃": r"{$^{\circ}$}C",
    "±": r"{$\pm$}",
    "∓": r"{$\mp$}",
    "×": r"{$\times$}",
    "÷": r"{$\div$}",
    "≤": r"{$\leq$}",
    "≥": r"{$\geq$}",
    "≠": r"{$\neq$}",
    "≈": r"{$\approx$}",
    "∼": r"{$\sim$}",
    "≡": r"{$\equiv$}",
    "∞": r"{$\infty$}",
    "→": r"{$\rightarrow$}",
    "←": r"{$\leftarrow$}",
    "↔": r"{$\leftrightarrow$}",
    "↑": r"{$\uparrow$}",
    "↓": r"{$\downarrow$}",
    "⇒": r"{$\Rightarrow$}",
    "µ": r"{$\mu$}",
    "′": r"{$'$}",
    "″": r"{$''$}",
    "½": r"{$\frac{1}{2}$}",
    "¼": r"{$\frac{1}{4}$}",
    "¾": r"{$\frac{3}{4}$}",
    "⁺": r"{$^{+}$}",
    "⁻": r"{$^{-}$}",
    "₊": r"{$_{+}$}",
    "₋": r"{$_{-}$}",
}
for _i, _sup in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹"):
    _ASCII_SYMBOLS[_sup] = "{$^{" + str(_i) + "}$}"
for _i, _sub in enumerate("₀₁₂₃₄₅₆₇₈₉"):
    _ASCII_SYMBOLS[_sub] = "{$_{" + str(_i) + "}$}"

_GREEK_LOWER = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "o",
    "pi",
    "rho",
    "varsigma",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
for _i, _name in enumerate(_GREEK_LOWER):
    _ch = chr(0x03B1 + _i)
    _ASCII_SYMBOLS[_ch] = "o" if _name == "o" else "{$\\" + _name + "$}"
_GREEK_UPPER = {
    "Α": "A",
    "Β": "B",
    "Γ": r"{$\Gamma$}",
    "Δ": r"{$\Delta$}",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Θ": r"{$\Theta$}",
    "Ι": "I",
    "Κ": "K",
    "Λ": r"{$\Lambda$}",
    "Μ": "M",
    "Ν": "N",
    "Ξ": r"{$\Xi$}",
    "Ο": "O",
    "Π": r"{$\Pi$}",
    "Ρ": "P",
    "Σ": r"{$\Sigma$}",
    "Τ": "T",
    "Υ": r"{$\Upsilon$}",
    "Φ": r"{$\Phi$}",
    "Χ": "X",
    "Ψ": r"{$\Psi$}",
    "Ω": r"{$\Omega$}",
    "ϵ": r"{$\epsilon$}",
    "ϑ": r"{$\vartheta$}",
    "ϕ": r"{$\phi$}",
    "ϖ": r"{$\varpi$}",
    "ϱ": r"{$\varrho$}",
}
_ASCII_SYMBOLS.update(_GREEK_UPPER)
_ASCII_SYMBOLS["ε"] = r"{$\varepsilon$}"
_ASCII_SYMBOLS["φ"] = r"{$\varphi$}"
_ASCII_SYMBOLS["Ω"] = r"{$\Omega$}"  # OHM SIGN
_ASCII_SYMBOLS["µ"] = r"{$\mu$}"  # MICRO SIGN

# Combining mark → accent command; symbol commands take a bare letter.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_BELOW = {"\u0323", "\u0327", "\u0328", "\u0331"}


def _accented(ch: str) -> str | None:
    """``{\\"u}`` for "ü"; None when ``ch`` is not an ASCII letter with known accents."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()) or not marks:
        return None
    if any(m not in _ACCENTS for m in marks):
        return None
    inner = base
    if base in "ij" and any(m not in _BELOW for m in marks):
        inner = "\\" + base  # dotless i/j under an accent above
    for mark in marks:
        cmd = _ACCENTS[mark]
        if cmd.isalpha():
            inner = f"\\{cmd}{{{inner}}}"
        elif len(inner) == 1:
            inner = f"\\{cmd}{inner}"
        else:
            inner = f"\\{cmd}{{{inner}}}"
    return "{" + inner + "}"


class _Latex:
    """Escapes text for BibTeX field values; counts characters it had to drop."""

    def __init__(self, ascii_only: bool) -> None:
        self.ascii_only = ascii_only
        self.dropped = 0

    def char(self, ch: str) -> str | None:
        if ch in _LATEX_SPECIAL:
            return _LATEX_SPECIAL[ch]
        if ch.isascii() or not self.ascii_only:
            return ch
        if ch in _ASCII_SYMBOLS:
            return _ASCII_SYMBOLS[ch]
        accented = _accented(ch)
        if accented is not None:
            return accented
        compat = unicodedata.normalize("NFKC", ch)
        if compat != ch:
            parts = [self.char(c) for c in compat]
            if all(p is not None for p in parts):
                return "".join(p for p in parts if p is not None)
        return None

    def text(self, text: str | None) -> str:
        out: list[str] = []
        missing = False
        for ch in _clean(text):
            latex = self.char(ch)
            if latex is None:
                self.dropped += 1
                if not missing:
                    out.append(PLACEHOLDER)
                missing = True
                continue
            missing = False
            out.append(latex)
        return "".join(out)

    def title(self, title: str | None) -> str:
        words = _clean(title).split(" ")
        protect = _protected_words(words)
        out: list[str] = []
        for word, keep in zip(words, protect, strict=True):
            latex = self.text(word)
            if keep and latex:
                # "{\…" at brace level 0 is a BibTeX special character, whose letters
                # styles still re-case: add a level so the word stays as it is.
                latex = "{{" + latex + "}}" if latex.startswith("\\") else "{" + latex + "}"
            out.append(latex)
        return " ".join(w for w in out if w)


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha())


def _has_inner_capital(word: str) -> bool:
    letters = _letters(word)
    return any(ch.isupper() for ch in letters[1:])


def _protected_words(words: list[str]) -> list[bool]:
    """Which title words to brace so that BibTeX styles keep their case."""
    all_letters = _letters("".join(words))
    if not any(ch.islower() for ch in all_letters):
        return [False] * len(words)  # ALL CAPS (or no letters): nothing to keep
    starts: list[bool] = []  # word begins the title or a subtitle/sentence
    previous = ""
    for i, word in enumerate(words):
        starts.append(i == 0 or previous.endswith((":", ".", "?", "!", "—", "–")))
        previous = word
    # Sentence case unless most longer, non-initial words are capitalised.
    candidates = [
        w
        for w, s in zip(words, starts, strict=True)
        if not s and len(_letters(w)) >= 4 and not _has_inner_capital(w)
    ]
    capitalised = [w for w in candidates if _letters(w)[:1].isupper()]
    sentence_case = not candidates or len(capitalised) * 2 <= len(candidates)
    out: list[bool] = []
    for word, start in zip(words, starts, strict=True):
        letters = _letters(word)
        if not letters:
            out.append(False)
        elif _has_inner_capital(word):
            out.append(True)
        else:
            out.append(sentence_case and not start and letters[0].isupper())
    return out


_VERBATIM_SAFE = "/:;()[]<>-._~!$&'*+,=@%?#"


def _verbatim(value: str | None, ascii_only: bool) -> str:
    """A DOI, URL or eprint id with anything that could inject or unbalance encoded."""
    text = _clean(value).replace(" ", "")
    out = []
    for ch in text:
        if ch in '\\{}"^`|' or (ascii_only and not ch.isascii()):
            out.append(quote(ch, safe=""))
        else:
            out.append(ch)
    return "".join(out)


def _quote_doi(doi: str) -> str:
    return quote(_clean(doi), safe="/:;()-._~!$&'*+,=@")


# ---------------------------------------------------------------------------
# BibTeX
# ---------------------------------------------------------------------------


class _BibWriter(Writer):  # type: ignore[misc]
    """pybtex's writer with values escaped by this module and always braced."""

    def _encode(self, text: str) -> str:
        return text

    def quote(self, s: str) -> str:
        self.check_braces(s)
        return "{" + s + "}"


_BIBTEX_TYPES = {
    "journal-article": "article",
    "posted-content": "misc",
    "book": "book",
    "book-chapter": "incollection",
    "proceedings-article": "inproceedings",
}


_INITIALS = re.compile(r"^[A-Z]{1,3}$")


def _person(author: Author, latex: _Latex) -> Person | None:
    family = latex.text(author.family)
    given = author.given
    if _INITIALS.match(given):  # printed initials "HF": BibTeX needs "H. F." to see two names
        given = " ".join(f"{ch}." for ch in given)
    given = latex.text(given)
    if not family and not given:
        return None
    if not family:
        family, given = given, ""
    if author.collective or "," in family or re.search(r"\band\b", family, re.IGNORECASE):
        family = "{" + family + "}"
    if given and ("," in given or re.search(r"\band\b", given, re.IGNORECASE)):
        given = "{" + given + "}"
    return Person(first=given, last=family)


def _bibtex_entry(work: _Work, ascii_only: bool) -> Entry:
    latex = _Latex(ascii_only)
    entry_type = _BIBTEX_TYPES.get(work.kind, "misc")
    persons = [p for p in (_person(a, latex) for a in work.authors) if p is not None]
    if work.et_al and persons:
        persons.append(Person("others"))
    fields: list[tuple[str, str]] = []

    def add(name: str, value: str | None) -> None:
        if value:
            fields.append((name, value))

    add("title", latex.title(work.title))
    container = latex.text(work.container)
    if entry_type == "article":
        add("journal", container)
    elif entry_type in {"incollection", "inproceedings"}:
        add("booktitle", container)
    elif work.kind == "posted-content":
        if work.arxiv:
            add("howpublished", "arXiv:" + latex.text(work.arxiv))
        else:
            server = container or latex.text(work.publisher)
            add("howpublished", f"Preprint, {server}" if server else "Preprint")
    elif entry_type == "misc":
        add("howpublished", container)
    add("year", str(work.year) if work.year else None)
    add("month", str(work.month) if work.year and work.month else None)
    if entry_type != "misc":
        add("volume", latex.text(work.volume))
    if entry_type == "article":
        add("number", latex.text(work.issue))  # plain warns on volume+number elsewhere
    if entry_type in {"article", "incollection", "inproceedings"}:
        if work.article_number:
            add("pages", latex.text(work.article_number))
            add("eid", latex.text(work.article_number))
        else:
            rng = _page_range(work.pages)
            if rng is not None:
                first, last = rng
                add("pages", latex.text(first) + ("--" + latex.text(last) if last else ""))
    add("publisher", latex.text(work.publisher))
    add("issn", latex.text(", ".join(work.issn)))
    add("doi", _verbatim(work.doi, ascii_only))
    add("pmid", latex.text(work.pmid))
    add("pmcid", latex.text(work.pmcid))
    if work.arxiv:
        add("eprint", _verbatim(work.arxiv, ascii_only))
        add("archiveprefix", "arXiv")
    add("url", _verbatim(work.url, ascii_only))
    notes = [] if work.verified else [UNVERIFIED_NOTE]
    if latex.dropped:
        notes.append(ASCII_NOTE)
    add("note", "; ".join(notes))
    return Entry(entry_type, fields=fields, persons={"author": persons} if persons else {})


def to_bibtex(items: list[Item], ascii_only: bool = False) -> str:
    """A .bib file for the items, in list order (see the module docstring)."""
    data = BibliographyData()
    for key, (reference, record) in zip(bibtex_keys(items), items, strict=True):
        data.add_entry(key, _bibtex_entry(_work(reference, record), ascii_only))
    if not items:
        return ""
    text: str = _BibWriter(encoding="ascii" if ascii_only else "utf-8").to_string(data)
    return text.replace("\r\n", "\n").rstrip("\n") + "\n"


# ---------------------------------------------------------------------------
# CSL-JSON
# ---------------------------------------------------------------------------

_CSL_TYPES = {
    "journal-article": "article-journal",
    "posted-content": "article",
    "book": "book",
    "book-chapter": "chapter",
    "proceedings-article": "paper-conference",
    "report": "report",
    "dissertation": "thesis",
    "dataset": "dataset",
}


def _csl_item(key: str, work: _Work) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": _CSL_TYPES.get(work.kind, "document")}

    def add(name: str, value: str | None) -> None:
        value = _clean(value)
        if value:
            item[name] = value

    add("title", work.title)
    authors: list[dict[str, str]] = []
    for a in work.authors:
        family, given = _clean(a.family), _clean(a.given)
        if a.collective:
            if family:
                authors.append({"literal": family})
        elif family or given:
            name = {"family": family or given}
            if family and given:
                name["given"] = given
            authors.append(name)
    if authors:
        item["author"] = authors
    add("container-title", work.container)
    add("container-title-short", work.container_short)
    if work.year:
        parts = [work.year]
        if work.month:
            parts.append(work.month)
            if work.day:
                parts.append(work.day)
        item["issued"] = {"date-parts": [parts]}
    add("volume", work.volume)
    add("issue", work.issue)
    if work.article_number:
        add("page", work.article_number)
        add("number", work.article_number)
    else:
        rng = _page_range(work.pages)
        if rng is not None:
            add("page", rng[0] + ("-" + rng[1] if rng[1] else ""))
    add("DOI", work.doi)
    add("PMID", work.pmid)
    add("PMCID", work.pmcid)
    add("ISSN", ", ".join(work.issn))
    add("publisher", work.publisher)
    add("URL", work.url)
    if not work.verified:
        item["note"] = UNVERIFIED_NOTE
    return item


def to_csl_json(items: list[Item]) -> str:
    """CSL-JSON: a list of items, ids equal to the BibTeX keys."""
    data = [
        _csl_item(key, _work(reference, record))
        for key, (reference, record) in zip(bibtex_keys(items), items, strict=True)
    ]
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------

_RIS_TYPES = {
    "journal-article": "JOUR",
    "posted-content": "UNPB",
    "book": "BOOK",
    "book-chapter": "CHAP",
    "proceedings-article": "CONF",
    "report": "RPRT",
    "dissertation": "THES",
    "dataset": "DATA",
}


def _ris_entry(work: _Work) -> list[str]:
    lines = [f"TY  - {_RIS_TYPES.get(work.kind, 'GEN')}"]

    def add(tag: str, value: str | None) -> None:
        value = _clean(value)
        if value:
            lines.append(f"{tag}  - {value}")

    for a in work.authors:
        family, given = _clean(a.family), _clean(a.given)
        add("AU", family if a.collective or not given else f"{family}, {given}")
    add("TI", work.title)
    add("T2", work.container)
    add("J2", work.container_short)
    if work.year:
        add("PY", str(work.year))
        if work.month:
            day = f"{work.day:02d}" if work.day else ""
            add("DA", f"{work.year}/{work.month:02d}/{day}/")
    add("VL", work.volume)
    add("IS", work.issue)
    if work.article_number:
        add("SP", work.article_number)
    else:
        rng = _page_range(work.pages)
        if rng is not None:
            add("SP", rng[0])
            add("EP", rng[1])
    add("PB", work.publisher)
    add("SN", ", ".join(work.issn))
    add("DO", work.doi)
    add("UR", work.url)
    add("AN", work.pmid)
    add("C2", work.pmcid)
    if not work.verified:
        add("N1", UNVERIFIED_NOTE)
    lines.append("ER  - ")
    return lines


def to_ris(items: list[Item]) -> str:
    """RIS records separated by a blank line, "\\n" line ends."""
    if not items:
        return ""
    blocks = ["\n".join(_ris_entry(_work(reference, record))) for reference, record in items]
    return "\n\n".join(blocks) + "\n"


FORMATS: dict[str, Callable[[list[Item]], str]] = {
    "bibtex": to_bibtex,
    "csl-json": to_csl_json,
    "ris": to_ris,
}
