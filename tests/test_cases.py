"""The golden cases in tests/cases/: each article is checked end to end
(``asrefs verify --format json``) against a registry stand-in serving the case's own
registry folder, and its reference- and list-level findings are compared with the
discrepancies written by hand in expected.json.

The rule: the set of (ref, code) found, for every code of origin "reference" or "list",
equals the expected set exactly — minus the case's ``known_misses`` plus its
``known_false_alarms`` (each with a reason), so that a case documents a known gap
without hiding it. Where an expected entry gives a ``field`` or a ``fix``, the finding
must carry exactly that. Codes of origin "text" (claims in the body) are not judged here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asrefs.codes import CODES
from asrefs.models import Origin
from conftest import REPO, SAMPLES, load_script

pytest.importorskip("werkzeug")

ev = load_script("scripts/eval_checker.py")
CASES = ev.load_cases()
NAMES = [c.name for c in CASES]
CHECKED = [c for c, spec in CODES.items() if spec.origin in (Origin.REFERENCE, Origin.LIST)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every case run once (a fresh registry stand-in and cache each)."""
    root = tmp_path_factory.mktemp("golden-cases")
    return {case.name: ev.run_case(case, root / case.name) for case in CASES}


def _keys(entries: list[dict[str, Any]]) -> set[tuple[int | None, str]]:
    return {(e.get("ref"), e["code"]) for e in entries}


def test_cases_exist_and_are_well_formed() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert case.article.is_file(), case.name
        assert case.registry.is_dir(), case.name
        assert case.reason.strip(), f"{case.name}: expected.json needs a one-line reason"
        for entry in case.expected + case.known_misses + case.known_false_alarms:
            assert entry["code"] in CODES, f"{case.name}: unknown code {entry['code']}"
            assert entry.get("reason"), f"{case.name}: {entry['code']} needs a reason"
        for code in case.absent:
            assert code in CODES, f"{case.name}: unknown code {code} in absent"
            assert code not in {e["code"] for e in case.expected}, (case.name, code)


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, reports: dict[str, dict[str, Any]]) -> None:
    case = next(c for c in CASES if c.name == name)
    report = reports[name]
    found = ev.found_keys(report)
    want = (case.expected_keys() - _keys(case.known_misses)) | _keys(case.known_false_alarms)
    assert found == want, (
        f"{name}: unexpected {sorted(found - want, key=str)}, "
        f"missing {sorted(want - found, key=str)}"
    )
    by_key = {(d["ref"], d["code"]): d for d in ev.found_findings(report)}
    for entry in case.expected:
        got = by_key.get((entry.get("ref"), entry["code"]))
        if got is None:
            continue  # a known miss
        if "field" in entry:
            assert got["field"] == entry["field"], (name, entry["code"])
        if "fix" in entry:
            assert got["fix"] == entry["fix"], (name, entry["code"])
        assert got["message"], (name, entry["code"])
    found_codes = {code for _, code in found}
    assert not found_codes & set(case.absent), (name, found_codes & set(case.absent))


def test_every_reference_and_list_code_has_a_positive_and_a_negative_case() -> None:
    positive = {e["code"] for c in CASES for e in c.expected}
    negative = {code for c in CASES for code in c.absent}
    assert not set(CHECKED) - positive, f"no positive case: {sorted(set(CHECKED) - positive)}"
    assert not set(CHECKED) - negative, f"no negative case: {sorted(set(CHECKED) - negative)}"
    # and correct references that must produce nothing at all
    assert any(not c.expected for c in CASES)


def test_at_least_ten_cases_are_built_on_real_registry_responses() -> None:
    real = {p.read_bytes() for p in SAMPLES.rglob("*") if p.is_file()}
    on_real = [c.name for c in CASES if any(p.read_bytes() in real for p in c.registry.iterdir())]
    assert len(on_real) >= 10, on_real


def test_measured_precision_and_recall_hold(
    reports: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    """The figures in docs/checker-evaluation.json, within one point."""
    stored = json.loads((REPO / "docs" / "checker-evaluation.json").read_text(encoding="utf-8"))
    result = ev.score(CASES, reports)
    assert result["cases"] == stored["cases"]
    for metric in ("precision", "recall"):
        assert result["overall"][metric] == pytest.approx(stored["overall"][metric], abs=0.01)
    for code, figures in stored["per_code"].items():
        for metric in ("precision", "recall"):
            now, then = result["per_code"][code][metric], figures[metric]
            if then is None:
                assert now is None, (code, metric)
            else:
                assert now == pytest.approx(then, abs=0.01), (code, metric)
