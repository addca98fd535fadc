"""Journal names: whether a printed name and a registered one denote the same journal
(equal after folding, or one an ISO 4 / NLM abbreviation of the other), and the
journal-mismatch finding.
"""

from __future__ import annotations

from types import MappingProxyType

from rapidfuzz import fuzz

from asrefs.checks.findings import (
    Candidate,
    disagreement,
    reference_finding,
    substitute,
)
from asrefs.checks.normalise import journal_tokens, norm_issn
from asrefs.checks.printed import printed
from asrefs.codes import msg
from asrefs.journals import no_doi_venue
from asrefs.models import Finding, Record, Reference

# Contractions that are not prefixes of the full word (ISO 4).
_CONTRACTIONS = MappingProxyType(
    {"natl": "national", "intl": "international", "assn": "association", "dept": "department"}
)


# A venue that publishes without DOIs -> the names it is also printed under: itself, and
# PMLR for the conferences whose proceedings PMLR publishes (and the other way round).
_PMLR = ("icml", "colt", "aistats", "uai", "corl")
_PMLR_SERIES = MappingProxyType(
    {
        **{v: (v, "pmlr") for v in _PMLR},
        "pmlr": ("pmlr", *_PMLR),
        **{v: (v,) for v in ("neurips", "iclr", "jmlr", "tmlr")},
    }
)


def _abbreviates(short: str, full: str) -> bool:
    return full.startswith(short) or _CONTRACTIONS.get(short) == full


def same_journal(printed: str, registered: str) -> bool:
    """True when two journal names denote the same journal: equal after folding, or one
    is an abbreviation of the other (each abbreviated word a prefix of the full word,
    stop words dropped, dots optional), or both name one venue that publishes without
    DOIs ("NeurIPS", "Neural Information Processing Systems"; PMLR for the conferences
    it publishes). A one-word name must match exactly unless the abbreviated word
    carries a dot ("Cell" is not "Cells", "Nat." may be "Nature")."""
    if printed.casefold() == registered.casefold():
        return True
    venue = no_doi_venue(printed)
    if venue is not None and venue in _PMLR_SERIES.get(no_doi_venue(registered) or "", ()):
        return True
    a, b = journal_tokens(printed), journal_tokens(registered)
    wa, wb = [w for w, _ in a], [w for w, _ in b]
    if not wa or not wb:
        return False
    if wa == wb or "".join(wa) == "".join(wb):
        return True
    if len(wa) != len(wb):
        return False
    if len(wa) == 1:
        (sa, dot_a), (sb, dot_b) = a[0], b[0]
        return (dot_a and _abbreviates(sa, sb)) or (dot_b and _abbreviates(sb, sa))
    return all(_abbreviates(x, y) for x, y in zip(wa, wb, strict=True)) or all(
        _abbreviates(y, x) for x, y in zip(wa, wb, strict=True)
    )


def _journal_names(rec: Record) -> list[str]:
    return [n for n in (rec.journal, *rec.journal_abbrevs) if n]


def _styled_journal(printed: str, recs: list[Record]) -> str:
    """The registry's name for the journal in the article's style (full or abbreviated,
    with or without dots): the registry name closest to the printed one."""
    names = [n for r in recs for n in _journal_names(r)]
    dotted = "." in printed
    abbrevs = [n for r in recs for n in r.journal_abbrevs if ("." in n) == dotted]
    fulls = [r.journal for r in recs if r.journal]
    pool = (abbrevs + fulls) or names
    return max(pool, key=lambda n: fuzz.ratio(printed, n))


def journal_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed journal against the records' names, abbreviations and ISSNs."""
    if not ref.journal:
        return []
    names = [n for r in recs for n in _journal_names(r)]
    issns = {norm_issn(i) for r in recs for i in r.issn}
    if not names:
        return []
    out: list[Finding] = []
    full = [(r.source, r.journal) for r in recs if r.journal]
    if len(full) > 1 and not same_journal(full[0][1], full[1][1]):
        cands = [Candidate(v, v, s) for s, v in full]
        out += disagreement(ref, "journal", ref.journal, cands)
    if any(same_journal(ref.journal, n) for n in names):
        return out
    if issns & {norm_issn(i) for i in ref.issn}:
        return out
    if printed(ref, tuple(recs)).has_journal(names, same_journal):
        return out  # the registered name is printed: the parse misread the field
    expected = _styled_journal(ref.journal, recs)
    rec = recs[0] if recs[0].journal else next(r for r in recs if _journal_names(r))
    out.append(
        reference_finding(
            "journal-mismatch",
            ref,
            "journal",
            msg(
                "journal-mismatch.registry",
                "The printed journal “{printed}” is not the journal {registry:registry} holds "
                "for this work: {journal}.",
                printed=ref.journal,
                registry=rec.source,
                journal=rec.journal or expected,
            ),
            found=ref.journal,
            expected=expected,
            source=rec.source,
            fix=substitute(ref, ref.journal, expected),
        )
    )
    return out
