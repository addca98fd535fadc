"""Checking what the article's body says against the records: citation markers that
point nowhere, references never cited, and the dates, journals, titles, numbers and
institutions the text gives for a cited work.

Pure functions: (markers, claims, results) -> [Finding]. A claim the record can neither
confirm nor refute is at most an info, never an alarm: journal and title claims in
Chinese are compared with the English records by :mod:`asrefs.crosslingual`, and only a
clear verdict (a known Chinese journal name that is another journal, a title that
matches another reference clearly better, a title that matches nothing) is reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from asrefs.checks import crosslingual
from asrefs.checks.compare import normalise_title, same_journal
from asrefs.codes import CODES, make_finding
from asrefs.models import Claim, Finding, Marker, Record, Reference, ReferenceResult

_DATE_KINDS = ("online", "print", "issued")


def check_markers(markers: Sequence[Marker], refs: Sequence[Reference]) -> list[Finding]:
    known = {r.index for r in refs}
    findings = []
    cited: set[int] = set()
    for m in markers:
        for n in m.refs:
            cited.add(n)
            if n not in known:
                findings.append(
                    make_finding(
                        "dangling-marker",
                        ref=None,
                        field="marker",
                        found=m.text,
                        expected=None,
                        source=None,
                        message=f"the marker {m.text} cites reference {n}, "
                        "which the list does not have",
                        line=m.line,
                    )
                )
    if markers:
        for r in refs:
            if r.index not in cited:
                findings.append(
                    make_finding(
                        "uncited-reference",
                        ref=r.index,
                        field="marker",
                        found=None,
                        expected=None,
                        source=None,
                        message=f"reference {r.index} is never cited in the text",
                        line=r.line,
                    )
                )
    return findings


def _all_dates(records: dict[str, Record]) -> list[tuple[str, str, str]]:
    """(kind, ISO date, source) from every record, without repeats."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for source, record in records.items():
        for kind, value in record.dates:
            if (kind, value) not in seen:
                seen.add((kind, value))
                out.append((kind, value, source))
    return out


def _precision(value: str) -> int:
    return {4: 1, 7: 2, 10: 3}.get(len(value), 0)


def _as_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def check_date_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    dates = _all_dates(records)
    publication = [(k, v, s) for k, v, s in dates if k in _DATE_KINDS]
    if not publication:
        return None
    want = claim.value
    level = _precision(want)
    if level == 0:
        return None
    listed = ", ".join(f"{k} {v}" for k, v, _s in dates)
    sources = sorted({s for _k, _v, s in publication})
    source = sources[0] if len(sources) == 1 else "both"
    compatible_coarse = False
    for _kind, value, _s in publication:
        p = _precision(value)
        if p >= level and value[: len(want)] == want:
            return None
        if p < level and want.startswith(value):
            compatible_coarse = True
    common = dict(
        line=claim.line, ref=claim.ref, field="date", found=want, expected=listed, source=source
    )
    if compatible_coarse:
        return make_finding(
            "date-claim-unconfirmable",
            message=f"the text dates this work {want}; the record only gives {listed}, "
            "which can neither confirm nor refute it",
            **common,  # type: ignore[arg-type]
        )
    claimed = _as_date(want)
    if claimed is not None:
        for kind, value, _s in publication:
            registered = _as_date(value)
            if registered is not None and claimed - registered == timedelta(days=1):
                return make_finding(
                    "date-claim-timezone",
                    message=f"the text's date {want} is one day after the {kind} date {value}, "
                    "likely a time-zone difference",
                    **common,  # type: ignore[arg-type]
                )
    for kind, value, _s in dates:
        if (
            kind in ("received", "accepted")
            and value[: len(want)] == want
            and _precision(value) >= level
        ):
            return make_finding(
                "date-claim-other-event",
                message=f"the text's date {want} is when the work was {kind}, "
                f"not published ({listed})",
                **common,  # type: ignore[arg-type]
            )
    return make_finding(
        "date-claim-mismatch",
        message=f"the text says this work was published {want}; the record gives {listed}",
        **common,  # type: ignore[arg-type]
    )


