"""RIS: records separated by a blank line.

"\\n" line ends (RIS readers such as Zotero, EndNote and Mendeley accept them; CRLF would
only make the text awkward to diff and embed); ``T2`` for the journal (Zotero reads
``JO`` as an abbreviation) and ``J2`` for its abbreviation; ``AN`` for the PMID and
``C2`` for the PMCID (EndNote's use).
"""

from __future__ import annotations

from asrefs.export.fields import Item, Work, clean, work_of

_RIS_TYPES = {
    "journal-article": "JOUR",
    "posted-content": "UNPB",
    "book": "BOOK",
    "book-chapter": "CHAP",
    "proceedings-article": "CONF",
    "report": "RPRT",
    "dissertation": "THES",
    "dataset": "DATA",
}


def to_ris(items: list[Item]) -> str:
    """RIS records separated by a blank line, "\\n" line ends."""
    if not items:
        return ""
    blocks = ["\n".join(_ris_entry(work_of(reference, record))) for reference, record in items]
    return "\n\n".join(blocks) + "\n"


def _ris_entry(work: Work) -> list[str]:
    lines = [f"TY  - {_RIS_TYPES.get(work.kind, 'GEN')}"]

    def add(tag: str, value: str | None) -> None:
        value = clean(value)
        if value:
            lines.append(f"{tag}  - {value}")

    for a in work.authors:
        family, given = clean(a.family), clean(a.given)
        add("AU", family if a.collective or not given else f"{family}, {given}")
    add("TI", work.title)
    add("T2", work.container)
    add("J2", work.container_short)
    if work.year:
        add("PY", str(work.year))
        if work.month:
            day = f"{work.day:02d}" if work.day else ""
            add("DA", f"{work.year}/{work.month:02d}/{day}/")
    add("VL", work.volume)
    add("IS", work.issue)
    if work.article_number:
        add("SP", work.article_number)
    elif (span := work.page_span) is not None:
        add("SP", span[0])
        add("EP", span[1])
    add("PB", work.publisher)
    add("SN", ", ".join(work.issn))
    add("DO", work.doi)
    add("UR", work.url)
    add("AN", work.pmid)
    add("C2", work.pmcid)
    add("N1", work.remark)
    lines.append("ER  - ")
    return lines
