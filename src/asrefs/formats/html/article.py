"""The article's section: its text with line numbers, each finding under the line it is
about, and the findings that have no line."""

from __future__ import annotations

from asrefs.formats.html.findings import finding_html
from asrefs.formats.html.lines import Line, language, render_spans
from asrefs.formats.html.markup import RANK, esc
from asrefs.formats.html.view import View
from asrefs.models import Finding


def article_html(view: View) -> str:
    """The text's lines (or a note that the report carries none), after the findings
    that have neither a line nor a reference."""
    r = view.report
    p = view.prefix
    hint = f'<p class="hint">{esc(view.t("article.hint"))}</p>'
    out = [view.section_start("section", "article", view.t("article"), hint)]
    unplaced = [f for f in r.findings if not view.has_line(f.line) and f.ref is None]
    if view.text is None:
        out.append(f'<p class="empty">{esc(view.t("article.missing"))}</p>')
    if unplaced:
        out.append(f'<ul class="notes unplaced" aria-label="{esc(view.t("findings.unplaced"))}">')
        out.extend(finding_html(view, f, own_id=f"{p}u-{view.fid(f)}") for f in unplaced)
        out.append("</ul>")
    if view.text is not None:
        lang = language(view.text)
        lang_attr = f' lang="{lang}"' if lang else ""
        out.append(f'<ol class="article-text"{lang_attr}>')
        by_number = {view.numbers[id(f)]: f for f in r.findings}
        for line in view.lines:
            out.append(line_html(view, line, by_number))
        out.append("</ol>")
    out.append("</section>")
    return "".join(out)


def line_html(view: View, line: Line, by_number: dict[int, Finding]) -> str:
    """A numbered line, its links and highlights, and its findings below it."""
    classes = ["line"]
    if not line.text.strip():
        classes.append("blank")
    elif line.text.lstrip().startswith("#"):
        classes.append("head")
    attrs = ""
    if line.findings:
        levels = sorted({view.levels[n] for n in line.findings}, key=lambda x: -RANK[x])
        attrs = f' data-levels="{" ".join(levels)}" data-show="{levels[0]}"'
    lid = view.line_id(line.number)
    body = render_spans(line, view.levels) if line.text else ""
    out = [
        f'<li class="{" ".join(classes)}" id="{lid}"{attrs}>'
        f'<a class="ln" href="#{lid}" aria-label="{esc(view.line_word(line.number))}">'
        f"{line.number}</a>"
        f'<div class="lc"><p class="tx">{body}</p>'
    ]
    if line.findings:
        label = esc(view.t("findings.on-line", n=line.number))
        out.append(f'<ul class="notes" aria-label="{label}">')
        for n in line.findings:
            f = by_number[n]
            out.append(finding_html(view, f, own_id=view.fid(f)))
        out.append("</ul>")
    out.append("</div></li>")
    return "".join(out)
