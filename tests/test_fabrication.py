"""References no registry holds, through the CLI against the registry stand-in (which
holds the sample's works, among them Zeng et al., Stem Cell Res Ther 16, 65, 2025):
the fielded search, ``no-matching-work`` and where it must stay silent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REF1, run, server_args

ZENG_TITLE = (
    "Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of "
    "autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of "
    "randomized controlled trials"
)
MADE_UP = (
    "Zeng, L., Okafor, B. Quantum entanglement of migratory songbird navigation in "
    "polar magnetic storms. Stem Cell Res Ther 16, 71 (2025)."
)


def check(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    registry: Any,
    name: str,
    text: str,
    *extra: str,
) -> tuple[int, dict[str, Any], str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(
        capsys, "verify", *server_args(registry, tmp_path), "--format", "json", *extra, str(path)
    )
    return code, json.loads(out), err


def printed(ref: str) -> str:
    return f"The text cites [1].\n\n## References\n\n[1] {ref}\n"


def by_code(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for f in report["discrepancies"]}


def test_a_made_up_article_matches_no_work_and_shows_the_closest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    code, report, _ = check(capsys, tmp_path, registry, "a.md", printed(MADE_UP))
    finding = by_code(report)["no-matching-work"]
    assert finding["severity"] == "warning"
    assert "check that it exists" in finding["message"]
    # the first author's real work is the closest candidate, with its DOI and year
    assert "10.1186/s13287-025-04184-x" in finding["message"]
    assert "(Zeng, 2025)" in finding["message"]
    assert "doi-suggested" not in by_code(report)
    assert code == 0  # a warning fails CI only with --fail-on warning


def test_the_search_is_narrowed_by_first_author_and_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    check(capsys, tmp_path, registry, "a.md", printed(MADE_UP))
    searches = [r for r in registry.requests if "query.bibliographic" in r.query]
    assert 1 <= len(searches) <= 2  # polite: the fielded query, then the plain one
    first = searches[0].query
    assert first["query.author"] == "Zeng"
    assert set(first["filter"].split(",")) == {"from-pub-date:2024", "until-pub-date:2026"}
    if len(searches) == 2:
        assert "query.author" not in searches[1].query and "filter" not in searches[1].query


def test_offline_without_the_search_cached_the_reference_is_unchecked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    code, report, _ = check(capsys, tmp_path, registry, "a.md", printed(MADE_UP), "--offline")
    assert code == 3
    assert "no-matching-work" not in by_code(report)
    assert report["references"][0]["status"] == "unresolved"
    assert report["references"][0]["problem"] == "not-cached"


def test_a_registry_that_fails_leaves_the_reference_unchecked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    registry.faults.status("/crossref/works", 503, times=1000)
    code, report, _ = check(capsys, tmp_path, registry, "a.md", printed(MADE_UP))
    assert code == 3
    assert "no-matching-work" not in by_code(report)


BIB_SILENT = """
@book{book, author = {Okafor, Bola}, title = {Songbird Navigation in Polar Magnetic Storms},
  publisher = {Polar Press}, address = {Oslo}, year = {2019}}
@phdthesis{thesis, author = {Ruiz, Marta}, title = {Quantum Effects in Avian Magnetoreception
  Under Storm Conditions}, school = {University of Nowhere}, year = {2020}}
@misc{software, author = {Ruiz, Marta}, title = {magstorm: a toolkit for storm data}, year = {2021},
  howpublished = {\\url{https://example.org/magstorm}}}
@inproceedings{iclr, author = {Okafor, Bola and Ruiz, Marta},
  title = {Storm-Aware Transformers for Magnetic Navigation}, booktitle = {ICLR}, year = {2023}}
@article{preprint, author = {Okafor, Bola}, title = {Magnetic storms and songbirds revisited},
  journal = {arXiv preprint arXiv:2301.00001}, year = {2023}}
"""


def test_books_theses_software_preprints_and_no_doi_venues_get_no_finding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    code, report, _ = check(capsys, tmp_path, registry, "refs.bib", BIB_SILENT)
    assert [f["code"] for f in report["discrepancies"]] == []
    assert {r["status"] for r in report["references"]} == {"unresolved"}
    assert code == 0  # searched and answered: nothing left unchecked


def test_a_made_up_conference_paper_matches_no_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    bib = (
        "@inproceedings{made, author = {Okafor, Bola and Ruiz, Marta}, title = {Storm-Aware "
        "Transformers for Magnetic Navigation}, booktitle = {Proceedings of the IEEE/CVF "
        "Conference on Computer Vision and Pattern Recognition}, year = {2023}}\n"
    )
    _, report, _ = check(capsys, tmp_path, registry, "refs.bib", bib)
    assert [f["code"] for f in report["discrepancies"]] == ["no-matching-work"]


def test_a_real_title_with_a_wrong_first_author_gets_an_author_finding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    bib = (
        "@article{zeng, author = {Okafor, Bola and Liu, C. and Wu, Y.}, "
        f"title = {{{ZENG_TITLE}}}, journal = {{Stem Cell Res Ther}}, year = {{2025}}}}\n"
    )
    _, report, _ = check(capsys, tmp_path, registry, "refs.bib", bib)
    codes = by_code(report)
    assert "author-mismatch" in codes
    assert codes["author-mismatch"]["severity"] == "warning"  # the identity is inferred
    assert "no-matching-work" not in codes


def test_the_real_reference_gets_no_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    _, report, _ = check(
        capsys, tmp_path, registry, "a.md", printed(REF1.split(" https://")[0].format(year=2025))
    )
    assert [f["code"] for f in report["discrepancies"]] == ["doi-suggested"]


def test_a_correction_notice_is_never_the_work_a_search_suggests(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    """A notice carries the work's title but not its authors or volume: a reference to a
    work the registry lacks is not matched to the notice about it."""
    title = "Lipid droplets move along microtubules in fission yeast"
    registry.store.add_crossref_work(
        {
            "DOI": "10.5555/asrefs.notice.1",
            "type": "journal-article",
            "title": [f"Correction: {title}"],
            "container-title": ["J Cell Sci"],
            "issued": {"date-parts": [[2019]]},
        }
    )
    ref = f"Okafor B, Ruiz M. {title}. J Cell Sci. 2019;132:101-9."
    _code, report, _err = check(capsys, tmp_path, registry, "a.md", printed(ref))
    [result] = report["references"]
    assert result["suggested"] is None
    assert not [f for f in report["discrepancies"] if f["code"] == "doi-suggested"]
