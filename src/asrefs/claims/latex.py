"""Citation commands in a LaTeX article's source: ``\\cite``, natbib's ``\\citep`` and
``\\citet``, biblatex's ``\\parencite``, ``\\autocite``, ``\\textcite`` and the rest
(:data:`asrefs.tex.CITE_COMMANDS`), starred or not, with optional notes
(``\\citep[see][p. 3]{key}``) and several keys. Each command is one Marker citing the
references its keys name; a key no reference has is in the marker's ``missing``.
``\\nocite{*}`` cites every reference. Commands in comments are none.
"""

from __future__ import annotations

from collections.abc import Sequence

from asrefs.claims.offsets import Lines, clip
from asrefs.models import Article, Marker, Reference
from asrefs.tex import CITE_COMMANDS, commands

__all__ = ["cite_markers", "key_labels"]


def key_labels(refs: Sequence[Reference]) -> dict[str, int]:
    """Each reference's key mapped to its index (the first, when a key is repeated)."""
    out: dict[str, int] = {}
    for ref in refs:
        if ref.key:
            out.setdefault(ref.key, ref.index)
    return out


def cite_markers(article: Article, body_end: int | None, labels: dict[str, int]) -> list[Marker]:
    """The citation commands of the body (the text before ``body_end``), in text order."""
    text = article.text[: clip(body_end, article.text)]
    folded = {key.lower(): index for key, index in reversed(labels.items())}
    lines = Lines(article.text)
    out = []
    for command in commands(text, CITE_COMMANDS):
        keys = [k.strip() for k in command.argument.split(",") if k.strip()]
        if keys == ["*"]:
            refs = tuple(dict.fromkeys(labels.values()))
            missing: tuple[str, ...] = ()
        else:
            found = [labels.get(k, folded.get(k.lower())) for k in keys]
            refs = tuple(dict.fromkeys(n for n in found if n is not None))
            missing = tuple(k for k, n in zip(keys, found, strict=True) if n is None)
        out.append(
            Marker(
                text=article.text[command.start : command.end],
                refs=refs,
                line=lines.line_of(command.start),
                offset=command.start,
                missing=missing,
            )
        )
    return out
