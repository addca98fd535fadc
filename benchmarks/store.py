#!/usr/bin/env python3
"""The store, measured: warm runs with SQLite against the per-record JSON layout,
loading a snapshot, and searching it.

    python benchmarks/store.py                          # warm 1,000 and 10,000; 100,000 records
    python benchmarks/store.py --sizes 1000 --records 20000 --out /tmp/store.md

For each size N an article of N references is made from the stand-in's synthetic works
(as ``run.py`` does); one cold run (no latency, no rate limit) fills a SQLite cache,
which ``asrefs cache export`` writes as per-record JSON files; then one warm run reads
each (online, so every record is looked up in the store; no request is made), each in
its own process: wall time and peak RSS, and the ratio SQLite / JSON of the same run.
The snapshot rows load a Crossref public-data-style file of ``--records`` synthetic
works, and a PubMed baseline-style file of as many articles, with ``asrefs mirror
load``: records per second, peak RSS, and the database's size per million records.
The search rows check an article of ``--search`` references printed without DOIs (works
of the loaded Crossref snapshot, spread over it) offline, so every reference is found
through the snapshot's full-text index or not at all: references per second, and the
share found with the right DOI; the same article with ``--no-search`` is the run
without the searches.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import make_article, render_reference, run_measured  # noqa: E402

from standin import RecordStore, RegistryServer, synthetic_work  # noqa: E402
from standin.synthetic import synthetic_pubmed  # noqa: E402

ASREFS = [sys.executable, "-m", "asrefs"]


def warm_rows(sizes: list[int], work: Path) -> list[str]:
    store = RecordStore()
    store.add_synthetic(sum(sizes))
    rows = []
    with RegistryServer(store) as server:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "ASREFS_CROSSREF_URL": server.crossref_url,
            "ASREFS_PUBMED_URL": server.pubmed_url,
            "ASREFS_IDCONV_URL": server.idconv_url,
            "ASREFS_MAILTO": "bench@example.org",
        }
        start = 0
        for n in sizes:
            article = work / f"article-{n}.md"
            make_article(article, start, n)
            start += n
            db, files = work / f"sqlite-{n}", work / f"json-{n}"
            verify = [*ASREFS, "verify", "--format", "json", "-o", os.devnull, str(article)]
            run_measured([*verify, "--cache-dir", str(db)], env)  # cold: fills the database
            subprocess.run([*ASREFS, "cache", "export", str(files), "--cache-dir", str(db)],
                           env=env, check=True, capture_output=True)  # fmt: skip
            measured = {}
            for label, folder in (("JSON files", files), ("SQLite", db)):
                server.requests.clear()
                wall, rss, code = run_measured([*verify, "--cache-dir", str(folder)], env)
                assert code in (0, 1) and not server.requests, (label, code)
                measured[label] = (wall, rss)
                print(f"warm {label:10} N={n:<6} {wall:6.2f} s {rss:6.0f} MB", flush=True)
            ratio = measured["SQLite"][0] / measured["JSON files"][0]
            for label, (wall, rss) in measured.items():
                shown = f"{ratio:.2f}×" if label == "SQLite" else "1.00×"
                rows.append(f"| warm, {label} | {n} | {wall:.2f} | {rss:.0f} | {shown} |")
    return rows


def crossref_file(path: Path, n: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('{"items": [')
        for i in range(n):
            fh.write(("," if i else "") + json.dumps(synthetic_work(1_000_000 + i)))
        fh.write("]}")


def pubmed_file(path: Path, n: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" ?>\n<PubmedArticleSet>')
        for i in range(n):
            xml = synthetic_pubmed(1_000_000 + i)
            start = xml.index("<PubmedArticle>")
            end = xml.rindex("</PubmedArticle>") + len("</PubmedArticle>")
            fh.write(xml[start:end])
        fh.write("</PubmedArticleSet>\n")


def search_rows(records: int, n: int, cache: Path, work: Path) -> list[str]:
    """Check an article of ``n`` references without DOIs against the loaded snapshot."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    step = max(1, records // n)
    works = [synthetic_work(1_000_000 + i * step) for i in range(n)]
    article = work / "search-article.md"
    refs = [render_reference(i, w).split(" doi: ")[0] for i, w in enumerate(works, 1)]
    article.write_text("# Search benchmark\n\n## References\n\n" + "\n".join(refs) + "\n",
                       encoding="utf-8")  # fmt: skip
    report = work / "search-report.json"
    verify = [*ASREFS, "verify", "--offline", "--fail-on", "never", "--format", "json",
              "-o", str(report), "--cache-dir", str(cache), str(article)]  # fmt: skip
    rows = []
    for label, extra in (("no search", ["--no-search"]), ("search, snapshot", [])):
        wall, rss, code = run_measured([*verify, *extra], env)
        assert code in (0, 1, 3), code
        found = ""
        if not extra:
            results = json.loads(report.read_text(encoding="utf-8"))["references"]
            right = sum(
                (r["suggested"] or {}).get("doi") == str(w["DOI"]).lower()
                for r, w in zip(results, works, strict=True)
            )
            found = f"{100 * right / n:.1f} %"
        print(f"{label:16} N={n} {records} records {wall:6.2f} s {rss:5.0f} MB", flush=True)
        rows.append(
            f"| {label} | {n} | {records} | {wall:.2f} | {n / wall:,.0f} | {rss:.0f} | {found} |"
        )
    return rows


def snapshot_rows(records: int, work: Path, search: int = 0) -> tuple[list[str], list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rows, searched = [], []
    for source, make in (("crossref", crossref_file), ("pubmed", pubmed_file)):
        suffix = ".json.gz" if source == "crossref" else ".xml.gz"
        path = work / f"{source}-snapshot{suffix}"
        make(path, records)
        cache = work / f"mirror-{source}"
        cmd = [*ASREFS, "mirror", "load", str(path), "--cache-dir", str(cache), "--date",
               "2025-01-01"]  # fmt: skip
        wall, rss, code = run_measured(cmd, env)
        assert code == 0, code
        size = (cache / "asrefs.sqlite3").stat().st_size / 1e6
        per_million = size * 1_000_000 / records
        file_mb = path.stat().st_size / 1e6
        print(f"load {source:8} {records} records {wall:6.1f} s {rss:5.0f} MB", flush=True)
        rows.append(
            f"| {source} | {records} | {file_mb:.1f} | {wall:.1f} | {records / wall:,.0f} | "
            f"{rss:.0f} | {per_million:,.0f} |"
        )
        if source == "crossref" and search:
            searched = search_rows(records, search, cache, work)
    return rows, searched


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--records", type=int, default=100_000, help="records per snapshot file")
    parser.add_argument(
        "--search", type=int, default=1000, help="references without DOIs searched (0: none)"
    )
    parser.add_argument("--out", type=Path, help="also write the Markdown tables here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="asrefs-store-bench-"))
    try:
        warm = warm_rows(args.sizes, work)
        loads, searches = (
            snapshot_rows(args.records, work, args.search) if args.records else ([], [])
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = "\n".join(
        [
            "| run | N | wall (s) | peak RSS (MB) | wall / JSON files |",
            "|---|---:|---:|---:|---:|",
            *warm,
            "",
            "| snapshot | records | file (MB, gzip) | wall (s) | records/s | peak RSS (MB) "
            "| database MB per million records |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *loads,
            "",
            "| run | references | snapshot records | wall (s) | references/s | peak RSS (MB) "
            "| found (right DOI) |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *searches,
        ]
    )
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
