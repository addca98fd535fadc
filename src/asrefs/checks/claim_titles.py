"""A journal or title the text gives for a cited work, against the record's, in English
or in Chinese.

A claim the record can neither confirm nor refute is not reported: Chinese names and
titles are compared with the English records by :mod:`asrefs.checks.crosslingual`, and
only a clear verdict is reported (a known Chinese journal name that is another journal,
a title that matches another reference clearly better, a title that matches nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from asrefs.checks import crosslingual
from asrefs.checks.journal import same_journal
from asrefs.checks.thresholds import PART_OF_NAME, SAME_LANGUAGE_MATCH, TITLE_ALARM
from asrefs.codes import Message, make_finding, msg
from asrefs.models import Claim, Finding, Record, ReferenceResult
from asrefs.text import has_han, normalise_title

# Words of a journal's name a Chinese rendering may leave out (as the scorer stems them).
_GENERIC_WORDS = frozenset(crosslingual.english_words("Journal"))


@dataclass(frozen=True)
class Work:
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


def known_works(results: Sequence[ReferenceResult]) -> dict[int, Work]:
    """Each reference's titles and journals, from its records or else as printed."""
    works: dict[int, Work] = {}
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
        works[ref.index] = Work(
            ref.index,
            tuple(dict.fromkeys(titles)),
            tuple(dict.fromkeys(journals)),
            bool(records),
        )
    return works


def record_source(records: dict[str, Record], has: str) -> str | None:
    """The registry whose record holds the field ``has``, "both", or None."""
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
    if has_han(claimed) != has_han(registered):
        return crosslingual.similarity(claimed, registered)
    return _same_language(claimed, registered)


def _journal_similarity(claimed: str, registered: str) -> float:
    if has_han(claimed) != has_han(registered):
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
    if has_han(claim.value) == has_han(registered):
        return SAME_LANGUAGE_MATCH, SAME_LANGUAGE_MATCH
    if kind == "journal":
        return crosslingual.JOURNAL_THRESHOLD, 0.0
    return crosslingual.TITLE_THRESHOLD, TITLE_ALARM


def _others_better(
    claim: Claim, own: float, works: dict[int, Work], kind: str
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
    claim: Claim, records: dict[str, Record], works: dict[int, Work]
) -> Finding | None:
    """A journal the text names against the record's journal (and its abbreviations)."""
    own_work = works.get(claim.ref or -1)
    names = own_work.journals if own_work else ()
    if not names:
        return None
    message = _journal_mismatch(claim, names, works)
    if message is None:
        return None
    return make_finding(
        "journal-claim-mismatch",
        ref=claim.ref,
        field="journal",
        found=claim.value,
        expected=names[0],
        source=record_source(records, "journal"),
        message=message,
        line=claim.line,
    )


def _journal_mismatch(claim: Claim, names: Sequence[str], works: dict[int, Work]) -> Message | None:
    """Why the journal the text names is not the work's; None when it is, or when the
    scorer cannot tell."""
    registered = names[0]
    own, _name = _best(claim.value, names, _journal_similarity)
    known = crosslingual.known_journal(claim.value) if has_han(claim.value) else ()
    if known:
        if own >= 1.0:
            return None
        return msg(
            "journal-claim-mismatch.known",
            "the text names the journal “{claimed}” ({known}); the work was published in {journal}",
            claimed=claim.value,
            known=" / ".join(known),
            journal=registered,
        )
    confirm, _alarm = _thresholds(claim, registered, "journal")
    if own >= confirm:
        return None
    if not has_han(claim.value):
        elsewhere = [
            w.index
            for w in works.values()
            if w.index != claim.ref
            and w.journals
            and _best(claim.value, w.journals, _journal_similarity)[0] >= confirm
        ]
        if elsewhere:
            return msg(
                "journal-claim-mismatch.elsewhere",
                "the text says this work appeared in {claimed} (as reference {others} is); it "
                "was published in {journal}",
                claimed=claim.value,
                others=", ".join(map(str, elsewhere)),
                journal=registered,
            )
        return msg(
            "journal-claim-mismatch.said",
            "the text says this work appeared in {claimed}; it was published in {journal}",
            claimed=claim.value,
            journal=registered,
        )
    other_name = _other_journal(claim, names, works, own, confirm)
    if other_name is not None:
        return msg(
            "journal-claim-mismatch.reads-as",
            "the text names the journal “{claimed}”, which reads as {other}; the work was "
            "published in {journal}",
            claimed=claim.value,
            other=other_name,
            journal=registered,
        )
    if _part_of(claim.value, names):
        return msg(
            "journal-claim-mismatch.part",
            "the text names the journal “{claimed}”, which renders only part of {journal}'s "
            "name: another journal",
            claimed=claim.value,
            journal=registered,
        )
    return None  # the scorer cannot tell: say nothing


def _part_of(claimed: str, names: Sequence[str]) -> bool:
    """A Chinese name every character of which renders a word of the registered name,
    but which leaves much of that name unsaid (more than the word "Journal", which a
    Chinese name may drop): a name that is only part of the registered one (细胞 and
    Cell Reports) is another journal's."""
    name = max(names, key=lambda n: crosslingual.align(claimed, n).score)
    best = crosslingual.align(claimed, name)
    said = {w for _unit, explained in best.units for w in explained}
    unsaid = set(crosslingual.english_words(name)) - said - _GENERIC_WORDS
    return best.covered >= 0.99 and 0 < best.explained <= PART_OF_NAME and bool(unsaid)


def _other_journal(
    claim: Claim, names: Sequence[str], works: dict[int, Work], own: float, confirm: float
) -> str | None:
    """The journal a Chinese name reads as, when it is clearly another than the work's
    own: a known journal or another reference's."""
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
        return None
    return other_name


def check_title_claim(
    claim: Claim, records: dict[str, Record], works: dict[int, Work]
) -> Finding | None:
    """A title the text gives against the record's title, and against the other
    references' titles (a claim that fits another reference better points elsewhere)."""
    own_work = works.get(claim.ref or -1)
    titles = own_work.titles if own_work else ()
    if not titles:
        return None
    registered = titles[0]
    own, _name = _best(claim.value, titles, title_score)
    source = record_source(records, "title")
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
            message=msg(
                "claim-wrong-reference.title",
                "the title the text gives matches reference {other} (“{other_title}”, "
                "{other_score}) better than reference {ref} (“{title}”, {score}); the "
                "citation probably points to the wrong reference",
                other=index,
                other_title=name,
                other_score=format(value, ".2f"),
                ref=claim.ref,
                title=registered,
                score=format(own, ".2f"),
            ),
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
        message=msg(
            "title-claim-mismatch.registered",
            "the title the text gives does not match the registered title “{title}” ({score})",
            title=registered,
            score=format(own, ".2f"),
        ),
        line=claim.line,
    )