# =========================================================================== journals and titles

SAME_LANGUAGE_MATCH = 0.9
"""Two names or titles in one language match when their normalised similarity is at
least this."""

TITLE_ALARM = 0.3
"""A title in Chinese that scores below this against its record's English title (and no
better against another reference) is reported as not matching. Every true pair of the
evaluation set scores above it (docs/crosslingual.md)."""

_DEICTIC_PLACES = frozenset(("我国", "国内", "本国", "国外", "海外", "中外"))
INSTITUTION_CODE = "institution-claim-unconfirmed"
"""The code for an institution or country the record's affiliations do not show; the
check reports it only when codes.py defines it."""


@dataclass(frozen=True)
class _Work:
    """What one reference is known by: its titles and journals (record, or printed)."""

    index: int
    titles: tuple[str, ...]
    journals: tuple[str, ...]
    resolved: bool


def _full_titles(record: Record) -> list[str]:
    out = []
    if record.title:
        out.append(record.title)
        if record.subtitle:
            out.append(f"{record.title}: {record.subtitle}")
    return out


def _works(results: Sequence[ReferenceResult]) -> dict[int, _Work]:
    works: dict[int, _Work] = {}
    for result in results:
        ref, records = result.reference, result.records
        titles = [t for rec in records.values() for t in _full_titles(rec)]
        journals = [
            name for rec in records.values() for name in (rec.journal, *rec.journal_abbrevs) if name
        ]
        if not titles and ref.title:
            titles.append(ref.title)
        if not journals and ref.journal:
            journals.append(ref.journal)
        works[ref.index] = _Work(
            ref.index,
            tuple(dict.fromkeys(titles)),
            tuple(dict.fromkeys(journals)),
            bool(records),
        )
    return works


def _source(records: dict[str, Record], has: str) -> str | None:
    sources = [name for name, rec in records.items() if getattr(rec, has)]
    if not sources:
        return None
    return sources[0] if len(sources) == 1 else "both"


def _same_language(a: str, b: str) -> float:
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return 0.0
    return max(fuzz.ratio(na, nb), fuzz.token_sort_ratio(na, nb)) / 100.0


def title_score(claimed: str, registered: str) -> float:
    """How well a claimed title matches a registered one, in either language."""
    if crosslingual.has_cjk(claimed) != crosslingual.has_cjk(registered):
        return crosslingual.similarity(claimed, registered)
    return _same_language(claimed, registered)


def _journal_similarity(claimed: str, registered: str) -> float:
    if crosslingual.has_cjk(claimed) != crosslingual.has_cjk(registered):
        return crosslingual.journal_score(claimed, registered)
    return 1.0 if same_journal(claimed, registered) else _same_language(claimed, registered)


def _best(
    claimed: str, names: Sequence[str], scorer: Callable[[str, str], float]
) -> tuple[float, str | None]:
    best: tuple[float, str | None] = (0.0, None)
    for name in names:
        value = scorer(claimed, name)
        if value > best[0]:
            best = (value, name)
    return best


def _thresholds(claim: Claim, registered: str, kind: str) -> tuple[float, float]:
    """(confirm, alarm): at or above confirm the claim matches; below alarm it does not;
    in between the scorer cannot tell."""
    if crosslingual.has_cjk(claim.value) == crosslingual.has_cjk(registered):
        return SAME_LANGUAGE_MATCH, SAME_LANGUAGE_MATCH
    if kind == "journal":
        return crosslingual.JOURNAL_THRESHOLD, 0.0
    return crosslingual.TITLE_THRESHOLD, TITLE_ALARM


