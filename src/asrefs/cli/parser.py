"""The argument parser. Every setting's flag comes from the settings table in
:mod:`asrefs.config`; only what a command does with its own input and output (paths,
``--format``, ``-o``, ``-q``, ``--ascii``) is declared here."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from asrefs import __version__
from asrefs.config import BIBLIOGRAPHY_FORMATS, NETWORK_COMMANDS, settings, value_type
from asrefs.errors import UsageError

EXIT_EPILOG = (
    "exit status: 2 usage or input error; 1 a finding at or above --fail-on; "
    "3 something could not be checked; 0 otherwise (70 a bug in asrefs, 141 output pipe closed)"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def add_settings(parser: argparse.ArgumentParser, command: str) -> None:
    """The flags of the settings that ``command`` takes, in the table's order; those every
    command that reads the registries takes are grouped under "registries and cache"."""
    groups: dict[bool, Any] = {}
    for name, spec in settings():
        if spec.flag is None or command not in spec.commands:
            continue
        network = set(NETWORK_COMMANDS) <= set(spec.commands)
        if network not in groups:
            groups[network] = (
                parser.add_argument_group("registries and cache") if network else parser
            )
        text = f"{spec.help} ({spec.env})" if spec.env else spec.help
        kwargs: dict[str, Any] = {"dest": name, "help": text, "default": None}
        if spec.negate:
            kwargs.update(action="store_const", const=False)
        elif spec.multiple:
            kwargs.update(action="append", metavar=spec.metavar)
        elif spec.metavar is None and spec.choices is None:
            kwargs.update(action="store_const", const=True)
        else:
            kwargs.update(metavar=spec.metavar, choices=spec.choices, type=value_type(name))
        groups[network].add_argument(spec.flag, **kwargs)


RESOLVE_EPILOG = (
    "exit status: 0 every identifier resolved; 1 one is not registered; 3 one could not be "
    "checked (a registry unavailable, not cached with --offline, or an OpenAlex work id "
    "without an OpenAlex API key); 2 usage error. What was found is printed either way."
)
BASELINE_EPILOG = (
    "exit status: 0 written; 3 something could not be checked (its findings are not in the "
    "baseline); 2 usage, input or output error"
)
OTHER_EPILOG = "exit status: 0 done; 2 usage, input or output error"
BIB_EPILOG = (
    "exit status: 0 done; 3 some entries could not be verified (a registry unavailable, or "
    "not cached with --offline): they are written as the article prints them, and standard "
    "error says how many; 2 usage, input or output error"
)


def _command(
    sub: Any, name: str, help_text: str, epilog: str = EXIT_EPILOG
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=epilog,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    from asrefs.formats import FORMAT_NAMES

    parser = _Parser(
        prog="asrefs",
        description="Check an article's references, and what its text says about them, "
        "against Crossref and PubMed.",
        epilog=EXIT_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"asrefs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    v = _command(sub, "verify", "check the references of articles and print a report")
    v.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files, folders or globs; - for standard input",
    )
    v.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        help="report format (default text; the configuration's format)",
    )
    v.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    v.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    v.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings remain or something could not be checked "
        "(the report still says so); usage and input errors still exit 2",
    )
    v.add_argument(
        "--manifest",
        metavar="FILE",
        help="also check the articles FILE lists, one path a line (relative to FILE; "
        "# starts a comment)",
    )
    v.add_argument(
        "--results",
        metavar="FILE",
        help="append each article's JSON report to FILE as one line as it finishes; "
        "articles FILE already holds are skipped (a run that stopped resumes)",
    )
    add_settings(v, "verify")

    bl = _command(
        sub,
        "baseline",
        "accept the findings articles have now, so that only new findings fail",
        BASELINE_EPILOG,
    )
    bl.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article files, folders or globs; - for standard input",
    )
    bl.add_argument(
        "--write",
        metavar="FILE",
        help="append the [[accept]] entries to FILE, keeping what it holds (the project's "
        "asrefs.toml, or pyproject.toml as [[tool.asrefs.accept]]; created when missing); "
        "default: standard output",
    )
    add_settings(bl, "baseline")

    b = _command(
        sub, "bib", "write the bibliography of an article (BibTeX, CSL-JSON, RIS)", BIB_EPILOG
    )
    b.add_argument("paths", nargs=1, metavar="PATH", help="the article; - for standard input")
    b.add_argument("--format", choices=BIBLIOGRAPHY_FORMATS, help="default bibtex")
    b.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    b.add_argument("--ascii", action="store_true", help="BibTeX in ASCII, with LaTeX accents")
    add_settings(b, "bib")

    pa = _command(
        sub, "parse", "show what was parsed from an article's reference list", OTHER_EPILOG
    )
    pa.add_argument("paths", nargs=1, metavar="PATH", help="the article; - for standard input")
    pa.add_argument("--format", choices=("text", "json"), default="text", help="default text")
    pa.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )

    r = _command(
        sub,
        "resolve",
        "print works by DOI, PMID, PMCID, arXiv id or OpenAlex work id as BibTeX, CSL-JSON or RIS",
        RESOLVE_EPILOG,
    )
    r.add_argument(
        "ids",
        nargs="+",
        metavar="ID",
        help="DOIs, PMIDs, PMCIDs, arXiv ids or OpenAlex work ids (W…)",
    )
    r.add_argument("--format", choices=BIBLIOGRAPHY_FORMATS, help="default bibtex")
    r.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    add_settings(r, "resolve")

    _fix_and_serve(sub)

    c = _command(sub, "cache", "inspect, clean, export or import the cache", OTHER_EPILOG)
    c.add_argument(
        "action",
        choices=("stats", "clear", "prune", "export", "import"),
        help="stats: counts and size; clear: remove every entry; prune: remove stale or "
        "corrupt entries; export DIR: write every entry as per-record JSON files; "
        "import DIR: read such files into the store",
    )
    c.add_argument("folder", nargs="?", metavar="DIR", help="the folder of export and import")
    c.add_argument(
        "--yes",
        action="store_true",
        help="clear a cache folder set by a project's configuration (it may be committed)",
    )
    add_settings(c, "cache")

    m = _command(
        sub,
        "mirror",
        "load the registries' public data files into the store, or say how old they are",
        "exit status: 0 done; 2 usage error, or a file that could not be read to the end "
        "(what came before it is loaded; running the load again resumes)",
    )
    m.add_argument(
        "action",
        choices=("load", "status"),
        help="load FILE…: Crossref's public data files (.json.gz) and PubMed's baseline and "
        "update files (.xml.gz), resuming a load that stopped; status: each source's age",
    )
    m.add_argument("files", nargs="*", metavar="FILE", help="the files to load")
    m.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the date the files were made (default: each file's modification time)",
    )
    add_settings(m, "mirror")
    return parser


FIX_EPILOG = (
    "exit status: 0 written; 1 a finding at or above --fail-on that no fix removed (a claim "
    "in the text, say); 3 something could not be checked; 2 usage, input or output error"
)
SERVE_EPILOG = "exit status: 0 stopped; 2 usage error (the address cannot be used, say)"


def _fix_and_serve(sub: Any) -> None:
    """``asrefs fix`` and ``asrefs serve``: corrections written back, and the local app."""
    f = _command(
        sub,
        "fix",
        "write the article again with its references corrected (Word: tracked changes and "
        "comments)",
        FIX_EPILOG,
    )
    f.add_argument(
        "paths", nargs=1, metavar="PATH", help="the article (.docx, .md, .txt, .tex, .bib)"
    )
    f.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the corrected file (default NAME.corrected.EXT beside the article); the "
        "article itself is never modified",
    )
    f.add_argument(
        "--code",
        action="append",
        metavar="CODE",
        help="fix only findings of CODE (repeatable or comma-separated; default: every "
        "finding with a fix, except those the configuration accepts)",
    )
    f.add_argument("--force", action="store_true", help="replace the output file if it exists")
    add_settings(f, "fix")

    s = _command(
        sub, "serve", "run the local web app: upload an article, review, correct", SERVE_EPILOG
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    add_settings(s, "serve")


def options_of(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given on the command line, by Options field (None: not given)."""
    values = {name: getattr(args, name, None) for name, spec in settings() if spec.flag}
    # a repeatable flag gives a list; Options holds tuples
    return {name: tuple(v) if isinstance(v, list) else v for name, v in values.items()}
