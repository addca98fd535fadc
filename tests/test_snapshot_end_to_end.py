"""From the registries' public data files to a catalogue's results: Crossref's
``.json.gz`` and PubMed's ``.xml.gz`` files (made here from the recorded records) loaded
with ``asrefs mirror load`` into a SQLite file and a PostgreSQL database, then
``asrefs verify --dask`` on a dask.distributed LocalCluster over a manifest of articles
whose references resolve from the snapshot — by DOI, by PMID and, without identifiers,
through its full-text index — with the registry stand-in asked nothing the snapshot
holds."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import run, server_args, validate_report
from test_mirror import crossref_file, pubmed_file, recorded_works
from test_robustness import DOI1, REF1, REF1_CORE, REF5_CORE, REF5_PMID
from test_store import fresh_database, postgres

__all__ = ["postgres"]  # the PostgreSQL server fixture, shared with test_store

KE_DOI = "10.3389/fimmu.2025.1613502"
REF5 = f"{REF5_CORE} doi: {KE_DOI}"
ARTICLES = {  # name -> its references, in order
    "by-identifier.md": [REF1, REF5_PMID],
    "by-search.md": [REF1_CORE, REF5_CORE],
    "mixed.md": [REF5, REF1_CORE],
}
HELD_PMIDS = ("39934871", "40718480")  # the PubMed articles of the two works


def catalogue(folder: Path) -> Path:
    folder.mkdir()
    for name, refs in ARTICLES.items():
        listed = "\n".join(f"{n}. {ref}" for n, ref in enumerate(refs, 1))
        body = "Cell therapy helps [1], as shown before [2].\n\n## References\n\n"
        (folder / name).write_text(f"# A review\n\n{body}{listed}\n", encoding="utf-8")
    manifest = folder / "manifest.txt"
    manifest.write_text("\n".join(ARTICLES) + "\n", encoding="utf-8")
    return manifest


def asked_for_held(registry: Any) -> list[str]:
    """The stand-in's requests about what the snapshot holds: the two works by DOI,
    their PubMed articles, or any bibliographic search."""
    held = (DOI1, KE_DOI, *HELD_PMIDS)
    return [
        r.raw_uri
        for r in registry.requests
        if "query.bibliographic" in r.query or any(k in r.raw_uri.lower() for k in held)
    ]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_mirror_load_then_verify_on_a_dask_cluster(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    registry: Any,
    backend: str,
    request: pytest.FixtureRequest,
) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed")
    store = ["--cache-dir", str(tmp_path / "c")]
    if backend == "postgres":
        store = ["--store-url", fresh_database(request.getfixturevalue("postgres"))]
    files = [
        crossref_file(tmp_path / "0.json.gz", recorded_works()),
        pubmed_file(tmp_path / "pubmed25n0001.xml.gz"),
    ]
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    code, out, err = run(capsys, "mirror", "load", *map(str, files), *store, "--date", today)
    assert (code, err) == (0, "")
    assert out == f"{files[0]}: 2 crossref items\n{files[1]}: 3 pubmed items\n"

    manifest = catalogue(tmp_path / "articles")
    results = tmp_path / "results.jsonl"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        code, out, err = run(capsys, "verify", *server_args(registry, tmp_path), *store,
                             "--manifest", str(manifest), "--results", str(results),
                             "--dask", cluster.scheduler_address)  # fmt: skip

    assert "Traceback" not in err
    assert out.splitlines()[-1] == f"3 articles: 3 checked, 0 already in {results}"
    lines = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    by_article = {Path(line["article"]).name: line for line in lines}
    assert set(by_article) == set(ARTICLES)
    for name, line in by_article.items():
        assert line.pop("exit") == 0, name
        validate_report(line)
    refs = {name: line["references"] for name, line in by_article.items()}
    # by identifier: both verified from the snapshot's records
    assert [r["status"] for r in refs["by-identifier.md"]] == ["verified", "verified"]
    assert refs["by-identifier.md"][1]["records"]["pubmed"]["pmid"] == "40718480"
    # without identifiers: each found through the snapshot's full-text index
    found = [r["suggested"] for r in refs["by-search.md"]]
    assert [s["doi"] for s in found] == [DOI1, KE_DOI]
    assert {s["provenance"] for s in found} == {f"snapshot 0.json.gz {today}"}
    assert refs["mixed.md"][0]["status"] == "verified"
    assert refs["mixed.md"][1]["suggested"]["doi"] == DOI1
    summaries = {name: line["summary"] for name, line in by_article.items()}
    assert all(s["error"] == 0 for s in summaries.values())
    assert asked_for_held(registry) == []
