"""Citation markers in an article's body.

Numeric brackets ``[1]``, ``[1,3]``, ``[1-3]``, ``［１］``, ``[^1]``, superscripts ``¹²``,
``^1``, ``<sup>1</sup>``, and author–year citations ``(Zeng et al., 2025)`` /
``Zeng et al. (2025)`` mapped to reference numbers through caller-supplied labels.
A superscript that is an exponent (m², 10⁶) and a Markdown link definition
("[1]: https://…") are no markers. Nothing here does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from asrefs.claims.latex import cite_markers
from asrefs.claims.markup import MARKER_FINDERS
from asrefs.claims.offsets import Lines, Spans, clip, normalise
from asrefs.dates import PRINTED_YEAR
from asrefs.models import Article, Marker
from asrefs.text import HAN

__all__ = ["DEFAULT_MAX_REF", "KEYED_FORMATS", "author_year_key", "citation_form", "find_markers"]

KEYED_FORMATS = frozenset({"latex"})
"""Formats whose markers name references by key (``\\cite{key}``): their labels are keys."""

DEFAULT_MAX_REF = 300
"""A bracketed number above this (or above the list's length, when longer) is no marker."""

_MAX_RANGE = 200
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

_LIST = r"[0-9]{1,4}(?:\s*(?:[-–—~－]|[,，、;])\s*[0-9]{1,4})*"
_BRACKET_RE = re.compile(rf"\[\^?\s*(?P<list>{_LIST})\s*\]")
_SUP_TAG_RE = re.compile(rf"<sup>\s*\[?\s*(?P<list>{_LIST})\s*\]?\s*</sup>", re.IGNORECASE)
_SUPERSCRIPT_RE = re.compile(r"(?P<list>[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:\s?[,˒‚⁻–-]\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_CARET_RE = re.compile(r"\^(?P<list>[0-9]{1,3}(?:[,–-][0-9]{1,3})*)\^?")
_LIST_SPLIT_RE = re.compile(r"\s*[,，、;˒‚]\s*")
_RANGE_SPLIT_RE = re.compile(r"\s*[-–—~－]\s*")
# A superscript after a unit, a one-letter symbol or a number is an exponent (m², R², 10⁶).
_EXPONENT_BEFORE_RE = re.compile(r"(?:^|[^A-Za-zµμ])(?:[A-Za-z]|[cmkdnµμ]m|ft|kg|mol)\s?$")

_PARTICLE = r"(?:(?:van|von|de|der|den|da|di|del|della|du|dos|das|le|la|ter|ten)\s+)*"
# A family name may open with a capitalised particle: "Le Goff", "Van der Berg", "De Souza".
_LEADING_PARTICLE = r"(?:(?:Van|Von|De|Der|Den|Da|Di|Del|Della|Du|Dos|Das|Le|La|Ter|Ten)\s+)?"
# A short first word may be part of the family name: "Ben Ali", "St George", "St. Clair".
_SHORT_FIRST = r"(?:(?:[A-Z][a-z]{1,2}\.?)\s+(?=[A-Z]))?"
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’\-]+"  # "Tkačik", "O’Shea", "Smith-Jones"
# A family name of two words, joined or with particles between them: "Davey Smith",
# "Aguera y Arcas", "Ruyter van Steveninck" (after "de").
_FIRST_WORD = rf"(?:{_NAME_WORD}\s+(?:[ye]\s+|{_PARTICLE}))?"
# A particle written onto the name: "vanEngelsdorp", "deMenocal".
_GLUED_PARTICLE = r"(?:van|von|de|der|du|da|di|dos|le|la)?"
_LATIN_FAMILY = (
    rf"{_LEADING_PARTICLE}{_PARTICLE}{_SHORT_FIRST}{_FIRST_WORD}{_GLUED_PARTICLE}{_NAME_WORD}"
)
_FAMILY = rf"(?:{_LATIN_FAMILY}|[{HAN}]{{1,4}}?)"
_YEAR = rf"{PRINTED_YEAR}[a-z]?"  # as the parser reads years
_ET_AL = r"(?:\s+et\s+al\.?|\s*等人?)"
# "Zeng", "Zeng et al.", "Zeng & Li", and PeerJ's and APA's "Gerke, Lorenz & Cohen"
_AUTHORS = (
    rf"(?P<family>{_FAMILY})(?:(?P<etal>{_ET_AL})"
    rf"|(?P<others>(?:\s*,\s*{_LATIN_FAMILY})+\s*,?)?\s*(?:&|and|和|与)\s*(?P<second>{_FAMILY}))?"
)
_CITE_ITEM_RE = re.compile(
    rf"\s*(?:(?:see|also|e\.g\.|cf\.|i\.e\.)[,]?\s+)*{_AUTHORS}\s*[,，]?\s*(?P<year>{_YEAR})\s*"
)
_PAREN_RE = re.compile(r"[(（](?P<body>[^()（）\n]{4,300})[)）]")
_ITEM_SPLIT_RE = re.compile(r"[^;；]+")
_NARRATIVE_RE = re.compile(
    rf"(?P<family>{_LATIN_FAMILY})"
    rf"(?P<more>(?P<etal>\s+et\s+al\.?)|\s+(?:&|and)\s+(?P<second>{_LATIN_FAMILY}))?"
    rf"\s*[(（](?P<year>{_YEAR})[)）]"
)


def author_year_key(family: str, year: int | str) -> str:
    """The label key of an author–year citation: ``author_year_key("Zeng", 2025)`` is
    ``"zeng-2025"`` (accents folded, anything but letters and digits dropped)."""
    folded = unicodedata.normalize("NFKD", family)
    letters = "".join(ch for ch in folded if ch.isalnum()).lower()
    return f"{letters}-{year}"


def find_markers(
    article: Article,
    body_end: int | None = None,
    labels: dict[str, int] | None = None,
    max_ref: int | None = None,
) -> list[Marker]:
    """The citation markers in the body (the text before ``body_end``), in text order.

    Author–year citations are looked for only when ``labels`` is given; one that matches
    no label is returned with empty ``refs`` so the caller can report it as dangling.
    A bracketed number above ``max(DEFAULT_MAX_REF, max_ref)`` (a year, say) is no marker.
    In a LaTeX article (``KEYED_FORMATS``) the markers are its citation commands and
    ``labels`` the references' keys (see :mod:`.latex`); markup (a JATS article) has its
    own finder (:mod:`.markup`).
    """
    if article.format in KEYED_FORMATS:
        return cite_markers(article, body_end, labels or {})
    finder = MARKER_FINDERS.get(article.format)
    if finder is not None:
        return finder(article, body_end)
    text = normalise(article.text[: clip(body_end, article.text)])
    limit = max(DEFAULT_MAX_REF, max_ref or 0)
    found: list[tuple[int, int, tuple[int, ...], str | None]] = []
    taken = Spans()
    spans: Iterable[tuple[int, int, tuple[int, ...], str | None]] = _numeric_markers(text, limit)
    if labels is not None:
        spans = (*spans, *_author_year_markers(text, labels))
    for start, end, refs, label in spans:
        if taken.take(start, max(end, start + 1)):
            found.append((start, end, refs, label))
    found.sort()
    lines = Lines(article.text)
    return [
        Marker(text=article.text[s:e], refs=refs, line=lines.line_of(s), offset=s, label=label)
        for s, e, refs, label in found
    ]


def _numeric_markers(
    text: str, limit: int
) -> Iterator[tuple[int, int, tuple[int, ...], str | None]]:
    for pattern in (_SUP_TAG_RE, _BRACKET_RE, _SUPERSCRIPT_RE, _CARET_RE):
        for m in pattern.finditer(text):
            if pattern is not _BRACKET_RE and _is_exponent(text, m.start(), m.end()):
                continue
            if pattern is _BRACKET_RE and _is_link_definition(text, m.start(), m.end()):
                continue
            refs = _parse_list(m.group("list"), limit)
            if refs:
                yield m.start(), m.end(), refs, None


def _parse_list(listed: str, limit: int) -> tuple[int, ...]:
    """The numbers of a marker list: "1, 3-5" gives (1, 3, 4, 5); () when a part is
    out of range."""
    out: list[int] = []
    for part in _LIST_SPLIT_RE.split(listed.translate(_SUPERSCRIPT).strip()):
        bounds = [int(b) for b in _RANGE_SPLIT_RE.split(part) if b]
        if len(bounds) == 1 and 1 <= bounds[0] <= limit:
            numbers = bounds
        elif len(bounds) == 2 and 1 <= bounds[0] < bounds[1] <= limit:
            if bounds[1] - bounds[0] > _MAX_RANGE:
                return ()
            numbers = list(range(bounds[0], bounds[1] + 1))
        else:
            return ()
        out.extend(n for n in numbers if n not in out)
    return tuple(out)


def _is_exponent(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    if before and (before[-1].isdigit() or before[-1] in "^)"):
        return True
    if _EXPONENT_BEFORE_RE.search(before):
        return True
    return text[end : end + 1] in ("⁺", "⁻", "+")


def _is_link_definition(text: str, start: int, end: int) -> bool:
    """A Markdown link definition "[1]: https://…" opens a line; it is not a citation."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[end : end + 1] == ":"


def _author_year_markers(
    text: str, labels: dict[str, int]
) -> Iterator[tuple[int, int, tuple[int, ...], str | None]]:
    for paren in _PAREN_RE.finditer(text):
        body_start = paren.start("body")
        items = list(_ITEM_SPLIT_RE.finditer(paren.group("body")))
        parsed = [_CITE_ITEM_RE.fullmatch(item.group()) for item in items]
        whole = all(p is not None for p in parsed)
        for item, match in zip(items, parsed, strict=True):
            if match is None:  # "(see Table 2; Zeng et al., 2025)": the other items count
                continue
            key, ref = _label(match, labels)
            if not ref and not whole:  # a dangling citation only where all items cite
                continue
            lead = len(item.group()) - len(item.group().lstrip())
            start = body_start + item.start() + lead
            end = body_start + item.start() + len(item.group().rstrip())
            yield start, end, (ref,) if ref else (), key
    for m in _NARRATIVE_RE.finditer(text):
        key, ref = _label(m, labels)
        if ref or m.group("more"):
            yield m.start(), m.end(), (ref,) if ref else (), key


def citation_form(second: str | None, et_al: bool) -> str:
    """How a citation names a work's authors beyond the first: "&" and the second
    author's key ("Moreau & Stein"), "+" for "et al.", "1" for one author alone."""
    if second:
        return "&" + author_year_key(second, "").rstrip("-")
    return "+" if et_al else "1"


def _every_author_key(match: re.Match[str]) -> str:
    """ "Gerke, Lorenz & Cohen, 2012" as "gerke&lorenz&cohen-2012"."""
    names = [match.group("family"), *re.findall(_LATIN_FAMILY, match.group("others"))]
    names.append(match.group("second"))
    return "&".join(author_year_key(n, "").rstrip("-") for n in names) + f"-{match.group('year')}"


def _label(match: re.Match[str], labels: dict[str, int]) -> tuple[str, int | None]:
    """The label key of a citation and the reference it names, if any: the most
    specific key first (authors as cited, year with its suffix), then the first
    author and the year alone."""
    family, year = match.group("family"), match.group("year")
    others = "others" in match.re.groupindex and match.group("others")
    if others:  # three or more authors named: cited alike with "et al." elsewhere
        form = citation_form(None, True)
    else:
        form = citation_form(match.group("second"), bool(match.group("etal")))
    bare_year = year.rstrip("abcdefghijklmnopqrstuvwxyz")
    ascii_family = re.sub(r"[^a-z]", "", family.lower())
    first = author_year_key(family, "").rstrip("-")
    specific = [_every_author_key(match)] if others else []
    specific.append(f"{first}{form}-{year}")
    generic = [
        author_year_key(family, year),
        author_year_key(family, bare_year),
        f"{ascii_family}-{year}",
        f"{ascii_family}-{bare_year}",
    ]
    for key in (*specific, *generic):
        if key in labels:
            return key, labels[key]
    if " " in family.strip():  # "Al Smith" read as one name: the family may be "Smith"
        last = family.split()[-1]
        for key in (
            f"{author_year_key(last, '').rstrip('-')}{form}-{year}",
            author_year_key(last, year),
        ):
            if key in labels:
                return key, labels[key]
    return (generic if form == citation_form(None, False) else specific)[0], None
