#!/usr/bin/env python3
"""Benchmark asrefs against the tools people use today, on a local registry stand-in.

    python benchmarks/run.py                      # sizes 10, 100, 1000, 10000
    python benchmarks/run.py --sizes 10 100 --latency 0.05 --out /tmp/results.md

The harness starts the registry stand-in of the tests (tests/standin) with a
latency per request and the registries' published rate limits (Crossref polite pool:
3 list requests/s, 10 single-work requests/s; NCBI without a key: 3 requests/s),
generates articles of N references with distinct DOIs from the stand-in's records, and
measures in the same run, each in its own process: wall time, HTTP requests the
stand-in received, and peak memory (the child's maximum RSS from wait4) for

- asrefs cold: an empty cache;
- asrefs warm: the same cache again (parsing and comparison redone, no request);
- a sequential habanero loop over the DOIs (``Crossref().works(ids=doi)`` one by one:
  what most scripts do); above ``--loop-max`` references it is extrapolated linearly
  from the largest measured size, and the row says so;
- manubot ``cite``: it fetches CSL-JSON by content negotiation from data.crosscite.org,
  shortDOIs from shortdoi.org and PMIDs from NCBI, with the hosts in its code and no
  option to change them, so it cannot be pointed at the stand-in; its row says why.

The lower bound for a cold run is set by latency and rate limits: with B DOIs per
Crossref request, ceil(N/B) list requests at 3/s; with 200 per E-utilities request,
2*ceil(N/200) requests at 3/s; the two registries are queried in parallel.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from standin import RecordStore, RegistryServer, synthetic_work  # noqa: E402

CROSSREF_LIST_RATE = 3.0
NCBI_RATE = 3.0
BATCH = 50
MANUBOT_NOTE = (
    "not measurable: its hosts are hard-coded (CSL by content negotiation from "
    "data.crosscite.org, shortdoi.org, NCBI), no option points it elsewhere"
)
PUBMED_BATCH = 200


@dataclass
class Row:
    tool: str
    n: int
    wall: float | None
    requests: int | None
    rss_mb: float | None
    note: str = ""


def render_reference(i: int, work: dict[str, object]) -> str:
    authors = work.get("author") or []
    names = []
    for a in authors[:3]:  # type: ignore[union-attr]
        given = "".join(p[0].upper() for p in str(a.get("given", "")).replace("-", " ").split())
        names.append(f"{a['family']} {given}".strip())
    et_al = ", et al" if len(authors) > 3 else ""  # type: ignore[arg-type]
    title = work["title"][0]  # type: ignore[index]
    journal = (work.get("short-container-title") or work.get("container-title"))[0]  # type: ignore[index]
    year = work["issued"]["date-parts"][0][0]  # type: ignore[index]
    volume = work.get("volume", "")
    issue = f"({work['issue']})" if work.get("issue") else ""
    loc = work.get("page") or work.get("article-number") or ""
    return (
        f"[{i}] {', '.join(names)}{et_al}. {title}. {journal}. {year};{volume}{issue}:{loc}. "
        f"doi: {work['DOI']}"
    )


def make_article(path: Path, start: int, n: int) -> list[str]:
    works = [synthetic_work(i) for i in range(start, start + n)]
    body = ["# Benchmark article", ""]
    for i in range(1, n + 1, 5):
        body.append(f"Findings reported in this paragraph are drawn from several studies [{i}].")
    body += ["", "## References", ""]
    body += [render_reference(i, w) for i, w in enumerate(works, 1)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return [str(w["DOI"]) for w in works]


# A small process that runs the measured command and prints its peak RSS: measuring the
# command as a direct child of this (large) harness would count the pages it inherits
# at fork, before exec.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one command."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    try:
        rss_kb, code = (int(x) for x in proc.stdout.split())
    except ValueError:
        print(proc.stderr, file=sys.stderr)
        return wall, float("nan"), -1
    return wall, rss_kb / 1024, code


HABANERO_LOOP = """
import sys
from habanero import Crossref
cr = Crossref(base_url=sys.argv[1], mailto="bench@example.org")
for doi in open(sys.argv[2]).read().split():
    cr.works(ids=doi)
