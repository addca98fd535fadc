"""Snapshots: the registries' public data files (Crossref's .json.gz of {"items": [...]},
PubMed's .xml.gz baseline and update files), made here from the recorded records, loaded
with ``asrefs mirror load``, read before the cache and the registry, resumed after a
killed load, and a damaged file said in one line."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import CACHE, RECORDS, REPO, run, server_args
from test_robustness import DOI1, REF1, REF5_PMID, two_refs
from test_store import fresh_database, postgres

__all__ = ["postgres"]  # the PostgreSQL server fixture, shared with test_store


def crossref_file(path: Path, works: list[dict[str, Any]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump({"items": works}, fh)
    return path


def recorded_works() -> list[dict[str, Any]]:
    files = sorted((RECORDS / "crossref").glob("work_*.json"))
    return [json.loads(p.read_text(encoding="utf-8"))["message"] for p in files]


def pubmed_file(path: Path, deleted: tuple[str, ...] = ()) -> Path:
    """A baseline-style file of the recorded PubMed articles (and DeleteCitation)."""
    bodies = []
    for p in sorted((RECORDS / "pubmed").glob("efetch_*.xml")):
        text = p.read_text(encoding="utf-8")
        start, end = text.index("<PubmedArticle>"), text.rindex("</PubmedArticle>")
        bodies.append(text[start : end + len("</PubmedArticle>")])
    if deleted:
        pmids = "".join(f'<PMID Version="1">{p}</PMID>' for p in deleted)
        bodies.append(f"<DeleteCitation>{pmids}</DeleteCitation>")
    xml = '<?xml version="1.0" encoding="utf-8"?>\n<PubmedArticleSet>'
    xml += "".join(bodies) + "</PubmedArticleSet>\n"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(xml)
    return path


def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    return path


def load(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "mirror", "load", *args, "--cache-dir", str(tmp_path / "c"))


def test_a_loaded_snapshot_checks_an_article_offline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cr = crossref_file(tmp_path / "0.json.gz", recorded_works())
    pm = pubmed_file(tmp_path / "pubmed25n0001.xml.gz")
    code, out, err = load(capsys, tmp_path, str(cr), str(pm), "--date", "2025-04-01")
    assert (code, err) == (0, "")
    assert out == f"{cr}: 2 crossref items\n{pm}: 3 pubmed items\n"
    code, out, err = run(capsys, "verify", "--offline", "--format", "json",
                         "--cache-dir", str(tmp_path / "c"), str(article(tmp_path)))  # fmt: skip
    assert (code, err) == (0, "")
    assert [r["status"] for r in json.loads(out)["references"]] == ["verified"] * 2
    code, out, err = run(capsys, "mirror", "status", "--cache-dir", str(tmp_path / "c"))
    assert code == 0 and out.startswith("crossref: 1 file, 2 entries, of 2025-04-01 (")
    assert "\npubmed: 1 file, " in out


def test_the_snapshot_comes_first_while_it_is_young_enough(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    cr = crossref_file(tmp_path / "0.json.gz", recorded_works())
    made = (datetime.now(timezone.utc) - timedelta(days=100)).strftime("%Y-%m-%d")
    assert load(capsys, tmp_path, str(cr), "--date", made)[0] == 0  # within 365 days
    args = ["verify", "-q", *server_args(registry, tmp_path), str(article(tmp_path))]
    assert run(capsys, *args)[0] == 0
    assert not [r for r in registry.requests if r.path.startswith("/crossref/works")]
    registry.requests.clear()
    # a snapshot older than --snapshot-max-age: the registry is asked (and the cache kept)
    assert run(capsys, *args, "--snapshot-max-age", "30")[0] == 0
    assert [r for r in registry.requests if r.path.startswith("/crossref/works")]
    registry.requests.clear()
    assert run(capsys, *args, "--snapshot-max-age", "30")[0] == 0
    assert len(registry.requests) == 0  # the fresh answer is now in the cache


def test_an_update_file_withdraws_what_it_deletes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pm = pubmed_file(tmp_path / "pubmed25n0001.xml.gz")
    update = pubmed_file(tmp_path / "pubmed25n1300.xml.gz", deleted=("40718480",))
    assert load(capsys, tmp_path, str(pm))[0] == 0
    # the update holds the article again and then deletes it: it is gone
    assert load(capsys, tmp_path, str(update))[0] == 0
    code, out, _ = run(capsys, "verify", "--offline", "--format", "json",
                       "--cache-dir", str(tmp_path / "c"), str(article(tmp_path)))  # fmt: skip
    refs = json.loads(out)["references"]
    assert code == 3 and refs[1]["problem"] == "not-cached"


def test_loading_a_file_again_skips_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cr = crossref_file(tmp_path / "0.json.gz", recorded_works())
    assert load(capsys, tmp_path, str(cr))[0] == 0
    assert load(capsys, tmp_path, str(cr))[1] == f"{cr}: loaded before (2 items)\n"


def many_works(n: int) -> list[dict[str, Any]]:
    base = recorded_works()[0]
    return [{**base, "DOI": f"10.5555/snapshot.{i}"} for i in range(n)]


def test_a_killed_load_resumes_where_it_stopped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    total = 40000
    big = crossref_file(tmp_path / "big.json.gz", many_works(total))
    db = tmp_path / "c" / "asrefs.sqlite3"
    before = killed_loading([str(big), "--cache-dir", str(tmp_path / "c")], db, "snapshot_files")
    assert 0 < before < total
    code, out, err = load(capsys, tmp_path, str(big))
    assert (code, err) == (0, "")
    assert out == f"{big}: {total - before} crossref items, {before} loaded before\n"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM snapshot").fetchone()[0] == total


def killed_loading(args: list[str], db: Path, table: str) -> int:
    """``asrefs mirror load ARGS`` in its own process, killed (SIGKILL) once ``table``
    says some of the file is done; how much it says then."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "asrefs", "mirror", "load", *args]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not _done(db, table):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return _done(db, table)


