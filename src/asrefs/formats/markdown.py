"""A Markdown report fit to paste into a pull-request comment."""

from __future__ import annotations

from collections.abc import Sequence

from .. import compare
from ..models import Report
from ..verify import summary
from . import RenderContext

_ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def _cell(text: str | None) -> str:
    if text is None:
        return "—"
    return text.replace("|", "\\|").replace("\n", " ")


def render_report(report: Report) -> list[str]:
    s = summary(report)
    out = [
        f"## asrefs: `{report.article}`",
        "",
        f"**{s['references']}** references · **{s['resolved']}** resolved · "
        f"**{s['unresolved']}** unresolved · {s['error']} errors · {s['warning']} warnings · "
        f"{s['info']} notes",
        "",
        "| # | status | DOI / PMID |",
        "|---|---|---|",
    ]
    for result in report.results:
        ref = result.reference
        own = [f for f in report.findings if f.ref == ref.index]
        status = compare.reference_status(result, own)
        problem = f" ({result.problem.value})" if result.problem else ""
        ids = []
        if ref.doi:
            ids.append(f"[{ref.doi}](https://doi.org/{ref.doi})")
        if ref.pmid:
            ids.append(f"[PMID {ref.pmid}](https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/)")
        out.append(f"| {ref.index} | {status}{problem} | {' '.join(ids) or '—'} |")
    if report.findings:
        out += [
            "",
            "| | code | ref | line | article | registry | message |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in report.findings:
            icon = _ICON[f.severity.value]
            accepted = f" (accepted: {_cell(f.accepted)})" if f.accepted else ""
            out.append(
                f"| {icon} | `{f.code}` | {f.ref if f.ref is not None else '—'} | {f.line} | "
                f"{_cell(f.found)} | {_cell(f.expected)} | {_cell(f.message)}{accepted} |"
            )
        fixes = [f for f in report.findings if f.fix]
        if fixes:
            out += ["", "<details><summary>Suggested fixes</summary>", ""]
            for f in fixes:
                out += [f"- [{f.ref}] `{f.code}`:", "", "  ```text", f"  {f.fix}", "  ```"]
            out += ["", "</details>"]
    return out


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    lines: list[str] = []
    for report in reports:
        if lines:
            lines.append("")
        lines += render_report(report)
    return "\n".join(lines) + "\n"
