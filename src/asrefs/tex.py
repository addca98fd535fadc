"""LaTeX source, read with pylatexenc: the commands a stage looks for, and LaTeX to text.

``commands`` walks a document (comments, verbatim and math handled by pylatexenc's
parser, which tolerates errors) and yields each use of the named commands with its
position and arguments: ``\\cite[see][p. 3]{a,b}``, ``\\bibliography{refs}``,
``\\bibitem[label]{key}``. ``to_text`` turns a LaTeX string (a BibTeX field, a
bibliography item) into the Unicode text a reader sees: ``{\\"o}`` is ö, ``--`` an en
dash, ``\\&`` an ampersand, braces dropped, math kept as text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pylatexenc import latex2text, latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text

__all__ = [
    "BIBLIOGRAPHY_COMMANDS",
    "CITE_COMMANDS",
    "Command",
    "commands",
    "quiet",
    "to_text",
]

# natbib's and biblatex's citation commands (capitalised forms included); each takes a
# star, two optional notes and the keys.
CITE_COMMANDS = frozenset(
    f"{lead}{rest}"
    for name in (
        "cite",
        "citep",
        "citet",
        "citealp",
        "citealt",
        "citeauthor",
        "citeyear",
        "citeyearpar",
        "citenum",
        "parencite",
        "autocite",
        "textcite",
        "footcite",
        "footcitetext",
        "smartcite",
        "supercite",
        "fullcite",
        "nocite",
    )
    for lead, rest in ((name[0], name[1:]), (name[0].upper(), name[1:]))
)
BIBLIOGRAPHY_COMMANDS = frozenset(
    {"bibliography", "addbibresource", "addglobalbib", "printbibliography"}
)
_ARGUMENTS = {"bibitem": "[{", "printbibliography": "[", "begin": "{"}
# Links in a bibliography item: the address is part of the text a reader sees.
_LINKS = {"url": ("{", "%(1)s"), "doi": ("{", "doi:%(1)s"), "href": ("{{", "%(2)s %(1)s")}


@dataclass(frozen=True)
class Command:
    """One use of a command: its name, where it stands, its optional arguments and its
    braced argument (as written, without the braces; "" when it has none)."""

    name: str
    start: int
    end: int
    star: bool
    options: tuple[str, ...]
    argument: str


@lru_cache(maxsize=1)
def _context() -> macrospec.LatexContextDb:
    db = latexwalker.get_default_latex_context_db()
    specs = [
        macrospec.MacroSpec(name, _ARGUMENTS.get(name, "*[[{"))
        for name in (*CITE_COMMANDS, *BIBLIOGRAPHY_COMMANDS, "bibitem")
    ]
    specs += [macrospec.MacroSpec(name, args) for name, (args, _) in _LINKS.items()]
    db.add_context_category("asrefs", macros=specs, prepend=True)
    return db


def commands(text: str, names: Iterable[str]) -> Iterator[Command]:
    """Each use of the named commands in ``text``, in order (not those in comments).
    ``begin`` names an environment's start: ``Command("begin", …, argument="thebibliography")``."""
    wanted = frozenset(names)
    walker = latexwalker.LatexWalker(text, latex_context=_context(), tolerant_parsing=True)
    with quiet():
        nodes, _, _ = walker.get_latex_nodes()
    yield from _walk(nodes, wanted)


def _walk(
    nodes: Iterable[latexwalker.LatexNode | None], wanted: frozenset[str]
) -> Iterator[Command]:
    for node in nodes:
        if node is None:
            continue
        if node.isNodeType(latexwalker.LatexEnvironmentNode) and "begin" in wanted:
            yield Command("begin", node.pos, node.pos + node.len, False, (), node.environmentname)
        if node.isNodeType(latexwalker.LatexMacroNode) and node.macroname in wanted:
            yield _command(node)
        args = getattr(node, "nodeargd", None)
        if args is not None and args.argnlist:
            yield from _walk(args.argnlist, wanted)
        children = getattr(node, "nodelist", None)
        if children:
            yield from _walk(children, wanted)


def _command(node: latexwalker.LatexMacroNode) -> Command:
    star, options, argument = False, [], ""
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    for arg in args:
        if arg is None:
            continue
        written = arg.latex_verbatim()
        if arg.isNodeType(latexwalker.LatexCharsNode) and written == "*":
            star = True
        elif arg.isNodeType(latexwalker.LatexGroupNode) and written.startswith("["):
            options.append(written[1:-1])
        elif arg.isNodeType(latexwalker.LatexGroupNode):
            argument = written[1:-1]
    return Command(node.macroname, node.pos, node.pos + node.len, star, tuple(options), argument)


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    db = latex2text.get_default_latex_context_db()
    specs = [latex2text.MacroTextSpec(name, text) for name, (_, text) in _LINKS.items()]
    db.add_context_category("asrefs", macros=specs, prepend=True)
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


_SPACE_RE = re.compile(r"\s+")
_MARKUP_RE = re.compile(r"\\[A-Za-z]+\*?|[{}$]")


def to_text(latex: str) -> str:
    """The text a reader sees for a LaTeX string, on one line."""
    if not any(ch in latex for ch in "\\{}$~-'`%&"):
        return _SPACE_RE.sub(" ", latex).strip()
    walker = latexwalker.LatexWalker(latex, latex_context=_context(), tolerant_parsing=True)
    try:
        with quiet():
            text = _converter().nodelist_to_text(walker.get_latex_nodes()[0])
    except (latexwalker.LatexWalkerError, IndexError, KeyError, ValueError):
        text = _MARKUP_RE.sub("", latex)  # what pylatexenc does not take: markup dropped
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


class quiet:
    """A library's warnings (pylatexenc's about an unknown macro or a missing brace it
    tolerated) held back: what matters is reported by asrefs itself, once."""

    def __init__(self, logger: str = "pylatexenc") -> None:
        self._name = logger

    def __enter__(self) -> None:
        self._logger = logging.getLogger(self._name)
        self._level = self._logger.level
        self._logger.setLevel(logging.CRITICAL)

    def __exit__(self, *exc: object) -> None:
        self._logger.setLevel(self._level)
