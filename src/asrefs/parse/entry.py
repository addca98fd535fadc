"""One reference entry -> Reference, and the article's whole list -> [Reference].

An entry's identifiers (DOI, URL, PMID, PMCID, arXiv, ISSN) are read first, through
:mod:`asrefs.parse.identifiers`, and cut out of the text together with access notes
("[cited ...]", "Epub ahead of print"); what is left goes to :mod:`asrefs.parse.styles`
for the printed fields.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from asrefs.models import Article, Author, Reference
from asrefs.parse import identifiers
from asrefs.parse.fields import Fields
from asrefs.parse.locate import locate
from asrefs.parse.memo import Memo, fields_from_json, fields_to_json
from asrefs.parse.names import names_a_group
from asrefs.parse.parallel import map_entries

log = logging.getLogger("asrefs")

__all__ = ["parse_entry", "parse_references", "printed_core"]

# A URL, also one a line break split after its "www." ("http://www. boston.com/…").
_URL_RE = re.compile(
    r"(?:https?://(?:www\.)?|www\.)(?:(?<=www\.)\s+(?=[a-z0-9-]+\.[a-z]))?[^\s<>\"“”]+",
    re.IGNORECASE,
)
_DOI_LABEL_RE = re.compile(
    r"(?:\bdoi\s*[:：]?\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)$", re.IGNORECASE
)
_PMID_RE = re.compile(r"\bPMID\s*[:：]?\s*[0-9]+", re.IGNORECASE)
_PMCID_RE = re.compile(r"\b(?:PMCID\s*[:：]?\s*(?:PMC\s?)?|PMC\s?)[0-9]+", re.IGNORECASE)
_ARXIV_RE = re.compile(r"\barxiv\s*[:：]\s*\S+", re.IGNORECASE)
_ISSN_RE = re.compile(
    r"\b(?:[ep]-?)?ISSN\s*[:：]?\s*([0-9]{4})\s*[-‐–]?\s*([0-9]{3}[0-9Xx])", re.IGNORECASE
)
_NOISE_RE = re.compile(
    r"\[(?:cited|accessed|internet|epub ahead of print|published online)[^\]]*\]"
    r"|\((?:accessed|retrieved|cited)[^)]*\)"
    r"|\b(?:available\s+(?:from|at|online)|retrieved\s+from|accessed(?:\s+on)?)\b:?"
    r"|\bEpub\s+(?:ahead\s+of\s+print|[0-9]{4}(?:\s+[A-Z][a-z]{2,8})?(?:\s+[0-9]{1,2})?)\.?",
    re.IGNORECASE,
)
# a separator left before another or the end; not before an ellipsis ("V. V., ... Zhou")
_DANGLING_SEPARATORS_RE = re.compile(r"(?:\s*[,;:]\s*)+(?=[,;]|\.(?!\.\.)|$)")
_SEPARATOR_BEFORE_END_RE = re.compile(r"[,;:]\s*(?:[,;.]|$)")  # where the above can match
_DOUBLED_PERIOD_RE = re.compile(r"\.(?:\s+[.;,:])+")
# (words one of which a lower-cased entry must hold, the pattern whose matches are cut)
_CUT_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("pmid",), _PMID_RE),
    (("pmc",), _PMCID_RE),
    (("arxiv",), _ARXIV_RE),
    (("issn",), _ISSN_RE),
    (("cited", "access", "internet", "epub", "published", "retriev", "available"), _NOISE_RE),
)


def parse_references(
    article: Article, memo: Memo | None = None, jobs: int | None = None
) -> list[Reference]:
    """Every entry of the article's reference list, parsed; the fields of entries the
    ``memo`` holds are read from it, and those parsed here are kept in it. ``jobs``
    processes parse the rest (:func:`asrefs.parse.parallel.jobs_for` by default)."""
    entries = locate(article.text)
    texts = [" ".join(entry.text.split()) for entry in entries]
    kept = memo.get_many(texts) if memo is not None else {}
    read = {raw: values for raw in kept if (values := fields_from_json(kept[raw])) is not None}
    todo = [raw for raw in texts if raw not in read]
    parsed = iter(map_entries(entry_fields, todo, jobs, warm=_load_model))
    made: dict[str, str] = {}
    out = []
    text = article.text
    line, counted_to = 1, 0
    for position, (entry, raw) in enumerate(zip(entries, texts, strict=True), start=1):
        # Same result as article.line_of(entry.offset), counted incrementally: O(n), not O(n²).
        line += text.count("\n", counted_to, entry.offset)
        counted_to = entry.offset
        values = read.get(raw)
        if values is None:
            values = next(parsed)
            if memo is not None:
                made[raw] = fields_to_json(values) or ""
        out.append(
            Reference(
                index=entry.number if entry.number is not None else position,
                raw=raw,
                line=line,
                label=entry.label,
                offset=entry.offset,
                numbered=entry.number is not None,
                **values,
            )
        )
    if memo is not None and made:
        memo.put_many({raw: data for raw, data in made.items() if data})
    return out  # empty when there is no list: the caller says what that means


def _load_model() -> bool:
    from asrefs.parse import gazetteer, labeller

    gazetteer.load()  # read once, before any worker is forked
    return labeller.available()


def parse_entry(
    raw: str,
    index: int,
    line: int,
    offset: int,
    numbered: bool = True,
    *,
    label: str | None = None,
    use_model: bool = True,
) -> Reference:
    """Parse one entry's text (without its number marker) into a Reference.

    ``use_model=False`` reads the fields by the layout rules alone (for comparisons)."""
    raw = " ".join(raw.split())
    return Reference(
        index=index,
        raw=raw,
        line=line,
        label=label,
        offset=offset,
        numbered=numbered,
        **entry_fields(raw, use_model),
    )


def entry_fields(raw: str, use_model: bool = True) -> dict[str, Any]:
    """The fields an entry's text (spaces already collapsed) prints."""
    text = unicodedata.normalize("NFKC", raw)
    fields = Fields()
    core = _take_identifiers(text, fields)
    _read_fields(core, fields, use_model)
    return fields.values


