"""Crossref: the registry of DOIs. Fetching works (batched, single, agency,
bibliographic search) and parsing a work message into a Record.

Which calls go through habanero and which through requests, and why:
- habanero (``Crossref(base_url, mailto, timeout)``): ``/works/{doi}`` for a DOI that cannot
  go in a filter list (it contains a comma) or that a batch did not return,
  ``/works/{doi}/agency``, and ``/works?query.bibliographic=…``. habanero's timeout is per
  read, so each call runs under an overall deadline (``http.run_with_deadline``), and its
  errors (httpx2 exceptions, RequestError, RuntimeError) are translated here.
- requests: ``/works?filter=doi:…,doi:…&rows=N``, the batch route that carries almost all
  traffic. habanero exposes neither the response headers (the list route's limit is the
  tightest, 1–3 requests/s, so asrefs adapts to ``x-rate-limit-*`` there) nor a cap on
  the body size (a 1,000-row page can be large), and the call must be abandoned cleanly
  when a response drips past the deadline.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from asrefs.config import Options
from asrefs.dates import month_number
from asrefs.errors import BadResponse, NotFound, RegistryError, Unavailable
from asrefs.http import (
    HttpClient,
    RateLimiter,
    parse_interval,
    parse_retry_after,
    run_with_deadline,
)
from asrefs.models import Author, Identifier, Record, Update
from asrefs.registries.base import NOT_FOUND_PAYLOAD, Answer, Registry, connected, json_body

T = TypeVar("T")


def published_limits(polite: bool) -> tuple[tuple[float, int], tuple[float, int]]:
    """((single rate, concurrency), (list rate, concurrency)) as published since Dec 2025."""
    return ((10.0, 3), (3.0, 1)) if polite else ((5.0, 1), (1.0, 1))


class CrossrefClient:
    """Crossref REST API access with asrefs's limits, deadlines and error translation."""

    def __init__(self, options: Options, http: HttpClient) -> None:
        self.options = options
        self.http = http
        self.base_url = options.crossref_url.rstrip("/")
        (single_rate, single_conc), (list_rate, list_conc) = published_limits(bool(options.mailto))
        if options.crossref_rate:
            single_rate = list_rate = options.crossref_rate
        self.single = http.limiter("crossref-single", single_rate, single_conc)
        self.list = http.limiter("crossref-list", list_rate, list_conc)

    @functools.cached_property
    def hab(self) -> Any:
        """habanero's client, made at its first request: importing habanero pulls
        httpx2 and tqdm, which a run whose answers are all in the store does not need."""
        from habanero import Crossref

        return Crossref(
            base_url=self.base_url,
            mailto=self.options.mailto,
            ua_string=f"asrefs/{_version()}",
            timeout=self.options.timeout,
        )

    # --- requests: the batch route ---------------------------------------------------
    def batch_url(self, dois: list[str]) -> tuple[str, dict[str, str]]:
        params = {"filter": ",".join(f"doi:{d}" for d in dois), "rows": str(len(dois))}
        if self.options.mailto:
            params["mailto"] = self.options.mailto
        return f"{self.base_url}/works", params

    def fetch_batch(self, dois: list[str]) -> tuple[dict[str, dict[str, Any]], str]:
        """Works for ``dois`` (none containing a comma) in one request, keyed by lower-case
        DOI; DOIs Crossref does not hold are simply absent. Returns (works, url)."""
        url, params = self.batch_url(dois)
        resp = self.http.fetch("GET", url, params=params, limiter=self.list, registry="Crossref")
        self.list.adapt(
            _num(resp.headers.get("x-rate-limit-limit")),
            parse_interval(resp.headers.get("x-rate-limit-interval")),
        )
        data = json_body(resp.text, "Crossref")
        message = data.get("message") if isinstance(data, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        if not isinstance(items, list):
            raise BadResponse("Crossref: the work list has no items")
        wanted = {d.lower() for d in dois}
        out: dict[str, dict[str, Any]] = {}
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("DOI"), str):
                doi = item["DOI"].lower()
                if doi in wanted:
                    out[doi] = item
        return out, resp.url

    # --- habanero: single work, agency, search --------------------------------------
    def fetch_work(self, doi: str) -> dict[str, Any]:
        """The work message for one DOI; raises NotFound on 404."""
        encoded = doi_path(doi)
        data = self._habanero(lambda: self.hab.works(ids=encoded), self.single, "Crossref")
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            raise BadResponse("Crossref: the work has no message")
        return message

    def fetch_agency(self, doi: str) -> str:
        """The registration agency id of a DOI (crossref, datacite, medra, …)."""
        encoded = doi_path(doi)
        labels = self._habanero(
            lambda: self.hab.registration_agency(ids=encoded), self.single, "Crossref"
        )
        if not isinstance(labels, list) or not labels or not isinstance(labels[0], str):
            raise BadResponse("Crossref: the agency answer has no agency")
        return labels[0].strip().lower()

    def search(
        self, query: str, rows: int = 5, author: str | None = None, year: int | None = None
    ) -> list[dict[str, Any]]:
        """Works matching a bibliographic query, best first (each with a "score");
        ``author`` goes in ``query.author``, ``year`` in a publication-date filter of one
        year either side."""
        fields: dict[str, Any] = {"query_bibliographic": query[:1000], "limit": rows}
        if author:
            fields["query_author"] = author[:200]
        if year:
            fields["filter"] = {"from_pub_date": str(year - 1), "until_pub_date": str(year + 1)}
        data = self._habanero(lambda: self.hab.works(**fields), self.list, "Crossref")
        message = data.get("message") if isinstance(data, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        if not isinstance(items, list):
            raise BadResponse("Crossref: the search answer has no items")
        return [i for i in items if isinstance(i, dict)]

    def _habanero(self, call: Callable[[], T], limiter: RateLimiter, registry: str) -> T:
        self.http.check_deadline(registry)
        with (
            limiter.slot(self.http.run_deadline, registry),
            self.http.in_flight.request(self.base_url),
        ):
            self.http.count_request()
            try:
                return run_with_deadline(
                    lambda: translate_habanero(call, registry),
                    self.http.body_deadline(),
                    registry,
                )
            except Unavailable as exc:
                if exc.retry_after is not None or "429" in str(exc):
                    limiter.pause(exc.retry_after or 1.0)
                raise


def doi_path(doi: str) -> str:
    """A DOI as it goes in a URL path: percent-encoded, with the slashes kept, and any
    "." or ".." segment encoded so that no client resolves it ("10.1234/../../x" must
    ask for that DOI, not for a path outside /works/)."""
    segments = quote(doi, safe="/:;()<>[]-._").split("/")
    return "/".join(
        segment.replace(".", "%2E") if segment in (".", "..") else segment for segment in segments
    )


def _version() -> str:
    from asrefs import __version__

    return __version__


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def translate_habanero(call: Callable[[], T], registry: str) -> T:
    """Run a habanero call, turning every library error into a RegistryError."""
    import httpx2
    from habanero.exceptions import RequestError

    try:
        return call()
    except httpx2.HTTPStatusError as exc:
        raise _status_error(exc.response.status_code, exc.response.headers, registry) from exc
    except RequestError as exc:
        status = int(exc.status_code) if str(exc.status_code).isdigit() else 0
        if status == 200:
            raise BadResponse(f"{registry}: the answer is not JSON") from exc
        raise _status_error(status, {}, registry) from exc
    except httpx2.TimeoutException as exc:
        raise Unavailable(f"{registry}: no answer in time") from exc
    except (httpx2.HTTPError, RuntimeError, OSError) as exc:
        raise Unavailable(f"{registry}: connection failed ({type(exc).__name__})") from exc
    except ValueError as exc:  # JSON decoding of a truncated or non-JSON body
        raise BadResponse(f"{registry}: the answer is not valid JSON") from exc
    except (KeyError, TypeError, IndexError, AttributeError) as exc:  # habanero reading odd JSON
        raise BadResponse(f"{registry}: the answer lacks the expected fields") from exc


def _status_error(status: int, headers: Any, registry: str) -> RegistryError:
    if status == 404:
        return NotFound(f"{registry}: not found")
    retry_after = parse_retry_after(headers.get("retry-after") if headers else None)
    if status == 429:
        return Unavailable(f"{registry}: rate limited (HTTP 429)", retry_after=retry_after)
    if status >= 500 or status == 0:
        return Unavailable(f"{registry}: server error (HTTP {status})", retry_after=retry_after)
    error = BadResponse(f"{registry}: request refused (HTTP {status})")
    error.retryable = False  # type: ignore[attr-defined]
    return error


# --- parsing -----------------------------------------------------------------------
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def clean_text(value: Any) -> str | None:
    """Text without JATS/HTML tags, entities or runs of white space."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = html.unescape(_TAG.sub(" ", value))
    text = _SPACE.sub(" ", text).strip()
    text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return text or None


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    out = []
    for v in value:
        text = clean_text(v)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def date_parts(value: Any) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from Crossref's {"date-parts": [[Y, M, D]]}."""
    try:
        parts = value["date-parts"][0]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], int):
        return None
    out = f"{parts[0]:04d}"
    for p in parts[1:3]:
        if not isinstance(p, int):
            break
        out += f"-{p:02d}"
    return out


