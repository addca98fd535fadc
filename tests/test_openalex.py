"""OpenAlex end to end: ``asrefs verify`` against the registry stand-in, with and without
an API key. OpenAlex is asked only for what Crossref, DataCite and PubMed did not find."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asrefs.models import Problem, Reference
from asrefs.resolve.resolver import Resolver
from conftest import REF1, run, server_args, server_options, validate_report
from conftest import numbered_article as article

KEY = "test-key"
SICI = "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2"
FENTON = (
    "Fenton A, Rands SA. The impact of parasite manipulation and predator foraging behavior "
    "on predator-prey communities. Ecology. 2006;87(11):2832-2841. "
    "doi:10.1890/0012-9658(2006)87[2832:TIOPMA]2.0.CO;2"
)
CHEMCROW = (
    "Bran AM, Cox S, Schilter O, Baldassari C, White AD, Schwaller P. Augmenting large "
    "language models with chemistry tools. Nat Mach Intell. 2024;6(5):525-535."
)
MIYACHI = "宮地元彦, 山元健太. 体力科学. 2007;56(1):60. doi:10.7600/jspfsm.56.60"
NOTE = "OpenAlex was not asked about"


def verify(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, path: Path, *extra: str
) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), *extra, str(path)
    )
    report = json.loads(out)
    validate_report(report)
    return code, report, err


def openalex_requests(registry: Any) -> list[Any]:
    return [r for r in registry.requests if r.path.startswith("/openalex")]


@pytest.fixture
def jalc(registry: Any) -> Iterator[str]:
    """The Japanese work's DOI, registered (in the stand-in) with JaLC, which asrefs
    cannot ask."""
    doi = "10.7600/jspfsm.56.60"
    registry.store.set_agency(doi, "jalc")
    yield doi
    registry.store.agencies.pop(doi, None)


def test_a_doi_only_openalex_holds_is_verified_with_a_key(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    code, report, err = verify(
        capsys, registry, tmp_path, article(tmp_path, FENTON), "--openalex-key", KEY
    )
    [ref] = report["references"]
    assert (code, ref["status"], ref["problem"]) == (0, "verified", None)
    assert ref["records"]["openalex"]["doi"] == SICI
    assert ref["records"]["crossref"] is None
    assert report["discrepancies"] == []  # no doi-not-found: OpenAlex holds it
    assert NOTE not in err
    [asked] = openalex_requests(registry)  # one DOI: the singleton route
    assert asked.path == f"/openalex/works/doi:{SICI}"
    assert asked.query["api_key"] == KEY and asked.query["mailto"] == "t@example.org"
    assert "mailto:t@example.org" in asked.headers["user-agent"]


def test_without_a_key_openalex_is_not_asked_and_a_note_says_so_once(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    path = article(tmp_path, FENTON, CHEMCROW)
    code, report, err = verify(capsys, registry, tmp_path, path)
    fenton, chemcrow = report["references"]
    assert (fenton["status"], fenton["problem"]) == ("unresolved", "not-found")
    assert [f["code"] for f in report["discrepancies"] if f["ref"] == 1] == ["doi-not-found"]
    assert chemcrow["suggested"] is None
    assert code == 1
    assert openalex_requests(registry) == []
    notes = [line for line in err.splitlines() if NOTE in line]
    assert notes == [
        "asrefs: note: OpenAlex was not asked about 2 references the other registries did not "
        "find: no OpenAlex API key (openalex-key, ASREFS_OPENALEX_KEY or --openalex-key)"
    ]


def test_a_doi_of_an_agency_asrefs_cannot_ask_is_verified_by_openalex(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, jalc: str
) -> None:
    path = article(tmp_path, MIYACHI)
    _code, report, err = verify(capsys, registry, tmp_path, path, "--openalex-key", KEY)
    [ref] = report["references"]
    assert ref["problem"] is None and ref["records"]["openalex"]["title"] is None
    lookups = {lk["registry"]: lk for lk in ref["lookups"]}
    assert lookups["crossref"]["problem"] == "other-agency"
    assert lookups["openalex"]["found"]
    assert "other-agency" not in {f["code"] for f in report["discrepancies"]}
    # without the key: the other-agency finding, as before
    _code, report, err = verify(capsys, registry, tmp_path, path)
    assert [f["code"] for f in report["discrepancies"]] == ["other-agency"]
    assert NOTE in err


def test_a_work_without_identifiers_is_found_by_title_after_crossref(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    _code, report, _err = verify(
        capsys, registry, tmp_path, article(tmp_path, CHEMCROW), "--openalex-key", KEY
    )
    [ref] = report["references"]
    # the article, not its preprint (the stand-in's Crossref holds neither)
    assert ref["suggested"]["doi"] == "10.1038/s42256-024-00832-8"
    crossref = [r for r in registry.requests if r.path == "/crossref/works"]
    [search] = openalex_requests(registry)
    assert crossref[0].time <= search.time  # Crossref's search first
    assert search.query["filter"] == (
        "title.search:Augmenting large language models with chemistry tools"
    )


def test_openalex_is_not_asked_where_crossref_holds_the_work(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2025))
    _code, report, err = verify(capsys, registry, tmp_path, path, "--openalex-key", KEY)
    assert report["references"][0]["records"]["openalex"] is None
    assert openalex_requests(registry) == []
    assert NOTE not in err


def resolve(registry: Any, tmp_path: Path, refs: list[Reference], **extra: Any) -> Any:
    resolver = Resolver.create(server_options(registry, tmp_path, openalex_key=KEY, **extra))
    try:
        return resolver.resolve(refs)
    finally:
        resolver.close()


def test_dois_only_openalex_holds_go_in_one_filter_request(registry: Any, tmp_path: Path) -> None:
    dois = [SICI, "10.1038/D41586-023-02554-0", "10.9999/asrefs.none"]
    refs = [Reference(index=i, raw=f"r{i}", line=i, doi=d) for i, d in enumerate(dois, 1)]
    results = resolve(registry, tmp_path, refs)
    assert [r.records["openalex"].doi for r in results[:2]] == dois[:2]  # the case asked
    assert results[2].problem is Problem.NOT_FOUND
    [batch] = openalex_requests(registry)
    assert batch.path == "/openalex/works"
    assert batch.query["filter"] == "doi:" + "|".join(dois)
    registry.requests.clear()
    warm = resolve(registry, tmp_path, refs)  # cached, the missing one too
    assert openalex_requests(registry) == [] and "openalex" in warm[0].records