def printed_core(raw: str) -> str:
    """The text the printed fields are read from: NFKC, the identifiers cut out (what
    the labeller sees, in training as in parsing)."""
    return _take_identifiers(unicodedata.normalize("NFKC", raw), Fields())


def _read_fields(core: str, fields: Fields, use_model: bool) -> None:
    """The printed fields: layouts the rules read exactly (GB/T 7714's typed entries,
    Elsevier's export) by the rules, everything else by the trained labeller (the rules
    when no model is installed); the rules' reading is the labeller's evidence, and they
    still name the style."""
    # imported here: a run whose entries are all kept (parse.memo) needs neither
    from asrefs.parse import labeller
    from asrefs.parse.styles import exact_layout, parse_core

    rules = Fields()
    parse_core(core, rules)
    if exact_layout(core) or not use_model:
        fields.values.update(rules.values)
    else:
        rest, found = _after_collective_author(core, rules, fields)
        if not labeller.fill_fields(rest, fields, None if rest != core else rules, found):
            fields.values.update(rules.values)
    fields.set("style", rules.values.get("style"))


def _after_collective_author(
    core: str, rules: Fields, fields: Fields
) -> tuple[str, list[tuple[str, str]] | None]:
    """A group author that opens the entry ("GBD 2019 … Collaborators.") is the rules'
    (its words, numbers included, are no title or date); the labeller reads the rest.
    Returns the text left to label, and its segments when they were labelled here."""
    authors: tuple[Author, ...] = rules.values.get("authors") or ()
    if len(authors) != 1 or not authors[0].collective:
        return core, None
    name = authors[0].family
    sentences = ". " in name or ": " in name
    if not core.startswith(name) or (sentences and not names_a_group(name)):
        return core, None  # "Hansen JE. 2005. A slippery slope: …", "Li Wenjun: On …"
    if not names_a_group(name):
        from asrefs.parse import labeller

        found = labeller.segments(core, rules)
        if found and found[0][0] == "title":
            # "Italian Olympic Team to train at WFU. (1995, March)." opens with its title
            return core, found
    fields.set("authors", authors)
    return core[len(name) :].lstrip(" .,;:"), None


def _take_identifiers(text: str, fields: Fields) -> str:
    """Fill doi/pmid/pmcid/arxiv/issn/url/malformed and return the text without them."""
    fields.set("malformed", tuple(identifiers.find_malformed(text)))
    cuts: list[tuple[int, int]] = []
    for start, end, doi in identifiers.iter_doi_spans(text):
        fields.set("doi", doi)
        label = _DOI_LABEL_RE.search(text, max(0, start - 30), start)
        cuts.append((label.start() if label else start, end))
    lowered = text.lower()
    urls = _URL_RE.finditer(text) if "www." in lowered or "http" in lowered else ()
    for match in urls:
        url = match.group().rstrip(".,;:)]}>")
        if not any(s <= match.start() < e for s, e in cuts):
            if "doi.org/" not in url.lower():
                fields.set("url", "".join(url.split()))
            cuts.append((match.start(), match.start() + len(url)))
    fields.set("pmid", identifiers.find_pmid(text))
    fields.set("pmcid", identifiers.find_pmcid(text))
    fields.set("arxiv", identifiers.find_arxiv(text))
    if "issn" in lowered:
        issns = tuple(f"{m.group(1)}-{m.group(2).upper()}" for m in _ISSN_RE.finditer(text))
        fields.set("issn", issns or None)
    for hints, pattern in _CUT_PATTERNS:
        if any(
            hint in lowered for hint in hints
        ):  # a cheap pre-filter keeps 10,000 entries under a second
            cuts.extend(m.span() for m in pattern.finditer(text))
    for bad in fields.values.get("malformed", ()):
        where = text.find(bad)
        if where >= 0:
            cuts.append((where, where + len(bad)))
    return _remove_spans(text, cuts)


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    keep = []
    cursor = 0
    for start, end in sorted(spans):
        if start > cursor:
            keep.append(text[cursor:start])
        cursor = max(cursor, end)
    keep.append(text[cursor:])
    out = " ".join("".join(keep).split())
    # Separators left dangling where an identifier was cut out: "2025, , ." -> "2025"
    # (sought only where a separator stands before another or the end: a pattern that
    # opens with spaces is tried at every character)
    if _SEPARATOR_BEFORE_END_RE.search(out):
        out = _DANGLING_SEPARATORS_RE.sub("", out)
    out = _DOUBLED_PERIOD_RE.sub(".", out)
    return out.strip(" ,;:")
