"""Resolution against the registry stand-in: batching, caching, retries and faults.

Every test talks HTTP to a real server on 127.0.0.1 through the same options users have.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from asrefs.models import Problem, Reference
from asrefs.resolve.backend import open_store
from asrefs.resolve.resolver import Resolver
from conftest import server_options

DOI1 = "10.1186/s13287-025-04184-x"
DOI5 = "10.3389/fimmu.2025.1613502"
PMID2 = "40160686"


def ref(i: int, **ids: str) -> Reference:
    return Reference(index=i, raw=f"reference {i}", line=i, **ids)


def resolve(
    server: Any, tmp_path: Path, refs: list[Reference], **extra: Any
) -> tuple[Any, Resolver]:
    resolver = Resolver.create(server_options(server, tmp_path, **extra))
    try:
        return resolver.resolve(refs), resolver
    finally:
        resolver.close()


def crossref_lists(server: Any) -> int:
    return sum(1 for r in server.requests if r.path == "/crossref/works" and "filter" in r.query)


def test_120_dois_in_batches_of_50_make_3_list_requests(registry: Any, tmp_path: Path) -> None:
    dois = registry.store.add_synthetic(120, start=5000, pubmed=False)
    results, _ = resolve(registry, tmp_path, [ref(i, doi=d.lower()) for i, d in enumerate(dois, 1)])
    assert crossref_lists(registry) == 3
    assert registry.requests.count("/crossref/works/") == 0  # no single-work calls
    assert all("crossref" in r.records for r in results)
    # matched back by DOI whatever the order and case the server used
    for r in results:
        assert r.records["crossref"].doi == r.reference.doi


def test_a_warm_cache_makes_no_request(registry: Any, tmp_path: Path) -> None:
    refs = [ref(1, doi=DOI1), ref(2, doi="10.4252/wjsc.v17.i3.98911", pmid=PMID2), ref(3, doi=DOI5)]
    cold, _ = resolve(registry, tmp_path, refs)
    assert len(registry.requests) > 0
    registry.requests.clear()
    warm, _ = resolve(registry, tmp_path, refs)
    assert len(registry.requests) == 0
    assert [sorted(r.records) for r in warm] == [sorted(r.records) for r in cold]
    assert sorted(cold[0].records) == ["crossref", "pubmed"]  # DOI -> PMID through ESearch


def test_offline_reads_only_the_cache(registry: Any, tmp_path: Path) -> None:
    results, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)], offline=True)
    assert len(registry.requests) == 0
    assert results[0].problem is Problem.NOT_CACHED


def test_429_with_retry_after_is_retried_after_a_second(registry: Any, tmp_path: Path) -> None:
    registry.faults.rate_limited("/crossref/works", retry_after="1")
    results, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    hits = [r for r in registry.requests if r.path == "/crossref/works"]
    assert len(hits) == 2
    assert hits[1].time - hits[0].time >= 1.0
    assert "crossref" in results[0].records


def test_503_then_200_succeeds(registry: Any, tmp_path: Path) -> None:
    registry.faults.status("/crossref/works", 503)
    registry.faults.status("/eutils/efetch", 503)
    results, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    assert sorted(results[0].records) == ["crossref", "pubmed"]


def test_timeout_then_200_succeeds(registry: Any, tmp_path: Path) -> None:
    registry.faults.delay("/crossref/works", 2.0)
    results, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)], timeout=0.5)
    assert "crossref" in results[0].records
    assert crossref_lists(registry) == 2


def test_persistent_500_is_unavailable_and_others_are_verified(
    registry: Any, tmp_path: Path
) -> None:
    registry.faults.status("/eutils/efetch", 500, times=50)
    refs = [ref(1, doi=DOI1), ref(2, pmid=PMID2)]
    results, _ = resolve(registry, tmp_path, refs, max_attempts=3)
    assert "crossref" in results[0].records  # Crossref still answered for the first
    assert results[1].problem is Problem.UNAVAILABLE
    assert registry.requests.count("/eutils/efetch") >= 3


@pytest.mark.parametrize("fault", ["truncate", "html200", "wrong_content_type", "json_garbage"])
def test_broken_bodies_never_crash(registry: Any, tmp_path: Path, fault: str) -> None:
    getattr(registry.faults, fault)("/crossref/works", times=20)
    results, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)], max_attempts=2)
    lookup = next(lk for lk in results[0].lookups if lk.source == "crossref")
    if fault == "wrong_content_type":  # the body is a valid work: the label does not matter
        assert lookup.record is not None and lookup.record.doi == DOI1
    elif fault == "json_garbage":  # well-formed JSON with wrong fields: parsed as unknowns
        assert lookup.problem in (None, Problem.UNAVAILABLE, Problem.NOT_FOUND)
    else:
        assert lookup.problem is Problem.UNAVAILABLE


def test_connection_reset_is_unavailable_then_recovers(registry: Any, tmp_path: Path) -> None:
    registry.faults.reset("/crossref/works")
    results, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    assert "crossref" in results[0].records


def test_a_dripping_response_is_abandoned_at_the_deadline(registry: Any, tmp_path: Path) -> None:
    registry.faults.drip("/crossref/works", 30.0, times=5)
    start = time.monotonic()
    results, _ = resolve(
        registry, tmp_path, [ref(1, doi=DOI1)], request_deadline=1.0, max_attempts=2
    )
    assert time.monotonic() - start < 10
    lookup = next(lk for lk in results[0].lookups if lk.source == "crossref")
    assert lookup.problem is Problem.UNAVAILABLE


def test_a_huge_response_is_capped(registry: Any, tmp_path: Path) -> None:
    registry.faults.huge("/crossref/works", times=5)
    results, _ = resolve(
        registry, tmp_path, [ref(1, doi=DOI1)], max_response_bytes=1024 * 1024, max_attempts=2
    )
    lookup = next(lk for lk in results[0].lookups if lk.source == "crossref")
    assert lookup.problem is Problem.UNAVAILABLE


def test_a_doi_crossref_lacks_and_datacite_registered_is_datacites(
    registry: Any, tmp_path: Path
) -> None:
    doi = "10.2312/geowissenschaften.1989.7.181"  # a DataCite DOI of no prefix known here
    results, _ = resolve(registry, tmp_path, [ref(1, doi=doi)])
    assert results[0].records["datacite"].title == (
        "An Overview of the Geology of Canadian Gold Occurrences"
    )
    asked = [r.path for r in registry.requests if "pubmed" not in r.path and "eutils" not in r.path]
    assert f"/crossref/works/{doi}/agency" in asked
    assert f"/datacite/dois/{doi}" in asked


def test_a_datacite_prefix_goes_straight_to_datacite(registry: Any, tmp_path: Path) -> None:
    doi = "10.48550/arxiv.1902.02534"
    results, _ = resolve(registry, tmp_path, [ref(1, doi=doi)])
    assert results[0].records["datacite"].arxiv == "1902.02534"
    assert not [r for r in registry.requests if r.path.startswith("/crossref")]


def test_a_medra_doi_is_other_agency(registry: Any, tmp_path: Path) -> None:
    results, _ = resolve(registry, tmp_path, [ref(1, doi="10.1430/8105")])
    lookup = results[0].lookups[0]
    assert lookup.problem is Problem.OTHER_AGENCY
    assert lookup.agency == "medra"
    assert registry.requests.count("/datacite") == 0


def test_a_doi_no_agency_knows_is_not_found(registry: Any, tmp_path: Path) -> None:
    results, _ = resolve(registry, tmp_path, [ref(1, doi="10.9999/asrefs.does-not-exist")])
    assert results[0].problem is Problem.NOT_FOUND


def test_a_missing_pmid_is_not_found(registry: Any, tmp_path: Path) -> None:
    results, _ = resolve(registry, tmp_path, [ref(1, pmid="99999999")])
    assert results[0].problem is Problem.NOT_FOUND


def test_a_hostile_doi_stays_inside_the_cache_folder(registry: Any, tmp_path: Path) -> None:
    resolve(registry, tmp_path, [ref(1, doi="10.1234/../../x")])
    cache = (tmp_path / "cache").resolve()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.resolve().is_relative_to(cache) for p in written)


def test_a_doi_with_a_comma_goes_alone_through_habanero(registry: Any, tmp_path: Path) -> None:
    work = dict(registry.store.get_work(DOI5))
    work["DOI"] = "10.5555/asrefs,comma"
    registry.store.add_crossref_work(work)
    results, _ = resolve(registry, tmp_path, [ref(1, doi="10.5555/asrefs,comma"), ref(2, doi=DOI1)])
    assert "crossref" in results[0].records
    single = [r for r in registry.requests if r.path.startswith("/crossref/works/10.5555")]
    assert len(single) == 1
    assert "habanero" in single[0].headers.get("user-agent", "")


def test_polite_identification_on_every_request(registry: Any, tmp_path: Path) -> None:
    resolve(registry, tmp_path, [ref(1, doi=DOI1)], ncbi_api_key="k123")
    for r in registry.requests:
        if r.path.startswith("/crossref"):
            assert "mailto:tests@example.org" in r.headers["user-agent"]
            assert r.headers["user-agent"].startswith("asrefs/")
        else:
            assert r.query.get("tool") == "asrefs"
            assert r.query.get("email") == "tests@example.org"
            assert r.query.get("api_key") == "k123"


def test_pmcid_only_reference_goes_through_the_id_converter(registry: Any, tmp_path: Path) -> None:
    results, _ = resolve(registry, tmp_path, [ref(1, pmcid="PMC12289492")])
    assert registry.requests.count("/idconv") == 1
    assert "pubmed" in results[0].records


def test_run_deadline_leaves_lookups_unavailable(registry: Any, tmp_path: Path) -> None:
    registry.faults.status("/crossref/works", 503, times=100)
    start = time.monotonic()
    results, _ = resolve(
        registry, tmp_path, [ref(1, doi=DOI1)], deadline=1.5, max_attempts=100, backoff=0.2
    )
    assert time.monotonic() - start < 6
    lookup = next(lk for lk in results[0].lookups if lk.source == "crossref")
    assert lookup.problem is Problem.UNAVAILABLE


def test_reference_without_identifier_gets_a_suggestion(registry: Any, tmp_path: Path) -> None:
    work = registry.store.get_work(DOI5)
    title = work["title"][0]
    r = dataclasses.replace(
        ref(1),
        raw=f"Ke M, Liu W, Lu H. {title}. Front Immunol. 2025;16:1613502.",
        title=title,
        year=2025,
        volume="16",
    )
    from asrefs.models import Author

    r = dataclasses.replace(r, authors=(Author("Ke", "M"),))
    results, _ = resolve(registry, tmp_path, [r])
    assert results[0].suggestion is not None
    assert results[0].suggestion.doi == DOI5


def test_pmcids_in_one_converter_call_each_keep_their_own_answer(
    registry: Any, tmp_path: Path
) -> None:
    refs = [ref(1, pmcid="PMC12289492"), ref(2, pmcid="PMC99999999")]
    results, _ = resolve(registry, tmp_path, refs)
    assert registry.requests.count("/idconv") == 1
    assert "pubmed" in results[0].records
    assert results[1].problem is Problem.NOT_FOUND


def test_cached_records_are_parsed_once_and_reparsed_by_a_new_parser(
    registry: Any, tmp_path: Path
) -> None:

    cold, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    store = open_store(server_options(registry, tmp_path))
    entry = store.get("crossref", "work", DOI1)
    assert entry is not None and entry.parsed is not None and entry.parsed_by is not None
    assert entry.parsed["title"] == cold[0].records["crossref"].title
    assert entry.parsed_by.startswith("crossref/")
    # a record parsed by another parser version is not trusted: the raw payload is parsed
    stale = {**entry.parsed, "title": "stale"}
    store.put(dataclasses.replace(entry, parsed=stale, parsed_by="crossref/old"))
    store.close()
    registry.requests.clear()
    warm, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    assert len(registry.requests) == 0
    assert warm[0].records["crossref"] == cold[0].records["crossref"]


def test_progress_reports_each_registry_to_the_end(registry: Any, tmp_path: Path) -> None:
    dois = registry.store.add_synthetic(120, start=7000)
    calls: list[tuple[str, int, int | None]] = []
    resolver = Resolver.create(server_options(registry, tmp_path))
    try:
        resolver.resolve(
            [ref(i, doi=d.lower()) for i, d in enumerate(dois, 1)],
            progress=lambda stage, done, total: calls.append((stage, done, total)),
        )
    finally:
        resolver.close()
    for stage in ("crossref", "pubmed"):
        seen = [(done, total) for s, done, total in calls if s == stage]
        assert seen[0] == (0, 120) and seen[-1] == (120, 120)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_an_unreadable_cached_payload_is_fetched_again_online(
    registry: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:

    cold, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    store = open_store(server_options(registry, tmp_path))
    entry = store.get("crossref", "work", DOI1)
    assert entry is not None
    store.put(dataclasses.replace(entry, payload="{not json", parsed=None, parsed_by=None))

    offline, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)], offline=True)
    lookup = next(lk for lk in offline[0].lookups if lk.source == "crossref")
    assert lookup.problem is Problem.UNAVAILABLE  # offline there is nothing else to read

    registry.requests.clear()
    warm, _ = resolve(registry, tmp_path, [ref(1, doi=DOI1)])
    assert warm[0].records["crossref"] == cold[0].records["crossref"]
    assert [r.path for r in registry.requests] == [f"/crossref/works/{DOI1}"]
    assert "cannot be read; fetching it again" in caplog.text
    mended = store.get("crossref", "work", DOI1)  # the cache is mended
    assert mended is not None and mended.payload != "{not json"
    store.close()


def test_the_run_deadline_also_cuts_a_response_being_read(registry: Any, tmp_path: Path) -> None:
    registry.faults.drip("/crossref/works", 30.0, times=5)
    start = time.monotonic()
    results, _ = resolve(
        registry, tmp_path, [ref(1, doi=DOI1)], deadline=1.5, request_deadline=30.0, max_attempts=5
    )
    assert time.monotonic() - start < 8  # not the 30 s the request alone may take
    lookup = next(lk for lk in results[0].lookups if lk.source == "crossref")
    assert lookup.problem is Problem.UNAVAILABLE
