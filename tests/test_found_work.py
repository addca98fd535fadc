"""A reference that prints no identifier is compared with the work its search found,
through the CLI against the registry stand-in (which holds the sample's first work:
Zeng et al., Stem Cell Res Ther 16, 65, 2025)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REF1, run, server_args

PRINTED = REF1.split(" https://")[0]  # no identifier: only the title search finds it


def findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any, ref: str
) -> dict[str, Any]:
    path = tmp_path / "a.md"
    path.write_text(f"The text cites [1].\n\n## References\n\n[1] {ref}\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "verify", *server_args(registry, tmp_path), "--format", "json", str(path)
    )
    report = json.loads(out)
    return {"code": code, "findings": {f["code"]: f for f in report["discrepancies"]}}


def test_a_wrong_volume_is_found_against_the_work_the_search_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    got = findings(
        capsys, tmp_path, registry, PRINTED.format(year=2025).replace(" 16, 65 ", " 61, 65 ")
    )
    volume = got["findings"]["volume-mismatch"]
    assert volume["severity"] == "warning"  # the identity is inferred, so never an error
    assert "which the search found" in volume["message"]
    assert "doi-suggested" in got["findings"]
    assert got["code"] == 0  # a warning: CI fails on it only with --fail-on warning


def test_the_correct_reference_gets_only_the_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    got = findings(capsys, tmp_path, registry, PRINTED.format(year=2025))
    assert set(got["findings"]) == {"doi-suggested"}
    assert got["code"] == 0


def test_a_found_work_that_agrees_on_neither_author_nor_year_is_not_compared(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    other = PRINTED.format(year=2011).replace("Zeng, L., Liu, C., Wu, Y.", "Okafor, B., Ruiz, M.")
    got = findings(capsys, tmp_path, registry, other.replace(" 16, 65 ", " 61, 65 "))
    assert not {"volume-mismatch", "year-mismatch", "author-mismatch"} & set(got["findings"])


def test_a_work_found_below_the_score_is_compared_when_author_and_title_agree(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    # a wrong year and a changed title word lower the search score under COMPARE_SCORE;
    # the first author and all but one word of the title still name the work
    printed = PRINTED.format(year=2021).replace("Efficacy and safety", "Efficacy and risks")
    got = findings(capsys, tmp_path, registry, printed)
    assert "doi-suggested" in got["findings"]
    assert got["findings"]["year-mismatch"]["severity"] == "warning"


@pytest.mark.parametrize(
    ("printed", "registered", "same"),
    [
        ("genotype to phenotype a complex problem", "genotype to phenotype a simple problem", True),
        ("roads and their major ecological effects", "roads and their ecological effects", True),
        (
            "growth of the cortex in mammals part i",
            "growth of the cortex in mammals part ii",
            False,
        ),
        ("growth of the cortex in 2010", "growth of the cortex in 2011", False),
        ("a complex problem", "a simple problem", False),  # too short to tell
        ("genotype to phenotype a complex problem", "genotype to phenotype simple problems", False),
    ],
)
def test_one_word_apart(printed: str, registered: str, same: bool) -> None:
    from asrefs.checks.found import _one_word_apart

    assert _one_word_apart(printed, registered) is same


def test_a_notice_about_the_work_is_never_compared() -> None:
    from asrefs.checks.found import _comparable
    from asrefs.models import Author, Identifier, Record, Reference

    ref = Reference(
        index=1, raw="", line=1, title="Roads and their major ecological effects",
        authors=(Author("Forman", "R"),), year=1998,
    )  # fmt: skip
    record = Record(
        source="crossref", identifier=Identifier("doi", "10.1/x"), authors=(Author("Forman", "R"),),
        title="Roads and their major ecological effects", year=1998,
    )  # fmt: skip
    assert _comparable(ref, record, 0.95)
    notice = Record(**{**record.__dict__, "title": "Correction: " + (record.title or "")})
    assert not _comparable(ref, notice, 0.95)


def test_a_bibtex_entry_is_searched_by_its_fields_not_its_markup() -> None:
    from asrefs.models import Author, Reference
    from asrefs.resolve.match import search_query

    raw = "@article{zeng2025,\n  title = {Efficacy and safety of stromal cells},\n  year = 2025}"
    ref = Reference(
        index=1, raw=raw, line=1, title="Efficacy and safety of stromal cells", year=2025,
        authors=(Author("Zeng", "L"),), journal="Stem Cell Res Ther", fields_from="bibtex",
        raw_printed=False,
    )  # fmt: skip
    query = search_query(ref)
    assert query is not None and "@article" not in query and "title =" not in query
    assert "Zeng" in query and "Efficacy and safety of stromal cells" in query
