"""One report as the page shows it: the numbering of its findings, the ids of its
elements, its words in the page's language, and its text laid out in lines with the
citation links and the findings placed.

The sections (summary, findings, article, references) are rendered from a View by the
functions of the other modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asrefs.formats.html.lines import Line, Span, finding_span, split_lines
from asrefs.formats.html.markup import esc, heading, level_of
from asrefs.i18n import HTML_MESSAGES, html_t, html_template
from asrefs.models import Finding, Problem, ReferenceResult, Report


@dataclass
class View:
    """A report being rendered: findings numbered in report order (their levels by
    number), results by reference index (the first of a repeated number), each index's
    status, and the text's lines unless the report is quiet or carries no text."""

    report: Report
    prefix: str  # of every id, so that several reports share a page
    base: int  # heading level of the report's sections
    quiet: bool = False
    lang: str = "en"
    text: str | None = None
    lines: list[Line] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)  # id(finding) -> number
    levels: dict[int, str] = field(default_factory=dict)  # number -> level
    refs: dict[int, ReferenceResult] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)  # reference index -> status

    def __post_init__(self) -> None:
        r = self.report
        for n, f in enumerate(r.findings, 1):
            self.numbers[id(f)] = n
            self.levels[n] = level_of(f)
        for res in r.results:
            self.refs.setdefault(res.reference.index, res)
            self.statuses[res.reference.index] = res.status
        self.text = None if self.quiet else (r.text or None)
        if self.text is not None:
            self._lay_out(self.text)

    # words --------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        return html_t(self.lang, key, **values)

    def th(self, key: str, **html_values: str) -> str:
        """The template escaped, then filled with values that are already HTML."""
        return esc(html_template(self.lang, key)).format(**html_values)

    def level_word(self, level: str) -> str:
        return self.t(f"level.{level}")

    def source_short(self, source: str) -> str:
        return self.t("source.both") if source == "both" else self.registry(source)

    def registry(self, source: str | None) -> str:
        if not source:
            return ""
        key = f"registry.{source}"
        return self.t(key) if key in HTML_MESSAGES else source

    def problem(self, problem: Problem) -> str:
        key = f"problem.{problem.value}"
        return self.t(key) if key in HTML_MESSAGES else problem.value

    def line_word(self, n: int) -> str:
        return self.t("line", n=n)

    def line_link(self, n: int) -> str:
        if self.has_line(n):
            return f'<a href="#{self.line_id(n)}">{esc(self.line_word(n))}</a>'
        return esc(self.line_word(n))

    def section_start(self, tag: str, name: str, title: str, extra: str = "") -> str:
        """The opening of the section ``name`` (its class), labelled by its heading
        ``title``; ``extra`` (HTML) follows the heading."""
        h = heading(self.base)
        p = self.prefix
        return (
            f'<{tag} class="{name}" aria-labelledby="{p}{name}-h">'
            f'<div class="section-head"><{h} id="{p}{name}-h">{esc(title)}</{h}>{extra}</div>'
        )

    # ids ----------------------------------------------------------------
    def fid(self, f: Finding) -> str:
        return f"{self.prefix}f{self.numbers[id(f)]}"

    def ref_id(self, index: int) -> str:
        return f"{self.prefix}ref-{index}"

    def line_id(self, number: int) -> str:
        return f"{self.prefix}L{number}"

    def has_line(self, number: int) -> bool:
        return 1 <= number <= len(self.lines)

    # layout -------------------------------------------------------------
    def _lay_out(self, text: str) -> None:
        self.lines = split_lines(text)
        r = self.report
        for m in r.markers:
            line = self._line_at(m.line, m.offset, m.text)
            if line is not None and m.refs and m.refs[0] in self.refs:
                col = m.offset - line.start
                line.spans.append(Span(col, col + len(m.text), href="#" + self.ref_id(m.refs[0])))
        for res in r.results:
            ref = res.reference
            if ref.label:
                line = self._line_at(ref.line, ref.offset, ref.label)
                if line is not None:
                    col = ref.offset - line.start
                    line.spans.append(
                        Span(col, col + len(ref.label), href="#" + self.ref_id(ref.index))
                    )
        for f in r.findings:
            if not self.has_line(f.line):
                continue
            line = self.lines[f.line - 1]
            n = self.numbers[id(f)]
            line.findings.append(n)
            where = finding_span(line, f, r.claims)
            if where is not None:
                line.spans.append(Span(where[0], where[1], findings=(n,)))

    def _line_at(self, number: int, offset: int, expect: str) -> Line | None:
        """The line ``number`` when ``expect`` is printed at ``offset`` in it."""
        if not self.has_line(number):
            return None
        line = self.lines[number - 1]
        col = offset - line.start
        if col < 0 or line.text[col : col + len(expect)] != expect:
            return None
        return line
