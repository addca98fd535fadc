"""What the readers of structured inputs (RIS, CSL-JSON, EndNote XML, JATS) share:
names as reference managers store them, dates, page ranges, identifiers normalised the
way printed ones are, and XML parsed safely with the place of each element in the source.

XML is parsed with defusedxml: a document that declares entities (a "billion laughs"
bomb) or names external ones is refused, never expanded or fetched.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from asrefs.dates import FIELD_YEAR_RE
from asrefs.errors import InputError
from asrefs.models import Article, Author
from asrefs.parse.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from asrefs.text import xml_unmarked

_NUMBER = re.compile(r"[0-9]{1,2}")


def source_name(article: Article) -> str:
    """The article's name in a message: its path, or <stdin>."""
    return "<stdin>" if article.path == "-" else article.path


def person(name: str) -> Author | None:
    """An author as reference managers store one: "Family, Given"; a name without a
    comma (or with nothing after it) is an organisation."""
    name = " ".join(name.split())
    if not name:
        return None
    family, comma, given = name.partition(",")
    family, given = family.strip(), given.strip()
    if not comma or not given:
        return Author(family=family.rstrip(","), collective=True)
    return Author(family=family, given=given)


def date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of a stored date ("2025/02/10/", "2025-02-10", "2025"): the year
    is the first four-digit year, month and day the numbers after it."""
    m = FIELD_YEAR_RE.search(text)
    if m is None:
        return None, None, None
    rest = [int(n) for n in _NUMBER.findall(text[m.end() :])]
    month = rest[0] if rest and 1 <= rest[0] <= 12 else None
    day = rest[1] if month and len(rest) > 1 and 1 <= rest[1] <= 31 else None
    return int(m.group(1)), month, day


def page_range(first: str | None, last: str | None) -> str | None:
    """ "first-last", or the one that is given."""
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and last != first:
        return f"{first}-{last}"
    return first or last or None


class Identifiers(TypedDict):
    """A reference's identifier fields."""

    doi: str | None
    pmid: str | None
    pmcid: str | None


def identifiers(doi: str | None, pmid: str | None, pmcid: str | None) -> Identifiers:
    """The identifiers as Reference fields, normalised as printed ones are."""
    pmc = (pmcid or "").strip()
    if pmc.isdigit():  # stored bare, in a field that can only hold a PMCID
        pmc = "PMC" + pmc
    return {
        "doi": normalize_doi(doi) if doi else None,
        "pmid": normalize_pmid(pmid) if pmid else None,
        "pmcid": normalize_pmcid(pmc) if pmc else None,
    }


def first(*values: Any) -> str | None:
    """The first value that is a non-blank string (or a list whose first item is one)."""
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, (str, int)) and str(value).strip():
            return " ".join(str(value).split())
    return None


def xml_root(article: Article, what: str) -> Element:
    """The parsed XML of an article, or an InputError in one line."""
    name = source_name(article)
    try:
        return fromstring(article.text)  # type: ignore[no-any-return]
    except DefusedXmlException as exc:
        raise InputError(
            f"{name}: the {what} declares entities or external references; refused"
        ) from exc
    except ParseError as exc:
        line, column = exc.position
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
        raise InputError(
            f"{name}: not well-formed XML: {reason} (line {line}, column {column + 1})"
        ) from exc


def text_of(element: Element | None) -> str:
    """An element's text, tags dropped and white space collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


class Source:
    """Where elements stand in XML source: the n-th start tag of a name is the n-th such
    element of the parsed tree (comments, CDATA and declarations hold no tags)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.unmarked = xml_unmarked(article.text)

    def starts(self, tag: str) -> list[int]:
        """Offsets of every ``<tag`` start tag, in document order."""
        return [m.start() for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", self.unmarked)]

    def first(self, *tags: str) -> int | None:
        """The offset of the first start tag of the first of ``tags`` that occurs."""
        for tag in tags:
            found = self.starts(tag)
            if found:
                return found[0]
        return None

    def element(self, tag: str, start: int) -> str:
        """The source of the element whose start tag is at ``start``."""
        opening = self.unmarked.find(">", start)
        if opening < 0 or self.unmarked[opening - 1] == "/":
            return self.article.text[start : opening + 1 if opening >= 0 else None]
        m = re.compile(rf"</{re.escape(tag)}\s*>").search(self.unmarked, opening)
        return self.article.text[start : m.end() if m else len(self.article.text)]

    def line_of(self, offset: int) -> int:
        return self.article.line_of(offset)
