"""Month names, shared by the reference parser, the claim extractor and the registry
parsers (English names and the abbreviations publishers and PubMed print; the full names
in the languages most references are printed in), and the years a printed reference or
an author–year citation may carry."""

from __future__ import annotations

import re
from functools import lru_cache

# A year as references print it, 1600-2099 (a regular-expression fragment, no group).
PRINTED_YEAR = r"(?:1[6-9]|20)[0-9]{2}"
# The year in a structured record's date field (BibTeX, JATS, CSL-JSON…), 1500-2099:
# the field says it is a date, so older works' years are taken too.
FIELD_YEAR_RE = re.compile(r"(?<![0-9])((?:1[5-9]|20)[0-9]{2})(?![0-9])")

MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(MONTH_NAMES, start=1) for name in names
}


_PRINTED_LOCALES = ("en", "fr", "de", "es", "it", "pt", "nl")


@lru_cache(maxsize=1)
def printed_month_names() -> frozenset[str]:
    """Months' full names in the languages of most printed references ("novembre",
    "Juni", "mai"), case-folded: CLDR's, through Babel, read when first asked for."""
    from babel.dates import get_month_names

    return frozenset(
        name.casefold()
        for locale in _PRINTED_LOCALES
        for name in get_month_names("wide", locale=locale).values()
    )


def is_month_name(word: str) -> bool:
    """An English month's name or abbreviation ("Mar.", "Sept"), or a month's full name in
    a language of printed references ("janvier", "Juni"), however cased."""
    folded = word.strip(" .,;:").casefold()
    return folded in MONTHS or folded in printed_month_names()


def month_number(name: str) -> int | None:
    """1-12 for an English month name or abbreviation ("Mar", "march", "Sept."), else None."""
    return MONTHS.get(name.strip().lower().rstrip("."))
