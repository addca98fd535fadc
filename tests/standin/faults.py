"""Misbehaviour on request: the fault queue the tests fill, and the hostile bodies it
sends (an XML bomb, an external entity, JSON with the wrong shapes, endless bodies)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from standin.wire import (
    FAMILY_CROSSREF_LIST,
    FAMILY_CROSSREF_SINGLE,
    FAMILY_IDCONV,
    FAMILY_OPENALEX,
    HTML,
    JSON,
    NCBI_RATE_LIMIT_BODY,
    PUBMED_DOCTYPE,
    XML,
    html_error_page,
)


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
            content_type = content_type or HTML
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
        self.add(prefix, Fault("status", status=200, body=body, content_type=HTML), times)

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
        self.add(prefix, Fault("status", status=200, body=_XML_BOMB, content_type=XML), times)

    def xxe(self, prefix: str = "/eutils/efetch", times: int = 1) -> None:
        """A PubmedArticleSet whose ArticleTitle is an external entity on /etc/passwd."""
        self.add(prefix, Fault("status", status=200, body=_XXE, content_type=XML), times)

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
        self.add(prefix, Fault("json_garbage", body=data, content_type=JSON), times)


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


def garbage_for(family: str, path: str) -> Any:
    """A body with the route's envelope but missing fields, nulls and wrong types."""
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
    if family == FAMILY_OPENALEX:
        return {"meta": {"count": "one"}, "results": [None, {"id": 7}, "W1"], "id": None}
    return {"status": None, "message": None}


def huge_parts(family: str, path: str) -> tuple[bytes, bytes, str]:
    """The start and end of an endless body in the route's format, and its content type."""
    if family == FAMILY_CROSSREF_LIST:
        head = (
            b'{"status":"ok","message-type":"work-list","message-version":"1.0.0","message":'
            b'{"facets":{},"total-results":1,"items":[{"DOI":"10.5555\\/huge",'
            b'"type":"journal-article","score":1.0,"title":["'
        )
        return (
            head,
            b'"]}],"items-per-page":20,"query":{"start-index":0,"search-terms":null}}}',
            JSON,
        )
    if family == FAMILY_OPENALEX:
        head = b'{"meta":{"count":1},"results":[{"id":"https://openalex.org/W1","title":"'
        return head, b'"}]}', JSON
    if family in (FAMILY_CROSSREF_SINGLE, FAMILY_IDCONV) or path.startswith("/eutils/esearch"):
        head = (
            b'{"status":"ok","message-type":"work","message-version":"1.0.0","message":'
            b'{"DOI":"10.5555\\/huge","type":"journal-article","title":["'
        )
        return head, b'"]}}', JSON
    head = (
        b'<?xml version="1.0" ?>\n' + PUBMED_DOCTYPE.encode() + b"\n<PubmedArticleSet>\n"
        b'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">1'
        b"</PMID><Article><ArticleTitle>"
    )
    tail = b"</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>"
    return head, tail, XML
