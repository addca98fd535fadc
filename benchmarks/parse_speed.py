"""Time the reference parser on 10,000 references (prints the time; not a unit test).

    python benchmarks/parse_speed.py [--profile]

The references are the rendered evaluation set (tests/data/parser/rendered.json, 24
styles) repeated to 10,000 entries and numbered "[n] " in one article, so locating,
splitting and parsing are all timed, as `asrefs parse` runs them. The best of five runs
is printed (wall-clock and CPU time: the CPU time is steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from pathlib import Path

from asrefs.models import Article
from asrefs.parse import parse_references

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
    args = parser.parse_args()
    subject = article()
    best = best_cpu = float("inf")
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        references = parse_references(subject)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    assert len(references) == COUNT, len(references)
    print(
        f"{COUNT} references parsed in {best:.2f} s wall, {best_cpu:.2f} s CPU "
        f"({1e6 * best_cpu / COUNT:.0f} µs each)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(parse_references, subject)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
