"""Matching a reference that prints no identifier to a registry search result.

Crossref's relevance score is not comparable across queries, so a candidate is accepted
only on asrefs's own validation score: title similarity, weighted with the first author's
family name, the year and the journal where the reference prints them. ``field_scores``
breaks a candidate down field by field (title, first author, other authors, year,
venue), for saying how the closest candidate differs; ``search_fields`` gives the
fields a search is narrowed by (the first author's family name, the printed year).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

from asrefs.models import Author, Record, Reference
from asrefs.text import is_notice

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def plain_words(text: str) -> str:
    """Lower-case words without accents, one space apart (unlike :func:`asrefs.text.fold`,
    punctuation goes and case is lowered, not folded)."""
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.lower()).strip()


def search_query(ref: Reference) -> str | None:
    """The query for Crossref's query.bibliographic: the raw reference without URLs (for
    markup such as a BibTeX entry, its fields as a reference would print them)."""
    printed = ref.raw if ref.raw_printed else _fields_text(ref)
    if not ref.title and not printed:
        return None
    text = re.sub(r"https?://\S+", " ", printed)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) >= 20 else None


def _fields_text(ref: Reference) -> str:
    """The fields of a reference given field by field, in the order references print them."""
    names = ", ".join(a.family for a in ref.authors[:3])
    parts = [names, ref.title, ref.journal, str(ref.year or ""), ref.volume, ref.pages]
    return ". ".join(p for p in parts if p)


def search_fields(ref: Reference) -> tuple[str | None, int | None]:
    """The first author's family name and the year a search is narrowed by, as printed."""
    family = ref.authors[0].family.strip() if ref.authors else ""
    return (family or None), ref.year


def title_similarity(ref: Reference, record: Record) -> float:
    """0..1: the printed title (or, without one, the raw reference) against the record's
    title, with and without its subtitle."""
    if not record.title:
        return 0.0
    printed_title = ref.title or ref.raw
    full_title = record.title + (f": {record.subtitle}" if record.subtitle else "")
    title = (
        max(
            fuzz.ratio(plain_words(printed_title), plain_words(full_title)),
            fuzz.ratio(plain_words(printed_title), plain_words(record.title)),
        )
        / 100.0
    )
    if not ref.title:
        printed = ref.raw if ref.raw_printed else _fields_text(ref)
        title = fuzz.partial_ratio(plain_words(record.title), plain_words(printed)) / 100.0
    return title


def match_score(ref: Reference, record: Record) -> float:
    """0..1: how surely ``record`` is the work ``ref`` describes (0 for a notice about a
    work, a correction or a retraction, when the print is not one: it has the work's
    title, not its authors or volume)."""
    if not record.title or (is_notice(record.title) and not is_notice(ref.title or "")):
        return 0.0
    title = title_similarity(ref, record)
    score = title
    checks = 0
    agree = 0
    if ref.authors and record.authors:
        checks += 1
        agree += plain_words(ref.authors[0].family) == plain_words(record.authors[0].family)
    if ref.year and record.year:
        checks += 1
        years = {int(v[:4]) for _k, v in record.dates} | {record.year}
        agree += ref.year in years
    if ref.volume and record.volume:
        checks += 1
        agree += ref.volume.strip() == record.volume.strip()
    if checks:
        score = 0.7 * title + 0.3 * (agree / checks)
    return score


def _families(names: Sequence[Author]) -> list[str]:
    return [plain_words(a.family) for a in names if a.family.strip()]


def field_scores(ref: Reference, record: Record) -> dict[str, float]:
    """0..1 per field both the print and the record hold: ``title``, ``first-author``
    (the family name), ``authors`` (the share of the other printed family names the
    record lists), ``year`` (1 within a year of a registered date) and ``venue`` (the
    printed journal or proceedings against the record's container and its short names)."""
    out = {"title": round(title_similarity(ref, record), 3)}
    printed, registered = _families(ref.authors), _families(record.authors)
    if printed and registered:
        out["first-author"] = float(printed[0] == registered[0])
        others = printed[1:]
        if others:
            out["authors"] = round(sum(f in registered for f in others) / len(others), 3)
    if ref.year and record.year:
        years = {int(v[:4]) for _k, v in record.dates} | {record.year}
        out["year"] = float(min(abs(ref.year - y) for y in years) <= 1)
    venues = [v for v in (record.journal, *record.journal_abbrevs) if v]
    if ref.journal and venues:
        journal = plain_words(ref.journal)
        out["venue"] = round(
            max(fuzz.token_set_ratio(journal, plain_words(v)) for v in venues) / 100.0, 3
        )
    return out
