"""The registries' wire formats that every route shares: content types, status reasons,
route families, error bodies, Crossref's JSON serialisation, and the request and reply
records the routes pass around."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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

HTTP_REASONS = {
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

JSON = "application/json"
XML = "text/xml; charset=UTF-8"
HTML = "text/html"

# Route families, used by rate_limit / concurrency_limit and for advertised headers.
FAMILY_CROSSREF_SINGLE = "crossref-single"
FAMILY_CROSSREF_LIST = "crossref-list"
FAMILY_EUTILS = "eutils"
FAMILY_IDCONV = "idconv"
FAMILY_DATACITE = "datacite"
FAMILY_ARXIV = "arxiv"
FAMILY_OPENALEX = "openalex"
FAMILY_OTHER = "other"

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class Reply:
    """What a route answers, before any fault is applied."""

    status: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Incoming:
    """A request as the routes see it: ``params`` merges the query and a form body."""

    method: str
    path: str
    params: dict[str, str]
    params_list: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


def family_of(path: str) -> str:
    """The route family of a request path."""
    if path.startswith("/crossref/"):
        sub = path[len("/crossref") :].rstrip("/")
        if sub in ("/works", "/v1/works"):
            return FAMILY_CROSSREF_LIST
        return FAMILY_CROSSREF_SINGLE
    if path.startswith("/eutils/"):
        return FAMILY_EUTILS
    if path.startswith("/idconv"):
        return FAMILY_IDCONV
    if path.startswith("/datacite/"):
        return FAMILY_DATACITE
    if path.startswith("/arxiv/"):
        return FAMILY_ARXIV
    if path.startswith("/openalex/"):
        return FAMILY_OPENALEX
    return FAMILY_OTHER


def html_error_page(status: int) -> bytes:
    """The kind of HTML page a proxy in front of a registry sends (approximation)."""
    reason = HTTP_REASONS.get(status, "Error")
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()


def crossref_json(obj: Any) -> bytes:
    """Serialise like Crossref does: UTF-8, compact, with ``\\/`` escaping."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("/", "\\/").encode("utf-8")


def xml_text(text: str) -> str:
    """``text`` escaped for an XML element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_escape(text: str) -> str:
    """``text`` escaped for an XML attribute."""
    return xml_text(text).replace('"', "&quot;")
