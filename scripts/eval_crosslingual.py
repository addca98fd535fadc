#!/usr/bin/env python3
"""Measure the cross-language scorer (asrefs.checks.crosslingual) on the frozen pairs.

    python scripts/eval_crosslingual.py                 # print the figures
    python scripts/eval_crosslingual.py --write         # also store them in
                                                        # tests/data/crosslingual_figures.json
    python scripts/eval_crosslingual.py --failures dev  # list the misses of one split

The task is ranking: each Chinese item of tests/data/crosslingual_pairs.tsv is scored
against every English candidate of its kind (all journal names, or all titles, including
the distractors); it is right when its own English counterpart scores strictly highest.
The decision threshold of each kind is chosen on the seed part alone (halfway between the
lowest true score and the highest impostor score there) and its precision and recall are
reported on the other parts, over every (item, candidate) pair.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAIRS = REPO / "tests" / "data" / "crosslingual_pairs.tsv"
FIGURES = REPO / "tests" / "data" / "crosslingual_figures.json"
KINDS = ("journal", "title")


@dataclass(frozen=True)
class Row:
    kind: str
    split: str
    zh: str
    en: str


def read_pairs(path: Path = PAIRS) -> list[Row]:
    rows: list[Row] = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    for line in lines[1:]:  # after the header
        kind, split, zh, en = line.split("\t")
        rows.append(Row(kind, split, zh, en))
    return rows


def sha256(path: Path = PAIRS) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Scored:
    row: Row
    true_score: float
    best_impostor: float
    best_impostor_en: str
    impostors: tuple[float, ...]

    @property
    def correct(self) -> bool:
        return self.true_score > self.best_impostor


def score_all(rows: Sequence[Row]) -> tuple[list[Scored], int, float]:
    """Every item against its pool; also the number of pairs scored and the seconds taken."""
    from asrefs.checks import crosslingual

    out: list[Scored] = []
    pairs = 0
    started = time.perf_counter()
    for kind in KINDS:
        pool = list(dict.fromkeys(r.en for r in rows if r.kind == kind))
        for row in rows:
            if row.kind != kind or row.split == "distractor":
                continue
            scores = [(crosslingual.score(row.zh, en), en) for en in pool]
            pairs += len(scores)
            true = next(s for s, en in scores if en == row.en)
            others = [(s, en) for s, en in scores if en != row.en]
            best = max(others)
            out.append(Scored(row, true, best[0], best[1], tuple(s for s, _en in others)))
    return out, pairs, time.perf_counter() - started


def choose_threshold(items: Sequence[Scored]) -> float:
    """Halfway between the lowest true score and the highest impostor score; when they
    overlap, the cut that makes the fewest wrong decisions."""
    true = [s.true_score for s in items]
    false = [x for s in items for x in s.impostors]
    if min(true) > max(false):
        return round((min(true) + max(false)) / 2, 4)
    cuts = sorted(set(true) | set(false))
    return min(
        cuts, key=lambda c: sum(t < c for t in true) + sum(f >= c for f in false)
    )  # pragma: no cover


def figures(items: Sequence[Scored], threshold: float, alarm: float) -> dict[str, Any]:
    n = len(items)
    if n == 0:
        return {"n": 0}
    impostors = [x for s in items for x in s.impostors]
    tp = sum(s.true_score >= threshold for s in items)
    fn = n - tp
    fp = sum(x >= threshold for s in items for x in s.impostors)
    return {
        "n": n,
        "top1": round(sum(s.correct for s in items) / n, 4),
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / n, 4),
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "min_true": min(s.true_score for s in items),
        "max_impostor": max(s.best_impostor for s in items),
        "alarm": alarm,
        "true_below_alarm": sum(s.true_score < alarm for s in items),
        "impostors_below_alarm": round(sum(x < alarm for x in impostors) / len(impostors), 4),
        "separated": round(
            sum(s.true_score > max(x.best_impostor for x in items) for s in items) / n, 4
        ),
    }


def evaluate(rows: Sequence[Row] | None = None) -> dict[str, Any]:
    from asrefs.checks import crosslingual
    from asrefs.checks.thresholds import TITLE_ALARM

    alarms = {"journal": 0.0, "title": TITLE_ALARM}

    started = time.perf_counter()
    crosslingual.load_index()
    load_seconds = time.perf_counter() - started
    rows = list(rows if rows is not None else read_pairs())
    items, pairs, seconds = score_all(rows)
    result: dict[str, Any] = {
        "pairs_file_sha256": sha256(),
        "index_load_seconds": round(load_seconds, 3),
        "pairs_scored": pairs,
        "ms_per_pair": round(1000 * seconds / max(pairs, 1), 4),
        "kinds": {},
    }
    for kind in KINDS:
        of_kind = [s for s in items if s.row.kind == kind]
        seed = [s for s in of_kind if s.row.split == "seed"]
        threshold = choose_threshold(seed)
        parts = {
            "seed": seed,
            "dev": [s for s in of_kind if s.row.split == "dev"],
            "test": [s for s in of_kind if s.row.split == "test"],
            "nonseed": [s for s in of_kind if s.row.split in ("dev", "test")],
        }
        result["kinds"][kind] = {
            "threshold": threshold,
            "candidates": len({r.en for r in rows if r.kind == kind}),
            **{name: figures(part, threshold, alarms[kind]) for name, part in parts.items()},
        }
    nonseed = [s for s in items if s.row.split in ("dev", "test")]
    result["nonseed_top1"] = round(sum(s.correct for s in nonseed) / len(nonseed), 4)
    seed_items = [s for s in items if s.row.split == "seed"]
    result["seed_top1"] = round(sum(s.correct for s in seed_items) / len(seed_items), 4)
    result["_items"] = items
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"pairs file sha256 {result['pairs_file_sha256']}")
    print(
        f"index load {result['index_load_seconds']} s; {result['pairs_scored']} pairs "
        f"scored, {result['ms_per_pair']} ms per pair"
    )
    print(f"top-1: non-seed {result['nonseed_top1']:.4f}, seed {result['seed_top1']:.4f}")
    header = (
        "| kind | part | n | top-1 | precision | recall | min true | max impostor "
        "| true below alarm |"
    )
    print(header)
    print("|" + "---|" * 9)
    for kind, data in result["kinds"].items():
        for part in ("seed", "dev", "test", "nonseed"):
            f = data[part]
            print(
                f"| {kind} (threshold {data['threshold']}) | {part} | {f['n']} | "
                f"{f['top1']:.4f} | {f['precision']:.4f} | {f['recall']:.4f} | "
                f"{f['min_true']:.3f} | {f['max_impostor']:.3f} | {f['true_below_alarm']} |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store the figures in {FIGURES}")
    parser.add_argument("--failures", metavar="SPLIT", help="list the misses of one split")
    args = parser.parse_args(argv)
    result = evaluate()
    items: list[Scored] = result.pop("_items")
    _print(result)
    if args.failures:
        for s in items:
            if s.row.split == args.failures and not s.correct:
                print(
                    f"MISS {s.row.kind}: {s.row.zh} -> {s.row.en} ({s.true_score}); "
                    f"best {s.best_impostor_en} ({s.best_impostor})"
                )
    if args.write:
        FIGURES.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {FIGURES.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
