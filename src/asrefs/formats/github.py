"""GitHub Actions workflow-command annotations: one ``::error``/``::warning``/``::notice``
line per finding, anchored at the article's file and line."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Report
from . import RenderContext

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    lines = []
    for report in reports:
        for f in report.findings:
            if f.accepted is not None:
                continue
            title = f"{f.code} (reference {f.ref})" if f.ref is not None else f.code
            message = f.message
            if f.fix:
                message += f"\nFix: {f.fix}"
            lines.append(
                f"::{_LEVEL[f.severity.value]} file={_escape_property(report.article)},"
                f"line={f.line},title={_escape_property(title)}::{_escape_data(message)}"
            )
    return "\n".join(lines) + ("\n" if lines else "")
