"""Works OpenAlex holds without a DOI, through the CLI against the registry stand-in:
found by the title search and compared field by field, named by their OpenAlex work
ids; ``no-matching-work`` at venues that publish without DOIs once OpenAlex answered
the search; and ``asrefs resolve`` by OpenAlex work id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run, server_args, validate_report

KEY = "test-key"
NOTE = "OpenAlex was not asked about"
WORK_ID = "W4287324101"
TITLE = "Sparse Mixture Routing for Efficient Long-Context Sequence Models"
# A conference paper as OpenAlex holds many NeurIPS papers: no DOI, only its work id
# (shaped like the recorded works in tests/recordings/api-samples/openalex; made up).
NO_DOI_WORK: dict[str, Any] = {
    "id": f"https://openalex.org/{WORK_ID}",
    "doi": None,
    "title": TITLE,
    "display_name": TITLE,
    "publication_year": 2022,
    "publication_date": "2022-01-01",
    "type": "article",
    "authorships": [
        {"raw_author_name": "Amara Okonkwo", "author": {"display_name": "Amara Okonkwo"}},
        {"raw_author_name": "Lukas Brenner", "author": {"display_name": "Lukas Brenner"}},
    ],
    "primary_location": {
        "landing_page_url": "https://proceedings.neurips.cc/paper/2022/hash/0001",
        "source": {
            "display_name": "Neural Information Processing Systems",
            "type": "conference",
        },
    },
    "biblio": {"volume": "35", "issue": None, "first_page": "1201", "last_page": "1213"},
}


@pytest.fixture
def no_doi_work(registry: Any) -> Iterator[str]:
    """The stand-in's OpenAlex holds the conference paper above, without a DOI."""
    registry.store.add_openalex_work(NO_DOI_WORK)
    yield WORK_ID
    registry.store.openalex_ids.pop(WORK_ID, None)


def bib_entry(title: str, venue: str, first: str = "Okonkwo, Amara", year: int = 2022) -> str:
    return (
        f"@inproceedings{{e, author = {{{first} and Brenner, Lukas}}, title = {{{title}}}, "
        f"booktitle = {{{venue}}}, year = {{{year}}}}}\n"
    )


def verify_bib(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, text: str, *extra: str
) -> tuple[int, dict[str, Any], str]:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), *extra, str(path)
    )
    report = json.loads(out)
    validate_report(report)
    return code, report, err


def codes(report: dict[str, Any]) -> list[str]:
    return [f["code"] for f in report["discrepancies"]]


def openalex_searches(registry: Any) -> list[Any]:
    return [r for r in registry.requests if r.path == "/openalex/works"]


NEURIPS = "Advances in Neural Information Processing Systems"
MADE_UP = "Gradient Echoes in Recurrent Lattice Transformers for Tidal Forecasting"