"""


def lower_bound(n: int, latency: float) -> float:
    crossref = math.ceil(n / BATCH)
    pubmed = 2 * math.ceil(n / PUBMED_BATCH)
    return max(
        (crossref - 1) / CROSSREF_LIST_RATE + latency,
        (pubmed - 1) / NCBI_RATE + 2 * latency,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every request")
    parser.add_argument(
        "--loop-max", type=int, default=1000, help="largest N for the habanero loop"
    )
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()

    store = RecordStore()
    total = sum(args.sizes)
    store.add_synthetic(total)
    rows: list[Row] = []
    failures: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="asrefs-bench-"))
    asrefs = shutil.which("asrefs") or "asrefs"
    limits = {
        "crossref-list": CROSSREF_LIST_RATE,
        "crossref-single": 10.0,
        "eutils": NCBI_RATE,
        "idconv": NCBI_RATE,
    }
    with RegistryServer(store, latency=args.latency, rate_limit=limits) as server:
        env = dict(os.environ)
        env.update(
            ASREFS_CROSSREF_URL=server.crossref_url,
            ASREFS_PUBMED_URL=server.pubmed_url,
            ASREFS_IDCONV_URL=server.idconv_url,
            ASREFS_MAILTO="bench@example.org",
        )
        start = 0
        loop_rate: float | None = None
        for n in args.sizes:
            article = work / f"article-{n}.md"
            dois = make_article(article, start, n)
            start += n
            env["ASREFS_CACHE_DIR"] = str(work / f"cache-{n}")
            cmd = [
                asrefs,
                "verify",
                "--format",
                "json",
                "-o",
                str(work / f"report-{n}.json"),
                str(article),
            ]
            for label in ("asrefs cold", "asrefs warm"):
                server.requests.clear()
                wall, rss, code = run_measured(cmd, env)
                note = "" if code in (0, 1) else f"exit {code}"
                if note:
                    failures.append(f"{label} N={n}: {note}")
                rows.append(Row(label, n, wall, len(server.requests), rss, note))
                print(
                    f"{label:14} N={n:<6} {wall:8.2f} s "
                    f"{len(server.requests):6} requests {rss:7.1f} MB {note}",
                    flush=True,
                )
            report = json.loads((work / f"report-{n}.json").read_text())
            unresolved = report["summary"]["unresolved"]
            if unresolved:
                rows[-1].note = f"{unresolved} unresolved"
            rows.append(
                Row(
                    "lower bound",
                    n,
                    lower_bound(n, args.latency),
                    math.ceil(n / BATCH) + 2 * math.ceil(n / PUBMED_BATCH),
                    None,
                    "latency and rate limits",
                )
            )
            if n <= args.loop_max:
                doi_file = work / f"dois-{n}.txt"
                doi_file.write_text("\n".join(dois))
                server.requests.clear()
                wall, rss, code = run_measured(
                    [sys.executable, "-c", HABANERO_LOOP, server.crossref_url, str(doi_file)], env
                )
                rows.append(
                    Row(
                        "habanero loop",
                        n,
                        wall,
                        len(server.requests),
                        rss,
                        "" if code == 0 else f"exit {code}",
                    )
                )
                loop_rate = wall / n
                print(
                    f"{'habanero loop':14} N={n:<6} {wall:8.2f} s "
                    f"{len(server.requests):6} requests {rss:7.1f} MB",
                    flush=True,
                )
            elif loop_rate is not None:
                rows.append(
                    Row(
                        "habanero loop",
                        n,
                        loop_rate * n,
                        n,
                        None,
                        f"extrapolated from N={args.loop_max}",
                    )
                )
            rows.append(Row("manubot cite", n, None, None, None, MANUBOT_NOTE))
    shutil.rmtree(work, ignore_errors=True)
    table = markdown(rows, args.latency)
    print(table)
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in rows], indent=2) + "\n", encoding="utf-8"
        )
    for failure in failures:
        print(f"asrefs failed: {failure}", file=sys.stderr)
    return 1 if failures else 0


def markdown(rows: list[Row], latency: float) -> str:
    bounds = {r.n: r.wall for r in rows if r.tool == "lower bound"}
    cold = {r.n: r.wall for r in rows if r.tool == "asrefs cold"}
    out = [
        f"Latency {latency * 1000:.0f} ms per request; rate limits: "
        f"Crossref lists {CROSSREF_LIST_RATE:g}/s, "
        f"single works 10/s, E-utilities {NCBI_RATE:g}/s.",
        "",
        "| tool | N | wall (s) | requests | peak RSS (MB) | wall / lower bound "
        "| wall / asrefs cold | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        wall = f"{r.wall:.2f}" if r.wall is not None else "—"
        req = str(r.requests) if r.requests is not None else "—"
        rss = f"{r.rss_mb:.0f}" if r.rss_mb is not None else "—"
        ratio = (
            f"{r.wall / bounds[r.n]:.2f}"
            if r.wall and bounds.get(r.n) and r.tool.startswith("asrefs cold")
            else ""
        )
        vs = (
            f"{r.wall / cold[r.n]:.1f}×"
            if r.wall and cold.get(r.n) and r.tool not in ("asrefs cold", "lower bound")
            else ""
        )
        out.append(f"| {r.tool} | {r.n} | {wall} | {req} | {rss} | {ratio} | {vs} | {r.note} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
