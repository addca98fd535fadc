"""What each command does with the library: options in, library call, output written,
exit status out. No checking logic lives here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from asrefs import api
from asrefs.cli import output
from asrefs.cli.output import log, write_output
from asrefs.cli.progress import ProgressDisplay, wants_progress
from asrefs.config import Options, load_options
from asrefs.errors import InputError, UsageError
from asrefs.formats import FORMAT_NAMES, RenderContext, renderer, stream_renderer
from asrefs.i18n import count
from asrefs.models import Article, Report


def report_lang(options: Options) -> str:
    """--lang, ASREFS_LANG or the configuration's lang; else the user's locale."""
    if options.lang:
        return options.lang
    from asrefs.i18n import default_lang

    return default_lang()


NO_LIST = (
    "no reference list found (asrefs looks for a heading such as References, Bibliography "
    "or 参考文献 followed by the entries)"
)


class NoReferenceList(InputError):
    """A file that reads as text but holds no reference list: nothing in it to check."""


def article_with_list(path: str, options: Options | None = None) -> Article:
    """The parsed article (with the .bib files ``options.bib``, entries parsed before
    read from its cache folder); raises NoReferenceList when it has no reference list."""
    article = api.parse_article(path, options.bib if options else (), options=options)
    if not article.references:
        raise NoReferenceList(f"{path}: {NO_LIST}")
    return article


def read_articles(
    paths: Sequence[str], options: Options, *, batch: bool
) -> tuple[list[Article], bool]:
    """The articles to check, and whether some file could not be read.

    One named file must be an article: a file that cannot be read, or that has no
    reference list, is an error (exit 2). In a batch (a folder, a glob, several files, a
    pre-commit hook) a file that cannot be read is reported and the others are still
    checked, as ruff does; a file without a reference list is not an article and is
    skipped with a note; files matching ``exclude`` are skipped."""
    from fnmatch import fnmatch

    articles: list[Article] = []
    failed = False
    for path in paths:
        if batch and any(fnmatch(path, glob) for glob in options.exclude):
            continue
        try:
            articles.append(article_with_list(path, options))
        except NoReferenceList:
            if not batch:
                raise
            log.info("skipped %s: %s", path, NO_LIST)
        except InputError as exc:
            if not batch:
                raise
            log.error("%s", exc)
            failed = True
    return articles, failed


def checked_reports(
    articles: Sequence[Article], options: Options, *, quiet: bool = False
) -> list[Report]:
    """The articles checked, with a progress display on a terminal for long runs and a
    note on what is waited for when registries are slow."""
    with output.waiting_notices(not quiet):
        if wants_progress(sum(len(a.references) for a in articles), quiet):
            with ProgressDisplay(report_lang(options)) as display:
                return api.check(articles, options, progress=display)
        return api.check(articles, options)


def verify_command(
    paths: Sequence[str],
    cli: dict[str, Any],
    *,
    fmt: str | None,
    out: str | None,
    quiet: bool,
    batch: bool = False,
) -> int:
    from asrefs.pipeline import exit_code, stale_accepted

    options = load_options(cli)
    name = fmt or options.format or "text"
    if name not in FORMAT_NAMES:
        raise UsageError(f"unknown report format {name!r} (one of {', '.join(FORMAT_NAMES)})")
    lang = report_lang(options)
    articles, failed = read_articles(paths, options, batch=batch)
    if not articles:
        if not failed:
            log.info("nothing to check: none of the files has a reference list")
        return 2 if failed else 0
    reports = checked_reports(articles, options, quiet=quiet)
    code = exit_code(reports, options.fail_on)
    notes = tuple(stale_accepted(reports, options))
    color = out is None and name == "text" and output.stdout_is_tty() and not output.no_color()
    ctx = RenderContext(color=color, quiet=quiet, lang=lang, exit_code=code, notes=notes)
    streamer = stream_renderer(name)
    if streamer is not None:
        write_output(lambda write: streamer(reports, ctx, write), out, paths)
    else:
        write_output(renderer(name)(reports, ctx), out, paths)
    for note in notes:
        log.warning(note)
    return 2 if failed else code


def bib_command(
    path: str, cli: dict[str, Any], *, fmt: str | None, out: str | None, ascii_only: bool
) -> int:
    """Write the bibliography; exit 3 (saying how many, on standard error) when some
    entries could not be verified because a registry could not be asked: they are
    written as the article prints them, and the file is written all the same."""
    options = load_options(cli)
    name = fmt or options.bib_format or "bibtex"
    [report] = api.check([article_with_list(path, options)], options)
    write_output(api.bibliography(report, options, name, ascii_only=ascii_only), out, [path])
    unchecked = [r for r in report.results if not r.records and r.unchecked]
    if not unchecked:
        return 0
    why = sorted({problem.value for r in unchecked for _, problem in r.unchecked})
    log.warning(
        "%s could not be verified against a registry (%s); written as the article prints them",
        count("en", len(unchecked), "entries"),
        ", ".join(why),
    )
    return 3


def parse_command(path: str, *, fmt: str, out: str | None) -> int:
    article = article_with_list(path)
    write_output(_parse_json(article) if fmt == "json" else _parse_text(article), out, [path])
    return 0


def _parse_json(article: Article) -> str:
    from asrefs.formats.json_report import dumps, reference_dict

    return dumps(
        {
            "schema": "asrefs.parse/1",
            "article": article.path,
            "references": [reference_dict(r) for r in article.references],
        }
    )


def _parse_text(article: Article) -> str:
    lines = []
    for r in article.references:
        lines.append(f"[{r.index}] line {r.line}  style: {r.style or '?'}")
        for key, value in r.parsed_json().items():
            if value in (None, [], False) or key == "style":
                continue
            if key == "authors":
                value = "; ".join(f"{a['family']}, {a['given'] or ''}".rstrip(", ") for a in value)
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            lines.append(f"    {key:<15} {value}")
        for kind in ("doi", "pmid", "pmcid", "arxiv"):
            if getattr(r, kind):
                lines.append(f"    {kind:<15} {getattr(r, kind)}")
    return "\n".join(lines) + "\n"


def resolve_command(
    ids: Sequence[str], cli: dict[str, Any], *, fmt: str | None, out: str | None
) -> int:
    from asrefs.export import FORMATS

    options = load_options(cli)
    refs = api.identifier_references(ids)
    try:
        records, code, missing = api.resolve_ids(ids, options), 0, set()
    except api.UnresolvedError as exc:
        records, code, missing = exc.records, exc.exit_code, set(exc.problems)
        for key, problem in exc.problems.items():
            detail = exc.details.get(key)
            log.error("%s: %s%s", key, problem.value, f" ({detail})" if detail else "")
    found = [ref for ref in refs if ref.raw not in missing]
    if records:
        name = fmt or options.bib_format or "bibtex"
        write_output(FORMATS[name](list(zip(found, records, strict=True))), out, [])
    return code
