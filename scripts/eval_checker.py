#!/usr/bin/env python3
"""Measure the checker's precision and recall over the golden cases in tests/cases/.

Each case folder holds ``article.md`` (or another input, ``article.tex``), ``registry/``
(Crossref work JSON, PubMed efetch XML, optionally ``agencies.json``) and
``expected.json`` (the discrepancies written by hand from the payloads). Every case is
served from a fresh registry stand-in on 127.0.0.1 and checked end to end with
``asrefs verify --format json``.

A finding is (case, ref, code) for the codes of origin "reference" or "list". An
expected finding that is found is a true positive, one not found a false negative; a
finding that is not expected is a false positive. Figures are given per code and
overall (micro-averaged).

    python scripts/eval_checker.py            # print the figures
    python scripts/eval_checker.py --write    # also write docs/checker-evaluation.{json,md}
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the registry stand-in, tests/standin
CASES = REPO / "tests" / "cases"
DOCS = REPO / "docs"
COMMAND = "python scripts/eval_checker.py --write"

BASELINE = """## Before the checker fixes

Measured on the same 22 cases with `compare.py` as it was before the golden set existed:
precision 87.3% (55 of 63 findings right), recall 98.2% (55 of 56 found).

Errors then, their cause, and the change in `compare.py`:

- 4 false `year-online-print` (jor.1100150407 printed 1997): the record's online date
  2005-02-18 is a back-file digitisation, later than print 1997-07, and was read as
  "online first". Now an online date later than the print date is a digitisation: the
  print year is the work's year and gives nothing; the online year is reported with a
  fix to the print year.
- 1 false `author-spelling` (GB/T 7714 "LIU W J"): initials read into the family name
  ("LIU W"). Now trailing initials move from the printed family name to the given name.
- 1 false `author-spelling` (NEJM "Brighton TA, …; ASPIRE Investigators"): the same with
  a Vancouver initials block; the same normalisation.
- 1 false `author-count` (the same NEJM list, not split into names: given names holding
  commas). Now such a list has an unknown count.
- 1 false `author-spelling` ("Gorgels TGMF" read as family "TGMF", given "Gorgels"). Now
  an all-capital family of up to four letters whose given name is the registered family
  is the same person.
- 1 missed `pmcid-mismatch`: the printed PMCID was never compared with the record's.
  Now it is compared with the PMCID PubMed's ArticleIdList holds.

The cases were written while these errors were being corrected, so the figures above
measure agreement with this golden set (and guard against regressions); they are not an
estimate of accuracy on unseen articles.

## Before the printed-string checks

Measured on the same 24 cases with the checks as they were before the printed reference
string was read with the record in hand (`checks/printed.py`) and before the issue's year
was taken as the volume's: precision 89.1% (57 of 64 findings right), recall 96.6% (57 of
59 found). Errors then, and the change:

- 4 false alarms on references a parser misreads (`misread-references`): a title-mismatch
  where a colon after the authors left the journal and numbers in the title, a
  journal-mismatch for "Proc. Natl. Acad. Sci. U.S.A." against Crossref's "Proceedings of
  the National Academy of Sciences", a journal-mismatch where the volume joined the
  journal's name, and a doi-points-elsewhere (with the right finding, the first author,
  missed) where the misread title and authors looked like another work. Now each
  field's registered value is looked for in the printed string first.
- 2 false `year-online-print` where the printed year is the issue's (jclinpath 2021;
  `online-first-volume-year` ref 3): the volume's year is right and gives nothing now.
- 1 false `year-mismatch` (and the info missed) for a work published online on 28
  December with no issue date registered, cited with the next year: now
  `year-after-online`, an info."""

# A finding as the evaluation counts it: (case, reference number or None, code).
Key = tuple[str, "int | None", str]


@dataclass
class Case:
    name: str
    path: Path
    reason: str
    expected: list[dict[str, Any]]
    absent: list[str]
    known_misses: list[dict[str, Any]] = field(default_factory=list)
    known_false_alarms: list[dict[str, Any]] = field(default_factory=list)

    @property
    def article(self) -> Path:
        """The case's article: article.md, or another input (article.tex)."""
        found = sorted(self.path.glob("article.*"))
        return found[0] if found else self.path / "article.md"

    @property
    def registry(self) -> Path:
        return self.path / "registry"

    def expected_keys(self) -> set[tuple[int | None, str]]:
        return {(e.get("ref"), e["code"]) for e in self.expected}


