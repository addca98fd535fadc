"""A local stand-in for Crossref, NCBI E-utilities and the PMC ID converter.

Tests and benchmarks point asrefs at a real HTTP server on 127.0.0.1 that answers
in the registries' own formats (modelled on the recorded responses in
``/work/shared/api-samples``) and can inject faults::

    from asrefs.testing.registry_server import RegistryServer, sample_store

    with RegistryServer(sample_store()) as server:
        server.faults.rate_limited("/crossref/works")   # the next matching request gets a 429
        ...  # point the client at server.crossref_url, server.pubmed_url, server.idconv_url
        assert server.requests.count("/crossref/works") == 2

Routes (paths relative to ``server.url``):

* ``/crossref/works/{doi}``, ``/crossref/works/{doi}/agency``,
  ``/crossref/works?filter=doi:A,doi:B&rows=N``, ``/crossref/works?query.bibliographic=…``
* ``/eutils/esearch.fcgi``, ``/eutils/efetch.fcgi`` (GET or POST), ``/eutils/ecitmatch.cgi``
* ``/idconv/?ids=…&format=json``

Where the real behaviour was not recorded (error bodies of E-utilities, the shape of
an empty ESearch result, the HTML of a Crossref 429) the server answers with a
plausible approximation; such places are marked "approximation" below.

werkzeug is needed only to serve (``RegistryServer.start``); it is imported lazily so
that importing this module needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import math
import random
import re
import socket
import struct
import threading
import time
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, quote

__all__ = [
    "DEFAULT_API_SAMPLES",
    "DEFAULT_REGISTRY_RECORDS",
    "Fault",
    "FaultQueue",
    "RecordStore",
    "RecordedRequest",
    "RegistryServer",
    "RequestLog",
    "sample_store",
    "synthetic_doi",
    "synthetic_pmid",
    "synthetic_pubmed",
    "synthetic_work",
]

_SHARED = Path(__file__).resolve().parents[3].parent / "shared"
DEFAULT_REGISTRY_RECORDS = _SHARED / "registry-records"
DEFAULT_API_SAMPLES = _SHARED / "api-samples"

# --------------------------------------------------------------------------------------
# Constants modelled on the recorded responses
# --------------------------------------------------------------------------------------

PUBMED_DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
)
ESEARCH_DOCTYPE = (
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">'
)
CROSSREF_NOT_FOUND = b"Resource not found."
NCBI_RATE_LIMIT_BODY = b'{"error":"API rate limit exceeded","count":"11"}'

AGENCY_LABELS = {
    "crossref": "Crossref",
    "datacite": "DataCite",
    "medra": "mEDRA",
    "cnki": "CNKI",
    "istic": "ISTIC",
    "jalc": "JaLC",
    "kisti": "KISTI",
    "op": "OP",
    "airiti": "Airiti",
    "public": "Public",
}

_HTTP_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_JSON = "application/json"
_XML = "text/xml; charset=UTF-8"
_HTML = "text/html"

# Route families, used by rate_limit / concurrency_limit and for advertised headers.
FAMILY_CROSSREF_SINGLE = "crossref-single"
FAMILY_CROSSREF_LIST = "crossref-list"
FAMILY_EUTILS = "eutils"
FAMILY_IDCONV = "idconv"
FAMILY_OTHER = "other"


def html_error_page(status: int) -> bytes:
    """The kind of HTML page a proxy in front of a registry sends (approximation)."""
    reason = _HTTP_REASONS.get(status, "Error")
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()


def _crossref_json(obj: Any) -> bytes:
    """Serialise like Crossref does: UTF-8, compact, with ``\\/`` escaping."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("/", "\\/").encode("utf-8")


def _norm_doi(doi: str) -> str:
    doi = doi.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
    return doi.lower()


def _words(text: str) -> tuple[str, ...]:
    """Split on spaces; an underscore stands for a space inside one entry."""
    return tuple(w.replace("_", " ") for w in text.split())


_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_TAG_RE = re.compile(r"<[^>]+>")
_STOPWORDS = frozenset(
    _words("a an and are as at by for from in into is of on or the to with via et al")
)


def _tokens(text: str) -> list[str]:
    text = _TAG_RE.sub(" ", text)
    return [t for t in _TOKEN_RE.findall(text.lower()) if t not in _STOPWORDS]


def _norm_words(text: str) -> str:
    return " ".join(_TOKEN_RE.findall(_TAG_RE.sub(" ", text).lower()))


# --------------------------------------------------------------------------------------
# The record store
# --------------------------------------------------------------------------------------


@dataclass
class _PubmedIndex:
    pmid: str
    dois: list[str]
    pmcid: str | None
    title: str
    journals: list[str]
    year: str
    volume: str
    first_page: str
    authors: list[tuple[str, str]]  # (LastName, Initials)
    tokens: frozenset[str]


@dataclass
class PmcRecord:
    """One PMC ID converter mapping."""

    pmcid: str
    pmid: str | None = None
    doi: str | None = None


_ARTICLE_RE = re.compile(r"<(PubmedArticle|PubmedBookArticle)\b.*?</\1>", re.DOTALL)


