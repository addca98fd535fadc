"""A printed DOI that leads to another work: the printed work is searched for, and the
``doi-points-elsewhere`` finding names the DOI the search matched (with the corrected
reference as its fix). Through the CLI against the registry stand-in, which holds the
sample's works: Zeng et al. 2025 (10.1186/s13287-025-04184-x) and Ke et al. 2025
(10.3389/fimmu.2025.1613502)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REF1, run, server_args, validate_report

ZENG_DOI = "10.1186/s13287-025-04184-x"
KE_DOI = "10.3389/fimmu.2025.1613502"
# Zeng et al. printed with Ke et al.'s DOI
ZENG_WITH_KE_DOI = REF1.format(year=2025).replace(ZENG_DOI, KE_DOI)
MADE_UP_WITH_KE_DOI = (
    "Okafor, B., Ruiz, M. Quantum entanglement of migratory songbird navigation in polar "
    f"magnetic storms. Stem Cell Res Ther 16, 71 (2025). https://doi.org/{KE_DOI}"
)


def verify(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, name: str, text: str
) -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _code, out, _err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), str(path)
    )
    report = json.loads(out)
    validate_report(report)
    return report


def printed(ref: str) -> str:
    return f"The text cites [1].\n\n## References\n\n[1] {ref}\n"


def elsewhere(report: dict[str, Any]) -> dict[str, Any]:
    [finding] = [f for f in report["discrepancies"] if f["code"] == "doi-points-elsewhere"]
    return finding


def test_the_printed_works_own_doi_is_named_with_the_corrected_reference(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify(capsys, registry, tmp_path, "a.md", printed(ZENG_WITH_KE_DOI))
    finding = elsewhere(report)
    assert finding["severity"] == "error"
    assert f"The DOI {KE_DOI} belongs to “Breaking boundaries" in finding["message"]
    assert f"Crossref matches the printed work to DOI {ZENG_DOI}" in finding["message"]
    assert finding["fix"] == ZENG_WITH_KE_DOI.replace(KE_DOI, ZENG_DOI)
    assert finding["params"]["doi"] == ZENG_DOI
    [ref] = report["references"]
    assert ref["suggested"]["doi"] == ZENG_DOI
    assert "doi-suggested" not in {f["code"] for f in report["discrepancies"]}


def test_a_search_that_matches_nothing_leaves_the_finding_as_it_was(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify(capsys, registry, tmp_path, "a.md", printed(MADE_UP_WITH_KE_DOI))
    finding = elsewhere(report)
    assert "find the printed work's own identifier" in finding["message"]
    assert finding["fix"] is None
    assert report["references"][0]["suggested"] is None
    assert any("query.bibliographic" in r.query for r in registry.requests)  # it was searched


def test_a_bibtex_entry_gets_its_doi_field_corrected(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    bib = (
        "@article{zeng, author = {Zeng, Liuting and Liu, Chang and Wu, Yang}, title = "
        "{Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of "
        "autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of "
        "randomized controlled trials}, journal = {Stem Cell Res Ther}, volume = {16}, "
        f"year = {{2025}}, doi = {{{KE_DOI}}}}}\n"
    )
    report = verify(capsys, registry, tmp_path, "refs.bib", bib)
    fix = elsewhere(report)["fix"]
    assert f"doi = {{{ZENG_DOI}}}" in fix and KE_DOI not in fix
    assert "journal = {Stem Cell Res Ther}" in fix  # only the DOI is corrected


def test_a_doi_of_the_printed_work_is_not_searched_for(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    report = verify(capsys, registry, tmp_path, "a.md", printed(REF1.format(year=2025)))
    assert "doi-points-elsewhere" not in {f["code"] for f in report["discrepancies"]}
    assert not any("query.bibliographic" in r.query for r in registry.requests)
