"""Compare what the article prints with what the registries hold.

Pure functions, no I/O. The entry point the orchestration calls per reference is
:func:`check_reference`; :func:`compare_list` looks at the list as a whole.

Principles
- A field a record does not hold is *unknown*: it never produces a finding.
- When Crossref and PubMed disagree about a field, the disagreement is reported once
  (``registry-disagreement``, info) and the article is judged against whichever of the
  two values it matches: the article is not blamed for a registry quirk.
- Fix policy: each fixable finding's ``fix`` is the printed reference string with
  *only that finding's field* corrected. Findings are accepted one by one (by code), so
  a fix must not smuggle in the corrections of other findings the user may have
  accepted or may judge differently (a title-typo on a registry-side typo, say); the
  fix of a finding also shows exactly what that finding changes. Corrections touch
  disjoint spans of the raw string, so a tool can still combine them.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz

from asrefs import codes
from asrefs.dates import MONTH_NAMES, month_number
from asrefs.models import (
    Author,
    Finding,
    Lookup,
    Origin,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Severity,
    Update,
)
from asrefs.text import (
    display_title as _display_title,
)
from asrefs.text import (
    fold as _fold,
)
from asrefs.text import (
    has_cjk as _is_cjk,
)
from asrefs.text import (
    normalise_title,
)
from asrefs.text import (
    strip_markup as _strip_markup,
)
from asrefs.text import (
    words as _words,
)

__all__ = [
    "check_reference",
    "compare_list",
    "compare_reference",
    "field_sources",
    "lookup_findings",
    "merge_records",
    "normalise_title",
    "reference_status",
    "same_journal",
]

# ---------------------------------------------------------------------------
# Thresholds (0-100, rapidfuzz scale)

TYPO_RATIO = 90.0  # a title this similar (normalised) is the same title with a typo
IDENTITY_RATIO = 65.0  # titles less similar than this (see _title_similarity) are other works
NAME_CLOSE_RATIO = 75.0  # a family name this similar is a misspelling
MIN_DUPLICATE_TITLE = 20  # shorter normalised titles ("Editorial") are not duplicate keys

# ---------------------------------------------------------------------------
# Normalisation helpers

_REGISTRY_ORDER = ("crossref", "pubmed")

# Words a registry (PubMed in particular) may drop from a title.
_FUNCTION_WORDS_TEXT = (
    "a an the of in on at to for from by with via and or as into onto through using "
    "under upon between among versus vs its their"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
# Words an abbreviated journal title drops (ISO 4 / NLM).
_JOURNAL_STOP_TEXT = "of the and in for on at to an de des la le et fur und der die"
_JOURNAL_STOP = frozenset(_JOURNAL_STOP_TEXT.split())
# Contractions that are not prefixes of the full word (ISO 4).
_CONTRACTIONS = MappingProxyType(
    {"natl": "national", "intl": "international", "assn": "association", "dept": "department"}
)
_PARTICLES_TEXT = (
    "van von der den de del della dalla di da du la le des dos das do ten ter zu af "
    "al el bin ibn st"
)
_PARTICLES = frozenset(_PARTICLES_TEXT.split())
_GERMAN = MappingProxyType({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_DASHES = "-‐‑‒–—―−"
_DASH = re.compile(f"[{_DASHES}]")
_ISSUE_DASH = re.compile(f"\\s*[{_DASHES}/]\\s*")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_VOLUME_PREFIX = re.compile(r"^(?:volume|vol\.?|v\.)\s*")
_ISSUE_PREFIX = re.compile(r"^(?:issue|iss\.?|number|no\.?|nr\.?|n[°º])\s*")
_PAGES_PREFIX = re.compile(r"^(?:pages?|pp?\.|art(?:icle)?\.?\s*(?:no\.?|number)?|e-?locator)\s*")
_SPACES = re.compile(r"\s+")
_NOT_ISSN = re.compile(r"[^0-9X]")
_PARENTHESES = re.compile(r"\([^)]*\)")
_JOURNAL_WORD = re.compile(r"[^\W_]+(\.)?")
_IDENTIFIER_SPAN = re.compile(
    r"(?:https?://|www\.)\S+|\bdoi:?\s*10\.\S+|\b10\.\d{4,9}/\S+|\bPMID:?\s*\d+"
    r"|\bPMCID:?\s*PMC\d+|\bPMC\d+|\bISSN:?\s*[\dXx-]+",
    re.I,
)


def _title_key(text: str) -> str:
    """The normalised title without spaces: "KRAS / NRAS" == "KRAS/NRAS", "TNFα" == "TNF-alpha"."""
    return normalise_title(text).replace(" ", "")


def _full_title(rec: Record) -> str | None:
    """The record's title with its subtitle joined by ": " (unless already included)."""
    if not rec.title:
        return None
    title = _display_title(rec.title)
    if rec.subtitle:
        sub = _display_title(rec.subtitle)
        if normalise_title(sub) and normalise_title(sub) not in normalise_title(title):
            title = f"{title.rstrip(' .:')}: {sub}"
    return title


@functools.lru_cache(maxsize=65536)
def _name_keys(name: str) -> frozenset[str]:
    """Comparison keys of a family name: with and without particles, accents folded,
    German umlauts also transliterated; hyphens, spaces and apostrophes ignored."""
    keys: set[str] = set()
    if name.isascii():
        variants: tuple[str, ...] = (name.casefold(),)
    else:
        base = unicodedata.normalize("NFKC", name).casefold()
        variants = (base, "".join(_GERMAN.get(ch, ch) for ch in base))
    for variant in variants:
        words = [w for w in _words(_fold(variant)) if not w.isdigit()]
        if not words:
            continue
        keys.add("".join(words))
        core = [w for w in words if w not in _PARTICLES]
        if core:
            keys.add("".join(core))
    return frozenset(keys)


def _initial(given: str) -> str:
    words = _words(_fold(given))
    return words[0][0] if words else ""


@functools.lru_cache(maxsize=16384)
def _parse_date(iso: str) -> tuple[int, int | None, int | None] | None:
    m = _ISO_DATE.match(iso.strip())
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return int(m.group(1)), month, day


def _norm_volume(value: str) -> str:
    v = _fold(value).strip()
    v = _VOLUME_PREFIX.sub("", v)
    v = v.strip(" .,;:()[]")
    return (v.lstrip("0") or v) if v.isdigit() else v


def _norm_issue(value: str) -> str:
    v = _fold(value).strip()
    v = _ISSUE_PREFIX.sub("", v)
    v = v.strip(" .,;:()[]")
    v = _ISSUE_DASH.sub("-", v)
    v = _SPACES.sub(" ", v)
    return (v.lstrip("0") or v) if v.isdigit() else v


@functools.lru_cache(maxsize=16384)
def _page_range(value: str) -> tuple[str, str | None]:
    """(first, last) of a page range, a truncated end expanded: "1979-87" -> 1979, 1987."""
    v = _fold(value).strip()
    v = _PAGES_PREFIX.sub("", v)
    v = v.strip(" .,;:()[]")
    parts = [p.strip() for p in _DASH.split(v, maxsplit=1)]
    first = parts[0]
    last = parts[1] if len(parts) > 1 and parts[1] else None
    if last and last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if last == first:
        last = None
    return first, last


def _norm_issn(value: str) -> str:
    return _NOT_ISSN.sub("", value.upper())


@functools.lru_cache(maxsize=16384)
def _journal_tokens(name: str) -> tuple[tuple[str, bool], ...]:
    """Journal words (folded, stop words dropped) with a flag "printed with a dot"."""
    text = unicodedata.normalize("NFKC", _strip_markup(name))
    text = _PARENTHESES.sub(" ", text)  # NLM qualifiers: "Rheumatology (Oxford)"
    text = _fold(text).replace("&", " and ")
    out = []
    for m in _JOURNAL_WORD.finditer(text):
        word = m.group(0).rstrip(".")
        if word not in _JOURNAL_STOP:
            out.append((word, m.group(1) is not None))
    return tuple(out)


def _abbreviates(short: str, full: str) -> bool:
    return full.startswith(short) or _CONTRACTIONS.get(short) == full


