"""DOI / PMID / PMCID / arXiv identifiers: find them in text, normalise and validate them.

Every function here is pure. Normalised forms: a DOI is lower-cased with no URL prefix,
label or trailing punctuation; a PMID is digits without leading zeros; a PMCID is
``PMC`` followed by digits; an arXiv id keeps its printed version suffix.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from asrefs.models import Identifier

__all__ = [
    "classify",
    "find_arxiv",
    "find_doi",
    "find_dois",
    "find_malformed",
    "find_pmcid",
    "find_pmid",
    "iter_doi_spans",
    "normalize_arxiv",
    "normalize_doi",
    "normalize_pmcid",
    "normalize_pmid",
]

# A DOI suffix is restricted to printable ASCII after NFKC: real DOIs are ASCII in
# practice, and the restriction makes a Chinese character or a full stop "。" end it.
# The "not after a digit or a period" rule is checked in _doi_candidates, not by a lookbehind,
# so that the regex engine can scan for the literal "10." quickly.
# The slash may be printed percent-encoded ("10.1186%2Fs13287-…", from a copied URL).
_DOI_RE = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*(?:/|%2[Ff])[!-~]+")
# Where a DOI match has run into the next thing printed without a space.
_DOI_CUT_RE = re.compile(
    r"\.\[[0-9]+\]"  # "...117591.[5]Ke M" – the next numbered reference
    r"|[.,;]?\(?https?:"  # "...117591.(https://www.sciencedirect.com/...)"
    r"|[,;](?=10\.[0-9]{4,9}/)"  # "10.1/a,10.1/b"
    r"|\[(?:pmid|pmcid|doi)",
    re.IGNORECASE,
)
_QUOTES = "\"'`"
_TRAILING = ".,;:!?)]}>([{<" + _QUOTES  # an opening bracket cannot end a DOI either
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
# Only escapes of printable ASCII other than the space (%21–%7E) are decoded: a decoded
# NUL, space or control character would cut a DOI short and look up another one.
_PERCENT_RE = re.compile(r"%(2[1-9A-Fa-f]|[3-6][0-9A-Fa-f]|7[0-9A-Ea-e])")

_PMID_RE = re.compile(r"^(?:pmid\s*[:：]?\s*)?([0-9]+)$", re.IGNORECASE)
_PMID_FIND_RE = re.compile(r"\bPMID\s*[:：]?\s*(0*[0-9]{1,9})(?![0-9A-Za-z])", re.IGNORECASE)
_PMCID_RE = re.compile(r"^(?:(pmcid)\s*[:：]?\s*)?(pmc)?\s*([0-9]+)$", re.IGNORECASE)
# "PMC123", and a bare number when labelled: "PMCID: 123".
_PMCID_FIND_RE = re.compile(
    r"\b(?:PMCID\s*[:：]?\s*(?:PMC\s?)?|PMC\s?)(0*[0-9]{1,10})(?![0-9A-Za-z])", re.IGNORECASE
)

_ARXIV_NEW = r"([0-9]{2}(?:0[1-9]|1[0-2])\.[0-9]{4,5})(v[0-9]+)?"
_ARXIV_OLD = r"([a-z][a-z\-]*(?:\.[a-z]{2})?/[0-9]{7})(v[0-9]+)?"
_ARXIV_PREFIX = r"(?:arxiv\s*[:：]\s*|(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf)/)"
_ARXIV_FULL_RE = re.compile(
    rf"^{_ARXIV_PREFIX}?(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:\.pdf)?$", re.IGNORECASE
)
_ARXIV_FIND_RE = re.compile(
    rf"{_ARXIV_PREFIX}(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?![0-9A-Za-z])", re.IGNORECASE
)

# Attempts at an identifier, checked by the normalisers in find_malformed.
_LABELLED_DOI_RE = re.compile(
    r"(?:\bdoi\s*[:：]\s*|\bdoi\s+(?=10\.)|\bdoi\.org/)([^\s,;]*)", re.IGNORECASE
)
_BARE_DOI_ATTEMPT_RE = re.compile(r"10\.[0-9]{1,9}/(?=\s|$)|10\.[0-9]{1,3}/\S+")
_NOT_BEFORE_DOI = frozenset("0123456789./" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# A label inside a DOI or URL ("10.1000/x:pmid", ".../arxiv:...") is not a label.
_LABEL_START = r"(?<![\w/.:%-])"
_LABELLED_PMID_RE = re.compile(_LABEL_START + r"PMID\s*[:：]?\s*([^\s,;]*)", re.IGNORECASE)
_LABELLED_PMCID_RE = re.compile(_LABEL_START + r"PMCID\s*[:：]?\s*([^\s,;]*)", re.IGNORECASE)
_LABELLED_ARXIV_RE = re.compile(_LABEL_START + r"arxiv\s*[:：]\s*([^\s,;]*)", re.IGNORECASE)

_DOI_PREFIX_RE = re.compile(
    r"^(?:https?\s*:\s*//)?(?:(?:dx\.|www\.)?doi\.org/)?(?:info:)?(?:doi\s*[:：/]?\s*)?",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """NFKC, then decoding of printable percent-escapes until stable (so double encoding
    cannot survive)."""
    text = unicodedata.normalize("NFKC", text)
    # Each round shortens the text, so this ends; the cap only guards pathological input.
    for _ in range(64):
        if not _PERCENT_RE.search(text):
            break
        text = unicodedata.normalize(
            "NFKC", _PERCENT_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
        )
    return text


def _strip_trailing(value: str) -> str:
    """Drop trailing punctuation, keeping a closing bracket the value itself opened."""
    while value and value[-1] in _TRAILING:
        last = value[-1]
        opener = _PAIRS.get(last)
        if opener is not None and value.count(opener) >= value.count(last):
            break
        value = value[:-1]
    return value


def _doi_candidates(text: str) -> list[tuple[int, str]]:
    """(start, printed DOI) for each DOI-shaped run, cut where it ran into the next thing."""
    out: list[tuple[int, str]] = []
    if "10." not in text:
        return out
    pos = 0
    while (match := _DOI_RE.search(text, pos)) is not None:
        start = match.start()
        if start and text[start - 1] in "0123456789.":
            pos = start + 1
            continue
        kept = match.group()
        cut = _DOI_CUT_RE.search(kept)
        if cut is not None:
            kept = kept[: cut.start()]
        kept = _strip_trailing(kept)
        out.append((start, kept))
        pos = start + max(len(kept), 1)  # rescan after a cut: "10.1/a,10.1/b"
    return out


def _finish_doi(candidate: str) -> str | None:
    cut = _DOI_CUT_RE.search(candidate)
    if cut is not None:
        candidate = candidate[: cut.start()]
    candidate = _strip_trailing(candidate).lower()
    prefix, _, suffix = candidate.partition("/")
    if not suffix or not re.fullmatch(r"10\.[0-9]{4,9}(?:\.[0-9]+)*", prefix):
        return None
    return candidate


def normalize_doi(text: str) -> str | None:
    """The DOI in ``text`` (a bare DOI, a ``doi:`` label or a doi.org URL), lower-cased."""
    return _normalize_doi_cached(text)


@functools.lru_cache(maxsize=4096)  # the reference parser asks about the same string twice
def _normalize_doi_cached(text: str) -> str | None:
    cleaned = _clean(text).strip().lstrip(_QUOTES + "<“‘ ")
    cleaned = _DOI_PREFIX_RE.sub("", cleaned, count=1)
    candidates = _doi_candidates(cleaned)
    return _finish_doi(candidates[0][1]) if candidates else None


def iter_doi_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, doi) for each DOI printed in ``text``, offsets into ``text`` itself.

    Unlike find_dois, no NFKC or percent-decoding is applied first, so the offsets hold;
    ``end`` excludes what the normaliser dropped (trailing punctuation, a run-on).
    """
    out: list[tuple[int, int, str]] = []
    for start, kept in _doi_candidates(text):
        doi = normalize_doi(kept)
        if doi is not None:
            out.append((start, start + len(kept), doi))
    return out


