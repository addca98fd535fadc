"""``asrefs baseline``: accept the findings articles have now, so that a project adopting
asrefs on existing articles fails only on new ones.

Each finding not yet accepted (nor ignored) becomes an ``[[accept]]`` entry: its code, what
identifies the work (the printed DOI, PMID or PMCID, else one its record holds, else the
printed title; for a finding about no reference, its marker and article) and the reason
"baseline YYYY-MM-DD". The entries go to standard output or, with ``--write FILE``, are
appended to FILE (as ``[[tool.asrefs.accept]]`` in a pyproject.toml): every byte the file
held is kept, and a file the entries would not leave valid is not touched.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from asrefs.cli.output import log, write_output
from asrefs.cli.run import checked_reports, read_articles
from asrefs.config import Options, find_config_file, load_options, options_from_file
from asrefs.errors import ConfigError
from asrefs.models import Finding, ReferenceResult, Report

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

Entry = tuple[tuple[str, str], ...]  # (key, value) pairs, in the order they are written
STDIN = "-"  # the path of an article read from standard input


def baseline_command(
    paths: Sequence[str], cli: dict[str, Any], *, write: str | None, batch: bool = False
) -> int:
    """Write the baseline; 2 when an article could not be read, 3 when something could
    not be checked (its findings are not known, so not in the baseline), else 0."""
    from asrefs.pipeline import could_not_check

    options = load_options(cli)
    articles, failed = read_articles(paths, options, batch=batch)
    if not articles:
        if not failed:
            log.info("nothing to check: none of the files has a reference list")
        return 2 if failed else 0
    reports = checked_reports(articles, options)
    target = None if write in (None, "-") else Path(write)
    if target is not None:
        base = target.resolve().parent
    else:
        base = options.config_file.parent if options.config_file else Path.cwd()
    found = entries(reports, base.resolve())
    if not found:
        log.info("nothing to accept: every finding is already accepted or ignored")
    elif target is None:
        write_output(render(found, "accept", reports), None)
    else:
        append(target, found, reports, options, paths)
    unchecked = [r.article for r in reports if could_not_check(r)]
    if unchecked:
        log.warning(
            "%s: some references could not be checked, so their findings are not in the "
            "baseline; run it again when the registries can be reached",
            ", ".join(unchecked),
        )
    return 2 if failed else 3 if unchecked else 0


def entries(reports: Sequence[Report], base: Path) -> list[Entry]:
    """One entry per finding not accepted, without repeats (the same code about the same
    work), in the reports' order."""
    out: dict[Entry, None] = {}
    for report in reports:
        for f in report.findings:
            if f.accepted is None:
                out[entry_of(report, f, base)] = None
    return list(out)


def entry_of(report: Report, f: Finding, base: Path, article: str | None = None) -> Entry:
    """The entry accepting the finding ``f`` of ``report`` (``article``: the article's
    path, when the report names it otherwise)."""
    result = next((r for r in report.results if r.reference.index == f.ref), None)
    key = _key(f, result if f.ref is not None else None)
    entry: Entry = (("code", f.code), key)
    path = article or report.article
    if key[0] == "marker" and path != STDIN:  # a marker: in this article
        relative = Path(os.path.relpath(Path(path).resolve(), base))
        entry += (("article", relative.as_posix()),)
    return entry


def _key(finding: Finding, result: ReferenceResult | None) -> tuple[str, str]:
    """What the entry matches the finding by (see :mod:`asrefs.policy`)."""
    if result is None:
        return ("marker", finding.found or "")
    ref = result.reference
    for holder in (ref, *result.records.values()):
        for kind in ("doi", "pmid", "pmcid"):
            value = getattr(holder, kind)
            if value:
                return (kind, value.lower() if kind == "doi" else value)
    return ("title", ref.title or ref.raw)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, except that TOML also forbids DEL)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def render(
    found: Sequence[Entry], table: str, reports: Sequence[Report], reason: str | None = None
) -> str:
    """The entries as TOML, under a comment saying when and of which articles; their
    reason ``reason``, else "baseline YYYY-MM-DD"."""
    today = datetime.date.today().isoformat()
    names = ["standard input" if r.article == STDIN else r.article for r in reports]
    which = ", ".join(names) if len(names) <= 3 else f"{len(names)} articles"
    lines = [
        f"# asrefs baseline {today} of {which}: the findings then, accepted so that only new",
        "# ones fail (asrefs verify names an entry whose finding no longer occurs: remove it)",
    ]
    if reason is not None:
        lines = [f"# accepted {today} in asrefs serve, reviewing {which}"]
    for entry in found:
        lines += ["", f"[[{table}]]"]
        lines += [f"{key} = {_toml_string(value)}" for key, value in entry]
        lines.append(f"reason = {_toml_string(reason or 'baseline ' + today)}")
    return "\n".join(lines) + "\n"


def append(
    target: Path,
    found: Sequence[Entry],
    reports: Sequence[Report],
    options: Options,
    inputs: Sequence[str],
    reason: str | None = None,
) -> None:
    """Append the entries to ``target`` (created when missing), keeping what it held;
    their reason ``reason`` (default: the baseline's)."""
    hidden = _hides(target, options)
    if hidden is not None:
        raise ConfigError(
            f"{target}: creating it would hide the configuration in {hidden}; write the "
            f"baseline there (--write {hidden})"
        )
    pyproject = target.name == "pyproject.toml"
    old = ""
    if target.exists():
        try:
            old = target.read_text(encoding="utf-8")
            tomllib.loads(old)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read configuration {target}: {exc}") from exc
    block = render(found, "tool.asrefs.accept" if pyproject else "accept", reports, reason)
    new = old + ("\n" if old and not old.endswith("\n") else "") + ("\n" if old else "") + block
    try:
        data = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{target}: the baseline cannot be appended, the file would not be valid TOML "
            f"({exc}); the file is unchanged"
        ) from exc
    options_from_file(target, data["tool"]["asrefs"] if pyproject else data)
    write_output(new, str(target), inputs)
    log.info("%s: %d finding%s accepted", target, len(found), "" if len(found) == 1 else "s")
    read = find_config_file(Path.cwd().resolve())
    if read is None or read[0].resolve() != target.resolve():
        log.warning(
            "%s is not the configuration file asrefs reads here (%s): verify will not see "
            "these entries",
            target,
            read[0] if read else "none",
        )


def _hides(target: Path, options: Options) -> Path | None:
    """The configuration file in use that creating ``target`` would hide from asrefs run
    here (a new asrefs.toml or pyproject.toml nearer than it), or None."""
    current = options.config_file
    if target.exists() or current is None or target.name not in ("asrefs.toml", "pyproject.toml"):
        return None
    cwd = Path.cwd().resolve()
    chain = [cwd, *cwd.parents]
    folder, home = target.resolve().parent, current.resolve().parent
    if folder not in chain or home not in chain:
        return None
    if folder == home and target.name == "pyproject.toml":
        return None  # asrefs.toml, beside it, is read first
    return current if chain.index(folder) <= chain.index(home) else None
