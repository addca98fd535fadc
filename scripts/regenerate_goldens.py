#!/usr/bin/env python3
"""Regenerate the golden files of every output format from the sample article, offline.

    python scripts/regenerate_goldens.py          write tests/golden/sample.*
    python scripts/regenerate_goldens.py --check  only say which files differ (exit 1)

Each golden is what ``asrefs`` writes for ``examples/as-stem-cells-2025.md`` with
``--offline`` and the committed ``cache/``, run from the repository's root:

- ``sample.<format>`` for every ``asrefs verify --format`` (English),
- ``sample-zh.<format>`` for the formats people read (text, markdown, github) in Chinese,
- ``sample.<format>`` for every other ``asrefs bib --format``.

tests/test_formats.py compares the same outputs with these files; after a deliberate
change, run this script and review every changed file by hand (``git diff tests/golden``).
The BibTeX golden is ``references.bib`` at the repository's root (the sample's
bibliography) and the HTML golden is ``docs/sample-report.html``; .ci/run compares its
own run with ``sample.json``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
SAMPLE = "examples/as-stem-cells-2025.md"
ZH_FORMATS = ("text", "markdown", "github")


@contextmanager
def _environment() -> Iterator[None]:
    """Run from the repository's root with no user settings in the environment."""
    saved_env = dict(os.environ)
    saved_cwd = Path.cwd()
    for var in list(os.environ):
        if var.startswith("ASREFS_") or var in ("NCBI_API_KEY", "NO_COLOR"):
            del os.environ[var]
    os.chdir(REPO)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def _run(argv: list[str]) -> tuple[int, bytes]:
    """``asrefs ARGV -o FILE``: the exit status and the bytes written."""
    from asrefs.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        code = main([*argv, "-o", str(out)])
        return code, out.read_bytes() if out.exists() else b""


def golden_runs() -> dict[str, tuple[list[str], int]]:
    """Golden file name -> (asrefs arguments, expected exit status)."""
    from asrefs.export import FORMATS as BIB_FORMATS
    from asrefs.formats import FORMAT_NAMES

    common = ["--offline", "--cache-dir", "cache"]
    runs: dict[str, tuple[list[str], int]] = {}
    for fmt in FORMAT_NAMES:
        # the HTML golden is the sample report shown in docs/
        name = "../../docs/sample-report.html" if fmt == "html" else f"sample.{fmt}"
        runs[name] = (["verify", *common, "--lang", "en", "--format", fmt, SAMPLE], 3)
    for fmt in ZH_FORMATS:
        runs[f"sample-zh.{fmt}"] = (["verify", *common, "--lang", "zh", "--format", fmt, SAMPLE], 3)
    for fmt in BIB_FORMATS:
        name = "../../references.bib" if fmt == "bibtex" else f"sample.{fmt}"
        runs[name] = (["bib", *common, "--format", fmt, SAMPLE], 3)  # four entries not cached
    return runs


def render_goldens() -> dict[str, bytes]:
    """Golden file name -> the bytes asrefs writes now."""
    out: dict[str, bytes] = {}
    with _environment():
        for name, (argv, expected) in golden_runs().items():
            code, data = _run(argv)
            if code != expected:
                raise SystemExit(f"{name}: asrefs {' '.join(argv)} exited {code}, not {expected}")
            out[name] = data
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = []
    for name, data in render_goldens().items():
        path = GOLDEN / name
        if path.exists() and path.read_bytes() == data:
            continue
        changed.append(name)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    stale = sorted(p.name for p in GOLDEN.glob("sample*") if p.name not in golden_runs())
    for name in changed:
        print(f"{'differs' if check else 'wrote'}: tests/golden/{name}")
    for name in stale:
        print(f"no format makes tests/golden/{name}: remove it", file=sys.stderr)
    return 1 if (check and changed) or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
