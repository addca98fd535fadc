"""What the fake registries hold: Crossref works, PubMed articles, DataCite records, arXiv
entries, registration agencies and PMC ID mappings, with the indexes the routes search;
and the store of recorded responses the tests use (``sample_store``)."""

from __future__ import annotations

import json
import math
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standin.matching import norm_doi, tokens
from standin.synthetic import synthetic_pmid, synthetic_pubmed, synthetic_work

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"
DEFAULT_REGISTRY_RECORDS = RECORDINGS / "registry-records"
DEFAULT_API_SAMPLES = RECORDINGS / "api-samples"


@dataclass
class PubmedIndex:
    """The fields of one PubMed article that ESearch and ECitMatch match on."""

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


ARTICLE_RE = re.compile(r"<(PubmedArticle|PubmedBookArticle)\b.*?</\1>", re.DOTALL)
ENTRY_RE = re.compile(r"<entry\b.*?</entry>", re.DOTALL)
ARXIV_ABS_RE = re.compile(r"<id>https?://arxiv\.org/abs/([^<]+)</id>")
VERSION_RE = re.compile(r"v[0-9]+$")


class RecordStore:
    """What the fake registries hold.

    ``crossref`` maps lower-cased DOIs to Crossref work messages; ``pubmed`` maps
    PMIDs to the XML text of one ``<PubmedArticle>``; ``agencies`` maps lower-cased
    DOIs to a registration agency id for DOIs that are not in Crossref; ``pmc`` maps
    PMCIDs to :class:`PmcRecord`; ``datacite`` maps lower-cased DOIs to DataCite's JSON:API
    document; ``arxiv`` maps arXiv ids with their version to one Atom ``<entry>``;
    ``openalex`` maps lower-cased DOIs to OpenAlex works, ``openalex_ids`` every work's
    id ("W…") to it (a work without a DOI is held only there).
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.crossref: dict[str, dict[str, Any]] = {}
        self.pubmed: dict[str, str] = {}
        self.agencies: dict[str, str] = {}
        self.pmc: dict[str, PmcRecord] = {}
        self.datacite: dict[str, dict[str, Any]] = {}
        self.arxiv: dict[str, str] = {}
        self.openalex: dict[str, dict[str, Any]] = {}
        self.openalex_ids: dict[str, dict[str, Any]] = {}  # "W…" -> work
        self._pm_index: dict[str, PubmedIndex] = {}
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
            key = norm_doi(doi)
            self.crossref[key] = message
            self._cr_tokens.pop(key, None)
            self._df_cache = None
        return doi

    def set_agency(self, doi: str, agency_id: str) -> None:
        """Register a DOI with another agency (``datacite``, ``medra``, ``cnki``, …)."""
        with self._lock:
            self.agencies[norm_doi(doi)] = agency_id

    def agency_of(self, doi: str) -> str | None:
        key = norm_doi(doi)
        with self._lock:
            if key in self.crossref:
                return "crossref"
            if key in self.datacite:
                return "datacite"
            return self.agencies.get(key)

    def get_work(self, doi: str) -> dict[str, Any] | None:
        with self._lock:
            return self.crossref.get(norm_doi(doi))

    def all_works(self) -> list[tuple[str, dict[str, Any]]]:
        """Every work with its key, in insertion order."""
        with self._lock:
            return list(self.crossref.items())

    # -- DataCite and arXiv -------------------------------------------------------------

    def add_datacite_record(self, document: dict[str, Any]) -> str:
        """Add DataCite's answer for one DOI (``{"data": {"attributes": {"doi": …}}}``)."""
        doi = document["data"]["attributes"]["doi"]
        with self._lock:
            self.datacite[norm_doi(doi)] = document
        return str(doi)

    def get_datacite(self, doi: str) -> dict[str, Any] | None:
        with self._lock:
            return self.datacite.get(norm_doi(doi))

    def add_arxiv_feed(self, xml: str) -> list[str]:
        """Add every arXiv entry of an Atom feed (not the API's error entries); returns
        their ids, with versions."""
        added = []
        for match in ENTRY_RE.finditer(xml):
            ident = ARXIV_ABS_RE.search(match.group(0))
            if ident:
                with self._lock:
                    self.arxiv[ident.group(1)] = match.group(0)
                added.append(ident.group(1))
        return added

    def get_arxiv(self, ident: str) -> str | None:
        """The entry for ``ident``: that version, or the latest held for an id without one."""
        with self._lock:
            if ident in self.arxiv or VERSION_RE.search(ident):
                return self.arxiv.get(ident)
            held = [k for k in self.arxiv if VERSION_RE.sub("", k) == ident]
            return self.arxiv[max(held, key=_version_number)] if held else None

    # -- OpenAlex ----------------------------------------------------------------------

    def add_openalex_work(self, work: dict[str, Any]) -> str:
        """Add one OpenAlex work, keyed by its work id and by its DOI (which OpenAlex
        writes as a URL) when it has one; returns the DOI, or "" for a work without."""
        doi = re.sub(r"^https?://doi\.org/", "", str(work.get("doi") or ""))
        with self._lock:
            self.openalex_ids[str(work["id"]).rsplit("/", 1)[-1].upper()] = work
            if doi:
                self.openalex[norm_doi(doi)] = work
        return doi

    def get_openalex(self, doi: str) -> dict[str, Any] | None:
        with self._lock:
            return self.openalex.get(norm_doi(doi))

    def get_openalex_id(self, work_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self.openalex_ids.get(work_id.upper())

    def openalex_works(self) -> list[dict[str, Any]]:
        """Every work held, once (by work id)."""
        with self._lock:
            return list(self.openalex_ids.values())

    def load_openalex(self, path: str | Path) -> int:
        """Every OpenAlex work of the recorded answers under ``path`` (single works and
        the results of lists); returns how many."""
        n = 0
        for p in sorted(Path(path).glob("*.json")) if Path(path).is_dir() else []:
            data = json.loads(p.read_text(encoding="utf-8"))
            for work in data.get("results", [data]):
                if isinstance(work.get("doi"), str):
                    self.add_openalex_work(work)
                    n += 1
        return n

    # -- PubMed ------------------------------------------------------------------------

    def add_pubmed_article(self, pmid: str | None, xml: str) -> list[str]:
        """Add one ``<PubmedArticle>`` (or every article of a ``<PubmedArticleSet>``).

        With a single article, ``pmid`` (if given) is the key; articles split out of a
        set are keyed by their own ``<PMID>``. Returns the PMIDs added.
        """
        articles = [m.group(0) for m in ARTICLE_RE.finditer(xml)]
        if not articles:
            raise ValueError("no <PubmedArticle> element in the XML")
        added: list[str] = []
        for article in articles:
            index = index_pubmed(article)
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

    def pubmed_index(self) -> list[PubmedIndex]:
        with self._lock:
            return list(self._pm_index.values())

    def articles(self, pmids: list[str]) -> list[str]:
        """The XML of the articles held for ``pmids``, in that order."""
        with self._lock:
            return [self.pubmed[i] for i in pmids if i in self.pubmed]

    def find_pmc(self, ident: str) -> PmcRecord | None:
        """The mapping for a PMCID (``PMC…``), a PMID (digits) or a DOI."""
        ident = ident.strip()
        with self._lock:
            if ident.upper().startswith("PMC"):
                return self.pmc.get(ident.upper())
            for rec in self.pmc.values():
                if ident.isdigit() and rec.pmid == ident:
                    return rec
                if rec.doi and norm_doi(rec.doi) == norm_doi(ident):
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
            else:
                n += self._load_other(p)
        return n

    def _load_other(self, p: Path) -> int:
        """A DataCite record (``dois_*.json``), an arXiv feed (``query_*.xml``) or a
        Crossref agency answer (``agency_*.json``); returns the records added."""
        if p.suffix == ".json" and p.name.startswith(("dois_", "agency_")):
            data = json.loads(p.read_text(encoding="utf-8"))
            if p.name.startswith("dois_") and isinstance(data.get("data"), dict):
                self.add_datacite_record(data)
                return 1
            message = data.get("message") if p.name.startswith("agency_") else None
            if isinstance(message, dict) and message["agency"]["id"] != "crossref":
                self.set_agency(message["DOI"], message["agency"]["id"])
        elif p.suffix == ".xml" and p.name.startswith("query_"):
            return len(self.add_arxiv_feed(p.read_text(encoding="utf-8")))
        return 0

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
            "title": frozenset(tokens(title)),
            "author": frozenset(tokens(" ".join(authors))),
            "container-title": frozenset(tokens(journal)),
            "other": frozenset(tokens(f"{year or ''} {other}")),
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
        parsed = {f: set(tokens(q)) for f, q in queries.items() if q.strip()}
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


def _version_number(ident: str) -> int:
    return int(ident.rsplit("v", 1)[1])


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


def index_pubmed(article_xml: str) -> PubmedIndex:
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
    words = frozenset(tokens(" ".join([title, *journals, year, *(" ".join(a) for a in authors)])))
    return PubmedIndex(pmid, dois, pmcid, title, journals, year, volume, first_page, authors, words)


def sample_store(
    path: str | Path = DEFAULT_REGISTRY_RECORDS,
    api_samples: str | Path | None = DEFAULT_API_SAMPLES,
) -> RecordStore:
    """A store with the sample article's works (``registry-records``) and the real
    recorded Crossref works, PubMed records, DataCite records, arXiv entries, Crossref
    agency answers and OpenAlex works of ``api-samples``. Missing folders are skipped."""
    store = RecordStore()
    store.load_dir(path)
    if api_samples is not None:
        for folder in ("crossref", "pubmed", "datacite", "arxiv", "crossref-agency"):
            store.load_dir(Path(api_samples) / folder)
        store.load_openalex(Path(api_samples) / "openalex")
    return store
