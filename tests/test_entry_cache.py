"""Parsed entries kept between runs (asrefs.entry_cache): a second run of an article reads
its entries' fields from the cache folder instead of parsing them again, a changed parser
never reads an old parse, and a cache that cannot be used changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from asrefs.entry_cache import FILE_NAME
from asrefs.parse.entry import entry_fields
from asrefs.parse.locate import locate
from asrefs.parse.memo import fields_from_json, fields_to_json
from asrefs.read import read_article
from conftest import SAMPLE, run, server_args


def _verify(capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path) -> dict[str, Any]:
    code, out, err = run(capsys, "verify", "--format", "json", "--fail-on", "never",
                         *server_args(registry, tmp_path), str(SAMPLE))  # fmt: skip
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def _titles(report: dict[str, Any]) -> list[str | None]:
    return [r["parsed"]["title"] for r in report["references"]]


def _rows(database: Path, sql: str, *params: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        found = connection.execute(sql, params).fetchall()
    connection.close()
    return found


def test_a_second_run_reads_the_entries_parsed_by_the_first(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    first = _verify(capsys, registry, tmp_path)
    database = tmp_path / "c" / FILE_NAME
    kept = dict(_rows(database, "SELECT text, fields FROM entries"))
    assert set(kept) == {r["raw"] for r in first["references"]}
    assert _verify(capsys, registry, tmp_path) == first

    # the second run takes an entry's fields from the file, not from the parser
    raw = first["references"][0]["raw"]
    fields = json.loads(kept[raw])
    fields["title"] = "A title only the cache holds"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE entries SET fields = ? WHERE text = ?", (json.dumps(fields), raw)
        )
    connection.close()
    assert _titles(_verify(capsys, registry, tmp_path))[0] == "A title only the cache holds"

    # another parser's entries are dropped, and the entries parsed again
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE parser SET digest = 'another parser'")
    connection.close()
    assert _verify(capsys, registry, tmp_path) == first
    assert dict(_rows(database, "SELECT text, fields FROM entries")) == kept


def test_an_unusable_file_changes_nothing(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    args = ["verify", "--format", "json", "--fail-on", "never",
            *server_args(registry, tmp_path), str(SAMPLE)]  # fmt: skip
    first = run(capsys, *args)
    database = tmp_path / "c" / FILE_NAME
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"not a database" * 100)
    assert run(capsys, *args) == first  # the same report, and not a word more on stderr


def test_offline_runs_keep_no_parses_and_cache_clear_removes_them(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    run(capsys, "verify", "--offline", "-q", "--cache-dir", str(tmp_path / "off"), str(SAMPLE))
    assert not (tmp_path / "off" / FILE_NAME).exists()
    _verify(capsys, registry, tmp_path)
    database = tmp_path / "c" / FILE_NAME
    assert database.exists()
    assert run(capsys, "cache", "clear", "--cache-dir", str(tmp_path / "c"))[0] == 0
    assert not database.exists()


def test_every_entry_of_the_sample_reads_back_as_parsed() -> None:
    article = read_article(str(SAMPLE), [])
    entries = [" ".join(e.text.split()) for e in locate(article.text)]
    assert entries
    for text in entries:
        values = entry_fields(text)
        kept = fields_to_json(values)
        assert kept is not None and fields_from_json(kept) == values


@pytest.mark.parametrize("kept", ["[]", "{", '{"no_such_field": 1}', '{"authors": [["A"]]}'])
def test_fields_that_are_not_what_was_written_are_not_read(kept: str) -> None:
    assert fields_from_json(kept) is None
