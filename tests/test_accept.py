"""A project's policy on findings, through the command line: accepted findings matched by
any identifier of the resolved work, per-code severities ([severity], --ignore) seen the
same by the exit status and every report format, and ``asrefs baseline``."""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CACHE, REF1, REF5, SAMPLE, run, server_args, validate_report

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

OFFLINE = ("--offline", "--no-search", "--cache-dir", str(CACHE))
# Reference 2 prints only the DOI; its records hold PMID 40718480 and PMCID PMC12289492.
REF5_2019 = REF5.replace("(2025)", "(2019)")
UNTITLED = "Smith J. A made-up paper title about things. J Things. 2020;1:1-2."


def article(tmp_path: Path, *refs: str, body: str = "Text [1][2].", name: str = "a.md") -> Path:
    listed = "\n".join(f"[{i}] {ref}" for i, ref in enumerate(refs, 1))
    path = tmp_path / name
    path.write_text(f"{body}\n\n## References\n\n{listed}\n", encoding="utf-8")
    return path


def verify_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(capsys, "verify", *OFFLINE, "--format", "json", *argv)
    report = json.loads(out)
    validate_report(report)
    return code, report, err


def found(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [d for d in report["discrepancies"] if d["code"] == code]


# ------------------------------------------------------------------ accepted findings


@pytest.mark.parametrize(
    "key",
    [
        'pmid = "40718480"',
        "pmid = 40718480",
        'pmcid = "PMC12289492"',
        'doi = "https://doi.org/10.3389/FIMMU.2025.1613502"',
        'doi = "doi:10.3389/fimmu.2025.1613502"',
    ],
)
def test_a_finding_is_accepted_by_any_identifier_of_the_resolved_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key: str
) -> None:
    path = article(tmp_path, REF1.format(year=2025), REF5_2019)
    code, report, _ = verify_json(capsys, str(path))
    assert code == 1 and found(report, "year-mismatch")[0]["ref"] == 2
    (tmp_path / "asrefs.toml").write_text(
        f'[[accept]]\ncode = "year-mismatch"\n{key}\nreason = "known"\n', encoding="utf-8"
    )
    code, report, err = verify_json(capsys, str(path))
    assert code == 0 and err == ""
    assert found(report, "year-mismatch")[0]["accepted"] == "known"


def test_an_identifier_of_another_work_accepts_nothing_and_is_reported_stale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2025), REF5_2019)
    (tmp_path / "asrefs.toml").write_text(
        '[[accept]]\ncode = "year-mismatch"\npmid = "39934871"\nreason = "ref 1\'s PMID"\n',
        encoding="utf-8",
    )
    code, report, err = verify_json(capsys, str(path))
    assert code == 1 and "accepted" not in found(report, "year-mismatch")[0]
    assert err == (
        "asrefs: warning: accepted finding year-mismatch for PMID 39934871 no longer occurs\n"
    )


def test_accepted_in_pyproject_by_pmid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = article(tmp_path, REF1.format(year=2019), REF5)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[[tool.asrefs.accept]]\ncode = "year-mismatch"\n'
        'pmid = "39934871"\nreason = "known"\n',
        encoding="utf-8",
    )
    code, report, _ = verify_json(capsys, str(path))
    assert code == 0 and found(report, "year-mismatch")[0]["accepted"] == "known"


def test_an_unknown_code_in_pyproject_names_the_file_the_entry_and_the_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2025))
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.asrefs.accept]]\ncode = "year-mismatch"\ndoi = "10.1234/x"\nreason = "r"\n'
        '[[tool.asrefs.accept]]\ncode = "year-mismach"\ndoi = "10.1234/x"\nreason = "r"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "verify", *OFFLINE, str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"asrefs: error: {tmp_path.resolve() / 'pyproject.toml'}: bad value for accept: "
        "entry 2: unknown finding code 'year-mismach' (did you mean 'year-mismatch'?)\n"
    )


# ------------------------------------------------------------------ severities


def wrong_year(tmp_path: Path, config: str | None = None) -> Path:
    """a.md, whose reference 1 prints the wrong year (an error by default), and the
    project's asrefs.toml holding ``config``."""
    if config is not None:
        (tmp_path / "asrefs.toml").write_text(config, encoding="utf-8")
    return article(tmp_path, REF1.format(year=2019), REF5)


FORMAT_SHOWS_WARNING = {
    "text": r"(?m)^  warning +year-mismatch ",
    "markdown": r"\| ⚠️ \| `year-mismatch` \|",
    "github": r"(?m)^::warning file=a\.md,line=\d+,title=year-mismatch ",
    "html": r'<li data-level="warning">(?:(?!</li>).)*<code>year-mismatch</code>',
}


