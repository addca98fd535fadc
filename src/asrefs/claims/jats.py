"""Citation markers and prose of a JATS article (the Article's text is its XML source).

A marker is an ``<xref ref-type="bibr" rid="…">``: its ``rid`` names the refs it cites
by their ``id`` (a name no ref has is kept in ``Marker.missing``, a dangling marker), and
two markers joined by a dash ("<xref rid="B1">1</xref>–<xref rid="B3">3</xref>") cite
the range between them. The claims are read from the prose: the source with everything
before ``<body>`` and every tag made spaces, so offsets and lines stay the file's.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator

from asrefs.claims.offsets import Lines, clip
from asrefs.models import Article, Marker
from asrefs.text import xml_unmarked

_XREF = re.compile(r"<xref\b(?P<attrs>[^>]*?)(?:/>|>.*?</xref\s*>)", re.S)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(r"<[^>]*>")
_BODY = re.compile(r"<body(?=[\s/>])")
_DASH = re.compile(r"\s*(?:[-‐‑–—]|&#x?(?:2013|8211|2014|8212);|&ndash;)\s*")


def jats_markers(article: Article, body_end: int | None = None) -> list[Marker]:
    """The bibliographic xrefs before ``body_end``, in order, ranges joined."""
    unmarked = xml_unmarked(article.text)
    keys = {r.key: r.index for r in article.references if r.key}
    lines = Lines(article.text)
    found = list(_xrefs(unmarked, clip(body_end, article.text), keys))
    out: list[Marker] = []
    i = 0
    while i < len(found):
        start, end, refs, unknown = found[i]
        after = found[i + 1] if i + 1 < len(found) else None
        if after is not None and _is_range(unmarked, end, after[0], refs, after[2]):
            end, refs, unknown = after[1], tuple(range(refs[0], after[2][0] + 1)), after[3]
            i += 1
        text = article.text[start:end]
        out.append(Marker(text, refs, lines.line_of(start), start, missing=unknown))
        i += 1
    return out


def _xrefs(
    unmarked: str, end: int, keys: dict[str, int]
) -> Iterator[tuple[int, int, tuple[int, ...], tuple[str, ...]]]:
    for m in _XREF.finditer(unmarked, 0, end):
        attrs = {name: a or b for name, a, b in _ATTR.findall(m.group("attrs"))}
        rids = html.unescape(attrs.get("rid", "")).split()
        kind = attrs.get("ref-type")
        if not rids or not (kind == "bibr" or (kind is None and all(r in keys for r in rids))):
            continue
        refs = tuple(dict.fromkeys(keys[r] for r in rids if r in keys))
        yield m.start(), m.end(), refs, tuple(r for r in rids if r not in keys)


def _is_range(
    text: str, end: int, start: int, left: tuple[int, ...], right: tuple[int, ...]
) -> bool:
    """Two single-ref markers joined by a dash, the second after the first."""
    if len(left) != 1 or len(right) != 1 or right[0] <= left[0]:
        return False
    return _DASH.fullmatch(_TAG.sub("", text[end:start])) is not None


def jats_prose(article: Article) -> Article:
    """The article with its text reduced to the body's prose (same length and lines)."""
    unmarked = xml_unmarked(article.text)
    body = _BODY.search(unmarked)
    head = body.start() if body else 0
    prose = _spaces(unmarked[:head]) + _TAG.sub(lambda m: _spaces(m.group()), unmarked[head:])
    return dataclasses.replace(article, text=prose)


def _spaces(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)
