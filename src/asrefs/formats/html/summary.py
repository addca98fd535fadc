"""A report's summary: a one-sentence verdict, references by status and findings by
severity."""

from __future__ import annotations

from asrefs.formats.html.markup import LEVELS, STATUS_ICON, esc, heading, level_label
from asrefs.formats.html.view import View


def summary_html(view: View) -> str:
    """The verdict and two rows of tiles: references by status, findings by level."""
    r = view.report
    s = r.summary
    by_status = {k: 0 for k in STATUS_ICON}
    for st in view.statuses.values():
        by_status[st] += 1
    accepted = sum(1 for f in r.findings if f.accepted is not None)
    h = heading(view.base)
    p = view.prefix
    out = [f'<section class="summary" aria-labelledby="{p}summary-h">']
    out.append(f'<{h} id="{p}summary-h" class="vh">{esc(view.t("summary"))}</{h}>')
    out.append(f'<p class="verdict">{esc(verdict(view, s, by_status))}</p>')
    out.append('<div class="tiles">')
    out.append(f'<dl aria-label="{esc(view.t("summary.by-verdict"))}">')
    out.append(
        f'<div class="tile"><dt>{esc(view.t("summary.references"))}</dt>'
        f"<dd>{s['references']}</dd></div>"
    )
    for st, icon in STATUS_ICON.items():
        out.append(
            f'<div class="tile st-{st}"><dt><span aria-hidden="true">{icon}</span>'
            f"{esc(view.t('status.' + st))}</dt><dd>{by_status[st]}</dd></div>"
        )
    out.append("</dl>")
    out.append(f'<dl aria-label="{esc(view.t("summary.by-level"))}">')
    counts = {"error": s["error"], "warning": s["warning"], "info": s["info"]}
    counts["accepted"] = accepted
    for lv in LEVELS:
        if lv == "accepted" and not accepted:
            continue
        out.append(
            f'<div class="tile lv-{lv}"><dt>{level_label(lv, view.t("levels." + lv))}</dt>'
            f"<dd>{counts[lv]}</dd></div>"
        )
    out.append("</dl></div>")
    out.append("</section>")
    return "".join(out)


def verdict(view: View, s: dict[str, int], by_status: dict[str, int]) -> str:
    """What the editor has to do, in a sentence or two."""
    parts: list[str] = []
    for key, n in (("error", s["error"]), ("warning", s["warning"]), ("note", s["info"])):
        if n:
            parts.append(view.t(f"verdict.{key}s", n=n))
    if parts:
        head = view.t("verdict.sep").join(parts) + view.t("verdict.end")
        head = head[0].upper() + head[1:]
    else:
        head = view.t("verdict.none")
    sep = "" if view.lang == "zh" else " "
    total = s["references"]
    if not total:
        return head + sep + view.t("verdict.no-list")
    if by_status["unresolved"]:
        n = by_status["unresolved"]
        why = _unresolved_why(view)
        if total == 1:
            return head + sep + view.t("verdict.unresolved.one", why=why)
        return head + sep + view.t("verdict.unresolved", n=n, total=total, why=why)
    matched = by_status["verified"]
    if total == 1:
        return head + sep + view.t("verdict.one-matches" if matched else "verdict.one-differs")
    if matched == total and not (s["error"] or s["warning"]):
        return head + sep + view.t("verdict.all-match", total=total)
    return head + sep + view.t("verdict.some-match", n=matched, total=total)


def _unresolved_why(view: View) -> str:
    """Why references could not be checked: the one reason, or each with its count."""
    reasons: dict[str, int] = {}
    for res in view.report.results:
        problem = res.problem
        if problem is not None:
            why = view.problem(problem)
            reasons[why] = reasons.get(why, 0) + 1
    if len(reasons) == 1:
        return next(iter(reasons))
    return "; ".join(f"{k}: {w}" for w, k in sorted(reasons.items()))
