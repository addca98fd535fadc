"""Scoring the end-to-end runs: each finding tied to the printed entry it is about, false
alarms on the clean lists, recall of the seeded errors, and the tables.

A parsed reference belongs to the printed entry on whose line it starts (each entry is
one line). A finding names a parsed reference by its number; findings that name none
(a dangling marker, a reference the parser found where no entry starts) are list-level.
An *alarm* is a finding of severity warning or error: on a clean reference (the
retracted works aside) it is a false alarm, except ``duplicate-reference`` on a work the
article's own list prints twice (same DOI, or same title and year), which is right.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from e2e_check import Checked
from e2e_world import KINDS, Ref, is_retracted

ALARM = ("error", "warning")


@dataclass
class Outcome:
    """What asrefs said about one printed entry."""

    article: str
    style: str
    variant: str
    key: str
    text: str
    doi_printed: bool
    parsed: bool
    status: str = ""
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, severity)
    suggestion: str | None = None
    seed: str | None = None  # the seeded kind
    detail: str = ""
    expected: frozenset[str] = frozenset()  # codes that are right about the clean entry

    @property
    def alarms(self) -> list[str]:
        return sorted(
            {c for c, severity in self.codes if severity in ALARM and c not in self.expected}
        )


def _origins() -> dict[str, str]:
    """Each finding code's origin: reference (the entry against its record), list
    (the list and the body's citations), text (claims in the body)."""
    from asrefs.codes import CODES

    return {code: spec.origin.value for code, spec in CODES.items()}


DUPLICATE = frozenset({"duplicate-reference"})


def _listed_twice(everything: list[Ref]) -> set[str]:
    """The keys of references whose work the same article's list prints more than once
    (the source lists hold a few such duplicates)."""
    groups: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for ref in everything:
        doi = str(ref.fields.get("doi") or "").lower()
        title = "".join(ch for ch in str(ref.fields.get("title", "")).lower() if ch.isalnum())
        groups[(ref.article, doi or f"{title}|{ref.fields.get('year')}")].append(ref.key)
    return {key for keys in groups.values() if len(keys) > 1 for key in keys}


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class Scorer:
    def __init__(self, everything: list[Ref]) -> None:
        self.refs = {r.key: r for r in everything}
        self.listed_twice = _listed_twice(everything)
        self.outcomes: list[Outcome] = []
        self.list_level: list[tuple[str, str, str, str, str]] = []  # art, style, var, code, sev

    def add(self, printed: Any, report: Checked) -> None:
        by_line = {e.line: e for e in printed.entries}
        outcomes = {}
        for e in printed.entries:
            seed = printed.seeds.get(e.key)
            doi = (seed.fields if seed else self.refs[e.key].fields).get("doi")
            outcomes[e.key] = Outcome(
                printed.article,
                printed.style,
                printed.variant,
                e.key,
                e.text,
                bool(doi and doi.lower() in e.text.lower()),
                parsed=False,
                seed=seed.kind if seed else None,
                detail=seed.detail if seed else "",
                expected=DUPLICATE if e.key in self.listed_twice else frozenset(),
            )
        owner: dict[int, Outcome] = {}
        for line, index, status, suggestion in report.references:
            entry = by_line.get(line)
            if entry is None:
                continue
            outcome = outcomes[entry.key]
            outcome.parsed = True
            outcome.status = outcome.status or status
            outcome.suggestion = outcome.suggestion or suggestion
            owner[index] = outcome
        for ref, code, severity in report.findings:
            target = owner.get(ref) if ref is not None else None
            if target is None:
                self.list_level.append(
                    (printed.article, printed.style, printed.variant, code, severity)
                )
            else:
                target.codes.append((code, severity))
        self.outcomes.extend(outcomes.values())

    # -- figures ---------------------------------------------------------------------

    def figures(self, articles: set[str], styles: list[str]) -> dict[str, Any]:
        mine = [o for o in self.outcomes if o.article in articles]
        clean = [o for o in mine if o.variant == "clean" and not is_retracted(self.refs[o.key])]
        seeded = [o for o in mine if o.variant == "seeded" and o.seed]
        listed = [x for x in self.list_level if x[0] in articles and x[4] in ALARM]
        return {
            "articles": len(articles),
            "references": len({o.key for o in mine}),
            "styles": len(styles),
            "clean": self._clean(clean, styles, listed),
            "seeded": self._seeded(seeded, styles),
        }

    def _clean(
        self, clean: list[Outcome], styles: list[str], listed: list[tuple[str, str, str, str, str]]
    ) -> dict[str, Any]:
        alarmed = [o for o in clean if o.alarms]
        by_code: Counter[str] = Counter(c for o in alarmed for c in o.alarms)
        by_style = {}
        for style in styles:
            group = [o for o in clean if o.style == style]
            bad = [o for o in group if o.alarms]
            by_style[style] = {
                "references": len(group),
                "false_alarms": len(bad),
                "share": _pct(len(bad), len(group)),
                "codes": dict(Counter(c for o in bad for c in o.alarms).most_common()),
            }
        by_doi = {}
        for name, flag in (("doi_printed", True), ("no_doi_printed", False)):
            group = [o for o in clean if o.doi_printed is flag]
            n_bad = sum(1 for o in group if o.alarms)
            by_doi[name] = {
                "references": len(group),
                "false_alarms": n_bad,
                "share": _pct(n_bad, len(group)),
            }
        no_doi = [o for o in clean if not o.doi_printed and o.parsed]
        suggested = [o for o in no_doi if o.suggestion]
        wrong = [
            o for o in suggested if (o.suggestion or "").lower() != self.refs[o.key].doi.lower()
        ]
        classes: Counter[str] = Counter(f"{c} | {o.style}" for o in alarmed for c in o.alarms)
        origin = _origins()
        by_origin = {
            kind: sum(1 for o in clean if any(origin.get(c) == kind for c in o.alarms))
            for kind in ("reference", "list", "text")
        }
        return {
            "references": len(clean),
            "false_alarms": len(alarmed),
            "share": _pct(len(alarmed), len(clean)),
            "not_parsed": sum(1 for o in clean if not o.parsed),
            "status": dict(Counter(o.status or "not parsed" for o in clean).most_common()),
            "by_origin": {
                k: {"references": n, "share": _pct(n, len(clean))} for k, n in by_origin.items()
            },
            "by_code": {
                c: {"references": n, "share": _pct(n, len(clean))} for c, n in by_code.most_common()
            },
            "by_style": by_style,
            "by_doi": by_doi,
            "list_level": dict(Counter(x[3] for x in listed).most_common()),
            "search": {
                "without_printed_doi": len(no_doi),
                "suggested": len(suggested),
                "suggested_wrong_work": len(wrong),
            },
            "top_classes": dict(classes.most_common(15)),
        }

    def _seeded(self, seeded: list[Outcome], styles: list[str]) -> dict[str, Any]:
        def found(o: Outcome) -> bool:
            return any(c in KINDS[o.seed or ""] for c, _ in o.codes)

        def tally(group: list[Outcome]) -> dict[str, Any]:
            hits = sum(1 for o in group if found(o))
            return {"seeded": len(group), "found": hits, "recall": _pct(hits, len(group))}

        by_kind = {}
        for kind in KINDS:
            group = [o for o in seeded if o.seed == kind]
            other = Counter(c for o in group if not found(o) for c in o.alarms)
            by_kind[kind] = {
                **tally(group),
                "any_alarm": _pct(sum(1 for o in group if o.alarms), len(group)),
                "doi_printed": tally([o for o in group if o.doi_printed]),
                "no_doi_printed": tally([o for o in group if not o.doi_printed]),
                "other_codes_when_missed": dict(other.most_common(5)),
            }
        return {
            **tally(seeded),
            "by_kind": by_kind,
            "by_style": {s: tally([o for o in seeded if o.style == s]) for s in styles},
        }

    # -- examples ----------------------------------------------------------------------

    def examples(self, split_articles: set[str] | str, n: int) -> str:
        """Up to ``n`` printed entries for each false-alarm code and each missed kind."""
        outcomes = self.outcomes
        if isinstance(split_articles, set):
            outcomes = [o for o in outcomes if o.article in split_articles]
        by_class: dict[str, list[Outcome]] = defaultdict(list)
        for o in outcomes:
            if o.variant == "clean" and not is_retracted(self.refs[o.key]):
                for c in o.alarms:
                    by_class[f"false alarm {c} [{o.style}]"].append(o)
            elif o.seed and not any(c in KINDS[o.seed] for c, _ in o.codes):
                printed = "DOI printed" if o.doi_printed else "no DOI printed"
                by_class[f"missed {o.seed} [{printed}]"].append(o)
        lines = []
        for name, group in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"## {name} ({len(group)})")
            for o in group[:: max(1, len(group) // n)][:n]:
                lines.append(f"- [{o.style}] {o.text}")
                extra = f"   seeded: {o.detail}; " if o.seed else "   "
                lines.append(f"{extra}codes: {sorted(set(o.codes))}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return "–" if value is None else str(value)


def tables(split: str, figures: dict[str, Any]) -> str:
    """The figures of one split as Markdown tables."""
    clean, seeded = figures["clean"], figures["seeded"]
    lines = [
        f"## {split}: {figures['articles']} articles, {figures['references']} references, "
        f"{figures['styles']} styles",
        "",
        f"False alarms: {clean['false_alarms']} of {clean['references']} correct printed "
        f"references ({_cell(clean['share'])} %); not found as a reference by the parser: "
        f"{clean['not_parsed']}; list-level alarms: {sum(clean['list_level'].values())}.",
        "By origin (a reference can have both): "
        + ", ".join(
            f"{k} {v['references']} ({_cell(v['share'])} %)" for k, v in clean["by_origin"].items()
        )
        + ".",
        f"Seeded errors found: {seeded['found']} of {seeded['seeded']} "
        f"({_cell(seeded['recall'])} %).",
        "",
        "| style | references | with a false alarm | % | seeded | found | recall % |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for style, v in clean["by_style"].items():
        s = seeded["by_style"][style]
        lines.append(
            f"| {style} | {v['references']} | {v['false_alarms']} | {_cell(v['share'])} "
            f"| {s['seeded']} | {s['found']} | {_cell(s['recall'])} |"
        )
    lines += ["", "| false-alarm code | references | % of correct references |", "|---|---:|---:|"]
    for code, v in clean["by_code"].items():
        lines.append(f"| {code} | {v['references']} | {v['share']} |")
    lines += [
        "",
        "| seeded kind | seeded | found | recall % | DOI printed: recall % (n) "
        "| no DOI printed: recall % (n) | any alarm % |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, v in seeded["by_kind"].items():
        d, nd = v["doi_printed"], v["no_doi_printed"]
        lines.append(
            f"| {kind} | {v['seeded']} | {v['found']} | {_cell(v['recall'])} "
            f"| {_cell(d['recall'])} ({d['seeded']}) | {_cell(nd['recall'])} ({nd['seeded']}) "
            f"| {_cell(v['any_alarm'])} |"
        )
    search = clean["search"]
    lines += [
        "",
        f"References printed without a DOI: {search['without_printed_doi']}; the search "
        f"matched {search['suggested']}, {search['suggested_wrong_work']} of them to the "
        "wrong work.",
        f"Status of the correct references: {clean['status']}.",
        "",
    ]
    return "\n".join(lines)
