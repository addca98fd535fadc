"""The terminal report: a one-line summary, then one block per reference with its
verdict, its DOI/PMID, and each discrepancy with the article's value beside the
registry's and the fix. Colour only when asked for (a TTY without NO_COLOR)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from .. import compare
from ..models import Finding, Report
from ..verify import summary
from . import RenderContext

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_VERDICT = {
    "verified": ("verified", "green"),
    "discrepancies": ("discrepancies", "yellow"),
    "unresolved": ("could not verify", "magenta"),
}


def summary_line(report: Report) -> str:
    s = summary(report)
    return (
        f"{report.article}: {s['references']} references, {s['resolved']} resolved, "
        f"{s['unresolved']} unresolved; {s['error']} errors, {s['warning']} warnings, "
        f"{s['info']} notes"
    )


def _finding_lines(console: Console, f: Finding) -> None:
    tag = Text(f"  {f.severity.value:<7} ", style=_STYLE[f.severity.value])
    tag.append(f"{f.code}", style="bold")
    tag.append(f" (line {f.line})")
    if f.accepted is not None:
        tag.append(f" accepted: {f.accepted}", style="dim")
    console.print(tag)
    console.print(Text(f"          {f.message}"))
    if f.found is not None or f.expected is not None:
        console.print(Text(f"          article:  {f.found if f.found is not None else '—'}"))
        label = f"registry ({f.source})" if f.source else "registry"
        console.print(Text(f"          {label}: {f.expected if f.expected is not None else '—'}"))
    if f.fix:
        console.print(Text(f"          fix: {f.fix}", style="green"))


def render_report(console: Console, report: Report, quiet: bool) -> None:
    console.print(Text(summary_line(report), style="bold"))
    if quiet:
        return
    for result in report.results:
        ref = result.reference
        own = [f for f in report.findings if f.ref == ref.index]
        status = compare.reference_status(result, own)
        verdict, style = _VERDICT[status]
        head = Text(f"\n[{ref.index}] ", style="bold")
        head.append(verdict, style=style)
        problem = result.problem
        if problem is not None:
            head.append(f" ({problem.value})", style=style)
        ids = []
        if ref.doi:
            ids.append(f"https://doi.org/{ref.doi}")
        records = result.records
        pmid = ref.pmid or (records["pubmed"].pmid if "pubmed" in records else None)
        if pmid:
            ids.append(f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/")
        if ids:
            head.append("  " + "  ".join(ids), style="blue")
        console.print(head)
        console.print(Text(f"    line {ref.line}: {_short(ref.raw)}", style="dim"))
        for lk in result.lookups:
            if lk.problem is not None:
                console.print(
                    Text(
                        f"    {lk.source}: {lk.identifier}: {lk.problem.value}"
                        + (f" — {lk.detail}" if lk.detail else ""),
                        style="dim",
                    )
                )
        for f in own:
            _finding_lines(console, f)
    rest = [f for f in report.findings if f.ref is None]
    if rest:
        console.print(Text("\nText and list", style="bold"))
        for f in rest:
            _finding_lines(console, f)


def _short(text: str, width: int = 110) -> str:
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=ctx.color,
        no_color=not ctx.color,
        color_system="standard" if ctx.color else None,
        width=120,
        highlight=False,
        soft_wrap=True,
    )
    for i, report in enumerate(reports):
        if i:
            console.print()
        render_report(console, report, ctx.quiet)
    for note in ctx.notes:
        console.print(Text(f"note: {note}", style="dim"))
    return buffer.getvalue()
