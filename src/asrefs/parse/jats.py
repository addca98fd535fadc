"""JATS (the XML of PubMed Central and most journal publishers) -> References.

Each ``<ref>`` of the article is one reference, keyed by its ``id``, numbered by its
``<label>``. A ``<mixed-citation>`` is the reference as printed: its text is ``raw``
(``raw_printed``) and its tags give the fields; an ``<element-citation>`` gives fields
only (its ``raw`` is the ``<ref>`` source). When a ref has both, the fields come from the
element-citation. The body ends where ``<back>`` (else the first ``<ref-list>``) begins.
Parsed with defusedxml (:mod:`.structured`).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from asrefs.dates import month_number
from asrefs.errors import InputError
from asrefs.models import Article, Author, Reference
from asrefs.parse.identifiers import normalize_doi
from asrefs.parse.names import parse_authors
from asrefs.parse.structured import (
    Source,
    date_parts,
    identifiers,
    page_range,
    source_name,
    text_of,
    xml_root,
)

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_CITATIONS = ("element-citation", "nlm-citation", "citation")
_LINKS = ("ext-link", "uri")


def jats_references(article: Article) -> list[Reference]:
    """The refs of a JATS article, in document order."""
    root = xml_root(article, "JATS article")
    refs = list(root.iter("ref"))
    if not refs:
        raise InputError(
            f"{source_name(article)}: the JATS article has no references (no <ref> in a <ref-list>)"
        )
    source = Source(article)
    out = []
    for n, (ref, start) in enumerate(zip(refs, source.starts("ref"), strict=False), 1):
        out.append(_reference(n, source, start, ref))
    return out


def jats_body_end(article: Article) -> int:
    """Where the body ends: at ``<back>``, else at the first ``<ref-list>``."""
    at = Source(article).first("back", "ref-list")
    return len(article.text) if at is None else at


def _reference(index: int, source: Source, start: int, ref: Element) -> Reference:
    mixed = ref.find(".//mixed-citation")
    structured = next((c for tag in _CITATIONS if (c := ref.find(f".//{tag}")) is not None), None)
    cited = structured if structured is not None else mixed
    if cited is None:
        cited = ref
    authors, et_al = _authors(cited)
    title = text_of(cited.find("article-title")) or text_of(cited.find("chapter-title"))
    container = text_of(cited.find("source"))
    year, month, day = _date(cited)
    hrefs = [el.get(_XLINK_HREF) or text_of(el) for el in cited.iter() if el.tag in _LINKS]
    doi = _pub_id(cited, "doi") or next((d for h in hrefs if (d := _doi_link(h))), None)
    label = text_of(ref.find("label"))
    return Reference(
        index=index,
        raw=_printed(mixed) if mixed is not None else source.element("ref", start),
        line=source.line_of(start),
        label=label or None,
        authors=authors,
        et_al=et_al,
        title=(title or container) or None,
        journal=(container if title else None) or None,
        year=year,
        month=month,
        day=day,
        volume=text_of(cited.find("volume")) or None,
        issue=text_of(cited.find("issue")) or None,
        pages=page_range(text_of(cited.find("fpage")), text_of(cited.find("lpage"))),
        article_number=text_of(cited.find("elocation-id")) or None,
        issn=tuple(text_of(el) for el in cited.findall("issn") if text_of(el)),
        url=next((h for h in hrefs if h.startswith(("http://", "https://"))), None),
        publisher=text_of(cited.find("publisher-name")) or None,
        key=ref.get("id"),
        fields_from="jats",
        raw_printed=mixed is not None,
        **identifiers(doi, _pub_id(cited, "pmid"), _pub_id(cited, "pmcid", "pmc")),
    )


def _printed(mixed: Element) -> str:
    """A mixed-citation's text as printed: a name whose parts abut ("<surname>Zeng</surname>
    <given-names>L</given-names>" with nothing between) is spaced, an empty ``<etal/>`` is
    "et al."."""
    parts = [mixed.text or ""]
    for child in mixed:
        if child.tag in ("name", "string-name") and len(child) and _abut(child):
            parts.append(" ".join(t for c in child if (t := text_of(c))))
        elif child.tag == "etal" and not text_of(child):
            parts.append("et al.")
        elif len(child):
            parts.append(_printed(child))
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()).replace("et al..", "et al.")


def _abut(element: Element) -> bool:
    return not (element.text or "").strip() and not any((c.tail or "").strip() for c in element)


def _authors(cited: Element) -> tuple[tuple[Author, ...], bool]:
    """The authors (the person-group of type author, else the first untyped one, else
    names given directly) and whether an ``<etal/>`` follows them."""
    groups = cited.findall("person-group")
    group = next(
        (g for g in groups if g.get("person-group-type") == "author"),
        next((g for g in groups if g.get("person-group-type") is None), None),
    )
    holder = group if group is not None else cited
    out: list[Author] = []
    et_al = False
    for el in holder:
        if el.tag == "name":
            family = text_of(el.find("surname"))
            if family:
                out.append(Author(family=family, given=text_of(el.find("given-names"))))
        elif el.tag == "string-name":
            out.extend(_string_name(el))
        elif el.tag == "collab":
            if text_of(el):
                out.append(Author(family=text_of(el), collective=True))
        elif el.tag == "etal":
            et_al = True
    return tuple(out), et_al


def _string_name(el: Element) -> list[Author]:
    family = text_of(el.find("surname"))
    if family:
        return [Author(family=family, given=text_of(el.find("given-names")))]
    return parse_authors(text_of(el))[0]


def _date(cited: Element) -> tuple[int | None, int | None, int | None]:
    year = date_parts(text_of(cited.find("year")))[0]
    month_text = text_of(cited.find("month"))
    month = int(month_text) if month_text.isdigit() else month_number(month_text)
    day_text = text_of(cited.find("day"))
    if month is not None and not 1 <= month <= 12:
        month = None
    day = int(day_text) if day_text.isdigit() and month and 1 <= int(day_text) <= 31 else None
    return year, month, day


def _pub_id(cited: Element, *kinds: str) -> str | None:
    for el in cited.iter("pub-id"):
        if el.get("pub-id-type") in kinds and text_of(el):
            return text_of(el)
    return None


def _doi_link(href: str) -> str | None:
    return normalize_doi(href) if "doi" in href.lower() else None