def load_cases(root: Path = CASES) -> list[Case]:
    out = []
    for path in sorted(p.parent for p in root.glob("*/expected.json")):
        data = json.loads((path / "expected.json").read_text(encoding="utf-8"))
        out.append(
            Case(
                name=path.name,
                path=path,
                reason=data["reason"],
                expected=list(data.get("expected", [])),
                absent=list(data.get("absent", [])),
                known_misses=list(data.get("known_misses", [])),
                known_false_alarms=list(data.get("known_false_alarms", [])),
            )
        )
    return out


def checked_codes() -> list[str]:
    """The codes the golden set is about: every code of origin reference or list."""
    from asrefs.codes import CODES
    from asrefs.models import Origin

    return [c for c, spec in CODES.items() if spec.origin in (Origin.REFERENCE, Origin.LIST)]


def build_store(registry: Path) -> Any:
    """A fresh record store holding what the case's registry folder holds."""
    from standin import RecordStore

    store = RecordStore()
    store.load_dir(registry)
    agencies = registry / "agencies.json"
    if agencies.is_file():
        for doi, agency in json.loads(agencies.read_text(encoding="utf-8")).items():
            store.set_agency(doi, agency)
    return store


@contextlib.contextmanager
def _clean_environment() -> Iterator[None]:
    """No ASREFS_* variable or NCBI key of the caller leaks into the runs."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("ASREFS_") or k == "NCBI_API_KEY"}
    for k in saved:
        del os.environ[k]
    try:
        yield
    finally:
        os.environ.update(saved)


def run_case(case: Case, workdir: Path) -> dict[str, Any]:
    """``asrefs verify --format json`` on the case's article against its registry."""
    from asrefs.cli.main import main
    from standin import RegistryServer

    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / "report.json"
    with RegistryServer(build_store(case.registry)) as server, _clean_environment():
        argv = [
            "verify",
            "--format",
            "json",
            *server.url_options(),
            "--cache-dir",
            str(workdir / "cache"),
            "--mailto",
            "golden-cases@example.org",
            "--fail-on",
            "never",
            "-o",
            str(out),
            str(case.article),
        ]
        stderr = io.StringIO()
        cwd = Path.cwd()
        os.chdir(workdir)  # no asrefs.toml of the caller applies
        try:
            with contextlib.redirect_stderr(stderr):
                code = main(argv)
        finally:
            os.chdir(cwd)
    if code not in (0, 1, 3) or not out.is_file():
        raise RuntimeError(f"{case.name}: asrefs verify exited {code}: {stderr.getvalue()}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def found_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's findings of origin reference or list."""
    return [d for d in report["discrepancies"] if d["origin"] in ("reference", "list")]


def found_keys(report: dict[str, Any]) -> set[tuple[int | None, str]]:
    return {(d["ref"], d["code"]) for d in found_findings(report)}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_json(self) -> dict[str, Any]:
        p, r = self.precision, self.recall
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": None if p is None else round(p, 4),
            "recall": None if r is None else round(r, 4),
        }


def evaluate(cases: list[Case], workroot: Path) -> dict[str, Any]:
    """Run every case and score its findings against its expected.json."""
    return score(cases, {case.name: run_case(case, workroot / case.name) for case in cases})


