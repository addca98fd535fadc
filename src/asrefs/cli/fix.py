"""``asrefs fix``: the article written again with the fixes of its findings made in the
reference list (in a Word file as tracked changes, with a comment per finding); claims in
the text are only commented. The original file is never modified."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asrefs.cli.output import log
from asrefs.cli.run import article_with_list, checked_reports
from asrefs.config import load_options
from asrefs.correct import Correction, Plan, chosen, plan
from asrefs.correct.files import FIXABLE, corrected, fixable
from asrefs.errors import OutputError, UsageError
from asrefs.models import Report
from asrefs.policy import ignored_codes


def default_output(path: str) -> Path:
    """The corrected file's default name: beside the article, ``NAME.corrected.EXT``."""
    source = Path(path)
    return source.with_name(f"{source.stem}.corrected{source.suffix}")


def fix_command(
    path: str, cli: dict[str, Any], *, out: str | None, codes: list[str], force: bool
) -> int:
    """Write the corrected article; 2 usage or input error, 1 a finding at or above
    --fail-on that no fix removed, 3 something could not be checked, else 0."""
    from asrefs.pipeline import could_not_check

    if path == "-" or not fixable(path):
        kinds = ", ".join(sorted(FIXABLE))
        raise UsageError(f"{path}: asrefs fix writes back only files of these kinds: {kinds}")
    target = Path(out) if out else default_output(path)
    _check_target(Path(path), target, force)
    try:
        wanted = set(ignored_codes(codes))
    except ValueError as exc:
        raise UsageError(f"--code: {exc}") from exc
    options = load_options(cli)
    article = article_with_list(path, options)
    [report] = checked_reports([article], options)
    work = plan(report, chosen(report, wanted))
    data, missed = corrected(Path(path).read_bytes(), path, article.encoding, report, work)
    _write(target, data)
    _summary(target, work, missed)
    return _status(report, work, missed, options.fail_on, could_not_check(report))


def _check_target(source: Path, target: Path, force: bool) -> None:
    if target.exists() and target.resolve() == source.resolve():
        raise UsageError(f"{target}: asrefs fix never writes over the article it corrects")
    if target.suffix.lower() != source.suffix.lower():
        raise UsageError(f"{target}: the corrected file has the article's kind ({source.suffix})")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: the folder {target.parent} does not exist")


def _write(target: Path, data: bytes) -> None:
    from asrefs.resolve.cache import atomic_open

    try:
        with atomic_open(target) as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc


def _summary(target: Path, work: Plan, missed: list[Correction]) -> None:
    made = [c for c in work.corrections if c not in missed]
    fixed = sum(len(c.findings) for c in made)
    log.info(
        "%s: %d fix%s made in %d reference%s; %d finding%s noted",
        target,
        fixed,
        "" if fixed == 1 else "es",
        len(made),
        "" if len(made) == 1 else "s",
        len(work.notes),
        "" if len(work.notes) == 1 else "s",
    )
    for c in missed:
        where = f" (printed in {c.reference.source})" if c.reference.source else ""
        log.warning("reference %d%s: its fix could not be placed", c.reference.index, where)
    for f in work.skipped:
        log.warning("reference %s: %s's fix overlaps another; not made", f.ref, f.code)


def _status(
    report: Report, work: Plan, missed: list[Correction], fail_on: str, unchecked: bool
) -> int:
    from asrefs.models import Severity

    made = {id(f) for c in work.corrections if c not in missed for f in c.findings}
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        if any(id(f) not in made and f.severity.rank >= threshold for f in work.notes):
            return 1
    return 3 if unchecked else 0
