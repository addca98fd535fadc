#!/usr/bin/env python3
"""Wall time of ``asrefs verify --results`` over a folder of small articles (copies of
the bundled sample), offline against the repository's cache, with 1 and more workers.

    python benchmarks/catalogue.py [--articles 100] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "as-stem-cells-2025.md"


def timed_run(folder: Path, workers: int) -> float:
    """Seconds for one run over ``folder`` with ``workers`` processes (a fresh results file)."""
    results = folder.parent / f"results-{workers}.jsonl"
    results.unlink(missing_ok=True)
    command = [sys.executable, "-m", "asrefs", "verify", "--offline", "--no-search"]
    command += ["--cache-dir", str(REPO / "cache"), "--fail-on", "never", "-q"]
    command += ["--results", str(results), "--workers", str(workers), str(folder)]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, env=env)
    elapsed = time.perf_counter() - start
    lines = len(results.read_text(encoding="utf-8").splitlines())
    if lines != len(list(folder.iterdir())):
        raise SystemExit(f"{lines} result lines for {len(list(folder.iterdir()))} articles")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for n in range(args.articles):
            shutil.copy(SAMPLE, folder / f"article-{n:04d}.md")
        times = {workers: timed_run(folder, workers) for workers in args.workers}
    base = times[args.workers[0]]
    for workers, seconds in times.items():
        print(
            f"{args.articles} articles, {workers} worker(s): {seconds:.2f} s "
            f"({base / seconds:.2f}x of {args.workers[0]} worker(s)), {os.cpu_count()} cores"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
