#!/usr/bin/env python3
"""Extract the reference lists of PLOS articles (JATS XML) into training/data/plos-refs.json.

Each reference gives a CSL-JSON record (its structured metadata) and, when the article
prints it as a ``<mixed-citation>``, the printed string as labelled segments.

    python training/extract_plos.py DIR [--commit SHA]

DIR holds the articles' XML files (PLOS's allofplos starter corpus).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

OUT = Path(__file__).resolve().parent / "data" / "plos-refs.json.gz"
_XLINK = "{http://www.w3.org/1999/xlink}"
_CITATIONS = ("mixed-citation", "element-citation", "nlm-citation")
# JATS element -> segment label of the printed string
_LABELS = {
    "article-title": "title",
    "chapter-title": "title",
    "year": "date",
    "month": "date",
    "day": "date",
    "volume": "volume",
    "issue": "issue",
    "fpage": "pages",
    "lpage": "pages",
    "elocation-id": "pages",
    "publisher-name": "publisher",
    "publisher-loc": "location",
    "edition": "edition",
    "ext-link": "identifier",
    "pub-id": "identifier",
    "object-id": "identifier",
    "comment": "note",
    "etal": "author",
    "collab": "author",
    "conf-name": "container",
    "series": "note",
}
_NAME_PARTS = {"surname", "given-names", "suffix", "prefix"}
_PUNCT_ONLY_RE = re.compile(r"^[\s.,;:()\[\]\-–—/&]*$")
_ID_PREFIX_RE = re.compile(r"^\s*(?:doi|pmid|pmcid)\s*:?\s*$", re.IGNORECASE)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _source_label(kind: str, has_title: bool) -> str:
    if kind == "journal":
        return "journal"
    return "container" if has_title else "title"


def segments(citation: Any, kind: str) -> list[list[str]]:
    """The printed string of a mixed citation as [text, label] pairs, in order."""
    has_title = citation.find(".//article-title") is not None or (
        citation.find(".//chapter-title") is not None
    )
    out: list[list[str]] = []

    def add(text: str, label: str) -> None:
        if not text:
            return
        if out and out[-1][1] == label:
            out[-1][0] += text
        else:
            out.append([text, label])

    def walk(element: Any, label: str | None) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        own = label
        if own is None or own == "author-group":
            if tag == "person-group":
                own = "editor" if element.get("person-group-type") == "editor" else "author"
            elif tag == "name":
                own = "author"
            elif tag == "source":
                own = _source_label(kind, has_title)
            elif tag in _LABELS:
                own = _LABELS[tag]
        if tag in ("ext-link", "pub-id", "object-id"):
            own = "identifier"
        if element.text:
            add(element.text, own or "note")
        for child in element:
            walk(child, own)
            tail = child.tail or ""
            if child.tag == "surname" and not tail and own in ("author", "editor"):
                tail = " "  # "<surname>Qiu</surname><given-names>Z</given-names>" prints "Qiu Z"
            if tail:
                if own is not None and own != "note":
                    add(tail, own)
                elif _PUNCT_ONLY_RE.match(tail) and out:
                    add(tail, out[-1][1])
                elif _ID_PREFIX_RE.match(tail):
                    add(tail, "identifier")
                else:
                    add(tail, "note")

    walk(citation, None)
    return _tidy([[re.sub(r"\s+", " ", text), label] for text, label in out])


def _tidy(out: list[list[str]]) -> list[list[str]]:
    """Join "and" between two names to the names, and "doi:" to the identifier after it."""
    for i in range(1, len(out) - 1):
        text, label = out[i]
        before, after = out[i - 1][1], out[i + 1][1]
        if label == "note" and before == after and len(text.strip()) <= 4:
            out[i][1] = before
        elif label == "note" and after == "identifier" and _ID_PREFIX_RE.match(text):
            out[i][1] = "identifier"
    merged: list[list[str]] = []
    for text, label in out:
        if merged and merged[-1][1] == label:
            merged[-1][0] += text
        else:
            merged.append([text, label])
    return merged


def _names(citation: Any, group: str) -> list[dict[str, str]]:
    people = []
    for person_group in citation.iter("person-group"):
        if person_group.get("person-group-type", "author") != group:
            continue
        for child in person_group:
            if child.tag == "name":
                family = _text(child.find("surname")) if child.find("surname") is not None else ""
                given = child.find("given-names")
                person = {"family": family}
                if given is not None:
                    person["given"] = _text(given)
                people.append(person)
            elif child.tag == "collab":
                people.append({"literal": _text(child)})
    if group == "author" and not people:
        for child in citation:
            if child.tag == "name" and child.find("surname") is not None:
                person = {"family": _text(child.find("surname"))}
                if child.find("given-names") is not None:
                    person["given"] = _text(child.find("given-names"))
                people.append(person)
            elif child.tag == "collab":
                people.append({"literal": _text(child)})
    return people


def record(citation: Any, kind: str) -> dict[str, Any]:
    """The reference's metadata as a CSL-JSON item."""

    def first(tag: str) -> str | None:
        found = citation.find(f".//{tag}")
        return _text(found) or None if found is not None else None

    title = first("article-title") or first("chapter-title")
    item: dict[str, Any] = {
        "type": {"journal": "article-journal", "book": "book"}.get(kind, "article-journal")
    }
    if kind == "book" and title:
        item["type"] = "chapter"
    authors = _names(citation, "author")
    if authors:
        item["author"] = authors
    editors = _names(citation, "editor")
    if editors:
        item["editor"] = editors
    source = first("source")
    if title:
        item["title"] = title
        if source:
            item["container-title"] = source
    elif source:
        item["title"] = source
    year = first("year")
    match = re.search(r"(1[6-9]|20)[0-9]{2}", year or "")
    if match:
        item["issued"] = {"date-parts": [[int(match.group())]]}
    volume, issue = first("volume"), first("issue")
    if volume and not issue:
        split = re.fullmatch(r"\s*([^()]+?)\s*\(([^()]+)\)\s*", volume)
        if split:
            volume, issue = split.group(1), split.group(2)
    for key, value in (
        ("volume", volume),
        ("issue", issue),
        ("publisher", first("publisher-name")),
        ("publisher-place", first("publisher-loc")),
        ("edition", first("edition")),
    ):
        if value:
            item[key] = value
    fpage, lpage = first("fpage"), first("lpage")
    if fpage:
        item["page"] = f"{fpage}-{lpage}" if lpage else fpage
    elif first("elocation-id"):
        item["page"] = first("elocation-id")
    for pub_id in citation.iter("pub-id"):
        if pub_id.get("pub-id-type") in ("doi", "pmid"):
            item["DOI" if pub_id.get("pub-id-type") == "doi" else "PMID"] = _text(pub_id)
    for link in citation.iter("ext-link"):
        href = link.get(f"{_XLINK}href") or ""
        if "doi.org/" in href and "DOI" not in item:
            item["DOI"] = href.split("doi.org/", 1)[1]
    return item


def article_refs(path: Path) -> list[dict[str, Any]]:
    tree = ElementTree.parse(path)
    out = []
    for ref in tree.iter("ref"):
        citation = next((c for c in ref if c.tag in _CITATIONS), None)
        if citation is None:
            continue
        kind = citation.get("publication-type") or "other"
        entry: dict[str, Any] = {
            "article": path.stem,
            "ref": ref.get("id"),
            "kind": kind,
            "record": record(citation, kind),
        }
        printed = segments(citation, kind) if citation.tag == "mixed-citation" else []
        if any(label == "title" for _, label in printed):
            entry["printed"] = printed
        out.append(entry)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--commit", default="", help="the corpus repository's commit")
    args = parser.parse_args(argv)
    refs = []
    for path in sorted(args.folder.glob("*.xml")):
        refs.extend(article_refs(path))
    payload = {
        "about": (
            "Reference lists of the PLOS articles in PLOS/allofplos "
            f"(allofplos/starter_corpus, commit {args.commit or '?'}; repository MIT, "
            "articles CC BY 4.0), extracted by training/extract_plos.py."
        ),
        "references": refs,
    }
    with gzip.open(OUT, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    printed = sum("printed" in r for r in refs)
    print(f"{len(refs)} references ({printed} printed) -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
