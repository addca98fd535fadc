"""DataCite: the registration agency of most research-data, software and preprint DOIs
(arXiv's 10.48550, Zenodo, figshare, Dryad). Fetching one DOI's JSON:API record with
requests, and parsing it into a Record.

``GET {datacite_url}/dois/{doi}`` answers one DOI. The list route (``/dois?ids=…`` or
``?query=doi:(…)``) was not relied on: no recording of its answer to a list of DOIs
was found, so each DOI is one request, under a polite limiter (DataCite limits each
address over a five-minute window; about 1,000 requests for a client that names
itself with a contact address, 500 for one that does not).

DataCite is asked only for DOIs routed to it: those of the prefixes it is known to
hold (``PREFIXES``), and those Crossref's agency route says DataCite registered.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from asrefs.config import Options
from asrefs.errors import BadResponse
from asrefs.http import HttpClient
from asrefs.models import Author, Identifier, Record
from asrefs.registries.base import NOT_FOUND_PAYLOAD, Answer, Registry, connected, json_body
from asrefs.registries.crossref import clean_text, doi_path

# Prefixes registered with DataCite, asked there without asking Crossref first:
# arXiv, Zenodo, figshare, Dryad.
PREFIXES = frozenset({"10.48550", "10.5281", "10.6084", "10.5061"})

# resourceTypeGeneral -> the Crossref-style type the rest of asrefs reads.
TYPES = {
    "Preprint": "posted-content",
    "Dataset": "dataset",
    "Software": "software",
    "JournalArticle": "journal-article",
    "Journal": "journal",
    "Book": "book",
    "BookChapter": "book-chapter",
    "ConferencePaper": "proceedings-article",
    "ConferenceProceeding": "proceedings",
    "Dissertation": "dissertation",
    "Report": "report",
    "PeerReview": "peer-review",
    "Standard": "standard",
}
# dateType -> the kind of date Record.dates holds.
DATE_KINDS = {
    "Issued": "issued",
    "Available": "online",
    "Submitted": "received",
    "Accepted": "accepted",
}
# Relations to other DOIs that say which version or publication a work is.
RELATIONS = {
    "IsVersionOf": "is-version-of",
    "HasVersion": "has-version",
    "IsNewVersionOf": "is-new-version-of",
    "IsPreviousVersionOf": "is-previous-version-of",
    "IsIdenticalTo": "is-identical-to",
    "IsPublishedIn": "is-published-in",
    "IsPreprintOf": "is-preprint-of",
    "HasPreprint": "has-preprint",
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DataCiteClient:
    def __init__(self, options: Options, http: HttpClient) -> None:
        self.http = http
        self.base_url = options.datacite_url.rstrip("/")
        rate = options.datacite_rate or (3.0 if options.mailto else 1.5)
        self.limiter = http.limiter("datacite", rate, 2)

    def fetch_doi(self, doi: str) -> Answer:
        """DataCite's answer for one DOI: 200 with its record, or 404 (the error body)."""
        url = f"{self.base_url}/dois/{doi_path(doi)}"
        resp = self.http.fetch("GET", url, limiter=self.limiter, registry="DataCite", allow=(404,))
        if resp.status == 404:
            return Answer(404, resp.text or NOT_FOUND_PAYLOAD, url)
        attributes(json_body(resp.text, "DataCite"))  # a record without attributes is not cached
        return Answer(200, resp.text, url)


def attributes(data: Any) -> dict[str, Any]:
    """The ``data.attributes`` object of a JSON:API record; BadResponse without it."""
    item = data.get("data") if isinstance(data, dict) else None
    attrs = item.get("attributes") if isinstance(item, dict) else None
    if not isinstance(attrs, dict):
        raise BadResponse("DataCite: the answer has no record attributes")
    return attrs


# --- parsing -----------------------------------------------------------------------
def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _titles(attrs: dict[str, Any]) -> tuple[str | None, str | None]:
    """(title, subtitle): the first title without a titleType (else the first of any)."""
    titles = [t for t in _list(attrs.get("titles")) if clean_text(t.get("title"))]
    main = next((t for t in titles if not t.get("titleType")), titles[0] if titles else None)
    sub = next((t for t in titles if t.get("titleType") == "Subtitle"), None)
    return (
        clean_text(main.get("title")) if main else None,
        clean_text(sub.get("title")) if sub else None,
    )


def _author(creator: dict[str, Any]) -> Author | None:
    name = clean_text(creator.get("name")) or ""
    if creator.get("nameType") == "Organizational":
        return Author(name, "", collective=True) if name else None
    family = clean_text(creator.get("familyName"))
    if family:
        return Author(family, clean_text(creator.get("givenName")) or "")
    if "," in name:  # "Family, Given"
        head, _, tail = name.partition(",")
        return Author(head.strip(), tail.strip())
    return given_family(name)


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def given_family(name: str) -> Author | None:
    """A name written given names first ("Tobias Windisch", "Ludwig van Beethoven"):
    the last word is the family name, with the lower-case particles before it."""
    words = [w for w in name.split() if w.lower() not in _SUFFIXES]
    if not words:
        return None
    first = len(words) - 1
    while first > 1 and words[first - 1][:1].islower():
        first -= 1
    return Author(" ".join(words[first:]), " ".join(words[:first]))


