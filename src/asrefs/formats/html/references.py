"""The references' section: a panel per reference with its status, links, notices of
retraction or correction, its findings, its fields beside the registry's, the printed
entry, where the text cites it and what the text says about it."""

from __future__ import annotations

from asrefs.formats.html.fields import fields_html
from asrefs.formats.html.findings import finding_html
from asrefs.formats.html.markup import (
    STATUS_ICON,
    doi_url,
    esc,
    heading,
    level_label,
    level_of,
    link,
    pmc_url,
    pubmed_url,
    top_level,
)
from asrefs.formats.html.view import View
from asrefs.i18n import HTML_MESSAGES
from asrefs.models import Problem, Record, Reference, ReferenceResult, Update

_UPDATE_LEVEL = {
    "retraction": "error",
    "withdrawal": "error",
    "expression_of_concern": "warning",
    "correction": "info",
    "erratum": "info",
    "new_version": "info",
}


def refs_html(view: View) -> str:
    """The section: a panel per reference, with buttons to open or close them all."""
    r = view.report
    buttons = (
        f'<span><button type="button" data-expand="all" hidden>{esc(view.t("refs.expand"))}'
        f'</button> <button type="button" data-expand="none" hidden>'
        f"{esc(view.t('refs.collapse'))}</button></span>"
    )
    out = [view.section_start("section", "refs", view.t("refs", n=len(r.results)), buttons)]
    if not r.results:
        out.append(f'<p class="empty">{esc(view.t("refs.none"))}</p>')
    for res in r.results:
        out.append(ref_html(view, res))
    out.append("</section>")
    return "".join(out)


def ref_html(view: View, res: ReferenceResult) -> str:
    """The reference's panel, open when it has something to look at."""
    ref, merged, own = res.reference, res.merged, res.findings
    rid = view.ref_id(ref.index)
    status = view.statuses[ref.index]
    live = [f for f in own if f.accepted is None]
    notices = list(merged.updates) if merged is not None else []
    classes = ["ref", f"st-{status}"]
    if any(f.severity.value == "error" for f in live):
        classes.append("has-error")
    is_open = bool(live) or bool(notices) or status == "discrepancies"
    out = [
        f'<article class="{" ".join(classes)}" id="{rid}" aria-labelledby="{rid}-h" '
        f'data-open="{"true" if is_open else "false"}">',
        _head(view, res, status),
    ]
    links = _links(ref, merged)
    if links:
        out.append(f'<p class="links">{" ".join(links)}</p>')
    out.append(f'<div class="ref-body" id="{rid}-body">')
    hs = heading(view.base + 2)
    problem = res.problem
    if problem is not None:
        out.append(_unresolved(view, res, problem))
    out.extend(_notice(view, u) for u in notices)
    if own:
        out.append(f"<{hs}>{esc(view.t('ref.findings'))}</{hs}>")
        out.append('<ul class="notes">')
        out.extend(finding_html(view, f, own_id=f"{rid}-{view.fid(f)}", in_panel=True) for f in own)
        out.append("</ul>")
    out.append(fields_html(view, res))
    out.append(f"<{hs}>{esc(view.t('ref.entry'))}</{hs}>")
    where = view.th("ref.in-list", where=view.line_link(ref.line))
    out.append(f'<p class="raw">{esc(ref.raw)}</p><p class="hint">{where}</p>')
    out.append(_context(view, ref.index))
    if res.suggestion is not None and res.suggestion.doi:
        s = res.suggestion
        text = view.th(
            "ref.suggested",
            doi=link(doi_url(s.doi), s.doi),
            score=f"{s.score:.2f}",
            source=esc(view.registry(s.source)),
        )
        out.append(f"<p>{text}</p>")
    if merged is not None and merged.relations:
        items = "".join(
            f"<li>{esc(kind.replace('-', ' '))}: {link(doi_url(doi), doi)}</li>"
            for kind, doi in merged.relations
        )
        out.append(f'<{hs}>{esc(view.t("ref.related"))}</{hs}><ul class="plain">{items}</ul>')
    out.append("</div></article>")
    return "".join(out)


def _head(view: View, res: ReferenceResult, status: str) -> str:
    """The panel's heading: label, status, number of findings, a short name."""
    ref, own = res.reference, res.findings
    rid = view.ref_id(ref.index)
    icon, word = STATUS_ICON[status], view.t(f"status.{status}")
    badge = f'<span class="status-badge st-{status}"><span aria-hidden="true">{icon}</span>'
    badge += esc(word)
    problem = res.problem
    if problem is not None:
        badge += f'<span class="vh">: {esc(view.problem(problem))}</span>'
    badge += "</span>"
    count = ""
    if own:
        lv = top_level(level_of(f) for f in own)
        n = view.t("findings.count", n=len(own))
        count = f'<span class="count-badge lvl lv-{lv}">{esc(n)}</span>'
    hh = heading(view.base + 1)
    label = ref.label or f"[{ref.index}]"
    return (
        f'<{hh} class="ref-head" id="{rid}-h"><span class="rh">'
        f'<span class="num">{esc(label)}</span> {badge} {count} '
        f'<span class="short">{esc(short_name(ref, res.merged))}</span></span></{hh}>'
    )