def same_journal(printed: str, registered: str) -> bool:
    """True when two journal names denote the same journal: equal after folding, or one
    is an abbreviation of the other (each abbreviated word a prefix of the full word,
    stop words dropped, dots optional). A one-word name must match exactly unless the
    abbreviated word carries a dot ("Cell" is not "Cells", "Nat." may be "Nature")."""
    if printed.casefold() == registered.casefold():
        return True
    a, b = _journal_tokens(printed), _journal_tokens(registered)
    wa, wb = [w for w, _ in a], [w for w, _ in b]
    if not wa or not wb:
        return False
    if wa == wb or "".join(wa) == "".join(wb):
        return True
    if len(wa) != len(wb):
        return False
    if len(wa) == 1:
        (sa, dot_a), (sb, dot_b) = a[0], b[0]
        return (dot_a and _abbreviates(sa, sb)) or (dot_b and _abbreviates(sb, sa))
    return all(_abbreviates(x, y) for x, y in zip(wa, wb, strict=True)) or all(
        _abbreviates(y, x) for x, y in zip(wa, wb, strict=True)
    )


# ---------------------------------------------------------------------------
# Small building blocks


def _ordered(records: dict[str, Record]) -> list[Record]:
    """Records in order of preference: Crossref, PubMed, then any other by name."""
    rank = {name: i for i, name in enumerate(_REGISTRY_ORDER)}
    return [records[k] for k in sorted(records, key=lambda k: (rank.get(k, 99), k))]


def _registry_name(source: str) -> str:
    return {"crossref": "Crossref", "pubmed": "PubMed", "both": "Crossref and PubMed"}.get(
        source, source
    )


@dataclass(frozen=True)
class _Cand:
    """One registry value of a field: its display form, comparison key and source."""

    value: str
    key: str
    source: str


def _candidates(
    recs: Sequence[Record], get: Callable[[Record], str | None], norm: Callable[[str], str]
) -> list[_Cand]:
    out: list[_Cand] = []
    for rec in recs:
        value = get(rec)
        if not value or not norm(value):
            continue
        key = norm(value)
        for i, c in enumerate(out):
            if c.key == key:
                out[i] = _Cand(c.value, c.key, "both")
                break
        else:
            out.append(_Cand(value, key, rec.source))
    return out


def _finding(
    code: str,
    ref: Reference,
    field: str | None,
    message: str,
    *,
    found: str | None = None,
    expected: str | None = None,
    source: str | None = None,
    fix: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        ref=ref.index,
        field=field,
        origin=codes.CODES[code].origin,
        severity=codes.severity_of(code),
        found=found,
        expected=expected,
        source=source,
        message=message,
        line=ref.line,
        fix=fix,
    )


def _disagreement(
    ref: Reference, field: str, printed: str | None, cands: list[_Cand]
) -> list[Finding]:
    if len(cands) < 2:
        return []
    values = "; ".join(f"{_registry_name(c.source)}: {c.value}" for c in cands)
    return [
        _finding(
            "registry-disagreement",
            ref,
            field,
            f"Crossref and PubMed hold different values for the {field} ({values}); "
            "the reference is checked against both.",
            found=printed,
            expected=values,
            source="both",
        )
    ]


def _flex_pattern(value: str) -> re.Pattern[str]:
    """A pattern finding ``value`` in the raw string: any dash for a dash, any run of
    whitespace for a space, and not inside a longer word or number."""
    parts = []
    for ch in " ".join(value.split()):
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _DASHES:
            parts.append(f"\\s*[{_DASHES}]\\s*")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if value[:1].isalnum():
        body = r"(?<!\w)" + body
    if value[-1:].isalnum():
        body += r"(?!\w)"
    return re.compile(body, re.I)


def _substitute(
    ref: Reference, old: str | None, new: str | None, *, skip_title: bool = True, dash: bool = False
) -> str | None:
    """``ref.raw`` with the first printed occurrence of ``old`` replaced by ``new``,
    never inside a URL/identifier nor (unless correcting the title) inside the title."""
    if not old or not new or old.strip() == new.strip():
        return None
    raw = ref.raw
    spans = [m.span() for m in _IDENTIFIER_SPAN.finditer(raw)]
    if skip_title and ref.title:
        m = _flex_pattern(ref.title).search(raw)
        if m:
            spans.append(m.span())
    for m in _flex_pattern(old).finditer(raw):
        if any(m.start() < end and start < m.end() for start, end in spans):
            continue
        printed_dash = next((d for d in m.group(0) if d in _DASHES), None)
        if dash and printed_dash:  # keep the article's dash in a page range
            new = re.sub(f"[{_DASHES}]", printed_dash, new)
        return raw[: m.start()] + new + raw[m.end() :]
    return None


# ---------------------------------------------------------------------------
# Merging the registries' records


_UNION_FIELDS = ("journal_abbrevs", "issn", "updates", "dates")


