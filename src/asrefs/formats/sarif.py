"""SARIF 2.1.0 for code scanning (GitHub's upload-sarif and any other SARIF consumer).

One run; ``tool.driver.rules`` holds one rule per finding code (codes.CODES), in the
codes' order; each finding is a result anchored at the article's file (relative to the
working directory, as code scanning expects paths relative to the checkout) and line.

``partialFingerprints["asrefsFinding/v1"]`` lets code scanning follow an alert across
edits: it hashes the code, what the finding is about (the reference's DOI, else its
PMID, PMCID or normalised title; for a finding about the list or the text, the value it
found) and the field, never the line number or the reference's number, so adding a
paragraph or a reference above does not open a new alert. Findings that share all of
that are told apart by their order (":1", ":2", as GitHub does for its own hashes).

Accepted findings stay in the log with an external suppression carrying the reason;
what could not be checked (a registry unavailable, not in the cache offline) is a tool
execution notification, not a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from asrefs import __version__
from asrefs.codes import CODES
from asrefs.formats import FindingFiles, RenderContext
from asrefs.i18n import REGISTRY_NAMES, message_line, normalise_lang, t
from asrefs.models import Finding, Reference, Report
from asrefs.text import normalise_title

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/asrefs/"
FINGERPRINT = "asrefsFinding/v1"
SRCROOT = "%SRCROOT%"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_TAG = {"reference": "reference-entry", "list": "reference-list", "text": "article-text"}


def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def rules() -> list[dict[str, Any]]:
    """One reporting descriptor per finding code."""
    out = []
    for spec in CODES.values():
        meaning = spec.meaning[:1].upper() + spec.meaning[1:]
        out.append(
            {
                "id": spec.code,
                "name": _rule_name(spec.code),
                "shortDescription": {"text": meaning},
                "fullDescription": {
                    "text": f"{meaning}. Origin: {spec.origin.value}; default severity: "
                    f"{spec.severity.value}."
                },
                "help": {
                    "text": f"{meaning}. To accept a finding that is not an error in the "
                    f'article, add [[accept]] with code = "{spec.code}", the doi, pmid or '
                    "pmcid and a reason to asrefs.toml (asrefs baseline writes them).",
                },
                "defaultConfiguration": {"level": LEVEL[spec.severity.value]},
                "properties": {"tags": ["references", _TAG[spec.origin.value]]},
            }
        )
    return out


def artifact_uri(path: str, cwd: Path | None = None) -> tuple[str, bool]:
    """The article's URI and whether it is relative to %SRCROOT% (the working folder).

    A path under the working folder becomes a relative, percent-encoded, '/'-separated
    URI; any other path an absolute file URI.
    """
    base = (cwd or Path.cwd()).resolve()
    candidate = Path(path)
    if path.startswith("<") or not path:
        return quote(path, safe=""), True
    full = candidate if candidate.is_absolute() else base / candidate
    try:
        rel = Path(os.path.normpath(full)).relative_to(base)
    except ValueError:
        return Path(os.path.normpath(full)).as_uri(), False
    return quote(rel.as_posix(), safe="/"), True


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _subject(f: Finding, refs: dict[int, Reference]) -> str:
    """What a finding is about, independent of line and reference numbers."""
    ref = refs.get(f.ref) if f.ref is not None else None
    if ref is not None:
        if ref.doi:
            return "doi:" + ref.doi.lower()
        if ref.pmid:
            return "pmid:" + ref.pmid
        if ref.pmcid:
            return "pmcid:" + ref.pmcid.upper()
        if ref.title:
            return "title:" + normalise_title(ref.title)
        return "raw:" + _norm(ref.raw)
    return "value:" + _norm(f.found or "")


def fingerprints(report: Report) -> list[str]:
    """The partial fingerprint of each of the report's findings, in order."""
    refs = {r.reference.index: r.reference for r in report.results}
    seen: dict[str, int] = {}
    out = []
    for f in report.findings:
        key = "\x1f".join((f.code, _subject(f, refs), f.field or ""))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def _location(uri: str, relative: bool, line: int) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line >= 1:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _message(f: Finding, lang: str) -> str:
    text = message_line(f, lang)
    sep = "：" if lang == "zh" else ": "
    if f.found is not None or f.expected is not None:
        text += f"\n{t(lang, 'label.article').capitalize()}{sep}"
        text += f.found if f.found is not None else "—"
        text += f"\n{t(lang, 'label.registry').capitalize()}{sep}"
        text += f.expected if f.expected is not None else "—"
    if f.fix:
        text += f"\n{t(lang, 'label.fix').capitalize()}{sep}{f.fix}"
    return text


def _result(
    f: Finding, rule_index: dict[str, int], location: dict[str, Any], fingerprint: str, lang: str
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVEL[f.severity.value],
        "message": {"text": _message(f, lang)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {
            "ref": f.ref,
            "field": f.field,
            "origin": f.origin.value,
            "found": f.found,
            "expected": f.expected,
            "source": f.source,
            "fix": f.fix,
            "message_id": f.message_id,
            "params": dict(f.params),
        },
    }
    if f.code in rule_index:
        result["ruleIndex"] = rule_index[f.code]
    if f.accepted is not None:
        result["suppressions"] = [{"kind": "external", "justification": f.accepted}]
    return result


def _notifications(
    report: Report, uri: str, relative: bool, cwd: Path | None
) -> list[dict[str, Any]]:
    """What could not be checked (``ReferenceResult.unchecked``): a reference no registry
    could be asked about, or a printed identifier one registry could not be asked about
    while another registry's record verified the reference."""
    out = []
    for result in report.results:
        ref = result.reference
        for source, problem in result.unchecked:
            if result.status == "unresolved":
                text = f"reference {ref.index} could not be checked: {problem.value}"
            else:
                text = (
                    f"reference {ref.index} is {result.status} against "
                    f"{_names(result.records)}; {REGISTRY_NAMES.get(source, source)} could "
                    f"not be asked: {problem.value}"
                )
            out.append(
                {
                    "level": "warning",
                    "descriptor": {"id": problem.value},
                    "message": {"text": text},
                    "locations": [
                        _location(*artifact_uri(ref.source, cwd), ref.line)
                        if ref.source
                        else _location(uri, relative, ref.line)
                    ],
                }
            )
    return out


def _names(records: Mapping[str, object]) -> str:
    return " and ".join(REGISTRY_NAMES.get(name, name) for name in records)


def sarif_log(reports: Sequence[Report], ctx: RenderContext) -> dict[str, Any]:
    cwd = Path(ctx.cwd) if ctx.cwd else None
    lang = normalise_lang(ctx.lang)
    rule_list = rules()
    rule_index = {rule["id"]: i for i, rule in enumerate(rule_list)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        uri, relative = artifact_uri(report.article, cwd)
        files = FindingFiles(report)
        for f, fingerprint in zip(report.findings, fingerprints(report), strict=True):
            where = artifact_uri(files(f), cwd) if files.other(f) else (uri, relative)
            location = _location(*where, f.line)
            results.append(_result(f, rule_index, location, fingerprint, lang))
        notifications += _notifications(report, uri, relative, cwd)
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": ctx.exit_code}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "asrefs",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rule_list,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    return json.dumps(sarif_log(reports, ctx), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
