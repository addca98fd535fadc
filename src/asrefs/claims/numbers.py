"""Counts and percentages the text attributes to the works a marker cites.

"共纳入 1,234 名患者", "87.5%", "12 randomised trials", "n = 40": found in the span of
text that follows a marker's sentence up to the next cited sentence or heading, outside
titles, journal names and quotations.
"""

from __future__ import annotations

import re

from asrefs.claims.layout import QUOTED_RE, Layout
from asrefs.claims.offsets import Spans, blank

__all__ = ["numbers"]

_NUMBER = r"(?P<n>[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?)"
_NUMBER_RES = (
    re.compile(rf"(?<![A-Za-z0-9_.\-~第]){_NUMBER}\s*(?P<pct>[%％]|per\s?cent\b)"),
    re.compile(
        rf"(?<![A-Za-z0-9_.\-~第]){_NUMBER}\s*(?:个(?![月小星])|名|例|项|篇|位|只|组|家|所|种|次|份|人|株)"
    ),
    re.compile(
        rf"(?<![A-Za-z0-9_.\-~]){_NUMBER}\s+(?:[a-z\-]+\s+){{0,2}}(?:patients|participants|subjects|"
        r"individuals|people|volunteers|cases|studies|trials|RCTs|articles|papers|mice|rats|"
        r"samples|centres|centers|hospitals|countries|children|adults|women|men|donors)\b"
    ),
    re.compile(r"\b[nN]\s*=\s*(?P<n>[0-9]+(?:,[0-9]{3})*)\b"),
)


def numbers(layout: Layout, scope: tuple[int, int]) -> list[tuple[str, int]]:
    """Counts and percentages in a span of text (outside titles, journals and quotes):
    each as printed ("1,234", "87.5%") with its offset."""
    start, end = scope
    text = blank(layout.text[start:end], _quoted_spans(layout.text[start:end]))
    out: list[tuple[str, int]] = []
    taken = Spans()
    for pattern in _NUMBER_RES:
        for m in pattern.finditer(text):
            offset = start + m.start("n")
            if layout.sentence_at(offset) is None or not taken.take(m.start(), m.end()):
                continue  # a heading, or part of a number already taken
            value = layout.original[offset : start + m.end("n")]
            if "pct" in m.groupdict() and m.group("pct"):
                value += "%"
            out.append((value, offset))
    return out


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED_RE.finditer(text)]
