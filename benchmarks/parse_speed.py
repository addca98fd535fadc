"""Time the reference parser on 10,000 references (prints the time; not a unit test).

    python benchmarks/parse_speed.py [--profile] [--count N] [--runs N]

The references are the rendered evaluation set (tests/data/parser/rendered.json, 24
styles) repeated to 10,000 entries and numbered "[n] " in one article, so locating,
splitting and parsing are all timed, as `asrefs parse` runs them. Two ways are timed
alternately, five runs each, and the best of each printed: in this process alone
(``jobs=1``: wall-clock and CPU time, the CPU time being steadier on a busy machine) and
as `asrefs` parses by default (a long list shared among forked workers,
``asrefs.parse.parallel``: wall-clock time, and the workers' peak memory).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import time
from pathlib import Path

from asrefs.models import Article
from asrefs.parse import parse_references
from asrefs.parse.parallel import jobs_for

REPO = Path(__file__).resolve().parents[1]
COUNT = 10_000


def article(count: int = COUNT) -> Article:
    entries = json.loads((REPO / "tests/data/parser/rendered.json").read_text("utf-8"))["entries"]
    lines = [f"[{n + 1}] {entries[n % len(entries)]['text']}" for n in range(count)]
    text = "Body text.\n\nReferences\n" + "\n".join(lines) + "\n"
    return Article(path="speed.txt", text=text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--count", type=int, default=COUNT, help="references (10,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each way (5)")
    args = parser.parse_args()
    count = args.count
    subject = article(count)
    best = best_cpu = best_default = float("inf")
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        alone = parse_references(subject, jobs=1)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
        started = time.perf_counter()
        shared = parse_references(subject)
        best_default = min(best_default, time.perf_counter() - started)
    assert len(alone) == count, len(alone)
    assert shared == alone, "the workers read other fields than this process"
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{count} references parsed in one process in {best:.2f} s wall, {best_cpu:.2f} s CPU "
        f"({1e6 * best_cpu / count:.0f} µs each); by default ({jobs_for(count)} processes) "
        f"in {best_default:.2f} s wall ({best / best_default:.2f}× faster); peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB here, "
        f"{workers:.0f} MB in a worker"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(parse_references, subject, jobs=1)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
