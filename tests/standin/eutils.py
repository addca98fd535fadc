"""The NCBI routes: E-utilities ESearch (with a small PubMed query language), EFetch and
ECitMatch, and the PMC ID converter."""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import quote

from standin.matching import norm_words, tokens
from standin.store import PubmedIndex, RecordStore
from standin.wire import (
    ESEARCH_DOCTYPE,
    PUBMED_DOCTYPE,
    XML,
    Incoming,
    Reply,
    html_error_page,
    xml_escape,
    xml_text,
)


def eutils_route(store: RecordStore, name: str, req: Incoming) -> Reply:
    """Answer ``name``, the path below ``/eutils/``."""
    if name.startswith("esearch"):
        return esearch(store, req)
    if name.startswith("efetch"):
        return efetch(store, req)
    if name.startswith("ecitmatch"):
        return ecitmatch(store, req)
    return Reply(404, "text/html", html_error_page(404))


def esearch(store: RecordStore, req: Incoming) -> Reply:
    """ESearch: the PMIDs matching ``term``, in XML or JSON."""
    p = req.params
    term = p.get("term", "")
    try:
        retmax = int(p.get("retmax", "20"))
        retstart = int(p.get("retstart", "0"))
    except ValueError:
        retmax, retstart = 20, 0
    ids = sorted(_esearch_match(store, term), key=lambda x: -int(x) if x.isdigit() else 0)
    page = ids[retstart : retstart + retmax]
    translation = term
    if p.get("retmode", "xml").lower() == "json":
        data: dict[str, Any] = {
            "header": {"type": "esearch", "version": "0.3"},
            "esearchresult": {
                "count": str(len(ids)),
                "retmax": str(len(page)),
                "retstart": str(retstart),
                "idlist": page,
                "translationset": [],
                "querytranslation": translation,
            },
        }
        if not ids:
            data["esearchresult"]["errorlist"] = {
                "phrasesnotfound": [term],
                "fieldsnotfound": [],
            }
        return Reply(200, "application/json; charset=UTF-8", json.dumps(data).encode())
    if page:
        idlist = "<IdList>\n" + "".join(f"<Id>{i}</Id>\n" for i in page) + "</IdList>"
    else:
        idlist = "<IdList/>"
    body = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f"{ESEARCH_DOCTYPE}\n"
        f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>"
        f"<RetStart>{retstart}</RetStart>{idlist}<TranslationSet/>"
        f"<QueryTranslation>{xml_text(translation)}</QueryTranslation>"
        "</eSearchResult>\n"
    )
    return Reply(200, XML, body.encode())


def efetch(store: RecordStore, req: Incoming) -> Reply:
    """EFetch: the articles of ``id`` as one PubmedArticleSet."""
    raw_ids = req.params.get("id", "")
    ids = [x for x in re.split(r"[\s,]+", raw_ids) if x]
    if not ids:
        # Approximation of NCBI's answer to an empty id list.
        body = (
            '<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n'
            "\t<ERROR>Empty id list - nothing todo</ERROR>\n</eFetchResult>\n"
        )
        return Reply(400, XML, body.encode())
    articles = store.articles(ids)
    body = (
        '<?xml version="1.0" ?>\n'
        f"{PUBMED_DOCTYPE}\n"
        "<PubmedArticleSet>\n" + "".join(a + "\n" for a in articles) + "</PubmedArticleSet>"
    )
    return Reply(200, XML, body.encode("utf-8"))


def ecitmatch(store: RecordStore, req: Incoming) -> Reply:
    """ECitMatch: one PMID (or NOT_FOUND, AMBIGUOUS) per line of ``bdata``."""
    bdata = req.params.get("bdata", "")
    lines = [ln for ln in re.split(r"[\r\n]+", bdata) if ln.strip()]
    out = []
    index = store.pubmed_index()
    for line in lines:
        fields = line.split("|")
        while len(fields) < 6:
            fields.append("")
        journal, year, volume, page, author, key = (f.strip() for f in fields[:6])
        hits = _citmatch(index, journal, year, volume, page, author)
        result = hits[0] if len(hits) == 1 else ("AMBIGUOUS" if hits else "NOT_FOUND")
        out.append(f"{journal}|{year}|{volume}|{page}|{author}|{key}|{result}")
    return Reply(200, "text/plain; charset=UTF-8", ("\n".join(out) + "\n").encode())