def _union_dates(recs: Sequence[Record]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for rec in recs:
        for kind, value in rec.dates:
            seen.setdefault(kind, value)
    return tuple(seen.items())


def _union_updates(recs: Sequence[Record]) -> tuple[Update, ...]:
    out: list[Update] = []
    keys: set[tuple[str, str]] = set()
    for rec in recs:
        for u in rec.updates:
            if u.doi:
                key = (u.kind, u.doi.lower())
            elif any(o.kind == u.kind for o in out):
                continue  # a PubMed notice without DOI already known from Crossref
            else:
                key = (u.kind, u.pmid or u.label or "")
            if key not in keys:
                keys.add(key)
                out.append(u)
    return tuple(out)


def _union_strings(values: Iterable[str], norm: Callable[[str], str]) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for v in values:
        if v and norm(v) not in out:
            out[norm(v)] = v
    return tuple(out.values())


def merge_records(records: dict[str, Record]) -> Record | None:
    """One record from the registries' records: each field from Crossref, or from PubMed
    where Crossref lacks it; journal abbreviations, ISSNs, updates and dates united."""
    recs = _ordered(records)
    if not recs:
        return None
    values: dict[str, Any] = {}
    for f in fields(Record):
        if f.name in ("source", "identifier"):
            continue
        values[f.name] = next(
            (getattr(r, f.name) for r in recs if getattr(r, f.name)), getattr(recs[0], f.name)
        )
    values["journal_abbrevs"] = _union_strings(
        (a for r in recs for a in r.journal_abbrevs), str.strip
    )
    values["issn"] = _union_strings((i for r in recs for i in r.issn), _norm_issn)
    values["updates"] = _union_updates(recs)
    values["dates"] = _union_dates(recs)
    source = "both" if len(recs) > 1 else recs[0].source
    return Record(source=source, identifier=recs[0].identifier, **values)


def _field_key(name: str, value: Any) -> Any:
    if name in ("title", "subtitle"):
        return _title_key(str(value))
    if name == "journal":
        return tuple(w for w, _ in _journal_tokens(str(value)))
    if name == "authors":
        return tuple(min(_name_keys(a.family), default="") for a in value)
    if name in ("volume", "issue"):
        return _norm_volume(str(value))
    if name == "pages":
        return _page_range(str(value))
    if isinstance(value, str):
        return _fold(value).strip()
    return value


def field_sources(records: dict[str, Record]) -> dict[str, str]:
    """For each non-empty field of the merged record, the registry it came from:
    "crossref", "pubmed", or "both" when both hold it with equal values (for the
    united fields — abbreviations, ISSNs, updates, dates — when both contribute)."""
    recs = _ordered(records)
    out: dict[str, str] = {}
    for f in fields(Record):
        if f.name in ("source", "identifier"):
            continue
        holders = [r for r in recs if getattr(r, f.name)]
        if not holders:
            continue
        if len(holders) == 1:
            out[f.name] = holders[0].source
        elif f.name in _UNION_FIELDS:
            out[f.name] = "both"
        else:
            keys = {repr(_field_key(f.name, getattr(r, f.name))) for r in holders}
            out[f.name] = "both" if len(keys) == 1 else holders[0].source
    return out


# ---------------------------------------------------------------------------
# Identity: is the DOI's (or PMID's) record the printed work at all?


def _person_verdict(printed: Author, registered: Author) -> str:
    """ "same", "given" (family equal, first initial differs), "close", "different" or
    "unknown" (scripts differ, or a consortium against a person)."""
    if printed.collective or registered.collective:
        if printed.collective != registered.collective:
            return "unknown"
        a, b = normalise_title(printed.family), normalise_title(registered.family)
        return "same" if a == b or fuzz.ratio(a, b) >= TYPO_RATIO else "different"
    if printed.family.casefold() == registered.family.casefold():
        pi, ri = _initial(printed.given), _initial(registered.given)
        return "given" if pi and ri and pi != ri and not _is_cjk(printed.family) else "same"
    if _is_cjk(printed.family + printed.given) != _is_cjk(registered.family + registered.given):
        return "unknown"
    pk, rk = _name_keys(printed.family), _name_keys(registered.family)
    if not pk or not rk:
        return "unknown"
    if pk & rk:
        pi, ri = _initial(printed.given), _initial(registered.given)
        return "given" if pi and ri and pi != ri and not _is_cjk(printed.family) else "same"
    # family and given swapped (frequent with East Asian names), or a Vancouver name
    # read the wrong way round ("Gorgels TGMF" as family "TGMF", given "Gorgels")
    if registered.given and pk & _name_keys(registered.given):
        return "same"
    if re.fullmatch(r"[A-Z]{1,4}", printed.family) and _name_keys(printed.given) & rk:
        return "same"
    best = max(fuzz.ratio(a, b) for a in pk for b in rk)
    return "close" if best >= NAME_CLOSE_RATIO else "different"


class _Positions:
    """Where a family name stands in a registered author list; built on first use (most
    references never need it)."""

    def __init__(self, authors: Sequence[Author]) -> None:
        self._authors = authors
        self._index: dict[str, int] | None = None

    def of(self, family: str) -> int | None:
        if self._index is None:
            self._index = {}
            for i, a in enumerate(self._authors):
                for k in _name_keys(a.family):
                    self._index.setdefault(k, i)
        return next((self._index[k] for k in _name_keys(family) if k in self._index), None)


def _describe(rec: Record) -> str:
    """ "Title" — Family et al., Journal, Year: the work a record describes."""
    parts = []
    if rec.authors:
        first = rec.authors[0].family
        parts.append(first + (" et al." if len(rec.authors) > 1 else ""))
    if rec.journal:
        parts.append(rec.journal)
    if rec.year:
        parts.append(str(rec.year))
    title = _full_title(rec) or "(untitled)"
    return f"“{title}”" + (" — " + ", ".join(parts) if parts else "")


def _title_similarity(a: str, b: str) -> float:
    """0-100: the larger of the character similarity and the share of the shorter
    title's content words found in the other (a truncated title scores 100; two works
    on the same topic share their topic words but little else)."""
    na, nb = normalise_title(a), normalise_title(b)
    wa = {w for w in na.split() if w not in _FUNCTION_WORDS}
    wb = {w for w in nb.split() if w not in _FUNCTION_WORDS}
    overlap = 100.0 * len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    return max(fuzz.ratio(na, nb), overlap)


def _is_other_work(ref: Reference, rec: Record) -> bool:
    """The printed title and first author both disagree with the record."""
    title = _full_title(rec)
    if not ref.title or not title or _is_cjk(ref.title) != _is_cjk(title):
        return False
    if _title_similarity(ref.title, title) >= IDENTITY_RATIO:
        return False
    if not ref.authors or not rec.authors:
        return False
    verdict = _person_verdict(ref.authors[0], rec.authors[0])
    if verdict != "different":
        return False
    return _Positions(rec.authors).of(ref.authors[0].family) is None


def _doi_pmid_mismatch(ref: Reference, recs: list[Record]) -> tuple[list[Finding], list[Record]]:
    """The printed DOI and PMID lead to two different works: report, and keep the record
    the printed title fits (both when the title is not printed)."""
    by_doi = next((r for r in recs if r.source == "crossref" and r.identifier.kind == "doi"), None)
    by_pmid = next((r for r in recs if r.source == "pubmed" and r.identifier.kind == "pmid"), None)
    if not (ref.doi and ref.pmid and by_doi and by_pmid):
        return [], recs
    dois_differ = bool(by_doi.doi and by_pmid.doi and by_doi.doi.lower() != by_pmid.doi.lower())
    t1, t2 = _full_title(by_doi), _full_title(by_pmid)
    titles_differ = bool(t1 and t2 and _title_similarity(t1, t2) < IDENTITY_RATIO)
    if not (dois_differ or titles_differ):
        return [], recs
    finding = _finding(
        "doi-pmid-mismatch",
        ref,
        "pmid",
        f"The printed DOI {ref.doi} is {_describe(by_doi)}, but the printed PMID {ref.pmid} "
        f"is {_describe(by_pmid)}; correct whichever identifier is wrong.",
        found=f"doi:{ref.doi} pmid:{ref.pmid}",
        expected=f"doi:{ref.doi} → {_describe(by_doi)}; pmid:{ref.pmid} → {_describe(by_pmid)}"
        + (f" (DOI {by_pmid.doi})" if by_pmid.doi else ""),
        source="both",
    )
    keep = recs
    if ref.title and t1 and t2:
        keep = (
            [by_doi]
            if _title_similarity(ref.title, t1) >= _title_similarity(ref.title, t2)
            else [by_pmid]
        )
        if keep == [by_doi]:
            fix = _drop_pmid(ref.raw, ref.pmid)
        elif by_pmid.doi:
            fix = _swap_identifier(ref.raw, ref.doi, by_pmid.doi)
        else:
            fix = None
        finding = dataclasses.replace(finding, fix=fix)
    return [finding], keep


def _swap_identifier(raw: str, old: str, new: str) -> str | None:
    """``raw`` with the printed identifier ``old`` (any case) replaced by ``new``."""
    m = re.search(re.escape(old), raw, re.I)
    if not m or old.lower() == new.lower():
        return None
    return raw[: m.start()] + new + raw[m.end() :]


def _drop_pmid(raw: str, pmid: str) -> str | None:
    """``raw`` without its printed "PMID: n" (the PMID is another work's; the right one
    is not known)."""
    m = re.search(rf"\s*\bPMID\s*[:：]?\s*{re.escape(pmid)}\b[.;,]?", raw, re.I)
    if not m:
        return None
    out = (raw[: m.start()] + (" " if m.start() else "") + raw[m.end() :].lstrip()).strip()
    return out if out and out != raw else None


def _pmcid_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed PMCID against the PMCID the records hold (PubMed's ArticleIdList)."""
    if not ref.pmcid:
        return []
    held = [(r.pmcid, r.source) for r in recs if r.pmcid]
    if not held or any(p.upper() == ref.pmcid.upper() for p, _ in held):
        return []
    pmcid, source = held[0]
    return [
        _finding(
            "pmcid-mismatch",
            ref,
            "pmcid",
            f"The printed PMCID {ref.pmcid} is not this work's: {_registry_name(source)} "
            f"gives {pmcid}.",
            found=ref.pmcid,
            expected=pmcid,
            source=source,
            fix=_swap_identifier(ref.raw, ref.pmcid, pmcid),
        )
    ]


def _identity_findings(ref: Reference, recs: list[Record]) -> tuple[list[Finding], list[Record]]:
    out, recs = _doi_pmid_mismatch(ref, recs)
    rec = recs[0]
    if not _is_other_work(ref, rec):
        return out, recs
    if rec.identifier.kind == "pmid":
        code, what = "pmid-points-elsewhere", f"The PMID {ref.pmid or rec.identifier.value}"
    else:
        code, what = "doi-points-elsewhere", f"The DOI {ref.doi or rec.identifier.value}"
    out.append(
        _finding(
            code,
            ref,
            rec.identifier.kind,
            f"{what} belongs to {_describe(rec)}, not to the printed work; "
            "find the printed work's own identifier.",
            found=ref.title,
            expected=_describe(rec),
            source=rec.source,
        )
    )
    return out, []


# ---------------------------------------------------------------------------
# Title


def _lacks_function_words(printed: list[str], registered: list[str]) -> list[str] | None:
    """The words the printed title has and the registered one lacks, when those are
    all short function words and the rest is equal, in order; else None."""
    if len(printed) <= len(registered):
        return None
    extra: list[str] = []
    j = 0
    for word in printed:
        if j < len(registered) and word == registered[j]:
            j += 1
        elif word in _FUNCTION_WORDS:
            extra.append(word)
        else:
            return None
    return extra if j == len(registered) and extra else None


def _word_diff(printed: list[str], registered: list[str]) -> str:
    parts = []
    matcher = difflib.SequenceMatcher(a=printed, b=registered, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        p, r = " ".join(printed[i1:i2]), " ".join(registered[j1:j2])
        if op == "replace":
            parts.append(f"“{p}” where the record has “{r}”")
        elif op == "delete":
            parts.append(f"“{p}” that the record lacks")
        elif op == "insert":
            parts.append(f"no “{r}”")
    return "; ".join(parts) or "punctuation or spacing only"


def _title_verdict(printed: str, registered: str) -> tuple[str | None, str]:
    """(code or None, detail) for a printed title against one registered title."""
    pw, rw = normalise_title(printed).split(), normalise_title(registered).split()
    if "".join(pw) == "".join(rw):
        return None, ""
    missing = _lacks_function_words(pw, rw)
    if missing:
        return "title-variant", ", ".join(f"“{w}”" for w in missing)
    main = re.split(r"[:?]\s", _display_title(registered), maxsplit=1)[0]
    if main != _display_title(registered) and _title_key(printed) == _title_key(main):
        return "title-typo", "it omits the subtitle"
    main_p = re.split(r"[:?]\s", printed, maxsplit=1)[0]
    if main_p != printed and _title_key(main_p) == _title_key(registered):
        return "title-variant", "a subtitle"
    if fuzz.ratio(" ".join(pw), " ".join(rw)) >= TYPO_RATIO:
        return "title-typo", _word_diff(pw, rw)
    return "title-mismatch", ""


_TOKEN = re.compile(r"[^\W_]+", re.U)


def _sentence_case(title: str) -> bool:
    """Most words after the first are lower-case (the Vancouver / APA form)."""
    words = [w for w in _TOKEN.findall(title)[1:] if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[:1].isupper() and w[1:].islower())
    return bool(words) and capitalised <= len(words) // 5


def _title_edit(printed: str, registered: str) -> str:
    """The printed title with only the words that differ from the registered title
    replaced (keeping the printed capitalisation style elsewhere); the registered title
    itself when the edit does not reproduce it."""
    pt = list(_TOKEN.finditer(printed))
    rt = list(_TOKEN.finditer(registered))
    lower = _sentence_case(printed)

    def styled(text: str, first: bool) -> str:
        if not lower:
            return text
        return _TOKEN.sub(
            lambda m: (
                m.group(0).lower()
                if (m.start() or not first) and m.group(0)[1:].islower()
                else m.group(0)
            ),
            text,
        )

    matcher = difflib.SequenceMatcher(
        a=[_fold(m.group(0)) for m in pt], b=[_fold(m.group(0)) for m in rt], autojunk=False
    )
    out = printed
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        if op == "insert" and i1 == len(pt):  # a missing ending, such as a subtitle
            start = pt[-1].end() if pt else 0
            new = registered[rt[j1 - 1].end() if j1 else 0 :].rstrip(" .")
            out = out[:start] + styled(new, j1 == 0) + out[start:]
            continue
        new = registered[rt[j1].start() : rt[j2 - 1].end()] if j2 > j1 else ""
        if op == "insert":
            start = pt[i1].start()
            out = out[:start] + styled(new, j1 == 0) + " " + out[start:]
        elif op == "delete":
            start = pt[i1 - 1].end() if i1 else pt[i1].start()
            out = out[:start] + out[pt[i2 - 1].end() :]
        else:
            out = out[: pt[i1].start()] + styled(new, j1 == 0) + out[pt[i2 - 1].end() :]
    return out if _title_key(out) == _title_key(registered) else registered


def _title_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    if not ref.title:
        return []
    cands = _candidates(recs, _full_title, _title_key)
    cands = [c for c in cands if _is_cjk(c.value) == _is_cjk(ref.title)]
    if not cands:
        return []
    out = _disagreement(ref, "title", ref.title, cands)
    best = cands[0]
    if len(cands) > 1:
        best = max(cands, key=lambda c: _title_similarity(ref.title or "", c.value))
    code, detail = _title_verdict(ref.title, best.value)
    if code is None:
        return out
    reg = _registry_name(best.source)
    if code == "title-variant":
        message = (
            f"The title registered in {reg} lacks {detail} that the article prints; "
            "this is the registry's wording, not an error in the article."
        )
        fix = None
    elif code == "title-typo":
        message = f"The printed title differs slightly from the one registered in {reg}: {detail}."
        fix = _substitute(ref, ref.title, _title_edit(ref.title, best.value), skip_title=False)
    else:
        message = f"The printed title is not the title registered in {reg}: “{best.value}”."
        fix = _substitute(ref, ref.title, best.value, skip_title=False)
    out.append(
        _finding(
            code,
            ref,
            "title",
            message,
            found=ref.title,
            expected=best.value,
            source=best.source,
            fix=fix,
        )
    )
    return out


# ---------------------------------------------------------------------------
# Authors


def _name(a: Author) -> str:
    return f"{a.family} {a.given}".strip()


def _keep_case(printed: str, new: str) -> str:
    return new.upper() if printed.isupper() and len(printed) > 1 else new


_TRAILING_INITIALS = re.compile(
    r"^(?P<family>.*?[^\W\d_]{2,}[^\s]*)(?P<initials>(?:\s+[A-Z]\.?){1,4})$"
)


# "Brighton TA": a Vancouver initials block left after a mixed-case family name
_TRAILING_BLOCK = re.compile(
    r"^(?P<family>[^\W\d_]*[a-z][^\s]*(?:\s+[^\s]*[a-z][^\s]*)*)(?P<initials>\s+[A-Z]{1,3})$"
)


def _printed_author(a: Author) -> Author:
    """A printed name with initials left in the family name moved to the given name:
    GB/T 7714 prints "LIU W J", which a reader may split as family "LIU W", given "J"."""
    if a.collective:
        return a
    m = _TRAILING_INITIALS.match(a.family) or _TRAILING_BLOCK.match(a.family)
    if not m:
        return a
    initials = "".join(m.group("initials").split()).replace(".", "")
    return Author(m.group("family"), f"{initials} {a.given}".strip())


def _printed_authors(ref: Reference) -> Reference:
    authors = tuple(_printed_author(a) for a in ref.authors)
    return ref if authors == ref.authors else dataclasses.replace(ref, authors=authors)


_INITIALS_CHUNK = re.compile(
    r"(?:,?\s*)((?:[A-Z][a-z]?\.\s?-?){1,4}(?<!\s)|[A-Z]{1,4}(?:\s[A-Z]){0,3})(?![A-Za-z])"
)


def _name_span(raw: str, family: str, start: int = 0) -> tuple[int, int, str] | None:
    """Where a printed author stands in the raw string, family name first: (start, end,
    the printed initials or given part) — or None when not found."""
    m = _flex_pattern(family).search(raw, start)
    if not m:
        return None
    g = _INITIALS_CHUNK.match(raw, m.end())
    given = g.group(1).rstrip() if g and g.group(1).strip() else ""
    end = m.end() + (len(g.group(0).rstrip()) if given and g else 0)
    return m.start(), end, given


def _initials_like(printed: str, given: str) -> str:
    """The registered given name written like the printed one: "R. L.", "RL", "R L"
    or the full given name."""
    letters = [w[0].upper() for w in re.split(r"[\s.\-]+", given) if w and w[0].isalpha()]
    if not printed or not letters:
        return given
    if not re.fullmatch(r"(?:[A-Z][a-z]?\.?[\s-]?)+", printed.strip()):
        return given  # a full given name
    dotted = "." in printed
    spaced = bool(re.search(r"[A-Z]\.?\s+[A-Z]", printed))
    sep = " " if spaced else ""
    return sep.join(f"{c}." if dotted else c for c in letters)


def _rename_fix(ref: Reference, printed: Author, registered: Author) -> str | None:
    """``ref.raw`` with one printed author replaced by the registered name, in the
    printed form (family first, initials or given name as printed)."""
    span = _name_span(ref.raw, printed.family)
    if span is None or registered.collective:
        return None
    start, end, given = span
    family = _keep_case(printed.family, registered.family)
    new = family
    if given:
        new += ref.raw[start + len(printed.family) : end - len(given)] + _initials_like(
            given, registered.given
        )
    return ref.raw[:start] + new + ref.raw[end:]


def _reorder_fix(ref: Reference, rec: Record) -> str | None:
    """``ref.raw`` with the printed authors put in the registered order, when the printed
    authors are the registered first ones in another order."""
    n = len(ref.authors)
    if n < 2 or n > len(rec.authors):
        return None
    spans: list[tuple[int, int]] = []
    pos = 0
    for a in ref.authors:
        span = _name_span(ref.raw, a.family, pos)
        if span is None:
            return None
        spans.append(span[:2])
        pos = span[1]
    texts = [ref.raw[a:b] for a, b in spans]
    order: list[int] = []
    for want in rec.authors[:n]:
        keys = _name_keys(want.family)
        i = next(
            (
                j
                for j, a in enumerate(ref.authors)
                if j not in order and _name_keys(a.family) & keys
            ),
            None,
        )
        if i is None:
            return None
        order.append(i)
    if order == list(range(n)):
        return None
    out = ref.raw
    for (start, end), i in reversed(list(zip(spans, order, strict=True))):
        out = out[:start] + texts[i] + out[end:]
    return out


def _best_author_record(ref: Reference, recs: list[Record]) -> Record | None:
    with_authors = [r for r in recs if r.authors]
    if not with_authors:
        return None
    for rec in with_authors:
        if _person_verdict(ref.authors[0], rec.authors[0]) in ("same", "unknown"):
            return rec
    return with_authors[0]


def _first_author_finding(ref: Reference, rec: Record, positions: _Positions) -> Finding | None:
    printed, registered = ref.authors[0], rec.authors[0]
    verdict = _person_verdict(printed, registered)
    if verdict in ("same", "unknown"):
        return None
    found, expected, src = _name(printed), _name(registered), rec.source
    pos = positions.of(printed.family) if verdict == "different" else None
    if verdict == "different" and pos is not None:
        return _finding(
            "author-order",
            ref,
            "authors",
            f"The printed first author {printed.family} is author {pos + 1} in "
            f"{_registry_name(src)}'s record, whose first author is {_name(registered)}.",
            found=found,
            expected=expected,
            source=src,
            fix=_reorder_fix(ref, rec),
        )
    fix = _rename_fix(ref, printed, registered)
    if verdict == "given":
        return _finding(
            "author-spelling",
            ref,
            "authors",
            f"The first author's given name or initial {printed.given!r} does not match "
            f"{_registry_name(src)}'s {registered.given!r}.",
            found=found,
            expected=expected,
            source=src,
            fix=fix,
        )
    if verdict == "close":
        return _finding(
            "author-spelling",
            ref,
            "authors",
            f"The first author is printed {printed.family!r}; {_registry_name(src)} spells it "
            f"{registered.family!r}.",
            found=found,
            expected=expected,
            source=src,
            fix=fix,
        )
    return _finding(
        "author-mismatch",
        ref,
        "authors",
        f"The printed first author {printed.family} is not {_registry_name(src)}'s first "
        f"author {_name(registered)} and is not among its authors.",
        found=found,
        expected=expected,
        source=src,
        fix=fix,
    )


def _coauthor_findings(
    ref: Reference, rec: Record, positions: _Positions, order_reported: bool
) -> list[Finding]:
    spelled: list[str] = []
    moved = order_reported
    out: list[Finding] = []
    fixed: Reference | None = ref
    for i, printed in enumerate(ref.authors[1 : len(rec.authors)], start=1):
        verdict = _person_verdict(printed, rec.authors[i])
        if verdict in ("same", "unknown", "given"):
            continue
        if verdict == "close":
            spelled.append(f"{printed.family!r} for {rec.authors[i].family!r}")
            new = _rename_fix(fixed, printed, rec.authors[i]) if fixed else None
            fixed = dataclasses.replace(fixed, raw=new) if fixed and new else None
        elif positions.of(printed.family) is not None:
            if not moved:
                moved = True
                out.append(
                    _finding(
                        "author-order",
                        ref,
                        "authors",
                        f"The printed authors are in another order than in "
                        f"{_registry_name(rec.source)}'s record (author {i + 1} is printed "
                        f"{printed.family}, registered {rec.authors[i].family}).",
                        found=", ".join(a.family for a in ref.authors),
                        expected=", ".join(a.family for a in rec.authors),
                        source=rec.source,
                        fix=_reorder_fix(ref, rec),
                    )
                )
        else:
            spelled.append(f"{printed.family!r} where the record has {rec.authors[i].family!r}")
            new = _rename_fix(fixed, printed, rec.authors[i]) if fixed else None
            fixed = dataclasses.replace(fixed, raw=new) if fixed and new else None
    if spelled:
        out.append(
            _finding(
                "author-spelling",
                ref,
                "authors",
                f"Author names differ from {_registry_name(rec.source)}'s record: "
                + "; ".join(spelled)
                + ".",
                found=", ".join(a.family for a in ref.authors),
                expected=", ".join(a.family for a in rec.authors),
                source=rec.source,
                fix=fixed.raw if fixed is not None and fixed.raw != ref.raw else None,
            )
        )
    return out


def _author_count_finding(ref: Reference, rec: Record) -> Finding | None:
    n, m = len(ref.authors), len(rec.authors)
    if ref.et_al or n == m:
        return None
    if any(ch in a.given for a in ref.authors for ch in ",;"):
        return None  # the printed list was not split into names: its count is unknown
    if rec.source == "pubmed" and n > m:
        return None  # older MEDLINE records cap the author list
    return _finding(
        "author-count",
        ref,
        "authors",
        f"The reference prints {n} author(s) without “et al.”, but "
        f"{_registry_name(rec.source)} lists {m}.",
        found=str(n),
        expected=str(m),
        source=rec.source,
    )


def _author_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    if not ref.authors or not ref.authors[0].family:
        return []
    ref = _printed_authors(ref)
    rec = _best_author_record(ref, recs)
    if rec is None:
        return []
    positions = _Positions(rec.authors)
    out: list[Finding] = []
    first = _first_author_finding(ref, rec, positions)
    if first is not None:
        out.append(first)
    if first is None or first.code != "author-mismatch":
        order_done = first is not None and first.code == "author-order"
        out.extend(_coauthor_findings(ref, rec, positions, order_done))
    count = _author_count_finding(ref, rec)
    if count is not None:
        out.append(count)
    return out


# ---------------------------------------------------------------------------
# Journal


def _journal_names(rec: Record) -> list[str]:
    return [n for n in (rec.journal, *rec.journal_abbrevs) if n]


def _styled_journal(printed: str, recs: list[Record]) -> str:
    """The registry's name for the journal in the article's style (full or abbreviated,
    with or without dots): the registry name closest to the printed one."""
    names = [n for r in recs for n in _journal_names(r)]
    dotted = "." in printed
    abbrevs = [n for r in recs for n in r.journal_abbrevs if ("." in n) == dotted]
    fulls = [r.journal for r in recs if r.journal]
    pool = (abbrevs + fulls) or names
    return max(pool, key=lambda n: fuzz.ratio(printed, n))


def _journal_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    if not ref.journal:
        return []
    names = [n for r in recs for n in _journal_names(r)]
    issns = {_norm_issn(i) for r in recs for i in r.issn}
    if not names:
        return []
    out: list[Finding] = []
    full = [(r.source, r.journal) for r in recs if r.journal]
    if len(full) > 1 and not same_journal(full[0][1], full[1][1]):
        cands = [_Cand(v, v, s) for s, v in full]
        out += _disagreement(ref, "journal", ref.journal, cands)
    if any(same_journal(ref.journal, n) for n in names):
        return out
    if issns & {_norm_issn(i) for i in ref.issn}:
        return out
    expected = _styled_journal(ref.journal, recs)
    rec = recs[0] if recs[0].journal else next(r for r in recs if _journal_names(r))
    out.append(
        _finding(
            "journal-mismatch",
            ref,
            "journal",
            f"The printed journal “{ref.journal}” is not the journal {_registry_name(rec.source)} "
            f"holds for this work: {rec.journal or expected}.",
            found=ref.journal,
            expected=expected,
            source=rec.source,
            fix=_substitute(ref, ref.journal, expected),
        )
    )
    return out


# ---------------------------------------------------------------------------
# Year and date

_PUB_KINDS = ("online", "print", "issued")


@dataclass(frozen=True)
class _Date:
    kind: str
    iso: str
    parts: tuple[int, int | None, int | None]
    source: str


def _pub_dates(recs: list[Record]) -> list[_Date]:
    out = []
    for rec in recs:
        for kind, iso in rec.dates:
            parts = _parse_date(iso) if kind in _PUB_KINDS else None
            if parts:
                out.append(_Date(kind, iso, parts, rec.source))
        if rec.year and not any(d.source == rec.source and d.parts[0] == rec.year for d in out):
            out.append(_Date("year", str(rec.year), (rec.year, None, None), rec.source))
    return out


def _date_disagreements(ref: Reference, dates: list[_Date]) -> list[Finding]:
    """The same kind of date given differently by the two registries (at their common
    precision)."""
    out: list[Finding] = []
    for kind in _PUB_KINDS:
        same_kind = [d for d in dates if d.kind == kind]
        if len(same_kind) < 2:
            continue
        a, b = same_kind[0], same_kind[1]
        n = min(sum(p is not None for p in a.parts), sum(p is not None for p in b.parts))
        if a.parts[:n] != b.parts[:n]:
            printed = str(ref.year) if ref.year else None
            out += _disagreement(
                ref,
                f"{kind} date",
                printed,
                [_Cand(a.iso, a.iso, a.source), _Cand(b.iso, b.iso, b.source)],
            )
    return out


def _years_of(dates: list[_Date], kind: str) -> set[int]:
    return {d.parts[0] for d in dates if d.kind == kind}


def _list_dates(dates: list[_Date]) -> str:
    seen: dict[tuple[str, str], None] = {}
    for d in dates:
        seen.setdefault((d.kind, d.iso), None)
    return ", ".join(f"{k} {v}" for k, v in seen)


def _suggested_year(ref: Reference, dates: list[_Date]) -> int:
    prints = [d for d in dates if d.kind == "print"]
    if ref.volume and prints:
        return prints[0].parts[0]
    for kind in ("online", "issued", "year", "print"):
        for d in dates:
            if d.kind == kind:
                return d.parts[0]
    return dates[0].parts[0]


def _online_print_finding(ref: Reference, dates: list[_Date]) -> Finding | None:
    online = _years_of(dates, "online") or _years_of(dates, "issued")
    printed_ = _years_of(dates, "print")
    if not online or not printed_ or not online.isdisjoint(printed_) or ref.year is None:
        return None
    on = next(d for d in dates if d.kind == ("online" if _years_of(dates, "online") else "issued"))
    pr = next(d for d in dates if d.kind == "print")
    fix = None
    if on.parts[0] > pr.parts[0]:
        # posted online after the issue was printed: a back-file digitisation. The print
        # year is the work's year; the online year is the one to correct.
        if ref.year not in online or ref.year in printed_:
            return None
        message = (
            f"{ref.year} is the year the work was posted online ({on.iso}), after the issue "
            f"had appeared in print in {pr.parts[0]} ({pr.iso}); cite the print year."
        )
        src = on.source
        fix = _substitute(ref, str(ref.year), str(pr.parts[0]))
    elif ref.year in online:
        message = (
            f"{ref.year} is the year the work was published online ({on.iso}); "
            f"the issue appeared in print in {pr.parts[0]} ({pr.iso})."
        )
        src = on.source
    elif ref.year in printed_:
        message = (
            f"{ref.year} is the print (issue) year ({pr.iso}); the work was published "
            f"online first in {on.parts[0]} ({on.iso})."
        )
        src = pr.source
    else:
        return None
    return _finding(
        "year-online-print",
        ref,
        "year",
        message,
        found=str(ref.year),
        expected=f"online {on.iso}, print {pr.iso}",
        source=src,
        fix=fix,
    )


def _date_finding(ref: Reference, dates: list[_Date]) -> Finding | None:
    """The printed month (and day) against the record's dates of the printed year."""
    if ref.month is None or ref.year is None:
        return None
    same_year = [d for d in dates if d.parts[0] == ref.year and d.kind != "year"]
    if not same_year or any(d.parts[1] is None for d in same_year):
        return None  # a record date without month: unknown
    months = [d for d in same_year if d.parts[1] == ref.month]
    if months and (ref.day is None or any(d.parts[2] in (None, ref.day) for d in months)):
        return None
    printed = f"{ref.year}-{ref.month:02d}" + (f"-{ref.day:02d}" if ref.day else "")
    target = months[0] if months else same_year[0]
    return _finding(
        "date-mismatch",
        ref,
        "date",
        f"The printed date {printed} matches none of the registered dates "
        f"({_list_dates(same_year)}).",
        found=printed,
        expected=_list_dates(same_year),
        source=same_year[0].source,
        fix=_date_fix(ref, target.parts),
    )


_MONTH_WORD = r"(?P<mon>[A-Za-z]{3,9}\.?)"
_DAY = r"(?P<day>\d{1,2})"


def _date_fix(ref: Reference, parts: tuple[int, int | None, int | None]) -> str | None:
    """``ref.raw`` with the printed month and day replaced by the registered ones, in the
    printed form ("2012 Mar 21", "March 21, 2012", "21 March 2012", "2012-03-21")."""
    year, month, day = parts
    if month is None or ref.month is None:
        return None
    y = str(year)
    forms = (
        rf"(?<!\d){y}\s+{_MONTH_WORD}(?:\s+{_DAY})?(?!\d)",
        rf"{_MONTH_WORD}\s+{_DAY}?,?\s*{y}(?!\d)",
        rf"(?<!\d){_DAY}\s+{_MONTH_WORD}\s+{y}(?!\d)",
        rf"(?<!\d){y}-(?P<mnum>\d{{2}})(?:-(?P<dnum>\d{{2}}))?(?!\d)",
    )
    raw = ref.raw
    for form in forms:
        m = re.search(form, raw)
        if not m:
            continue
        groups = m.groupdict()
        if ref.day is not None and not (groups.get("day") or groups.get("dnum")):
            continue  # this form does not hold the printed day
        edits: list[tuple[int, int, str]] = []
        if groups.get("mon"):
            printed = groups["mon"]
            if month_number(printed) != ref.month:
                continue
            names = MONTH_NAMES[month - 1]
            name = names[0] if len(printed.rstrip(".")) > 3 else names[-1]
            if printed.rstrip(".").isupper():
                name = name.upper()
            elif printed[:1].isupper():
                name = name.capitalize()
            edits.append(
                (m.start("mon"), m.end("mon"), name + ("." if printed.endswith(".") else ""))
            )
            if groups.get("day"):
                if day is None:
                    return None
                edits.append((m.start("day"), m.end("day"), str(day)))
        elif groups.get("mnum"):
            edits.append((m.start("mnum"), m.end("mnum"), f"{month:02d}"))
            if groups.get("dnum"):
                if day is None:
                    return None
                edits.append((m.start("dnum"), m.end("dnum"), f"{day:02d}"))
        for a, b, new in sorted(edits, reverse=True):
            raw = raw[:a] + new + raw[b:]
        return raw if raw != ref.raw else None
    return None


def _year_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    dates = _pub_dates(recs)
    if not dates:
        return []
    out = _date_disagreements(ref, dates)
    if ref.year is None:
        return out
    if ref.year not in {d.parts[0] for d in dates}:
        year = _suggested_year(ref, dates)
        out.append(
            _finding(
                "year-mismatch",
                ref,
                "year",
                f"The printed year {ref.year} matches none of the registered dates "
                f"({_list_dates(dates)}).",
                found=str(ref.year),
                expected=_list_dates(dates),
                source=dates[0].source,
                fix=_substitute(ref, str(ref.year), str(year)),
            )
        )
        return out
    for finding in (_online_print_finding(ref, dates), _date_finding(ref, dates)):
        if finding is not None:
            out.append(finding)
    return out


# ---------------------------------------------------------------------------
# Volume, issue


def _number_findings(
    ref: Reference, recs: list[Record], field: str, code: str, norm: Callable[[str], str]
) -> list[Finding]:
    printed = getattr(ref, field)
    if not printed:
        return []
    cands = _candidates(recs, lambda r: getattr(r, field), norm)
    if not cands:
        return []
    out = _disagreement(ref, field, printed, cands)
    if any(c.key == norm(printed) for c in cands):
        return out
    best = cands[0]
    out.append(
        _finding(
            code,
            ref,
            field,
            f"The printed {field} {printed} differs from the {field} registered in "
            f"{_registry_name(best.source)}: {best.value}.",
            found=printed,
            expected=best.value,
            source=best.source,
            fix=_substitute(ref, printed, best.value),
        )
    )
    return out


# ---------------------------------------------------------------------------
# Pages and article numbers


def _locators(rec: Record) -> list[str]:
    return [v for v in (rec.pages, rec.article_number) if v]


def _locator_matches(printed: str, registered: str) -> bool:
    (p1, p2), (r1, r2) = _page_range(printed), _page_range(registered)
    if p1 != r1:
        return False
    return p2 is None or r2 is None or p2 == r2


def _page_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    printed = [v for v in (ref.pages, ref.article_number) if v]
    holders = [r for r in recs if _locators(r)]
    if not printed or not holders:
        return []
    out: list[Finding] = []
    if len(holders) > 1 and not any(
        _locator_matches(a, b) for a in _locators(holders[0]) for b in _locators(holders[1])
    ):
        cands = [_Cand(" / ".join(_locators(r)), r.source, r.source) for r in holders[:2]]
        out += _disagreement(ref, "pages", " / ".join(printed), cands)
    registered = [v for r in holders for v in _locators(r)]
    wrong = [p for p in printed if not any(_locator_matches(p, v) for v in registered)]
    if not wrong:
        return out
    rec = holders[0]
    expected = rec.pages or rec.article_number or ""
    if wrong[0] == ref.article_number and rec.article_number:
        expected = rec.article_number
    out.append(
        _finding(
            "pages-mismatch",
            ref,
            "pages",
            f"The printed pages/article number {wrong[0]} differ from those registered in "
            f"{_registry_name(rec.source)}: {' / '.join(_locators(rec))}.",
            found=" / ".join(printed),
            expected=" / ".join(_locators(rec)),
            source=rec.source,
            fix=_substitute(ref, wrong[0], expected, dash=True),
        )
    )
    return out


# ---------------------------------------------------------------------------
# Status: retractions, corrections, preprints

_STATUS_OF_UPDATE = MappingProxyType(
    {
        "retraction": "retracted",
        "partial_retraction": "retracted",
        "withdrawal": "withdrawn",
        "removal": "withdrawn",
        "expression_of_concern": "expression-of-concern",
        "correction": "corrected",
        "corrigendum": "corrected",
        "erratum": "corrected",
        "new_version": "corrected",
    }
)
_RETRACTED_TITLE = re.compile(r"(?i)\s*retracted\b")
_WITHDRAWN_TITLE = re.compile(r"(?i)\s*withdrawn\s*[:.]")
_STATUS_WORDS = MappingProxyType(
    {
        "retracted": "was retracted",
        "withdrawn": "was withdrawn",
        "expression-of-concern": "is the subject of an expression of concern",
        "corrected": "has a published correction",
    }
)


def _notice(u: Update) -> str:
    parts = []
    if u.doi:
        parts.append(f"notice {u.doi}")
    elif u.pmid:
        parts.append(f"notice PMID {u.pmid}")
    elif u.label:
        parts.append(u.label)
    if u.date:
        parts.append(f"dated {u.date}")
    if u.source:
        parts.append(f"per {_registry_name(u.source) if u.source == 'pubmed' else u.source}")
    return ", ".join(parts)


def _update_status(u: Update, rec_doi: str | None) -> str | None:
    kind = u.kind.lower().replace("-", "_").replace(" ", "_")
    if kind == "new_version" and (not u.doi or (rec_doi and u.doi.lower() == rec_doi.lower())):
        return None  # a new version pointing at the work itself
    return _STATUS_OF_UPDATE.get(kind)


def _status_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    doi = next((r.doi for r in recs if r.doi), None)
    notices: dict[str, list[Update]] = {}
    for u in _union_updates(recs):
        status = _update_status(u, doi)
        if status:
            notices.setdefault(status, []).append(u)
    titles = [_display_title(r.title) for r in recs if r.title]
    types = {t for r in recs for t in r.publication_types}
    if "retracted" not in notices and (
        "Retracted Publication" in types or any(_RETRACTED_TITLE.match(t) for t in titles)
    ):
        notices["retracted"] = [
            Update(kind="retraction", label="the record is marked retracted", source=recs[0].source)
        ]
    if "withdrawn" not in notices and any(_WITHDRAWN_TITLE.match(t) for t in titles):
        notices["withdrawn"] = [
            Update(kind="withdrawal", label="the title is marked withdrawn", source=recs[0].source)
        ]
    out: list[Finding] = []
    for code in ("retracted", "withdrawn", "expression-of-concern", "corrected"):
        if code not in notices:
            continue
        items = notices[code]
        listed = "; ".join(_notice(u) for u in items)
        sources = {"pubmed" if u.source == "pubmed" else "crossref" for u in items}
        out.append(
            _finding(
                code,
                ref,
                "status",
                f"The cited work {_STATUS_WORDS[code]} ({listed}).",
                found=ref.doi or ref.pmid,
                expected=", ".join(u.doi or u.pmid or u.label or u.kind for u in items),
                source="both" if len(sources) > 1 else sources.pop(),
            )
        )
    out += _preprint_findings(ref, recs)
    return out


def _preprint_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    published = [
        d for r in recs for t, d in r.relations if t in ("is-preprint-of", "has-published-version")
    ]
    if not published:
        return []
    return [
        _finding(
            "preprint-published",
            ref,
            "status",
            f"The cited preprint has a published version, {published[0]}; cite that instead.",
            found=ref.doi,
            expected=published[0],
            source="crossref",
        )
    ]


# ---------------------------------------------------------------------------
# Public entry points


def compare_reference(ref: Reference, records: dict[str, Record]) -> list[Finding]:
    """Every discrepancy between the printed reference and the registries' records."""
    recs = _ordered(records)
    if not recs:
        return []
    out, recs = _identity_findings(ref, recs)
    if not recs:
        return out
    out += _pmcid_findings(ref, recs)
    out += _title_findings(ref, recs)
    out += _author_findings(ref, recs)
    out += _journal_findings(ref, recs)
    out += _year_findings(ref, recs)
    out += _number_findings(ref, recs, "volume", "volume-mismatch", _norm_volume)
    out += _number_findings(ref, recs, "issue", "issue-mismatch", _norm_issue)
    out += _page_findings(ref, recs)
    out += _status_findings(ref, recs)
    return out


def _found_under(lookups: Sequence[Lookup], kind: str, value: str) -> bool:
    value = value.lower()
    for lk in lookups:
        rec = lk.record
        if rec is None:
            continue
        if lk.identifier.kind == kind and lk.identifier.value.lower() == value:
            return True
        held = rec.doi if kind == "doi" else rec.pmid if kind == "pmid" else rec.pmcid
        if held and held.lower() == value:
            return True
    return False


_AGENCIES = MappingProxyType(
    {
        "datacite": "DataCite",
        "medra": "mEDRA",
        "cnki": "CNKI",
        "istic": "ISTIC",
        "jalc": "JaLC",
        "kisti": "KISTI",
        "airiti": "Airiti",
        "op": "the Publications Office of the EU",
        "public": "a public agency",
    }
)


def _lookup_finding(ref: Reference, lk: Lookup, lookups: Sequence[Lookup]) -> Finding | None:
    kind, value = lk.identifier.kind, lk.identifier.value
    if lk.problem is Problem.OTHER_AGENCY or (lk.problem is Problem.NOT_FOUND and lk.agency):
        agency = _AGENCIES.get((lk.agency or "").lower(), lk.agency or "another agency")
        return _finding(
            "other-agency",
            ref,
            kind,
            f"The DOI {value} is registered with {agency}, not Crossref; "
            "it cannot be checked here.",
            found=value,
            expected=agency,
            source=lk.source,
        )
    if lk.problem is not Problem.NOT_FOUND or _found_under(lookups, kind, value):
        return None
    if kind == "doi" and lk.source == "crossref":
        code, what = "doi-not-found", f"No registry knows the DOI {value}"
    elif kind == "pmid" and lk.source == "pubmed":
        code, what = "pmid-not-found", f"PubMed has no record with the PMID {value}"
    elif kind == "pmcid":
        code, what = "pmcid-not-found", f"The PMC ID converter does not know {value}"
    else:
        return None
    return _finding(
        code,
        ref,
        kind,
        f"{what}; check it against the publisher's page.",
        found=value,
        source=lk.source,
    )


def _is_doi_attempt(text: str) -> bool:
    return "10." in text or "doi" in text.lower()


def _suggested_fix(ref: Reference, doi: str) -> str:
    """``ref.raw`` with the suggested DOI: in place of a malformed DOI when one is
    printed, else appended as a DOI link."""
    for bad in ref.malformed:
        if _is_doi_attempt(bad) and bad in ref.raw:
            m = re.search(r"10\.\S*$", bad)
            new = bad[: m.start()] + doi if m else f"{bad.rstrip()} {doi}"
            return ref.raw.replace(bad, new, 1)
    return f"{ref.raw.rstrip()} https://doi.org/{doi}"


def lookup_findings(result: ReferenceResult) -> list[Finding]:
    """Findings about the printed identifiers themselves: unknown, malformed, registered
    elsewhere; and a DOI suggested for a reference that prints none. A registry that
    could not be reached (unavailable, not cached) is no finding: it is the "could not
    verify" status."""
    ref = result.reference
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for lk in result.lookups:
        finding = _lookup_finding(ref, lk, result.lookups)
        if finding is not None and (finding.code, finding.found or "") not in seen:
            seen.add((finding.code, finding.found or ""))
            out.append(finding)
    suggested = _suggested_fix(ref, result.suggestion.doi) if result.suggestion else None
    for bad in ref.malformed:
        out.append(
            _finding(
                "malformed-identifier",
                ref,
                "identifier",
                f"The printed identifier {bad!r} is not well formed; correct or remove it"
                + (
                    f" (the search matches DOI {result.suggestion.doi})."
                    if result.suggestion and _is_doi_attempt(bad)
                    else "."
                ),
                found=bad,
                fix=suggested if _is_doi_attempt(bad) else None,
            )
        )
    if result.suggestion is not None:
        s = result.suggestion
        out.append(
            _finding(
                "doi-suggested",
                ref,
                "doi",
                f"The reference prints no identifier; {_registry_name(s.source)} matches it to "
                f"DOI {s.doi} (score {s.score:g}); add it if it is the same work.",
                expected=s.doi,
                source=s.source,
                fix=suggested,
            )
        )
    return out


def check_reference(result: ReferenceResult) -> list[Finding]:
    """All findings for one reference: its identifiers, then its fields."""
    return lookup_findings(result) + compare_reference(result.reference, result.records)


def reference_status(result: ReferenceResult, findings: list[Finding]) -> str:
    """ "unresolved" when no registry holds the reference, "discrepancies" when one of
    its reference-level findings (not accepted in the configuration) is an error or a
    warning, else "verified"."""
    if not result.records:
        return "unresolved"
    index = result.reference.index
    for f in findings:
        if (
            f.ref == index
            and f.origin is Origin.REFERENCE
            and f.severity in (Severity.ERROR, Severity.WARNING)
            and f.accepted is None
        ):
            return "discrepancies"
    return "verified"


# ---------------------------------------------------------------------------
# The list as a whole


def _duplicate_keys(result: ReferenceResult) -> list[tuple[str, str]]:
    ref = result.reference
    keys: list[tuple[str, str]] = []
    dois = {d.lower() for d in [ref.doi, *(r.doi for r in result.records.values())] if d}
    pmids = {p for p in [ref.pmid, *(r.pmid for r in result.records.values())] if p}
    keys += [("DOI", d) for d in sorted(dois)]
    keys += [("PMID", p) for p in sorted(pmids)]
    if ref.title:
        title = normalise_title(ref.title)
        if len(title) >= MIN_DUPLICATE_TITLE:
            keys.append(("title and year", f"{title.replace(' ', '')}|{ref.year}"))
    return keys


def _duplicates(results: list[ReferenceResult]) -> list[Finding]:
    first: dict[tuple[str, str], Reference] = {}
    out: list[Finding] = []
    for result in results:
        ref = result.reference
        hit: tuple[tuple[str, str], Reference] | None = None
        for key in _duplicate_keys(result):
            earlier = first.get(key)
            if earlier is not None and earlier.index != ref.index and hit is None:
                hit = (key, earlier)
            first.setdefault(key, ref)
        if hit is not None:
            (what, value), earlier = hit
            shown = value.split("|")[-1] if what == "title and year" else value
            label = re.sub(r"^\W+|\W+$", "", earlier.label or "") or str(earlier.index)
            out.append(
                _finding(
                    "duplicate-reference",
                    ref,
                    None,
                    f"This reference cites the same work as reference {label} "
                    f"(same {what}{'' if what == 'title and year' else ' ' + shown}); "
                    "merge them and renumber the citations.",
                    found=ref.raw,
                    expected=f"reference {label}",
                )
            )
    return out


def _number(ref: Reference) -> int | None:
    if not ref.numbered or ref.label is None:
        return None
    m = re.fullmatch(r"\D*?(\d{1,5})\D*", ref.label.strip())
    return int(m.group(1)) if m else None


def _numbering(results: list[ReferenceResult]) -> list[Finding]:
    numbered = [(n, r.reference) for r in results if (n := _number(r.reference)) is not None]
    if not numbered:
        return []
    out: list[Finding] = []
    seen: dict[int, Reference] = {}
    for n, ref in numbered:
        if n in seen:
            out.append(
                _finding(
                    "numbering-repeat",
                    ref,
                    None,
                    f"Number {n} is used twice in the list (also at line {seen[n].line}); "
                    "renumber the list.",
                    found=str(n),
                )
            )
        else:
            seen[n] = ref
    top = max(seen)
    if top > 2 * len(seen) + 20:
        return out  # labels are not a running number (years, page numbers…)
    missing = [n for n in range(1, top + 1) if n not in seen]
    runs: list[list[int]] = []
    for n in missing:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        after = seen[run[-1] + 1]
        if len(run) == 1:
            span, what = str(run[0]), f"Number {run[0]} is"
        else:
            span, what = f"{run[0]}–{run[-1]}", f"Numbers {run[0]}–{run[-1]} are"
        out.append(
            _finding(
                "numbering-gap",
                after,
                None,
                f"{what} missing from the numbered list (before reference {run[-1] + 1}).",
                found=str(run[-1] + 1),
                expected=span,
            )
        )
    return out


def compare_list(results: list[ReferenceResult]) -> list[Finding]:
    """List-level findings: duplicate entries, gaps and repeats in the numbering."""
    return _duplicates(results) + _numbering(results)