def find_dois(text: str) -> list[str]:
    """All DOIs in free text, normalised, in order of appearance and without repeats."""
    out: list[str] = []
    for _, kept in _doi_candidates(_clean(text)):
        doi = _finish_doi(kept)
        if doi is not None and doi not in out:
            out.append(doi)
    return out


def find_doi(text: str) -> str | None:
    """The first DOI in free text, or None."""
    dois = find_dois(text)
    return dois[0] if dois else None


def normalize_pmid(text: str) -> str | None:
    """A PMID ("PMID: 40160686", "40160686") without leading zeros, or None."""
    cleaned = _strip_trailing(unicodedata.normalize("NFKC", text).strip())
    match = _PMID_RE.match(cleaned)
    if match is None:
        return None
    digits = match.group(1).lstrip("0")
    if not digits or len(digits) > 9:
        return None
    return digits


def find_pmid(text: str) -> str | None:
    """The first labelled PMID ("PMID: 123") in free text."""
    if "pmid" not in text.lower():
        return None
    match = _PMID_FIND_RE.search(unicodedata.normalize("NFKC", text))
    return normalize_pmid(match.group(1)) if match else None


def normalize_pmcid(text: str) -> str | None:
    """A PMCID as "PMC" + digits; a bare number only when labelled "PMCID"."""
    cleaned = _strip_trailing(unicodedata.normalize("NFKC", text).strip())
    match = _PMCID_RE.match(cleaned)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    digits = match.group(3).lstrip("0")
    if not digits or len(digits) > 10:
        return None
    return f"PMC{digits}"