def test_a_severity_override_is_what_the_exit_status_and_every_format_see(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = wrong_year(tmp_path, '[severity]\n"year-mismatch" = "warning"\n')
    code, report, _ = verify_json(capsys, "a.md")
    assert code == 0  # --fail-on error: a warning does not fail
    assert [d["severity"] for d in found(report, "year-mismatch")] == ["warning"]
    assert report["summary"]["error"] == 0 and report["summary"]["warning"] == 1
    assert report["references"][0]["status"] == "discrepancies"
    code, _, _ = run(capsys, "verify", *OFFLINE, "--fail-on", "warning", "a.md")
    assert code == 1
    for fmt, shown in FORMAT_SHOWS_WARNING.items():
        code, out, _ = run(capsys, "verify", *OFFLINE, "--format", fmt, "a.md")
        assert code == 0 and re.search(shown, out), fmt
    code, out, _ = run(capsys, "verify", *OFFLINE, "--format", "sarif", str(path))
    results = json.loads(out)["runs"][0]["results"]
    assert [r["level"] for r in results if r["ruleId"] == "year-mismatch"] == ["warning"]


def test_raising_a_severity_makes_a_note_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = verify_json(capsys, str(SAMPLE))
    assert code == 3 and [d["severity"] for d in found(report, "title-variant")] == ["info"]
    Path("pyproject.toml").write_text(
        '[tool.asrefs.severity]\n"title-variant" = "error"\n', encoding="utf-8"
    )
    code, report, _ = verify_json(capsys, str(SAMPLE))
    assert code == 1 and [d["severity"] for d in found(report, "title-variant")] == ["error"]


def _ignored_everywhere(capsys: pytest.CaptureFixture[str], *argv: str) -> None:
    code, report, _ = verify_json(capsys, *argv)
    assert code == 0 and found(report, "year-mismatch") == []
    assert report["summary"]["ignored"] == 1 and report["summary"]["error"] == 0
    assert report["references"][0]["status"] == "verified"
    for fmt in ("text", "markdown", "github", "html"):
        code, out, _ = run(capsys, "verify", *OFFLINE, "--format", fmt, *argv)
        assert code == 0 and "year-mismatch" not in out, fmt
    code, out, _ = run(capsys, "verify", *OFFLINE, "--format", "sarif", *argv)
    assert [
        r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "year-mismatch"
    ] == []


def test_ignore_in_the_configuration_leaves_the_finding_out_and_counts_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = wrong_year(tmp_path, '[severity]\n"year-mismatch" = "IGNORE"\n')
    _ignored_everywhere(capsys, str(path))


@pytest.mark.parametrize(
    "flags",
    [["--ignore", "year-mismatch"], ["--ignore", "title-variant,year-mismatch"]],
    ids=["one-code", "comma-separated"],
)
def test_ignore_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flags: list[str]
) -> None:
    _ignored_everywhere(capsys, *flags, str(wrong_year(tmp_path)))


def test_ignore_on_the_command_line_overrides_the_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = wrong_year(tmp_path, '[severity]\n"year-mismatch" = "error"\n')
    code, _, _ = run(capsys, "verify", *OFFLINE, str(path))
    assert code == 1
    _ignored_everywhere(capsys, "--ignore", "year-mismatch", str(path))


# ------------------------------------------------------------------ baseline


def three_findings(tmp_path: Path) -> Path:
    """An article with an error about a work with a DOI, an uncited reference without any
    identifier (accepted by its title) and a marker citing no reference."""
    return article(tmp_path, REF1.format(year=2019), REF5, UNTITLED, body="Text [1][2] and [4].")


def today() -> str:
    return datetime.date.today().isoformat()


def baseline_into(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str, before: str | None = None
) -> tuple[int, str, str]:
    """``asrefs baseline --write TARGET`` of :func:`three_findings`' article, TARGET (and
    the pyproject.toml when TARGET is another file) holding ``before`` first."""
    path = three_findings(tmp_path)
    if before is not None:
        (tmp_path / target).write_text(before, encoding="utf-8")
    return run(capsys, "baseline", *OFFLINE, "--write", target, str(path))


def test_baseline_prints_entries_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = three_findings(tmp_path)
    code, out, err = run(capsys, "baseline", *OFFLINE, str(path))
    assert (code, err) == (0, "")
    assert sorted(tmp_path.iterdir()) == [path]  # no file written
    assert tomllib.loads(out)["accept"] == [
        {"code": "dangling-marker", "marker": "[4]", "article": "a.md",
         "reason": f"baseline {today()}"},
        {"code": "year-mismatch", "doi": "10.1186/s13287-025-04184-x",
         "reason": f"baseline {today()}"},
        {"code": "uncited-reference", "title": "A made-up paper title about things",
         "reason": f"baseline {today()}"},
    ]  # fmt: skip