def _others_better(
    claim: Claim, own: float, works: dict[int, _Work], kind: str
) -> tuple[float, int, str] | None:
    """The other reference the claim matches clearly better than its own, if any."""
    scorer = title_score if kind == "title" else _journal_similarity
    best: tuple[float, int, str] | None = None
    for work in works.values():
        if work.index == claim.ref:
            continue
        names = work.titles if kind == "title" else work.journals
        value, name = _best(claim.value, names, scorer)
        if name is None:
            continue
        confirm, _alarm = _thresholds(claim, name, kind)
        better = value >= confirm and value >= own + crosslingual.MARGIN
        if better and (best is None or value > best[0]):
            best = (value, work.index, name)
    return best


def check_journal_claim(
    claim: Claim, records: dict[str, Record], works: dict[int, _Work]
) -> Finding | None:
    """A journal the text names against the record's journal (and its abbreviations)."""
    own_work = works.get(claim.ref or -1)
    names = own_work.journals if own_work else ()
    if not names:
        return None
    registered = names[0]
    own, _name = _best(claim.value, names, _journal_similarity)
    common = dict(
        ref=claim.ref,
        field="journal",
        found=claim.value,
        expected=registered,
        source=_source(records, "journal"),
        line=claim.line,
    )
    known = crosslingual.known_journal(claim.value) if crosslingual.has_cjk(claim.value) else ()
    if known:
        if own >= 1.0:
            return None
        return make_finding(
            "journal-claim-mismatch",
            message=f"the text names the journal “{claim.value}” ({' / '.join(known)}); "
            f"the work was published in {registered}",
            **common,  # type: ignore[arg-type]
        )
    confirm, _alarm = _thresholds(claim, registered, "journal")
    if own >= confirm:
        return None
    if not crosslingual.has_cjk(claim.value):
        elsewhere = [
            w.index
            for w in works.values()
            if w.index != claim.ref
            and w.journals
            and _best(claim.value, w.journals, _journal_similarity)[0] >= confirm
        ]
        also = f" (as reference {', '.join(map(str, elsewhere))} is)" if elsewhere else ""
        return make_finding(
            "journal-claim-mismatch",
            message=f"the text says this work appeared in {claim.value}{also}; "
            f"it was published in {registered}",
            **common,  # type: ignore[arg-type]
        )
    pool = [
        n
        for n in crosslingual.known_journal_names()
        if not any(same_journal(n, mine) for mine in names)
    ]
    for work in works.values():
        if work.index != claim.ref:
            pool.extend(n for n in work.journals[:1] if not any(same_journal(n, m) for m in names))
    other, other_name = _best(claim.value, pool, _journal_similarity)
    if other_name is None or other < confirm or other < own + crosslingual.MARGIN:
        return None  # the scorer cannot tell: say nothing
    return make_finding(
        "journal-claim-mismatch",
        message=f"the text names the journal “{claim.value}”, which reads as {other_name}; "
        f"the work was published in {registered}",
        **common,  # type: ignore[arg-type]
    )


def check_title_claim(
    claim: Claim, records: dict[str, Record], works: dict[int, _Work]
) -> Finding | None:
    """A title the text gives against the record's title, and against the other
    references' titles (a claim that fits another reference better points elsewhere)."""
    own_work = works.get(claim.ref or -1)
    titles = own_work.titles if own_work else ()
    if not titles:
        return None
    registered = titles[0]
    own, _name = _best(claim.value, titles, title_score)
    source = _source(records, "title")
    other = _others_better(claim, own, works, "title")
    if other is not None:
        value, index, name = other
        return make_finding(
            "claim-wrong-reference",
            ref=claim.ref,
            field="title",
            found=claim.value,
            expected=registered,
            source=source,
            message=f"the title the text gives matches reference {index} (“{name}”, "
            f"{value:.2f}) better than reference {claim.ref} (“{registered}”, {own:.2f}); "
            f"the citation probably points to the wrong reference",
            line=claim.line,
        )
    _confirm, alarm = _thresholds(claim, registered, "title")
    if own >= alarm:
        return None
    return make_finding(
        "title-claim-mismatch",
        ref=claim.ref,
        field="title",
        found=claim.value,
        expected=registered,
        source=source,
        message=f"the title the text gives does not match the registered title "
        f"“{registered}” ({own:.2f})",
        line=claim.line,
    )


