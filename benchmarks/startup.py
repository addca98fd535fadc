#!/usr/bin/env python3
"""Time `asrefs --version` (the cost of starting the command: heavy modules are imported
lazily, so this must stay under 0.2 s).

    python benchmarks/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    command = [shutil.which("asrefs") or "asrefs", "--version"]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    print(
        f"asrefs --version: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s, worst {max(times):.3f} s over {args.runs} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
