"""Many articles at once: a manifest of paths, each article's JSON report appended to a
results file as it finishes (a run that stopped resumes where it stopped), and the
articles checked in worker processes on this machine (``--workers``) or on a
dask.distributed cluster (``--dask``).

Each article is checked on its own by :func:`check_one`, which returns plain JSON-able
data; only this process writes the results file and standard output. Every worker opens
the same store (SQLite in WAL mode, or PostgreSQL), so what one resolves the others read.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from asrefs import api
from asrefs.cli import run
from asrefs.cli.output import log, one_line
from asrefs.cli.run import NoReferenceList, article_with_list, report_lang
from asrefs.config import Options, load_options
from asrefs.errors import AsrefsError, InputError, UsageError

EXIT_INTERNAL = 70  # as the command line's: a bug in asrefs, recorded for that article


def manifest_paths(manifest: str) -> list[str]:
    """The article paths a manifest lists: one a line, relative to the manifest's folder;
    blank lines and lines starting with # are left out."""
    path = Path(manifest)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{manifest}: cannot read the manifest ({exc})") from exc
    lines = (line.strip() for line in text.splitlines())
    return [str(path.parent / line) for line in lines if line and not line.startswith("#")]


def recorded(results: Path) -> dict[str, int]:
    """The articles a results file already holds, with the exit status each was recorded
    with. An incomplete last line (a run killed while writing it) is cut off, so that
    article is checked again and the next line starts clean."""
    if not results.exists():
        return {}
    data = results.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) < len(data):
        with results.open("r+b") as fh:
            fh.truncate(len(complete))
    done: dict[str, int] = {}
    for raw in complete.splitlines():
        try:
            line = json.loads(raw)
            done[str(line["article"])] = int(line.get("exit", 0))
        except (ValueError, TypeError, KeyError):
            continue  # not one of ours: that article is checked again
    return done


def check_one(path: str, options: Options) -> dict[str, Any]:
    """One article checked: its ``asrefs.report/1`` object with ``exit`` (its exit
    status) added, or ``{"article", "error", "exit"}`` when it could not be read, or
    ``{"article", "skipped"}`` when it holds no reference list. Never raises."""
    from asrefs.formats.json_report import report_dict
    from asrefs.pipeline import exit_code

    try:
        [report] = api.check([article_with_list(path, options)], options)
    except NoReferenceList as exc:
        return {"article": path, "skipped": one_line(str(exc))}
    except AsrefsError as exc:
        return {"article": path, "error": one_line(str(exc)), "exit": exc.exit_code}
    except Exception as exc:  # a bug in asrefs: recorded, and the other articles go on
        message = one_line(" ".join(str(exc).split())[:300])
        error = f"internal error: {type(exc).__name__}: {message}"
        return {"article": path, "error": error, "exit": EXIT_INTERNAL}
    line = report_dict(report)
    line["exit"] = exit_code([report], options.fail_on)
    return line


def outcomes(paths: Sequence[str], options: Options) -> Iterator[dict[str, Any]]:
    """:func:`check_one` of each path, in the order they finish."""
    if options.dask:
        yield from _on_dask(paths, options)
    elif options.workers > 1 and len(paths) > 1:
        yield from _in_processes(paths, options)
    else:
        for path in paths:
            yield check_one(path, options)