def test_a_made_up_paper_at_a_venue_without_dois_matches_no_work_once_openalex_answered(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    text = bib_entry(MADE_UP, NEURIPS)
    code, report, err = verify_bib(capsys, registry, tmp_path, text, "--openalex-key", KEY)
    assert codes(report) == ["no-matching-work"]
    [search] = openalex_searches(registry)
    assert search.query["filter"] == f"title.search:{MADE_UP}"
    assert (code, NOTE in err) == (0, False)
    # without a key, as before: the DOI registries' silence says nothing at NeurIPS
    registry.requests.clear()
    code, report, err = verify_bib(capsys, registry, tmp_path, text)
    assert (code, codes(report)) == (0, [])
    assert openalex_searches(registry) == [] and NOTE in err


def test_an_arxiv_preprint_counts_once_openalex_answered_but_other_preprints_do_not(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    arxiv = (
        "@article{a, author = {Okonkwo, Amara}, title = {%s}, journal = {arXiv}, year = {2023}}\n"
    )
    biorxiv = arxiv.replace("{a,", "{b,").replace("{arXiv}", "{bioRxiv}")
    text = arxiv % MADE_UP + biorxiv % (MADE_UP + " Revisited")
    _code, report, _err = verify_bib(capsys, registry, tmp_path, text, "--openalex-key", KEY)
    assert [(f["ref"], f["code"]) for f in report["discrepancies"]] == [(1, "no-matching-work")]
    _code, report, _err = verify_bib(capsys, registry, tmp_path, text)
    assert codes(report) == []


def test_an_openalex_search_that_fails_leaves_the_reference_unchecked(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    registry.faults.status("/openalex/works", 503, times=1000)
    text = bib_entry(MADE_UP, NEURIPS)
    code, report, _err = verify_bib(capsys, registry, tmp_path, text, "--openalex-key", KEY)
    assert (code, codes(report)) == (3, [])
    assert report["references"][0]["search_failure"]["registry"] == "openalex"


def test_a_paper_openalex_holds_without_a_doi_is_the_found_work(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, no_doi_work: str
) -> None:
    text = bib_entry(TITLE, NEURIPS)
    code, report, _err = verify_bib(capsys, registry, tmp_path, text, "--openalex-key", KEY)
    [ref] = report["references"]
    assert (code, codes(report)) == (0, [])  # found, agreeing: no finding, no DOI to add
    assert ref["suggested"] is None
    assert ref["suggested_work"]["openalex"] == no_doi_work
    assert ref["suggested_work"]["score"] >= 0.85


def test_a_wrong_field_is_found_against_the_work_openalex_holds_without_a_doi(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, no_doi_work: str
) -> None:
    text = bib_entry(TITLE, NEURIPS, first="Whitfield, Owen")
    _code, report, _err = verify_bib(capsys, registry, tmp_path, text, "--openalex-key", KEY)
    found = {f["code"]: f for f in report["discrepancies"]}
    assert "no-matching-work" not in found
    mismatch = found["author-mismatch"]
    assert mismatch["severity"] == "warning"  # the identity is inferred, not printed
    assert f"compared with OpenAlex work {no_doi_work}" in mismatch["message"]
    assert "Okonkwo" in mismatch["message"]


def test_the_closest_work_may_be_one_openalex_holds_without_a_doi(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, no_doi_work: str
) -> None:
    # the title's words and the year are the work's, but not its authors or the rest of
    # its title
    text = bib_entry("Sparse Mixture Routing", NEURIPS, first="Whitfield, Owen")
    _code, report, _err = verify_bib(capsys, registry, tmp_path, text, "--openalex-key", KEY)
    [finding] = report["discrepancies"]
    assert finding["code"] == "no-matching-work"
    assert f"OpenAlex work {no_doi_work}" in finding["message"]
    assert f"“{TITLE}” (Okonkwo, 2022)" in finding["message"]


# --- asrefs resolve W… ------------------------------------------------------------------


def test_resolve_takes_openalex_work_ids_and_prints_the_identifiers_openalex_gives(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, no_doi_work: str
) -> None:
    code, out, err = run(
        capsys, "resolve", *server_args(registry, tmp_path), "--openalex-key", KEY,
        "W2030857676", f"https://openalex.org/{no_doi_work}",
    )  # fmt: skip
    assert (code, err) == (0, "")
    fenton, paper = out.split("\n\n@")
    assert "doi = {10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2}" in fenton
    assert "pmid = {17168027}" in fenton
    assert "title = {Sparse Mixture Routing for Efficient {Long-Context} Sequence Models}" in paper
    assert "author = {Okonkwo, Amara and Brenner, Lukas}" in paper
    assert "booktitle = {Neural Information Processing Systems}" in paper
    assert "doi =" not in paper and "pmid =" not in paper
    asked = [r.path for r in registry.requests if r.path.startswith("/openalex")]
    assert asked == ["/openalex/works/W2030857676", f"/openalex/works/{no_doi_work}"]


def test_resolve_of_an_openalex_id_without_a_key_could_not_check(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "resolve", *server_args(registry, tmp_path), "W2030857676")
    assert (code, out) == (3, "")
    [line] = err.splitlines()
    assert line.startswith("asrefs: error: W2030857676: unavailable")
    assert "no OpenAlex API key" in line
    assert [r for r in registry.requests if r.path.startswith("/openalex")] == []


def test_resolve_of_an_openalex_id_it_does_not_hold_is_not_found(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "resolve", *server_args(registry, tmp_path), "--openalex-key", KEY, "W1000000001"
    )
    assert (code, out) == (1, "")
    assert "W1000000001: not-found" in err


def test_resolve_rejects_what_is_no_openalex_id(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "resolve", *server_args(registry, tmp_path), "W12x")
    assert (code, out) == (2, "")
    assert "'W12x' is not a DOI" in err and len(err.splitlines()) == 1
