"""Many articles at once: ``verify --manifest``, ``--results`` (one JSON line per article,
resumable), ``--workers N`` and ``--dask SCHEDULER``, through the command line against
the repository's committed cache (offline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CACHE, REF1, REF5, run, validate_report

OFFLINE = ("--offline", "--no-search", "--cache-dir", str(CACHE))
ARTICLES = 6


def _article(year: int) -> str:
    return (
        "# A short review\n\nCell therapy helps [1], as shown before [2].\n\n"
        f"## References\n\n1. {REF1.format(year=year)}\n2. {REF5}\n"
    )


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A folder of small articles (half print reference 1's year wrongly) and a manifest
    that lists them, with a comment and a blank line."""
    folder = tmp_path / "articles"
    folder.mkdir()
    names = []
    for n in range(ARTICLES):
        (folder / f"a{n}.md").write_text(_article(2025 if n % 2 else 2019), encoding="utf-8")
        names.append(f"a{n}.md")
    manifest = folder / "manifest.txt"
    manifest.write_text("# the articles\n" + "\n\n".join(names) + "\n", encoding="utf-8")
    return manifest


def _lines(path: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_article = {line["article"]: line for line in lines}
    assert len(by_article) == len(lines), "an article recorded twice"
    return by_article


def _verify(capsys: Any, *args: str) -> tuple[int, str, str]:
    return run(capsys, "verify", *OFFLINE, *args)


def test_workers_give_the_same_results_as_one_process(
    capsys: pytest.CaptureFixture[str], catalogue: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    code1, out1, _ = _verify(capsys, "--manifest", str(catalogue), "--results", str(one))
    code2, out2, _ = _verify(
        capsys, "--manifest", str(catalogue), "--results", str(two), "--workers", "2"
    )
    assert code1 == code2 == 1  # the wrong years are errors
    first, second = _lines(one), _lines(two)
    assert len(first) == ARTICLES
    assert first == second
    for line in first.values():
        line.pop("exit")
        validate_report(line)
    wrong = [a for a, line in first.items() if line["summary"]["error"]]
    assert sorted(Path(a).name for a in wrong) == ["a0.md", "a2.md", "a4.md"]
    assert sorted(out1.splitlines()[:-1]) == sorted(out2.splitlines()[:-1])
    assert out2.splitlines()[-1] == f"{ARTICLES} articles: 6 checked, 0 already in {two}"


def test_a_run_resumes_after_a_lost_line_and_a_cut_one(
    capsys: pytest.CaptureFixture[str], catalogue: Path, tmp_path: Path
) -> None:
    results = tmp_path / "r.jsonl"
    _verify(capsys, "--manifest", str(catalogue), "--results", str(results))
    full = _lines(results)
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = json.loads(lines[1])["article"]
    cut = json.loads(lines[-1])["article"]
    # one line deleted, the last one cut short as by a run killed while writing it
    results.write_text("".join([lines[0], *lines[2:-1], lines[-1][:40]]), encoding="utf-8")

    code, out, _ = _verify(capsys, "--manifest", str(catalogue), "--results", str(results))

    assert code == 1
    redone = [line.split(":")[0] for line in out.splitlines()[:-1]]
    assert sorted(redone) == sorted([dropped, cut])
    assert out.splitlines()[-1] == f"{ARTICLES} articles: 2 checked, 4 already in {results}"
    assert _lines(results) == full


def test_a_resumed_run_keeps_the_recorded_exit_status(
    capsys: pytest.CaptureFixture[str], catalogue: Path, tmp_path: Path
) -> None:
    results = tmp_path / "r.jsonl"
    _verify(capsys, "--manifest", str(catalogue), "--results", str(results))
    code, out, _ = _verify(capsys, "--manifest", str(catalogue), "--results", str(results))
    assert code == 1  # nothing checked again, and the recorded errors still fail the run
    assert out == f"{ARTICLES} articles: 0 checked, 6 already in {results}\n"


def test_a_bad_article_among_good_ones_is_one_line(
    capsys: pytest.CaptureFixture[str], catalogue: Path, tmp_path: Path
) -> None:
    folder = catalogue.parent
    (folder / "broken.docx").write_bytes(b"not a zip file")
    results = tmp_path / "r.jsonl"
    code, out, err = _verify(
        capsys, str(folder), "--results", str(results), "--workers", "2", "--fail-on", "never"
    )
    assert code == 2  # an input error outranks everything else
    recorded = _lines(results)
    broken = recorded[str(folder / "broken.docx")]
    assert set(broken) == {"article", "error", "exit"} and broken["exit"] == 2
    assert str(folder / "broken.docx") in broken["error"]
    assert err.count("asrefs: error:") == 1 and "Traceback" not in err
    checked = [line for line in recorded.values() if "summary" in line]
    assert len(checked) == ARTICLES
    assert "1 could not be read" in out.splitlines()[-1]


def test_a_manifest_that_names_a_missing_file(
    capsys: pytest.CaptureFixture[str], catalogue: Path, tmp_path: Path
) -> None:
    with catalogue.open("a", encoding="utf-8") as fh:
        fh.write("gone.md\n")
    code, out, err = _verify(capsys, "--manifest", str(catalogue), "--fail-on", "never")
    assert code == 2
    assert "gone.md: no such file" in err
    # without --results the articles are reported as a batch is today
    assert out.count("references,") == ARTICLES


def test_a_manifest_that_cannot_be_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _verify(capsys, "--manifest", str(tmp_path / "none.txt"))
    assert code == 2
    assert err.startswith("asrefs: error:") and "cannot read the manifest" in err


def test_dask_cluster_gives_the_same_results(
    capsys: pytest.CaptureFixture[str], catalogue: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed")
    local = tmp_path / "local.jsonl"
    _verify(capsys, "--manifest", str(catalogue), "--results", str(local))
    remote = tmp_path / "dask.jsonl"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        code, out, _ = _verify(
            capsys,
            "--manifest",
            str(catalogue),
            "--results",
            str(remote),
            "--dask",
            cluster.scheduler_address,
        )
    assert code == 1
    assert _lines(remote) == _lines(local)
    assert out.splitlines()[-1] == f"{ARTICLES} articles: 6 checked, 0 already in {remote}"


def test_dask_without_a_scheduler_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], catalogue: Path
) -> None:
    pytest.importorskip("distributed", reason="dask.distributed not installed")
    code, _, err = _verify(capsys, "--manifest", str(catalogue), "--dask", "tcp://127.0.0.1:9")
    assert code == 2
    assert "cannot reach the scheduler" in err
