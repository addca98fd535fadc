"""arXiv: the preprint server's API, asked by arXiv id (``2301.01234``, ``2301.01234v2``,
``astro-ph/0601001``). Fetching an Atom feed for many ids at once with requests, and
parsing one entry into a Record. The feed is parsed with defusedxml.

``GET {arxiv_url}/query?id_list=a,b&max_results=N`` answers every id it knows with an
``<entry>``; an id it does not know is simply absent (HTTP 200). An id it cannot read
makes the whole request a 400 whose body is still a feed, with one entry titled
"Error" naming the id: that id is then not found, and the others are asked again.

arXiv's terms ask for at most one request every three seconds, so the route has its
own limiter at that rate. A work whose published version has a DOI (``arxiv:doi``) has
the relation "is-preprint-of" to it; a version whose comment says it was withdrawn
carries a withdrawal notice.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from asrefs.config import Options
from asrefs.errors import BadResponse
from asrefs.http import HttpClient
from asrefs.models import Identifier, Record, Update
from asrefs.registries.base import Answer, Registry, connected
from asrefs.registries.crossref import clean_text
from asrefs.registries.datacite import given_family

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
FEED_START = (
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
)
BATCH_SIZE = 100  # ids per request (the API pages at up to 2,000 results)
RATE = 1 / 3  # requests per second: one every three seconds, as arXiv's terms ask
_ENTRY = re.compile(r"<entry\b.*?</entry>", re.DOTALL)
_ABS = re.compile(r"^https?://(?:export\.)?arxiv\.org/abs/", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")
_BAD_ID = re.compile(r"incorrect[ _]id[ _]format[ _]for[ _]([^\s<>\"]+)", re.IGNORECASE)
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


class ArxivClient:
    def __init__(self, options: Options, http: HttpClient) -> None:
        self.http = http
        self.base_url = options.arxiv_url.rstrip("/")
        self.limiter = http.limiter("arxiv", options.arxiv_rate or RATE, 1)

    def fetch(self, ids: list[str]) -> dict[str, Answer]:
        """An answer for each of ``ids``; an id arXiv refuses as malformed is not found,
        and the rest are asked again without it."""
        out: dict[str, Answer] = {}
        wanted = list(ids)
        while wanted:
            url = f"{self.base_url}/query"
            params = {"id_list": ",".join(wanted), "max_results": str(len(wanted))}
            resp = self.http.fetch(
                "GET", url, params=params, limiter=self.limiter, registry="arXiv", allow=(400,)
            )
            entries = split_feed(resp.text)
            if resp.status == 400:
                bad = _refused_id(entries, wanted)
                out[bad] = Answer(404, resp.text, resp.url)
                wanted.remove(bad)
                continue
            for key in wanted:
                entry = _entry_for(key, entries)
                out[key] = Answer(200, entry, resp.url) if entry else Answer(404, "", resp.url)
            break
        return out


def _fromstring(text: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        raise BadResponse("arXiv: the XML uses entities or external references; refused") from exc
    except (ParseError, ValueError) as exc:
        raise BadResponse("arXiv: the answer is not well-formed XML") from exc
    return root


def entry_id(entry: Element) -> str:
    """The arXiv id an entry is about, with its version ("1605.08386v1"), or "" for an
    entry that is not an arXiv work (the API's "Error" entry)."""
    ident = (entry.findtext(f"{ATOM}id") or "").strip()
    return _ABS.sub("", ident) if _ABS.match(ident) else ""


def split_feed(text: str) -> dict[str, str]:
    """Each entry of an Atom feed as a feed of its own, keyed by its id ("" for an
    error entry); BadResponse when the answer is not an Atom feed."""
    root = _fromstring(text)
    if root.tag != f"{ATOM}feed":
        raise BadResponse(f"arXiv: unexpected XML root <{root.tag}>")
    out: dict[str, str] = {}
    for match in _ENTRY.finditer(text):
        doc = f"{FEED_START}{match.group(0)}</feed>"
        entry = _fromstring(doc).find(f"{ATOM}entry")
        if entry is not None:
            out.setdefault(entry_id(entry), doc)
    return out


def _entry_for(key: str, entries: dict[str, str]) -> str | None:
    """The entry answering ``key``: the same version, or for an id without a version
    the version arXiv returned."""
    if key in entries:
        return entries[key]
    if _VERSION.search(key):
        return None
    return next((doc for ident, doc in entries.items() if _VERSION.sub("", ident) == key), None)


def _refused_id(entries: dict[str, str], wanted: list[str]) -> str:
    """The id a 400 answer's error entry names; BadResponse when it names none asked."""
    error = entries.get("")
    named = _BAD_ID.search(error) if error else None
    lowered = {w.lower(): w for w in wanted}
    if named and named.group(1).lower() in lowered:
        return lowered[named.group(1).lower()]
    refused = BadResponse("arXiv: request refused (HTTP 400)")
    refused.retryable = False  # type: ignore[attr-defined]
    raise refused


# --- parsing -----------------------------------------------------------------------
def _text(el: Element, path: str) -> str | None:
    found = el.find(path)
    return clean_text("".join(found.itertext())) if found is not None else None


def _date(value: str | None) -> str | None:
    m = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return m.group(0) if m else None


def parse_entry(payload: str, identifier: Identifier | None = None) -> Record:
    """A Record from one entry (a feed holding one ``<entry>``, as stored per id)."""
    entry = _fromstring(payload).find(f"{ATOM}entry")
    if entry is None or not entry_id(entry):
        raise BadResponse("arXiv: the answer holds no arXiv entry")
    ident = entry_id(entry)
    base = _VERSION.sub("", ident)
    published = _date(entry.findtext(f"{ATOM}published"))
    updated = _date(entry.findtext(f"{ATOM}updated"))
    dates = [("online", published)] if published else []
    if updated and published and updated[:4] != published[:4]:
        dates.append(("issued", updated))  # the version cited may be a later year's
    names = (_text(a, f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author"))
    authors = tuple(a for a in (given_family(n) for n in names) if a is not None)
    published_doi = (entry.findtext(f"{ARXIV}doi") or "").strip().lower()
    comment = _text(entry, f"{ARXIV}comment")
    updates: tuple[Update, ...] = ()
    if comment and _WITHDRAWN.search(comment):
        updates = (Update(kind="withdrawal", label=comment, date=updated, source="arxiv"),)
    link = next(
        (li.get("href") for li in entry.findall(f"{ATOM}link") if li.get("rel") == "alternate"),
        None,
    )
    return Record(
        source="arxiv",
        identifier=identifier or Identifier("arxiv", ident),
        title=_text(entry, f"{ATOM}title"),
        authors=authors,
        publisher="arXiv",
        type="posted-content",
        year=int(published[:4]) if published else None,
        dates=tuple(dates),
        doi=f"10.48550/arxiv.{base}".lower(),
        arxiv=ident,
        relations=(("is-preprint-of", published_doi),) if published_doi else (),
        updates=updates,
        abstract=_text(entry, f"{ATOM}summary"),
        url=link,
    )


# --- the registry ------------------------------------------------------------------
class Arxiv(Registry):
    """arXiv as the resolver asks it: ids in batches of 100, one request every three
    seconds, for references that print an arXiv id and no DOI (a printed DOI is the
    work's record; a preprint's own DOI is DataCite's)."""

    name = "arxiv"
    label = "arXiv"
    kind = "arxiv"
    folder = "id"
    not_found = "arXiv has no such identifier"
    unless = frozenset({"doi"})
    batch_size = BATCH_SIZE

    def __init__(self, options: Options, http: HttpClient | None) -> None:
        self.client = ArxivClient(options, http) if http else None

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        return connected(self.client, self.label).fetch(keys)

    def parse(self, payload: str, identifier: Identifier) -> Record:
        return parse_entry(payload, identifier)
