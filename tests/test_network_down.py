"""A first hour with the network down, slow or half there, through the command line
against the registry stand-in: what could not be checked is said and ends with exit
status 3, a run has a deadline and says what it waits for, and the bibliography and the
reports tell the truth the same way."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from asrefs.config import load_options
from conftest import CACHE, REF1, REF5, SAMPLE, run, server_args, validate_report

FAST_RETRIES = "max-attempts = 2\nbackoff = 0.01\n"
# References 1 and 5 of the sample without their DOIs: only a title search finds them.
REF1_NO_DOI = REF1.format(year=2025).split(" https://")[0]
REF5_NO_DOI = REF5.split(" doi:")[0]
UNKNOWN = "Smith J. A study of nothing in particular. J Nothing. 2020;1:1-2."
OFFLINE = ("--offline", "--cache-dir", str(CACHE))


def _article(tmp_path: Path, *refs: str) -> Path:
    path = tmp_path / "a.md"
    cited = "".join(f"[{i}]" for i in range(1, len(refs) + 1))
    lines = [f"The text cites {cited}.", "", "## References", ""]
    lines += [f"[{i}] {ref}" for i, ref in enumerate(refs, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "asrefs.toml").write_text(FAST_RETRIES, encoding="utf-8")
    return path


def _down(registry: Any) -> None:
    """Every registry route answers 503."""
    for prefix in ("/crossref", "/eutils", "/idconv"):
        registry.faults.status(prefix, 503, times=1000)


def _refs(out: str) -> dict[int, dict[str, Any]]:
    report = json.loads(out)
    validate_report(report)
    return {r["index"]: r for r in report["references"]}


# --- references without identifiers ---------------------------------------------------


def test_a_search_that_could_not_be_made_means_could_not_be_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _article(tmp_path, REF1_NO_DOI, REF5_NO_DOI)
    _down(registry)
    code, out, _ = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), str(path)
    )
    assert code == 3
    for ref in _refs(out).values():
        assert (ref["status"], ref["problem"]) == ("unresolved", "unavailable")
        failure = ref["search_failure"]
        assert (failure["registry"], failure["problem"]) == ("crossref", "unavailable")
        assert "HTTP 503" in failure["detail"]
    # the first search used its attempts; the second was not tried against a dead registry
    searches = [r for r in registry.requests if r.path == "/crossref/works"]
    assert len(searches) == 2
    code, out, _ = run(capsys, "verify", *server_args(registry, tmp_path), str(path))
    assert code == 3 and "could not verify (unavailable)" in out
    assert "search by title: unavailable — Crossref: server error (HTTP 503)" in out


def test_a_search_made_that_finds_nothing_is_still_no_identifier(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _article(tmp_path, UNKNOWN)
    code, out, _ = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), str(path)
    )
    [ref] = _refs(out).values()
    assert (code, ref["problem"], ref["search_failure"]) == (0, "no-identifier", None)
    # offline, the search is answered from the cache the online run filled
    code, out, _ = run(
        capsys,
        "verify",
        "--format",
        "json",
        "--offline",
        *server_args(registry, tmp_path),
        str(path),
    )
    assert (code, _refs(out)[1]["problem"]) == (0, "no-identifier")


def test_offline_an_uncached_search_is_not_cached_and_no_search_is_asked_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _article(tmp_path, REF1_NO_DOI)
    code, out, _ = run(capsys, "verify", "--format", "json", *OFFLINE, str(path))
    [ref] = _refs(out).values()
    assert (code, ref["problem"], ref["search_failure"]["problem"]) == (
        3,
        "not-cached",
        "not-cached",
    )
    code, out, _ = run(capsys, "verify", "--format", "json", "--no-search", *OFFLINE, str(path))
    assert (code, _refs(out)[1]["problem"]) == (0, "no-identifier")


# --- bib -------------------------------------------------------------------------------


def test_bib_with_the_network_down_says_how_many_and_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _article(tmp_path, REF1.format(year=2025), REF5_NO_DOI)
    target = tmp_path / "refs.bib"
    _down(registry)
    code, out, err = run(
        capsys, "bib", *server_args(registry, tmp_path), str(path), "-o", str(target)
    )
    assert (code, out) == (3, "")
    assert err.splitlines() == [
        "asrefs: warning: 2 entries could not be verified against a registry (unavailable); "
        "written as the article prints them"
    ]
    bib = target.read_text(encoding="utf-8")  # written all the same
    assert bib.count("\n@") + bib.startswith("@") == 2
    assert bib.count("annote = {Not verified against a registry") == 2
    registry.faults.clear()
    code, _, err = run(
        capsys, "bib", *server_args(registry, tmp_path), str(path), "-o", str(target)
    )
    assert (code, err) == (0, "")
    _, help_text, _ = run(capsys, "bib", "--help")
    assert "3 some entries could not be verified" in " ".join(help_text.split())


def test_bib_takes_the_record_of_a_doi_found_by_search(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _article(tmp_path, REF1_NO_DOI)
    code, out, err = run(capsys, "bib", *server_args(registry, tmp_path), str(path))
    assert (code, err) == (0, "")
    assert "doi = {10.1186/s13287-025-04184-x}" in out
    assert "author = {Zeng, Liuting and Liu, Chang and Wu, Yang and Liu, Shuman" in out
    assert "others" not in out and "annote" not in out


# --- BibTeX through classic bibtex -----------------------------------------------------


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_prints_no_remark_and_months_as_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "bib", *OFFLINE, str(SAMPLE), "-o", str(tmp_path / "refs.bib"))
    assert code == 3  # four works are not in the cache: written as printed
    assert "annote = {Not verified against a registry" in (tmp_path / "refs.bib").read_text()
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n")
    proc = subprocess.run(
        ["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0 and "Warning" not in proc.stdout, proc.stdout
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == 7
    assert "Not verified" not in bbl  # the remark is for the author, not the paper
    assert "16(1):65, February 2025" in bbl and "17(3):98911, March 2025" in bbl
    assert " 2 2025" not in bbl and " 3 2025" not in bbl


# --- deadline and waiting --------------------------------------------------------------


@pytest.mark.parametrize("fault", ["delay", "drip"])
def test_the_deadline_bounds_a_run_against_a_registry_that_never_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any, fault: str
) -> None:
    path = _article(tmp_path, REF1.format(year=2025), REF5_NO_DOI)
    for prefix in ("/crossref", "/eutils"):
        if fault == "delay":  # accepts the connection, never answers in time
            registry.faults.delay(prefix, 30.0, times=100)
        else:  # answers a few bytes at a time: no read ever times out
            registry.faults.drip(prefix, 30.0, times=100)
    start = time.monotonic()
    code, out, err = run(
        capsys, "verify", "--format", "json", "-q", *server_args(registry, tmp_path),
        "--timeout", "20", "--deadline", "2", str(path),
    )  # fmt: skip
    assert time.monotonic() - start < 10  # not the 20 s of one read, nor 30 s of one answer
    assert (code, err) == (3, "")
    assert {r["problem"] for r in _refs(out).values()} == {"unavailable"}


def test_a_run_says_what_it_waits_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _article(tmp_path, REF1.format(year=2025))
    registry.faults.delay("/crossref", 30.0, times=100)
    argv = ["verify", "--format", "json", *server_args(registry, tmp_path), "--timeout", "20"]
    argv += ["--deadline", "4"]
    code, out, err = run(capsys, *argv, str(path))
    assert code == 3
    host = registry.crossref_url.split("//")[1].split("/")[0]
    assert f"asrefs: note: waiting for {host} (1 request, no answer for 3 s; giving up in" in err
    assert len(err.splitlines()) == 1
    _refs(out)  # standard output is the report alone
    code, _, err = run(capsys, *argv, "-q", str(path))
    assert (code, err) == (3, "")  # -q: nothing but the report


def test_a_run_has_a_deadline_by_default() -> None:
    deadline = load_options({}).deadline
    assert deadline is not None and 0 < deadline <= 300


# --- reports ---------------------------------------------------------------------------


def test_counts_are_singular_for_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _article(tmp_path, REF1.format(year=2019))  # a wrong year: one error
    code, out, _ = run(capsys, "verify", *OFFLINE, str(path))
    assert code == 1
    assert ": 1 reference, 1 resolved, 0 unresolved; 1 error, 0 warnings, " in out.splitlines()[0]
    code, out, _ = run(capsys, "verify", *OFFLINE, "--lang", "zh", str(path))
    assert "共 1 条参考文献，1 条已查到登记记录" in out.splitlines()[0]
    code, out, _ = run(capsys, "verify", *OFFLINE, "--format", "markdown", str(path))
    assert "**1 reference** · **1** resolved" in out
    code, out, _ = run(capsys, "verify", *OFFLINE, "--format", "html", str(path))
    assert "1 error to correct. The reference does not match the registries." in out
    assert re.search(r"\b1 (reference|error|note|finding)s\b", out) is None


def test_quiet_prints_the_summary_line_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _article(tmp_path, REF1.format(year=2025))
    (tmp_path / "asrefs.toml").write_text(
        '[[accept]]\ndoi = "10.1186/s13287-025-04184-x"\ncode = "year-mismatch"\n'
        'reason = "the print year"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "verify", "-q", *OFFLINE, str(path))
    assert code == 0
    assert len(out.splitlines()) == 1 and out.startswith(str(path))
    assert "accepted finding year-mismatch" in err  # said on standard error, not in the report


def test_text_and_sarif_agree_on_what_was_checked(capsys: pytest.CaptureFixture[str]) -> None:
    _, text, _ = run(capsys, "verify", *OFFLINE, str(SAMPLE))
    _, sarif, _ = run(capsys, "verify", *OFFLINE, "--format", "sarif", str(SAMPLE))
    verdicts = {
        int(line[1 : line.index("]")]): line.split("]", 1)[1].split("  ")[0].strip()
        for line in text.splitlines()
        if line.startswith("[")
    }
    [invocation] = json.loads(sarif)["runs"][0]["invocations"]
    said = {n["message"]["text"] for n in invocation["toolExecutionNotifications"]}
    for index, verdict in verdicts.items():
        unchecked = f"reference {index} could not be checked: not-cached" in said
        assert unchecked == verdict.startswith("could not verify"), (index, verdict)
    # reference 2: verified against PubMed; that Crossref was not asked is said, not hidden
    assert verdicts[2] == "verified"
    assert "reference 2 is verified against PubMed; Crossref could not be asked: not-cached" in said
