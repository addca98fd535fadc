"""The committed cache/ holds only what tests/recordings/registry-records/ holds, marked as
assembled from public records, never fetched or invented."""

from __future__ import annotations

import json
import re

import pytest

from conftest import CACHE, RECORDS

NO_RECORD = [  # the sample's works whose records could not be confirmed
    "10.1002/iid3.70189",
    "10.1016/j.bone.2025.117591",
    "10.26599/nr.2025.94907838",
    "10.1186/s13287-025-04701-y",
]


def entries() -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CACHE.rglob("*.json"))]


def test_every_entry_is_marked_assembled_not_fetched() -> None:
    found = entries()
    assert found, "cache/ is empty"
    for e in found:
        assert e["fetched"] is None
        assert str(e["provenance"]).startswith("assembled from public records")


def test_payloads_are_the_public_records_byte_for_byte() -> None:
    for e in entries():
        source = re.search(r"registry-records/(\S+)", str(e["provenance"]))
        assert source, e["provenance"]
        text = (RECORDS / source.group(1)).read_text(encoding="utf-8")
        if e["kind"] in ("work", "pmid"):
            assert e["payload"] == text
        else:  # a DOI -> PMID map, read off the efetch record's ArticleIdList
            mapping = json.loads(str(e["payload"]))
            assert f'<ArticleId IdType="doi">{e["key"]}</ArticleId>' in text
            for pmid in mapping["pmids"]:
                assert f'<PMID Version="1">{pmid}</PMID>' in text


def test_every_public_record_is_in_the_cache() -> None:
    sources = {
        re.search(r"registry-records/(\S+)", str(e["provenance"])).group(1) for e in entries()
    }  # type: ignore[union-attr]
    for path in sorted(RECORDS.glob("*/*")):
        if path.suffix in (".json", ".xml"):
            assert f"{path.parent.name}/{path.name}" in sources


@pytest.mark.parametrize("doi", NO_RECORD)
def test_works_without_a_record_have_no_entry(doi: str) -> None:
    keys = {str(e["key"]).lower() for e in entries()}
    assert doi not in keys
