"""OpenAlex: an open index of scholarly works, asked as a second source. Fetching works
by DOI (one, or many in one filter request) and by title, and parsing a work into a
Record.

``GET {openalex_url}/works/doi:{doi}`` answers one DOI (an unknown DOI is a 404 whose
body is an HTML page, not JSON); ``GET /works?filter=doi:A|B|C&per-page=N`` answers up
to 50 at once, in its own order, leaving out the DOIs it does not hold;
``GET /works?filter=title.search:…`` finds works by the words of a title;
``GET /works/W2741809807`` answers one OpenAlex work id. OpenAlex lower-cases DOIs, so
answers are matched to the keys asked without regard to case. A work OpenAlex holds
without a DOI (many conference papers published on their own sites) is named by its
work id: the Record's ``openalex`` (its ``identifier`` too, when there is no DOI).

OpenAlex charges each request against a daily allowance (singletons free, lists and
title searches a list call each) and asks for an API key (``openalex_key``): without
one it is not asked at all (``idle``). It is asked only where the others found nothing:
for a DOI that Crossref and DataCite do not hold (not found, or registered with an
agency asrefs cannot ask), and for a reference without identifiers that Crossref's
search did not find. Requests carry ``mailto`` as Crossref's do, under a limiter at
the published 10 requests per second, lowered by the ``RateLimit-*`` headers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from asrefs.config import Options
from asrefs.errors import BadResponse, Unavailable
from asrefs.http import HttpClient, Response, header_float
from asrefs.models import Author, Identifier, Record, Reference, Update
from asrefs.parse.identifiers import normalize_openalex
from asrefs.registries.base import NOT_FOUND_PAYLOAD, Answer, Registry, connected, json_body
from asrefs.registries.crossref import clean_text, doi_path
from asrefs.registries.datacite import given_family, trusted_year
from asrefs.text import has_cjk

BATCH_SIZE = 50  # DOIs OR-ed in one filter (OpenAlex's documented most)
RATE = 10.0  # requests per second, as OpenAlex publishes
SEARCH_ROWS = 5
NO_KEY = "no OpenAlex API key (openalex-key, ASREFS_OPENALEX_KEY or --openalex-key)"
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NOT_FILTERABLE = re.compile(r"[|,]")  # would split a filter value
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# OpenAlex's work types -> the Crossref-style type the rest of asrefs reads (a
# ``type_crossref``, where the record still has one, is taken as it is).
TYPES = {
    "article": "journal-article",
    "review": "journal-article",
    "letter": "journal-article",
    "editorial": "journal-article",
    "erratum": "journal-article",
    "retraction": "journal-article",
    "preprint": "posted-content",
    "book": "book",
    "book-chapter": "book-chapter",
    "dataset": "dataset",
    "dissertation": "dissertation",
    "report": "report",
    "standard": "standard",
    "peer-review": "peer-review",
    "reference-entry": "reference-entry",
    "paratext": "other",
    "other": "other",
}


class OpenAlexClient:
    def __init__(self, options: Options, http: HttpClient, key: str) -> None:
        self.http = http
        self.base_url = options.openalex_url.rstrip("/")
        self.params = {"api_key": key, **({"mailto": options.mailto} if options.mailto else {})}
        self.limiter = http.limiter("openalex", options.openalex_rate or RATE, 2)

    def _get(self, url: str, params: dict[str, str]) -> Response:
        resp = self.http.fetch(
            "GET", url, params={**params, **self.params}, limiter=self.limiter,
            registry="OpenAlex", allow=(403, 404),
        )  # fmt: skip
        self._adapt(resp)
        if resp.status == 403:  # OpenAlex's answer to too many requests, or to a bad key
            raise Unavailable("OpenAlex: refused (HTTP 403: rate limit or API key)")
        return resp

    def _adapt(self, resp: Response) -> None:
        """Follow the ``RateLimit-*`` headers: a lower limit, and a pause when none is left."""
        self.limiter.adapt(header_float(resp.headers, "ratelimit-limit"), 1.0)
        if header_float(resp.headers, "ratelimit-remaining") == 0:
            self.limiter.pause(header_float(resp.headers, "ratelimit-reset") or 1.0)

    def fetch_doi(self, doi: str) -> Answer:
        """OpenAlex's answer for one DOI: 200 with its work, or 404."""
        url = f"{self.base_url}/works/doi:{doi_path(doi)}"
        resp = self._get(url, {})
        if resp.status == 404:
            return Answer(404, NOT_FOUND_PAYLOAD, url)
        work(json_body(resp.text, "OpenAlex"))  # an answer that is not a work is not cached
        return Answer(200, resp.text, url)

    def fetch_work(self, work_id: str) -> Answer:
        """OpenAlex's answer for one work id ("W2741809807"): 200 with its work, or 404."""
        url = f"{self.base_url}/works/{work_id}"
        resp = self._get(url, {})
        if resp.status == 404:
            return Answer(404, NOT_FOUND_PAYLOAD, url)
        work(json_body(resp.text, "OpenAlex"))
        return Answer(200, resp.text, url)

    def fetch_dois(self, dois: list[str]) -> dict[str, Answer]:
        """Answers for ``dois`` (none containing "|" or ",") in one filter request."""
        url = f"{self.base_url}/works"
        filter_ = "doi:" + "|".join(dois)
        resp = self._get(url, {"filter": filter_, "per-page": str(len(dois))})
        if resp.status == 404:
            raise BadResponse("OpenAlex: the work list route was not found (HTTP 404)")
        found = {work_doi(w): w for w in results(json_body(resp.text, "OpenAlex"))}
        return {
            doi: Answer(200, json.dumps(found[doi.lower()], ensure_ascii=False), resp.url)
            if doi.lower() in found
            else Answer(404, NOT_FOUND_PAYLOAD, resp.url)
            for doi in dois
        }

    def search_title(self, words: str) -> Answer:
        """Works whose titles hold the words of ``words``, best first."""
        url = f"{self.base_url}/works"
        resp = self._get(url, {"filter": f"title.search:{words}", "per-page": str(SEARCH_ROWS)})
        if resp.status == 404:
            raise BadResponse("OpenAlex: the work list route was not found (HTTP 404)")
        results(json_body(resp.text, "OpenAlex"))  # a list without results is not cached
        return Answer(200, resp.text, resp.url)


