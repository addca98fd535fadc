"""The layouts of whole entries, style by style, and which one an entry is printed in.

Vancouver, APA/Wiley, Springer/Nature, Elsevier, Frontiers, MDPI/ACS, IEEE, Chicago,
Harvard, MLA and GB/T 7714 ("[J]", "[M]" type codes) differ in where the authors end,
whether the year follows them, whether the title is quoted and how the tail is
punctuated. :func:`parse_core` tells them apart and fills the fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from asrefs.dates import PRINTED_YEAR
from asrefs.parse.fields import (
    BOUNDARY_RE,
    Fields,
    fallback_year,
    month_of,
    parse_keyword_source,
    parse_source,
    plausible_journal,
    set_pages,
    tidy_journal,
)
from asrefs.parse.names import (
    GIVEN_FIRST_LIST_RE,
    author_end,
    leads_authors,
    looks_like_given_first_name,
    set_authors,
)

__all__ = ["exact_layout", "parse_core"]

TYPE_CODE_RE = re.compile(r"\[(J|M|C|D|R|S|P|N|Z|A|G|EB|DB|CP|DS|CM|DT)(?:/OL)?\]", re.IGNORECASE)
_QUOTED_RE = re.compile(
    r"[“\"](?P<t>[^”\"]{3,}?)[”\"]|(?:(?<=\s)|^)[‘'](?P<s>[^’']{3,}?)[’'](?=[\s,.:;]|$)"
)
_QUOTE_CHARS_RE = re.compile("[\"“‘']")
_PAREN_YEAR_RE = re.compile(
    rf"\((?P<y>{PRINTED_YEAR})[a-z]?(?:,\s*(?P<mon>[A-Za-z]+)\.?(?:\s+(?P<day>[0-9]{{1,2}}))?)?\)"
)
_TRAILING_YEAR_RE = re.compile(rf"[.,]?\s*\(?(?P<y>{PRINTED_YEAR})[a-z]?\)?[.,]?\s*$")
_COMMA_RE = re.compile(r",\s+")
_VOL_NO_KEYWORD_RE = re.compile(r"\b(?:vol|no)\.", re.IGNORECASE)
_PP_KEYWORD_RE = re.compile(r"\bpp?\.", re.IGNORECASE)
_INVERTED_FIRST_RE = re.compile(r"^[^,\s]+(?:\s[^,\s]+)?,\s")
_COMMA_ABBREVIATION_RE = re.compile(r",\s+((?:[A-Z][a-z]{0,8}\.\s*){1,3})$")
_ELSEVIER_RE = re.compile(
    r",\s*(?P<j>[^,]+?)\s*,\s*Volume\s+(?P<vol>[^,]+?)\s*,(?:\s*Issue\s+(?P<iss>[^,]+?)\s*,)?"
    r"\s*(?:(?P<mon>[A-Z][a-z]+)\s+)?(?P<y>[0-9]{4})"
    r"(?!\s*,\s*pp?\.)"  # MLA's "…, Volume 2894, 2003, pp. 452–73." is no export
    r"(?:\s*,\s*(?:Pages?\s+)?(?P<pg>[^,]+?))?\s*(?:,|$)"
)
_BOOK_RE = re.compile(
    r"(?:(?P<place>[^:,]{2,40}):\s*)?(?P<pub>[^,:]+?)\s*,\s*(?P<y>[0-9]{4})(?:\s*:\s*(?P<pg>.+))?"
)
_PUBLISHER_HINT_RE = re.compile(
    r"press|publish|verlag|出版社|books|university|springer|wiley|elsevier|\binc\b|\bltd\b",
    re.IGNORECASE,
)


def exact_layout(core: str) -> bool:
    """True for layouts the rules read exactly: GB/T 7714's typed entries ("[J]", "[M]")
    and Elsevier's export ("…,Journal,Volume 200,2025,117591")."""
    if "[" in core and TYPE_CODE_RE.search(core) is not None:
        return True
    return "Volume" in core and _ELSEVIER_RE.search(core) is not None


