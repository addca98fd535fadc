"""What a project says about findings: the findings it has accepted (``[[accept]]``) and
the severity it gives a code (``[severity]``, ``--ignore``).

The configuration's entries are read here (each code checked against the catalogue in
:mod:`asrefs.codes`) and applied to an article's findings in one place, :func:`apply`,
so that the exit status, the summary and every report format see the same findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from asrefs.codes import CODES
from asrefs.models import Finding, ReferenceResult, Report, Severity
from asrefs.text import normalise_title

IGNORE = "ignore"
LEVELS = (*(s.value for s in Severity), IGNORE)
# What an accepted finding is matched by: an identifier of the work, or a stable key for a
# reference without one (its printed title) or a finding about no reference (its marker).
KEYS = ("doi", "pmid", "pmcid", "title", "marker")


@dataclass(frozen=True)
class Accepted:
    """A finding the project has accepted: matched by code and by an identifier of the
    work (the printed one or one of the record it resolved to), never by reference number
    (numbers shift when references are added). A reference without identifiers is matched
    by its printed title, a finding about no reference by its marker; ``article`` (a path
    relative to the configuration file's folder) limits the entry to one article."""

    code: str
    reason: str
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    title: str | None = None
    marker: str | None = None
    article: str | None = None

    @property
    def key(self) -> str:
        """What the entry names, as a person reads it: the DOI or PMCID itself,
        "PMID 123", "title …", "marker [9]"."""
        kind = next((k for k in KEYS if getattr(self, k)), "doi")
        value = str(getattr(self, kind))
        return {"doi": value, "pmcid": value, "pmid": f"PMID {value}"}.get(kind, f"{kind} {value}")


@dataclass(frozen=True)
class Policy:
    """The accepted findings, the severity overrides (code -> level or "ignore") and the
    folder that an entry's ``article`` is relative to."""

    accepted: tuple[Accepted, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    base: Path = field(default_factory=Path.cwd)


def unknown_code(code: str) -> str:
    """The message for a code not in the catalogue, with the closest code if one is near."""
    close = difflib.get_close_matches(code, list(CODES), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown finding code {code!r}{hint}"


def _code(value: Any) -> str:
    if not isinstance(value, str) or value not in CODES:
        raise ValueError(unknown_code(str(value)))
    return value


# ------------------------------------------------------------ reading the configuration


def accepted_entries(value: Any) -> tuple[Accepted, ...]:
    """The ``[[accept]]`` entries; raises ValueError naming the entry that is wrong."""
    if not isinstance(value, list):
        raise ValueError("accept must be a list of tables ([[accept]])")
    out = []
    for number, item in enumerate(value, 1):
        try:
            out.append(_entry(item))
        except ValueError as exc:
            code = item.get("code") if isinstance(item, dict) else None
            which = f" ({code})" if code in CODES else ""
            raise ValueError(f"entry {number}{which}: {exc}") from exc
    return tuple(out)


def _entry(item: Any) -> Accepted:
    if not isinstance(item, dict):
        raise ValueError("must be a table with code, reason and an identifier")
    unknown = sorted(set(item) - {"code", "reason", "article", *KEYS})
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    if "code" not in item or not item.get("reason"):
        raise ValueError("needs a code and a reason")
    code = _code(item["code"])
    keys = {k: _identifier(k, item[k]) for k in KEYS if item.get(k) not in (None, "")}
    if not keys:
        raise ValueError("needs a doi, pmid or pmcid (or a title, or a marker)")
    article = str(item["article"]) if item.get("article") else None
    return Accepted(code, str(item["reason"]), article=article, **keys)


def _identifier(kind: str, value: Any) -> str:
    """An entry's identifier in the form findings are matched in (DOIs lower-case, doi.org
    URLs and ``doi:`` labels stripped; PMIDs and PMCIDs as the parser writes them)."""
    from asrefs.parse.identifiers import normalize_doi, normalize_pmcid, normalize_pmid

    text = str(value).strip()
    if kind in ("title", "marker"):
        return text
    normal = {"doi": normalize_doi, "pmid": normalize_pmid, "pmcid": normalize_pmcid}[kind]
    found = normal(text if kind != "pmcid" or not text.isdigit() else f"PMC{text}")
    if found is None:
        raise ValueError(f"{text!r} is not a {kind.upper()}")
    return found


def severity_table(value: Any) -> tuple[tuple[str, str], ...]:
    """The ``[severity]`` table: finding code -> error, warning, info or ignore."""
    if not isinstance(value, dict):
        raise ValueError('must be a table of finding codes, such as "title-variant" = "ignore"')
    out = []
    for code, level in value.items():
        _code(code)
        if not isinstance(level, str) or level.lower() not in LEVELS:
            raise ValueError(f"{code}: {level!r} is not one of {', '.join(LEVELS)}")
        out.append((code, level.lower()))
    return tuple(out)


def ignored_codes(value: Any) -> tuple[str, ...]:
    """Codes given to ``--ignore`` (the flag repeated, or codes separated by commas)."""
    items = [value] if isinstance(value, str) else list(value)
    return tuple(_code(c.strip()) for item in items for c in str(item).split(",") if c.strip())


# ------------------------------------------------------------ applying it to findings


def work_keys(result: ReferenceResult | None) -> set[tuple[str, str]]:
    """What an accepted finding about this reference may be matched by: every DOI, PMID
    and PMCID it prints or its records hold, and its printed title (or text)."""
    if result is None:
        return set()
    ref = result.reference
    keys = {("title", normalise_title(ref.title or ref.raw))}
    for holder in (ref, *result.records.values()):
        for kind in ("doi", "pmid", "pmcid"):
            value = getattr(holder, kind)
            if value:
                keys.add((kind, value.lower() if kind == "doi" else value))
    return keys


def matches(acc: Accepted, finding: Finding, keys: set[tuple[str, str]], where: bool) -> bool:
    """Whether the entry accepts the finding (``keys``: :func:`work_keys` of its reference;
    ``where``: whether the finding's article is the entry's, when it names one)."""
    if acc.code != finding.code or not where:
        return False
    if acc.marker is not None and finding.ref is None and finding.found == acc.marker:
        return True
    wanted = {(k, getattr(acc, k)) for k in ("doi", "pmid", "pmcid") if getattr(acc, k)}
    if acc.title:
        wanted.add(("title", normalise_title(acc.title)))
    return bool(wanted & keys)


def in_article(acc: Accepted, article: str, base: Path) -> bool:
    if acc.article is None:
        return True
    return article != "-" and (base / acc.article).resolve() == Path(article).resolve()


def apply(
    findings: Iterable[Finding],
    results: Sequence[ReferenceResult],
    article: str,
    policy: Policy,
) -> tuple[list[Finding], int]:
    """The findings with the project's severities (those set to "ignore" left out) and
    its accepted findings marked with their reason; and how many were ignored."""
    if not policy.accepted and not policy.severity:
        return list(findings), 0
    by_index = {r.reference.index: r for r in results}
    out: list[Finding] = []
    ignored = 0
    for f in findings:
        level = policy.severity.get(f.code)
        if level == IGNORE:
            ignored += 1
            continue
        if level is not None:
            f = replace(f, severity=Severity(level))
        keys = work_keys(by_index.get(f.ref)) if policy.accepted and f.ref is not None else set()
        for acc in policy.accepted:
            if matches(acc, f, keys, in_article(acc, article, policy.base)):
                f = replace(f, accepted=acc.reason)
                break
        out.append(f)
    return out, ignored


def stale(reports: Sequence[Report], policy: Policy) -> list[str]:
    """Accepted findings that no longer occur, so the list does not rot."""
    used: set[int] = set()
    for report in reports:
        by_index = {r.reference.index: r for r in report.results}
        for f in report.findings:
            if f.accepted is None:
                continue
            keys = work_keys(by_index.get(f.ref)) if f.ref is not None else set()
            for number, acc in enumerate(policy.accepted):
                if matches(acc, f, keys, in_article(acc, report.article, policy.base)):
                    used.add(number)
    return [
        f"accepted finding {acc.code} for {acc.key} no longer occurs"
        for number, acc in enumerate(policy.accepted)
        if number not in used
    ]