class RecordStore:
    """What the fake registries hold.

    ``crossref`` maps lower-cased DOIs to Crossref work messages; ``pubmed`` maps
    PMIDs to the XML text of one ``<PubmedArticle>``; ``agencies`` maps lower-cased
    DOIs to a registration agency id for DOIs that are not in Crossref; ``pmc`` maps
    PMCIDs to :class:`PmcRecord`.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.crossref: dict[str, dict[str, Any]] = {}
        self.pubmed: dict[str, str] = {}
        self.agencies: dict[str, str] = {}
        self.pmc: dict[str, PmcRecord] = {}
        self._pm_index: dict[str, _PubmedIndex] = {}
        self._pm_by_doi: dict[str, set[str]] = {}
        self._cr_tokens: dict[str, dict[str, frozenset[str]]] = {}
        self._df_cache: dict[str, int] | None = None

    # -- Crossref ----------------------------------------------------------------------

    def add_crossref_work(self, message: dict[str, Any]) -> str:
        """Add one work (the ``message`` of ``/works/{doi}``); returns its DOI.

        A whole response envelope (``{"status": "ok", "message": {...}}``) is unwrapped.
        """
        if "message-type" in message and isinstance(message.get("message"), dict):
            message = message["message"]
        doi = message.get("DOI")
        if not isinstance(doi, str) or not doi:
            raise ValueError("a Crossref work message needs a DOI")
        with self._lock:
            key = _norm_doi(doi)
            self.crossref[key] = message
            self._cr_tokens.pop(key, None)
            self._df_cache = None
        return doi

    def set_agency(self, doi: str, agency_id: str) -> None:
        """Register a DOI with another agency (``datacite``, ``medra``, ``cnki``, …)."""
        with self._lock:
            self.agencies[_norm_doi(doi)] = agency_id

    def agency_of(self, doi: str) -> str | None:
        key = _norm_doi(doi)
        with self._lock:
            if key in self.crossref:
                return "crossref"
            return self.agencies.get(key)

    def get_work(self, doi: str) -> dict[str, Any] | None:
        with self._lock:
            return self.crossref.get(_norm_doi(doi))

    # -- PubMed ------------------------------------------------------------------------

    def add_pubmed_article(self, pmid: str | None, xml: str) -> list[str]:
        """Add one ``<PubmedArticle>`` (or every article of a ``<PubmedArticleSet>``).

        With a single article, ``pmid`` (if given) is the key; articles split out of a
        set are keyed by their own ``<PMID>``. Returns the PMIDs added.
        """
        articles = [m.group(0) for m in _ARTICLE_RE.finditer(xml)]
        if not articles:
            raise ValueError("no <PubmedArticle> element in the XML")
        added: list[str] = []
        for article in articles:
            index = _index_pubmed(article)
            key = pmid if (pmid and len(articles) == 1) else index.pmid
            index.pmid = key
            with self._lock:
                self.pubmed[key] = article
                self._pm_index[key] = index
                for doi in index.dois:
                    self._pm_by_doi.setdefault(doi.lower(), set()).add(key)
                if index.pmcid:
                    self.pmc.setdefault(
                        index.pmcid,
                        PmcRecord(index.pmcid, key, index.dois[0] if index.dois else None),
                    )
            added.append(key)
        return added

    def add_pmc(self, pmcid: str, pmid: str | None = None, doi: str | None = None) -> None:
        """Add a PMC ID converter mapping."""
        if not pmcid.upper().startswith("PMC"):
            pmcid = "PMC" + pmcid
        with self._lock:
            self.pmc[pmcid.upper()] = PmcRecord(pmcid.upper(), pmid, doi)

    def pmids_with_doi(self, doi: str) -> set[str]:
        """PMIDs whose ArticleIdList holds ``doi`` (case-insensitive), by index lookup."""
        with self._lock:
            return set(self._pm_by_doi.get(doi.lower(), ()))

    def pubmed_index(self) -> list[_PubmedIndex]:
        with self._lock:
            return list(self._pm_index.values())

    def find_pmc(self, ident: str) -> PmcRecord | None:
        """The mapping for a PMCID (``PMC…``), a PMID (digits) or a DOI."""
        ident = ident.strip()
        with self._lock:
            if ident.upper().startswith("PMC"):
                return self.pmc.get(ident.upper())
            for rec in self.pmc.values():
                if ident.isdigit() and rec.pmid == ident:
                    return rec
                if rec.doi and _norm_doi(rec.doi) == _norm_doi(ident):
                    return rec
        return None

    # -- Loading ------------------------------------------------------------------------

    def load_dir(self, path: str | Path) -> int:
        """Load every ``work_*.json``, ``item_*.json`` and ``efetch_*.xml`` under ``path``.

        Returns the number of records added. A missing folder adds nothing.
        """
        root = Path(path)
        if not root.is_dir():
            return 0
        n = 0
        for p in sorted(root.rglob("*")):
            if not p.is_file():
                continue
            if p.suffix == ".json" and (p.name.startswith(("work_", "item_"))):
                data = json.loads(p.read_text(encoding="utf-8"))
                self.add_crossref_work(data)
                n += 1
            elif p.suffix == ".xml" and p.name.startswith("efetch_"):
                n += len(self.add_pubmed_article(None, p.read_text(encoding="utf-8")))
        return n

    def add_synthetic(self, n: int, start: int = 0, *, pubmed: bool = True) -> list[str]:
        """Add ``n`` synthetic works (and their PubMed records); returns the DOIs."""
        dois = []
        for i in range(start, start + n):
            dois.append(self.add_crossref_work(synthetic_work(i)))
            if pubmed:
                self.add_pubmed_article(synthetic_pmid(i), synthetic_pubmed(i))
        return dois

    # -- Search helpers -----------------------------------------------------------------

    def _work_fields(self, key: str) -> dict[str, frozenset[str]]:
        cached = self._cr_tokens.get(key)
        if cached is not None:
            return cached
        work = self.crossref[key]
        title = " ".join(_str_list(work.get("title")) + _str_list(work.get("subtitle")))
        authors: list[str] = []
        for a in work.get("author") or []:
            if isinstance(a, dict):
                authors.extend(str(a.get(k) or "") for k in ("family", "given", "name"))
        journal = " ".join(
            _str_list(work.get("container-title")) + _str_list(work.get("short-container-title"))
        )
        year = _work_year(work)
        other = " ".join(
            str(work.get(k) or "") for k in ("volume", "issue", "page", "article-number")
        )
        fields = {
            "title": frozenset(_tokens(title)),
            "author": frozenset(_tokens(" ".join(authors))),
            "container-title": frozenset(_tokens(journal)),
            "other": frozenset(_tokens(f"{year or ''} {other}")),
        }
        fields["all"] = frozenset().union(*fields.values())
        self._cr_tokens[key] = fields
        return fields

    def search_crossref(self, queries: dict[str, str]) -> list[tuple[float, dict[str, Any]]]:
        """Rank works by an IDF-weighted token overlap; ``queries`` maps a field
        (``all``, ``title``, ``author``, ``container-title``) to query text."""
        with self._lock:
            keys = list(self.crossref)
            fields = {k: self._work_fields(k) for k in keys}
            if self._df_cache is None:
                df: dict[str, int] = {}
                for f in fields.values():
                    for t in f["all"]:
                        df[t] = df.get(t, 0) + 1
                self._df_cache = df
            df = self._df_cache
            works = dict(self.crossref)
        n_docs = max(len(keys), 1)

        def idf(t: str) -> float:
            return math.log(1.0 + n_docs / (1 + df.get(t, 0)))

        results: list[tuple[float, dict[str, Any]]] = []
        parsed = {f: set(_tokens(q)) for f, q in queries.items() if q.strip()}
        if not parsed:
            return []
        for key in keys:
            score = 0.0
            for fname, qtok in parsed.items():
                doc = fields[key].get(fname, fields[key]["all"])
                total = sum(idf(t) for t in qtok) or 1.0
                hit = sum(idf(t) for t in qtok if t in doc)
                if hit == 0:
                    continue
                coverage = hit / total
                precision = len(qtok & doc) / max(len(doc), 1)
                score += 100.0 * coverage + 20.0 * precision
            if score > 0:
                results.append((round(score, 5), works[key]))
        results.sort(key=lambda r: (-r[0], str(r[1].get("DOI", "")).lower()))
        return results


def _str_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    if isinstance(value, str):
        return [value]
    return []


def _work_year(work: dict[str, Any]) -> int | None:
    for k in ("issued", "published", "published-print", "published-online"):
        try:
            y = work[k]["date-parts"][0][0]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(y, int):
            return y
    return None


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _index_pubmed(article_xml: str) -> _PubmedIndex:
    root = ET.fromstring(article_xml)
    pmid = _text(root.find("MedlineCitation/PMID"))
    art = root.find("MedlineCitation/Article")
    dois: list[str] = []
    pmcid = None
    for aid in root.findall("PubmedData/ArticleIdList/ArticleId"):
        kind = aid.get("IdType")
        if kind == "doi" and _text(aid):
            dois.append(_text(aid))
        elif kind == "pmc" and _text(aid):
            pmcid = _text(aid)
    title = journal = iso = year = volume = first_page = ""
    authors: list[tuple[str, str]] = []
    if art is not None:
        for el in art.findall("ELocationID"):
            if el.get("EIdType") == "doi" and _text(el) and _text(el) not in dois:
                dois.append(_text(el))
        title = _text(art.find("ArticleTitle"))
        journal = _text(art.find("Journal/Title"))
        iso = _text(art.find("Journal/ISOAbbreviation"))
        year = _text(art.find("Journal/JournalIssue/PubDate/Year"))
        if not year:
            medline_date = _text(art.find("Journal/JournalIssue/PubDate/MedlineDate"))
            year = medline_date[:4]
        volume = _text(art.find("Journal/JournalIssue/Volume"))
        first_page = _text(art.find("Pagination/StartPage"))
        if not first_page:
            first_page = _text(art.find("Pagination/MedlinePgn")).split("-")[0]
        for au in art.findall("AuthorList/Author"):
            last = _text(au.find("LastName")) or _text(au.find("CollectiveName"))
            authors.append((last, _text(au.find("Initials"))))
    ta = _text(root.find("MedlineCitation/MedlineJournalInfo/MedlineTA"))
    journals = [j for j in (journal, iso, ta) if j]
    tokens = frozenset(_tokens(" ".join([title, *journals, year, *(" ".join(a) for a in authors)])))
    return _PubmedIndex(
        pmid, dois, pmcid, title, journals, year, volume, first_page, authors, tokens
    )


# --------------------------------------------------------------------------------------
# Synthetic records for scale tests
# --------------------------------------------------------------------------------------

_W1 = _words(
    "Mesenchymal Stromal Macrophage Exosomal Epigenetic Mitochondrial Metabolic Synovial "
    "Endothelial Chondrocyte Osteoclast Microglial Regulatory Circulating Hepatic Renal "
    "Cardiac Pulmonary Intestinal Neuronal Adipose Dendritic Cytotoxic Inflammatory "
    "Fibroblast Keratinocyte Platelet Erythroid Myeloid Lymphoid"
)
_W2 = _words(
    "signalling polarization senescence autophagy ferroptosis pyroptosis apoptosis "
    "proliferation differentiation migration remodelling fibrosis angiogenesis "
    "calcification mineralization homeostasis dysfunction activation exhaustion "
    "reprogramming regeneration metabolism trafficking clearance"
)
_W3 = _words(
    "rheumatoid-arthritis ankylosing-spondylitis systemic-lupus-erythematosus "
    "osteoarthritis psoriasis type-2-diabetes sepsis atherosclerosis colitis "
    "multiple-sclerosis asthma glioblastoma hepatocellular-carcinoma osteoporosis "
    "Sjogren-syndrome systemic-sclerosis vasculitis gout uveitis periodontitis "
    "myocardial-infarction stroke"
)
_TEMPLATES = (
    "{a} {b} in {c}: a randomized controlled trial",
    "Role of {a} {b} in {c}",
    "{a} {b} drives {c} through {d} pathways",
    "Targeting {a} {b} in experimental {c}",
    "{a} {b} and {d} in patients with {c}: a cohort study",
    "Single-cell atlas of {a} {b} in {c}",
    "{a} {b} as a therapeutic target in {c}: a systematic review and meta-analysis",
    "Effects of {d} on {a} {b} in {c}",
)
_EXTRA = _words(
    "interleukin-6 TNF-alpha NF-kappaB JAK/STAT Wnt/beta-catenin mTOR AMPK TGF-beta NLRP3 "
    "PD-1 IL-17 CD4+ miR-21 lncRNA Hippo/YAP"
)
_FAMILY = _words(
    "Zeng Liu Wu Zheng Hao Wang Sun Ke Lu Pan Qi Zhang Li Chen Yang Huang Zhao Zhou Xu "
    "Smith Johnson Müller García Rossi Dubois Nowak Kowalski Silva Santos Kim Park Lee "
    "Tanaka Suzuki Sato Nguyen Singh Patel Kumar O'Brien van_den_Berg Ivanova Jensen "
    "Andersson Papadopoulos Yilmaz Cohen Haddad Okafor Mensah"
)
_GIVEN = _words(
    "Liuting Chang Yang Shuman Yaru Wensa Dandan Lingyun Minxia Wenli Huimin Xiafei "
    "Mengyang Nianmin Zhiqiang Feng Wen-Jie Jia-Xin John Mary Anna Pedro Giulia Camille "
    "Piotr Ana Min-jun Ji-woo Hiroshi Yuki Linh Arjun Priya Sean Anouk Olga Mette Erik "
    "Eleni Emre Noa Rania Chidi Kwame José Zoë"
)
_JOURNALS = (
    (
        "Stem Cell Research & Therapy",
        "Stem Cell Res Ther",
        "1757-6512",
        "Springer Science and Business Media LLC",
        "10.1186",
    ),
    ("Frontiers in Immunology", "Front Immunol", "1664-3224", "Frontiers Media SA", "10.3389"),
    (
        "World Journal of Stem Cells",
        "World J Stem Cells",
        "1948-0210",
        "Baishideng Publishing Group Inc.",
        "10.4252",
    ),
    (
        "Arthritis Research & Therapy",
        "Arthritis Res Ther",
        "1478-6362",
        "Springer Science and Business Media LLC",
        "10.1186",
    ),
    ("Annals of the Rheumatic Diseases", "Ann Rheum Dis", "0003-4967", "BMJ", "10.1136"),
    (
        "Nature Communications",
        "Nat Commun",
        "2041-1723",
        "Springer Science and Business Media LLC",
        "10.1038",
    ),
    ("PLOS ONE", "PLoS One", "1932-6203", "Public Library of Science (PLoS)", "10.1371"),
    ("Journal of Orthopaedic Research", "J Orthop Res", "0736-0266", "Wiley", "10.1002"),
    (
        "Scientific Reports",
        "Sci Rep",
        "2045-2322",
        "Springer Science and Business Media LLC",
        "10.1038",
    ),
    ("Bone", "Bone", "8756-3282", "Elsevier BV", "10.1016"),
    ("Cell Reports", "Cell Rep", "2211-1247", "Elsevier BV", "10.1016"),
    (
        "Rheumatology",
        "Rheumatology (Oxford)",
        "1462-0324",
        "Oxford University Press (OUP)",
        "10.1093",
    ),
    ("Journal of Autoimmunity", "J Autoimmun", "0896-8411", "Elsevier BV", "10.1016"),
    (
        "Clinical and Experimental Immunology",
        "Clin Exp Immunol",
        "0009-9104",
        "Oxford University Press (OUP)",
        "10.1093",
    ),
    ("Immunity, Inflammation and Disease", "Immun Inflamm Dis", "2050-4527", "Wiley", "10.1002"),
    (
        "中华风湿病学杂志",
        "Zhonghua Feng Shi Bing Xue Za Zhi",
        "1007-7480",
        "Chinese Medical Association",
        "10.3760",
    ),
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def synthetic_doi(i: int) -> str:
    """The DOI of synthetic work ``i``."""
    return f"10.5555/asrefs.bench.{i}"


def synthetic_pmid(i: int) -> str:
    """The PMID of synthetic work ``i`` (above the range real PMIDs use in 2026)."""
    return str(80_000_000 + i)


@dataclass
class _Synth:
    doi: str
    pmid: str
    pmcid: str | None
    title: str
    authors: list[tuple[str, str]]
    journal: tuple[str, str, str, str, str]
    year: int
    month: int
    day: int
    volume: str
    issue: str
    first_page: int
    last_page: int | None
    article_number: str | None


def _synth(i: int) -> _Synth:
    rng = random.Random(i * 7919 + 17)
    # Mixed radix over the three word lists makes every title distinct.
    a = _W1[i % len(_W1)]
    b = _W2[(i // len(_W1)) % len(_W2)]
    c = _W3[(i // (len(_W1) * len(_W2))) % len(_W3)].replace("-", " ")
    d = rng.choice(_EXTRA)
    title = rng.choice(_TEMPLATES).format(a=a, b=b, c=c, d=d)
    title = title[0].upper() + title[1:]
    n_auth = rng.randint(1, 8)
    authors = [(rng.choice(_FAMILY), rng.choice(_GIVEN)) for _ in range(n_auth)]
    journal = _JOURNALS[rng.randrange(len(_JOURNALS))]
    year = rng.randint(1995, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    volume = str(max(1, year - 1990 + rng.randint(0, 20)))
    issue = str(rng.randint(1, 12))
    if rng.random() < 0.3:
        first_page = rng.randint(100, 999999)
        article_number: str | None = str(first_page)
        last_page: int | None = None
    else:
        article_number = None
        first_page = rng.randint(1, 2000)
        last_page = first_page + rng.randint(3, 20)
    pmcid = f"PMC{20_000_000 + i}" if i % 3 == 0 else None
    return _Synth(
        synthetic_doi(i), synthetic_pmid(i), pmcid, title, authors, journal, year, month, day,
        volume, issue, first_page, last_page, article_number,
    )  # fmt: skip


def _date(y: int, m: int | None = None, d: int | None = None) -> dict[str, Any]:
    parts = [p for p in (y, m, d) if p is not None]
    return {"date-parts": [parts]}


def synthetic_work(i: int) -> dict[str, Any]:
    """A realistic, distinct Crossref work message (DOI ``10.5555/asrefs.bench.{i}``)."""
    s = _synth(i)
    name, abbrev, issn, publisher, _prefix = s.journal
    online = _date(s.year, s.month, s.day)
    work: dict[str, Any] = {
        "indexed": {
            "date-parts": [[2026, 3, 18]],
            "date-time": "2026-03-18T13:02:09Z",
            "timestamp": 1773838929302,
            "version": "3.50.1",
        },
        "reference-count": 20 + i % 60,
        "publisher": publisher,
        "issue": s.issue,
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": [abbrev.replace(" ", ". ") + "." if " " in abbrev else abbrev],
        "published-print": _date(s.year, s.month),
        "DOI": s.doi,
        "type": "journal-article",
        "created": _date(s.year, s.month, s.day),
        "source": "Crossref",
        "is-referenced-by-count": (i * 37) % 400,
        "title": [s.title],
        "prefix": "10.5555",
        "volume": s.volume,
        "author": [
            {
                "given": given,
                "family": family,
                "sequence": "first" if k == 0 else "additional",
                "affiliation": [],
            }
            for k, (family, given) in enumerate(s.authors)
        ],
        "member": "7822",
        "container-title": [name],
        "language": "en",
        "deposited": _date(s.year, s.month, s.day),
        "score": 1,
        "resource": {"primary": {"URL": f"https://example.org/articles/{s.doi}"}},
        "issued": online,
        "references-count": 20 + i % 60,
        "journal-issue": {"issue": s.issue, "published-print": _date(s.year, s.month)},
        "URL": f"https://doi.org/{s.doi}",
        "relation": {},
        "ISSN": [issn],
        "issn-type": [{"type": "electronic", "value": issn}],
        "published-online": online,
        "published": online,
    }
    if s.article_number is not None:
        work["article-number"] = s.article_number
    else:
        work["page"] = f"{s.first_page}-{s.last_page}"
    return work


def synthetic_pubmed(i: int) -> str:
    """The ``<PubmedArticle>`` XML matching :func:`synthetic_work` ``(i)``."""
    s = _synth(i)
    name, abbrev, issn, _publisher, _prefix = s.journal

    def esc(t: str) -> str:
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{esc(f)}</LastName><ForeName>{esc(g)}</ForeName>'
        f"<Initials>{''.join(p[0] for p in re.split(r'[ -]', g) if p)}</Initials></Author>"
        for f, g in s.authors
    )
    if s.last_page is not None:
        pages = (
            f"<StartPage>{s.first_page}</StartPage><EndPage>{s.last_page}</EndPage>"
            f"<MedlinePgn>{s.first_page}-{s.last_page}</MedlinePgn>"
        )
    else:
        pages = f"<StartPage>{s.first_page}</StartPage><MedlinePgn>{s.first_page}</MedlinePgn>"
    pmc = f'<ArticleId IdType="pmc">{s.pmcid}</ArticleId>' if s.pmcid else ""
    return (
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{s.pmid}</PMID><Article PubModel="Print-Electronic"><Journal>'
        f'<ISSN IssnType="Electronic">{issn}</ISSN><JournalIssue CitedMedium="Internet">'
        f"<Volume>{s.volume}</Volume><Issue>{s.issue}</Issue><PubDate><Year>{s.year}</Year>"
        f"<Month>{_MONTHS[s.month - 1]}</Month></PubDate></JournalIssue>"
        f"<Title>{esc(name)}</Title><ISOAbbreviation>{esc(abbrev)}</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{esc(s.title)}.</ArticleTitle><Pagination>{pages}</Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">{s.doi}</ELocationID>'
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language>'
        '<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>'
        '</PublicationTypeList><ArticleDate DateType="Electronic">'
        f"<Year>{s.year}</Year><Month>{s.month:02d}</Month><Day>{s.day:02d}</Day>"
        "</ArticleDate></Article><MedlineJournalInfo>"
        f"<MedlineTA>{esc(abbrev)}</MedlineTA></MedlineJournalInfo></MedlineCitation>"
        "<PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{s.pmid}</ArticleId>'
        f'<ArticleId IdType="doi">{s.doi}</ArticleId>{pmc}'
        "</ArticleIdList></PubmedData></PubmedArticle>"
    )


def sample_store(
    path: str | Path = DEFAULT_REGISTRY_RECORDS,
    api_samples: str | Path | None = DEFAULT_API_SAMPLES,
) -> RecordStore:
    """A store with the sample article's works (``registry-records``) and the real
    recorded Crossref works and PubMed records of ``api-samples``. Missing folders
    are skipped."""
    store = RecordStore()
    store.load_dir(path)
    if api_samples is not None:
        store.load_dir(Path(api_samples) / "crossref")
        store.load_dir(Path(api_samples) / "pubmed")
    return store


# --------------------------------------------------------------------------------------
# Request log
# --------------------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """One request as the server saw it. ``headers`` has lower-case names; ``query``
    holds the last value of each parameter, ``query_list`` all of them in order."""

    method: str
    path: str
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]
    time: float
    raw_uri: str = ""
    query_list: list[tuple[str, str]] = field(default_factory=list)
    status: int | None = None
    fault: str | None = None


class RequestLog:
    """A thread-safe list of :class:`RecordedRequest`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def count(self, prefix: str = "") -> int:
        """How many requests have a path starting with ``prefix``."""
        with self._lock:
            return sum(1 for r in self._items if r.path.startswith(prefix))

    def matching(self, prefix: str = "") -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self._items if r.path.startswith(prefix)]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __getitem__(self, index: int) -> RecordedRequest:
        with self._lock:
            return self._items[index]