def parse_core(core: str, fields: Fields) -> None:
    """Authors, title, journal, date, volume, issue, pages from identifier-free text."""
    if not core:
        return
    type_code = TYPE_CODE_RE.search(core) if "[" in core else None
    if type_code is not None:
        fields.set("kind", type_code.group(1).upper())
    elsevier = _ELSEVIER_RE.search(core) if "Volume" in core else None
    if elsevier is not None and type_code is None:
        _parse_elsevier(core, elsevier, fields)
        return
    quoted = _QUOTED_RE.search(core) if _QUOTE_CHARS_RE.search(core) else None
    if quoted is not None and type_code is None:
        _parse_quoted(core, quoted, fields)
        return
    given_first = GIVEN_FIRST_LIST_RE.match(core) if type_code is None else None
    if given_first is not None:
        set_authors(core[: given_first.end()], fields)
        _parse_title_and_source(core[given_first.end() :].strip(" .,"), fields, commas=True)
        return
    paren_year = _PAREN_YEAR_RE.search(core) if "(" in core else None
    if paren_year is not None and type_code is None and leads_authors(core[: paren_year.start()]):
        _parse_author_year(core, paren_year, fields)
        return
    end = author_end(core)
    if end is None and type_code is not None:
        end = _last_boundary_before(core, type_code.start())
    authors = core[:end] if end is not None else ""
    year_after_authors = _TRAILING_YEAR_RE.search(authors) if authors else None
    if year_after_authors is not None:  # Elsevier Harvard: "Zeng, L., Sun, L., 2025. Title"
        fields.set("year", int(year_after_authors.group("y")))
        authors = authors[: year_after_authors.start()]
    set_authors(authors, fields)
    rest = core[end:].strip(" .,") if end is not None else core
    if type_code is not None:
        title = core[end or 0 : type_code.start()].strip(" .,")
        fields.set("title", title)
        _parse_gbt_source(core[type_code.end() :].strip(" .,"), fields)
        fields.set("style", "gbt7714")
        return
    _parse_title_and_source(rest, fields)


def _last_boundary_before(core: str, limit: int) -> int | None:
    last = None
    for boundary in BOUNDARY_RE.finditer(core, 0, limit):
        last = boundary.end()
    return last


# --- style-specific layouts --------------------------------------------------


def _parse_elsevier(core: str, match: re.Match[str], fields: Fields) -> None:
    """ "A B, C D, Title,Journal,Volume 200,2025,117591" (Elsevier's export)."""
    parts = [p.strip() for p in core[: match.start()].split(",")]
    count = 0
    while count < len(parts) - 1 and looks_like_given_first_name(parts[count]):
        count += 1
    set_authors(", ".join(parts[:count]), fields)
    fields.set("title", ", ".join(parts[count:]).strip(" ."))
    fields.set("journal", match.group("j").strip())
    fields.set("volume", match.group("vol"))
    fields.set("issue", match.group("iss"))
    fields.set("year", int(match.group("y")))
    fields.set("month", month_of(match.group("mon")))
    set_pages(match.group("pg"), fields)
    fields.set("style", "elsevier")


def _parse_quoted(core: str, quoted: re.Match[str], fields: Fields) -> None:
    """IEEE, MLA, Chicago and Harvard: the title is in quotation marks."""
    authors = core[: quoted.start()].strip(" ,.")
    year_match = _TRAILING_YEAR_RE.search(authors)
    year_style = None
    if year_match is not None:
        fields.set("year", int(year_match.group("y")))
        year_style = "harvard" if "(" in year_match.group() else "chicago"
        authors = authors[: year_match.start()].strip(" ,.")
    set_authors(authors, fields)
    title = (quoted.group("t") or quoted.group("s") or "").strip(" ,.")
    fields.set("title", title)
    source = core[quoted.end() :].strip(" ,.")
    keywords = _VOL_NO_KEYWORD_RE.search(source)
    style = None if keywords else parse_source(source, fields)
    if style is None and (keywords or _PP_KEYWORD_RE.search(source)):
        parse_keyword_source(source, fields)
        inverted = bool(_INVERTED_FIRST_RE.match(authors))
        style = "mla" if inverted else "ieee"
    fields.set("style", year_style or style)
    fallback_year(source, fields)


