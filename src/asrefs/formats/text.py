"""The terminal report: a one-line summary, then one block per reference with its
verdict, its DOI/PMID, and each discrepancy with the article's value beside the
registry's (the words that differ highlighted) and the fix.

Colour, highlighting and terminal hyperlinks only when asked for (a TTY without
NO_COLOR); otherwise plain text, where a "difference" line in ``git diff --word-diff``
notation shows what changed in long values.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from asrefs.formats import RenderContext
from asrefs.formats.diff import parts, similar
from asrefs.formats.diff import summary as diff_summary
from asrefs.i18n import (
    code_title,
    expected_text,
    message_line,
    normalise_lang,
    source_name,
    summary_counts,
    t,
)
from asrefs.models import Finding, Origin, Problem, ReferenceResult, Report

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_VERDICT_STYLE = {"verified": "green", "discrepancies": "yellow", "unresolved": "magenta"}
_REMOVED = "bold red underline"  # the article's words the registry does not have
_ADDED = "bold green underline"  # the registry's words the article does not have
_INDENT = " " * 10
_LONG = 30  # values longer than this get a "difference" line in plain text


def summary_line(report: Report, lang: str = "en") -> str:
    lang = normalise_lang(lang)
    return t(lang, "summary", article=report.article, **summary_counts(lang, report.summary))


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def pmid_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def _link(text: Text, url: str, color: bool) -> None:
    """Append ``url``, as a terminal hyperlink when colour is on."""
    text.append(url, style=Style(color="blue", link=url) if color else "")


def _highlighted(a: str, b: str, side: str, color: bool) -> Text:
    """``a`` (side "a") or ``b`` (side "b") with the words the other lacks highlighted."""
    out = Text()
    if not color or not similar(a, b):
        out.append(a if side == "a" else b)
        return out
    for p in parts(a, b):
        piece = p.a if side == "a" else p.b
        core = piece.strip()
        if p.tag == "equal" or not core:
            out.append(piece)
            continue
        start = piece.index(core)
        out.append(piece[:start])
        out.append(core, style=_REMOVED if side == "a" else _ADDED)
        out.append(piece[start + len(core) :])
    return out


class _Writer:
    def __init__(self, console: Console, ctx: RenderContext) -> None:
        self.console = console
        self.color = ctx.color
        self.lang = normalise_lang(ctx.lang)

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def line(self, *pieces: str | Text, style: str = "") -> None:
        text = Text(style=style)
        for piece in pieces:
            text.append(piece)
        self.console.print(text)

    def at(self, line: int, where: str | None) -> str:
        """ "line 12", or "refs.bib, line 12" for a line of another file than the article."""
        label = self.t("label.line", line=line)
        return label if where is None else f"{where}{' ' if self.lang == 'zh' else ', '}{label}"

    def finding(self, f: Finding, raw: str | None, where: str | None = None) -> None:
        zh = self.lang == "zh"
        severity = f.severity.value
        word = self.t("severity." + severity)
        tag = Text(f"  {word}{' ' * max(1, 8 - cell_len(word))}", style=_STYLE[severity])
        tag.append(f.code, style="bold")
        if zh:
            tag.append(f"（{self.at(f.line, where)}）：{code_title(f.code, 'zh')}")
        else:
            tag.append(f" ({self.at(f.line, where)})")
        if f.accepted is not None:
            accepted = self.t("label.accepted", reason=f.accepted)
            tag.append(f"（{accepted}）" if zh else f" {accepted}", style="dim")
        self.console.print(tag)
        self.line(_INDENT, message_line(f, self.lang))
        if f.found is not None or f.expected is not None:
            found = f.found if f.found is not None else self.t("label.none")
            expected = expected_text(f, self.lang) or self.t("label.none")
            src = source_name(f.source, self.lang)
            label = self.t("label.registry-from", source=src) if src else self.t("label.registry")
            article = self.t("label.article")
            sep = "：" if zh else ": "
            pad = "" if zh else " " * max(0, len(label) - len(article))
            both = f.found is not None and f.expected is not None
            self.line(
                _INDENT,
                f"{article}{sep}{pad}",
                _highlighted(found, expected, "a", self.color and both),
            )
            self.line(
                _INDENT,
                f"{label}{sep}",
                _highlighted(found, expected, "b", self.color and both),
            )
            if (
                both
                and not self.color
                and max(len(found), len(expected)) > _LONG
                and similar(found, expected)
            ):
                self.line(
                    _INDENT, f"{self.t('label.difference')}{sep}", diff_summary(found, expected)
                )
        if f.fix:
            fix = Text(style="green")
            fix.append(f"{self.t('label.fix')}{'：' if zh else ': '}")
            if self.color and raw is not None:
                fix.append(_highlighted(raw, f.fix, "b", True))
            else:
                fix.append(f.fix)
            self.console.print(Text(_INDENT).append(fix))

    def reference(self, result: ReferenceResult) -> None:
        ref = result.reference
        status = result.status
        style = _VERDICT_STYLE[status]
        head = Text(f"\n[{ref.index}] ", style="bold")
        head.append(self.t(f"verdict.{status}"), style=style)
        problem = result.problem
        if problem is not None:
            what = self.t(f"problem.{problem.value}")
            head.append(f"（{what}）" if self.lang == "zh" else f" ({what})", style=style)
        records = result.records
        pmid = ref.pmid or (records["pubmed"].pmid if "pubmed" in records else None)
        doi = ref.doi or (records["crossref"].doi if "crossref" in records else None)
        urls = ([doi_url(doi)] if doi else []) + ([pmid_url(pmid)] if pmid else [])
        for url in urls:
            head.append("  ")
            _link(head, url, self.color)
        self.console.print(head)
        entry = self.t("label.entry", line=ref.line, text=_short(ref.raw))
        sep = " " if self.lang == "zh" else ", "
        self.line("    ", f"{ref.source}{sep}{entry}" if ref.source else entry, style="dim")
        for lk in result.lookups:
            if lk.problem is not None:
                self.problem(lk.source, str(lk.identifier), lk.problem, lk.detail)
        failure = result.search_failure
        if failure is not None:
            self.problem(failure.source, self.t("label.search"), failure.problem, failure.detail)
        for f in result.findings:
            self.finding(f, ref.raw, ref.source if f.origin is not Origin.TEXT else None)

    def problem(self, source: str, subject: str, problem: Problem, detail: str) -> None:
        """One line saying why a registry gave no answer about ``subject``."""
        name = source_name(source, self.lang) or source
        what = self.t(f"problem.{problem.value}")
        sep = "：" if self.lang == "zh" else ": "
        tail = f" — {detail}" if detail and self.lang == "en" else ""  # diagnostics in English
        self.line("    ", f"{name}{sep}{subject}{sep}{what}{tail}", style="dim")

    def report(self, report: Report, quiet: bool) -> None:
        self.line(summary_line(report, self.lang), style="bold")
        if quiet:
            return
        raws = {r.reference.index: r.reference.raw for r in report.results}
        for result in report.results:
            self.reference(result)
        rest = [f for f in report.findings if f.ref is None]
        if rest:
            self.line("\n", self.t("section.text-and-list"), style="bold")
            for f in rest:
                self.finding(f, raws.get(f.ref) if f.ref is not None else None)


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=ctx.color,
        no_color=not ctx.color,
        color_system="standard" if ctx.color else None,
        width=120,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    writer = _Writer(console, ctx)
    for i, report in enumerate(reports):
        if i:
            console.print()
        writer.report(report, ctx.quiet)
    for note in () if ctx.quiet else ctx.notes:  # quiet: the summary lines only
        writer.line(writer.t("label.note", text=note), style="dim")
    return buffer.getvalue()
