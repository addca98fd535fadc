"""The reference list as a whole: the same work listed twice, gaps and repeats in the
numbering, citation markers that point nowhere and references never cited."""

from __future__ import annotations

import re
from collections.abc import Sequence

from asrefs.checks.findings import reference_finding
from asrefs.checks.thresholds import MIN_DUPLICATE_TITLE
from asrefs.codes import Message, make_finding, msg, msg_n
from asrefs.models import Finding, Marker, Reference, ReferenceResult
from asrefs.text import normalise_title


def _duplicate_keys(result: ReferenceResult) -> list[tuple[str, str]]:
    ref = result.reference
    keys: list[tuple[str, str]] = []
    dois = {d.lower() for d in [ref.doi, *(r.doi for r in result.records.values())] if d}
    pmids = {p for p in [ref.pmid, *(r.pmid for r in result.records.values())] if p}
    keys += [("DOI", d) for d in sorted(dois)]
    keys += [("PMID", p) for p in sorted(pmids)]
    if ref.title:
        title = normalise_title(ref.title)
        if len(title) >= MIN_DUPLICATE_TITLE:
            keys.append(("title and year", f"{title.replace(' ', '')}|{ref.year}"))
    return keys


def _duplicates(results: list[ReferenceResult]) -> list[Finding]:
    first: dict[tuple[str, str], Reference] = {}
    out: list[Finding] = []
    for result in results:
        ref = result.reference
        hit: tuple[tuple[str, str], Reference] | None = None
        for key in _duplicate_keys(result):
            earlier = first.get(key)
            if earlier is not None and earlier.index != ref.index and hit is None:
                hit = (key, earlier)
            first.setdefault(key, ref)
        if hit is not None:
            (what, value), earlier = hit
            shown = value.split("|")[-1] if what == "title and year" else value
            label = re.sub(r"^\W+|\W+$", "", earlier.label or "") or str(earlier.index)
            out.append(
                reference_finding(
                    "duplicate-reference",
                    ref,
                    None,
                    msg(
                        "duplicate-reference.title",
                        "This reference cites the same work as reference {label} (same title "
                        "and year); merge them and renumber the citations.",
                        label=label,
                    )
                    if what == "title and year"
                    else msg(
                        "duplicate-reference.identifier",
                        "This reference cites the same work as reference {label} (same "
                        "{what:field} {value}); merge them and renumber the citations.",
                        label=label,
                        what=what,
                        value=shown,
                    ),
                    found=ref.raw,
                    expected=f"reference {label}",
                )
            )
    return out


def _number(ref: Reference) -> int | None:
    if not ref.numbered or ref.label is None:
        return None
    m = re.fullmatch(r"\D*?(\d{1,5})\D*", ref.label.strip())
    return int(m.group(1)) if m else None


def _numbering(results: list[ReferenceResult]) -> list[Finding]:
    numbered = [(n, r.reference) for r in results if (n := _number(r.reference)) is not None]
    if not numbered:
        return []
    out: list[Finding] = []
    seen: dict[int, Reference] = {}
    for n, ref in numbered:
        if n in seen:
            out.append(
                reference_finding(
                    "numbering-repeat",
                    ref,
                    None,
                    msg(
                        "numbering-repeat.line",
                        "Number {number} is used twice in the list (also at line {line}); "
                        "renumber the list.",
                        number=n,
                        line=seen[n].line,
                    ),
                    found=str(n),
                )
            )
        else:
            seen[n] = ref
    top = max(seen)
    if top > 2 * len(seen) + 20:
        return out  # labels are not a running number (years, page numbers…)
    missing = [n for n in range(1, top + 1) if n not in seen]
    runs: list[list[int]] = []
    for n in missing:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        after = seen[run[-1] + 1]
        span = str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"
        out.append(
            reference_finding(
                "numbering-gap",
                after,
                None,
                msg_n(
                    "numbering-gap.before",
                    "Number {span} is missing from the numbered list (before reference {before}).",
                    "Numbers {span} are missing from the numbered list (before reference "
                    "{before}).",
                    len(run),
                    span=span,
                    before=run[-1] + 1,
                ),
                found=str(run[-1] + 1),
                expected=span,
            )
        )
    return out


def _repeated(refs: Sequence[Reference]) -> dict[int, Reference]:
    """The references whose key an earlier one has (BibTeX keys ignore case), each with
    that earlier reference."""
    first: dict[str, Reference] = {}
    out: dict[int, Reference] = {}
    for ref in refs:
        if ref.key:
            earlier = first.setdefault(ref.key.lower(), ref)
            if earlier is not ref:
                out[ref.index] = earlier
    return out


def _repeated_keys(results: list[ReferenceResult]) -> list[Finding]:
    refs = [r.reference for r in results]
    repeated = _repeated(refs)
    return [
        reference_finding(
            "duplicate-key",
            ref,
            None,
            msg(
                "duplicate-key.line",
                "The key {key} is also the key of the entry at line {line}; LaTeX uses one of "
                "them for every citation: give this entry another key, or remove it.",
                key=ref.key,
                line=earlier.line,
            ),
            found=ref.key,
        )
        for ref in refs
        if (earlier := repeated.get(ref.index)) is not None
    ]


def compare_list(results: list[ReferenceResult]) -> list[Finding]:
    """List-level findings: duplicate entries and keys, gaps and repeats in the numbering."""
    return _duplicates(results) + _repeated_keys(results) + _numbering(results)


def _dangling(marker: Marker, cited: Message) -> Finding:
    return make_finding(
        "dangling-marker",
        ref=None,
        field="marker",
        found=marker.text,
        expected=None,
        source=None,
        message=cited.using(marker=marker.text, **dict(cited.params)),
        line=marker.line,
    )


def check_markers(markers: Sequence[Marker], refs: Sequence[Reference]) -> list[Finding]:
    """Citation markers citing a reference the list lacks, and references no marker cites
    (only when some marker cites an entry of the list: a file with no body, such as a RIS
    or CSL-JSON export, has no markers, and a text whose citations are not understood —
    MLA's (Author, "Title"), a stray "(Lesueur 1818)" in a cited title — cites none, so
    none of its references is "uncited")."""
    known = {r.index for r in refs}
    findings = []
    cited: set[int] = set()
    for m in markers:
        findings.extend(_missing_keys(m))
        for n in m.refs:
            cited.add(n)
            if n not in known:
                findings.append(
                    _dangling(
                        m,
                        msg(
                            "dangling-marker.reference",
                            "the marker {marker} cites reference {ref}, which the list does not "
                            "have",
                            ref=n,
                        ),
                    )
                )
    if cited & known:
        repeated = _repeated(refs)  # their finding is duplicate-key
        for r in refs:
            if r.index not in cited and r.index not in repeated:
                findings.append(
                    reference_finding(
                        "uncited-reference",
                        r,
                        "marker",
                        msg(
                            "uncited-reference.never",
                            "reference {ref} is never cited in the text",
                            ref=r.key or r.index,
                        ),
                    )
                )
    return findings


def _missing_keys(marker: Marker) -> list[Finding]:
    """A marker naming keys no reference has (a LaTeX key, a JATS rid): one finding each."""
    return [
        _dangling(
            marker,
            msg(
                "dangling-marker.key",
                "the marker {marker} cites the key {key!r}, which the list does not have",
                key=key,
            ),
        )
        for key in marker.missing
    ]
