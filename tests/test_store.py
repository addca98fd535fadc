"""The store behind the resolve stage: one suite for every back end (the per-record JSON
files, SQLite, a real PostgreSQL server started from Debian's binaries), then what each
does with damage: a corrupt SQLite file, a full disk, a database that goes away, two
processes writing; and the cache commands' export and import."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from asrefs.resolve.backend import Backend
from asrefs.resolve.cache import Cache, Entry, Freshness, now_iso
from asrefs.resolve.store_sql import SqlStore
from asrefs.resolve.store_sqlite import FILE_NAME, SqliteStore
from conftest import CACHE, REPO, SAMPLE, run, server_args

BACKENDS = ["json", "sqlite", "postgres"]


# --------------------------------------------------------------------------- PostgreSQL
def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A PostgreSQL server of its own (initdb + pg_ctl in a temporary folder, as an
    unprivileged user when run as root), on a free port; its URL."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (asrefs[postgres])")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL's binaries are missing (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="asrefs-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        prefix = ["runuser", "-u", "nobody", "--"]
    data, port = folder / "data", _free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True, capture_output=True, cwd=folder,
    )  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
         str(folder / "log"), "start"],
        check=True, capture_output=True, cwd=folder,
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True, cwd=folder,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def pg_url(postgres: str) -> str:
    return fresh_database(postgres)


# ----------------------------------------------------------------------- the back ends
class Opener:
    """Opens the back end under test (again, on the same data, each call)."""

    def __init__(self, kind: str, where: str) -> None:
        self.kind, self.where = kind, where
        self.opened: list[Backend] = []

    def __call__(
        self, ttl: float = 30.0, not_found_ttl: float = 1.0, offline: bool = False
    ) -> Backend:
        freshness = Freshness(ttl, not_found_ttl, offline)
        store: Backend
        if self.kind == "json":
            store = Cache(self.where, ttl_days=ttl, not_found_ttl_days=not_found_ttl,
                          ignore_ttl=offline)  # fmt: skip
        elif self.kind == "sqlite":
            store = SqliteStore(Path(self.where), freshness, strict=True)
        else:
            from asrefs.resolve.store_postgres import PostgresStore

            store = PostgresStore(self.where, freshness, strict=True)
        self.opened.append(store)
        return store


@pytest.fixture(params=BACKENDS)
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    kind = request.param
    if kind == "postgres":
        where = fresh_database(request.getfixturevalue("postgres"))
    else:
        where = str(tmp_path / "c" / (FILE_NAME if kind == "sqlite" else ""))
    opener = Opener(kind, where)
    yield opener
    for store in opener.opened:
        store.close()


def entry(key: str, status: int = 200, fetched: str | None = "2999-01-01T00:00:00Z") -> Entry:
    return Entry("crossref", "work", key, status, '{"message": {}}', "http://x/", fetched)


def test_an_entry_comes_back_with_its_payload_and_provenance(make: Opener) -> None:
    store = make(offline=True)
    stored = Entry(
        "pubmed", "pmid", "123", 200, "<xml>é</xml>", "http://u", None, "assembled",
        content_type="text/xml", parsed={"title": "T", "year": 2020}, parsed_by="pubmed/1",
    )  # fmt: skip
    store.put(stored)
    assert make(offline=True).get("pubmed", "pmid", "123") == stored
    assert store.get("pubmed", "pmid", "124") is None


def test_a_second_answer_replaces_the_first(make: Opener) -> None:
    store = make()
    store.put(entry("10.1/a", 404))
    store.put(entry("10.1/a", 200))
    got = store.get("crossref", "work", "10.1/a")
    assert got is not None and got.found


@pytest.mark.parametrize("key", ["10.1234/../../x", "..", "/etc/passwd", "10.1000/" + "x" * 500])
def test_any_key_is_kept_under_its_own_name(make: Opener, key: str) -> None:
    store = make()
    store.put(entry(key))
    got = store.get("crossref", "work", key)
    assert got is not None and got.key == key
    assert store.get("crossref", "work", key + "y") is None


def test_time_to_live_from_the_fetch_time_and_none_offline(make: Opener) -> None:
    store = make(ttl=30, not_found_ttl=1)
    store.put(entry("old", fetched="2000-01-01T00:00:00Z"))
    store.put(entry("new", fetched=now_iso()))
    store.put(entry("gone", 404, fetched="2000-01-01T00:00:00Z"))
    store.put(entry("gone-now", 404, fetched=now_iso()))
    assert store.get("crossref", "work", "old") is None
    assert store.get("crossref", "work", "gone") is None
    assert store.get("crossref", "work", "new") is not None
    assert store.get("crossref", "work", "gone-now") is not None
    assert make(not_found_ttl=0.0).get("crossref", "work", "gone-now") is None
    offline = make(offline=True)
    assert offline.get("crossref", "work", "old") is not None
    assert make(ttl=-1, not_found_ttl=-1).get("crossref", "work", "new") is None  # --refresh


def test_many_keys_read_together_are_those_read_one_by_one(make: Opener) -> None:
    store = make(ttl=30, not_found_ttl=1)
    store.put(entry("old", fetched="2000-01-01T00:00:00Z"))
    store.put(entry("gone-now", 404, fetched=now_iso()))
    many = [f"10.1/{i}" for i in range(600)]  # more than one query's worth
    for key in many:
        store.put(entry(key))
    keys = ["old", "gone-now", "absent", *many]
    one_by_one = {k: e for k in keys if (e := store.get("crossref", "work", k)) is not None}
    assert set(one_by_one) == {"gone-now", *many}
    assert store.get_many("crossref", "work", keys) == one_by_one
    assert store.get_many("pubmed", "work", keys) == {}
    if isinstance(store, SqlStore):  # a young snapshot record comes before the cache's
        snap = Entry("crossref", "work", "10.1/7", 200, "{}", None, now_iso(), "snapshot f")
        store.snapshot_write(("f", "crossref", "2025-01-01"), [snap], [], 1, True)
        assert store.get_many("crossref", "work", ["10.1/7", "10.1/8"]) == {
            "10.1/7": snap,
            "10.1/8": one_by_one["10.1/8"],
        }


def test_stats_prune_clear_and_every_record(make: Opener) -> None:
    store = make(ttl=30)
    store.put(entry("old", fetched="2000-01-01T00:00:00Z"))
    store.put(Entry("pubmed", "pmid", "1", 200, "<x/>", None, "2999-01-01T00:00:00Z"))
    store.put(Entry("pubmed", "pmid", "2", 200, "<x/>", None, None))  # assembled: kept
    assert store.stats()["entries"] == {"crossref/work": 1, "pubmed/pmid": 2}
    assert sorted(e.key for e in store.records()) == ["1", "2", "old"]
    assert store.prune() == 1
    assert sorted(e.key for e in store.records()) == ["1", "2"]
    assert store.clear() == 2
    assert store.stats()["entries"] == {}
    assert list(store.records()) == []


WRITER = textwrap.dedent(
    """
    import sys
    from asrefs.resolve.cache import Cache, Entry, Freshness
    kind, where, letter = sys.argv[1:4]
    if kind == "json":
        store = Cache(where)
    elif kind == "sqlite":
        from asrefs.resolve.store_sqlite import SqliteStore
        store = SqliteStore(__import__("pathlib").Path(where), Freshness(), strict=True)
    else:
        from asrefs.resolve.store_postgres import PostgresStore
        store = PostgresStore(where, Freshness(), strict=True)
    for i in range(150):
        store.put(Entry("crossref", "work", f"10.1/{letter}{i}", 200, letter * 5000, None, None))
        store.put(Entry("crossref", "work", "10.1/same", 200, letter * 5000, None, None))
    store.close()
    """
)


def test_two_processes_writing_at_once_lose_nothing(make: Opener, tmp_path: Path) -> None:
    make(offline=True)  # the tables exist before the writers start
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, make.kind, make.where, letter], env=env)
        for letter in "ab"
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    keys = {e.key for e in make(offline=True).records()}
    assert keys == {f"10.1/{c}{i}" for c in "ab" for i in range(150)} | {"10.1/same"}
    same = make(offline=True).get("crossref", "work", "10.1/same")
    assert same is not None and same.payload in ("a" * 5000, "b" * 5000)


# ------------------------------------------------------------------ export and import
def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_committed_cache_goes_through_a_database_byte_for_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, request: pytest.FixtureRequest,
    backend: str,
) -> None:  # fmt: skip
    where = ["--cache-dir", str(tmp_path / "db")]
    if backend == "postgres":
        where = ["--store-url", fresh_database(request.getfixturevalue("postgres"))]
    code, out, err = run(capsys, "cache", "import", str(CACHE), *where)
    assert (code, err) == (0, "")
    assert out.startswith(f"read {len(files_of(CACHE))} entries into ")
    code, out, err = run(capsys, "cache", "export", str(tmp_path / "out"), *where)
    assert (code, err) == (0, "")
    assert files_of(tmp_path / "out") == files_of(CACHE)


def test_the_sample_reads_the_same_from_sqlite_as_from_the_committed_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = ["--cache-dir", str(tmp_path / "db")]
    assert run(capsys, "cache", "import", str(CACHE), *db)[0] == 0
    assert (tmp_path / "db" / FILE_NAME).is_file()
    args = ["verify", "--offline", "--format", "json", str(SAMPLE)]
    from_files = run(capsys, *args, "--cache-dir", str(CACHE))
    from_db = run(capsys, *args, *db)
    assert from_files[0] == 3 and from_db == from_files


def test_export_and_import_need_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cache", "export")
    assert (code, out) == (2, "")
    assert err == "asrefs: error: asrefs cache export needs a folder: asrefs cache export DIR\n"


# ------------------------------------------------------------------------------ damage
def two_refs_article(tmp_path: Path) -> Path:
    from test_robustness import REF1, REF5_PMID, two_refs

    path = tmp_path / "a.md"
    path.write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    return path


def statuses(out: str) -> list[str]:
    return [r["status"] for r in json.loads(out)["references"]]


def test_a_corrupt_database_is_one_line_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    db = tmp_path / "c" / FILE_NAME
    db.parent.mkdir()
    db.write_bytes(b"this is not a database" * 200)
    article = two_refs_article(tmp_path)
    code, out, err = run(capsys, "verify", "--format", "json", *server_args(registry, tmp_path),
                         str(article))  # fmt: skip
    assert code == 0 and statuses(out) == ["verified"] * 2
    assert err == (
        f"asrefs: warning: the cache database {db} cannot be used (file is not a database); "
        "'asrefs cache clear' removes it; going on without the cache\n"
    )
    cache = ["--cache-dir", str(tmp_path / "c")]
    code, out, err = run(capsys, "cache", "stats", *cache)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "'asrefs cache clear' removes it" in err
    code, out, err = run(capsys, "cache", "clear", *cache)
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "cache", "stats", *cache)
    assert (code, err) == (0, "") and json.loads(out)["entries"] == {}


def test_a_full_disk_stops_the_writing_not_the_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = SqliteStore(tmp_path / FILE_NAME, Freshness(ignore_ttl=True))
    store.put(entry("10.1/first"))
    assert store.connection is not None
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # a disk almost full
    for i in range(20):
        big = Entry("crossref", "work", f"10.1/big{i}", 200, "x" * 20000, None, None)
        store.put(big)
    errors = [r.getMessage() for r in caplog.records]
    assert errors == [
        f"the disk holding the cache folder {tmp_path} is full; results are not cached"
    ]
    assert store.get("crossref", "work", "10.1/first") is not None  # nothing lost, still read
    store.close()


def test_a_database_that_goes_away_mid_run_is_one_line(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    import psycopg

    from asrefs.resolve.store_postgres import PostgresStore

    store = PostgresStore(pg_url, Freshness(ignore_ttl=True))
    store.put(entry("10.1/kept"))
    name = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    assert store.get("crossref", "work", "10.1/kept") is None
    store.put(entry("10.1/more"))
    assert [r.getMessage() for r in caplog.records] == [
        f"the cache database {pg_url} cannot be used (terminating connection due to "
        "administrator command); going on without the cache"
    ]
    store.close()
    again = PostgresStore(pg_url, Freshness(ignore_ttl=True))
    assert again.get("crossref", "work", "10.1/kept") is not None  # what was written stays
    again.close()


def test_an_unreachable_database_is_one_line_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://nobody:secret@127.0.0.1:{_free_port()}/none"
    article = two_refs_article(tmp_path)
    code, out, err = run(capsys, "verify", "--format", "json", "--store-url", url,
                         *server_args(registry, tmp_path), str(article))  # fmt: skip
    assert code == 0 and statuses(out) == ["verified"] * 2
    assert err.count("\n") == 1 and "secret" not in err
    assert err.startswith("asrefs: warning: the cache database postgresql://nobody:***@127.0.0.1:")
    assert err.endswith("; going on without the cache\n")


def test_a_shared_database_makes_the_second_run_warm(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any, pg_url: str
) -> None:
    article = two_refs_article(tmp_path)
    args = ["verify", "--format", "json", *server_args(registry, tmp_path), "--store-url", pg_url]
    code, out, _ = run(capsys, *args, str(article))
    assert code == 0 and statuses(out) == ["verified"] * 2
    assert registry.requests
    registry.requests.clear()
    assert run(capsys, *args, str(article))[:2] == (0, out)
    assert len(registry.requests) == 0
    assert not (tmp_path / "c").exists()  # the cache folder is not used
    code, out, _ = run(capsys, "cache", "stats", "--store-url", pg_url)
    assert code == 0 and json.loads(out)["entries"]["crossref/work"] == 1


def test_store_url_of_another_kind_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "cache", "stats", "--store-url", "mysql://x/y")
    assert (code, out) == (2, "")
    assert err == "asrefs: error: store URL 'mysql://x/y': only postgresql://… is supported\n"


def test_offline_with_no_database_makes_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "verify", "--offline", "-q", "--cache-dir", str(tmp_path / "c"),
                     str(two_refs_article(tmp_path)))  # fmt: skip
    assert code == 3
    assert not (tmp_path / "c").exists()


def wait_for(check: Callable[[], bool], seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)
