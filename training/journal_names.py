#!/usr/bin/env python3
"""Write the journal names the parser's gazetteer feature looks for.

    python training/journal_names.py JABREF_CHECKOUT

JABREF_CHECKOUT is a checkout of github.com/JabRef/abbrv.jabref.org (CC0 1.0; the commit
used is in training/SOURCES.md). Every full name and abbreviation of its
``journals/*.csv`` lists (but the BibTeX string names of ``*_strings.csv``) is written to
src/asrefs/data/journal-names.txt.gz as the gazetteer compares it: its words, case and
accents folded, one name a line, sorted, without repeats. Names holding TeX markup and
names shorter than three letters are left out. The written file is committed, so training
does not need the checkout.

It also writes training/data/journal-titles.tsv.gz: a sample of the lists' journals as they
are printed (full name, a tab, abbreviation), drawn with a fixed seed, which training
prints in place of some records' journals so the model meets journals of every field.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "src")]

from asrefs.parse.gazetteer import NAMES, name_key, name_words  # noqa: E402
from asrefs.parse.tokens import tokenize  # noqa: E402

OUT = REPO / "src" / "asrefs" / "data" / NAMES
TITLES = HERE / "data" / "journal-titles.tsv.gz"
TITLES_SAMPLED = 8000
_QUALIFIER_RE = re.compile(r"\s*\([^()]*\)")


def _rows(checkout: Path) -> Iterator[list[str]]:
    """The rows of the journal lists (but the BibTeX string names of ``*_strings.csv``)."""
    for path in sorted((checkout / "journals").glob("*.csv")):
        if path.stem.endswith("_strings"):
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.reader(handle)


def _markup(name: str) -> bool:
    return any(mark in name for mark in "$\\#{}")


def names(checkout: Path) -> set[str]:
    out = set()
    for row in _rows(checkout):
        for name in row[:2]:
            if _markup(name):
                continue
            # "Annals of Physics (Amsterdam, Netherlands)" is printed without its place too
            for variant in {name, _QUALIFIER_RE.sub(" ", name)}:
                key = name_key([word for _, word in name_words(tokenize(variant))])
                if len(key.replace(" ", "")) >= 3:
                    out.add(key)
    return out


def printed_titles(checkout: Path) -> list[str]:
    """A sample of (full name, abbreviation) pairs as "full\tabbreviation" lines."""
    pairs = set()
    for row in _rows(checkout):
        if len(row) < 2:
            continue
        full, short = (" ".join(part.split()) for part in row[:2])
        if full and short and not _markup(full + short):
            pairs.add(f"{full}\t{short}")
    return sorted(random.Random(5).sample(sorted(pairs), TITLES_SAMPLED))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path)
    args = parser.parse_args()
    found = sorted(names(args.checkout))
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:  # the same bytes on every run
        handle.write(("\n".join(found) + "\n").encode())
    print(f"{len(found)} journal names written to {OUT.relative_to(REPO)}")
    titles = printed_titles(args.checkout)
    with TITLES.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(("\n".join(titles) + "\n").encode())
    print(f"{len(titles)} printed journal titles written to {TITLES.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
