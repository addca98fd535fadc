"""The on-disk cache: layout, atomic writes, corrupt entries, time-to-live, safety."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from asrefs.resolve.cache import Cache, Entry, entry_name

HOSTILE_KEYS = [
    "10.1234/../../x",
    "10.1234/../../etc/passwd",
    "..",
    ".",
    "/etc/passwd",
    "10.1000/a\\..\\..\\b",
    "10.1000/" + "x" * 500,
    "10.1000/\x00nul",
]


def entry(key: str, status: int = 200, payload: str = "{}") -> Entry:
    return Entry("crossref", "work", key, status, payload, "http://x/", "2026-01-01T00:00:00Z")


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_no_key_escapes_the_cache_folder(tmp_path: Path, key: str) -> None:
    root = tmp_path / "c"
    cache = Cache(root, ignore_ttl=True)
    cache.put(entry(key))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert files[0].resolve().is_relative_to((root / "crossref" / "work").resolve())
    assert cache.get("crossref", "work", key) is not None
    assert "/" not in entry_name(key)


def test_round_trip_keeps_payload_and_provenance(tmp_path: Path) -> None:
    cache = Cache(tmp_path, ignore_ttl=True)
    cache.put(Entry("pubmed", "pmid", "123", 200, "<xml>é</xml>", "http://u", None, "assembled"))
    got = cache.get("pubmed", "pmid", "123")
    assert got is not None
    assert (got.payload, got.url, got.fetched, got.provenance) == (
        "<xml>é</xml>",
        "http://u",
        None,
        "assembled",
    )


def test_corrupt_entry_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = Cache(tmp_path, ignore_ttl=True)
    cache.put(entry("10.1/a"))
    path = cache.path_for("crossref", "work", "10.1/a")
    path.write_text(path.read_text()[:20])
    assert cache.get("crossref", "work", "10.1/a") is None
    assert "corrupt cache entry" in caplog.text


def test_time_to_live_from_the_recorded_fetch_time(tmp_path: Path) -> None:
    cache = Cache(tmp_path, ttl_days=30, not_found_ttl_days=1)
    cache.put(Entry("crossref", "work", "old", 200, "{}", None, "2000-01-01T00:00:00Z"))
    cache.put(Entry("crossref", "work", "new", 200, "{}", None, "2999-01-01T00:00:00Z"))
    assert cache.get("crossref", "work", "old") is None
    assert cache.get("crossref", "work", "new") is not None
    offline = Cache(tmp_path, ignore_ttl=True)
    assert offline.get("crossref", "work", "old") is not None


def test_not_found_answers_expire_sooner(tmp_path: Path) -> None:
    from asrefs.resolve.cache import now_iso

    cache = Cache(tmp_path, ttl_days=30, not_found_ttl_days=0.0)
    cache.put(Entry("crossref", "work", "gone", 404, "", None, "2020-01-01T00:00:00Z"))
    cache.put(Entry("crossref", "work", "here", 200, "{}", None, now_iso()))
    assert cache.get("crossref", "work", "gone") is None
    assert cache.get("crossref", "work", "here") is not None


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_warns_and_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tmp_path.chmod(0o500)
    try:
        Cache(tmp_path / "sub").put(entry("10.1/a"))
    finally:
        tmp_path.chmod(0o700)
    assert "cannot write to the cache folder" in caplog.text


def test_unwritable_cache_folder_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker)  # a file where the folder should be: every write fails
    cache.put(entry("10.1/a"))
    cache.put(entry("10.1/b"))
    assert caplog.text.count("results are not cached") == 1


WRITER = textwrap.dedent(
    """
    import sys
    from asrefs.resolve.cache import Cache, Entry
    cache = Cache(sys.argv[1])
    payload = sys.argv[2] * 200000
    for _ in range(30):
        cache.put(Entry("crossref", "work", "10.1/same", 200, payload, None, None))
    """
)


def test_two_processes_writing_the_same_entry_leave_a_valid_file(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), letter])
        for letter in ("a", "b")
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    path = Cache(tmp_path).path_for("crossref", "work", "10.1/same")
    data = json.loads(path.read_text())
    assert data["payload"] in ("a" * 200000, "b" * 200000)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]


def test_stats_prune_and_clear(tmp_path: Path) -> None:
    cache = Cache(tmp_path, ttl_days=30)
    cache.put(Entry("crossref", "work", "old", 200, "{}", None, "2000-01-01T00:00:00Z"))
    cache.put(Entry("pubmed", "pmid", "1", 200, "<x/>", None, "2999-01-01T00:00:00Z"))
    assert cache.stats()["entries"] == {"crossref/work": 1, "pubmed/pmid": 1}
    assert cache.prune() == 1
    assert cache.clear() == 1
    assert cache.stats()["entries"] == {}


def test_atomic_write_gives_new_files_the_usual_mode_and_keeps_an_existing_one(
    tmp_path: Path,
) -> None:
    from asrefs.resolve.cache import atomic_write

    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.txt", b"x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        old = tmp_path / "old.txt"
        old.write_bytes(b"old")
        old.chmod(0o640)
        atomic_write(old, b"new")
        assert old.stat().st_mode & 0o777 == 0o640 and old.read_bytes() == b"new"
    finally:
        os.umask(mask)
