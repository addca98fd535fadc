"""GitHub Actions workflow-command annotations: one ``::error``/``::warning``/``::notice``
line per finding, anchored at the file and line it is about (the article's, or the .bib's
for an entry of a LaTeX article's .bib). Accepted findings are left
out: they do not fail the run, so they should not mark the pull request either."""

from __future__ import annotations

from collections.abc import Sequence

from asrefs.formats import FindingFiles, RenderContext
from asrefs.i18n import code_title, expected_text, message_line, normalise_lang, t
from asrefs.models import Finding, Report

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(article: str, f: Finding, lang: str = "en") -> str:
    """The workflow command for one finding."""
    lang = normalise_lang(lang)
    if lang == "zh":
        title = f"{f.code}：{code_title(f.code, 'zh')}"
        if f.ref is not None:
            title += f"（{t(lang, 'label.reference', ref=f.ref)}）"
        lines = [message_line(f, lang)]
        if f.found is not None:
            lines.append(f"{t(lang, 'label.article')}：{f.found}")
        if f.expected is not None:
            lines.append(f"{t(lang, 'label.registry')}：{expected_text(f, lang)}")
        if f.fix:
            lines.append(f"{t(lang, 'label.fix')}：{f.fix}")
        message = "\n".join(lines)
    else:
        title = f"{f.code} (reference {f.ref})" if f.ref is not None else f.code
        message = f.message
        if f.fix:
            message += f"\nFix: {f.fix}"
    return (
        f"::{_LEVEL[f.severity.value]} file={_escape_property(article)},"
        f"line={max(1, f.line)},title={_escape_property(title)}::{_escape_data(message)}"
    )


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    lines = [
        annotation(files(f), f, ctx.lang)
        for report in reports
        for files in (FindingFiles(report),)
        for f in report.findings
        if f.accepted is None
    ]
    return "\n".join(lines) + ("\n" if lines else "")
