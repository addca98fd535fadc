"""The app's pages: upload, progress, the report with the actions on each finding, and
errors. Every value is escaped; the pages load only the app's own style sheet and
script (the Content-Security-Policy allows nothing else), and every form carries the
session's token."""

from __future__ import annotations

from html import escape

from asrefs.i18n import code_title, html_t
from asrefs.models import Finding
from asrefs.serve.jobs import Job
from asrefs.serve.words import app_t

BIB_FORMATS = (("bibtex", "BibTeX"), ("csl-json", "CSL-JSON"), ("ris", "RIS"))
REPORT_FORMATS = (("html", "HTML"), ("json", "JSON"), ("markdown", "Markdown"))


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def page(lang: str, title: str, body: str, *, refresh: bool = False) -> str:
    """A whole page: the head (the app's style sheet and script), then ``body``."""
    again = '<noscript><meta http-equiv="refresh" content="2"></noscript>' if refresh else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hans" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        f'initial-scale=1"><meta name="referrer" content="no-referrer">{again}'
        f'<title>{esc(title)}</title><link rel="stylesheet" href="/static/app.css">'
        '<script src="/static/app.js" defer></script></head>'
        f'<body><header class="top"><a class="home" href="/">asrefs</a>'
        f'<a class="lang" href="?lang={"en" if lang == "zh" else "zh"}" id="lang">'
        f"{esc(app_t(lang, 'app.lang'))}</a></header><main>{body}</main></body></html>\n"
    )


