"""The command line: arguments -> Options, read inputs, call the library, write outputs,
exit code. No checking logic lives here.

Exit codes, in this order of precedence: 2 usage or input error; 1 a finding at or above
the failure threshold; 3 something could not be checked; 0 otherwise. A bug in asrefs
ends with one line and 70, a reader closing the pipe with 141; never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import glob
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from asrefs import __version__
from asrefs.errors import AsrefsError, InputError, OutputError, UsageError

SAMPLE = "examples/as-stem-cells-2025.md"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNCHECKED = 0, 1, 2, 3
EXIT_INTERNAL = 70  # a bug in asrefs (sysexits' EX_SOFTWARE); never 1, which means findings
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE

log = logging.getLogger("asrefs")
_VERIFY_PARSER: list[argparse.ArgumentParser] = []


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _network_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("registries and cache")
    g.add_argument(
        "--offline", action="store_true", help="read only the cache (ignoring its time-to-live)"
    )
    g.add_argument("--refresh", action="store_true", help="fetch again even what the cache holds")
    g.add_argument("--cache-dir", metavar="DIR", help="cache folder (ASREFS_CACHE_DIR)")
    g.add_argument(
        "--crossref-url", metavar="URL", help="Crossref REST API base URL (ASREFS_CROSSREF_URL)"
    )
    g.add_argument(
        "--pubmed-url", metavar="URL", help="NCBI E-utilities base URL (ASREFS_PUBMED_URL)"
    )
    g.add_argument("--idconv-url", metavar="URL", help="PMC ID converter URL (ASREFS_IDCONV_URL)")
    g.add_argument(
        "--mailto", metavar="EMAIL", help="contact address for the registries (ASREFS_MAILTO)"
    )
    g.add_argument("--ncbi-api-key", metavar="KEY", help="NCBI API key (NCBI_API_KEY)")
    g.add_argument(
        "--timeout", type=float, metavar="S", help="seconds to wait for each read (default 10)"
    )
    g.add_argument(
        "--deadline", type=float, metavar="S", help="seconds for all network work of the run"
    )
    g.add_argument(
        "--batch-size", type=int, metavar="N", help="DOIs per Crossref request (default 50)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="asrefs",
        description="Check an article's references, and what its text says about them, "
        "against Crossref and PubMed.",
    )
    parser.add_argument("--version", action="version", version=f"asrefs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    v = sub.add_parser("verify", help="check the references of articles and print a report")
    _VERIFY_PARSER[:] = [v]
    v.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files, folders or globs; - for standard input",
    )
    from asrefs.formats import FORMAT_NAMES

    v.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        help="report format (default text; the configuration's format)",
    )
    v.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    v.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="lowest severity that makes the exit status 1 (default error)",
    )
    v.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    v.add_argument(
        "--no-search", action="store_true", help="do not search DOIs for references that print none"
    )
    v.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="language of the report (ASREFS_LANG; default: zh under a Chinese locale, else en)",
    )
    _network_options(v)

    b = sub.add_parser("bib", help="write the bibliography of an article (BibTeX, CSL-JSON, RIS)")
    b.add_argument("paths", nargs=1, metavar="PATH")
    b.add_argument("--format", choices=("bibtex", "csl-json", "ris"), help="default bibtex")
    b.add_argument("-o", "--output", metavar="FILE")
    b.add_argument("--ascii", action="store_true", help="BibTeX in ASCII, with LaTeX accents")
    _network_options(b)

    pa = sub.add_parser("parse", help="show what was parsed from an article's reference list")
    pa.add_argument("paths", nargs=1, metavar="PATH")
    pa.add_argument("--format", choices=("text", "json"), default="text")
    pa.add_argument("-o", "--output", metavar="FILE")

    r = sub.add_parser("resolve", help="print one work by DOI or PMID as BibTeX, CSL-JSON or RIS")
    r.add_argument("ids", nargs="+", metavar="ID")
    r.add_argument("--format", choices=("bibtex", "csl-json", "ris"), help="default bibtex")
    r.add_argument("-o", "--output", metavar="FILE")
    _network_options(r)

    c = sub.add_parser("cache", help="inspect or clean the cache")
    c.add_argument("action", choices=("stats", "clear", "prune"))
    c.add_argument("--cache-dir", metavar="DIR")
    return parser


def _cli_options(args: argparse.Namespace) -> dict[str, Any]:
    mapping = {
        "offline": "offline",
        "refresh": "refresh",
        "cache_dir": "cache_dir",
        "crossref_url": "crossref_url",
        "pubmed_url": "pubmed_url",
        "idconv_url": "idconv_url",
        "mailto": "mailto",
        "ncbi_api_key": "ncbi_api_key",
        "timeout": "timeout",
        "deadline": "deadline",
        "batch_size": "batch_size",
        "fail_on": "fail_on",
        "lang": "lang",
    }
    out: dict[str, Any] = {}
    for arg, name in mapping.items():
        value = getattr(args, arg, None)
        if value is None or value is False:
            continue
        if name == "cache_dir":
            value = Path(value)
        out[name] = value
    if getattr(args, "no_search", False):
        out["search"] = False
    if getattr(args, "batch_size", None) is not None and args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    return out


def article_suffixes() -> tuple[str, ...]:
    from asrefs.read import ARTICLE_SUFFIXES

    return ARTICLE_SUFFIXES


def expand_paths(patterns: Sequence[str]) -> list[str]:
    """Files from paths, folders (their .md/.txt articles) and globs, in a stable order."""
    out: list[str] = []
    for pattern in patterns:
        if pattern == "-":
            out.append(pattern)
            continue
        path = Path(pattern)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in article_suffixes()
            )
            if not found:
                raise InputError(
                    f"{pattern}: the folder holds no articles (.md, .txt, .html or .docx)"
                )
            out.extend(found)
        elif any(ch in pattern for ch in "*?[") and not path.exists():
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(f"{pattern}: no file matches")
            out.extend(m for m in matches if Path(m).is_file())
        else:
            out.append(pattern)
    return out


Writer = Callable[[Callable[[str], None]], None]


def write_output(content: str | Writer, output: str | None, inputs: Sequence[str] = ()) -> None:
    """Write a report or bibliography to standard output or, atomically, to ``output``.

    ``content`` is the text, or a function that writes it piece by piece (a long JSON
    report is streamed so it is never held in memory whole)."""
    write_pieces: Writer = content if callable(content) else (lambda write: write(content))
    if output is None or output == "-":

        def to_stdout(piece: str) -> None:
            sys.stdout.write(piece)

        write_pieces(to_stdout)
        sys.stdout.flush()
        return
    target = Path(output)
    for item in inputs:
        if (
            item != "-"
            and Path(item).exists()
            and target.exists()
            and target.resolve() == Path(item).resolve()
        ):
            raise OutputError(f"{output}: refusing to write the output over an input file")
    from asrefs.resolve.cache import atomic_open

    try:
        with atomic_open(target) as fh:

            def to_file(piece: str) -> None:
                fh.write(piece.encode("utf-8"))

            write_pieces(to_file)
    except OSError as exc:
        raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from exc


_CONTROL_CHARS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])


def one_line(message: str) -> str:
    """A diagnostic as one line: control characters (a line end or an escape sequence in a
    file name or an identifier) are shown escaped, never written to the terminal."""
    if not any(ord(ch) in _CONTROL_CHARS for ch in message):
        return message
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if ord(ch) in _CONTROL_CHARS else ch
        for ch in message
    )


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = (
            "error"
            if record.levelno >= logging.ERROR
            else "warning"
            if record.levelno >= logging.WARNING
            else "note"
        )
        sys.stderr.write(f"asrefs: {level}: {one_line(record.getMessage())}\n")


def _setup_logging() -> None:
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        log.addHandler(_StderrHandler())
    log.setLevel(logging.INFO)
    log.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    # A run builds many small objects that live until the report is written; CPython's
    # default collection thresholds would rescan them again and again (about 15 % of a
    # 10,000-reference run). Cycles are still collected, just less often.
    gc.set_threshold(100_000, 50, 100)
    _setup_logging()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return _dispatch(args, parser)
    except AsrefsError as exc:
        sys.stderr.write(f"asrefs: error: {one_line(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("asrefs: interrupted\n")
        return 130
    except SystemExit as exc:  # argparse --help / --version
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``asrefs verify … | head``): nothing more can be written.
        _silence_stdout()
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


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's final flush does not
    fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from asrefs.cli import commands

    if args.command == "cache":
        return commands.cache_command(args.action, _cli_options(args))
    if args.command == "verify" and not args.paths:
        _VERIFY_PARSER[0].print_usage(sys.stderr)
        sys.stderr.write(
            "asrefs: error: no article given. To try asrefs on the bundled sample, run:\n"
            f"  asrefs verify --offline {SAMPLE}\n"
        )
        return EXIT_USAGE
    options = _cli_options(args)
    if args.command == "verify":
        return commands.verify_command(
            expand_paths(args.paths), options, fmt=args.format, output=args.output, quiet=args.quiet
        )
    if args.command == "bib":
        return commands.bib_command(
            args.paths[0], options, fmt=args.format, output=args.output, ascii_only=args.ascii
        )
    if args.command == "parse":
        return commands.parse_command(args.paths[0], fmt=args.format, output=args.output)
    if args.command == "resolve":
        return commands.resolve_command(args.ids, options, fmt=args.format, output=args.output)
    raise UsageError(f"unknown command {args.command}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
