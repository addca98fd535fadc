"""A reference's table of fields: each printed field beside the registry's, the registry
it came from, and the rows a finding is about flagged, their differing words marked."""

from __future__ import annotations

from collections.abc import Sequence

from asrefs.formats.html.findings import FIELD_ROW
from asrefs.formats.html.markup import diff, esc, heading, level_of, top_level
from asrefs.formats.html.view import View
from asrefs.i18n import dates_text
from asrefs.models import Author, Origin, Record, Reference, ReferenceResult

# (row key, field name, printed value, registered value, registry it came from)
Row = tuple[str, str, str | None, str | None, str | None]


def _author(a: Author) -> str:
    return f"{a.family} {a.given}".strip() if a.given else a.family


def _authors(view: View, authors: Sequence[Author], et_al: bool = False, limit: int = 0) -> str:
    names = [_author(a) for a in authors]
    more = ""
    if limit and len(names) > limit:
        more = view.t("fields.n-authors", n=len(names))
        names = names[:limit]
    text = ", ".join(names)
    if et_al:
        text += ", et al."
    return text + more


def _printed_date(ref: Reference) -> str | None:
    if ref.year is None:
        return None
    out = str(ref.year)
    if ref.month:
        out += f"-{ref.month:02d}"
        if ref.day:
            out += f"-{ref.day:02d}"
    return out


def _record_dates(rec: Record, lang: str) -> str | None:
    if rec.dates:
        return dates_text(", ".join(f"{kind} {value}" for kind, value in rec.dates), lang)
    return str(rec.year) if rec.year else None


def _pages(view: View, pages: str | None, number: str | None) -> str | None:
    label = view.t("fields.article-number", n=number) if number else None
    if pages and number and pages != number:
        return f"{pages} ({label})"
    return pages or label


def _title(rec: Record) -> str | None:
    if rec.title and rec.subtitle:
        return f"{rec.title}: {rec.subtitle}"
    return rec.title


def _journal(rec: Record) -> str | None:
    if not rec.journal:
        return None
    abbrevs = f" ({'; '.join(rec.journal_abbrevs)})" if rec.journal_abbrevs else ""
    return rec.journal + abbrevs


def _rows(view: View, ref: Reference, rec: Record | None, sources: dict[str, str]) -> list[Row]:
    """The table's rows, in order; the merged record ``rec`` is None when no registry
    holds the work."""
    return [
        (
            "title",
            view.t("fields.title"),
            ref.title,
            _title(rec) if rec else None,
            sources.get("title"),
        ),
        (
            "authors",
            view.t("fields.authors"),
            _authors(view, ref.authors, ref.et_al) if ref.authors else None,
            _authors(view, rec.authors, limit=12) if rec and rec.authors else None,
            sources.get("authors"),
        ),
        (
            "journal",
            view.t("fields.journal"),
            ref.journal,
            _journal(rec) if rec else None,
            sources.get("journal"),
        ),
        (
            "date",
            view.t("fields.date"),
            _printed_date(ref),
            _record_dates(rec, view.lang) if rec else None,
            sources.get("dates") or sources.get("year"),
        ),
        (
            "volume",
            view.t("fields.volume"),
            ref.volume,
            rec.volume if rec else None,
            sources.get("volume"),
        ),
        (
            "issue",
            view.t("fields.issue"),
            ref.issue,
            rec.issue if rec else None,
            sources.get("issue"),
        ),
        (
            "pages",
            view.t("fields.pages"),
            _pages(view, ref.pages, ref.article_number),
            _pages(view, rec.pages, rec.article_number) if rec else None,
            sources.get("pages") or sources.get("article_number"),
        ),
        ("doi", view.t("fields.doi"), ref.doi, rec.doi if rec else None, sources.get("doi")),
        ("pmid", view.t("fields.pmid"), ref.pmid, rec.pmid if rec else None, sources.get("pmid")),
        (
            "pmcid",
            view.t("fields.pmcid"),
            ref.pmcid,
            rec.pmcid if rec else None,
            sources.get("pmcid"),
        ),
    ]


def _flagged(res: ReferenceResult) -> dict[str, str]:
    """The rows the reference's findings are about, with the most serious level."""
    flagged: dict[str, str] = {}
    for f in res.findings:
        if f.origin is not Origin.REFERENCE or f.field is None:
            continue
        row = FIELD_ROW.get(f.field)
        if row is not None:
            flagged[row] = top_level([flagged.get(row, level_of(f)), level_of(f)])
    return flagged


def fields_html(view: View, res: ReferenceResult) -> str:
    ref, rec = res.reference, res.merged
    flagged = _flagged(res)
    hs = heading(view.base + 2)
    with_registry = rec is not None
    caption = view.t("fields.both" if with_registry else "fields.printed")
    out = [f"<{hs}>{esc(caption)}</{hs}>"]
    out.append('<table class="fields">')
    cols = (
        f'<th scope="col">{esc(view.t("fields.field"))}</th>'
        f'<th scope="col">{esc(view.t("fields.printed-col"))}</th>'
    )
    if with_registry:
        cols += f'<th scope="col">{esc(view.t("fields.registry-col"))}</th>'
    out.append(f"<thead><tr>{cols}</tr></thead><tbody>")
    for key, name, printed, registered, source in _rows(view, ref, rec, dict(res.field_sources)):
        if printed is None and registered is None:
            continue
        lv = flagged.get(key)
        # a class, not data-level: the row stays when its level is filtered out
        tr = f'<tr class="differs lv-{lv}">' if lv else "<tr>"
        head = esc(name)
        if lv:
            head += (
                f'<span class="flag lv-{lv}"><span aria-hidden="true">≠ </span>'
                f"{esc(view.t('fields.differs'))}"
                f'<span class="vh"> ({esc(view.level_word(lv))})</span></span>'
            )
        p_html = esc(printed) if printed is not None else '<span class="empty">—</span>'
        r_html = esc(registered) if registered is not None else '<span class="empty">—</span>'
        if lv and printed and registered and key in ("title", "journal", "authors"):
            p_html, r_html = diff(printed, registered)
        cells = f'<th scope="row">{head}</th><td>{p_html}</td>'
        if with_registry:
            src = (
                f'<span class="src">{esc(view.source_short(source))}</span>'
                if source and registered is not None
                else ""
            )
            cells += f"<td>{r_html}{src}</td>"
        out.append(tr + cells + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)
