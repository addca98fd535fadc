"""LaTeX articles (.tex, and a compiled bibliography, .bbl) and BibTeX databases (.bib).

A .tex is read as its source text (format "latex"); the .bib files it names with
``\\bibliography{a,b}`` or ``\\addbibresource{x.bib}`` (relative to the .tex, as LaTeX
finds them) are its companions, read as format "bibtex". A .bib the article names that
does not exist is an input error, as it is for BibTeX and biber. Standard input is
recognised as BibTeX when it opens with an entry (``@article{``), as LaTeX when it
opens with ``\\documentclass`` or ``\\begin{thebibliography}``.
"""

from __future__ import annotations

import re
from pathlib import Path

from asrefs.errors import InputError
from asrefs.tex import commands

LATEX_SUFFIXES = {".tex", ".ltx", ".bbl"}
BIBTEX_SUFFIXES = {".bib"}

_BIBTEX_START_RE = re.compile(r"\s*(?:%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")
_LATEX_START_RE = re.compile(
    r"\s*(?:%[^\n]*\n\s*)*\\(?:documentclass|documentstyle|begin\{thebibliography\})"
)


def sniff(head: str) -> str | None:
    """ "bibtex" or "latex" when the start of a text says so, else None."""
    if _BIBTEX_START_RE.match(head):
        return "bibtex"
    if _LATEX_START_RE.match(head):
        return "latex"
    return None


def bib_files(path: str, text: str) -> list[Path]:
    """The .bib files the LaTeX source names, in order, relative to its folder (the
    current folder for standard input); an InputError names the first that is missing."""
    folder = Path(path).parent if path != "-" else Path()
    out: list[Path] = []
    for command in commands(text, {"bibliography", "addbibresource", "addglobalbib"}):
        for name in (n.strip() for n in command.argument.split(",")):
            if not name:
                continue
            if command.name == "bibliography" and not name.endswith(".bib"):
                name += ".bib"
            found = folder / name
            if not found.is_file():
                line = text.count("\n", 0, command.start) + 1
                where = "" if str(found) == name else f" (looked for {found})"
                raise InputError(
                    f"{path}:{line}: \\{command.name} names {name}, which does not exist{where}"
                )
            if found not in out:
                out.append(found)
    return out
