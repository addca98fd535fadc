"""A Markdown report fit to paste into a pull-request comment (GitHub-flavoured: tables,
``<details>``); the words that differ between the article's and the registry's values
are struck through (the article's) and bold (the registry's)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from asrefs.formats import FindingFiles, RenderContext
from asrefs.formats.diff import parts, similar
from asrefs.i18n import (
    code_title,
    expected_text,
    message_line,
    normalise_lang,
    source_name,
    summary_counts,
    t,
)
from asrefs.models import Finding, Report

_ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def _esc(text: str) -> str:
    return text.replace("\n", " ").translate(_MARKDOWN_SPECIAL)


def _cell(text: str | None) -> str:
    """Table-cell text: Markdown inert, one line."""
    if text is None:
        return "—"
    return _esc(" ".join(text.split()))


def _diff_cell(a: str | None, b: str | None, side: str) -> str:
    """A value with the words the other value lacks marked: ~~removed~~, **added**."""
    value = a if side == "a" else b
    if a is None or b is None or not similar(a, b):
        return _cell(value)
    out = []
    for p in parts(" ".join(a.split()), " ".join(b.split())):
        piece = p.a if side == "a" else p.b
        if p.tag == "equal" or not piece.strip():
            out.append(_esc(piece))
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        mark = "~~" if side == "a" else "**"
        out.append(f"{lead}{mark}{_esc(piece.strip())}{mark}{trail}")
    return "".join(out)


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _finding_row(f: Finding, lang: str, where: str | None = None) -> str:
    icon = _ICON[f.severity.value]
    accepted = f" ({_cell(t(lang, 'label.accepted', reason=f.accepted))})" if f.accepted else ""
    message = _cell(message_line(f, lang))
    if lang == "zh":
        message = f"{_cell(code_title(f.code, 'zh'))}<br>{message}"
    src = source_name(f.source, lang)
    expected = _diff_cell(f.found, expected_text(f, lang), "b")
    if src and f.expected is not None:
        expected += f" ({_cell(src)})"
    return (
        f"| {icon} | `{f.code}` | {f.ref if f.ref is not None else '—'} | "
        f"{_cell(where) + ':' if where else ''}{f.line} | "
        f"{_diff_cell(f.found, f.expected, 'a')} | {expected} | {message}{accepted} |"
    )


def render_report(report: Report, lang: str = "en") -> list[str]:
    lang = normalise_lang(lang)
    s = report.summary
    col = {k: t(lang, f"md.col.{k}") for k in ("number", "status", "ids")}
    out = [
        "## " + t(lang, "md.title", article=report.article),
        "",
        t(lang, "summary.md", **summary_counts(lang, s)),
        "",
        f"| {col['number']} | {col['status']} | {col['ids']} |",
        "|---|---|---|",
    ]
    for result in report.results:
        ref = result.reference
        verdict = t(lang, f"verdict.{result.status}")
        if result.problem:
            what = t(lang, f"problem.{result.problem.value}")
            verdict += f"（{what}）" if lang == "zh" else f" ({what})"
        records = result.records
        doi = ref.doi or (records["crossref"].doi if "crossref" in records else None)
        pmid = ref.pmid or (records["pubmed"].pmid if "pubmed" in records else None)
        ids = []
        if doi:
            ids.append(f"[{_cell(doi)}](https://doi.org/{doi})")
        if pmid:
            ids.append(f"[PMID {pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)")
        out.append(f"| {ref.index} | {verdict} | {' '.join(ids) or '—'} |")
    if report.findings:
        c = {
            k: t(lang, f"md.col.{k}")
            for k in ("code", "ref", "line", "article", "registry", "message")
        }
        out += [
            "",
            f"| | {c['code']} | {c['ref']} | {c['line']} | {c['article']} | {c['registry']} "
            f"| {c['message']} |",
            "|---|---|---|---|---|---|---|",
        ]
        files = FindingFiles(report)
        out += [_finding_row(f, lang, files.other(f)) for f in report.findings]
        fixes = [(f, f.fix) for f in report.findings if f.fix]
        if fixes:
            out += ["", f"<details><summary>{t(lang, 'md.fixes')}</summary>", ""]
            for f, fix in fixes:
                where = f"[{f.ref}] " if f.ref is not None else ""
                fence = "`" * max(3, _longest_backtick_run(fix) + 1)
                out += [
                    f"- {where}`{f.code}`:",
                    "",
                    f"  {fence}text",
                    f"  {fix}".replace("\n", "\n  "),
                    f"  {fence}",
                ]
            out += ["", "</details>"]
    return out


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    lines: list[str] = []
    for report in reports:
        if lines:
            lines.append("")
        lines += render_report(report, ctx.lang)
    for note in ctx.notes:
        lines += ["", "> " + _cell(t(normalise_lang(ctx.lang), "label.note", text=note))]
    return "\n".join(lines) + "\n"
