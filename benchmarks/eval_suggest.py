"""Measure ``doi-suggested``: precision and recall of the search, by threshold, on
references printed without their identifiers (docs/fabrication-evaluation.md).

    python benchmarks/eval_suggest.py --split dev                  # the dev curve
    python benchmarks/eval_suggest.py --split test --write         # the test figures,
                                                                   # stored in --out
    python benchmarks/eval_suggest.py --split dev --styles apa --articles 2   # a slice

Needs what benchmarks/eval_end_to_end.py needs (citeproc-py and its styles, werkzeug).

1. The references: every reference of the end-to-end set's split (tests/data/e2e),
   rendered as the yardstick's seeded lists (``eval_end_to_end.print_lists``: about one
   reference in eight printed with one error) in ``STYLES`` (``--styles``: any of
   ``e2e_render.STYLES``), with no DOI (nor PMID or PMCID) printed.
2. The registry stand-in serves ``suggest_universe.build``: the set's works, the other
   works of the field, the same authors' other work for each, correction notices and
   preprints. asrefs reads each article (``asrefs.api.parse_article``) and resolves its
   references (``asrefs.resolve.Resolver``) twice, with the threshold at 0 and at 1:
   the first keeps the best candidate of the first request (the search fielded by the
   first author and year), the second the best of both requests. Together they give,
   for any threshold, what asrefs suggests: the first request's best when it reaches
   the threshold, else the best of both when that does, else nothing.
3. A suggestion is right when its DOI is the reference's own. Precision: right
   suggestions / suggestions; recall: right suggestions / references searched; for the
   correct references and for those printed with one seeded error.
4. *Absent*: the same references searched in the universe without their own works (the
   split's), where every suggestion is wrong: the share of references that get one.
   The *even mix* counts both: as many references to works the registry lacks as to
   works it holds.
5. The threshold chosen (``choose``) is the one where the even mix's suggestions are
   worth most when a wrong one costs 49 right ones: a lower threshold is worth taking
   only while what it adds is right 98 % of the time. ``--threshold`` (by default
   asrefs's own) is the one the figures are reported at.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests")]  # the sibling modules; the stand-in

import e2e_check  # noqa: E402
import e2e_render  # noqa: E402
import e2e_world  # noqa: E402
import eval_end_to_end  # noqa: E402
import suggest_universe  # noqa: E402

from asrefs.config import Options  # noqa: E402

FIGURES = REPO / "docs" / "suggest-evaluation.json"
THRESHOLDS = tuple(round(0.5 + i / 100, 2) for i in range(50))
TARGET = 0.98  # the precision the threshold is chosen for
COST = TARGET / (1 - TARGET)  # a wrong suggestion weighs as much as 49 right ones
# The seeded errors a reference without its DOI can be printed with (the others change
# nothing printed here: a DOI that is not printed, or a retraction).
CHANGED = ("year", "volume", "pages", "title-word", "first-author", "author-order")
# The styles measured by default: a Vancouver and an author–year style, the two layouts
# of most biomedical lists (the search costs the stand-in about a tenth of a second a
# request on two cores; ``--styles`` takes any of ``e2e_render.STYLES``).
STYLES = ("nlm-citation-sequence", "apa")


@dataclass(frozen=True)
class Row:
    """One printed reference: its work's DOI, the seeded error it is printed with (None:
    none), and the search's candidates (DOI, score)."""

    article: str
    style: str
    line: int  # the line of the printed article the reference is on
    key: str
    doi: str
    seed: str | None
    searched: bool
    first: tuple[str, float] | None  # the best candidate of the first request
    best: tuple[str, float] | None  # the best of both requests

    def suggested(self, threshold: float) -> str | None:
        """The DOI asrefs suggests at ``threshold``, if any."""
        for candidate in (self.first, self.best):
            if candidate is not None and candidate[1] >= threshold:
                return candidate[0]
        return None


