"""PubMed through NCBI E-utilities, and the PMC ID converter, with requests.

- ``esearch`` maps DOIs to PMIDs: many DOIs in one term (``"a"[doi] OR "b"[doi]``); which
  PMID belongs to which DOI is read back from each article's ArticleIdList.
- ``efetch`` returns PubMed XML for many PMIDs at once (POST for long lists). XML is
  parsed with defusedxml, so entity bombs and external entities are refused.
- the PMC ID converter maps PMCIDs to PMIDs and DOIs (it knows only PMC articles).

NCBI's limits are 3 requests/s without an API key and 10 with one; ``tool`` and ``email``
go with every request. A rate-limit error can come with status 200, so bodies are checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element

from asrefs.config import Options
from asrefs.dates import month_number
from asrefs.errors import BadResponse, NotFound, Unavailable
from asrefs.http import HttpClient, RateLimiter, header_float
from asrefs.models import Author, Identifier, Record, Update
from asrefs.parse import normalize_doi, normalize_pmid

POST_ABOVE = 100  # ids; longer lists go in a POST body


class PubMedClient:
    def __init__(self, options: Options, http: HttpClient) -> None:
        self.options = options
        self.http = http
        self.base_url = options.pubmed_url.rstrip("/")
        self.idconv_url = options.idconv_url
        rate = options.ncbi_rate or (10.0 if options.ncbi_api_key else 3.0)
        self.limiter = RateLimiter(rate, 3)

    def _params(self, **extra: str) -> dict[str, str]:
        params = {"tool": "asrefs", **extra}
        if self.options.mailto:
            params["email"] = self.options.mailto
        if self.options.ncbi_api_key:
            params["api_key"] = self.options.ncbi_api_key
        return params

    def _get(self, path: str, params: dict[str, str], post: bool = False) -> tuple[str, str]:
        url = f"{self.base_url}/{path}"
        if post:
            resp = self.http.fetch(
                "POST", url, data=params, limiter=self.limiter, registry="PubMed"
            )
        else:
            resp = self.http.fetch(
                "GET", url, params=params, limiter=self.limiter, registry="PubMed"
            )
        self.limiter.adapt(header_float(resp.headers, "x-ratelimit-limit"), 1.0)
        check_ncbi_error(resp.text)
        return resp.text, resp.url

    def esearch_dois(self, dois: list[str]) -> tuple[list[str], str]:
        """PMIDs of the articles holding any of ``dois`` (one request). A DOI with a double
        quote cannot be quoted in an ESearch term (it would end the phrase and let the rest
        of the DOI into the query), so it is left out: it maps to no PMID."""
        term = " OR ".join(f'"{d}"[doi]' for d in dois if '"' not in d)
        if not term:
            return [], f"{self.base_url}/esearch.fcgi"
        params = self._params(
            db="pubmed", term=term, retmode="json", retmax=str(max(20, len(dois) * 2))
        )
        text, url = self._get("esearch.fcgi", params, post=len(term) > 2000)
        return _idlist(text), url

    def esearch_title(self, title: str) -> list[str]:
        params = self._params(db="pubmed", term=f"{title}[title]", retmode="json", retmax="5")
        text, _url = self._get("esearch.fcgi", params)
        return _idlist(text)

    def efetch(self, pmids: list[str]) -> tuple[dict[str, str], str]:
        """PubMed XML for each PMID that exists (one request), keyed by PMID."""
        params = self._params(db="pubmed", id=",".join(pmids), retmode="xml")
        text, url = self._get("efetch.fcgi", params, post=len(pmids) > POST_ABOVE)
        return split_articles(text), url

    def idconv(self, ids: list[str]) -> tuple[list[dict[str, Any]], str]:
        params = self._params(ids=",".join(ids), format="json")
        resp = self.http.fetch(
            "GET", self.idconv_url, params=params, limiter=self.limiter, registry="PMC ID converter"
        )
        try:
            records = json.loads(resp.text)["records"]
        except (ValueError, KeyError, TypeError) as exc:
            raise BadResponse("PMC ID converter: the answer is not in its format") from exc
        return idconv_records(records, ids), resp.url


def idconv_records(records: Any, ids: list[str]) -> list[dict[str, Any]]:
    """The ID converter's records, checked: each an object, its ids strings, its PMID and
    DOI well formed (normalised here), and one record for every requested id. Anything
    else is a BadResponse (the lookup is unavailable), never a PMID or DOI made up from
    a null, a number or a list."""
    if not isinstance(records, list):
        raise BadResponse("PMC ID converter: the answer has no list of records")
    out: list[dict[str, Any]] = []
    for rec in records:
        if not isinstance(rec, dict):
            raise BadResponse("PMC ID converter: a record is not an object")
        clean = dict(rec)
        for key in ("pmcid", "requested-id", "status", "errmsg"):
            if rec.get(key) is not None and not isinstance(rec[key], str):
                raise BadResponse(f"PMC ID converter: a record's {key} is not a string")
        pmid = rec.get("pmid")
        if pmid is not None:
            text = str(pmid) if isinstance(pmid, (str, int)) and not isinstance(pmid, bool) else ""
            clean["pmid"] = normalize_pmid(text)
            if clean["pmid"] is None:
                raise BadResponse("PMC ID converter: a record's pmid is not a PMID")
        doi = rec.get("doi")
        if doi is not None:
            clean["doi"] = normalize_doi(doi) if isinstance(doi, str) else None
            if clean["doi"] is None:
                raise BadResponse("PMC ID converter: a record's doi is not a DOI")
        out.append(clean)
    answered = {str(r.get(k) or "").upper() for r in out for k in ("pmcid", "requested-id")}
    missing = [i for i in ids if i.upper() not in answered]
    if missing:
        raise BadResponse(f"PMC ID converter: the answer has no record for {missing[0]}")
    return out


def _idlist(text: str) -> list[str]:
    """The PMIDs of an ESearch JSON answer; anything not in its format is a BadResponse."""
    try:
        ids = json.loads(text)["esearchresult"]["idlist"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadResponse("PubMed: the search answer is not in ESearch's format") from exc
    if not isinstance(ids, list):
        raise BadResponse("PubMed: the search answer has no list of PMIDs")
    return [str(i) for i in ids if isinstance(i, (str, int)) and str(i).isdigit()]


def check_ncbi_error(text: str) -> None:
    """NCBI reports rate limiting as JSON, sometimes with status 200."""
    head = text[:300]
    if '"error"' in head and "rate limit" in head.lower():
        raise Unavailable("PubMed: rate limited (API rate limit exceeded)", retry_after=1.0)


# --- parsing -----------------------------------------------------------------------
def _fromstring(text: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    except DefusedXmlException as exc:
        raise BadResponse("PubMed: the XML uses entities or external references; refused") from exc
    except (ParseError, ValueError) as exc:
        raise BadResponse("PubMed: the answer is not well-formed XML") from exc
    return root


def split_articles(text: str) -> dict[str, str]:
    """Each <PubmedArticle> of an efetch answer as its own document, keyed by PMID."""
    from xml.etree.ElementTree import tostring

    stripped = text.lstrip()
    if not stripped.startswith("<"):
        raise BadResponse("PubMed: the answer is not XML")
    root = _fromstring(text)
    if root.tag == "eFetchResult" or root.find("ERROR") is not None:
        error = root.findtext("ERROR") or "error"
        raise BadResponse(f"PubMed: {error.strip()}")
    if root.tag not in ("PubmedArticleSet", "PubmedArticle"):
        raise BadResponse(f"PubMed: unexpected XML root <{root.tag}>")
    articles = [root] if root.tag == "PubmedArticle" else root.findall("PubmedArticle")
    out = {}
    for article in articles:
        pmid = (article.findtext("MedlineCitation/PMID") or "").strip()
        if pmid:
            body = tostring(article, encoding="unicode")
            out[pmid] = f'<?xml version="1.0" ?>\n<PubmedArticleSet>{body}</PubmedArticleSet>'
    return out


def _text(el: Element | None) -> str | None:
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _pubdate(el: Element | None) -> str | None:
    if el is None:
        return None
    year = (el.findtext("Year") or "").strip()
    if not year:
        medline = el.findtext("MedlineDate") or ""
        m = re.match(r"(\d{4})(?:\s+([A-Za-z]{3}))?", medline)
        if not m:
            return None
        year = m.group(1)
        month = month_number(m.group(2) or "")
        return f"{year}-{month:02d}" if month else year
    if not year.isdigit():
        return None
    out = year
    month_text = (el.findtext("Month") or "").strip()
    month = int(month_text) if month_text.isdigit() else month_number(month_text[:3])
    if month and 1 <= month <= 12:
        out += f"-{month:02d}"
        day = (el.findtext("Day") or "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            out += f"-{int(day):02d}"
    return out


def _strip_period(title: str | None) -> str | None:
    if title and title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    if title and title.startswith("[") and title.endswith("]"):
        title = title[1:-1]  # PubMed brackets translated titles
    return title


def parse_article(xml: str, identifier: Identifier | None = None) -> Record:
    """A Record from one PubmedArticle (as stored per PMID)."""
    root = _fromstring(xml)
    article = root if root.tag == "PubmedArticle" else root.find("PubmedArticle")
    if article is None:
        raise NotFound("PubMed: no article in the answer")
    citation = article.find("MedlineCitation")
    art = citation.find("Article") if citation is not None else None
    if citation is None or art is None:
        raise BadResponse("PubMed: the article has no MedlineCitation/Article")
    pmid = (citation.findtext("PMID") or "").strip()
    journal = art.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None

    dates: list[tuple[str, str]] = []
    for ad in art.findall("ArticleDate"):
        value = _pubdate(ad)
        if value and ad.get("DateType", "Electronic") == "Electronic":
            dates.append(("online", value))
            break
    pub = _pubdate(issue.find("PubDate")) if issue is not None else None
    model = art.get("PubModel", "")
    if pub:
        dates.append(("print" if model.startswith("Print") else "issued", pub))
    for hist in article.findall("PubmedData/History/PubMedPubDate"):
        status = hist.get("PubStatus", "")
        if status in ("received", "accepted"):
            value = _pubdate(hist)
            if value:
                dates.append((status, value))
    pub_years = [int(v[:4]) for k, v in dates if k in ("online", "print", "issued")]

    authors: list[Author] = []
    affiliations: list[str] = []
    for a in art.findall("AuthorList/Author"):
        last = _text(a.find("LastName"))
        collective = _text(a.find("CollectiveName"))
        if last:
            authors.append(
                Author(last, _text(a.find("ForeName")) or _text(a.find("Initials")) or "")
            )
        elif collective:
            authors.append(Author(collective, "", collective=True))
        for aff in a.findall("AffiliationInfo/Affiliation"):
            text = _text(aff)
            if text and text not in affiliations:
                affiliations.append(text)

    ids = {
        i.get("IdType", ""): (i.text or "").strip()
        for i in article.findall("PubmedData/ArticleIdList/ArticleId")
    }
    doi = ids.get("doi") or next(
        ((e.text or "").strip() for e in art.findall("ELocationID") if e.get("EIdType") == "doi"),
        "",
    )
    pages = _text(art.find("Pagination/MedlinePgn"))
    if not pages:
        start, end = _text(art.find("Pagination/StartPage")), _text(art.find("Pagination/EndPage"))
        pages = f"{start}-{end}" if start and end else start
    elocator = next(
        ((e.text or "").strip() for e in art.findall("ELocationID") if e.get("EIdType") == "pii"),
        None,
    )

    abbrevs = []
    for path in ("ISOAbbreviation",):
        value = _text(journal.find(path)) if journal is not None else None
        if value:
            abbrevs.append(value)
    medline_ta = _text(citation.find("MedlineJournalInfo/MedlineTA"))
    if medline_ta and medline_ta not in abbrevs:
        abbrevs.append(medline_ta)
    issn = [
        i.text.strip() for i in (journal.findall("ISSN") if journal is not None else []) if i.text
    ]
    linking = _text(citation.find("MedlineJournalInfo/ISSNLinking"))
    if linking and linking not in issn:
        issn.append(linking)

    pub_types = tuple(_text(p) or "" for p in art.findall("PublicationTypeList/PublicationType"))
    abstract_parts = [_text(p) or "" for p in art.findall("Abstract/AbstractText")]
    return Record(
        source="pubmed",
        identifier=identifier or Identifier("pmid", pmid),
        title=_strip_period(_text(art.find("ArticleTitle")) or _text(art.find("VernacularTitle"))),
        authors=tuple(authors),
        journal=_text(journal.find("Title")) if journal is not None else None,
        journal_abbrevs=tuple(abbrevs),
        issn=tuple(issn),
        type="journal-article",
        year=min(pub_years) if pub_years else None,
        dates=tuple(dates),
        volume=_text(issue.find("Volume")) if issue is not None else None,
        issue=_text(issue.find("Issue")) if issue is not None else None,
        pages=pages,
        article_number=None if pages else elocator,
        doi=doi.lower() or None,
        pmid=pmid or None,
        pmcid=ids.get("pmc") or None,
        updates=_updates(citation, pub_types),
        publication_types=pub_types,
        affiliations=tuple(affiliations),
        abstract=" ".join(p for p in abstract_parts if p) or None,
    )


_CORRECTION_KINDS = {
    "RetractionIn": "retraction",
    "ErratumIn": "correction",
    "ExpressionOfConcernIn": "expression_of_concern",
    "RetractionAndReplacementIn": "retraction",
}


def _updates(citation: Element, pub_types: Iterable[str]) -> tuple[Update, ...]:
    out = []
    for cc in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
        kind = _CORRECTION_KINDS.get(cc.get("RefType", ""))
        if not kind:
            continue
        out.append(
            Update(
                kind=kind,
                label=_text(cc.find("RefSource")),
                pmid=_text(cc.find("PMID")),
                source="pubmed",
            )
        )
    if "Retracted Publication" in pub_types and not any(u.kind == "retraction" for u in out):
        out.append(Update(kind="retraction", label="Retracted Publication", source="pubmed"))
    return tuple(out)
