"""The command line end to end: exit codes, stdout/stderr, files written, the contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from asrefs import __version__
from conftest import CACHE, REF1, REF5, REPO, SAMPLE, run, server_args, validate_report


def article(tmp_path: Path, *refs: str, body: str = "") -> Path:
    path = tmp_path / "article.md"
    lines = [body or "正文引用了两篇论文[1][2]。", "", "## References", ""]
    lines += [f"[{i}] {r}" for i, r in enumerate(refs, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"asrefs {__version__}"


def test_verify_without_a_path_names_the_sample_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(capsys, "verify")
    assert code == 2
    assert out == ""
    assert "usage:" in err and "examples/as-stem-cells-2025.md" in err


def test_verify_without_a_path_elsewhere_names_no_missing_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Outside the repository the sample is not there, so it is not offered."""
    code, out, err = run(capsys, "verify")
    assert code == 2 and out == ""
    assert "examples/" not in err and "no article given" in err


def test_sample_offline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(SAMPLE)
    )
    assert code == 3  # refs 3, 4, 6, 7 are not cached, nothing at error level
    report = json.loads(out)
    validate_report(report)
    refs = {r["index"]: r for r in report["references"]}
    assert sorted(refs) == [1, 2, 3, 4, 5, 6, 7]
    for i in (1, 2, 5):
        assert refs[i]["status"] in ("verified", "discrepancies")
        assert refs[i]["record"] is not None
    for i in (3, 4, 6, 7):
        assert refs[i]["status"] == "unresolved"
        assert refs[i]["problem"] == "not-cached"
        assert refs[i]["record"] is None and refs[i]["records"] == {
            "crossref": None,
            "pubmed": None,
            "datacite": None,
            "arxiv": None,
            "openalex": None,
        }
    assert refs[1]["records"]["crossref"]["doi"] == "10.1186/s13287-025-04184-x"
    assert refs[1]["records"]["pubmed"]["pmid"] == "39934871"
    assert refs[2]["records"]["crossref"] is None  # its Crossref record is not in the cache
    assert report["summary"] == {
        "references": 7,
        "resolved": 3,
        "unresolved": 4,
        "error": 0,
        "warning": sum(1 for d in report["discrepancies"] if d["severity"] == "warning"),
        "info": sum(1 for d in report["discrepancies"] if d["severity"] == "info"),
        "ignored": 0,
    }
    assert not [d for d in report["discrepancies"] if d["severity"] == "error"]
    codes = {(d["ref"], d["code"]) for d in report["discrepancies"]}
    assert (2, "title-variant") in codes  # PubMed's title lacks "via"; not the article's fault
    keys = [(d["line"], d["code"]) for d in report["discrepancies"]]
    assert keys == sorted(keys)


def test_text_report_lists_every_reference(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), str(SAMPLE))
    assert code == 3
    assert (
        out.splitlines()[0].endswith(
            "7 references, 3 resolved, 4 unresolved; 0 errors, 0 warnings, 2 notes"
        )
        or "7 references, 3 resolved, 4 unresolved" in out.splitlines()[0]
    )
    for i in range(1, 8):
        assert f"[{i}] " in out
    assert out.count("could not verify (not-cached)") == 4
    assert "\x1b[" not in out  # no colour when not a terminal


def test_quiet_prints_the_summary_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "-q", "--offline", "--cache-dir", str(CACHE), str(SAMPLE))
    assert code == 3 and len(out.strip().splitlines()) == 1


def test_wrong_year_exits_1_and_fail_on_never_does_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2019), REF5)
    code, out, _ = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(path)
    )
    assert code == 1
    found = [d for d in json.loads(out)["discrepancies"] if d["code"] == "year-mismatch"]
    assert len(found) == 1 and found[0]["ref"] == 1 and found[0]["found"] == "2019"
    assert found[0]["fix"] and "(2025)" in found[0]["fix"]
    code, _, _ = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--fail-on", "never", str(path)
    )
    assert code == 0


def test_correct_references_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = article(tmp_path, REF1.format(year=2025), REF5)
    code, out, _ = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(path)
    )
    report = json.loads(out)
    assert [d["code"] for d in report["discrepancies"]] == []
    assert code == 0


