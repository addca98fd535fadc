"""The printed authors against the registered ones: the first author, the co-authors'
spelling and order, and their number; with fixes that rename or reorder the printed
names in place. :func:`person_verdict` and :class:`AuthorPositions` also serve the
identity check.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from asrefs.checks.findings import flex_pattern, reference_finding
from asrefs.checks.normalise import first_initial, name_keys
from asrefs.checks.printed import Printed
from asrefs.checks.printed import printed as printed_view
from asrefs.checks.thresholds import NAME_CLOSE_RATIO, TYPO_RATIO
from asrefs.codes import Message, misspelt, msg, msg_n
from asrefs.models import Author, Finding, Record, Reference
from asrefs.text import has_cjk, normalise_title


def person_verdict(printed: Author, registered: Author) -> str:
    """ "same", "given" (family equal, first initial differs), "close", "different" or
    "unknown" (scripts differ, or a consortium against a person)."""
    if printed.collective or registered.collective:
        if printed.collective != registered.collective:
            return "unknown"
        a, b = normalise_title(printed.family), normalise_title(registered.family)
        return "same" if a == b or fuzz.ratio(a, b) >= TYPO_RATIO else "different"
    if printed.family.casefold() == registered.family.casefold():
        pi, ri = first_initial(printed.given), first_initial(registered.given)
        return "given" if pi and ri and pi != ri and not has_cjk(printed.family) else "same"
    if has_cjk(printed.family + printed.given) != has_cjk(registered.family + registered.given):
        return "unknown"
    pk, rk = name_keys(printed.family), name_keys(registered.family)
    if not pk or not rk:
        return "unknown"
    if pk & rk:
        pi, ri = first_initial(printed.given), first_initial(registered.given)
        return "given" if pi and ri and pi != ri and not has_cjk(printed.family) else "same"
    # family and given swapped (frequent with East Asian names), or a Vancouver name
    # read the wrong way round ("Gorgels TGMF" as family "TGMF", given "Gorgels")
    if registered.given and pk & name_keys(registered.given):
        return "same"
    if re.fullmatch(r"[A-Z]{1,4}", printed.family) and name_keys(printed.given) & rk:
        return "same"
    best = max(fuzz.ratio(a, b) for a in pk for b in rk)
    return "close" if best >= NAME_CLOSE_RATIO else "different"


class AuthorPositions:
    """Where a family name stands in a registered author list; built on first use (most
    references never need it)."""

    def __init__(self, authors: Sequence[Author]) -> None:
        self._authors = authors
        self._index: dict[str, int] | None = None

    def of(self, family: str) -> int | None:
        if self._index is None:
            self._index = {}
            for i, a in enumerate(self._authors):
                for k in name_keys(a.family):
                    self._index.setdefault(k, i)
        return next((self._index[k] for k in name_keys(family) if k in self._index), None)


def _name(a: Author) -> str:
    return f"{a.family} {a.given}".strip()


def _keep_case(printed: str, new: str) -> str:
    return new.upper() if printed.isupper() and len(printed) > 1 else new


_TRAILING_INITIALS = re.compile(
    r"^(?P<family>.*?[^\W\d_]{2,}[^\s]*)(?P<initials>(?:\s+[A-Z]\.?){1,4})$"
)
# "Brighton TA": a Vancouver initials block left after a mixed-case family name
_TRAILING_BLOCK = re.compile(
    r"^(?P<family>[^\W\d_]*[a-z][^\s]*(?:\s+[^\s]*[a-z][^\s]*)*)(?P<initials>\s+[A-Z]{1,3})$"
)


def _printed_author(a: Author) -> Author:
    """A printed name with initials left in the family name moved to the given name:
    GB/T 7714 prints "LIU W J", which a reader may split as family "LIU W", given "J"."""
    if a.collective:
        return a
    m = _TRAILING_INITIALS.match(a.family) or _TRAILING_BLOCK.match(a.family)
    if not m:
        return a
    initials = "".join(m.group("initials").split()).replace(".", "")
    return Author(m.group("family"), f"{initials} {a.given}".strip())


def _printed_authors(ref: Reference) -> Reference:
    authors = tuple(_printed_author(a) for a in ref.authors)
    return ref if authors == ref.authors else dataclasses.replace(ref, authors=authors)


_INITIALS_CHUNK = re.compile(
    r"(?:,?\s*)((?:[A-Z][a-z]?\.\s?-?){1,4}(?<!\s)|[A-Z]{1,4}(?:\s[A-Z]){0,3})(?![A-Za-z])"
)


def _name_span(raw: str, family: str, start: int = 0) -> tuple[int, int, str] | None:
    """Where a printed author stands in the raw string, family name first: (start, end,
    the printed initials or given part) — or None when not found."""
    m = flex_pattern(family).search(raw, start)
    if not m:
        return None
    g = _INITIALS_CHUNK.match(raw, m.end())
    given = g.group(1).rstrip() if g and g.group(1).strip() else ""
    end = m.end() + (len(g.group(0).rstrip()) if given and g else 0)
    return m.start(), end, given


def _initials_like(printed: str, given: str) -> str:
    """The registered given name written like the printed one: "R. L.", "RL", "R L"
    or the full given name."""
    letters = [w[0].upper() for w in re.split(r"[\s.\-]+", given) if w and w[0].isalpha()]
    if not printed or not letters:
        return given
    if not re.fullmatch(r"(?:[A-Z][a-z]?\.?[\s-]?)+", printed.strip()):
        return given  # a full given name
    dotted = "." in printed
    spaced = bool(re.search(r"[A-Z]\.?\s+[A-Z]", printed))
    sep = " " if spaced else ""
    return sep.join(f"{c}." if dotted else c for c in letters)


def _rename_fix(ref: Reference, printed: Author, registered: Author) -> str | None:
    """``ref.raw`` with one printed author replaced by the registered name, in the
    printed form (family first, initials or given name as printed)."""
    span = _name_span(ref.raw, printed.family)
    if span is None or registered.collective:
        return None
    start, end, given = span
    family = _keep_case(printed.family, registered.family)
    new = family
    if given:
        new += ref.raw[start + len(printed.family) : end - len(given)] + _initials_like(
            given, registered.given
        )
    return ref.raw[:start] + new + ref.raw[end:]


def _reorder_fix(ref: Reference, rec: Record) -> str | None:
    """``ref.raw`` with the printed authors put in the registered order, when the printed
    authors are the registered first ones in another order."""
    n = len(ref.authors)
    if n < 2 or n > len(rec.authors):
        return None
    spans: list[tuple[int, int]] = []
    pos = 0
    for a in ref.authors:
        span = _name_span(ref.raw, a.family, pos)
        if span is None:
            return None
        spans.append(span[:2])
        pos = span[1]
    texts = [ref.raw[a:b] for a, b in spans]
    order: list[int] = []
    for want in rec.authors[:n]:
        keys = name_keys(want.family)
        i = next(
            (j for j, a in enumerate(ref.authors) if j not in order and name_keys(a.family) & keys),
            None,
        )
        if i is None:
            return None
        order.append(i)
    if order == list(range(n)):
        return None
    out = ref.raw
    for (start, end), i in reversed(list(zip(spans, order, strict=True))):
        out = out[:start] + texts[i] + out[end:]
    return out


def _best_author_record(ref: Reference, recs: list[Record]) -> Record | None:
    with_authors = [r for r in recs if r.authors]
    if not with_authors:
        return None
    for rec in with_authors:
        if person_verdict(ref.authors[0], rec.authors[0]) in ("same", "unknown"):
            return rec
    return with_authors[0]


def _printed_first(view: Printed, rec: Record) -> bool:
    """The registered first author is printed first (with the right initial)."""
    at = view.author_at(rec.authors[0])
    if at is None:
        return False
    return all(
        other is None or other > at for other in (view.author_at(a) for a in rec.authors[1:4])
    )


def _first_author_finding(
    ref: Reference, rec: Record, positions: AuthorPositions, view: Printed
) -> Finding | None:
    printed, registered = ref.authors[0], rec.authors[0]
    verdict = person_verdict(printed, registered)
    if verdict in ("same", "unknown") or _printed_first(view, rec):
        return None
    src = rec.source
    pos = positions.of(printed.family) if verdict == "different" else None
    if verdict == "different" and pos is not None:
        code = "author-order"
        message = msg(
            "author-order.first",
            "The printed first author {printed} is author {position} in {registry:registry}'s "
            "record, whose first author is {registered}.",
            printed=printed.family,
            position=pos + 1,
            registry=src,
            registered=_name(registered),
        )
        fix = _reorder_fix(ref, rec)
    else:
        code, message = _first_author_problem(printed, registered, verdict, src)
        fix = _rename_fix(ref, printed, registered)
    return reference_finding(
        code,
        ref,
        "authors",
        message,
        found=_name(printed),
        expected=_name(registered),
        source=src,
        fix=fix,
    )


def _first_author_problem(
    printed: Author, registered: Author, verdict: str, registry: str
) -> tuple[str, Message]:
    """(code, message) for a printed first author who is not the registered one: a
    different given name or initial ("given"), a misspelling ("close"), another person."""
    if verdict == "given":
        return "author-spelling", msg(
            "author-spelling.given",
            "The first author's given name or initial {printed!r} does not match "
            "{registry:registry}'s {registered!r}.",
            printed=printed.given,
            registry=registry,
            registered=registered.given,
        )
    if verdict == "close":
        return "author-spelling", msg(
            "author-spelling.first",
            "The first author is printed {printed!r}; {registry:registry} spells it "
            "{registered!r}.",
            printed=printed.family,
            registry=registry,
            registered=registered.family,
        )
    return "author-mismatch", msg(
        "author-mismatch.first",
        "The printed first author {printed} is not {registry:registry}'s first author "
        "{registered} and is not among its authors.",
        printed=printed.family,
        registry=registry,
        registered=_name(registered),
    )


def _coauthor_findings(
    ref: Reference, rec: Record, positions: AuthorPositions, order_reported: bool, view: Printed
) -> list[Finding]:
    spelled: list[str] = []
    moved = order_reported
    out: list[Finding] = []
    fixed: Reference | None = ref
    for i, printed in enumerate(ref.authors[1 : len(rec.authors)], start=1):
        verdict = person_verdict(printed, rec.authors[i])
        if verdict in ("same", "unknown", "given"):
            continue
        if positions.of(printed.family) is None and view.author_at(rec.authors[i]) is not None:
            continue  # the registered name is printed: the parse split the names wrongly
        if verdict == "close":
            spelled.append(misspelt(printed.family, rec.authors[i].family))
            new = _rename_fix(fixed, printed, rec.authors[i]) if fixed else None
            fixed = dataclasses.replace(fixed, raw=new) if fixed and new else None
        elif positions.of(printed.family) is not None:
            if not moved:
                moved = True
                out.append(
                    reference_finding(
                        "author-order",
                        ref,
                        "authors",
                        msg(
                            "author-order.coauthor",
                            "The printed authors are in another order than in "
                            "{registry:registry}'s record (author {position} is printed "
                            "{printed}, registered {registered}).",
                            registry=rec.source,
                            position=i + 1,
                            printed=printed.family,
                            registered=rec.authors[i].family,
                        ),
                        found=", ".join(a.family for a in ref.authors),
                        expected=", ".join(a.family for a in rec.authors),
                        source=rec.source,
                        fix=_reorder_fix(ref, rec),
                    )
                )
        else:
            spelled.append(misspelt(printed.family, rec.authors[i].family, other=True))
            new = _rename_fix(fixed, printed, rec.authors[i]) if fixed else None
            fixed = dataclasses.replace(fixed, raw=new) if fixed and new else None
    if spelled:
        out.append(
            reference_finding(
                "author-spelling",
                ref,
                "authors",
                msg(
                    "author-spelling.names",
                    "Author names differ from {registry:registry}'s record: {names:names}.",
                    registry=rec.source,
                    names="; ".join(spelled),
                ),
                found=", ".join(a.family for a in ref.authors),
                expected=", ".join(a.family for a in rec.authors),
                source=rec.source,
                fix=fixed.raw if fixed is not None and fixed.raw != ref.raw else None,
            )
        )
    return out


def _author_count_finding(ref: Reference, rec: Record, view: Printed) -> Finding | None:
    n, m = len(ref.authors), len(rec.authors)
    if ref.et_al or n == m:
        return None
    if n < m and all(view.author_at(a) is not None for a in rec.authors):
        return None  # every registered author is printed: the parse missed some names
    if any(ch in a.given for a in ref.authors for ch in ",;"):
        return None  # the printed list was not split into names: its count is unknown
    if rec.source == "pubmed" and n > m:
        return None  # older MEDLINE records cap the author list
    return reference_finding(
        "author-count",
        ref,
        "authors",
        msg_n(
            "author-count.listed",
            "The reference prints {n} author without “et al.”, but {registry:registry} "
            "lists {listed}.",
            "The reference prints {n} authors without “et al.”, but {registry:registry} "
            "lists {listed}.",
            n,
            registry=rec.source,
            listed=m,
        ),
        found=str(n),
        expected=str(m),
        source=rec.source,
    )


def author_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed authors against the record whose first author they fit best."""
    if not ref.authors or not ref.authors[0].family:
        return []
    ref = _printed_authors(ref)
    rec = _best_author_record(ref, recs)
    if rec is None:
        return []
    positions = AuthorPositions(rec.authors)
    view = printed_view(ref, tuple(recs))
    out: list[Finding] = []
    first = _first_author_finding(ref, rec, positions, view)
    if first is not None:
        out.append(first)
    if first is None or first.code != "author-mismatch":
        order_done = first is not None and first.code == "author-order"
        out.extend(_coauthor_findings(ref, rec, positions, order_done, view))
    count = _author_count_finding(ref, rec, view)
    if count is not None:
        out.append(count)
    return out
