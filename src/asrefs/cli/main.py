"""The command line's entry point: parse arguments, dispatch to a command, turn errors
into one line and an exit status. No checking logic lives here.

Exit codes, in this order of precedence: 2 usage or input error; 1 a finding at or above
the failure threshold; 3 something could not be checked; 0 otherwise. A bug in asrefs
ends with one line and 70, a reader closing the pipe with 141; never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from asrefs.cli.output import one_line, setup_logging, silence_stdout
from asrefs.cli.parser import build_parser, options_of
from asrefs.errors import AsrefsError, InputError

SAMPLE = "examples/as-stem-cells-2025.md"
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # a bug in asrefs (sysexits' EX_SOFTWARE); never 1, which means findings
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE
EXIT_INTERRUPTED = 130


def expand_paths(patterns: Sequence[str]) -> list[str]:
    """Files from paths, folders (their articles) and globs, in a stable order."""
    from asrefs.read import ARTICLE_SUFFIXES

    out: list[str] = []
    for pattern in patterns:
        path = Path(pattern)
        if pattern == "-":
            out.append(pattern)
        elif path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                raise InputError(
                    f"{pattern}: the folder holds no articles "
                    "(.md, .txt, .html, .docx, .pdf, .tex or .bib)"
                )
            out.extend(_without_companions(found))
        elif any(ch in pattern for ch in "*?[") and not path.exists():
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(f"{pattern}: no file matches")
            out.extend(m for m in matches if Path(m).is_file())
        else:
            out.append(pattern)
    return out


def _without_companions(files: list[str]) -> list[str]:
    """A folder's articles less the .bib files its .tex articles name: those are checked
    with the article that cites them, not a second time alone."""
    from asrefs.read.latex import bib_files

    named: set[Path] = set()
    for name in files:
        if name.lower().endswith(".tex"):
            try:
                text = Path(name).read_text(encoding="utf-8", errors="replace")
                named.update(p.resolve() for p in bib_files(name, text))
            except (OSError, InputError):
                continue  # the article's own run reports what is wrong with it
    return [f for f in files if Path(f).resolve() not in named]


def main(argv: Sequence[str] | None = None) -> int:
    # A run builds many small objects that live until the report is written; CPython's
    # default collection thresholds would rescan them again and again (about 15 % of a
    # 10,000-reference run). Cycles are still collected, just less often.
    gc.set_threshold(100_000, 50, 100)
    setup_logging()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return dispatch(args, parser)
    except AsrefsError as exc:
        sys.stderr.write(f"asrefs: error: {one_line(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("asrefs: interrupted\n")
        return EXIT_INTERRUPTED
    except SystemExit as exc:  # argparse --help / --version
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``asrefs verify … | head``): nothing more can be written.
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        # Never a traceback, and never exit status 1 (findings) for a crash.
        if os.environ.get("ASREFS_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:300]
        sys.stderr.write(
            f"asrefs: internal error: {type(exc).__name__}"
            f"{': ' + message if message else ''} (a bug in asrefs; set ASREFS_DEBUG=1 "
            "to see where)\n"
        )
        return EXIT_INTERNAL


def dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from asrefs.cli import run

    options = options_of(args)
    if args.command in ("cache", "mirror"):
        from asrefs.cli import store

        if args.command == "mirror":
            return store.mirror_command(args.action, args.files, options, date=args.date)
        return store.cache_command(args.action, options, yes=args.yes, folder=args.folder)
    if args.command == "verify" and not args.paths and not args.manifest:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices["verify"].print_usage(sys.stderr)
        hint = (
            f" To try asrefs on the bundled sample, run:\n  asrefs verify --offline {SAMPLE}"
            if Path(SAMPLE).is_file()
            else " Name an article file, a folder or a glob (- for standard input)."
        )
        sys.stderr.write(f"asrefs: error: no article given.{hint}\n")
        return EXIT_USAGE
    if args.command in ("verify", "baseline"):
        paths = expand_paths(args.paths)
        batch = len(paths) > 1 or any(p != "-" and not Path(p).is_file() for p in args.paths)
    if args.command == "verify" and args.manifest:
        from asrefs.cli.catalogue import manifest_paths

        paths, batch = [*paths, *manifest_paths(args.manifest)], True
    if args.command == "baseline":
        from asrefs.cli.baseline import baseline_command

        return baseline_command(paths, options, write=args.write, batch=batch)
    if args.command == "verify":
        from asrefs.cli.catalogue import verify_command

        code = verify_command(
            paths,
            options,
            fmt=args.format,
            out=args.output,
            quiet=args.quiet,
            batch=batch,
            results=args.results,
        )
        return 0 if args.exit_zero and code in (1, 3) else code
    if args.command == "bib":
        return run.bib_command(
            args.paths[0], options, fmt=args.format, out=args.output, ascii_only=args.ascii
        )
    if args.command == "fix":
        from asrefs.cli.fix import fix_command

        return fix_command(
            args.paths[0], options, out=args.output, codes=args.code or [], force=args.force
        )
    if args.command == "serve":
        from asrefs.serve import serve_command

        return serve_command(options, host=args.host, port=args.port)
    if args.command == "parse":
        return run.parse_command(args.paths[0], fmt=args.format, out=args.output)
    return run.resolve_command(args.ids, options, fmt=args.format, out=args.output)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
