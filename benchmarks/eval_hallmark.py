"""Measure asrefs on HALLMARK, a benchmark of real and fabricated BibTeX entries
(https://github.com/rpatrik96/hallmark, MIT License; docs/fabrication-evaluation.md).

    python benchmarks/eval_hallmark.py --hallmark PATH --split dev_public [--openalex]
    python benchmarks/eval_hallmark.py --hallmark PATH --split test_public --write FILE

PATH is a HALLMARK checkout, or its git directory (the files are then read from HEAD):
``data/v1.0/{dev_public,test_public}.jsonl`` and ``data/raw/valid_entries.jsonl``.

1. The registry stand-in (tests/standin) serves a universe built from HALLMARK's VALID
   entries (both public splits and the raw pool of valid entries the benchmark was
   built from), each read by asrefs's own BibTeX reader and served as a Crossref work
   (``crossref_work``): an entry's own DOI, or a test DOI under 10.5555 when it prints
   none; a DOI under arXiv's 10.48550 is served by the DataCite route, as the live
   registries hold it. The real works the ``near_miss_title`` entries were perturbed
   from (named in their explanation) are added: the live registries hold them.
   With ``--openalex`` an OpenAlex API key is set and the stand-in's OpenAlex serves
   the universe too: every work as an OpenAlex work, and a work that prints no DOI
   only there, with no DOI and only its OpenAlex work id (as OpenAlex holds many
   NeurIPS, ICLR and ICML papers), instead of a Crossref work under a test DOI.
2. Each split's entries are written as one .bib (as HALLMARK's ``to_bibtex`` writes
   them) and checked with ``asrefs.api.check``.
3. An entry is flagged when a reference finding of severity warning or error names it
   (list findings are left out: the entries stand alone, and a split holds several
   perturbations of one work, which a list check calls duplicates). Reported:
   the share of hallucinated entries flagged, by type, and of valid entries flagged.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests")]

import e2e_check  # noqa: E402

from asrefs import api  # noqa: E402
from asrefs.checks.fabrication import publishes_without_dois  # noqa: E402
from asrefs.config import Options  # noqa: E402
from asrefs.models import Origin, Reference, Severity  # noqa: E402

SPLITS = ("dev_public", "test_public")
RAW_VALID = "data/raw/valid_entries.jsonl"
# The published figures of bibtex-updater (data/v1.0/baseline_results/bibtexupdater_*.json)
BASELINE = "data/v1.0/baseline_results/bibtexupdater_{split}.json"
_ORIGINAL = re.compile(r"\(original: '(.+)'\)\s*$")


def read(root: Path, path: str) -> str:
    """A file of the HALLMARK checkout, or of its git directory's HEAD."""
    if (root / path).is_file():
        return (root / path).read_text(encoding="utf-8")
    out = subprocess.run(
        ["git", f"--git-dir={root}", "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def entries(root: Path, path: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in read(root, path).splitlines() if line.strip()]


def to_bibtex(entry: dict[str, Any], key: str | None = None) -> str:
    """The entry as HALLMARK's ``BenchmarkEntry.to_bibtex`` writes it."""
    lines = [f"@{entry['bibtex_type']}{{{key or entry['bibtex_key']},"]
    for name, value in sorted(entry["fields"].items()):
        lines.append(f"  {name} = {{{_balanced(str(value))}}},")
    lines.append("}")
    return "\n".join(lines)


def _balanced(value: str) -> str:
    """The value without its braces when they do not pair (BibTeX could not read it)."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "").replace("}", "")


def read_bib(entries_: list[dict[str, Any]], folder: Path, name: str) -> Any:
    """The entries written as one .bib (entry ``i`` under the key ``k{i}``: some keys
    of the benchmark hold commas) and parsed by asrefs."""
    path = folder / f"{name}.bib"
    text = "\n\n".join(to_bibtex(e, f"k{i}") for i, e in enumerate(entries_))
    path.write_text(text + "\n", encoding="utf-8")
    return api.parse_article(path)


# ---------------------------------------------------------------------------
# The universe
# ---------------------------------------------------------------------------


def _norm(title: str) -> str:
    return re.sub(r"\W+", " ", title.lower()).strip()


def universe_entries(root: Path) -> list[dict[str, Any]]:
    """The valid entries of both splits and of the raw pool, one per title; and the
    originals of the near-miss titles."""
    pool = [e for s in SPLITS for e in entries(root, f"data/v1.0/{s}.jsonl")]
    out: dict[str, dict[str, Any]] = {}
    for e in pool + entries(root, RAW_VALID):
        if e.get("label") == "VALID" and e["fields"].get("title"):
            out.setdefault(_norm(e["fields"]["title"]), e)
    for e in pool:
        m = _ORIGINAL.search(e.get("explanation") or "")
        if e.get("hallucination_type") == "near_miss_title" and m:
            fields = {**e["fields"], "title": m.group(1)}
            out.setdefault(_norm(m.group(1)), {**e, "fields": fields, "label": "VALID"})
    return list(out.values())


def test_doi(key: str) -> str:
    return f"10.5555/hallmark.{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def crossref_work(ref: Reference, doi: str, conference: bool) -> dict[str, Any]:
    """The Crossref work message of one universe entry, as asrefs read it."""
    year = {"date-parts": [[ref.year]]} if ref.year else None
    work: dict[str, Any] = {
        "DOI": doi,
        "type": "proceedings-article" if conference else "journal-article",
        "title": [ref.title],
        "author": [
            {"family": a.family, "given": a.given, "sequence": "first" if i == 0 else "additional"}
            for i, a in enumerate(ref.authors)
        ],
        "container-title": [ref.journal] if ref.journal else [],
        "prefix": doi.split("/")[0],
        "URL": f"https://doi.org/{doi}",
        "relation": {},
    }
    if year:
        work["issued"] = work["published"] = year
    for key, value in (("volume", ref.volume), ("issue", ref.issue), ("page", ref.pages)):
        if value:
            work[key] = value
    return work


def datacite_record(ref: Reference, doi: str) -> dict[str, Any]:
    """An arXiv DOI's DataCite record (a preprint, published by arXiv)."""
    return {
        "data": {
            "id": doi,
            "type": "dois",
            "attributes": {
                "doi": doi,
                "titles": [{"title": ref.title}],
                "creators": [
                    {"name": f"{a.family}, {a.given}", "familyName": a.family, "givenName": a.given}
                    for a in ref.authors
                ],
                "publisher": "arXiv",
                "publicationYear": ref.year,
                "types": {"resourceTypeGeneral": "Preprint"},
            },
        }
    }


def openalex_work(ref: Reference, doi: str | None, conference: bool) -> dict[str, Any]:
    """The OpenAlex work of one universe entry: with its DOI, or with none (its OpenAlex
    work id alone)."""
    digest = int(hashlib.sha256((ref.key or ref.title or "").encode()).hexdigest()[:12], 16)
    work: dict[str, Any] = {
        "id": f"https://openalex.org/W{4_000_000_000 + digest % 1_000_000_000}",
        "doi": f"https://doi.org/{doi.lower()}" if doi else None,
        "title": ref.title,
        "display_name": ref.title,
        "publication_year": ref.year,
        "type": "article",
        "authorships": [
            {"raw_author_name": f"{a.family}, {a.given}".rstrip(", ")} for a in ref.authors
        ],
        "primary_location": {
            "source": {
                "display_name": ref.journal,
                "type": "conference" if conference else "journal",
            }
            if ref.journal
            else None
        },
        "biblio": {"volume": ref.volume, "issue": ref.issue, "first_page": ref.pages},
    }
    return work


def build_store(universe: list[dict[str, Any]], folder: Path, openalex: bool = False) -> Any:
    """The stand-in's records of the universe (see the module's docstring)."""
    article = read_bib(universe, folder, "universe")
    kinds = {f"k{i}": e["bibtex_type"] for i, e in enumerate(universe)}
    crossref, datacite, works = [], [], []
    for ref in article.references:
        if not ref.title:
            continue
        conference = kinds.get(ref.key or "") == "inproceedings"
        if openalex:
            works.append(openalex_work(ref, ref.doi, conference))
            if not ref.doi:
                continue
        doi = ref.doi or test_doi(ref.key or ref.title)
        if doi.lower().startswith("10.48550/"):
            datacite.append(datacite_record(ref, doi))
        else:
            crossref.append(crossref_work(ref, doi, conference))
    store = e2e_check.indexed_store(crossref)
    for record in datacite:
        store.add_datacite_record(record)
    for work in works:
        store.add_openalex_work(work)
    return store


# ---------------------------------------------------------------------------
# Checking and scoring
# ---------------------------------------------------------------------------


def flagged(
    split_entries: list[dict[str, Any]],
    server: Any,
    folder: Path,
    threshold: float,
    openalex: bool = False,
) -> dict[str, list[str]]:
    """Per entry key, the codes of its warnings and errors (OpenAlex asked too, with a
    key, when ``openalex``)."""
    article = read_bib(split_entries, folder, "split")
    options = Options(
        crossref_url=server.crossref_url,
        pubmed_url=server.pubmed_url,
        idconv_url=server.idconv_url,
        datacite_url=server.datacite_url,
        arxiv_url=server.arxiv_url,
        mailto="hallmark@example.org",
        cache_dir=folder / "cache",
        backoff=0.01,
        timeout=10.0,
        crossref_rate=1000.0,
        ncbi_rate=1000.0,
        search_threshold=threshold,
        openalex_url=server.openalex_url,
        openalex_key="hallmark-key" if openalex else "",
        openalex_rate=1000.0,
        deadline=None,  # accuracy, not speed: a slow machine must not leave searches unmade
    )
    (report,) = api.check([article], options)
    unchecked = sum(1 for r in report.results if r.unchecked)
    if unchecked:
        print(f"{unchecked} entries could not be checked", file=sys.stderr)
    keys = {
        r.index: split_entries[int((r.key or "k0")[1:])]["bibtex_key"] for r in article.references
    }
    out: dict[str, list[str]] = {k: [] for k in keys.values()}
    for f in report.findings:
        if (
            f.ref in keys
            and f.origin is Origin.REFERENCE  # each entry stands alone: no list findings
            and f.severity in (Severity.WARNING, Severity.ERROR)
            and not f.accepted
        ):
            out[keys[f.ref]].append(f.code)
    return out


def score(split_entries: list[dict[str, Any]], codes: dict[str, list[str]]) -> dict[str, Any]:
    by_type: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    by_venue: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    by_code: collections.Counter[str] = collections.Counter()
    valid_codes: collections.Counter[str] = collections.Counter()
    for e in split_entries:
        kind = e.get("hallucination_type") or "valid"
        hit = bool(codes.get(e["bibtex_key"]))
        by_type[kind][0] += hit
        by_type[kind][1] += 1
        if kind != "valid":
            venue = e["fields"].get("booktitle") or e["fields"].get("journal") or ""
            group = "without DOIs" if publishes_without_dois(venue) else "other"
            by_venue[group][0] += hit
            by_venue[group][1] += 1
        for code in set(codes.get(e["bibtex_key"], [])):
            (valid_codes if kind == "valid" else by_code)[code] += 1
    fake = [v for k, v in by_type.items() if k != "valid"]
    return {
        "hallucinated": [sum(v[0] for v in fake), sum(v[1] for v in fake)],
        "valid": by_type["valid"],
        "types": {k: v for k, v in sorted(by_type.items()) if k != "valid"},
        "venues": dict(by_venue),
        "codes_on_hallucinated": dict(by_code.most_common()),
        "codes_on_valid": dict(valid_codes.most_common()),
    }


def baseline(root: Path, split: str) -> dict[str, Any] | None:
    try:
        data = json.loads(read(root, BASELINE.format(split=split)))
    except (subprocess.CalledProcessError, OSError, ValueError):
        return None
    return {
        "detection_rate": data["detection_rate"],
        "false_positive_rate": data["false_positive_rate"],
        "types": {k: v["detection_rate"] for k, v in data["per_type_metrics"].items()},
    }


def table(result: dict[str, Any], base: dict[str, Any] | None) -> str:
    def pct(pair: list[int]) -> str:
        return f"{100 * pair[0] / pair[1]:.1f} % ({pair[0]}/{pair[1]})" if pair[1] else "-"

    rows = ["| entries | asrefs: flagged | bibtex-updater (published) |", "|---|---|---|"]
    b = base or {"types": {}}
    rows.append(
        f"| hallucinated | {pct(result['hallucinated'])} | "
        f"{100 * b.get('detection_rate', 0):.1f} % |"
    )
    for kind, pair in result["types"].items():
        published = b["types"].get(kind)
        shown = "-" if published is None else f"{100 * published:.1f} %"
        rows.append(f"| · {kind} | {pct(pair)} | {shown} |")
    for group, pair in sorted(result["venues"].items()):
        rows.append(f"| hallucinated, at venues {group} | {pct(pair)} | - |")
    rows.append(
        f"| valid (false positives) | {pct(result['valid'])} | "
        f"{100 * b.get('false_positive_rate', 0):.1f} % |"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hallmark", type=Path, required=True, help="checkout or git dir")
    parser.add_argument("--split", choices=SPLITS, default="dev_public")
    parser.add_argument("--threshold", type=float, default=None, help="search threshold")
    parser.add_argument("--show", type=int, default=0, help="list N missed and N false alarms")
    parser.add_argument("--write", type=Path, help="store the figures as JSON here")
    parser.add_argument(
        "--openalex", action="store_true", help="with an OpenAlex key, OpenAlex serving the works"
    )
    args = parser.parse_args(argv)
    from standin import RegistryServer

    threshold = args.threshold if args.threshold is not None else Options().search_threshold
    split_entries = entries(args.hallmark, f"data/v1.0/{args.split}.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = build_store(universe_entries(args.hallmark), folder, args.openalex)
        with RegistryServer(store, rate_limit=1000.0) as server:
            codes = flagged(split_entries, server, folder, threshold, args.openalex)
            requests = len(server.requests)
    result = score(split_entries, codes)
    result.update(split=args.split, threshold=threshold, requests=requests, openalex=args.openalex)
    print(table(result, baseline(args.hallmark, args.split)))
    print(f"codes on hallucinated entries: {result['codes_on_hallucinated']}")
    print(f"codes on valid entries: {result['codes_on_valid']}")
    print(f"{requests} requests to the stand-in")
    if args.show:
        for e in split_entries:
            kind = e.get("hallucination_type")
            got = codes.get(e["bibtex_key"])
            if (kind and not got) or (not kind and got):
                print(f"{'MISS' if kind else 'FP'} {kind} {got} {to_bibtex(e)}")
    if args.write:
        args.write.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
