"""Findings on the page: one finding as a note (under its line, in its reference's panel,
or among the findings without a line), and the numbered list of all findings.
"""

from __future__ import annotations

from asrefs.formats.html.markup import diff, esc, level_label, level_of
from asrefs.formats.html.view import View
from asrefs.i18n import code_title, expected_text, message_line
from asrefs.models import Finding, Origin

# The reference-panel row a finding's field is about.
FIELD_ROW = {
    "title": "title",
    "authors": "authors",
    "journal": "journal",
    "year": "date",
    "date": "date",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "doi",
    "identifier": "doi",
    "pmid": "pmid",
    "pmcid": "pmcid",
}


def _head(view: View, f: Finding, in_panel: bool) -> list[str]:
    """The note's first line: level, code, meaning, and where else it is shown."""
    meaning = code_title(f.code, view.lang)
    head = [
        level_label(f.severity.value, view.level_word(f.severity.value)),
        f'<code class="code">{esc(f.code)}</code>',
    ]
    if meaning:
        head.append(f'<span class="meaning">{esc(meaning)}</span>')
    if in_panel:
        if view.has_line(f.line):
            head.append(
                f'<a class="goto" href="#{view.fid(f)}">{esc(view.line_word(f.line))}'
                f'<span class="vh">{esc(view.t("line.of-article"))}</span></a>'
            )
        elif f.line > 0:
            head.append(f'<span class="goto">{esc(view.line_word(f.line))}</span>')
    elif f.ref is not None and f.ref in view.refs:
        head.append(
            f'<a class="goto goto-ref" href="#{view.ref_id(f.ref)}">'
            f"{esc(view.t('reference', n=f.ref))}</a>"
        )
    return head


def finding_html(view: View, f: Finding, *, own_id: str, in_panel: bool = False) -> str:
    """The finding as a list item: what it is, the article's value beside the
    registry's (unless the panel's table of fields shows them), the fix."""
    parts = [
        f'<li class="finding" id="{own_id}" data-level="{level_of(f)}" tabindex="-1">',
        f'<p class="fh">{" ".join(_head(view, f, in_panel))}</p>',
        f'<p class="msg">{esc(message_line(f, view.lang))}</p>',
    ]
    in_table = (
        in_panel and f.origin is Origin.REFERENCE and FIELD_ROW.get(f.field or "") is not None
    )
    if (f.found is not None or f.expected is not None) and not in_table:
        found, expected = esc(f.found or "—"), esc(expected_text(f, view.lang) or "—")
        if f.found and f.expected and f.field in ("title", "journal", "authors"):
            found, expected = diff(f.found, f.expected)
        source = view.registry(f.source)
        registry = view.t("cmp.registry-from", source=source) if source else view.t("cmp.registry")
        parts.append(
            f'<dl class="cmp"><dt>{esc(view.t("cmp.article"))}</dt><dd>{found}</dd>'
            f"<dt>{esc(registry)}</dt><dd>{expected}</dd></dl>"
        )
    if f.fix:
        fix = esc(f.fix)
        res = view.refs.get(f.ref) if f.ref is not None else None
        if res is not None:
            fix = diff(res.reference.raw.strip(), f.fix.strip())[1]
        parts.append(f'<p class="fix"><strong>{esc(view.t("fix"))}</strong> {fix}</p>')
    if f.accepted is not None:
        parts.append(f'<p class="acc">{esc(view.t("accepted", reason=f.accepted))}</p>')
    parts.append("</li>")
    return "".join(parts)


def toc_html(view: View) -> str:
    """The list of every finding, each linked to where it is shown."""
    r = view.report
    out = [view.section_start("nav", "toc", view.t("findings", n=len(r.findings)))]
    if not r.findings:
        out.append(f'<p class="empty">{esc(view.t("findings.none"))}</p></nav>')
        return "".join(out)
    out.append("<ol>")
    for f in r.findings:
        where = view.line_word(f.line) if f.line > 0 else view.t("findings.list")
        if f.ref is not None:
            where += f" · [{f.ref}]"
        msg = code_title(f.code, view.lang) if view.lang == "zh" else f.message
        out.append(
            f'<li data-level="{level_of(f)}">'
            f"{level_label(f.severity.value, view.level_word(f.severity.value))}"
            f'<a class="where" href="#{_target(view, f)}">{esc(where)} · '
            f"<code>{esc(f.code)}</code></a>"
            f'<span class="msg">{esc(msg)}</span></li>'
        )
    out.append("</ol></nav>")
    return "".join(out)


def _target(view: View, f: Finding) -> str:
    """The id of the note the list links a finding to: under its line, else in its
    reference's panel, else among the findings without a line."""
    if view.has_line(f.line):
        return view.fid(f)
    if f.ref is not None and f.ref in view.refs:
        return f"{view.ref_id(f.ref)}-{view.fid(f)}"
    return f"{view.prefix}u-{view.fid(f)}"
