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