def test_accepted_finding_keeps_ci_green(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2019), REF5)
    (tmp_path / "asrefs.toml").write_text(
        '[[accept]]\ncode = "year-mismatch"\ndoi = "10.1186/s13287-025-04184-x"\nreason = "known"\n'
        '[[accept]]\ncode = "retracted"\ndoi = "10.3389/fimmu.2025.1613502"\nreason = "old"\n'
    )
    code, out, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(path)
    )
    assert code == 0
    found = [d for d in json.loads(out)["discrepancies"] if d["code"] == "year-mismatch"]
    assert found[0]["accepted"] == "known"
    assert "retracted for 10.3389/fimmu.2025.1613502 no longer occurs" in err


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(bytes(range(256)) * 64), "binary"),
        (lambda p: p.mkdir(), "folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setup: Any, message: str
) -> None:
    path = tmp_path / "bad.md"
    setup(path)
    code, out, err = run(capsys, "verify", "--offline", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err


def test_output_over_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2025))
    before = path.read_bytes()
    code, _, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "-o", str(path), str(path)
    )
    assert code == 2 and "over an input" in err
    assert path.read_bytes() == before


def test_report_written_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "report.json"
    out_file.write_text("old")
    code, out, _ = run(
        capsys,
        "verify",
        "--offline",
        "--cache-dir",
        str(CACHE),
        "--format",
        "json",
        "-o",
        str(out_file),
        str(SAMPLE),
    )
    assert code == 3 and out == ""
    assert json.loads(out_file.read_text())["schema"] == "asrefs.report/1"


def test_every_format_choice_is_wired(capsys: pytest.CaptureFixture[str]) -> None:
    from asrefs.formats import FORMAT_NAMES

    for fmt in FORMAT_NAMES:
        code, out, err = run(
            capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", fmt, str(SAMPLE)
        )
        assert code == 3, (fmt, err)
        assert out.strip(), fmt


def test_two_articles_give_a_batch_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2019))
    code, out, _ = run(
        capsys,
        "verify",
        "--offline",
        "--cache-dir",
        str(CACHE),
        "--format",
        "json",
        str(SAMPLE),
        str(path),
    )
    data = json.loads(out)
    validate_report(data)
    assert data["schema"] == "asrefs.batch/1" and len(data["reports"]) == 2
    assert code == 1  # the most severe of the two


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "--format", "json", str(SAMPLE))
    data = json.loads(out)
    validate_report(data)
    assert code == 0 and data["schema"] == "asrefs.parse/1"
    assert [r["index"] for r in data["references"]] == [1, 2, 3, 4, 5, 6, 7]


def test_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes())))
    code, out, _ = run(capsys, "parse", "--format", "json", "-")
    assert code == 0 and len(json.loads(out)["references"]) == 7


