"""Building blocks of the reference checks: a finding about a printed reference, the
values the registries hold for a field, the finding that two registries disagree, and
the corrected reference string a fix proposes.

Fix policy: each fixable finding's ``fix`` is the printed reference string with *only
that finding's field* corrected. Findings are accepted one by one (by code), so a fix
must not smuggle in the corrections of other findings the user may have accepted or may
judge differently (a title-typo on a registry-side typo, say); the fix of a finding also
shows exactly what that finding changes. Corrections touch disjoint spans of the raw
string, so a tool can still combine them. A reference whose ``raw`` is markup (a RIS or
JSON entry, ``raw_printed`` False) has no printed string to correct: it gets no fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from asrefs.checks.normalise import DASHES
from asrefs.codes import Message, make_finding, msg
from asrefs.models import Finding, Record, Reference

_IDENTIFIER_SPAN = re.compile(
    r"(?=[hwdpi1])"  # the first letters of the forms below: other positions fail fast
    r"(?:(?:https?://|www\.)\S+|\bdoi:?\s*10\.\S+|\b10\.\d{4,9}/\S+|\bPMID:?\s*\d+"
    r"|\bPMCID:?\s*PMC\d+|\bPMC\d+|\bISSN:?\s*[\dXx-]+)",
    re.I,
)


def identifier_spans(raw: str) -> list[tuple[int, int]]:
    """Where the printed links and identifiers (DOI, PMID, PMCID, ISSN) stand in ``raw``."""
    return [m.span() for m in _IDENTIFIER_SPAN.finditer(raw)]


def registry_name(source: str) -> str:
    """A record source as a message names it: "Crossref", "PubMed"."""
    return {
        "crossref": "Crossref",
        "pubmed": "PubMed",
        "datacite": "DataCite",
        "arxiv": "arXiv",
        "openalex": "OpenAlex",
        "both": "Crossref and PubMed",
    }.get(source, source)


@dataclass(frozen=True)
class Candidate:
    """One registry value of a field: its display form, comparison key and source."""

    value: str
    key: str
    source: str


def candidates(
    recs: Sequence[Record], get: Callable[[Record], str | None], norm: Callable[[str], str]
) -> list[Candidate]:
    """The distinct values the records hold for a field (one registry's, or "both")."""
    out: list[Candidate] = []
    for rec in recs:
        value = get(rec)
        key = norm(value) if value else ""
        if not value or not key:
            continue
        for i, c in enumerate(out):
            if c.key == key:
                out[i] = Candidate(c.value, c.key, "both")
                break
        else:
            out.append(Candidate(value, key, rec.source))
    return out


def reference_finding(
    code: str,
    ref: Reference,
    field: str | None,
    message: Message | str,
    *,
    found: str | None = None,
    expected: str | None = None,
    source: str | None = None,
    fix: str | None = None,
) -> Finding:
    """A finding about the printed reference ``ref``, with the code's severity and origin
    (and ``fix`` only when ``raw`` is printed text)."""
    return make_finding(
        code,
        ref=ref.index,
        field=field,
        found=found,
        expected=expected,
        source=source,
        message=message,
        line=ref.line,
        fix=fix if ref.raw_printed else None,
    )


def disagreement(
    ref: Reference, field: str, printed: str | None, cands: list[Candidate]
) -> list[Finding]:
    """The registry-disagreement finding when the registries hold different values."""
    if len(cands) < 2:
        return []
    values = "; ".join(f"{registry_name(c.source)}: {c.value}" for c in cands)
    return [
        reference_finding(
            "registry-disagreement",
            ref,
            field,
            msg(
                "registry-disagreement.values",
                "Crossref and PubMed hold different values for the {field:field} ({values}); "
                "the reference is checked against both.",
                field=field,
                values=values,
            ),
            found=printed,
            expected=values,
            source="both",
        )
    ]


def flex_pattern(value: str) -> re.Pattern[str]:
    """A pattern finding ``value`` in the raw string: any dash for a dash, any run of
    whitespace for a space, and not inside a longer word or number."""
    parts = []
    for ch in " ".join(value.split()):
        if ch == " ":
            parts.append(r"\s+")
        elif ch in DASHES:
            parts.append(f"\\s*[{DASHES}]\\s*")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if value[:1].isalnum():
        body = r"(?<!\w)" + body
    if value[-1:].isalnum():
        body += r"(?!\w)"
    return re.compile(body, re.I)


def substitute(
    ref: Reference, old: str | None, new: str | None, *, skip_title: bool = True, dash: bool = False
) -> str | None:
    """``ref.raw`` with the first printed occurrence of ``old`` replaced by ``new``,
    never inside a URL/identifier nor (unless correcting the title) inside the title."""
    if not old or not new or old.strip() == new.strip():
        return None
    raw = ref.raw
    spans = identifier_spans(raw)
    if skip_title and ref.title:
        m = flex_pattern(ref.title).search(raw)
        if m:
            spans.append(m.span())
    for m in flex_pattern(old).finditer(raw):
        if any(m.start() < end and start < m.end() for start, end in spans):
            continue
        printed_dash = next((d for d in m.group(0) if d in DASHES), None)
        if dash and printed_dash:  # keep the article's dash in a page range
            new = re.sub(f"[{DASHES}]", printed_dash, new)
        return raw[: m.start()] + new + raw[m.end() :]
    return None