# --------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """One queued misbehaviour. Build with the :class:`FaultQueue` helpers."""

    kind: str
    status: int = 200
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str | None = None
    seconds: float = 0.0
    n_bytes: int = 0
    declare_length: bool = True


class FaultQueue:
    """Behaviours queued for requests whose path starts with a prefix.

    Each queued fault is applied to exactly one matching request, in the order they
    were queued (across prefixes: the oldest fault whose prefix matches wins); then
    normal service resumes. Every helper takes ``times`` to queue it repeatedly.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[tuple[str, Fault]] = []

    def add(self, prefix: str, fault: Fault, times: int = 1) -> None:
        with self._lock:
            self._queue.extend((prefix, fault) for _ in range(times))

    def take(self, path: str) -> Fault | None:
        with self._lock:
            for i, (prefix, fault) in enumerate(self._queue):
                if path.startswith(prefix):
                    del self._queue[i]
                    return fault
        return None

    def pending(self, prefix: str | None = None) -> int:
        with self._lock:
            return sum(1 for p, _ in self._queue if prefix is None or p == prefix)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()

    # -- helpers -----------------------------------------------------------------------

    def status(
        self,
        prefix: str,
        code: int,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer with ``code``. Without a body, an nginx-style HTML error page."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is None:
            body = html_error_page(code)
            content_type = content_type or _HTML
        fault = Fault(
            "status",
            status=code,
            body=body,
            headers=tuple((headers or {}).items()),
            content_type=content_type or "text/plain",
        )
        self.add(prefix, fault, times)

    def rate_limited(self, prefix: str, retry_after: str | None = "1", times: int = 1) -> None:
        """Crossref-style 429: HTML body and ``Retry-After`` (``None`` to omit it)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.status(prefix, 429, headers=headers, times=times)

    def ncbi_rate_limit(self, prefix: str = "/eutils", status: int = 429, times: int = 1) -> None:
        """NCBI's ``{"error":"API rate limit exceeded","count":"11"}``, with status 429
        (or 200, as has also been seen)."""
        self.add(
            prefix,
            Fault(
                "status",
                status=status,
                body=NCBI_RATE_LIMIT_BODY,
                headers=(("X-RateLimit-Remaining", "0"),),
                content_type="application/json; charset=UTF-8",
            ),
            times,
        )

    def delay(self, prefix: str, seconds: float, times: int = 1) -> None:
        """Wait ``seconds`` before answering normally."""
        self.add(prefix, Fault("delay", seconds=seconds), times)

    def drip(self, prefix: str, total_seconds: float, times: int = 1) -> None:
        """Send the normal response, its body a few bytes at a time over
        ``total_seconds`` (about 20 writes per second, so per-read timeouts of more
        than 0.05 s never fire)."""
        self.add(prefix, Fault("drip", seconds=total_seconds), times)

    def truncate(self, prefix: str, declare_length: bool = True, times: int = 1) -> None:
        """Normal status and headers, only the first half of the body, then close.

        With ``declare_length`` the ``Content-Length`` of the whole body is sent (the
        client sees an incomplete read); without it the body is sent with no length
        and the connection closed, so the client sees a short, unparseable body.
        """
        self.add(prefix, Fault("truncate", declare_length=declare_length), times)

    def html200(self, prefix: str, times: int = 1) -> None:
        """An HTML error page with status 200 and ``text/html``."""
        body = (
            b"<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title>"
            b"</head><body><h1>Service temporarily unavailable</h1><p>The server is "
            b"temporarily unable to service your request due to maintenance downtime or "
            b"capacity problems. Please try again later.</p></body></html>\n"
        )
        self.add(prefix, Fault("status", status=200, body=body, content_type=_HTML), times)

    def wrong_content_type(
        self, prefix: str, content_type: str = "text/html; charset=utf-8", times: int = 1
    ) -> None:
        """The normal response, labelled with another content type."""
        self.add(prefix, Fault("content_type", content_type=content_type), times)

    def huge(
        self,
        prefix: str,
        n_bytes: int = 50 * 1024 * 1024,
        declare_length: bool = False,
        times: int = 1,
    ) -> None:
        """A 200 response of ``n_bytes`` (default 50 MB), streamed in 64 KiB chunks,
        shaped like the route's format (one enormous title). Chunked unless
        ``declare_length``."""
        self.add(prefix, Fault("huge", n_bytes=n_bytes, declare_length=declare_length), times)

    def xml_bomb(self, prefix: str = "/eutils/efetch", times: int = 1) -> None:
        """A billion-laughs PubmedArticleSet (entity expansion to ~3 GB if parsed)."""
        self.add(prefix, Fault("status", status=200, body=_XML_BOMB, content_type=_XML), times)

    def xxe(self, prefix: str = "/eutils/efetch", times: int = 1) -> None:
        """A PubmedArticleSet whose ArticleTitle is an external entity on /etc/passwd."""
        self.add(prefix, Fault("status", status=200, body=_XXE, content_type=_XML), times)

    def reset(self, prefix: str, times: int = 1) -> None:
        """Close the connection without a response (a TCP RST after reading the
        request). The client sees a connection error."""
        self.add(prefix, Fault("reset"), times)

    def disconnect(self, prefix: str, times: int = 1) -> None:
        """Close the connection cleanly (a FIN) without sending a response."""
        self.add(prefix, Fault("disconnect"), times)

    def json_garbage(self, prefix: str, body: Any = None, times: int = 1) -> None:
        """Status 200, ``application/json``, the right envelope but missing fields,
        nulls and wrong types (chosen per route unless ``body`` is given)."""
        data = None if body is None else json.dumps(body).encode()
        self.add(prefix, Fault("json_garbage", body=data, content_type=_JSON), times)