def _publisher(value: Any) -> str | None:
    if isinstance(value, dict):  # the 4.5 schema's {"name": …, "publisherIdentifier": …}
        value = value.get("name")
    return clean_text(value)


def trusted_year(year: int) -> bool:
    """A year a record may hold: not after next year (a Thai Buddhist-era 2549 is not
    the Gregorian 2549, and no work is dated centuries ahead)."""
    return 1000 <= year <= datetime.date.today().year + 1


def _date(value: Any) -> str | None:
    """An ISO date (YYYY, YYYY-MM, YYYY-MM-DD) from a DataCite date, or None when it is
    not one or its year is not trusted."""
    m = _DATE.match(str(value).strip()) if isinstance(value, (str, int)) else None
    if not m or not trusted_year(int(m.group(1))):
        return None
    return "-".join(p for p in m.groups() if p)


def _dates(attrs: dict[str, Any]) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for d in _list(attrs.get("dates")):
        kind = DATE_KINDS.get(str(d.get("dateType")))
        value = _date(d.get("date"))
        if kind and value:
            out.setdefault(kind, value)  # the first of a kind: v1's, for an arXiv DOI
    return list(out.items())


def _year(attrs: dict[str, Any], dates: list[tuple[str, str]]) -> int | None:
    year = attrs.get("publicationYear")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if isinstance(year, int) and not isinstance(year, bool) and trusted_year(year):
        return year
    issued = dict(dates).get("issued")
    return int(issued[:4]) if issued else None


def _pages(container: dict[str, Any]) -> str | None:
    first, last = clean_text(container.get("firstPage")), clean_text(container.get("lastPage"))
    if first and last and first != last:
        return f"{first}-{last}"
    return first


def _relations(attrs: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    out = []
    for rel in _list(attrs.get("relatedIdentifiers")):
        kind = RELATIONS.get(str(rel.get("relationType")))
        target = rel.get("relatedIdentifier")
        if kind and str(rel.get("relatedIdentifierType")).upper() == "DOI" and target:
            pair = (kind, str(target).strip().lower())
            if pair not in out:
                out.append(pair)
    return tuple(out)


def _arxiv(attrs: dict[str, Any]) -> str | None:
    for key, kind_key, value_key in (
        ("alternateIdentifiers", "alternateIdentifierType", "alternateIdentifier"),
        ("identifiers", "identifierType", "identifier"),
    ):
        for item in _list(attrs.get(key)):
            if str(item.get(kind_key)).lower() == "arxiv" and clean_text(item.get(value_key)):
                return clean_text(item.get(value_key))
    return None


def _abstract(attrs: dict[str, Any]) -> str | None:
    for d in _list(attrs.get("descriptions")):
        if d.get("descriptionType") == "Abstract" and clean_text(d.get("description")):
            return clean_text(d.get("description"))
    return None


def parse_doi(payload: str, identifier: Identifier | None = None) -> Record:
    """A Record from DataCite's JSON:API answer for one DOI; a field missing, null or
    of the wrong type is unknown."""
    attrs = attributes(json_body(payload, "DataCite"))
    doi = str(attrs.get("doi") or (identifier.value if identifier else "")).lower()
    title, subtitle = _titles(attrs)
    types = _object(attrs.get("types"))
    container = _object(attrs.get("container"))
    issn = container.get("identifier") if container.get("identifierType") == "ISSN" else None
    dates = _dates(attrs)
    authors = (_author(c) for c in _list(attrs.get("creators")))
    return Record(
        source="datacite",
        identifier=identifier or Identifier("doi", doi),
        title=title,
        subtitle=subtitle,
        authors=tuple(a for a in authors if a is not None),
        journal=clean_text(container.get("title")),
        issn=(str(issn),) if isinstance(issn, str) and issn else (),
        publisher=_publisher(attrs.get("publisher")),
        type=TYPES.get(str(types.get("resourceTypeGeneral"))),
        year=_year(attrs, dates),
        dates=tuple(dates),
        volume=clean_text(container.get("volume")),
        issue=clean_text(container.get("issue")),
        pages=_pages(container),
        doi=doi or None,
        arxiv=_arxiv(attrs),
        relations=_relations(attrs),
        abstract=_abstract(attrs),
        url=str(attrs["url"]) if isinstance(attrs.get("url"), str) else None,
    )


# --- the registry ------------------------------------------------------------------
class DataCite(Registry):
    """DataCite as the resolver asks it: one DOI per request, for the DOIs routed here."""

    name = "datacite"
    label = "DataCite"
    kind = "doi"
    folder = "doi"
    not_found = "DataCite does not hold this DOI"
    agency = "datacite"
    routed = True
    prefixes = PREFIXES
    batch_size = 1
    workers = 2

    def __init__(self, options: Options, http: HttpClient | None) -> None:
        self.client = DataCiteClient(options, http) if http else None

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        client = connected(self.client, self.label)
        return {key: client.fetch_doi(key) for key in keys}

    def parse(self, payload: str, identifier: Identifier) -> Record:
        return parse_doi(payload, identifier)
