"""A LaTeX article's own reference list: the ``\\bibitem`` entries of its
``thebibliography`` environment (written by hand, or compiled by BibTeX into a .bbl),
and where the body ends.

Each item is the printed reference LaTeX typesets: its text (through
:func:`asrefs.tex.to_text`) is parsed as printed text, and the item's key is the
Reference's ``key``. The references of the .bib files the article names are its
companions' (see :mod:`.bibtex`).
"""

from __future__ import annotations

from dataclasses import replace

from asrefs.models import Article, Reference
from asrefs.parse.entry import parse_entry
from asrefs.tex import commands, to_text

__all__ = ["body_end", "read_thebibliography"]

_LIST_COMMANDS = {"bibliography", "printbibliography"}


def read_thebibliography(article: Article) -> list[Reference]:
    """The ``\\bibitem`` entries of the article's ``thebibliography`` environments."""
    text = article.text
    found = list(commands(text, {"begin", "bibitem"}))
    lists = [c for c in found if c.name == "begin" and c.argument == "thebibliography"]
    out: list[Reference] = []
    for env in lists:
        items = [c for c in found if c.name == "bibitem" and env.start < c.start < env.end]
        close = text.rfind("\\end", env.start, env.end)
        for item, following in zip(items, [*items[1:], None], strict=True):
            end = following.start if following is not None else close
            printed = to_text(text[item.end : end])
            if not printed:
                continue
            ref = parse_entry(
                printed,
                len(out) + 1,
                article.line_of(item.start),
                item.start,
                numbered=False,
                label=item.options[0] if item.options else item.argument,
            )
            out.append(replace(ref, key=item.argument.strip()))
    return out


def body_end(article: Article) -> int:
    """Where the list begins: the first ``thebibliography``, ``\\bibliography`` or
    ``\\printbibliography``; the end of the text when there is none."""
    starts = [
        c.start
        for c in commands(article.text, {"begin", *_LIST_COMMANDS})
        if c.name in _LIST_COMMANDS or c.argument == "thebibliography"
    ]
    return min(starts, default=len(article.text))