def _in_processes(paths: Sequence[str], options: Options) -> Iterator[dict[str, Any]]:
    """Worker processes on this machine. They are spawned, not forked: a fork of a
    process with threads (the HTTP pool, a progress display) can inherit a held lock."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(min(options.workers, len(paths)), mp_context=context)
    try:
        futures = [pool.submit(check_one, path, options) for path in paths]
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _on_dask(paths: Sequence[str], options: Options) -> Iterator[dict[str, Any]]:
    """One task per article on the dask.distributed scheduler ``options.dask``; the
    options are sent to the workers once, as data."""
    import importlib

    try:
        distributed: Any = importlib.import_module("distributed")  # untyped
    except ImportError as exc:
        raise UsageError("--dask needs dask.distributed: pip install 'asrefs[dask]'") from exc
    try:
        client = distributed.Client(options.dask, timeout=10)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--dask {options.dask}: cannot reach the scheduler ({exc})") from exc
    with client:
        shared = client.scatter(options, broadcast=True)
        futures = client.map(check_one, list(paths), options=shared, pure=False)
        for future in distributed.as_completed(futures):
            yield future.result()
            future.release()


def verify_command(
    paths: Sequence[str],
    cli: dict[str, Any],
    *,
    fmt: str | None,
    out: str | None,
    quiet: bool,
    batch: bool,
    results: str | None,
) -> int:
    """``asrefs verify``: one report of every article (:func:`asrefs.cli.run.verify_command`),
    or, with ``--results``, more than one worker or ``--dask``, each article on its own
    (:func:`catalogue_command`)."""
    options = load_options(cli)
    if results is None and options.workers == 1 and not options.dask:
        return run.verify_command(paths, cli, fmt=fmt, out=out, quiet=quiet, batch=batch)
    if out is not None:
        raise UsageError("-o: with --results, --workers or --dask, use --results FILE.jsonl")
    name = fmt or options.format or "text"
    return catalogue_command(paths, options, fmt=name, results=results, quiet=quiet)


def catalogue_command(
    paths: Sequence[str], options: Options, *, fmt: str, results: str | None, quiet: bool
) -> int:
    """Check many articles, each on its own; write each one's line to ``results`` (and
    its summary line, or with ``--format json`` its line, to standard output) as it
    finishes; then a summary of the run. The exit status is the worst over all articles
    (those already in ``results`` counted as recorded): 2, then 1, then 3, then 0."""
    from fnmatch import fnmatch

    if fmt not in ("text", "json"):
        raise UsageError(f"--format {fmt}: with --results, --workers or --dask: text or json")
    if "-" in paths:
        raise UsageError("standard input (-) cannot be checked with --results, --workers or --dask")
    todo = [p for p in dict.fromkeys(paths) if not any(fnmatch(p, g) for g in options.exclude)]
    target = Path(results) if results else None
    done = recorded(target) if target is not None else {}
    codes = [done[p] for p in todo if p in done]
    tally = {"checked": 0, "resumed": len(codes), "error": 0, "skipped": 0}
    lang = report_lang(options)
    with _appender(target) as append:
        for line in outcomes([p for p in todo if p not in done], options):
            text = json.dumps(line, ensure_ascii=False, sort_keys=True)
            append(text)
            codes.append(int(line.get("exit", 0)))
            kind = "error" if "error" in line else "skipped" if "skipped" in line else "checked"
            tally[kind] += 1
            if kind == "error":
                log.error("%s", line["error"])
            elif kind == "skipped":
                log.info("skipped %s", line["skipped"])
            elif fmt == "json" and target is None:
                print(text, flush=True)
            elif fmt == "text" and not quiet:
                print(_summary_line(line, lang), flush=True)
    summary = _run_summary(tally, target)
    print(summary, file=sys.stdout if fmt == "text" else sys.stderr, flush=True)
    return _worst(codes)


def _summary_line(line: dict[str, Any], lang: str) -> str:
    """The text report's summary line of one article, from its JSON report."""
    from asrefs.i18n import normalise_lang, summary_counts, t

    lang = normalise_lang(lang)
    return t(lang, "summary", article=line["article"], **summary_counts(lang, line["summary"]))


def _run_summary(tally: dict[str, int], target: Path | None) -> str:
    total = sum(tally.values())
    parts = [f"{tally['checked']} checked"]
    if target is not None:
        parts.append(f"{tally['resumed']} already in {target}")
    if tally["error"]:
        parts.append(f"{tally['error']} could not be read")
    if tally["skipped"]:
        parts.append(f"{tally['skipped']} without a reference list")
    return f"{total} article{'s' if total != 1 else ''}: {', '.join(parts)}"


def _worst(codes: Iterable[int]) -> int:
    """The run's exit status from each article's: the first of 70, 2, 1, 3 any has."""
    found = set(codes)
    return next((code for code in (EXIT_INTERNAL, 2, 1, 3) if code in found), 0)


@contextmanager
def _appender(target: Path | None) -> Iterator[Callable[[str], None]]:
    """A function that appends one line to ``target`` and flushes it to the disk, so
    a run killed afterwards keeps it (no file: the lines are not kept)."""
    if target is None:
        yield lambda text: None
        return
    try:
        fh = target.open("a", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{target}: cannot write the results ({exc.strerror})") from exc
    with fh:

        def append(text: str) -> None:
            fh.write(text + "\n")
            fh.flush()
            os.fsync(fh.fileno())

        yield append
