"""Bibliographic search over a loaded snapshot: a reference that prints no identifier is
found through the snapshot's full-text index (SQLite FTS5, PostgreSQL's tsvector) with
the live search's queries and score, without asking the registry; what the snapshot
does not hold is searched for live, and a snapshot miss alone never says a work is
missing. Through the CLI against the registry stand-in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import RECORDS, REF1, SAMPLES, emptied, run, server_args
from test_fabrication import MADE_UP
from test_mirror import crossref_file, killed_loading, many_works, recorded_works
from test_store import fresh_database, postgres

__all__ = ["postgres"]  # the PostgreSQL server fixture, shared with test_store

ZENG = REF1.split(" https://")[0]  # no identifier: only a search finds it
DOI1 = "10.1186/s13287-025-04184-x"
KE_DOI = "10.3389/fimmu.2025.1613502"


@pytest.fixture(scope="module")
def own_server() -> Iterator[Any]:
    pytest.importorskip("werkzeug")
    from standin import RegistryServer, sample_store

    with RegistryServer(sample_store(RECORDS, SAMPLES)) as server:
        yield server


@pytest.fixture
def registry(own_server: Any) -> Iterator[Any]:
    """A stand-in of this module's own, holding the recorded works only: what other
    tests add to the shared one (a copy of a work under another DOI) would change what
    the live search answers."""
    yield from emptied(own_server)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """The options naming the store under test: the SQLite file in a cache folder, or a
    new database on a real PostgreSQL server."""
    if request.param == "sqlite":
        return ["--cache-dir", str(tmp_path / "c")]
    return ["--store-url", fresh_database(request.getfixturevalue("postgres"))]


def load(capsys: pytest.CaptureFixture[str], store: list[str], path: Path, *args: str) -> str:
    code, out, err = run(capsys, "mirror", "load", str(path), *store, *args)
    assert (code, err) == (0, ""), err
    return out


def verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref: str, *args: str
) -> tuple[int, dict[str, Any]]:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "a.md"
    path.write_text(f"The text cites [1].\n\n## References\n\n[1] {ref}\n", encoding="utf-8")
    code, out, err = run(capsys, "verify", "--format", "json", *args, str(path))
    assert "Traceback" not in err
    return code, json.loads(out)


def searches(registry: Any) -> list[Any]:
    return [r for r in registry.requests if "query.bibliographic" in r.query]


def codes(report: dict[str, Any]) -> set[str]:
    return {f["code"] for f in report["discrepancies"]}


def test_a_reference_without_doi_is_found_in_the_snapshot_with_the_registry_down(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any, store: list[str]
) -> None:
    load(capsys, store, crossref_file(tmp_path / "0.json.gz", recorded_works()),
         "--date", datetime.now(timezone.utc).strftime("%Y-%m-%d"))  # fmt: skip
    registry.faults.status("/crossref/works", 503, times=1000)
    code, report = verify(
        capsys, tmp_path, ZENG.format(year=2025), *server_args(registry, tmp_path), *store
    )
    [ref] = report["references"]
    assert ref["suggested"]["doi"] == DOI1
    assert ref["suggested"]["provenance"].startswith("snapshot 0.json.gz ")
    assert ref["suggested"]["registry"] == "crossref"
    assert ref["search_failure"] is None
    assert codes(report) == {"doi-suggested"}
    assert code == 0
    assert searches(registry) == []
    assert registry.requests.count("/crossref") == 0  # nothing asked: the fault never fired


def test_offline_the_snapshot_is_searched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: list[str]
) -> None:
    load(capsys, store, crossref_file(tmp_path / "0.json.gz", recorded_works()))
    code, report = verify(capsys, tmp_path, ZENG.format(year=2025), "--offline", *store)
    assert report["references"][0]["suggested"]["doi"] == DOI1
    assert code == 0  # found, so nothing is left unchecked


@pytest.mark.parametrize(
    "printed",
    [
        ZENG.format(year=2025),
        ZENG.format(year=2019),  # a wrong year: the fielded query misses, the plain one finds
        ZENG.format(year=2025).replace(" 16, 65 ", " 61, 65 "),  # a wrong volume
        ZENG.format(year=2025).replace("Zeng, L.", "Zheng, L."),  # a misspelt first author
    ],
)
def test_the_snapshot_answers_as_the_live_search_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any, printed: str
) -> None:
    live_code, live = verify(capsys, tmp_path / "live", printed, *server_args(registry, tmp_path))
    assert searches(registry)  # the live run asked the registry
    registry.requests.clear()
    cache = ["--cache-dir", str(tmp_path / "held")]
    load(capsys, cache, crossref_file(tmp_path / "0.json.gz", recorded_works()))
    held_code, held = verify(
        capsys, tmp_path / "held", printed, *server_args(registry, tmp_path), *cache
    )
    assert searches(registry) == []
    assert live["references"][0]["suggested"]["provenance"] is None
    for report in (live, held):
        report["references"][0]["suggested"].pop("provenance")
    assert held["references"] == live["references"]
    assert held["discrepancies"] == live["discrepancies"]
    assert held_code == live_code


def test_what_the_snapshot_does_not_hold_is_searched_live(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any, store: list[str]
) -> None:
    ke_only = [w for w in recorded_works() if w["DOI"].lower() == KE_DOI]
    load(capsys, store, crossref_file(tmp_path / "0.json.gz", ke_only))
    code, report = verify(
        capsys, tmp_path, ZENG.format(year=2025), *server_args(registry, tmp_path), *store
    )
    [ref] = report["references"]
    assert ref["suggested"]["doi"] == DOI1 and ref["suggested"]["provenance"] is None
    assert len(searches(registry)) >= 1
    assert code == 0


def test_a_snapshot_miss_never_makes_a_work_look_made_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    ke_only = [w for w in recorded_works() if w["DOI"].lower() == KE_DOI]
    load(capsys, cache, crossref_file(tmp_path / "0.json.gz", ke_only))
    # offline, with the real work outside the snapshot: unchecked, not "no matching work"
    code, report = verify(capsys, tmp_path, ZENG.format(year=2025), "--offline", *cache)
    assert code == 3
    assert report["references"][0]["problem"] == "not-cached"
    assert "no-matching-work" not in codes(report)
    # a made-up reference is said to match no work only after the registry was asked
    code, report = verify(capsys, tmp_path, MADE_UP, *server_args(registry, tmp_path))
    assert "no-matching-work" in codes(report)
    assert searches(registry)


def test_a_snapshot_older_than_the_maximum_age_is_not_searched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    made = (datetime.now(timezone.utc) - timedelta(days=100)).strftime("%Y-%m-%d")
    cache = ["--cache-dir", str(tmp_path / "c")]
    load(capsys, cache, crossref_file(tmp_path / "0.json.gz", recorded_works()), "--date", made)
    args = [*server_args(registry, tmp_path), "--snapshot-max-age", "30"]
    _, report = verify(capsys, tmp_path, ZENG.format(year=2025), *args)
    assert report["references"][0]["suggested"]["provenance"] is None
    assert searches(registry)


def test_a_snapshot_loaded_before_the_index_is_indexed_by_loading_it_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    snapshot = crossref_file(tmp_path / "0.json.gz", recorded_works())
    load(capsys, cache, snapshot, "--date", "2025-04-01")
    with sqlite3.connect(tmp_path / "c" / "asrefs.sqlite3") as conn:  # as an older asrefs left it
        for table in ("snapshot_fts", "snapshot_search", "snapshot_indexed"):
            conn.execute(f"DROP TABLE {table}")
    code, report = verify(capsys, tmp_path, ZENG.format(year=2025), "--offline", *cache)
    assert code == 3 and report["references"][0]["problem"] == "not-cached"
    status = run(capsys, "mirror", "status", *cache)[1]
    assert status.startswith("crossref: 1 file, 1 not indexed for search (load them again), ")
    out = load(capsys, cache, snapshot)
    assert out == f"{snapshot}: loaded before (2 items), 2 indexed for search now\n"
    code, report = verify(capsys, tmp_path, ZENG.format(year=2025), "--offline", *cache)
    assert report["references"][0]["suggested"]["provenance"] == "snapshot 0.json.gz 2025-04-01"
    assert code == 0
    assert load(capsys, cache, snapshot) == f"{snapshot}: loaded before (2 items)\n"
    assert run(capsys, "mirror", "status", *cache)[1].startswith("crossref: 1 file, 2 entries, ")


def test_indexing_a_loaded_snapshot_resumes_after_a_kill(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    total = 40000
    cache = ["--cache-dir", str(tmp_path / "c")]
    big = crossref_file(tmp_path / "big.json.gz", many_works(total))
    load(capsys, cache, big)
    db = tmp_path / "c" / "asrefs.sqlite3"
    with sqlite3.connect(db) as conn:  # as an older asrefs left it
        for table in ("snapshot_fts", "snapshot_search", "snapshot_indexed"):
            conn.execute(f"DROP TABLE {table}")
    before = killed_loading([str(big), *cache], db, "snapshot_indexed")
    assert 0 < before < total
    out = load(capsys, cache, big)
    assert out == f"{big}: loaded before ({total} items), {total - before} indexed for search now\n"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM snapshot_search").fetchone()[0] == total
        matched = "SELECT COUNT(*) FROM snapshot_fts WHERE snapshot_fts MATCH ?"
        assert conn.execute(matched, ('"efficacy"',)).fetchone()[0] == total  # every title
