#!/usr/bin/env python3
"""Compare a JSON report with a golden one; print the first differences.

python scripts/compare_report.py REPORT GOLDEN
"""

from __future__ import annotations

import json
import sys
from typing import Any


def diff(a: Any, b: Any, path: str = "$") -> list[str]:
    if type(a) is not type(b):
        return [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'golden' if key in b else 'report'}")
            else:
                out += diff(a[key], b[key], f"{path}.{key}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)} items"]
        return [
            d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in diff(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as fh:
        report = json.load(fh)
    with open(sys.argv[2], encoding="utf-8") as fh:
        golden = json.load(fh)
    problems = diff(report, golden)
    for line in problems[:40]:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