def _authors(value: Any) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for a in value:
        if not isinstance(a, dict):
            continue
        family = clean_text(a.get("family"))
        given = clean_text(a.get("given")) or ""
        if family:
            out.append(Author(family, given))
        elif clean_text(a.get("name")):
            out.append(Author(clean_text(a.get("name")) or "", "", collective=True))
    return tuple(out)


def _updates(message: dict[str, Any], doi: str) -> tuple[Update, ...]:
    out = []
    for item in message.get("updated-by") or []:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type") or "").lower().replace("-", "_")
        notice = str(item.get("DOI") or "").lower() or None
        if not kind:
            continue
        out.append(
            Update(
                kind=kind,
                doi=notice,
                label=clean_text(item.get("label")),
                date=date_parts(item.get("updated")),
                source=str(item.get("source") or "publisher"),
            )
        )
    return tuple(out)


def _relations(message: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    rel = message.get("relation")
    if not isinstance(rel, dict):
        return ()
    out = []
    for kind, items in sorted(rel.items()):
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict) and item.get("id-type") == "doi" and item.get("id"):
                out.append((str(kind), str(item["id"]).lower()))
    return tuple(out)


def parse_work(message: dict[str, Any], identifier: Identifier | None = None) -> Record:
    """A Record from a Crossref work message; tolerant of missing fields, nulls and
    wrong types (each becomes "unknown")."""
    if not isinstance(message, dict):
        raise BadResponse("Crossref: the work is not an object")
    doi = str(message.get("DOI") or (identifier.value if identifier else "")).lower()
    dates = []
    for kind, key in (
        ("online", "published-online"),
        ("print", "published-print"),
        ("issued", "issued"),
    ):
        value = date_parts(message.get(key))
        if value:
            dates.append((kind, value))
    journal_issue = message.get("journal-issue")
    issue_print = issue_online = None
    if isinstance(journal_issue, dict):
        issue_print = date_parts(journal_issue.get("published-print"))
        issue_online = date_parts(journal_issue.get("published-online"))
    if issue_print and not any(k == "print" for k, _ in dates):
        dates.append(("print", issue_print))
    if issue_print or issue_online:
        # the date of the issue the work appeared in: the year its volume is cited by
        dates.append(("issue", str(issue_print or issue_online)))
    for assertion in message.get("assertion") or []:
        if isinstance(assertion, dict) and assertion.get("name") in ("received", "accepted"):
            value = _assertion_date(assertion.get("value"))
            if value:
                dates.append((str(assertion["name"]), value))
    years = [int(v[:4]) for _, v in dates]
    issued = next((v for k, v in dates if k == "issued"), None)
    page = clean_text(message.get("page"))
    article_number = clean_text(message.get("article-number"))
    affiliations = []
    for a in message.get("author") or []:
        if isinstance(a, dict):
            for aff in a.get("affiliation") or []:
                name = clean_text(aff.get("name")) if isinstance(aff, dict) else None
                if name and name not in affiliations:
                    affiliations.append(name)
    return Record(
        source="crossref",
        identifier=identifier or Identifier("doi", doi),
        title=clean_text(message.get("title")),
        subtitle=clean_text(message.get("subtitle")),
        authors=_authors(message.get("author")),
        journal=clean_text(message.get("container-title")),
        journal_abbrevs=_strings(message.get("short-container-title")),
        issn=tuple(str(i) for i in (message.get("ISSN") or []) if isinstance(i, str)),
        publisher=clean_text(message.get("publisher")),
        type=str(message["type"]) if isinstance(message.get("type"), str) else None,
        year=int(issued[:4]) if issued else (min(years) if years else None),
        dates=tuple(dates),
        volume=clean_text(message.get("volume")),
        issue=clean_text(message.get("issue")),
        pages=page,
        article_number=article_number,
        doi=doi or None,
        updates=_updates(message, doi),
        relations=_relations(message),
        affiliations=tuple(affiliations),
        abstract=clean_text(message.get("abstract")),
        url=str(message["URL"]) if isinstance(message.get("URL"), str) else None,
    )