def _xml_bomb() -> bytes:
    ents = ['<!ENTITY lol "lol">']
    prev = "lol"
    for k in range(1, 10):
        ents.append(f'<!ENTITY lol{k} "{("&" + prev + ";") * 10}">')
        prev = f"lol{k}"
    return (
        '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet [\n '
        + "\n ".join(ents)
        + '\n]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">'
        "1</PMID><Article><ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation>"
        "</PubmedArticle></PubmedArticleSet>\n"
    ).encode()


_XML_BOMB = _xml_bomb()
_XXE = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet [\n <!ENTITY xxe SYSTEM '
    b'"file:///etc/passwd">\n]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation '
    b'Status="MEDLINE" Owner="NLM"><PMID Version="1">1</PMID><Article><ArticleTitle>&xxe;'
    b"</ArticleTitle></Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId "
    b'IdType="pubmed">1</ArticleId></ArticleIdList></PubmedData></PubmedArticle>'
    b"</PubmedArticleSet>\n"
)

_GARBAGE_WORK: dict[str, Any] = {
    "DOI": None,
    "title": "not a list",
    "subtitle": [None, 7],
    "author": [{"family": None, "given": 5}, "Smith J", None, {"name": ["x"]}],
    "container-title": None,
    "short-container-title": {"oops": True},
    "issued": {"date-parts": [[None]]},
    "published-online": {"date-parts": "2020-01-01"},
    "published-print": {"date-parts": [["2020", "13", "45"]]},
    "page": 123,
    "volume": ["1"],
    "issue": {},
    "type": None,
    "updated-by": "retraction",
    "update-to": [{"DOI": None, "type": 3}],
    "relation": [],
    "ISSN": "1234-5678",
}