def find_pmcid(text: str) -> str | None:
    """The first PMCID ("PMC11947893") in free text."""
    if "pmc" not in text.lower():
        return None
    match = _PMCID_FIND_RE.search(unicodedata.normalize("NFKC", text))
    return normalize_pmcid("PMC" + match.group(1)) if match else None


def _arxiv_value(match: re.Match[str]) -> str:
    new_id, new_version, old_id, old_version = match.groups()
    if new_id:
        return new_id + (new_version or "").lower()
    return old_id.lower() + (old_version or "").lower()


def normalize_arxiv(text: str) -> str | None:
    """An arXiv id, new style (2101.01234v2) or old style (hep-th/9901001)."""
    cleaned = _strip_trailing(unicodedata.normalize("NFKC", text).strip())
    match = _ARXIV_FULL_RE.match(cleaned)
    return _arxiv_value(match) if match else None


_OPENALEX_RE = re.compile(
    r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?|openalex\s*[:：]\s*)?(W[0-9]{4,12})/?$",
    re.IGNORECASE,
)


def normalize_openalex(text: str) -> str | None:
    """An OpenAlex work id ("W2741809807"), bare or as its https://openalex.org/ URL."""
    match = _OPENALEX_RE.match(unicodedata.normalize("NFKC", text).strip())
    return match.group(1).upper() if match else None


def find_arxiv(text: str) -> str | None:
    """The first arXiv id in free text; only a labelled one ("arXiv:", arxiv.org) counts."""
    if "arxiv" not in text.lower():
        return None
    match = _ARXIV_FIND_RE.search(unicodedata.normalize("NFKC", text))
    return _arxiv_value(match) if match else None


def find_malformed(text: str) -> list[str]:
    """Identifier-looking strings in ``text`` that do not validate, as printed."""
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []

    def add(found: str) -> None:
        found = _strip_trailing(found.strip())
        if found and found not in out:
            out.append(found)

    lowered = text.lower()
    if "doi" in lowered:
        for match in _LABELLED_DOI_RE.finditer(text):
            if normalize_doi(match.group(1)) is None:
                add(match.group())
    if "10." in text:
        for match in _BARE_DOI_ATTEMPT_RE.finditer(text):
            if match.start() and text[match.start() - 1] in _NOT_BEFORE_DOI:
                continue
            if normalize_doi(match.group()) is None and not any(match.group() in f for f in out):
                add(match.group())
    checks = (
        ("pmid", _LABELLED_PMID_RE, normalize_pmid),
        ("pmcid", _LABELLED_PMCID_RE, lambda v: normalize_pmcid("PMCID " + v)),
        ("arxiv", _LABELLED_ARXIV_RE, normalize_arxiv),
    )
    doi_spans: list[tuple[int, int]] | None = None
    for label, pattern, normalise in checks:
        if label not in lowered:
            continue
        for match in pattern.finditer(text):
            if normalise(match.group(1)) is not None:
                continue
            if doi_spans is None:
                doi_spans = [(start, end) for start, end, _doi in iter_doi_spans(text)]
            if any(start <= match.start() < end for start, end in doi_spans):
                continue  # "…;pmid" inside a valid DOI is part of the DOI, not a label
            add(match.group())
    return out


def classify(text: str) -> Identifier | None:
    """The identifier a command-line argument names: DOI, PMID (digits), PMCID, arXiv or
    an OpenAlex work id."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if re.match(r"^(?:pmcid\s*[:：]?\s*)?pmc\s*[0-9]", cleaned, re.IGNORECASE) or re.match(
        r"^pmcid\b", cleaned, re.IGNORECASE
    ):
        pmcid = normalize_pmcid(cleaned)
        return Identifier("pmcid", pmcid) if pmcid else None
    pmid = normalize_pmid(cleaned)
    if pmid is not None:
        return Identifier("pmid", pmid)
    doi = normalize_doi(cleaned)
    if doi is not None:
        return Identifier("doi", doi)
    arxiv = normalize_arxiv(cleaned)
    if arxiv is not None:
        return Identifier("arxiv", arxiv)
    openalex = normalize_openalex(cleaned)
    return Identifier("openalex", openalex) if openalex else None