def work(data: Any) -> dict[str, Any]:
    """A work object (one with an OpenAlex ``id``); BadResponse for anything else."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise BadResponse("OpenAlex: the answer is not a work")
    return data


def results(data: Any) -> list[dict[str, Any]]:
    """The works of a list answer; BadResponse when it has no ``results`` list."""
    items = data.get("results") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BadResponse("OpenAlex: the work list has no results")
    return [w for w in items if isinstance(w, dict) and isinstance(w.get("id"), str)]


def work_doi(item: dict[str, Any]) -> str:
    """A work's DOI, lower-case, without the ``https://doi.org/`` OpenAlex writes."""
    value = item.get("doi")
    return _DOI_URL.sub("", value).strip().lower() if isinstance(value, str) else ""


def title_words(ref: Reference) -> str | None:
    """What a title search asks for a reference: the words of its printed title (at
    least three, or one CJK title), without the punctuation a filter would misread."""
    if not ref.title:
        return None
    words = _WORD.findall(ref.title)
    if len(words) < 3 and not (words and has_cjk(ref.title)):
        return None
    return " ".join(words)[:500]


# --- parsing -----------------------------------------------------------------------
def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _author(authorship: dict[str, Any]) -> Author | None:
    """One author from an authorship: the name as the source printed it
    (``raw_author_name``), else OpenAlex's ``display_name``."""
    name = clean_text(authorship.get("raw_author_name")) or clean_text(
        _object(authorship.get("author")).get("display_name")
    )
    if not name:
        return None
    if has_cjk(name):  # family name first: "宮地 元彦"
        family, _, given = name.partition(" ")
        return Author(family, given.strip())
    if "," in name:  # "Bran, Andres M"
        family, _, given = name.partition(",")
        return Author(family.strip(), given.strip())
    return given_family(name)


def _dates(item: dict[str, Any]) -> tuple[int | None, list[tuple[str, str]]]:
    """(year, dates). A ``publication_date`` of 1 January is what OpenAlex writes for a
    source that gives only the year, so it counts as the year alone."""
    year = item.get("publication_year")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    value = item.get("publication_date")
    m = _DATE.match(value) if isinstance(value, str) else None
    if m and trusted_year(int(m.group(1))):
        year = year or int(m.group(1))
        date = m.group(1) if m.group(2, 3) == ("01", "01") else value
        return year, [("issued", str(date))]
    if year is not None and not trusted_year(year):
        year = None
    return year, [("issued", str(year))] if year else []


def _pages(biblio: dict[str, Any]) -> str | None:
    first, last = clean_text(biblio.get("first_page")), clean_text(biblio.get("last_page"))
    if first and last and first != last:
        return f"{first}-{last}"
    return first or last


def _ids(item: dict[str, Any]) -> tuple[str | None, str | None]:
    """(pmid, pmcid) from ``ids``, where OpenAlex writes them as URLs."""
    ids = _object(item.get("ids"))
    pmid = re.search(r"(\d+)/?$", str(ids.get("pmid") or ""))
    pmcid = re.search(r"(?:PMC)?(\d+)/?$", str(ids.get("pmcid") or ""))
    return (pmid.group(1) if pmid else None, f"PMC{pmcid.group(1)}" if pmcid else None)


def _type(item: dict[str, Any], source: dict[str, Any]) -> str | None:
    if isinstance(item.get("type_crossref"), str):
        return str(item["type_crossref"])
    kind = TYPES.get(str(item.get("type")))
    if kind == "journal-article" and source.get("type") == "conference":
        return "proceedings-article"
    return kind


