#!/usr/bin/env python3
"""Field-level figures on the DEV sets, for tuning the parser (never the test sets).

    python training/dev.py [--rules] [--errors SET] [--limit N]

Sets: the dev PLOS articles' printed references; the dev PLOS articles' journal records
rendered in the 20 dev styles. AnyStyle's core set is all trained on: its dev figures are
out of fold (``training/crossval.py``). Fields are matched as in benchmarks/eval_parser.py,
which measures the test sets.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "src"), str(REPO / "benchmarks")]

import build  # noqa: E402
import eval_parser  # noqa: E402
import train  # noqa: E402


def dev_sets(limit: int) -> dict[str, list[dict[str, Any]]]:
    refs = [r for r in build.plos_references() if build.article_split(r["article"]) == "dev"]
    printed = [
        eval_parser.plos_entry(ref, "plos")
        for ref in refs
        if ref.get("printed") and ref["record"].get("type") == "article-journal"
    ]
    _, dev_styles = build.training_styles(train.RENDER["styles"], train.RENDER["dev_styles"])
    journals = [r for r in refs if r["record"].get("type") == "article-journal"]
    journals = [r for r in journals if r["record"].get("container-title")]
    random.Random(3).shuffle(journals)
    rendered = []
    for ref in journals[:limit]:
        for style in dev_styles:
            try:
                text = eval_parser.render(ref["record"], style)
            except Exception:  # citeproc-py does not support every CSL feature
                continue
            if text:
                rendered.append(eval_parser.plos_entry(ref, style, text))
    return {"dev-plos": printed, "dev-rendered": rendered}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", action="store_true", help="the layout rules, not the model")
    parser.add_argument("--errors", metavar="SET", help="print the wrong entries of one set")
    parser.add_argument("--limit", type=int, default=40, help="records to render")
    args = parser.parse_args(argv)
    eval_parser.USE_MODEL = not args.rules
    sets = dev_sets(args.limit)
    results = {}
    for name, entries in sets.items():
        overall, _, errors = eval_parser.evaluate(entries)
        results[name] = overall.summary()
        if name == args.errors:
            for entry, predicted, wrong in errors:
                print(json.dumps({"text": entry["text"], "wrong": wrong}, ensure_ascii=False))
                for field in wrong:
                    gold = entry["gold"].get(field)
                    print(f"   {field}: gold={gold!r} got={predicted.get(field)!r}")
    print(eval_parser.markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
