"""What a new user meets in the first hour, through the command line: a way for CI never
to fail, settings that contradict each other refused, outputs that never create folders,
a committed cache not wiped by accident, readable ``parse`` output, and ``resolve`` that
says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import CACHE, SAMPLE, run, server_args

OFFLINE = ("--offline", "--cache-dir", str(CACHE))


def test_exit_zero_never_fails_but_the_report_still_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "verify", *OFFLINE, "--format", "json", str(SAMPLE))
    assert code == 3  # four works are not in the cache
    assert '"unresolved":4' in out.replace(" ", "")
    code, out_zero, _ = run(
        capsys, "verify", *OFFLINE, "--format", "json", "--exit-zero", str(SAMPLE)
    )
    assert code == 0
    assert out_zero == out  # the same report: only the exit status differs


def test_exit_zero_keeps_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "verify", "--exit-zero", str(tmp_path / "missing.md"))
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--offline", "--refresh"), "--offline and --refresh contradict each other"),
        (("--mailto", "notanemail"), "is not an e-mail address"),
    ],
)
def test_contradictory_or_bad_settings_are_refused(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "verify", *argv, str(SAMPLE))
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_output_into_a_missing_folder_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "report.json"
    code, _, err = run(
        capsys, "verify", *OFFLINE, "--format", "json", "-o", str(target), str(SAMPLE)
    )
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "no").exists()


def _project_with_cache(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "records").mkdir(parents=True)
    (project / "records" / "kept.json").write_text("{}", encoding="utf-8")
    (project / "asrefs.toml").write_text('cache-dir = "records"\n', encoding="utf-8")
    return project


def test_cache_clear_of_a_project_cache_needs_yes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project_with_cache(tmp_path)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "cache", "clear")
    assert code == 2 and "--yes" in err
    assert (project / "records" / "kept.json").exists()
    code, out, _ = run(capsys, "cache", "clear", "--yes")
    assert code == 0 and "removed" in out


def test_cache_clear_of_the_user_cache_needs_no_confirmation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "cache", "clear", "--cache-dir", str(tmp_path / "c"))
    assert code == 0 and out.startswith("removed 0 entries")


def test_parse_prints_lists_as_text_not_python(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SAMPLE))
    assert code == 0
    assert "['" not in out and "[]" not in out


def test_resolve_says_why_and_documents_its_exit_status(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    registry.faults.status("/crossref", 500, times=50)
    registry.faults.status("/eutils", 500, times=50)
    code, out, err = run(capsys, "resolve", *server_args(registry, tmp_path), "10.1038/srep16696")
    assert code == 3 and out == ""
    assert "10.1038/srep16696: unavailable (" in err
    _, help_text, _ = run(capsys, "resolve", "--help")
    assert "1 one is not registered; 3 one could not be" in " ".join(help_text.split())


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "README.md").write_text("# Notes\n\nSee note [1].\n", encoding="utf-8")
    (folder / "paper.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_folder_skips_files_without_a_reference_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A README beside the articles is not an article: skipped with a note, no
    dangling-marker error for its "[1]"."""
    folder = _folder(tmp_path)
    code, out, err = run(capsys, "verify", *OFFLINE, "--format", "json", str(folder))
    assert code == 3  # the sample's four uncached works, not the README
    assert "README.md" not in out and "paper.md" in out
    assert f"asrefs: note: skipped {folder / 'README.md'}: no reference list found" in err


def test_a_hook_run_on_a_readme_alone_passes_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "CHANGELOG.md").write_text("# Changes\n\n- fixed [1]\n", encoding="utf-8")
    code, out, err = run(
        capsys, "verify", *OFFLINE, str(folder / "README.md"), str(folder / "CHANGELOG.md")
    )
    assert code == 0 and out == ""
    assert "nothing to check" in err


def test_one_broken_file_in_a_folder_does_not_stop_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "empty.md").write_bytes(b"")
    code, out, err = run(capsys, "verify", *OFFLINE, "--format", "json", str(folder))
    assert code == 2  # the worst: an input error
    assert "empty.md: the file is empty" in err
    assert "paper.md" in out and '"references":7' in out.replace(" ", "")


def test_exclude_globs_from_the_command_line_and_the_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    (folder / "empty.md").write_bytes(b"")
    code, _, err = run(capsys, "verify", *OFFLINE, "--exclude", "*/empty.md", str(folder))
    assert code == 3 and "empty.md" not in err
    (tmp_path / "asrefs.toml").write_text('exclude = ["*/empty.md"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "verify", *OFFLINE, "articles")
    assert code == 3 and "empty.md" not in err