def _garbage_for(family: str, path: str) -> Any:
    if family == FAMILY_CROSSREF_SINGLE:
        return {"status": "ok", "message-type": "work", "message": _GARBAGE_WORK}
    if family == FAMILY_CROSSREF_LIST:
        return {
            "status": "ok",
            "message-type": "work-list",
            "message": {
                "total-results": "three",
                "items": [_GARBAGE_WORK, None, "10.1000/x", {"score": "high"}],
            },
        }
    if path.startswith("/eutils/esearch"):
        return {"header": None, "esearchresult": {"count": 2, "idlist": None, "retmax": []}}
    if family == FAMILY_IDCONV:
        return {"status": "ok", "records": [{"pmid": 12, "doi": None, "pmcid": []}, None]}
    return {"status": None, "message": None}


# --------------------------------------------------------------------------------------
# The WSGI application
# --------------------------------------------------------------------------------------

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class _Reply:
    status: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Incoming:
    method: str
    path: str
    params: dict[str, str]
    params_list: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


class RegistryApp:
    """The WSGI app. Usually used through :class:`RegistryServer`."""

    def __init__(
        self,
        store: RecordStore,
        *,
        latency: float = 0.0,
        rate_limit: float | dict[str, float] | None = None,
        concurrency_limit: int | dict[str, int] | None = None,
        seed: int = 0,
    ) -> None:
        self.store = store
        self.requests = RequestLog()
        self.faults = FaultQueue()
        self.latency = latency
        self.rate_limit = rate_limit
        self.concurrency_limit = concurrency_limit
        self.seed = seed
        self.stopping = threading.Event()
        self._rl_lock = threading.Lock()
        self._hits: dict[str, deque[float]] = {}
        self._active: dict[str, int] = {}
        # ids of sockets to close with SO_LINGER 0 (an RST) and no FIN first
        self.reset_sockets: set[int] = set()

    # -- plumbing ------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        raw_path = environ.get("PATH_INFO", "")
        try:
            path = raw_path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            path = raw_path
        query_list = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = {
            k[5:].replace("_", "-").lower(): str(v)
            for k, v in environ.items()
            if k.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        method = environ.get("REQUEST_METHOD", "GET")
        record = RecordedRequest(
            method=method,
            path=path,
            query=dict(query_list),
            body=body,
            headers=headers,
            time=time.time(),
            raw_uri=str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""),
            query_list=list(query_list),
        )
        self.requests.append(record)

        params_list = list(query_list)
        if method == "POST" and "x-www-form-urlencoded" in headers.get("content-type", ""):
            params_list += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        params: dict[str, str] = {}
        for k, v in params_list:
            if k == "filter" and k in params:
                params[k] = params[k] + "," + v
            else:
                params[k] = v
        incoming = _Incoming(method, path, params, params_list, headers, body)
        family = _family(path, params)

        # Requests in flight are counted from here until the reply is built (a
        # streamed body is not counted).
        with self._rl_lock:
            self._active[family] = self._active.get(family, 0) + 1
        try:
            limited = self._limited(family, incoming)
            if limited is not None:
                record.status = limited.status
                return self._send(limited, start_response)
            fault = self.faults.take(path)
            if fault is not None:
                record.fault = fault.kind
                if fault.kind == "reset":
                    sock = environ.get("werkzeug.socket")
                    if isinstance(sock, socket.socket):
                        linger = struct.pack("ii", 1, 0)
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                        with self._rl_lock:
                            self.reset_sockets.add(id(sock))
                    raise ConnectionAbortedError("registry_server: injected reset")
                if fault.kind == "disconnect":
                    raise ConnectionAbortedError("registry_server: injected disconnect")
            if self.latency > 0:
                time.sleep(self.latency)
            if fault is not None and fault.kind == "delay":
                time.sleep(fault.seconds)
            reply = self._route(family, incoming)
        finally:
            with self._rl_lock:
                self._active[family] -= 1

        if fault is not None and fault.kind not in ("delay", "reset", "disconnect"):
            return self._apply_fault(fault, family, incoming, reply, record, start_response)
        record.status = reply.status
        return self._send(reply, start_response)

    def _send(
        self,
        reply: _Reply,
        start_response: StartResponse,
        chunks: Iterable[bytes] | None = None,
        length: int | None = None,
    ) -> Iterable[bytes]:
        headers = [("Content-Type", reply.content_type), *reply.headers]
        if length is None and chunks is None:
            length = len(reply.body)
        if length is not None:
            headers.append(("Content-Length", str(length)))
        status = f"{reply.status} {_HTTP_REASONS.get(reply.status, 'Unknown')}"
        start_response(status, headers)
        return [reply.body] if chunks is None else chunks

    def _apply_fault(
        self,
        fault: Fault,
        family: str,
        req: _Incoming,
        reply: _Reply,
        record: RecordedRequest,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        base_headers = self._family_headers(family, req)
        if fault.kind == "status":
            out = _Reply(
                fault.status,
                fault.content_type or "text/plain",
                fault.body or b"",
                [*base_headers, *fault.headers],
            )
            record.status = out.status
            return self._send(out, start_response)
        if fault.kind == "json_garbage":
            body = fault.body or json.dumps(_garbage_for(family, req.path)).encode()
            out = _Reply(200, fault.content_type or _JSON, body, base_headers)
            record.status = 200
            return self._send(out, start_response)
        record.status = reply.status
        if fault.kind == "content_type":
            reply.content_type = fault.content_type or _HTML
            return self._send(reply, start_response)
        if fault.kind == "truncate":
            half = reply.body[: len(reply.body) // 2]
            if fault.declare_length:
                return self._send(reply, start_response, [half], len(reply.body))
            return self._send(reply, start_response, [half], None)
        if fault.kind == "drip":
            return self._send(
                reply, start_response, self._drip(reply.body, fault.seconds), len(reply.body)
            )
        if fault.kind == "huge":
            head, tail, ctype = _huge_parts(family, req.path)
            out = _Reply(200, ctype, b"", base_headers)
            n = max(fault.n_bytes, len(head) + len(tail))
            chunks = self._huge(head, tail, n)
            return self._send(out, start_response, chunks, n if fault.declare_length else None)
        raise ValueError(f"unknown fault kind {fault.kind!r}")

    def _drip(self, body: bytes, total: float) -> Iterator[bytes]:
        interval = 0.05
        n = max(1, round(total / interval))
        size = max(1, math.ceil(len(body) / n))
        pieces = [body[k : k + size] for k in range(0, len(body), size)] or [b""]
        pause = total / len(pieces)
        for piece in pieces:
            if self.stopping.wait(pause):
                return
            yield piece

    def _huge(self, head: bytes, tail: bytes, n: int) -> Iterator[bytes]:
        yield head
        remaining = n - len(head) - len(tail)
        block = b"A" * 65536
        while remaining > 0 and not self.stopping.is_set():
            k = min(remaining, len(block))
            yield block[:k]
            remaining -= k
        yield tail

    # -- limits --------------------------------------------------------------------------

    def _limit_for(self, setting: Any, family: str) -> Any:
        if setting is None:
            return None
        if isinstance(setting, dict):
            return setting.get(family)
        return setting

    def _limited(self, family: str, req: _Incoming) -> _Reply | None:
        rate = self._limit_for(self.rate_limit, family)
        conc = self._limit_for(self.concurrency_limit, family)
        if rate is None and conc is None:
            return None
        now = time.monotonic()
        with self._rl_lock:
            over = False
            if conc is not None and self._active.get(family, 0) > conc:
                over = True
            if rate is not None:
                hits = self._hits.setdefault(family, deque())
                while hits and now - hits[0] >= 1.0:
                    hits.popleft()
                if len(hits) >= rate:
                    over = True
                else:
                    hits.append(now)
        if not over:
            return None
        headers = [*self._family_headers(family, req), ("Retry-After", "1")]
        if family == FAMILY_EUTILS:
            return _Reply(429, "application/json; charset=UTF-8", NCBI_RATE_LIMIT_BODY, headers)
        return _Reply(429, _HTML, html_error_page(429), headers)

    # -- headers -------------------------------------------------------------------------

    def _family_headers(self, family: str, req: _Incoming) -> list[tuple[str, str]]:
        if family in (FAMILY_CROSSREF_SINGLE, FAMILY_CROSSREF_LIST):
            polite = "mailto:" in req.headers.get("user-agent", "").lower() or bool(
                req.params.get("mailto")
            )
            single = family == FAMILY_CROSSREF_SINGLE
            rate, conc = (
                ((10, 3) if single else (3, 3)) if polite else ((5, 1) if single else (1, 1))
            )
            configured = self._limit_for(self.rate_limit, family)
            if configured is not None:
                rate = max(1, int(configured))
            configured_c = self._limit_for(self.concurrency_limit, family)
            if configured_c is not None:
                conc = int(configured_c)
            return [
                ("server", "Jetty(9.4.40.v20210413)"),
                ("access-control-allow-origin", "*"),
                ("access-control-expose-headers", "Link"),
                ("permissions-policy", "interest-cohort=()"),
                ("vary", "Accept-Encoding"),
                ("x-api-pool", "polite" if polite else "public"),
                ("x-rate-limit-limit", str(rate)),
                ("x-rate-limit-interval", "1s"),
                ("x-concurrency-limit", str(conc)),
            ]
        if family == FAMILY_EUTILS:
            limit = 10 if req.params.get("api_key") else 3
            configured = self._limit_for(self.rate_limit, family)
            if configured is not None:
                limit = max(1, int(configured))
            return [
                ("Server", "Finatra"),
                ("X-RateLimit-Limit", str(limit)),
                ("X-RateLimit-Remaining", str(max(0, limit - 1))),
                ("Access-Control-Expose-Headers", "X-RateLimit-Limit,X-RateLimit-Remaining"),
            ]
        if family == FAMILY_IDCONV:
            return [("server", "Apache"), ("allow", "GET,OPTIONS")]
        return []

    # -- routing -------------------------------------------------------------------------

    def _route(self, family: str, req: _Incoming) -> _Reply:
        path = req.path
        headers = self._family_headers(family, req)
        if path.startswith("/crossref/"):
            reply = self._crossref(path[len("/crossref") :], req)
        elif path.startswith("/eutils/"):
            reply = self._eutils(path[len("/eutils/") :], req)
        elif path.startswith("/idconv"):
            reply = self._idconv(req)
        else:
            reply = _Reply(404, "text/plain", b"Not found.")
        reply.headers = headers + reply.headers
        return reply

    # Crossref ------------------------------------------------------------------------

    def _crossref(self, sub: str, req: _Incoming) -> _Reply:
        sub = sub.rstrip("/") if sub != "/" else sub
        if sub.startswith("/v1/"):
            sub = sub[3:]
        if sub == "/works":
            return self._crossref_list(req)
        if not sub.startswith("/works/"):
            return _Reply(404, "text/plain", CROSSREF_NOT_FOUND)
        doi = sub[len("/works/") :]
        if req.params and any(k.startswith("query") or k == "filter" for k in req.params):
            return _Reply(
                400,
                "application/json;charset=utf-8",
                _crossref_json(
                    {
                        "status": "failed",
                        "message-type": "validation-failure",
                        "message": [
                            {
                                "type": "parameter-not-allowed",
                                "value": "query.*",
                                "message": "This route does not support field query parameters",
                            }
                        ],
                    }
                ),
            )
        work = self.store.get_work(doi)
        if work is not None:
            return _Reply(
                200,
                _JSON,
                _crossref_json(
                    {
                        "status": "ok",
                        "message-type": "work",
                        "message-version": "1.0.0",
                        "message": work,
                    }
                ),
            )
        if doi.endswith("/agency"):
            target = doi[: -len("/agency")]
            agency = self.store.agency_of(target)
            if agency is None:
                return _Reply(404, "text/plain", CROSSREF_NOT_FOUND)
            return _Reply(
                200,
                _JSON,
                _crossref_json(
                    {
                        "status": "ok",
                        "message-type": "work-agency",
                        "message-version": "1.0.0",
                        "message": {
                            "DOI": target.lower(),
                            "agency": {
                                "id": agency,
                                "label": AGENCY_LABELS.get(agency, agency.title()),
                            },
                        },
                    }
                ),
            )
        return _Reply(404, "text/plain", CROSSREF_NOT_FOUND)

    def _validation_failure(self, kind: str, value: str, message: str) -> _Reply:
        return _Reply(
            400,
            "application/json;charset=utf-8",
            _crossref_json(
                {
                    "status": "failed",
                    "message-type": "validation-failure",
                    "message": [{"type": kind, "value": value, "message": message}],
                }
            ),
        )

    def _crossref_list(self, req: _Incoming) -> _Reply:
        p = req.params
        try:
            rows = int(p.get("rows", "20"))
            offset = int(p.get("offset", "0"))
        except ValueError:
            return self._validation_failure(
                "integer-not-valid", p.get("rows", ""), "Integer specified as rows is not valid"
            )
        if rows < 0 or rows > 1000:
            return self._validation_failure(
                "integer-not-valid",
                str(rows),
                f"Integer specified as {rows} but must be a positive integer less than or "
                "equal to 1000.",
            )
        # Filters: the same name repeated is an OR, different names are ANDed.
        filters: dict[str, list[str]] = {}
        for part in (p.get("filter") or "").split(","):
            if not part.strip():
                continue
            name, _, value = part.partition(":")
            filters.setdefault(name.strip(), []).append(value.strip())
        for name in filters:
            if name not in ("doi", "updates", "type", "prefix"):
                return self._validation_failure(
                    "filter-not-available",
                    name,
                    f"Filter {name} specified but there is no such filter for this route. Valid filters for this route are: doi, updates, type, prefix",  # noqa: E501
                )
        queries = {
            "all": " ".join(p.get(k, "") for k in ("query", "query.bibliographic")),
            "title": p.get("query.title", ""),
            "author": p.get("query.author", ""),
            "container-title": p.get("query.container-title", ""),
        }
        queries = {k: v for k, v in queries.items() if v.strip()}

        with self.store._lock:
            all_works = list(self.store.crossref.items())

        scored: list[tuple[float, dict[str, Any]]]
        if queries:
            scored = self.store.search_crossref(queries)
        elif "doi" in filters:
            scored = []
            seen = set()
            for d in filters["doi"]:
                w = self.store.get_work(d)
                if w is not None and _norm_doi(d) not in seen:
                    seen.add(_norm_doi(d))
                    scored.append((1.0, w))
            scored = self._reorder(scored)
        else:
            scored = [(1.0, w) for _, w in sorted(all_works)]

        def keep(w: dict[str, Any]) -> bool:
            wdoi = _norm_doi(str(w.get("DOI", "")))
            if "doi" in filters and wdoi not in {_norm_doi(d) for d in filters["doi"]}:
                return False
            if "type" in filters and w.get("type") not in filters["type"]:
                return False
            if "prefix" in filters and not any(wdoi.startswith(x + "/") for x in filters["prefix"]):
                return False
            if "updates" in filters:
                targets = {_norm_doi(d) for d in filters["updates"]}
                ups = w.get("update-to") or []
                if not any(
                    isinstance(u, dict) and _norm_doi(str(u.get("DOI", ""))) in targets for u in ups
                ):
                    return False
            return True

        scored = [(s, w) for s, w in scored if keep(w)]
        page = scored[offset : offset + rows]
        select = [s for s in (p.get("select") or "").split(",") if s]
        items = []
        for score, w in page:
            item = dict(w)
            if isinstance(item.get("DOI"), str):
                item["DOI"] = item["DOI"].lower()
            item["score"] = score if queries else 1.0
            if select:
                item = {k: v for k, v in item.items() if k in select}
            items.append(item)
        message: dict[str, Any] = {
            "facets": {},
            "total-results": len(scored),
            "items": items,
            "items-per-page": rows,
            "query": {
                "start-index": offset,
                "search-terms": queries.get("all") or None,
            },
        }
        return _Reply(
            200,
            _JSON,
            _crossref_json(
                {
                    "status": "ok",
                    "message-type": "work-list",
                    "message-version": "1.0.0",
                    "message": message,
                }
            ),
        )

    def _reorder(
        self, items: list[tuple[float, dict[str, Any]]]
    ) -> list[tuple[float, dict[str, Any]]]:
        """A fixed-seed shuffle that never returns the request order (for n >= 2)."""
        out = list(items)
        random.Random(self.seed).shuffle(out)
        if len(out) >= 2 and [id(w) for _, w in out] == [id(w) for _, w in items]:
            out = out[1:] + out[:1]
        return out

    # E-utilities ---------------------------------------------------------------------

    def _eutils(self, name: str, req: _Incoming) -> _Reply:
        if name.startswith("esearch"):
            return self._esearch(req)
        if name.startswith("efetch"):
            return self._efetch(req)
        if name.startswith("ecitmatch"):
            return self._ecitmatch(req)
        return _Reply(404, "text/html", html_error_page(404))

    def _esearch(self, req: _Incoming) -> _Reply:
        p = req.params
        term = p.get("term", "")
        try:
            retmax = int(p.get("retmax", "20"))
            retstart = int(p.get("retstart", "0"))
        except ValueError:
            retmax, retstart = 20, 0
        ids = sorted(_esearch_match(self.store, term), key=lambda x: -int(x) if x.isdigit() else 0)
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
            return _Reply(200, "application/json; charset=UTF-8", json.dumps(data).encode())
        if page:
            idlist = "<IdList>\n" + "".join(f"<Id>{i}</Id>\n" for i in page) + "</IdList>"
        else:
            idlist = "<IdList/>"
        body = (
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            f"{ESEARCH_DOCTYPE}\n"
            f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>"
            f"<RetStart>{retstart}</RetStart>{idlist}<TranslationSet/>"
            f"<QueryTranslation>{_xml_text(translation)}</QueryTranslation>"
            "</eSearchResult>\n"
        )
        return _Reply(200, _XML, body.encode())

    def _efetch(self, req: _Incoming) -> _Reply:
        raw_ids = req.params.get("id", "")
        ids = [x for x in re.split(r"[\s,]+", raw_ids) if x]
        if not ids:
            # Approximation of NCBI's answer to an empty id list.
            body = (
                '<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n'
                "\t<ERROR>Empty id list - nothing todo</ERROR>\n</eFetchResult>\n"
            )
            return _Reply(400, _XML, body.encode())
        with self.store._lock:
            articles = [self.store.pubmed[i] for i in ids if i in self.store.pubmed]
        body = (
            '<?xml version="1.0" ?>\n'
            f"{PUBMED_DOCTYPE}\n"
            "<PubmedArticleSet>\n" + "".join(a + "\n" for a in articles) + "</PubmedArticleSet>"
        )
        return _Reply(200, _XML, body.encode("utf-8"))

    def _ecitmatch(self, req: _Incoming) -> _Reply:
        bdata = req.params.get("bdata", "")
        lines = [ln for ln in re.split(r"[\r\n]+", bdata) if ln.strip()]
        out = []
        index = self.store.pubmed_index()
        for line in lines:
            fields = line.split("|")
            while len(fields) < 6:
                fields.append("")
            journal, year, volume, page, author, key = (f.strip() for f in fields[:6])
            hits = _citmatch(index, journal, year, volume, page, author)
            result = hits[0] if len(hits) == 1 else ("AMBIGUOUS" if hits else "NOT_FOUND")
            out.append(f"{journal}|{year}|{volume}|{page}|{author}|{key}|{result}")
        return _Reply(200, "text/plain; charset=UTF-8", ("\n".join(out) + "\n").encode())

    # PMC ID converter ----------------------------------------------------------------

    def _idconv(self, req: _Incoming) -> _Reply:
        p = req.params
        ids = [x.strip() for x in p.get("ids", "").split(",") if x.strip()]
        records: list[dict[str, Any]] = []
        for ident in ids:
            rec = self.store.find_pmc(ident)
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
            return _Reply(200, "application/json; charset=ISO-8859-1", body)
        parts = [
            '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<pmcids status="ok">',
            f"<request><echo>{_xml_escape(echo)}</echo></request>",
        ]
        for r in records:
            attrs = " ".join(
                f'{k}="{_xml_escape(str(v))}"' for k, v in r.items() if k != "versions"
            )
            parts.append(f"<record {attrs}></record>")
        parts.append("</pmcids>\n")
        return _Reply(
            200, "text/xml; charset=ISO-8859-1", "\n".join(parts).encode("latin-1", "replace")
        )


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _family(path: str, params: dict[str, str]) -> str:
    if path.startswith("/crossref/"):
        sub = path[len("/crossref") :].rstrip("/")
        if sub in ("/works", "/v1/works"):
            return FAMILY_CROSSREF_LIST
        return FAMILY_CROSSREF_SINGLE
    if path.startswith("/eutils/"):
        return FAMILY_EUTILS
    if path.startswith("/idconv"):
        return FAMILY_IDCONV
    return FAMILY_OTHER


def _huge_parts(family: str, path: str) -> tuple[bytes, bytes, str]:
    if family == FAMILY_CROSSREF_LIST:
        head = (
            b'{"status":"ok","message-type":"work-list","message-version":"1.0.0","message":'
            b'{"facets":{},"total-results":1,"items":[{"DOI":"10.5555\\/huge",'
            b'"type":"journal-article","score":1.0,"title":["'
        )
        return (
            head,
            b'"]}],"items-per-page":20,"query":{"start-index":0,"search-terms":null}}}',
            _JSON,
        )
    if family in (FAMILY_CROSSREF_SINGLE, FAMILY_IDCONV) or path.startswith("/eutils/esearch"):
        head = (
            b'{"status":"ok","message-type":"work","message-version":"1.0.0","message":'
            b'{"DOI":"10.5555\\/huge","type":"journal-article","title":["'
        )
        return head, b'"]}}', _JSON
    head = (
        b'<?xml version="1.0" ?>\n' + PUBMED_DOCTYPE.encode() + b"\n<PubmedArticleSet>\n"
        b'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">1'
        b"</PMID><Article><ArticleTitle>"
    )
    tail = b"</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>"
    return head, tail, _XML


_TERM_RE = re.compile(r"^\s*(?P<val>.*?)\s*\[(?P<tag>[^\]]+)\]\s*$")


def _esearch_match(store: RecordStore, term: str) -> set[str]:
    term = term.strip()
    index: dict[str, _PubmedIndex] | None = None
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


def _clause(index: dict[str, _PubmedIndex], clause: str) -> set[str]:
    m = _TERM_RE.match(clause)
    value, tag = (m.group("val"), m.group("tag").lower()) if m else (clause, "all fields")
    value = value.strip().strip('"').strip()
    if not value:
        return set()
    out: set[str] = set()
    low = value.lower()
    words = set(_tokens(value))
    for pmid, x in index.items():
        if tag in ("doi", "aid", "lid", "location id"):
            ok = any(d.lower() == low for d in x.dois)
        elif tag in ("pmid", "uid"):
            ok = pmid == value
        elif tag in ("title", "ti", "title/abstract", "tiab"):
            ok = bool(words) and words <= set(_tokens(x.title))
        elif tag in ("au", "author", "1au", "first author"):
            authors = x.authors[:1] if tag in ("1au", "first author") else x.authors
            ok = any(
                _norm_words(f"{ln} {ini}").startswith(_norm_words(value)) for ln, ini in authors
            )
        elif tag in ("ta", "journal", "jour", "jt"):
            ok = any(_norm_words(j) == _norm_words(value) for j in x.journals)
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
    index: list[_PubmedIndex], journal: str, year: str, volume: str, page: str, author: str
) -> list[str]:
    if not (journal or year or volume or page or author):
        return []
    hits = []
    for x in index:
        if journal and not any(_norm_words(j) == _norm_words(journal) for j in x.journals):
            continue
        if year and x.year != year:
            continue
        if volume and x.volume != volume:
            continue
        if page and x.first_page != page:
            continue
        if author and not any(
            _norm_words(f"{ln} {ini}").startswith(_norm_words(author)) for ln, ini in x.authors
        ):
            continue
        hits.append(x.pmid)
    return sorted(hits)


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------


class RegistryServer:
    """A threaded werkzeug server on 127.0.0.1 (a free port) serving :class:`RegistryApp`.

    ``latency`` (seconds) is added to every request. ``rate_limit`` (requests per
    second, one number for every route family or a dict keyed by family:
    ``crossref-single``, ``crossref-list``, ``eutils``, ``idconv``) makes the server
    answer 429 with ``Retry-After: 1`` beyond it; ``concurrency_limit`` does the same
    for requests in flight at once. ``seed`` fixes the order of filter batches.
    """

    def __init__(
        self,
        store: RecordStore | None = None,
        *,
        latency: float = 0.0,
        rate_limit: float | dict[str, float] | None = None,
        concurrency_limit: int | dict[str, int] | None = None,
        seed: int = 0,
    ) -> None:
        self.store = store if store is not None else RecordStore()
        self.app = RegistryApp(
            self.store,
            latency=latency,
            rate_limit=rate_limit,
            concurrency_limit=concurrency_limit,
            seed=seed,
        )
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    # Live settings, forwarded to the app.
    @property
    def requests(self) -> RequestLog:
        return self.app.requests

    @property
    def faults(self) -> FaultQueue:
        return self.app.faults

    @property
    def latency(self) -> float:
        return self.app.latency

    @latency.setter
    def latency(self, value: float) -> None:
        self.app.latency = value

    @property
    def rate_limit(self) -> float | dict[str, float] | None:
        return self.app.rate_limit

    @rate_limit.setter
    def rate_limit(self, value: float | dict[str, float] | None) -> None:
        self.app.rate_limit = value

    @property
    def concurrency_limit(self) -> int | dict[str, int] | None:
        return self.app.concurrency_limit

    @concurrency_limit.setter
    def concurrency_limit(self, value: int | dict[str, int] | None) -> None:
        self.app.concurrency_limit = value

    def start(self) -> RegistryServer:
        if self._server is not None:
            return self
        from werkzeug.serving import WSGIRequestHandler, make_server

        class _QuietHandler(WSGIRequestHandler):
            def send_header(self, keyword: str, value: str) -> None:
                # Drop werkzeug's own Server header; the routes send the registry's.
                if keyword.lower() == "server" and value.startswith("Werkzeug"):
                    return
                super().send_header(keyword, value)

            def log(self, type: str, message: str, *args: Any) -> None:
                return None

            def connection_dropped(
                self, error: BaseException, environ: dict[str, Any] | None = None
            ) -> None:
                self.close_connection = True

        self.app.stopping.clear()
        self._server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler
        )
        self.port = int(self._server.server_port)
        # socketserver shuts a connection down (a FIN) before closing it; for an
        # injected reset skip that, so the close with SO_LINGER 0 sends an RST.
        plain_shutdown = self._server.shutdown_request
        app = self.app

        def shutdown_request(request: socket.socket) -> None:
            with app._rl_lock:
                reset = id(request) in app.reset_sockets
                app.reset_sockets.discard(id(request))
            if reset:
                request.close()
            else:
                plain_shutdown(request)

        self._server.shutdown_request = shutdown_request
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="registry-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.app.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> RegistryServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def crossref_url(self) -> str:
        return f"{self.url}/crossref"

    @property
    def pubmed_url(self) -> str:
        return f"{self.url}/eutils"

    @property
    def idconv_url(self) -> str:
        return f"{self.url}/idconv/"
