"""The local registry stand-in (tests/standin), seen from a client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest

pytest.importorskip("werkzeug")
requests = pytest.importorskip("requests")

from conftest import RECORDS, SAMPLES  # noqa: E402
from standin import (  # noqa: E402
    RecordStore,
    RegistryServer,
    sample_store,
    synthetic_doi,
    synthetic_pmid,
    synthetic_pubmed,
    synthetic_work,
)

DOI1 = "10.1186/s13287-025-04184-x"  # registry-records, PMID 39934871
DOI5 = "10.3389/fimmu.2025.1613502"  # registry-records, PMID 40718480
PLOS = "10.1371/journal.pone.0033693"  # api-samples
SICI = "10.1890/0012-9615(1999)069[0569:EDILSA]2.0.CO;2"
T = 5  # seconds: every request in these tests has a timeout


def _store() -> RecordStore:
    store = sample_store(RECORDS, SAMPLES)
    store.add_synthetic(25)
    store.add_crossref_work(
        {
            "DOI": SICI,
            "type": "journal-article",
            "title": ["EVOLUTIONARY DIVERGENCES IN LIZARD SPECIES"],
            "author": [{"given": "A", "family": "Example", "sequence": "first"}],
            "container-title": ["Ecological Monographs"],
            "issued": {"date-parts": [[1999]]},
        }
    )
    store.set_agency("10.5061/dryad.x", "datacite")
    store.set_agency("10.13003/5jchdy", "medra")
    return store


@pytest.fixture(scope="module")
def server() -> Iterator[RegistryServer]:
    with RegistryServer(_store()) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _fresh(server: RegistryServer) -> Iterator[None]:
    server.faults.clear()
    server.requests.clear()
    yield
    server.faults.clear()
    server.latency = 0.0
    server.rate_limit = None
    server.concurrency_limit = None


def work_url(server: RegistryServer, doi: str) -> str:
    return f"{server.crossref_url}/works/{doi}"


# ---------------------------------------------------------------------------- store


def test_sample_store_holds_the_recorded_works() -> None:
    store = sample_store(RECORDS, SAMPLES)
    assert store.get_work(DOI1.upper()) is not None
    assert store.get_work(PLOS) is not None
    assert {"39934871", "40160686", "40718480", "1234567", "23121403"} <= set(store.pubmed)
    assert store.find_pmc("29915538") is not None  # from the ArticleIdList's pmc id


def test_synthetic_records_are_distinct_and_consistent() -> None:
    works = [synthetic_work(i) for i in range(1200)]
    assert len({w["DOI"] for w in works}) == 1200
    assert len({w["title"][0] for w in works}) == 1200
    assert works[7]["DOI"] == synthetic_doi(7) == "10.5555/asrefs.bench.7"
    xml = synthetic_pubmed(7)
    assert f'<PMID Version="1">{synthetic_pmid(7)}</PMID>' in xml
    assert synthetic_doi(7) in xml
    store = RecordStore()
    store.add_pubmed_article(synthetic_pmid(7), xml)
    assert store.pubmed[synthetic_pmid(7)] == xml


def test_a_whole_pubmed_article_set_is_split() -> None:
    store = RecordStore()
    body = "<PubmedArticleSet>" + synthetic_pubmed(1) + synthetic_pubmed(2) + "</PubmedArticleSet>"
    assert store.add_pubmed_article(None, body) == [synthetic_pmid(1), synthetic_pmid(2)]


# ------------------------------------------------------------------ Crossref: one work


def test_single_work(server: RegistryServer) -> None:
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-rate-limit-limit"] == "5"
    assert r.headers["x-rate-limit-interval"] == "1s"
    assert r.headers["x-concurrency-limit"] == "1"
    assert r.headers["x-api-pool"] == "public"
    assert "\\/" in r.text  # Crossref escapes slashes
    body = r.json()
    assert body["status"] == "ok"
    assert body["message-type"] == "work"
    assert body["message-version"] == "1.0.0"
    assert body["message"]["DOI"] == DOI1


@pytest.mark.parametrize(
    "headers,params",
    [({"User-Agent": "asrefs/0.1 (mailto:t@example.org)"}, {}), ({}, {"mailto": "t@example.org"})],
)
def test_polite_pool(
    server: RegistryServer, headers: dict[str, str], params: dict[str, str]
) -> None:
    r = requests.get(work_url(server, DOI1), headers=headers, params=params, timeout=T)
    assert r.headers["x-api-pool"] == "polite"
    assert r.headers["x-rate-limit-limit"] == "10"
    assert r.headers["x-concurrency-limit"] == "3"


@pytest.mark.parametrize(
    "doi",
    [DOI1.upper(), quote(DOI1, safe=""), quote(SICI, safe=""), quote(SICI, safe="/();:")],
)
def test_single_work_case_and_encoding(server: RegistryServer, doi: str) -> None:
    r = requests.get(work_url(server, doi), timeout=T)
    assert r.status_code == 200, doi
    assert r.json()["message"]["DOI"].lower() in (DOI1, SICI.lower())


def test_single_work_404(server: RegistryServer) -> None:
    r = requests.get(work_url(server, "10.1371/notarealdoi"), timeout=T)
    assert r.status_code == 404
    assert r.headers["content-type"] == "text/plain"
    assert r.content == b"Resource not found."
    assert r.headers["x-api-pool"] == "public"


def test_agency(server: RegistryServer) -> None:
    r = requests.get(work_url(server, DOI1) + "/agency", timeout=T)
    assert r.json() == {
        "status": "ok",
        "message-type": "work-agency",
        "message-version": "1.0.0",
        "message": {"DOI": DOI1, "agency": {"id": "crossref", "label": "Crossref"}},
    }
    assert requests.get(work_url(server, "10.5061/dryad.x"), timeout=T).status_code == 404
    r = requests.get(work_url(server, "10.5061/DRYAD.X") + "/agency", timeout=T)
    assert r.json()["message"]["agency"] == {"id": "datacite", "label": "DataCite"}
    r = requests.get(work_url(server, "10.13003/5jchdy") + "/agency", timeout=T)
    assert r.json()["message"]["agency"]["id"] == "medra"
    r = requests.get(work_url(server, "10.9999/unknown") + "/agency", timeout=T)
    assert r.status_code == 404
    assert r.text == "Resource not found."


def test_query_parameters_on_a_single_work_are_refused(server: RegistryServer) -> None:
    r = requests.get(work_url(server, DOI1), params={"query.author": "x"}, timeout=T)
    assert r.status_code == 400
    assert r.json()["message-type"] == "validation-failure"


# ------------------------------------------------------------------ Crossref: lists


def test_filter_batch(server: RegistryServer) -> None:
    asked = [DOI1.upper(), "10.9999/missing", DOI5, PLOS, synthetic_doi(3)]
    flt = ",".join(f"doi:{d}" for d in asked)
    r = requests.get(f"{server.crossref_url}/works", params={"filter": flt, "rows": 10}, timeout=T)
    assert r.status_code == 200
    assert r.headers["x-rate-limit-limit"] == "1"  # the list pool is slower
    body = r.json()
    assert body["message-type"] == "work-list"
    msg = body["message"]
    assert msg["total-results"] == 4
    assert msg["items-per-page"] == 10
    assert msg["query"] == {"start-index": 0, "search-terms": None}
    got = [item["DOI"] for item in msg["items"]]
    existing = [d.lower() for d in asked if d != "10.9999/missing"]
    assert sorted(got) == sorted(existing)
    assert got != existing  # another order than asked for
    assert all(d == d.lower() for d in got)


def test_filter_batch_rows(server: RegistryServer) -> None:
    flt = ",".join(f"doi:{synthetic_doi(i)}" for i in range(25))
    url = f"{server.crossref_url}/works"
    msg = requests.get(url, params={"filter": flt, "rows": 3}, timeout=T).json()["message"]
    assert len(msg["items"]) == 3
    assert msg["total-results"] == 25
    msg = requests.get(url, params={"filter": flt}, timeout=T).json()["message"]
    assert len(msg["items"]) == 20  # the default rows
    msg = requests.get(url, params={"filter": flt, "rows": 25}, timeout=T).json()["message"]
    assert len(msg["items"]) == 25
    r = requests.get(url, params={"filter": flt, "rows": 1001}, timeout=T)
    assert r.status_code == 400


def test_bibliographic_query_ranks_the_right_work_first(server: RegistryServer) -> None:
    ref = (
        "Ke M, Liu W, Lu H, et al. Breaking boundaries in ankylosing spondylitis: how "
        "innovative cell therapies reshape immunity. Front Immunol. 2025;16:1613502."
    )
    r = requests.get(
        f"{server.crossref_url}/works",
        params={"query.bibliographic": ref, "rows": 5, "select": "DOI,title,score"},
        timeout=T,
    )
    items = r.json()["message"]["items"]
    assert items[0]["DOI"] == DOI5
    assert isinstance(items[0]["score"], float)
    assert items[0]["score"] > 50
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert set(items[0]) == {"DOI", "title", "score"}

    w = synthetic_work(11)
    author = w["author"][0]["family"]
    ref = f"{author}. {w['title'][0]}. {w['container-title'][0]}. {w['issued']['date-parts'][0][0]}"
    r = requests.get(
        f"{server.crossref_url}/works", params={"query.bibliographic": ref, "rows": 2}, timeout=T
    )
    assert r.json()["message"]["items"][0]["DOI"] == synthetic_doi(11)


# ---------------------------------------------------------------------- E-utilities


def test_esearch_doi_xml(server: RegistryServer) -> None:
    r = requests.get(
        f"{server.pubmed_url}/esearch.fcgi",
        params={"db": "pubmed", "term": f'"{DOI1.upper()}"[doi]'},
        timeout=T,
    )
    assert r.headers["content-type"] == "text/xml; charset=UTF-8"
    assert r.headers["X-RateLimit-Limit"] == "3"
    assert '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN"' in r.text
    assert "<Count>1</Count>" in r.text
    assert "<Id>39934871</Id>" in r.text


def test_esearch_json_and_api_key(server: RegistryServer) -> None:
    r = requests.get(
        f"{server.pubmed_url}/esearch.fcgi",
        params={"db": "pubmed", "term": f"{DOI5}[doi]", "retmode": "json", "api_key": "k"},
        timeout=T,
    )
    assert r.headers["X-RateLimit-Limit"] == "10"
    res = r.json()["esearchresult"]
    assert res["count"] == "1"
    assert res["idlist"] == ["40718480"]
    r = requests.get(
        f"{server.pubmed_url}/esearch.fcgi",
        params={"db": "pubmed", "term": '"10.9999/none"[doi]', "retmode": "json"},
        timeout=T,
    )
    assert r.json()["esearchresult"]["count"] == "0"
    assert r.json()["esearchresult"]["idlist"] == []


def test_esearch_title(server: RegistryServer) -> None:
    r = requests.get(
        f"{server.pubmed_url}/esearch.fcgi",
        params={"db": "pubmed", "term": "mesenchymal stromal cell transplantation[title]"},
        timeout=T,
    )
    assert "<Id>39934871</Id>" in r.text


def test_efetch_get_and_post(server: RegistryServer) -> None:
    ids = "39934871,99999999,40160686"
    url = f"{server.pubmed_url}/efetch.fcgi"
    get = requests.get(url, params={"db": "pubmed", "id": ids, "retmode": "xml"}, timeout=T)
    post = requests.post(url, data={"db": "pubmed", "id": ids, "retmode": "xml"}, timeout=T)
    for r in (get, post):
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/xml; charset=UTF-8"
        lines = r.text.splitlines()
        assert lines[0] == '<?xml version="1.0" ?>'
        assert lines[1].startswith('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle')
        assert r.text.count("<PubmedArticle>") == 2
        assert '<PMID Version="1">39934871</PMID>' in r.text
        assert '<PMID Version="1">40160686</PMID>' in r.text
    assert server.requests[-1].method == "POST"
    assert b"id=39934871" in server.requests[-1].body


def test_ecitmatch(server: RegistryServer) -> None:
    bdata = "stem cell res ther|2025|16|65|zeng l|ref1|\rnature|1999|1|1|nobody x|ref2|"
    r = requests.get(
        f"{server.pubmed_url}/ecitmatch.cgi",
        params={"db": "pubmed", "retmode": "xml", "bdata": bdata},
        timeout=T,
    )
    assert r.text.splitlines() == [
        "stem cell res ther|2025|16|65|zeng l|ref1|39934871",
        "nature|1999|1|1|nobody x|ref2|NOT_FOUND",
    ]


# --------------------------------------------------------------------------- idconv


def test_idconv(server: RegistryServer) -> None:
    r = requests.get(
        server.idconv_url,
        params={"ids": "10.3389/fphar.2018.00576,10.9999/none", "format": "json"},
        timeout=T,
    )
    assert r.headers["content-type"] == "application/json; charset=ISO-8859-1"
    body = r.json()
    assert body["status"] == "ok"
    assert {"responseDate", "request", "records"} <= set(body)
    known, unknown = body["records"]
    assert (known["pmcid"], known["pmid"], known["doi"]) == (
        "PMC5994433",
        "29915538",
        "10.3389/fphar.2018.00576",
    )
    assert unknown == {
        "requested-id": "10.9999/none",
        "status": "error",
        "errmsg": "Identifier not found in PMC",
    }


# ---------------------------------------------------------------------------- faults


def test_rate_limited_429_then_normal_service(server: RegistryServer) -> None:
    server.faults.rate_limited("/crossref/works")
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "1"
    assert r.headers["content-type"] == "text/html"
    assert "<html>" in r.text
    assert r.headers["x-rate-limit-limit"] == "5"
    assert requests.get(work_url(server, DOI1), timeout=T).status_code == 200
    assert server.faults.pending() == 0


@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_server_errors(server: RegistryServer, code: int) -> None:
    server.faults.status("/crossref/works", code)
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.status_code == code
    assert str(code) in r.text


def test_faults_are_consumed_in_order_and_by_prefix(server: RegistryServer) -> None:
    server.faults.status("/eutils/efetch", 502)
    server.faults.status("/crossref/works", 503)
    server.faults.status("/crossref/works", 504)
    assert requests.get(work_url(server, DOI1), timeout=T).status_code == 503
    assert requests.get(work_url(server, DOI1), timeout=T).status_code == 504
    assert requests.get(work_url(server, DOI1), timeout=T).status_code == 200
    assert server.faults.pending("/eutils/efetch") == 1
    r = requests.get(f"{server.pubmed_url}/efetch.fcgi", params={"id": "39934871"}, timeout=T)
    assert r.status_code == 502


@pytest.mark.parametrize("status", [429, 200])
def test_ncbi_rate_limit_body(server: RegistryServer, status: int) -> None:
    server.faults.ncbi_rate_limit("/eutils/esearch", status=status)
    r = requests.get(
        f"{server.pubmed_url}/esearch.fcgi", params={"term": f"{DOI1}[doi]"}, timeout=T
    )
    assert r.status_code == status
    assert r.json() == {"error": "API rate limit exceeded", "count": "11"}


def test_delay(server: RegistryServer) -> None:
    server.faults.delay("/crossref/works", 0.3)
    start = time.monotonic()
    assert requests.get(work_url(server, DOI1), timeout=T).status_code == 200
    assert time.monotonic() - start >= 0.3
    server.faults.delay("/crossref/works", 0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(work_url(server, DOI1), timeout=0.1)


def test_drip_never_trips_a_read_timeout(server: RegistryServer) -> None:
    server.faults.drip("/crossref/works", 0.5)
    start = time.monotonic()
    r = requests.get(work_url(server, DOI1), timeout=(T, 0.25))
    assert time.monotonic() - start >= 0.45  # the whole body took longer than the timeout
    assert r.json()["message"]["DOI"] == DOI1


def test_truncate(server: RegistryServer) -> None:
    server.faults.truncate("/crossref/works")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(work_url(server, DOI1), timeout=T)
    server.faults.truncate("/crossref/works", declare_length=False)
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.status_code == 200
    full = requests.get(work_url(server, DOI1), timeout=T).content
    assert r.content == full[: len(full) // 2]
    with pytest.raises(ValueError):
        json.loads(r.content)


def test_html200(server: RegistryServer) -> None:
    server.faults.html200("/crossref/works")
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html"
    assert r.text.startswith("<!DOCTYPE html>")


def test_wrong_content_type(server: RegistryServer) -> None:
    server.faults.wrong_content_type("/crossref/works")
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.headers["content-type"].startswith("text/html")
    assert r.json()["message"]["DOI"] == DOI1


def test_huge(server: RegistryServer) -> None:
    n = 3_000_000
    server.faults.huge("/crossref/works", n)
    with requests.get(work_url(server, DOI1), stream=True, timeout=T) as r:
        assert "content-length" not in r.headers  # chunked: the size is only known at the end
        assert sum(len(c) for c in r.iter_content(65536)) == n
    server.faults.huge("/eutils/efetch", 200_000, declare_length=True)
    r = requests.get(f"{server.pubmed_url}/efetch.fcgi", params={"id": "1"}, timeout=T)
    assert r.headers["content-length"] == "200000"
    assert r.text.endswith("</PubmedArticleSet>")


@pytest.mark.parametrize("kind", ["xml_bomb", "xxe"])
def test_hostile_xml(server: RegistryServer, kind: str) -> None:
    getattr(server.faults, kind)()
    r = requests.get(f"{server.pubmed_url}/efetch.fcgi", params={"id": "39934871"}, timeout=T)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/xml; charset=UTF-8"
    assert "<!ENTITY" in r.text
    if kind == "xxe":
        assert "file:///etc/passwd" in r.text
    defused = pytest.importorskip("defusedxml.ElementTree")
    with pytest.raises(Exception, match="Entities"):
        defused.fromstring(r.content)


def test_reset_gives_a_connection_error(server: RegistryServer) -> None:
    server.faults.reset("/crossref/works")
    with pytest.raises(requests.exceptions.ConnectionError) as info:
        requests.get(work_url(server, DOI1), timeout=T)
    assert "reset" in str(info.value).lower()
    server.faults.disconnect("/eutils/efetch")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(f"{server.pubmed_url}/efetch.fcgi", data={"id": "1"}, timeout=T)
    assert requests.get(work_url(server, DOI1), timeout=T).status_code == 200


def test_json_garbage(server: RegistryServer) -> None:
    server.faults.json_garbage("/crossref/works")
    r = requests.get(work_url(server, DOI1), timeout=T)
    assert r.headers["content-type"] == "application/json"
    msg = r.json()["message"]
    assert msg["DOI"] is None
    assert not isinstance(msg["title"], list)


# ------------------------------------------------------------- latency, rate limits


def test_latency(server: RegistryServer) -> None:
    server.latency = 0.2
    start = time.monotonic()
    requests.get(work_url(server, DOI1), timeout=T)
    assert time.monotonic() - start >= 0.2


def test_rate_limit(server: RegistryServer) -> None:
    server.rate_limit = {"crossref-single": 2}
    codes = [requests.get(work_url(server, DOI1), timeout=T) for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].headers["Retry-After"] == "1"
    assert codes[0].headers["x-rate-limit-limit"] == "2"
    # Other families are not limited.
    r = requests.get(f"{server.pubmed_url}/efetch.fcgi", params={"id": "1"}, timeout=T)
    assert r.status_code == 200


def test_concurrency_limit(server: RegistryServer) -> None:
    server.concurrency_limit = {"crossref-single": 1}
    server.latency = 0.3
    codes: list[int] = []

    def get() -> None:
        codes.append(requests.get(work_url(server, DOI1), timeout=T).status_code)

    threads = [threading.Thread(target=get) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 429]


# ------------------------------------------------------------------------- recording


def test_request_recording(server: RegistryServer) -> None:
    requests.get(
        work_url(server, DOI1), headers={"User-Agent": "asrefs-test (mailto:t@example.org)"},
        timeout=T,
    )  # fmt: skip
    requests.get(f"{server.crossref_url}/works", params={"filter": f"doi:{DOI1}"}, timeout=T)
    requests.get(f"{server.pubmed_url}/esearch.fcgi", params={"term": "x[doi]"}, timeout=T)
    assert server.requests.count() == 3
    assert server.requests.count("/crossref/works") == 2
    assert server.requests.count("/eutils") == 1
    first = server.requests[0]
    assert first.method == "GET"
    assert first.path == f"/crossref/works/{DOI1}"
    assert first.headers["user-agent"] == "asrefs-test (mailto:t@example.org)"
    assert first.status == 200
    assert first.time <= time.time()
    assert server.requests[1].query == {"filter": f"doi:{DOI1}"}
    server.requests.clear()
    assert server.requests.count() == 0


# -------------------------------------------------------------------------- habanero


def test_habanero_against_the_server(server: RegistryServer) -> None:
    habanero = pytest.importorskip("habanero")
    cr = habanero.Crossref(base_url=server.crossref_url, mailto="t@example.org")
    res = cr.works(ids=DOI1)
    assert res["message"]["DOI"] == DOI1
    assert "mailto:t@example.org" in server.requests[-1].headers["user-agent"]
    res = cr.works(filter={"doi": [DOI1, DOI5]}, limit=2)
    assert sorted(i["DOI"] for i in res["message"]["items"]) == sorted([DOI1, DOI5])
    assert server.requests[-1].query == {"filter": f"doi:{DOI1},doi:{DOI5}", "rows": "2"}


def test_habanero_errors(server: RegistryServer) -> None:
    """What habanero raises (httpx2 underneath): the asrefs client must catch these."""
    habanero = pytest.importorskip("habanero")
    httpx2 = pytest.importorskip("httpx2")
    cr = habanero.Crossref(base_url=server.crossref_url, timeout=0.3)
    with pytest.raises(httpx2.HTTPStatusError) as info:
        cr.works(ids="10.9999/missing")
    assert info.value.response.status_code == 404
    server.faults.rate_limited("/crossref/works")
    with pytest.raises(httpx2.HTTPStatusError) as info:
        cr.works(ids=DOI1)
    assert info.value.response.headers["retry-after"] == "1"
    server.faults.status("/crossref/works", 503)
    with pytest.raises(httpx2.HTTPStatusError):
        cr.works(filter={"doi": [DOI1]})
    server.faults.reset("/crossref/works")
    with pytest.raises(httpx2.ReadError):
        cr.works(ids=DOI1)
    server.faults.reset("/crossref/works")
    with pytest.raises(RuntimeError):  # list routes wrap transport errors in RuntimeError
        cr.works(filter={"doi": [DOI1]})
    server.faults.delay("/crossref/works", 0.6)
    with pytest.raises(httpx2.ReadTimeout):
        cr.works(ids=DOI1)
    server.faults.html200("/crossref/works")
    with pytest.raises(habanero.RequestError):
        cr.works(ids=DOI1)
    with pytest.raises(habanero.RequestError):  # a JSON 400 from a list route
        cr.works(filter={"nonsense": "x"})