def _done(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            found = conn.execute(f"SELECT done FROM {table}").fetchone()
    except sqlite3.Error:
        return 0
    return int(found[0]) if found else 0


def test_a_damaged_snapshot_file_is_one_line_and_what_came_before_stays(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    whole = crossref_file(tmp_path / "whole.json.gz", many_works(12000)).read_bytes()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    good = crossref_file(tmp_path / "good.json.gz", recorded_works())
    code, out, err = load(capsys, tmp_path, str(cut), str(good))
    assert code == 2 and out == f"{good}: 2 crossref items\n"
    assert err.count("\n") == 1
    assert err.startswith(f"asrefs: error: {cut}: cannot be read after item ")
    assert err.endswith("; what came before is loaded\n")
    kept = int(err.split("after item ")[1].split(" ")[0])
    assert kept > 0
    code, out, _ = run(capsys, "mirror", "status", "--cache-dir", str(tmp_path / "c"))
    assert f"crossref: 2 files, 1 not loaded to the end, {kept + 2} entries" in out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("works.csv", "not a snapshot file (Crossref's .json.gz or PubMed's .xml.gz files)"),
        ("missing.json.gz", "no such file"),
    ],
)
def test_a_file_that_is_not_a_snapshot_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, message: str
) -> None:
    if name.endswith(".csv"):
        (tmp_path / name).write_text("doi\n", encoding="utf-8")
    code, out, err = load(capsys, tmp_path, str(tmp_path / name))
    assert (code, out, err) == (2, "", f"asrefs: error: {tmp_path / name}: {message}\n")


def test_a_json_cache_folder_cannot_hold_a_snapshot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "mirror", "status", "--cache-dir", str(CACHE))
    assert (code, out) == (2, "")
    assert err == (
        f"asrefs: error: asrefs mirror needs a database store, and {CACHE} holds per-record "
        "JSON files: import them into one with 'asrefs cache import', or set --store-url\n"
    )


def test_status_of_an_empty_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "mirror", "status", "--cache-dir", str(tmp_path / "c"))
    assert (code, out) == (0, "no snapshot loaded (asrefs mirror load FILE…)\n")


def test_the_snapshot_is_kept_by_a_shared_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, postgres: str
) -> None:
    url = fresh_database(postgres)
    cr = crossref_file(tmp_path / "0.json.gz", recorded_works())
    assert run(capsys, "mirror", "load", str(cr), "--store-url", url)[:2] == (
        0,
        f"{cr}: 2 crossref items\n",
    )
    code, out, err = run(capsys, "verify", "--offline", "--format", "json", "--store-url", url,
                         str(article(tmp_path)))  # fmt: skip
    refs = json.loads(out)["references"]
    assert (code, err) == (3, "")  # reference 2's PMID is in no snapshot here
    assert refs[0]["status"] == "verified" and DOI1 in json.dumps(refs[0])
    assert refs[1]["problem"] == "not-cached"
