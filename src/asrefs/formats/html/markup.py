"""The page's safe pieces of HTML: escaping, links, severity labels and the marking of
the words two values differ in.

Every string from the article and the registries goes through ``esc`` (attribute values
too); links are built only from validated identifiers behind fixed ``https://``
prefixes. Colour is never the only signal: each level has an icon and a word.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from urllib.parse import quote

from asrefs.models import Finding
from asrefs.text import HAN

LEVELS = ("error", "warning", "info", "accepted")
RANK = {"error": 4, "warning": 3, "info": 2, "accepted": 1}
LEVEL_ICON = {"error": "×", "warning": "!", "info": "i", "accepted": "✓"}
STATUS_ICON = {"verified": "✓", "discrepancies": "!", "unresolved": "?"}

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^[0-9]{1,9}$")
_PMCID = re.compile(r"^PMC[0-9]{1,9}$", re.IGNORECASE)
# a word, a Chinese character, a run of spaces or a punctuation mark
_TOKEN = re.compile(rf"[{HAN}]|[^\W{HAN}]+|\s+|[^\w\s]")
# C0 controls other than tab and newline, and lone surrogates, are not allowed in HTML.
_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def esc(value: object) -> str:
    """Text for HTML content and (double- or single-quoted) attribute values."""
    return html.escape(_INVALID.sub("\ufffd", str(value)), quote=True)


def level_of(f: Finding) -> str:
    return "accepted" if f.accepted is not None else f.severity.value


def top_level(levels: Iterable[str]) -> str:
    """The most serious of ``levels`` ("" when there is none)."""
    best = ""
    for lv in levels:
        if not best or RANK[lv] > RANK[best]:
            best = lv
    return best


def heading(level: int) -> str:
    """The tag name of a heading of ``level`` (at most h6)."""
    return f"h{min(6, level)}"


def level_label(level: str, word: str) -> str:
    """A level shown by its icon and its word."""
    return (
        f'<span class="lvl lv-{level}"><span class="ico" aria-hidden="true"><span>'
        f"{LEVEL_ICON[level]}</span></span>{esc(word)}</span>"
    )


# ---------------------------------------------------------------------------
# Links: only validated identifiers, only behind fixed https prefixes.


def doi_url(doi: str | None) -> str | None:
    if not doi or not _DOI.match(doi.strip()):
        return None
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-")


def pubmed_url(pmid: str | None) -> str | None:
    if not pmid or not _PMID.match(pmid.strip()):
        return None
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid.strip()}/"


def pmc_url(pmcid: str | None) -> str | None:
    if not pmcid or not _PMCID.match(pmcid.strip()):
        return None
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid.strip().upper()}/"


def link(url: str | None, text: str) -> str:
    """An external link, or the text alone when there is no URL."""
    if url is None:
        return esc(text)
    return f'<a href="{esc(url)}" rel="noopener noreferrer external">{esc(text)}</a>'


# ---------------------------------------------------------------------------
# The words two values differ in.


def diff(a: str, b: str) -> tuple[str, str]:
    """Both strings escaped, with the words (or CJK characters) that differ marked."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if "".join(ta) != a or "".join(tb) != b:  # tokens must cover the text
        return esc(a), esc(b)
    sm = difflib.SequenceMatcher(
        None, [t.casefold() for t in ta], [t.casefold() for t in tb], autojunk=False
    )
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        sa, sb = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if op == "equal":
            out_a.append(esc(sa))
            out_b.append(esc(sb))
            continue
        out_a.append(_marked(sa))
        out_b.append(_marked(sb))
    return "".join(out_a), "".join(out_b)


def _marked(text: str) -> str:
    """The text escaped and marked as differing, its surrounding spaces left out."""
    core = text.strip()
    if not core:
        return esc(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f'{esc(lead)}<mark class="dw">{esc(core)}</mark>{esc(trail)}'