def _parse_author_year(core: str, paren: re.Match[str], fields: Fields) -> None:
    """APA, Wiley, Harvard and Frontiers: "Authors (2025) Title. Journal..."."""
    set_authors(core[: paren.start()], fields)
    fields.set("year", int(paren.group("y")))
    fields.set("month", month_of(paren.group("mon")))
    if paren.group("day") and fields.values.get("month"):
        fields.set("day", int(paren.group("day")))
    after = core[paren.end() :]
    punctuated = after[:1] in (".", ",", ":")
    style = _parse_title_and_source(after.strip(" .,:"), fields)
    if punctuated:
        fields.values["style"] = "apa"
    elif style == "frontiers":
        fields.values["style"] = "frontiers"
    else:
        fields.values["style"] = "harvard"


def _parse_title_and_source(rest: str, fields: Fields, commas: bool = False) -> str | None:
    """Split "Title. Journal numbers" at the last sentence boundary whose tail parses.

    With ``commas`` (given-name-first styles: "Title, Journal 171 (1953) 737"), a comma
    is tried as the boundary when no sentence boundary gives a parsable tail.
    """
    boundaries = [m.end() for m in BOUNDARY_RE.finditer(rest)]
    for cut, sentence in _cuts(rest, boundaries, commas):
        trial = Fields()
        style = parse_source(rest[cut:].strip(" .,"), trial)
        if style is None:
            continue
        if sentence:
            cut = _extend_abbreviated_journal(rest, boundaries, cut, trial)
            abbreviation = _COMMA_ABBREVIATION_RE.search(rest, 0, cut) if commas else None
            if abbreviation is not None:  # "Title, Front. Immunol. 16 (2025)"
                cut = abbreviation.start(1)
        fields.set("title", rest[:cut].strip().rstrip(".,"))
        if "journal" in trial.values:
            fields.set("journal", _journal_text(rest[cut:], trial.values["journal"]))
        for name, value in trial.values.items():
            fields.set(name, value)
        fields.set("style", style)
        return style
    title, _, source = rest.partition(". ") if boundaries else (rest, "", "")
    fields.set("title", title.strip().rstrip("."))
    if source and plausible_journal(source):
        fields.set("journal", tidy_journal(source))
    fallback_year(source, fields)
    return None


def _cuts(rest: str, boundaries: list[int], commas: bool) -> Iterator[tuple[int, bool]]:
    """Sentence boundaries right to left, then (with ``commas``) commas right to left."""
    for cut in reversed(boundaries):
        yield cut, True
    if commas:
        for match in reversed(list(_COMMA_RE.finditer(rest))):
            yield match.end(), False


def _extend_abbreviated_journal(rest: str, boundaries: list[int], cut: int, trial: Fields) -> int:
    """Move the cut left over "Front." in "Front. Immunol. 16:1613502"."""
    first_word = rest[cut:].split(None, 1)
    if not first_word or not first_word[0].endswith("."):
        return cut
    position = boundaries.index(cut)
    while position > 0:
        segment = rest[boundaries[position - 1] : boundaries[position]].strip()
        words = segment.split()
        if not 1 <= len(words) <= 3 or not all(
            w[0].isupper() and (w.endswith(".") or len(w) <= 4) for w in words
        ):
            break
        position -= 1
    if position == 0 and boundaries[0] == cut:
        return cut
    return boundaries[position]


def _journal_text(tail: str, parsed: str) -> str:
    """The journal as printed from the cut: "Front. Immunol." keeps its final period."""
    tail = tail.strip()
    index = tail.find(parsed)
    journal = tail[: index + len(parsed)] if index >= 0 else parsed
    journal = journal.strip(" ,;:")
    if "." in journal.rstrip(".") and tail[len(journal) : len(journal) + 1] == ".":
        journal += "."
    return journal.rstrip(",") if not journal.endswith(".") else journal


def _parse_gbt_source(source: str, fields: Fields) -> None:
    """After "[J]." a journal tail; after "[M]." a "Place: Publisher, Year" tail."""
    if fields.values.get("kind") in ("M", "C", "D", "R", "S") or _PUBLISHER_HINT_RE.search(
        source.split(",")[0]
    ):
        book = _BOOK_RE.fullmatch(source)
        if book is not None:
            fields.set("publisher", book.group("pub").strip())
            fields.set("year", int(book.group("y")))
            set_pages(book.group("pg"), fields)
            return
    if parse_source(source, fields) is None:
        fields.set("journal", source.split(",")[0].strip() or None)
        fallback_year(source, fields)
