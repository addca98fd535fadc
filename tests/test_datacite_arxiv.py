"""DataCite and arXiv end to end: ``asrefs verify`` against the registry stand-in, which
answers from the recorded DataCite records, arXiv feeds and Crossref agency answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asrefs.models import Problem, Reference
from asrefs.resolve.resolver import Resolver
from conftest import numbered_article as article
from conftest import run, server_args, server_options, validate_report, verify_report

CROCI = (
    "Heibi I, Peroni S, Shotton D. Crowdsourcing open citations with CROCI -- An analysis of "
    "the current status of open citations, and a proposal. arXiv; 2019. "
    "doi:10.48550/arXiv.1902.02534"
)
PSPM = (
    "Staib M, Castegnetti G, Tzovara A, Paulus PC, Hofer N, Bach DR (2018) PsPM-SC4B: SCR, ECG, "
    "EMG, PSR and respiration measurements in a delay fear conditioning task with auditory CS "
    "and electrical US. Zenodo. doi:10.5281/zenodo.1196821"
)
GEOLOGY = (
    "Mossman DJ. An overview of the geology of Canadian gold occurrences. Die Geowissenschaften. "
    "1989;7(7):181-186. doi:10.2312/geowissenschaften.1989.7.181"
)
HEAT_BATH_WRONG = (
    "Stanley C, Windisch T. Fast mixing of Glauber dynamics on contingency tables. "
    "arXiv:1605.08386, 2016."
)
REST_APIS = (
    "Kim M, Xin Q, Sinha S, Orso A. Automated test generation for REST APIs: no time to rest "
    "yet. arXiv:2204.08348v3, 2022."
)
UNKNOWN = "Nobody A. A work no agency registered. J Nowhere. 2020;1:1-2. doi:10.9999/asrefs.none"
MEDRA = "Prodi R. L'industria dopo l'euro. L'industria. 2002;(4):559-566. doi:10.1430/8105"


def findings_of(report: dict[str, Any], index: int) -> list[dict[str, Any]]:
    return [f for f in report["discrepancies"] if f["ref"] == index]


def test_an_arxiv_doi_and_a_zenodo_doi_are_verified_by_datacite(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify_report(capsys, registry, tmp_path, article(tmp_path, CROCI, PSPM, GEOLOGY))
    validate_report(report)
    refs = report["references"]
    assert [r["status"] for r in refs] == ["verified", "verified", "verified"]
    assert [r["records"]["datacite"]["doi"] for r in refs] == [
        "10.48550/arxiv.1902.02534",
        "10.5281/zenodo.1196821",
        "10.2312/geowissenschaften.1989.7.181",
    ]
    assert refs[0]["records"]["datacite"]["arxiv"] == "1902.02534"
    assert refs[1]["record"]["relations"] == [
        {"type": "is-version-of", "doi": "10.5281/zenodo.1039580"}
    ]
    assert refs[1]["record"]["source"]["title"] == "datacite"
    assert all(r["records"]["crossref"] is None for r in refs)
    assert report["discrepancies"] == []
    # DataCite's own prefixes are not asked of Crossref; the third DOI reached DataCite
    # through Crossref's agency route
    crossref = [(r.path, r.query) for r in registry.requests if r.path.startswith("/crossref")]
    assert not any("10.48550" in f"{p}{q}" or "10.5281" in f"{p}{q}" for p, q in crossref)
    assert ("/crossref/works/10.2312/geowissenschaften.1989.7.181/agency", {}) in crossref


def test_an_arxiv_id_is_resolved_and_a_wrong_title_reported(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify_report(capsys, registry, tmp_path, article(tmp_path, HEAT_BATH_WRONG))
    validate_report(report)
    ref = report["references"][0]
    assert ref["identifiers"]["arxiv"] == "1605.08386"
    assert ref["records"]["arxiv"]["title"] == "Heat-bath random walks with Markov bases"
    assert ref["status"] == "discrepancies"
    found = findings_of(report, 1)
    assert "title-mismatch" in {f["code"] for f in found}
    title = next(f for f in found if f["code"] == "title-mismatch")
    assert title["source"] == "arxiv"
    queries = [r for r in registry.requests if r.path == "/arxiv/query"]
    assert [q.query["id_list"] for q in queries] == ["1605.08386"]


def test_a_preprint_with_a_published_version_gets_the_preprint_finding(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify_report(capsys, registry, tmp_path, article(tmp_path, REST_APIS))
    found = findings_of(report, 1)
    preprint = [f for f in found if f["code"] == "preprint-published"]
    assert len(preprint) == 1
    assert preprint[0]["expected"] == "10.1145/3533767.3534401"
    assert preprint[0]["source"] == "arxiv"
    assert "title-mismatch" not in {f["code"] for f in found}


def test_an_unknown_doi_is_not_found_and_a_medra_doi_is_other_agency(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify_report(capsys, registry, tmp_path, article(tmp_path, UNKNOWN, MEDRA))
    validate_report(report)
    unknown, medra = report["references"]
    assert unknown["problem"] == "not-found" and medra["problem"] == "other-agency"
    assert [f["code"] for f in findings_of(report, 1)] == ["doi-not-found"]
    other = findings_of(report, 2)
    assert [f["code"] for f in other] == ["other-agency"]
    assert "mEDRA" in other[0]["message"] and other[0]["expected"] == "mEDRA"
    assert registry.requests.count("/datacite") == 0


def test_the_text_and_html_reports_name_the_new_registries(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    path = article(tmp_path, HEAT_BATH_WRONG, PSPM)
    args = [*server_args(registry, tmp_path), "--fail-on", "never", str(path)]
    code, out, err = run(capsys, "verify", "--format", "html", *args)
    assert code == 0, err
    assert "arXiv" in out and "DataCite" in out
    code, out, err = run(capsys, "verify", "--format", "text", *args)
    assert code == 0, err
    assert "arXiv" in out  # the title finding says which record it compared with


def resolve(server: Any, tmp_path: Path, refs: list[Reference], **extra: Any) -> Any:
    resolver = Resolver.create(server_options(server, tmp_path, **extra))
    try:
        return resolver.resolve(refs)
    finally:
        resolver.close()


def test_datacite_and_arxiv_retry_a_503_and_a_429(registry: Any, tmp_path: Path) -> None:
    registry.faults.status("/datacite/dois", 503)
    registry.faults.rate_limited("/arxiv/query", retry_after="0")
    results = resolve(
        registry,
        tmp_path,
        [
            Reference(index=1, raw="r1", line=1, doi="10.5281/zenodo.1196821"),
            Reference(index=2, raw="r2", line=2, arxiv="1605.08386"),
        ],
    )
    assert "datacite" in results[0].records and "arxiv" in results[1].records
    assert registry.requests.count("/datacite/dois") == 2
    assert registry.requests.count("/arxiv/query") == 2


def test_a_registry_that_stays_down_leaves_the_reference_unchecked(
    registry: Any, tmp_path: Path
) -> None:
    registry.faults.status("/datacite/dois", 503, times=10)
    registry.faults.delay("/arxiv/query", 5.0, times=10)
    results = resolve(
        registry,
        tmp_path,
        [
            Reference(index=1, raw="r1", line=1, doi="10.48550/arxiv.1902.02534"),
            Reference(index=2, raw="r2", line=2, arxiv="1605.08386"),
        ],
        max_attempts=2,
        timeout=0.5,
    )
    assert [r.problem for r in results] == [Problem.UNAVAILABLE, Problem.UNAVAILABLE]
    assert results[0].unchecked == (("datacite", Problem.UNAVAILABLE),)
    assert results[1].unchecked == (("arxiv", Problem.UNAVAILABLE),)


def test_an_id_arxiv_cannot_read_is_not_found_and_the_others_are_asked_again(
    registry: Any, tmp_path: Path
) -> None:
    results = resolve(
        registry,
        tmp_path,
        [
            Reference(index=1, raw="r1", line=1, arxiv="1605.08386"),
            Reference(index=2, raw="r2", line=2, arxiv="solar-wind/0601001"),
            Reference(index=3, raw="r3", line=3, arxiv="0808.05394"),
        ],
    )
    assert "arxiv" in results[0].records
    assert [r.problem for r in results[1:]] == [Problem.NOT_FOUND, Problem.NOT_FOUND]
    asked = [q.query["id_list"] for q in registry.requests if q.path == "/arxiv/query"]
    assert asked == [
        "1605.08386,solar-wind/0601001,0808.05394",  # 400: solar-wind is no archive
        "1605.08386,0808.05394",
    ]


def test_resolve_prints_an_arxiv_id_and_a_datacite_doi(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    args = [*server_args(registry, tmp_path), "--format", "csl-json"]
    code, out, err = run(capsys, "resolve", *args, "arXiv:1605.08386", "10.5281/zenodo.1196821")
    assert code == 0, err
    items = json.loads(out)
    assert items[0]["title"] == "Heat-bath random walks with Markov bases"
    assert items[1]["DOI"] == "10.5281/zenodo.1196821"
