"""What each command does, between the CLI's argument parsing and the library.

Kept apart from cli.py so that ``asrefs --version`` imports nothing heavy.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from asrefs.config import Options, load_options
from asrefs.errors import UsageError
from asrefs.formats import FORMAT_NAMES, RenderContext, renderer, stream_renderer
from asrefs.models import Article, Reference, Report
from asrefs.pipeline import bibliography_items
from asrefs.read.article import read_article
from asrefs.resolve.cache import Cache
from asrefs.resolve.resolver import Resolver

log = logging.getLogger("asrefs")


def _options(cli: dict[str, Any]) -> Options:
    return load_options(cli)


def _lang(options: Options) -> str:
    """--lang, ASREFS_LANG or the configuration's lang; else the user's locale."""
    if options.lang:
        return options.lang
    from asrefs.i18n import default_lang

    return default_lang()


# --- progress ------------------------------------------------------------------------

PROGRESS_MIN_REFERENCES = 25  # fewer references resolve too fast to need a progress bar


class ProgressSink(Protocol):
    """Told how far the run has got: ``stage`` names the work ("resolve", "check", or a
    registry stage such as "crossref" or "pubmed"), ``done`` of ``total`` units
    (``total`` None while unknown). May be called from worker threads."""

    def __call__(self, stage: str, done: int, total: int | None) -> None: ...


class ProgressDisplay:
    """A rich progress bar on standard error, one line per stage; transient, so that
    nothing of it stays on the screen once the run is over."""

    def __init__(self, lang: str = "en", console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.lang = lang
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console if console is not None else Console(stderr=True),
            transient=True,
        )
        self._tasks: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> ProgressDisplay:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def _label(self, stage: str) -> str:
        from asrefs.i18n import MESSAGES, source_name, t

        key = f"progress.{stage}"
        if key in MESSAGES:
            return t(self.lang, key)
        return source_name(stage, "zh") or stage  # registry names are proper nouns

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        with self._lock:
            task = self._tasks.get(stage)
            if task is None:
                task = self._progress.add_task(self._label(stage), total=total)
                self._tasks[stage] = task
            self._progress.update(task, completed=done, total=total)


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def wants_progress(references: int, quiet: bool) -> bool:
    """A progress bar only on a terminal, not with -q, and for runs long enough."""
    return not quiet and references >= PROGRESS_MIN_REFERENCES and _stderr_is_tty()


def parse_articles(paths: Sequence[str]) -> list[tuple[Article, list[Reference]]]:
    """Read every article and parse its reference list."""
    from asrefs.parse import parse_references

    articles = [read_article(p) for p in paths]
    return [(a, parse_references(a)) for a in articles]


def check_articles(
    parsed: Sequence[tuple[Article, list[Reference]]],
    options: Options,
    *,
    progress: ProgressSink | None = None,
) -> tuple[list[Report], Resolver]:
    """Resolve the references of all articles in one pooled pass, then check each."""
    from asrefs.pipeline import build_report

    resolver = Resolver.create(options)
    try:
        flat = [ref for _article, refs in parsed for ref in refs]
        results = resolver.resolve(flat, progress=progress)
    finally:
        resolver.close()
    reports = []
    start = 0
    for i, (article, refs) in enumerate(parsed):
        reports.append(build_report(article, results[start : start + len(refs)], options))
        start += len(refs)
        if progress is not None:
            progress("check", i + 1, len(parsed))
    return reports, resolver


def verify_reports(
    paths: Sequence[str], options: Options, *, progress: ProgressSink | None = None
) -> tuple[list[Report], Resolver]:
    """Parse every article, resolve all their references in one pooled pass, check."""
    return check_articles(parse_articles(paths), options, progress=progress)


def verify_command(
    paths: Sequence[str], cli: dict[str, Any], *, fmt: str | None, output: str | None, quiet: bool
) -> int:
    from asrefs.cli.main import write_output
    from asrefs.pipeline import exit_code, stale_accepted

    options = _options(cli)
    name = fmt or options.format or "text"
    if name not in FORMAT_NAMES:
        raise UsageError(f"unknown report format {name!r} (one of {', '.join(FORMAT_NAMES)})")
    lang = _lang(options)
    parsed = parse_articles(paths)
    if wants_progress(sum(len(refs) for _article, refs in parsed), quiet):
        with ProgressDisplay(lang) as display:
            reports, _resolver = check_articles(parsed, options, progress=display)
    else:
        reports, _resolver = check_articles(parsed, options)
    code = exit_code(reports, options.fail_on)
    notes = tuple(stale_accepted(reports, options))
    color = output is None and name == "text" and _stdout_is_tty() and not _no_color()
    ctx = RenderContext(color=color, quiet=quiet, lang=lang, exit_code=code, notes=notes)
    streamer = stream_renderer(name)
    if streamer is not None:
        write_output(lambda write: streamer(reports, ctx, write), output, paths)
    else:
        write_output(renderer(name)(reports, ctx), output, paths)
    for note in notes:
        log.warning(note)
    return code


def _no_color() -> bool:
    import os

    return bool(os.environ.get("NO_COLOR"))


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def bib_command(
    path: str, cli: dict[str, Any], *, fmt: str | None, output: str | None, ascii_only: bool
) -> int:
    from asrefs.cli.main import write_output
    from asrefs.export import bibliography
    from asrefs.parse import parse_references

    options = _options(cli)
    article = read_article(path)
    refs = parse_references(article)
    resolver = Resolver.create(options)
    try:
        results = resolver.resolve(refs)
    finally:
        resolver.close()
    items = bibliography_items(results)
    name = fmt or options.bib_format or "bibtex"
    text = (
        bibliography.to_bibtex(items, ascii_only=ascii_only)
        if name == "bibtex"
        else bibliography.FORMATS[name](items)
    )
    write_output(text, output, [path])
    return 0


def parse_command(path: str, *, fmt: str, output: str | None) -> int:
    from asrefs.cli.main import write_output
    from asrefs.formats.json_report import dumps, reference_dict
    from asrefs.parse import parse_references

    article = read_article(path)
    refs = parse_references(article)
    if fmt == "json":
        text = dumps(
            {
                "schema": "asrefs.parse/1",
                "article": path,
                "references": [reference_dict(r) for r in refs],
            }
        )
    else:
        lines = []
        for r in refs:
            lines.append(f"[{r.index}] line {r.line}  style: {r.style or '?'}")
            for key, value in r.parsed_json().items():
                if value in (None, [], False) or key == "style":
                    continue
                if key == "authors":
                    value = "; ".join(
                        f"{a['family']}, {a['given'] or ''}".rstrip(", ") for a in value
                    )
                lines.append(f"    {key:<15} {value}")
            for kind in ("doi", "pmid", "pmcid", "arxiv"):
                if getattr(r, kind):
                    lines.append(f"    {kind:<15} {getattr(r, kind)}")
        text = "\n".join(lines) + "\n"
    write_output(text, output, [path])
    return 0


def resolve_command(
    ids: Sequence[str], cli: dict[str, Any], *, fmt: str | None, output: str | None
) -> int:
    from asrefs.cli.main import write_output
    from asrefs.export import bibliography
    from asrefs.models import Problem
    from asrefs.parse import classify

    options = _options(cli)
    refs = []
    for i, raw in enumerate(ids, 1):
        ident = classify(raw)
        if ident is None or ident.kind not in ("doi", "pmid", "pmcid"):
            raise UsageError(f"{raw!r} is not a DOI, PMID or PMCID")
        refs.append(
            Reference(
                index=i,
                raw=raw,
                line=0,
                doi=ident.value if ident.kind == "doi" else None,
                pmid=ident.value if ident.kind == "pmid" else None,
                pmcid=ident.value if ident.kind == "pmcid" else None,
            )
        )
    resolver = Resolver.create(options)
    try:
        results = resolver.resolve(refs)
    finally:
        resolver.close()
    code = 0
    found = []
    for r in results:
        if r.records:
            found.append(r)
            continue
        problem = r.problem
        log.error("%s: %s", r.reference.raw, problem.value if problem else "not found")
        code = 3 if problem in (Problem.UNAVAILABLE, Problem.NOT_CACHED) else max(code, 1)
    items = [
        (r.reference, rec) for r, (_ref, rec) in zip(found, bibliography_items(found), strict=True)
    ]
    name = fmt or options.bib_format or "bibtex"
    if items:
        text = bibliography.FORMATS[name](items)
        write_output(text, output, [])
    return code


def cache_command(action: str, cli: dict[str, Any]) -> int:
    options = load_options(cli)
    cache = Cache(
        options.cache_dir, ttl_days=options.ttl_days, not_found_ttl_days=options.not_found_ttl_days
    )
    if action == "stats":
        sys.stdout.write(json.dumps(cache.stats(), indent=2, sort_keys=True) + "\n")
    elif action == "clear":
        sys.stdout.write(f"removed {cache.clear()} entries from {cache.root}\n")
    else:
        sys.stdout.write(f"removed {cache.prune()} stale or corrupt entries from {cache.root}\n")
    return 0