def _unresolved(view: View, res: ReferenceResult, problem: Problem) -> str:
    """Why the reference could not be verified, and what each lookup found."""
    out = [
        f"<p><strong>{esc(view.t('ref.unresolved'))}</strong> "
        f"{esc(view.problem(problem))}{esc(view.t('verdict.end'))} "
        f"{esc(view.t('ref.unchecked'))}</p>"
    ]
    lines = [
        f"<li>{esc(view.registry(lk.source))}: {esc(str(lk.identifier))} — "
        f"{esc(view.problem(lk.problem) if lk.problem else view.t('ref.found'))}</li>"
        for lk in res.lookups
    ]
    if lines:
        out.append(f'<ul class="plain">{"".join(lines)}</ul>')
    return "".join(out)


def _links(ref: Reference, merged: Record | None) -> list[str]:
    """Links to the work at doi.org, PubMed and PMC."""
    doi = ref.doi or (merged.doi if merged else None)
    pmid = ref.pmid or (merged.pmid if merged else None)
    pmcid = ref.pmcid or (merged.pmcid if merged else None)
    out: list[str] = []
    if doi_url(doi):
        out.append(link(doi_url(doi), f"doi:{doi}"))
    elif doi:
        out.append(f"<span>doi: {esc(doi)}</span>")
    if pubmed_url(pmid):
        out.append(link(pubmed_url(pmid), f"PubMed {pmid}"))
    if pmc_url(pmcid):
        out.append(link(pmc_url(pmcid), str(pmcid)))
    return out


def _notice(view: View, u: Update) -> str:
    """A retraction, correction or other notice about the work."""
    lv = _UPDATE_LEVEL.get(u.kind, "info")
    key = f"update.{u.kind}"
    word = view.t(key) if key in HTML_MESSAGES else u.kind.replace("_", " ").capitalize()
    bits = [f"<strong>{esc(word)}</strong>"]
    if u.date:
        bits.append(esc(u.date))
    if u.label and u.label.lower() != word.lower():
        bits.append(esc(u.label))
    if u.doi:
        bits.append(view.th("ref.notice", link=link(doi_url(u.doi), f"doi:{u.doi}")))
    if u.pmid:
        bits.append(link(pubmed_url(u.pmid), f"PubMed {u.pmid}"))
    if u.source:
        bits.append(view.th("ref.source", source=esc(view.registry(u.source))))
    return (
        f'<div class="notice lv-{lv}" role="note"><p>{level_label(lv, word)} '
        f"{' · '.join(bits[1:]) if len(bits) > 1 else ''}</p></div>"
    )


def _context(view: View, index: int) -> str:
    """Where the text cites the reference and what it says about it."""
    r = view.report
    cited = sorted({m.line for m in r.markers if index in m.refs})
    claims = [c for c in r.claims if c.ref == index]
    if not cited and not claims:
        return f'<p class="hint">{esc(view.t("ref.uncited", n=index))}</p>'
    hs = heading(view.base + 2)
    out = [f"<{hs}>{esc(view.t('ref.in-text'))}</{hs}>", '<ul class="plain">']
    if cited:
        where = esc(view.t("verdict.sep")).join(view.line_link(n) for n in cited)
        out.append(f"<li>{view.th('ref.cited', where=where)}</li>")
    for c in claims:
        kind = view.t(f"claim.{c.kind}") if f"claim.{c.kind}" in HTML_MESSAGES else c.kind
        out.append(f"<li>{view.line_link(c.line)}: {esc(kind)} <q>{esc(c.value)}</q></li>")
    out.append("</ul>")
    return "".join(out)


def short_name(ref: Reference, rec: Record | None) -> str:
    """A one-line name for a reference: first author, year, title."""
    who = (
        ref.authors[0].family
        if ref.authors
        else (rec.authors[0].family if rec and rec.authors else "")
    )
    year = ref.year or (rec.year if rec else None)
    title = ref.title or (rec.title if rec else None)
    if title is None:
        raw = " ".join(ref.raw.split())
        return raw if len(raw) <= 110 else raw[:109] + "…"
    if len(title) > 90:
        title = title[:89] + "…"
    head = " ".join(
        x
        for x in (
            who + (" et al." if who and (ref.et_al or len(ref.authors) > 2) else ""),
            f"({year})" if year else "",
        )
        if x
    )
    return f"{head} — {title}" if head else title