def idconv(store: RecordStore, req: Incoming) -> Reply:
    """The PMC ID converter: a mapping per requested PMCID, PMID or DOI."""
    p = req.params
    ids = [x.strip() for x in p.get("ids", "").split(",") if x.strip()]
    records: list[dict[str, Any]] = []
    for ident in ids:
        rec = store.find_pmc(ident)
        if rec is None:
            records.append(
                {
                    "requested-id": ident,
                    "status": "error",
                    "errmsg": "Identifier not found in PMC",
                }
            )
            continue
        out: dict[str, Any] = {"requested-id": ident, "pmcid": rec.pmcid}
        if rec.pmid:
            out["pmid"] = rec.pmid
        if rec.doi:
            out["doi"] = rec.doi
        out["versions"] = [{"pmcid": rec.pmcid + ".1", "current": "true"}]
        records.append(out)
    echo = ";".join(f"{k}={quote(v, safe='')}" for k, v in req.params_list)
    if p.get("format", "xml").lower() == "json":
        data = {
            "status": "ok",
            "responseDate": time.strftime("%Y-%m-%d %H:%M:%S"),
            "request": echo,
            "records": records,
        }
        body = json.dumps(data, indent=1).encode("latin-1", "replace")
        return Reply(200, "application/json; charset=ISO-8859-1", body)
    parts = [
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<pmcids status="ok">',
        f"<request><echo>{xml_escape(echo)}</echo></request>",
    ]
    for r in records:
        attrs = " ".join(f'{k}="{xml_escape(str(v))}"' for k, v in r.items() if k != "versions")
        parts.append(f"<record {attrs}></record>")
    parts.append("</pmcids>\n")
    return Reply(200, "text/xml; charset=ISO-8859-1", "\n".join(parts).encode("latin-1", "replace"))


_TERM_RE = re.compile(r"^\s*(?P<val>.*?)\s*\[(?P<tag>[^\]]+)\]\s*$")


def _esearch_match(store: RecordStore, term: str) -> set[str]:
    term = term.strip()
    index: dict[str, PubmedIndex] | None = None
    if not term:
        return set()
    result: set[str] | None = None
    op = "AND"
    for piece in re.split(r"\s+(AND|OR|NOT)\s+", term):
        if piece in ("AND", "OR", "NOT"):
            op = piece
            continue
        clause = piece.strip().strip("()")
        direct = _direct_clause(store, clause)
        if direct is not None:
            hits = direct
        else:
            if index is None:
                index = {x.pmid: x for x in store.pubmed_index()}
            hits = _clause(index, clause)
        if result is None:
            result = hits
        elif op == "AND":
            result &= hits
        elif op == "OR":
            result |= hits
        else:
            result -= hits
    return result or set()


def _direct_clause(store: RecordStore, clause: str) -> set[str] | None:
    """A [doi] or [pmid] clause answered from an index (no scan), else None."""
    m = _TERM_RE.match(clause)
    if not m:
        return None
    tag = m.group("tag").lower()
    value = m.group("val").strip().strip('"').strip()
    if tag in ("doi", "aid", "lid", "location id"):
        return store.pmids_with_doi(value)
    if tag in ("pmid", "uid"):
        return {value} if value in store.pubmed else set()
    return None


def _clause(index: dict[str, PubmedIndex], clause: str) -> set[str]:
    m = _TERM_RE.match(clause)
    value, tag = (m.group("val"), m.group("tag").lower()) if m else (clause, "all fields")
    value = value.strip().strip('"').strip()
    if not value:
        return set()
    out: set[str] = set()
    low = value.lower()
    words = set(tokens(value))
    for pmid, x in index.items():
        if tag in ("doi", "aid", "lid", "location id"):
            ok = any(d.lower() == low for d in x.dois)
        elif tag in ("pmid", "uid"):
            ok = pmid == value
        elif tag in ("title", "ti", "title/abstract", "tiab"):
            ok = bool(words) and words <= set(tokens(x.title))
        elif tag in ("au", "author", "1au", "first author"):
            authors = x.authors[:1] if tag in ("1au", "first author") else x.authors
            ok = any(norm_words(f"{ln} {ini}").startswith(norm_words(value)) for ln, ini in authors)
        elif tag in ("ta", "journal", "jour", "jt"):
            ok = any(norm_words(j) == norm_words(value) for j in x.journals)
        elif tag in ("dp", "pdat", "publication date"):
            ok = x.year == value[:4]
        elif tag in ("vi", "volume"):
            ok = x.volume == value
        elif tag in ("pg", "page"):
            ok = x.first_page == value
        else:
            ok = bool(words) and words <= x.tokens
        if ok:
            out.add(pmid)
    return out


def _citmatch(
    index: list[PubmedIndex], journal: str, year: str, volume: str, page: str, author: str
) -> list[str]:
    if not (journal or year or volume or page or author):
        return []
    hits = []
    for x in index:
        if journal and not any(norm_words(j) == norm_words(journal) for j in x.journals):
            continue
        if year and x.year != year:
            continue
        if volume and x.volume != volume:
            continue
        if page and x.first_page != page:
            continue
        if author and not any(
            norm_words(f"{ln} {ini}").startswith(norm_words(author)) for ln, ini in x.authors
        ):
            continue
        hits.append(x.pmid)
    return sorted(hits)
