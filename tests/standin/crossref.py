"""The Crossref REST API routes: ``/works/{doi}``, ``/works/{doi}/agency`` and
``/works`` lists (``filter=doi:…``, ``query.bibliographic=…`` and field queries), with
Crossref's error bodies."""

from __future__ import annotations

import random
from typing import Any

from standin.matching import norm_doi
from standin.store import RecordStore
from standin.wire import CROSSREF_NOT_FOUND, JSON, Incoming, Reply, crossref_json

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
FILTERS = ("doi", "updates", "type", "prefix", "from-pub-date", "until-pub-date")


def crossref_route(store: RecordStore, sub: str, req: Incoming, seed: int) -> Reply:
    """Answer ``sub``, the path below ``/crossref``."""
    sub = sub.rstrip("/") if sub != "/" else sub
    if sub.startswith("/v1/"):
        sub = sub[3:]
    if sub == "/works":
        return work_list(store, req, seed)
    if not sub.startswith("/works/"):
        return Reply(404, "text/plain", CROSSREF_NOT_FOUND)
    doi = sub[len("/works/") :]
    if req.params and any(k.startswith("query") or k == "filter" for k in req.params):
        return validation_failure(
            "parameter-not-allowed",
            "query.*",
            "This route does not support field query parameters",
        )
    work = store.get_work(doi)
    if work is not None:
        return _ok("work", work)
    if doi.endswith("/agency"):
        return _agency(store, doi[: -len("/agency")])
    return Reply(404, "text/plain", CROSSREF_NOT_FOUND)


def _ok(message_type: str, message: Any) -> Reply:
    envelope = {
        "status": "ok",
        "message-type": message_type,
        "message-version": "1.0.0",
        "message": message,
    }
    return Reply(200, JSON, crossref_json(envelope))


def _agency(store: RecordStore, target: str) -> Reply:
    agency = store.agency_of(target)
    if agency is None:
        return Reply(404, "text/plain", CROSSREF_NOT_FOUND)
    label = AGENCY_LABELS.get(agency, agency.title())
    return _ok("work-agency", {"DOI": target.lower(), "agency": {"id": agency, "label": label}})


def validation_failure(kind: str, value: str, message: str) -> Reply:
    """Crossref's 400 answer to a parameter it does not accept."""
    return Reply(
        400,
        "application/json;charset=utf-8",
        crossref_json(
            {
                "status": "failed",
                "message-type": "validation-failure",
                "message": [{"type": kind, "value": value, "message": message}],
            }
        ),
    )


def work_list(store: RecordStore, req: Incoming, seed: int) -> Reply:
    """``/works``: a page of the works that match the filters and queries."""
    p = req.params
    try:
        rows = int(p.get("rows", "20"))
        offset = int(p.get("offset", "0"))
    except ValueError:
        return validation_failure(
            "integer-not-valid", p.get("rows", ""), "Integer specified as rows is not valid"
        )
    if rows < 0 or rows > 1000:
        return validation_failure(
            "integer-not-valid",
            str(rows),
            f"Integer specified as {rows} but must be a positive integer less than or "
            "equal to 1000.",
        )
    filters = _filters(p.get("filter") or "")
    for name in filters:
        if name not in FILTERS:
            return validation_failure(
                "filter-not-available",
                name,
                f"Filter {name} specified but there is no such filter for this route. Valid filters for this route are: doi, updates, type, prefix, from-pub-date, until-pub-date",  # noqa: E501
            )
    queries = {
        "all": " ".join(p.get(k, "") for k in ("query", "query.bibliographic")),
        "title": p.get("query.title", ""),
        "author": p.get("query.author", ""),
        "container-title": p.get("query.container-title", ""),
    }
    queries = {k: v for k, v in queries.items() if v.strip()}
    scored = [(s, w) for s, w in _candidates(store, queries, filters, seed) if _keep(w, filters)]
    page = scored[offset : offset + rows]
    select = [s for s in (p.get("select") or "").split(",") if s]
    message: dict[str, Any] = {
        "facets": {},
        "total-results": len(scored),
        "items": [_item(w, score if queries else 1.0, select) for score, w in page],
        "items-per-page": rows,
        "query": {
            "start-index": offset,
            "search-terms": queries.get("all") or None,
        },
    }
    return _ok("work-list", message)


def _filters(value: str) -> dict[str, list[str]]:
    """The same name repeated is an OR, different names are ANDed."""
    filters: dict[str, list[str]] = {}
    for part in value.split(","):
        if not part.strip():
            continue
        name, _, found = part.partition(":")
        filters.setdefault(name.strip(), []).append(found.strip())
    return filters


def _candidates(
    store: RecordStore, queries: dict[str, str], filters: dict[str, list[str]], seed: int
) -> list[tuple[float, dict[str, Any]]]:
    if queries:
        return store.search_crossref(queries)
    if "doi" in filters:
        scored = []
        seen = set()
        for d in filters["doi"]:
            w = store.get_work(d)
            if w is not None and norm_doi(d) not in seen:
                seen.add(norm_doi(d))
                scored.append((1.0, w))
        return reorder(scored, seed)
    return [(1.0, w) for _, w in sorted(store.all_works())]


def _keep(w: dict[str, Any], filters: dict[str, list[str]]) -> bool:
    wdoi = norm_doi(str(w.get("DOI", "")))
    if "doi" in filters and wdoi not in {norm_doi(d) for d in filters["doi"]}:
        return False
    if "type" in filters and w.get("type") not in filters["type"]:
        return False
    if "prefix" in filters and not any(wdoi.startswith(x + "/") for x in filters["prefix"]):
        return False
    if not _published_within(w, filters.get("from-pub-date"), filters.get("until-pub-date")):
        return False
    if "updates" in filters:
        targets = {norm_doi(d) for d in filters["updates"]}
        ups = w.get("update-to") or []
        if not any(isinstance(u, dict) and norm_doi(str(u.get("DOI", ""))) in targets for u in ups):
            return False
    return True


def _published_within(w: dict[str, Any], since: list[str] | None, until: list[str] | None) -> bool:
    """The publication-date filters, by year (``published``, else ``issued``)."""
    if not since and not until:
        return True
    year = None
    for key in ("published", "issued", "published-print", "published-online"):
        try:
            year = int(w[key]["date-parts"][0][0])
            break
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    if year is None:
        return False
    low = max((int(v[:4]) for v in since or () if v[:4].isdigit()), default=year)
    high = min((int(v[:4]) for v in until or () if v[:4].isdigit()), default=year)
    return low <= year <= high


def _item(work: dict[str, Any], score: float, select: list[str]) -> dict[str, Any]:
    item = dict(work)
    if isinstance(item.get("DOI"), str):
        item["DOI"] = item["DOI"].lower()
    item["score"] = score
    if select:
        item = {k: v for k, v in item.items() if k in select}
    return item


def reorder(
    items: list[tuple[float, dict[str, Any]]], seed: int
) -> list[tuple[float, dict[str, Any]]]:
    """A fixed-seed shuffle that never returns the request order (for n >= 2)."""
    out = list(items)
    random.Random(seed).shuffle(out)
    if len(out) >= 2 and [id(w) for _, w in out] == [id(w) for _, w in items]:
        out = out[1:] + out[:1]
    return out