def _token(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{esc(csrf)}">'


def upload_page(lang: str, csrf: str, mb: int, error: str = "") -> str:
    note = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    body = (
        f"<h1>{esc(app_t(lang, 'app.title'))}</h1>{note}"
        f"<p>{esc(app_t(lang, 'app.lead', mb=mb))}</p>"
        '<form id="upload" method="post" action="/upload" enctype="multipart/form-data">'
        f'{_token(csrf)}<label class="drop" id="drop"><span>{esc(app_t(lang, "app.drop"))}'
        f'</span><span class="vh">{esc(app_t(lang, "app.file"))}</span>'
        '<input type="file" name="article" id="article" required></label>'
        f'<button type="submit">{esc(app_t(lang, "app.check"))}</button></form>'
    )
    return page(lang, app_t(lang, "app.title"), body)


def progress_page(lang: str, job: Job) -> str:
    if job.state == "failed":
        body = (
            f'<p class="error" role="alert">'
            f"{esc(app_t(lang, 'app.failed', name=job.name, error=job.error))}</p>"
            f'<p><a href="/">{esc(app_t(lang, "app.again"))}</a></p>'
        )
        return page(lang, job.name, body)
    body = (
        f"<h1>{esc(app_t(lang, 'app.checking', name=job.name))}</h1>"
        f'<div id="progress" data-job="{esc(job.id)}">'
        f'<progress id="bar"></progress><p id="stage" role="status" aria-live="polite">'
        f"{esc(app_t(lang, 'app.asking'))}</p></div>"
    )
    return page(lang, app_t(lang, "app.checking", name=job.name), body, refresh=True)


def report_page(lang: str, job: Job, csrf: str, config: str) -> str:
    """The report in a frame beside the findings with their actions and the downloads."""
    findings = job.findings()
    items = [_finding(lang, job, csrf, k, n, f) for k, (n, f) in enumerate(findings, 1)]
    empty = f"<p>{esc(app_t(lang, 'app.none'))}</p>" if not items else ""
    body = (
        f"<h1>{esc(app_t(lang, 'app.report', name=job.name))}</h1>"
        f"{_downloads(lang, job)}"
        '<div class="work"><section class="acts" aria-labelledby="acts-h">'
        f'<h2 id="acts-h">{esc(app_t(lang, "app.findings", n=len(findings)))}</h2>{empty}'
        f'<ol class="findings">{"".join(items)}</ol>{_apply_all(lang, job, csrf)}'
        f'<p class="note">{esc(app_t(lang, "app.config", path=config))}</p></section>'
        f'<iframe name="report" id="report" title="{esc(app_t(lang, "app.frame"))}" '
        f'src="/jobs/{esc(job.id)}/report.html?lang={lang}"></iframe></div>'
    )
    return page(lang, app_t(lang, "app.report", name=job.name), body)


def _target(job: Job, k: int, f: Finding) -> str:
    """The id of finding ``k``'s note in the report (see formats.html.findings)."""
    report = job.report
    lines = report.text.count("\n") + 1 if report is not None and report.text else 0
    if 1 <= f.line <= lines:
        return f"f{k}"
    if report is not None and any(r.reference.index == f.ref for r in report.results):
        return f"ref-{f.ref}-f{k}"
    return f"u-f{k}"


def _form(job: Job, action: str, csrf: str, fields: str, button: str, cls: str = "") -> str:
    return (
        f'<form method="post" action="/jobs/{esc(job.id)}/{action}" class="{cls}">'
        f'{_token(csrf)}{fields}<button type="submit">{esc(button)}</button></form>'
    )


def _finding(lang: str, job: Job, csrf: str, k: int, n: int, f: Finding) -> str:
    level = "accepted" if f.accepted is not None else f.severity.value
    where = f" · [{f.ref}]" if f.ref is not None else ""
    head = (
        f'<p class="fh"><span class="lv lv-{level}">{esc(html_t(lang, "level." + level))}'
        f"</span> <code>{esc(f.code)}</code>{esc(where)} "
        f'<a href="/jobs/{esc(job.id)}/report.html?lang={lang}#{_target(job, k, f)}" '
        f'target="report">{esc(app_t(lang, "app.show"))}</a></p>'
        f'<p class="msg">{esc(code_title(f.code, lang))}</p>'
    )
    hidden = f'<input type="hidden" name="finding" value="{n}">'
    if f.accepted is not None:
        acts = f'<p class="done">{esc(app_t(lang, "app.accepted", reason=f.accepted))}</p>'
    else:
        reason = (
            f'<label>{esc(app_t(lang, "app.reason"))} <input name="reason" required '
            f'maxlength="300" id="reason-{n}"></label>'
        )
        acts = _form(job, "accept", csrf, hidden + reason, app_t(lang, "app.accept"), "accept")
        acts += _form(job, "dismiss", csrf, hidden, app_t(lang, "app.dismiss"), "dismiss")
        if n in job.applied:
            acts += f'<p class="done">{esc(app_t(lang, "app.applied"))}</p>'
        elif job.fixable(f):
            acts += _form(job, "apply", csrf, hidden, app_t(lang, "app.apply"), "apply")
    return f'<li id="act-{n}" data-level="{level}">{head}<div class="acts-row">{acts}</div></li>'


def _apply_all(lang: str, job: Job, csrf: str) -> str:
    kinds = sorted({f.code for n, f in job.findings() if job.fixable(f) and n not in job.applied})
    if not kinds:
        return ""
    options = "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in kinds)
    fields = (
        f'<label>{esc(app_t(lang, "app.kind"))} <select name="code" id="kind">'
        f"{options}</select></label>"
    )
    return _form(job, "apply", csrf, fields, app_t(lang, "app.apply-all"), "apply-all")


def _downloads(lang: str, job: Job) -> str:
    base = f"/jobs/{esc(job.id)}/download"
    links = []
    if job.can_correct:
        text = app_t(lang, "app.corrected", n=len(job.applied))
        links.append(f'<a id="dl-article" href="{base}/article">{esc(text)}</a>')
    bib = " ".join(f'<a id="dl-{k}" href="{base}/bib/{k}">{label}</a>' for k, label in BIB_FORMATS)
    report = " ".join(
        f'<a id="dl-report-{k}" href="{base}/report/{k}?lang={lang}">{label}</a>'
        for k, label in REPORT_FORMATS
    )
    links.append(f"{esc(app_t(lang, 'app.bibliography'))}: {bib}")
    links.append(f"{esc(app_t(lang, 'app.report-file'))}: {report}")
    items = "".join(f"<li>{link}</li>" for link in links)
    return (
        f'<nav class="downloads"><h2>{esc(app_t(lang, "app.downloads"))}</h2><ul>{items}</ul></nav>'
    )


def error_page(lang: str, message: str) -> str:
    body = f'<p class="error" role="alert">{esc(message)}</p><p><a href="/">asrefs</a></p>'
    return page(lang, "asrefs", body)
