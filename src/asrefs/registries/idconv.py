"""The PMC ID converter, with requests: PMCIDs to the PMIDs and DOIs of their articles.

It knows only articles in PubMed Central, and is a converter, not a source of records:
a reference that prints only a PMCID is looked up in the other registries by the PMID
and DOI it names. It is an NCBI service, so it shares PubMed's limiter and parameters.
"""

from __future__ import annotations

import json
from typing import Any

from asrefs.config import Options
from asrefs.errors import BadResponse
from asrefs.http import HttpClient
from asrefs.models import Identifier, Record
from asrefs.parse.identifiers import normalize_doi, normalize_pmid
from asrefs.registries.base import Answer, Registry, connected
from asrefs.registries.pubmed import ncbi_limiter, ncbi_params

BATCH_SIZE = 200  # ids per request


class IdConverterClient:
    def __init__(self, options: Options, http: HttpClient) -> None:
        self.options = options
        self.http = http
        self.url = options.idconv_url
        self.limiter = ncbi_limiter(options, http)

    def convert(self, ids: list[str]) -> tuple[list[dict[str, Any]], str]:
        """The converter's record for each of ``ids`` (one request), and the URL asked."""
        params = ncbi_params(self.options, ids=",".join(ids), format="json")
        resp = self.http.fetch(
            "GET", self.url, params=params, limiter=self.limiter, registry="PMC ID converter"
        )
        try:
            records = json.loads(resp.text)["records"]
        except (ValueError, KeyError, TypeError) as exc:
            raise BadResponse("PMC ID converter: the answer is not in its format") from exc
        return idconv_records(records, ids), resp.url


def idconv_records(records: Any, ids: list[str]) -> list[dict[str, Any]]:
    """The ID converter's records, checked: each an object, its ids strings, its PMID and
    DOI well formed (normalised here), and one record for every requested id. Anything
    else is a BadResponse (the lookup is unavailable), never a PMID or DOI made up from
    a null, a number or a list."""
    if not isinstance(records, list):
        raise BadResponse("PMC ID converter: the answer has no list of records")
    out: list[dict[str, Any]] = []
    for rec in records:
        if not isinstance(rec, dict):
            raise BadResponse("PMC ID converter: a record is not an object")
        clean = dict(rec)
        for key in ("pmcid", "requested-id", "status", "errmsg"):
            if rec.get(key) is not None and not isinstance(rec[key], str):
                raise BadResponse(f"PMC ID converter: a record's {key} is not a string")
        pmid = rec.get("pmid")
        if pmid is not None:
            text = str(pmid) if isinstance(pmid, (str, int)) and not isinstance(pmid, bool) else ""
            clean["pmid"] = normalize_pmid(text)
            if clean["pmid"] is None:
                raise BadResponse("PMC ID converter: a record's pmid is not a PMID")
        doi = rec.get("doi")
        if doi is not None:
            clean["doi"] = normalize_doi(doi) if isinstance(doi, str) else None
            if clean["doi"] is None:
                raise BadResponse("PMC ID converter: a record's doi is not a DOI")
        out.append(clean)
    answered = {str(r.get(k) or "").upper() for r in out for k in ("pmcid", "requested-id")}
    missing = [i for i in ids if i.upper() not in answered]
    if missing:
        raise BadResponse(f"PMC ID converter: the answer has no record for {missing[0]}")
    return out


def answers(records: list[dict[str, Any]], ids: list[str], url: str) -> dict[str, Answer]:
    """Each id's record as its cached answer: found (200) when it names a PMID or a DOI."""
    by_id: dict[str, dict[str, Any]] = {}
    for rec in records:
        key = str(rec.get("pmcid") or rec.get("requested-id") or "").upper()
        by_id[key] = rec
    out = {}
    for pmcid in ids:
        found = by_id.get(pmcid.upper())
        ok = bool(
            found and found.get("status") != "error" and (found.get("pmid") or found.get("doi"))
        )
        out[pmcid] = Answer(200 if ok else 404, json.dumps(found or {}), url)
    return out


class PmcIdConverter(Registry):
    """The PMC ID converter as the resolver asks it: PMCIDs in batches of 200."""

    name = "idconv"
    label = "PMC ID converter"
    kind = "pmcid"
    folder = "id"
    not_found = ""  # the report words a PMCID the converter does not know
    supplies = frozenset({"pmid", "doi"})
    batch_size = BATCH_SIZE

    def __init__(self, options: Options, http: HttpClient | None) -> None:
        self.client = IdConverterClient(options, http) if http else None

    def fetch_many(self, keys: list[str]) -> dict[str, Answer]:
        records, url = connected(self.client, self.label).convert(keys)
        return answers(records, keys, url)

    def parse(self, payload: str, identifier: Identifier) -> Record:
        """A record holding only the PMID and DOI the converter names."""
        try:
            rec = json.loads(payload)
        except ValueError as exc:
            raise BadResponse("PMC ID converter: the cached answer is not JSON") from exc
        if not isinstance(rec, dict):
            raise BadResponse("PMC ID converter: the cached answer is not a record")
        return Record(
            source=self.name,
            identifier=identifier,
            pmid=str(rec["pmid"]) if rec.get("pmid") else None,
            doi=str(rec["doi"]).lower() if rec.get("doi") else None,
            pmcid=identifier.value,
        )