def _abstract(index: Any) -> str | None:
    """The abstract from OpenAlex's inverted index (word -> positions)."""
    if not isinstance(index, dict) or not index:
        return None
    placed = [
        (pos, word)
        for word, positions in index.items()
        if isinstance(positions, list)
        for pos in positions
        if isinstance(pos, int)
    ]
    return " ".join(word for _, word in sorted(placed)) or None


def parse_work(item: Any, identifier: Identifier | None = None) -> Record:
    """A Record from an OpenAlex work; a field missing, null, empty or of the wrong
    type is unknown (a work whose only title is in another language has title "")."""
    item = work(item)
    location = _object(item.get("primary_location"))
    source = _object(location.get("source"))
    biblio = _object(item.get("biblio"))
    doi = work_doi(item)
    if identifier is not None and identifier.kind == "doi" and identifier.value.lower() == doi:
        doi = identifier.value  # the DOI as asked: OpenAlex lower-cases them
    year, dates = _dates(item)
    pmid, pmcid = _ids(item)
    issn = source.get("issn")
    authors = (_author(a) for a in item.get("authorships") or [] if isinstance(a, dict))
    repository = source.get("type") == "repository"  # arXiv, a preprint server
    work_id = normalize_openalex(str(item["id"]))
    own = Identifier("doi", doi) if doi or not work_id else Identifier("openalex", work_id)
    return Record(
        source="openalex",
        identifier=identifier or own,
        title=clean_text(item.get("title")) or clean_text(item.get("display_name")),
        authors=tuple(a for a in authors if a is not None),
        journal=None if repository else clean_text(source.get("display_name")),
        issn=tuple(i for i in issn if isinstance(i, str)) if isinstance(issn, list) else (),
        publisher=clean_text(source.get("host_organization_name")),
        type=_type(item, source),
        year=year,
        dates=tuple(dates),
        volume=clean_text(biblio.get("volume")),
        issue=clean_text(biblio.get("issue")),
        pages=_pages(biblio),
        doi=doi or None,
        pmid=pmid,
        pmcid=pmcid,
        arxiv=doi[len("10.48550/arxiv.") :] if doi.lower().startswith("10.48550/arxiv.") else None,
        updates=(Update("retraction", source="openalex"),)
        if item.get("is_retracted") is True
        else (),
        abstract=_abstract(item.get("abstract_inverted_index")),
        url=clean_text(location.get("landing_page_url")) or str(item["id"]),
        openalex=work_id,
    )


# --- the registry ------------------------------------------------------------------
class OpenAlex(Registry):
    """OpenAlex as the resolver asks it: DOIs the others do not hold, 50 to a request
    (one alone by the free singleton route), and titles Crossref's search did not find."""

    name = "openalex"
    label = "OpenAlex"
    kind = "doi"
    folder = "work"
    not_found = "OpenAlex does not hold this DOI"
    fallback = True
    searches = True
    batch_size = BATCH_SIZE
    workers = 2

    def __init__(self, options: Options, http: HttpClient | None) -> None:
        key = options.openalex_key
        self.idle = "" if key else NO_KEY
        self.client = OpenAlexClient(options, http, key) if http and key else None

    def batchable(self, key: str) -> bool:
        return not _NOT_FILTERABLE.search(key)

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        client = connected(self.client, self.label)
        if len(keys) == 1:  # the singleton route is free; a list costs a list call
            return {keys[0]: client.fetch_doi(keys[0])}
        return client.fetch_dois(keys)

    def fetch_one(self, key: str) -> Answer:
        return connected(self.client, self.label).fetch_doi(key)

    def parse(self, payload: str, identifier: Identifier) -> Record:
        return parse_work(json_body(payload, "OpenAlex"), identifier)

    def search(self, query: str, author: str | None = None, year: int | None = None) -> Answer:
        """The title search (``query`` is the title's words; the fields are not used)."""
        return connected(self.client, self.label).search_title(query)

    def search_terms(self, ref: Reference) -> str | None:
        return title_words(ref)

    def parse_search(self, payload: str) -> list[Record]:
        records = []
        for item in results(json_body(payload, "OpenAlex")):
            try:
                records.append(parse_work(item))
            except BadResponse:
                continue
        return records


class OpenAlexWorks(OpenAlex):
    """OpenAlex asked by its own work ids ("W2741809807"), as ``asrefs resolve`` is given
    them; not a second source: a work id only OpenAlex can answer."""

    kind = "openalex"
    folder = "id"
    not_found = "OpenAlex holds no work with this id"
    fallback = False
    searches = False
    batch_size = 1

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        return {key: self.fetch_one(key) for key in keys}

    def fetch_one(self, key: str) -> Answer:
        return connected(self.client, self.label).fetch_work(key)
