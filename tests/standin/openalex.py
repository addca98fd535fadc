"""The OpenAlex API routes: ``/works/doi:{doi}`` (or ``/works/https://doi.org/{doi}``),
``/works/W…`` (a work id),
``/works?filter=doi:A|B|C`` (the works held, in another order than asked, a DOI not held
silently absent) and ``/works?filter=title.search:…`` or ``/works?search=…`` (works
whose titles hold every word), with OpenAlex's 404, an HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from standin.store import RecordStore
from standin.wire import Incoming, Reply

JSON_UTF8 = "application/json"
HTML_UTF8 = "text/html; charset=utf-8"
# OpenAlex's 404 page for a DOI it does not hold, as recorded.
NOT_FOUND_PAGE = (
    Path(__file__).resolve().parents[1]
    / "recordings"
    / "api-samples"
    / "openalex"
    / "error_404_work_doi_not_found_2025.html"
).read_bytes()
_DOI_PREFIX = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def openalex_route(store: RecordStore, sub: str, req: Incoming) -> Reply:
    """Answer ``sub``, the path below ``/openalex``."""
    if sub.rstrip("/") == "/works":
        return _list(store, req.params)
    if not sub.startswith("/works/"):
        return Reply(404, HTML_UTF8, NOT_FOUND_PAGE)
    ident = unquote(sub[len("/works/") :])
    if _DOI_PREFIX.match(ident):
        work = store.get_openalex(_DOI_PREFIX.sub("", ident))
    else:
        work = store.get_openalex_id(ident.rsplit("/", 1)[-1])
    if work is None:
        return Reply(404, HTML_UTF8, NOT_FOUND_PAGE)
    return Reply(200, JSON_UTF8, json.dumps(work).encode("ascii"))


def _list(store: RecordStore, params: dict[str, str]) -> Reply:
    filter_ = params.get("filter", "")
    per_page = int(params.get("per-page") or params.get("per_page") or 25)
    if filter_.startswith("doi:"):
        wanted = [d for d in filter_[len("doi:") :].split("|") if d]
        works = [w for w in (store.get_openalex(d) for d in wanted) if w is not None]
        works.reverse()  # OpenAlex's order is not the request's
    elif filter_.startswith("title.search:") or params.get("search"):
        query = filter_[len("title.search:") :] if filter_ else params["search"]
        works = _title_search(store, query)
    else:
        return Reply(400, JSON_UTF8, b'{"error":"Invalid query parameters error."}')
    return Reply(200, JSON_UTF8, json.dumps(_envelope(works[:per_page], per_page)).encode())


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _title_search(store: RecordStore, query: str) -> list[dict[str, Any]]:
    """Works whose title holds every word of ``query``, fewest other words first."""
    asked = _words(query)
    found = []
    for work in store.openalex_works():
        title = _words(str(work.get("title") or ""))
        if asked and asked <= title:
            found.append(
                (len(title - asked), {**work, "relevance_score": 100.0 / (1 + len(title))})
            )
    return [w for _, w in sorted(found, key=lambda pair: pair[0])]


def _envelope(works: list[dict[str, Any]], per_page: int) -> dict[str, Any]:
    """The 2026 list envelope (``meta`` with ``cost_usd``)."""
    return {
        "meta": {
            "count": len(works),
            "db_response_time_ms": 21,
            "page": 1,
            "per_page": per_page,
            "groups_count": None,
            "cost_usd": 0.0001,
        },
        "results": works,
        "group_by": [],
    }