def score(cases: list[Case], reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of the reports' findings against the cases' expected.json."""
    per_code: dict[str, Score] = {c: Score() for c in checked_codes()}
    overall = Score()
    errors: list[dict[str, Any]] = []
    fixes = {"checked": 0, "correct": 0}
    for case in cases:
        report = reports[case.name]
        found = found_keys(report)
        expected = case.expected_keys()
        for ref, code in sorted(found | expected, key=lambda k: (k[1], k[0] or 0)):
            score = per_code.setdefault(code, Score())
            if (ref, code) in found and (ref, code) in expected:
                score.tp += 1
                overall.tp += 1
            elif (ref, code) in found:
                score.fp += 1
                overall.fp += 1
                errors.append({"case": case.name, "ref": ref, "code": code, "kind": "false alarm"})
            else:
                score.fn += 1
                overall.fn += 1
                errors.append({"case": case.name, "ref": ref, "code": code, "kind": "miss"})
        by_key = {(d["ref"], d["code"]): d for d in found_findings(report)}
        for e in case.expected:
            if "fix" in e:
                fixes["checked"] += 1
                got = by_key.get((e.get("ref"), e["code"]))
                if got is not None and got.get("fix") == e["fix"]:
                    fixes["correct"] += 1
    negatives = {c: 0 for c in per_code}
    for case in cases:
        for code in case.absent:
            negatives[code] = negatives.get(code, 0) + 1
    return {
        "cases": len(cases),
        "overall": overall.as_json(),
        "per_code": {
            c: {**s.as_json(), "negative_cases": negatives[c]} for c, s in per_code.items()
        },
        "fixes": fixes,
        "errors": errors,
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def markdown(result: dict[str, Any]) -> str:
    o = result["overall"]
    lines = [
        "# Checker evaluation",
        "",
        "How often the checker's findings about references and the reference list are right",
        f"(precision) and how many of the real discrepancies it finds (recall), over the "
        f"{result['cases']} golden cases in `tests/cases/`.",
        "",
        "Reproduce (from the repository root; no network: each case is served by the",
        "local registry stand-in):",
        "",
        "```sh",
        COMMAND,
        "```",
        "",
        "## Method",
        "",
        "- Each case folder holds an article, the registry responses for its references",
        "  (real Crossref and PubMed payloads where they exist, hand-written ones marked as",
        "  such in `tests/cases/README.md`) and `expected.json`, the discrepancies written by",
        "  hand from the payloads.",
        "- The article is checked end to end: `asrefs verify --format json` against a local",
        "  HTTP server answering in the registries' formats from the case's `registry/`.",
        "- A finding is (case, reference, code), for the codes of origin `reference` and",
        "  `list` (the text-claim codes are evaluated elsewhere). A found and expected finding",
        "  is a true positive; found and not expected, a false positive (a false alarm);",
        "  expected and not found, a false negative (a miss).",
        "- Overall figures are micro-averaged over all findings.",
        "",
        "## Overall",
        "",
        "| true positives | false positives | false negatives | precision | recall |",
        "|---|---|---|---|---|",
        f"| {o['tp']} | {o['fp']} | {o['fn']} | {_pct(o['precision'])} | {_pct(o['recall'])} |",
        "",
        "## Per code",
        "",
        "Negative cases: cases whose `expected.json` lists the code as one that must not",
        "appear (besides every case's exact-set rule).",
        "",
        "| code | TP | FP | FN | precision | recall | negative cases |",
        "|---|---|---|---|---|---|---|",
    ]
    for code, s in result["per_code"].items():
        lines.append(
            f"| `{code}` | {s['tp']} | {s['fp']} | {s['fn']} | {_pct(s['precision'])} "
            f"| {_pct(s['recall'])} | {s['negative_cases']} |"
        )
    f = result["fixes"]
    lines += [
        "",
        "## Fixes",
        "",
        f"{f['correct']} of the {f['checked']} fixes written by hand in the cases' "
        "`expected.json` are produced exactly (the corrected reference string, in the "
        "article's own style).",
    ]
    lines += ["", "## Errors", ""]
    if result["errors"]:
        lines += ["| case | ref | code | kind |", "|---|---|---|---|"]
        lines += [
            f"| {e['case']} | {e['ref']} | `{e['code']}` | {e['kind']} |" for e in result["errors"]
        ]
    else:
        lines.append("None: every expected finding is found and nothing else is.")
    lines += ["", *BASELINE.splitlines()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true", help="write docs/checker-evaluation.*")
    args = parser.parse_args(argv)
    try:
        import asrefs  # noqa: F401  (installed, or on PYTHONPATH)
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))
    with tempfile.TemporaryDirectory(prefix="asrefs-eval-") as tmp:
        result = evaluate(load_cases(), Path(tmp))
    summary = {k: v for k, v in result.items() if k != "errors"}
    summary["errors"] = result["errors"]
    text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    if args.write:
        DOCS.mkdir(exist_ok=True)
        (DOCS / "checker-evaluation.json").write_text(text, encoding="utf-8")
        (DOCS / "checker-evaluation.md").write_text(markdown(result), encoding="utf-8")
    o = result["overall"]
    print(
        f"{result['cases']} cases: precision {_pct(o['precision'])}, recall {_pct(o['recall'])} "
        f"(TP {o['tp']}, FP {o['fp']}, FN {o['fn']})"
    )
    for e in result["errors"]:
        print(f"  {e['kind']}: {e['case']} ref {e['ref']} {e['code']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