def test_verify_after_baseline_exits_0_and_a_new_error_still_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = three_findings(tmp_path)
    code, report, _ = verify_json(capsys, str(path))
    assert code == 1 and len(report["discrepancies"]) == 3
    code, out, err = run(capsys, "baseline", *OFFLINE, "--write", "asrefs.toml", str(path))
    assert (code, out) == (0, "")
    assert err == "asrefs: note: asrefs.toml: 3 findings accepted\n"
    code, report, err = verify_json(capsys, str(path))
    assert (code, err) == (0, "")  # every finding accepted, none stale
    assert all(d["accepted"] == f"baseline {today()}" for d in report["discrepancies"])
    three_findings_and_one_more = article(
        tmp_path, REF1.format(year=2019), REF5_2019, UNTITLED, body="Text [1][2] and [4]."
    )
    code, report, _ = verify_json(capsys, str(three_findings_and_one_more))
    assert code == 1
    assert [(d["code"], d["ref"]) for d in report["discrepancies"] if "accepted" not in d] == [
        ("year-mismatch", 2)
    ]


def test_baseline_appends_to_the_configuration_keeping_every_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = (
        '# the project\'s settings\nfail-on = "warning"  # stricter than the default\n\n'
        '[severity]\n"title-variant" = "ignore"\n\n'
        '[[accept]]\ncode = "year-mismatch"\npmid = "39934871"\nreason = "judged: a reprint"'
    )  # no final line end
    code, _, _ = baseline_into(capsys, tmp_path, "asrefs.toml", before)
    after = (tmp_path / "asrefs.toml").read_text(encoding="utf-8")
    assert code == 0 and after.startswith(before + "\n")
    data = tomllib.loads(after)
    assert data["fail-on"] == "warning" and data["severity"] == {"title-variant": "ignore"}
    # the finding accepted already is not accepted twice
    assert [e["code"] for e in data["accept"]] == [
        "year-mismatch",
        "dangling-marker",
        "uncited-reference",
    ]
    code, report, err = verify_json(capsys, "a.md")
    assert (code, err) == (0, "")  # fail-on warning: the uncited reference is accepted too
    assert found(report, "year-mismatch")[0]["accepted"] == "judged: a reprint"


def test_baseline_into_pyproject_writes_tool_asrefs_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = '[project]\nname = "paper"\n\n[tool.asrefs]\nfail-on = "warning"\n\n[tool.x]\ny = 1\n'
    code, _, _ = baseline_into(capsys, tmp_path, "pyproject.toml", before)
    after = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert code == 0 and after.startswith(before)
    data = tomllib.loads(after)
    assert data["tool"]["x"] == {"y": 1} and data["project"] == {"name": "paper"}
    assert len(data["tool"]["asrefs"]["accept"]) == 3
    code, _, err = run(capsys, "verify", *OFFLINE, "a.md")
    assert (code, err) == (0, "")


def test_baseline_through_the_registries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = three_findings(tmp_path)
    args = server_args(registry, tmp_path)
    code, _, _ = run(capsys, "verify", *args, str(path))
    assert code == 1
    code, _, _ = run(capsys, "baseline", *args, "--write", "asrefs.toml", str(path))
    assert code == 0
    code, _, err = run(capsys, "verify", *args, str(path))
    assert code == 0  # the accepted DOI no registry knows: OpenAlex, without a key, not asked
    assert err.startswith("asrefs: note: OpenAlex was not asked about 1 reference")
    assert len(err.splitlines()) == 1


def test_baseline_of_what_could_not_be_checked_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "baseline", *OFFLINE, str(SAMPLE))
    assert code == 3
    assert [e["code"] for e in tomllib.loads(out)["accept"]] == [
        "date-claim-unconfirmable",
        "title-variant",
    ]
    assert err.startswith(f"asrefs: warning: {SAMPLE}: some references could not be checked")


def test_baseline_with_nothing_to_accept_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, REF1.format(year=2025), REF5)
    code, out, err = run(capsys, "baseline", *OFFLINE, "--write", "asrefs.toml", str(path))
    assert (code, out) == (0, "") and "nothing to accept" in err
    assert not (tmp_path / "asrefs.toml").exists()


def test_baseline_refuses_a_file_the_entries_would_leave_invalid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = 'accept = [{code = "year-mismatch", doi = "10.1234/x", reason = "r"}]\n'
    code, out, err = baseline_into(capsys, tmp_path, "asrefs.toml", before)
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert "asrefs.toml: the baseline cannot be appended" in err and "unchanged" in err
    assert (tmp_path / "asrefs.toml").read_text(encoding="utf-8") == before


def test_baseline_refuses_to_hide_the_configuration_in_use(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.asrefs]\nfail-on = "warning"\n')
    code, out, err = baseline_into(capsys, tmp_path, "asrefs.toml")
    assert (code, out) == (2, "")
    assert err == (
        f"asrefs: error: asrefs.toml: creating it would hide the configuration in "
        f"{tmp_path.resolve() / 'pyproject.toml'}; write the baseline there (--write "
        f"{tmp_path.resolve() / 'pyproject.toml'})\n"
    )
    assert not (tmp_path / "asrefs.toml").exists()


def test_baseline_warns_when_the_file_is_not_the_one_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "sub").mkdir()
    code, _, err = baseline_into(capsys, tmp_path, "sub/asrefs.toml")
    assert code == 0 and (tmp_path / "sub" / "asrefs.toml").exists()
    assert "asrefs: warning: sub/asrefs.toml is not the configuration file asrefs reads here" in err