def test_unavailable_registry_exits_3_and_others_are_verified(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    # reference 2 prints only a PMID: with E-utilities down it cannot be checked at all
    pmid_only = (
        "Liu WJ, Wang JX, Li QF, et al. Fat mass and obesity-associated protein in "
        "mesenchymal stem cells inhibits osteoclastogenesis via lnc NORAD/miR-4284 axis in "
        "ankylosing spondylitis. World J Stem Cells. 2025 Mar 26;17(3):98911. PMID: 40160686."
    )
    path = article(tmp_path, REF1.format(year=2025), pmid_only)
    (tmp_path / "asrefs.toml").write_text("max-attempts = 2\nbackoff = 0.01\n")  # fast retries
    registry.faults.status("/eutils", 500, times=200)
    code, out, _err = run(
        capsys,
        "verify",
        "--format",
        "json",
        *server_args(registry, tmp_path),
        str(path),
    )
    report = json.loads(out)
    refs = {r["index"]: r for r in report["references"]}
    assert refs[1]["status"] == "verified" and refs[1]["records"]["crossref"] is not None
    assert (refs[2]["status"], refs[2]["problem"]) == ("unresolved", "unavailable")
    assert code == 3
    # what could not be checked is not called wrong
    assert not [d for d in report["discrepancies"] if d["severity"] == "error"]


def test_environment_variables_point_asrefs_at_the_registries(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    registry: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = article(tmp_path, REF1.format(year=2025), REF5)
    monkeypatch.setenv("ASREFS_CROSSREF_URL", registry.crossref_url)
    monkeypatch.setenv("ASREFS_PUBMED_URL", registry.pubmed_url)
    monkeypatch.setenv("ASREFS_IDCONV_URL", registry.idconv_url)
    monkeypatch.setenv("ASREFS_CACHE_DIR", str(tmp_path / "c"))
    code, out, err = run(capsys, "verify", "--format", "json", str(path))
    assert code == 0, err
    assert "anonymous pools" in err  # no contact address: said once
    assert err.count("anonymous pools") == 1
    assert registry.requests.count("/crossref") >= 1
    assert all(r["status"] == "verified" for r in json.loads(out)["references"])


def test_no_traceback_from_the_module_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "asrefs", "verify", str(tmp_path / "missing.md")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"asrefs: error: {tmp_path / 'missing.md'}: no such file"


# --- asrefs resolve against the registry stand-in -------------------------------------------


def _resolve(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, *argv: str
) -> tuple[int, str, str]:
    return run(
        capsys,
        "resolve",
        *server_args(registry, tmp_path),
        *argv,
    )


def test_resolve_prints_bibtex_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    from pybtex.database import parse_string

    code, out, err = _resolve(
        capsys, registry, tmp_path, "https://doi.org/10.1186/S13287-025-04184-X", "40718480"
    )
    assert code == 0, err
    entries = parse_string(out, "bibtex").entries
    assert len(entries) == 2
    first, second = entries.values()
    assert first.type == "article"
    assert first.fields["doi"] == "10.1186/s13287-025-04184-x"
    assert first.fields["year"] == "2025" and first.fields["volume"] == "16"
    assert "Efficacy and safety" in first.fields["title"]
    assert first.persons["author"][0].last_names == ["Zeng"]
    assert second.fields["pmid"] == "40718480"
    assert second.fields["doi"] == "10.3389/fimmu.2025.1613502"
    assert registry.requests.count("/crossref") >= 1


def test_resolve_csl_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    code, out, err = _resolve(
        capsys, registry, tmp_path, "--format", "csl-json", "10.3389/fimmu.2025.1613502"
    )
    assert code == 0, err
    (item,) = json.loads(out)
    assert item["type"] == "article-journal"
    assert item["DOI"] == "10.3389/fimmu.2025.1613502"
    assert item["PMID"] == "40718480"
    assert item["issued"]["date-parts"][0][0] == 2025
    assert item["author"][0]["family"] == "Ke"


def test_resolve_ris_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    target = tmp_path / "work.ris"
    code, out, err = _resolve(
        capsys, registry, tmp_path, "--format", "ris", "-o", str(target), "PMID: 39934871"
    )
    assert code == 0 and out == "", err
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "TY  - JOUR" and lines[-1].rstrip() == "ER  -"
    assert "DO  - 10.1186/s13287-025-04184-x" in lines
    assert "PY  - 2025" in lines


def test_resolve_unknown_identifier_exits_1_and_prints_the_known_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    code, out, err = _resolve(
        capsys, registry, tmp_path, "10.9999/does-not-exist", "10.3389/fimmu.2025.1613502"
    )
    assert code == 1
    assert "10.9999/does-not-exist" in err
    assert "fimmu.2025.1613502" in out


def test_resolve_offline_without_the_record_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "resolve", "--offline", "--cache-dir", str(tmp_path / "empty"), "10.1000/xyz"
    )
    assert code == 3 and out == ""
    assert "not-cached" in err


def test_resolve_rejects_what_is_not_an_identifier(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "resolve", "--offline", "not an identifier")
    assert code == 2 and out == "" and "not a DOI, PMID, PMCID or arXiv id" in err


def test_resolve_from_the_committed_cache_matches_the_bibliography(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "resolve", "--offline", "--cache-dir", str(CACHE), "10.1186/s13287-025-04184-x"
    )
    assert code == 0
    golden = (REPO / "references.bib").read_text(encoding="utf-8")
    assert out.strip() in golden
