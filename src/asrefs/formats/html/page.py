"""The page: head (policy, style sheet), the severity filters and previous/next buttons,
one report or a section per report, the footer and the script."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from asrefs import __version__
from asrefs.formats import RenderContext
from asrefs.formats.html.article import article_html
from asrefs.formats.html.assets import CSP, CSS, SCRIPT
from asrefs.formats.html.findings import toc_html
from asrefs.formats.html.markup import LEVEL_ICON, LEVELS, esc, level_of
from asrefs.formats.html.references import refs_html
from asrefs.formats.html.summary import summary_html
from asrefs.formats.html.view import View
from asrefs.i18n import html_t
from asrefs.models import Report


def report_html(view: View, *, with_summary: bool = True) -> str:
    """The report's sections: summary, findings, and (unless quiet) article and
    references."""
    parts = [summary_html(view)] if with_summary else []
    if view.quiet:
        parts.append(f'<div class="layout"><div>{toc_html(view)}</div></div>')
        return "".join(parts)
    parts.append('<div class="layout">')
    parts.append(f"<div>{toc_html(view)}{article_html(view)}</div>")
    parts.append(refs_html(view))
    parts.append("</div>")
    return "".join(parts)


def _filters(reports: Sequence[Report], lang: str) -> str:
    """The bar: a checkbox per level with its count, previous/next finding, a status."""
    counts = {lv: 0 for lv in LEVELS}
    for r in reports:
        for f in r.findings:
            counts[level_of(f)] += 1
    chips = []
    for lv in LEVELS:
        if lv == "accepted" and not counts[lv]:
            continue
        chips.append(
            f'<label class="chip lv-{lv}"><input type="checkbox" data-filter value="{lv}" checked>'
            f'<span class="lvl"><span class="ico" aria-hidden="true"><span>{LEVEL_ICON[lv]}'
            f'</span></span><span class="word">{esc(html_t(lang, "levels." + lv))}</span></span>'
            f"<span>({counts[lv]})</span></label>"
        )
    return (
        '<div class="bar" id="bar" hidden>'
        f"<fieldset><legend>{esc(html_t(lang, 'bar.show'))}</legend>{''.join(chips)}</fieldset>"
        '<div class="nav-buttons">'
        '<button type="button" data-go="prev"><span aria-hidden="true">↑ </span>'
        f'<span class="word">{esc(html_t(lang, "bar.prev"))}</span></button>'
        '<button type="button" data-go="next"><span aria-hidden="true">↓ </span>'
        f'<span class="word">{esc(html_t(lang, "bar.next"))}</span></button></div>'
        '<p class="status" id="filter-status" role="status" aria-live="polite" '
        f'data-template="{esc(html_t(lang, "bar.status"))}"></p>'
        "</div>"
    )


def _head(title: str, lang: str) -> list[str]:
    """The document up to the body: the policy, the style sheet, the title."""
    return [
        "<!DOCTYPE html>\n",
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="color-scheme" content="light dark">\n',
        f'<meta name="generator" content="asrefs {esc(__version__)}">\n',
        f"<title>{esc(title)}</title>\n",
        f"<style>{CSS}</style>\n",
        "</head>\n<body>\n",
    ]


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    lang = "zh" if ctx.lang == "zh" else "en"
    single = len(reports) == 1
    if single:
        article = reports[0].article
        name = Path(article).name if article not in ("", "-") else html_t(lang, "page.stdin")
        title = html_t(lang, "page.title", name=name)
    else:
        title = html_t(lang, "page.title.many", n=len(reports))
    out = _head(title, lang)
    out += [
        f'<a class="skip" href="#main">{esc(html_t(lang, "page.skip"))}</a>\n',
        '<header class="page-head">',
        f"<h1>{esc(title)}</h1>",
    ]
    if single:
        out.append(
            f'<p class="sub">{esc(html_t(lang, "page.article"))} '
            f'<span class="path">{esc(reports[0].article)}</span></p>'
        )
    out.append("</header>\n")
    out.append('<main id="main">\n')
    if not single:
        out.append(_filters(reports, lang) + "\n")
    for i, report in enumerate(reports, 1):
        out.append(_report(report, i, single, ctx.quiet, lang))
        out.append("\n")
    out.append("</main>\n")
    out.append('<footer class="footer">')
    for note in ctx.notes:
        out.append(f"<p>{esc(html_t(lang, 'page.note', text=note))}</p>")
    out.append(f"<p>{esc(html_t(lang, 'page.footer', version=__version__))}</p>")
    out.append("</footer>\n")
    out.append(f"<script>{SCRIPT}</script>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


def _report(report: Report, i: int, single: bool, quiet: bool, lang: str) -> str:
    """The ``i``-th report: the page's body when it is the only one (the filters after
    its summary), else a section of its own whose ids are prefixed."""
    if single:
        view = View(report, prefix="", base=2, quiet=quiet, lang=lang)
        filters = _filters([report], lang)
        return f"{summary_html(view)}\n{filters}\n{report_html(view, with_summary=False)}"
    prefix = f"a{i}-"
    view = View(report, prefix=prefix, base=3, quiet=quiet, lang=lang)
    return (
        f'<section class="report" aria-labelledby="{prefix}h">'
        f'<h2 class="report-title" id="{prefix}h"><span class="path">'
        f"{esc(report.article)}</span></h2>{report_html(view)}</section>"
    )