def _no_ids(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields a reference is printed with here: all but its identifiers."""
    return {k: v for k, v in fields.items() if k not in ("doi", "pmid", "pmcid")}


Found = list[tuple[int, bool, tuple[str, float] | None, tuple[str, float] | None]]


def _search(job: tuple[list[Path], dict[str, str], Path]) -> list[Found]:
    """Per article: each parsed reference's line, whether it was searched, and the two
    candidates."""
    from asrefs import api
    from asrefs.resolve import Resolver

    paths, urls, cache = job
    first, both = (
        Resolver.create(e2e_check.options(urls, cache, search_threshold=t, openalex_key=None))
        for t in (0.0, 1.0)
    )
    out = []
    try:
        for path in paths:
            refs = api.parse_article(path).references
            found: Found = []
            for ref, a, b in zip(refs, first.resolve(refs), both.resolve(refs), strict=True):
                picks = [c.suggestion or c.closest for c in (a, b)]
                pairs = [(p.doi, p.score) if p else None for p in picks]
                found.append((ref.line, a.searched, pairs[0], pairs[1]))
            out.append(found)
    finally:
        first.close()
        both.close()
    return out


def search_rows(lists: list[Any], server: Any, cache: Path, workers: int) -> list[Row]:
    """A row per printed reference, its candidates found through ``server``."""
    by_path = e2e_check.spread(_search, [p.path for p in lists], server, cache, workers)
    refs = {r.key: r for a in e2e_world.load() for r in a["refs"]}
    rows = []
    for p, found in zip(lists, by_path, strict=True):
        by_line = {line: (searched, a, b) for line, searched, a, b in found}
        for e in p.entries:
            searched, a, b = by_line.get(e.line, (False, None, None))
            seed = p.seeds.get(e.key)
            kind = seed.kind if seed and seed.kind in CHANGED else None
            doi = refs[e.key].doi
            rows.append(Row(p.article, p.style, e.line, e.key, doi, kind, searched, a, b))
    return rows


def _tally(rows: list[Row], threshold: float) -> dict[str, Any]:
    made = [(r, r.suggested(threshold)) for r in rows]
    made = [(r, d) for r, d in made if d is not None]
    right = sum(d.lower() == r.doi.lower() for r, d in made)
    return {
        "searched": len(rows),
        "suggested": len(made),
        "right": right,
        "precision": round(right / len(made), 4) if made else None,
        "recall": round(right / len(rows), 4) if rows else None,
    }


def curve(
    rows: list[Row], absent: list[Row], thresholds: tuple[float, ...] = THRESHOLDS
) -> list[dict[str, Any]]:
    """Per threshold: the suggestions for the correct references, for those printed with
    an error, for both; the share of references that get one when their work is absent;
    and the precision on an even mix of present and absent works."""
    searched = [r for r in rows if r.searched]
    missing = [r for r in absent if r.searched]
    out = []
    for t in thresholds:
        both = _tally(searched, t)
        wrong = sum(r.suggested(t) is not None for r in missing)
        made = both["suggested"] + wrong
        out.append(
            {
                "threshold": t,
                "correct": _tally([r for r in searched if r.seed is None], t),
                "one_error": _tally([r for r in searched if r.seed is not None], t),
                "present": both,
                "absent": {
                    "searched": len(missing),
                    "suggested": wrong,
                    "share": round(wrong / len(missing), 4) if missing else None,
                },
                "mixed_precision": round(both["right"] / made, 4) if made else None,
                "worth": round(both["right"] - COST * (made - both["right"]), 1),
            }
        )
    return out


def lowest(points: list[dict[str, Any]], target: float = TARGET) -> float | None:
    """The lowest threshold from which the precision on the even mix of present and
    absent works stays at or above ``target``."""
    found = None
    for p in reversed(points):
        if p["mixed_precision"] is None or p["mixed_precision"] < target:
            break
        found = p["threshold"]
    return found


def choose(points: list[dict[str, Any]]) -> float:
    """The threshold at which the suggestions on the even mix are worth most, a wrong one
    costing ``COST`` right ones: a lower threshold is taken only while what it adds is
    right at least ``TARGET`` of the time (on a tie, the higher threshold)."""
    return float(max(points, key=lambda p: (p["worth"], p["threshold"]))["threshold"])


def wrong_kinds(rows: list[Row], threshold: float, kind_of: dict[str, str]) -> dict[str, int]:
    """The wrong suggestions at ``threshold``, by the kind of work suggested."""
    kinds: Counter[str] = Counter()
    for r in rows:
        doi = r.suggested(threshold) if r.searched else None
        if doi is not None and doi.lower() != r.doi.lower():
            kinds[kind_of.get(doi.lower(), "?")] += 1
    return dict(kinds.most_common())


def universe_key(universe: suggest_universe.Universe) -> str:
    works = [w for _k, _o, w in universe.works]
    return hashlib.sha256(json.dumps(works, sort_keys=True).encode()).hexdigest()[:16]


def measure(
    lists: list[Any], universe: suggest_universe.Universe, work: Path, workers: int
) -> list[Row]:
    """The rows of ``lists`` searched in ``universe`` (asrefs's cache kept in ``work``)."""
    from standin import RegistryServer

    cache = work / f"cache-{universe_key(universe)}"
    store = e2e_check.indexed_store(w for _k, _o, w in universe.works)
    with RegistryServer(store, rate_limit=1000.0) as server:
        return search_rows(lists, server, cache, workers)


def build_universe(field: int | None = None) -> suggest_universe.Universe:
    """The universe of ``suggest_universe``, with the first ``field`` works of the field
    only when given."""
    everything = [r for a in e2e_world.load() for r in a["refs"]]
    return suggest_universe.build(everything, suggest_universe.pool_works()[:field])


def run(args: argparse.Namespace) -> dict[str, Any]:
    articles = e2e_world.load()
    everything = [r for a in articles for r in a["refs"]]
    chosen = [
        a
        for a in articles
        if a["split"] == args.split and (not args.article or a["id"] in args.article)
    ][: args.articles]
    styles = args.styles or list(STYLES)
    universe = build_universe(args.field)
    # the seeded lists (each reference once, about one in eight with an error), no DOIs
    printed = eval_end_to_end.print_lists(
        chosen, styles, everything, args.work, args.workers, _no_ids
    )
    lists = [p for p in printed if p.variant == "seeded"]
    eval_end_to_end.write_articles(lists, args.work)
    rows = measure(lists, universe, args.work, args.workers)
    own = {r.key for a in chosen for r in a["refs"]}
    absent = measure(lists, universe.without(own), args.work, args.workers)
    points = curve(rows, absent)
    at = args.threshold if args.threshold is not None else Options().search_threshold
    kind_of = universe.kind_of()
    return {
        "split": args.split,
        "articles": len(chosen),
        "styles": styles,
        "references": len(rows),
        "searched": sum(r.searched for r in rows),
        "seeded": dict(Counter(r.seed for r in rows if r.seed)),
        "universe": universe.counts(),
        "curve": points,
        "lowest_at_target": lowest(points),
        "chosen": choose(points),
        "at": at,
        "wrong_at": wrong_kinds(rows, at, kind_of) if at is not None else {},
        "absent_at": wrong_kinds(absent, at, kind_of) if at is not None else {},
        "rows": rows,
        "absent_rows": absent,
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def table(out: dict[str, Any], every: float = 0.05) -> str:
    """The curve as Markdown: every ``every`` from 0.50, and each point from 0.80 on."""
    lines = [
        "| threshold | correct: precision % | recall % | one error: precision % | recall % "
        "| absent: suggested % | even mix: precision % | worth |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in out["curve"]:
        t = p["threshold"]
        if t >= 0.8 or round(t / every, 6).is_integer() or t == out["at"]:
            mark = " ◀" if t == out["at"] else ""
            c, e = p["correct"], p["one_error"]
            lines.append(
                f"| {t:.2f}{mark} | {_pct(c['precision'])} | {_pct(c['recall'])} "
                f"| {_pct(e['precision'])} | {_pct(e['recall'])} | {_pct(p['absent']['share'])} "
                f"| {_pct(p['mixed_precision'])} | {p['worth']:.0f} |"
            )
    return "\n".join(lines)


def summary(out: dict[str, Any]) -> str:
    names = suggest_universe.KIND_NAMES
    universe = ", ".join(f"{n} {names[k]}" for k, n in out["universe"].items())
    at = next((p for p in out["curve"] if p["threshold"] == out["at"]), None)
    lines = [
        f"{out['split']}: {out['articles']} articles, {len(out['styles'])} styles, "
        f"{out['references']} printed references ({sum(out['seeded'].values())} with a seeded "
        f"error), {out['searched']} searched",
        f"universe: {universe}",
        f"lowest threshold with the even mix's precision >= {TARGET} from there on: "
        f"{out['lowest_at_target']}; where the suggestions are worth most (a wrong one "
        f"costing {COST:.0f} right ones): {out['chosen']}",
    ]
    if at is not None:
        c, e, p = at["correct"], at["one_error"], at["present"]
        lines += [
            f"at {out['at']}: correct references {c['right']}/{c['suggested']} right "
            f"(recall {c['right']}/{c['searched']}); with one error {e['right']}/{e['suggested']} "
            f"(recall {e['right']}/{e['searched']}); all {p['right']}/{p['suggested']}; absent: "
            f"{at['absent']['suggested']}/{at['absent']['searched']} given a suggestion",
            f"wrong suggestions by kind: {out['wrong_at']}; absent: {out['absent_at']}",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=eval_end_to_end.SPLITS, default="dev")
    parser.add_argument("--styles", type=lambda v: v.split(","), help="comma-separated styles")
    parser.add_argument("--articles", type=int, help="only the first N articles of the split")
    parser.add_argument("--article", action="append", help="only this article (repeatable)")
    parser.add_argument("--field", type=int, help="only the first N other works of the field")
    parser.add_argument(
        "--threshold", type=float, help="report at this threshold (default: asrefs's)"
    )
    parser.add_argument("--write", action="store_true", help="store the figures (--out)")
    parser.add_argument("--out", type=Path, default=FIGURES, help="where --write stores them")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "asrefs-suggest",
        help="rendered lists, articles, the registry caches and each row (rows-SPLIT.json)",
    )
    parser.add_argument(
        "--workers", type=int, default=3, help="processes for rendering and searching"
    )
    args = parser.parse_args(argv)
    unknown = set(args.styles or ()) - set(e2e_render.STYLES)
    if unknown:
        parser.error(f"unknown style(s): {', '.join(sorted(unknown))}")
    out = run(args)
    kept = args.work / f"rows-{args.split}.json"
    rows = {k: [asdict(r) for r in out[k]] for k in ("rows", "absent_rows")}
    kept.write_text(json.dumps(rows, ensure_ascii=False) + "\n", "utf-8")
    print(summary(out))
    print(table(out))
    if args.write:
        stored = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
        stored[args.split] = {k: v for k, v in out.items() if not k.endswith("rows")}
        args.out.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
