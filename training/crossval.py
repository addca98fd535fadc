#!/usr/bin/env python3
"""Out-of-fold figures on AnyStyle's core set: a dev set big enough to tune on.

    python training/crossval.py [--folds 4] [--jobs 2] [--errors KIND] [--retrain]

AnyStyle's core set is all trained on, so its dev figures are out of fold: this trains
one model per fold of the core set, each on what the shipped model trains on except that
fold's core references, then parses every core reference with the model that did not
see it and reports the figures by kind of work (journal, book, chapter, conference,
other). AnyStyle's gold set (the test set) is left out as everywhere. Models are kept in
build/crossval/ and trained again when the training data, the features or the
parameters change (a fold takes about as long as ``train.py``; ``--jobs`` folds run at
once). Repairs and field assembly need no new models: they run on the kept ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from multiprocessing import Pool
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "src"), str(REPO / "benchmarks")]

import anystyle_xml  # noqa: E402
import build  # noqa: E402
import eval_parser  # noqa: E402
import train  # noqa: E402

OUT = REPO / "build" / "crossval"
FEATURE_CODE = ("tokens.py", "hints.py", "gazetteer.py")
FEATURE_DATA = ("journal-names.txt.gz",)


def fold_of(text: str, folds: int) -> int:
    digest = hashlib.sha256(build.sequence_key(text).encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


def _stamp(data: list[dict[str, Any]], folds: int) -> str:
    """What the fold models depend on: the sequences, the features' code, the labels, the
    parameters."""
    digest = hashlib.sha256(
        json.dumps(
            [train.PARAMS, train.WEIGHTS, train.NAMES_DROPPED, sorted(train.BEGUN), folds]
        ).encode()
    )
    for sequence in data:
        digest.update(json.dumps(sequence, sort_keys=True).encode())
    for name in FEATURE_CODE:
        digest.update((REPO / "src" / "asrefs" / "parse" / name).read_bytes())
    for name in FEATURE_DATA:
        digest.update((REPO / "src" / "asrefs" / "data" / name).read_bytes())
    return digest.hexdigest()[:16]


def _fold_data(data: list[dict[str, Any]], fold: int, folds: int) -> list[dict[str, Any]]:
    out = []
    for sequence in data:
        if sequence["source"] == "anystyle":
            split = "dev" if fold_of(sequence["text"], folds) == fold else "train"
            sequence = {**sequence, "split": split}
        out.append(sequence)
    return out


def _train_fold(job: tuple[list[dict[str, Any]], int, int, Path]) -> Path:
    data, fold, folds, model = job
    train.train(_fold_data(data, fold, folds), model=model)
    return model


def models(folds: int, jobs: int, retrain: bool, kept: Path | None = None) -> list[Path]:
    if kept:  # the newest fold models in that folder, whatever they were trained on
        found = sorted(kept.glob(f"fold-*-of-{folds}-*.crfsuite"), key=lambda p: p.stat().st_mtime)
        by_fold = {int(p.name.split("-")[1]): p for p in found}
        if len(by_fold) == folds:
            return [by_fold[k] for k in range(folds)]
    data = train.sequences(rebuild=False)
    stamp = _stamp(data, folds)
    paths = [OUT / f"fold-{fold}-of-{folds}-{stamp}.crfsuite" for fold in range(folds)]
    todo = [(data, k, folds, p) for k, p in enumerate(paths) if retrain or not p.exists()]
    if todo:
        print(f"training {len(todo)} fold model(s) ...", file=sys.stderr)
        OUT.mkdir(parents=True, exist_ok=True)
        with Pool(min(jobs, len(todo))) as pool:
            pool.map(_train_fold, todo)
    return paths


def out_of_fold(paths: list[Path]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each core reference (not in the gold set) with the fields of the model not trained on it."""
    import pycrfsuite

    from asrefs.parse import labeller

    reserved = build.anystyle_reserved()
    entries = [
        entry
        for entry in anystyle_xml.load_anystyle(build.ANYSTYLE_CORE)
        if build.sequence_key(entry["text"]) not in reserved
    ]
    out = []
    for fold, path in enumerate(paths):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        labeller._tagger = lambda tagger=tagger: tagger  # type: ignore[assignment]
        for entry in entries:
            if fold_of(entry["text"], len(paths)) == fold:
                out.append((entry, eval_parser.predict(entry["text"])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2, help="fold models trained at once")
    parser.add_argument("--retrain", action="store_true", help="train the fold models again")
    parser.add_argument(
        "--kept", type=Path, nargs="?", const=OUT, help="use the fold models kept (in DIR)"
    )
    parser.add_argument("--errors", metavar="KIND", help="wrong entries of a kind, or all")
    args = parser.parse_args(argv)
    predictions = out_of_fold(models(args.folds, args.jobs, args.retrain, args.kept))
    overall = eval_parser.Scores()
    kinds: dict[str, eval_parser.Scores] = {}
    for entry, predicted in predictions:
        wrong = overall.add(entry, predicted)
        kinds.setdefault(entry["style"], eval_parser.Scores()).add(entry, predicted)
        if wrong and args.errors in (entry["style"], "all"):
            print(json.dumps({"text": entry["text"], "wrong": wrong}, ensure_ascii=False))
            for field in wrong:
                print(f"   {field}: gold={entry['gold'].get(field)!r} got={predicted.get(field)!r}")
    summary = overall.summary()
    summary["styles"] = {kind: scores.summary() for kind, scores in sorted(kinds.items())}
    print(eval_parser.markdown({"core-out-of-fold": summary}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
