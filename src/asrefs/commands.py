"""What each command does, between the CLI's argument parsing and the library.

Kept apart from cli.py so that ``asrefs --version`` imports nothing heavy.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from .article import read_article
from .cache import Cache
from .config import Options, load_options
from .errors import UsageError
from .formats import RenderContext, renderer
from .models import Reference, Report
from .resolve import Resolver
from .verify import bibliography_items

log = logging.getLogger("asrefs")


def _options(cli: dict[str, Any]) -> Options:
    return load_options(cli)


def _lang(options: Options) -> str:
    if options.lang:
        return options.lang
    import locale

    code = (locale.getlocale()[0] or "").lower()
    return "zh" if code.startswith("zh") else "en"


def verify_reports(paths: Sequence[str], options: Options) -> tuple[list[Report], Resolver]:
    """Parse every article, resolve all their references in one pooled pass, check."""
    from . import references
    from .verify import build_report

    articles = [read_article(p) for p in paths]
    parsed = [references.parse_references(a) for a in articles]
    resolver = Resolver.create(options)
    try:
        flat = [ref for refs in parsed for ref in refs]
        results = resolver.resolve(flat)
    finally:
        resolver.close()
    reports = []
    start = 0
    for article, refs in zip(articles, parsed, strict=True):
        reports.append(build_report(article, results[start : start + len(refs)], options))
        start += len(refs)
    return reports, resolver


def verify_command(
    paths: Sequence[str], cli: dict[str, Any], *, fmt: str | None, output: str | None, quiet: bool
) -> int:
    from .cli import write_output
    from .verify import exit_code, stale_accepted

    options = _options(cli)
    reports, _resolver = verify_reports(paths, options)
    code = exit_code(reports, options.fail_on)
    notes = tuple(stale_accepted(reports, options))
    color = output is None and fmt in (None, "text") and sys.stdout.isatty() and not _no_color()
    ctx = RenderContext(color=color, quiet=quiet, lang=_lang(options), exit_code=code, notes=notes)
    text = renderer(fmt or options.format or "text")(reports, ctx)
    write_output(text, output, paths)
    for note in notes:
        log.warning(note)
    return code


def _no_color() -> bool:
    import os

    return bool(os.environ.get("NO_COLOR"))


def bib_command(
    path: str, cli: dict[str, Any], *, fmt: str | None, output: str | None, ascii_only: bool
) -> int:
    from . import bibliography, references
    from .cli import write_output

    options = _options(cli)
    article = read_article(path)
    refs = references.parse_references(article)
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
    from . import references
    from .cli import write_output
    from .formats.json_report import dumps, reference_dict

    article = read_article(path)
    refs = references.parse_references(article)
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
    from . import bibliography
    from .cli import write_output
    from .identifiers import classify
    from .models import Problem

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