def _assertion_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    m = re.search(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})", value)
    month = month_number(m.group(2)) if m else None
    if m and month:
        return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", value)
    return m.group(0) if m else None


def envelope(message: dict[str, Any]) -> str:
    """A work message as the single-work route would return it (for per-record caching)."""
    return json.dumps(
        {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message},
        ensure_ascii=False,
        sort_keys=True,
    )


def message_from_payload(payload: str) -> dict[str, Any]:
    data = json_body(payload, "Crossref")
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise BadResponse("Crossref: cached payload has no message")
    return message


# --- the registry ------------------------------------------------------------------
class Crossref(Registry):
    """Crossref as the resolver asks it: works by DOI in filter batches (a DOI with a
    comma alone), the agency of a DOI it lacks, and bibliographic search."""

    name = "crossref"
    label = "Crossref"
    kind = "doi"
    folder = "work"
    not_found = "no registration agency knows this DOI"
    asks_agency = True
    searches = True

    def __init__(self, options: Options, http: HttpClient | None) -> None:
        self.batch_size = options.batch_size
        self.workers = max(1, options.concurrency)
        self.client = CrossrefClient(options, http) if http else None

    def batchable(self, key: str) -> bool:
        return "," not in key  # a comma would split the filter list

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        client = connected(self.client, self.label)
        works, url = client.fetch_batch(keys)
        return {
            doi: Answer(200, envelope(works[doi]), url)
            if doi in works
            else Answer(404, NOT_FOUND_PAYLOAD, url)
            for doi in keys
        }

    def fetch_one(self, key: str) -> Answer:
        client = connected(self.client, self.label)
        url = f"{client.base_url}/works/{key}"
        try:
            return Answer(200, envelope(client.fetch_work(key)), url)
        except NotFound:
            return Answer(404, NOT_FOUND_PAYLOAD, url)

    def parse(self, payload: str, identifier: Identifier) -> Record:
        return parse_work(message_from_payload(payload), identifier)

    def fetch_agency(self, key: str) -> Answer:
        client = connected(self.client, self.label)
        url = f"{client.base_url}/works/{key}/agency"
        try:
            return Answer(200, client.fetch_agency(key), url)
        except NotFound:
            return Answer(404, NOT_FOUND_PAYLOAD, url)

    def search(self, query: str, author: str | None = None, year: int | None = None) -> Answer:
        client = connected(self.client, self.label)
        items = client.search(query, rows=5, author=author, year=year)
        payload = json.dumps({"message": {"items": items}}, ensure_ascii=False)
        return Answer(200, payload, f"{client.base_url}/works?query.bibliographic=")

    def parse_search(self, payload: str) -> list[Record]:
        try:
            items = json.loads(payload)["message"]["items"]
        except (ValueError, KeyError, TypeError) as exc:
            raise BadResponse("Crossref: the cached search answer cannot be read") from exc
        records = []
        for item in items:
            try:
                records.append(parse_work(item))
            except RegistryError:
                continue
        return records
