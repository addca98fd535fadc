"""The library API: the one place where the stages are wired together.

    read ─▶ parse ─▶ resolve ─▶ check ─▶ Report ─▶ formats / export

Every function here takes :class:`~asrefs.config.Options` (``Options()`` when omitted:
the real registries, the user cache folder, no configuration file; use
:func:`~asrefs.config.load_options` to read asrefs.toml and the environment as the
command line does) and returns record types from :mod:`asrefs.models`. Nothing here
prints, exits or draws progress: that is the command line's work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from asrefs.config import BIBLIOGRAPHY_FORMATS, Options
from asrefs.errors import RegistryError
from asrefs.models import (
    UNCHECKED,
    Article,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Report,
)

# progress(stage, done, total): stage is "resolve", "check" or a registry's name; total is
# None while unknown. May be called from worker threads.
Progress = Callable[[str, int, "int | None"], None]


class UnresolvedError(RegistryError):
    """Some identifiers given to :func:`resolve_ids` could not be resolved. ``records``
    holds the works that were found; ``problems`` maps each other identifier to why
    (a :class:`~asrefs.models.Problem`); ``exit_code`` is 3 when any of them could not be
    checked (a registry unavailable, or not cached offline), else 1."""

    def __init__(
        self, records: list[Record], problems: dict[str, Problem], details: dict[str, str]
    ) -> None:
        listed = ", ".join(f"{key}: {problem.value}" for key, problem in problems.items())
        super().__init__(f"not resolved: {listed}")
        self.records = records
        self.problems = problems
        self.details = details  # what the registry or the network said, where known
        self.exit_code = 3 if any(p in UNCHECKED for p in problems.values()) else 1


def parse_article(
    path: str | Path, bib: Sequence[str | Path] = (), *, options: Options | None = None
) -> Article:
    """Read an article (a file, or "-" for standard input) and parse its reference list:
    the Article's ``references`` hold every entry with the fields it prints, then those
    of its .bib files (the ones a LaTeX article names, and ``bib``). With ``options``,
    entries parsed in an earlier run are read from its cache folder
    (:mod:`asrefs.entry_cache`)."""
    from asrefs.entry_cache import EntryCache
    from asrefs.parse import parse_references
    from asrefs.read import read_article

    article = read_article(str(path), [str(b) for b in bib])
    memo = EntryCache.open(options) if options is not None else None
    try:
        references = parse_references(article, memo)
    finally:
        if memo is not None:
            memo.close()
    return dataclasses.replace(article, references=tuple(references))


def check(
    articles: Sequence[Article], options: Options | None = None, *, progress: Progress | None = None
) -> list[Report]:
    """Resolve the references of parsed articles in one pooled pass (one cache, one HTTP
    session, one set of rate limits), then check each article."""
    from asrefs.pipeline import build_report

    options = options or Options()
    refs = [r for a in articles for r in a.references]
    results = _resolve_references(refs, options, progress, checking=True)
    reports = []
    start = 0
    for i, article in enumerate(articles):
        count = len(article.references)
        reports.append(build_report(article, results[start : start + count], options))
        start += count
        if progress is not None:
            progress("check", i + 1, len(articles))
    return reports


def verify(
    paths: Sequence[str | Path], options: Options | None = None, *, progress: Progress | None = None
) -> list[Report]:
    """Check the references of each article (and the claims its text makes about them)
    against the registries; one Report per path, in order."""
    options = options or Options()
    articles = [parse_article(p, options.bib, options=options) for p in paths]
    return check(articles, options, progress=progress)


def bibliography(
    article: str | Path | Article | Report,
    options: Options | None = None,
    fmt: str = "bibtex",
    *,
    ascii_only: bool = False,
) -> str:
    """The bibliography of an article (a path, an Article already parsed, or the Report
    of one already checked) as BibTeX, CSL-JSON or RIS, from the registries' records
    where they hold the work (the printed fields otherwise)."""
    from asrefs import export
    from asrefs.pipeline import bibliography_items

    options = options or Options()
    if isinstance(article, Report):
        results = article.results
    else:
        if not isinstance(article, Article):
            article = parse_article(article, options.bib, options=options)
        results = _resolve_references(list(article.references), options, None)
    items = bibliography_items(results)
    if fmt == "bibtex":
        return export.to_bibtex(items, ascii_only=ascii_only)
    return export.FORMATS[_bibliography_format(fmt)](items)


def resolve_ids(ids: Sequence[str], options: Options | None = None) -> list[Record]:
    """The registered work behind each DOI, PMID, PMCID, arXiv id or OpenAlex work id
    (``W2741809807``, asked of OpenAlex, which needs its API key; the registries' records
    merged), in order. Raises :class:`~asrefs.errors.UsageError` for a string that is no
    such identifier and :class:`UnresolvedError` when some could not be resolved."""
    from asrefs.checks import merge_records

    options = options or Options()
    results = _resolve_references(identifier_references(ids), options, None)
    records: list[Record] = []
    problems: dict[str, Problem] = {}
    details: dict[str, str] = {}
    for result in results:
        merged = merge_records(result.records)
        if merged is not None:
            records.append(merged)
            continue
        key = result.reference.raw
        problems[key] = result.problem or Problem.NOT_FOUND
        details[key] = "; ".join(lk.detail for lk in result.lookups if lk.detail)
    if problems:
        raise UnresolvedError(records, problems, details)
    return records


IDENTIFIER_KINDS = ("doi", "pmid", "pmcid", "arxiv", "openalex")


def identifier_references(ids: Sequence[str]) -> list[Reference]:
    """One bare Reference per identifier string, for resolving identifiers alone."""
    from asrefs.errors import UsageError
    from asrefs.parse.identifiers import classify

    refs = []
    for i, raw in enumerate(ids, 1):
        ident = classify(raw)
        if ident is None:
            raise UsageError(
                f"{raw!r} is not a DOI, PMID, PMCID or arXiv id (nor an OpenAlex work id)"
            )
        value = {kind: ident.value if ident.kind == kind else None for kind in IDENTIFIER_KINDS}
        refs.append(
            Reference(
                index=i,
                raw=raw,
                line=0,
                doi=value["doi"],
                pmid=value["pmid"],
                pmcid=value["pmcid"],
                arxiv=value["arxiv"],
                openalex=value["openalex"],
            )
        )
    return refs


def _bibliography_format(fmt: str) -> str:
    from asrefs.errors import UsageError

    if fmt not in BIBLIOGRAPHY_FORMATS:
        raise UsageError(f"unknown bibliography format {fmt!r} (one of bibtex, csl-json, ris)")
    return fmt


def _resolve_references(
    references: list[Reference],
    options: Options,
    progress: Progress | None,
    *,
    checking: bool = False,
) -> list[ReferenceResult]:
    """The references resolved; when ``checking``, a reference whose DOI leads to
    another work is searched for as well (its finding names the printed work's DOI)."""
    from asrefs.checks import points_elsewhere
    from asrefs.resolve import Resolver

    resolver = Resolver.create(options)
    elsewhere = points_elsewhere if checking else None
    try:
        return resolver.resolve(references, progress=progress, elsewhere=elsewhere)
    finally:
        resolver.close()


def render(reports: Sequence[Report], fmt: str = "text", *, lang: str = "en") -> str:
    """A report format for checked articles: text, json, markdown, github, sarif, html."""
    from asrefs.errors import UsageError
    from asrefs.formats import FORMAT_NAMES, RenderContext, renderer

    if fmt not in FORMAT_NAMES:
        raise UsageError(f"unknown report format {fmt!r} (one of {', '.join(FORMAT_NAMES)})")
    ctx = RenderContext(lang=lang, exit_code=exit_status(reports))
    return renderer(fmt)(reports, ctx)


def exit_status(reports: Sequence[Report], fail_on: str = "error") -> int:
    """1 a finding at or above ``fail_on``; 3 something could not be checked; else 0."""
    from asrefs.pipeline import exit_code

    return exit_code(reports, fail_on)