# =========================================================================== numbers

_NUMBER_RE = re.compile(r"(?<![0-9.])[0-9]+(?:[,，  ][0-9]{3})*(?:\.[0-9]+)?(?![0-9])")
_SENTENCE_RE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+|$)")


def _number(text: str) -> float | None:
    digits = re.sub(r"[,，  %％]", "", text)
    try:
        return float(digits)
    except ValueError:
        return None


def check_number_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    """A number the text attributes to the work, looked for in the record's abstract."""
    abstracts = {name: rec.abstract for name, rec in records.items() if rec.abstract}
    wanted = _number(claim.value)
    if not abstracts or wanted is None:
        return None
    for abstract in abstracts.values():
        folded = unicodedata.normalize("NFKC", abstract)
        if any(_number(m.group()) == wanted for m in _NUMBER_RE.finditer(folded)):
            return None
    sentences = [
        " ".join(m.group().split())
        for abstract in abstracts.values()
        for m in _SENTENCE_RE.finditer(abstract)
        if m.group().strip()
    ]
    closest = max(sentences, key=lambda s: title_score(claim.sentence, s), default=None)
    return make_finding(
        "number-claim-unconfirmed",
        ref=claim.ref,
        field="number",
        found=claim.value,
        expected=closest,
        source="both" if len(abstracts) > 1 else next(iter(abstracts)),
        message=f"the number {claim.value} the text attributes to this work is not in its "
        "abstract (it may be in the full text)",
        line=claim.line,
    )


# =========================================================================== institutions


def check_institution_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    """An institution or country the text credits, against the record's affiliations
    (only when the record holds some; at most an info)."""
    if INSTITUTION_CODE not in CODES or claim.value in _DEICTIC_PLACES:
        return None
    affiliations = [a for rec in records.values() for a in rec.affiliations]
    if not affiliations:
        return None
    for affiliation in affiliations:
        if crosslingual.has_cjk(claim.value) and not crosslingual.has_cjk(affiliation):
            if crosslingual.align(claim.value, affiliation).covered >= 0.75:
                return None
        elif fuzz.partial_ratio(normalise_title(claim.value), normalise_title(affiliation)) >= 90:
            return None
    return make_finding(
        INSTITUTION_CODE,
        ref=claim.ref,
        field="institution",
        found=claim.value,
        expected="; ".join(affiliations[:3]) + ("; …" if len(affiliations) > 3 else ""),
        source=_source(records, "affiliations"),
        message=f"the text credits {claim.value}; the record's affiliations do not show it",
        line=claim.line,
    )


# =========================================================================== all claims


def check_claims(claims: Sequence[Claim], results: Sequence[ReferenceResult]) -> list[Finding]:
    """Every claim about a resolved reference, checked against its records."""
    by_index = {r.reference.index: r for r in results}
    works = _works(results)
    findings: list[Finding] = []
    for claim in claims:
        if claim.ref is None or claim.ref not in by_index:
            continue
        records = by_index[claim.ref].records
        if not records:
            continue
        finding: Finding | None = None
        if claim.kind == "date":
            finding = check_date_claim(claim, records)
        elif claim.kind == "journal":
            finding = check_journal_claim(claim, records, works)
        elif claim.kind == "title":
            finding = check_title_claim(claim, records, works)
        elif claim.kind == "number":
            finding = check_number_claim(claim, records)
        elif claim.kind == "institution":
            finding = check_institution_claim(claim, records)
        if finding is not None:
            findings.append(finding)
    return findings
