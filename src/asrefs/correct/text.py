"""Corrections written into a text file (Markdown, plain text, LaTeX, BibTeX): each
edit placed in the file's own text near the reference's line, the rest of the file kept
byte for byte.

A reader's view of a file is not always its source (Markdown emphasis, LaTeX commands,
an entry wrapped over lines), so an edit is placed where its reference's printed string
stands in the source when it does, else where the words around the edit do, on the
lines the reference is printed on; an edit that cannot be placed is reported, never
guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from asrefs.correct import Correction, Edit

CONTEXT = (24, 12, 6, 3)  # characters of context tried around an edit, longest first


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def region(source: str, line: int, raw: str) -> tuple[int, int]:
    """The span of the source's lines that print a reference at ``line`` (with a line's
    slack either side)."""
    starts = _line_starts(source)
    first = max(0, line - 2)
    last = min(len(starts), line + raw.count("\n") + 2)
    return starts[min(first, len(starts) - 1)], starts[last] if last < len(starts) else len(source)


def place(haystack: str, raw: str, edit: Edit) -> tuple[int, int] | None:
    """Where ``edit`` of ``raw`` stands in ``haystack``: through the whole string when it
    is there, else through the words around the edit when they occur exactly once."""
    at = haystack.find(raw)
    if at >= 0:
        return at + edit.start, at + edit.end
    old = raw[edit.start : edit.end]
    for k in CONTEXT:
        left, right = raw[max(0, edit.start - k) : edit.start], raw[edit.end : edit.end + k]
        needle = left + old + right
        if len(needle.strip()) < 6:
            continue
        at = haystack.find(needle)
        if at >= 0 and haystack.find(needle, at + 1) < 0:
            return at + len(left), at + len(left) + len(old)
    return None


def apply_text(
    source: str, corrections: Sequence[Correction]
) -> tuple[str, list[Correction], list[Correction]]:
    """The source with the corrections made; the corrections made and those of which
    some edit could not be placed (left out whole)."""
    spans: list[tuple[int, int, str]] = []
    done: list[Correction] = []
    missed: list[Correction] = []
    for c in corrections:
        lo, hi = region(source, c.reference.line, c.reference.raw)
        placed = [place(source[lo:hi], c.reference.raw, e) for e in c.edits]
        if any(p is None for p in placed):
            missed.append(c)
            continue
        new = [
            (lo + p[0], lo + p[1], e.new)
            for p, e in zip(placed, c.edits, strict=True)
            if p is not None
        ]
        if any(a < d and c2 < b for a, b, _ in new for c2, d, _ in spans):
            missed.append(c)
            continue
        spans.extend(new)
        done.append(c)
    out = source
    for start, end, text in sorted(spans, reverse=True):
        out = out[:start] + text + out[end:]
    return out, done, missed
