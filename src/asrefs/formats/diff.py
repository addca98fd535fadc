"""Word-level differences between the article's value and the registry's.

Words are runs of letters and digits; a CJK character is a word of its own; spaces and
punctuation are tokens too, so joining the tokens gives the text back unchanged.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one CJK character
    r"|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"  # a word
    r"|\s+"
    r"|[^\w\s]"  # one punctuation mark
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Part:
    """A stretch of the comparison: ``a`` from the first text, ``b`` from the second.
    Equal parts have ``a == b``; a deletion has ``b == ""``, an insertion ``a == ""``."""

    tag: str  # equal, replace, delete, insert
    a: str
    b: str


def parts(a: str, b: str) -> list[Part]:
    """The texts' word-level comparison, in order."""
    ta, tb = tokens(a), tokens(b)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.append(Part(tag, "".join(ta[i1:i2]), "".join(tb[j1:j2])))
    return out


def similar(a: str, b: str) -> bool:
    """True when the texts share enough words for highlighting the rest to help."""
    shared = sum(len(p.a) for p in parts(a, b) if p.tag == "equal" and p.a.strip())
    return shared > 0 and shared * 2 >= min(len(a), len(b))


def summary(a: str, b: str, context: int = 2) -> str:
    """Only what changed, in ``git diff --word-diff`` notation, with ``context`` words
    either side: ``… inhibits osteoclastogenesis [-via-] lnc NORAD …``."""
    items = parts(a, b)
    pieces: list[str] = []
    for i, p in enumerate(items):
        if p.tag != "equal":
            change = []
            if p.a.strip():
                change.append(f"[-{p.a.strip()}-]")
            if p.b.strip():
                change.append(f"{{+{p.b.strip()}+}}")
            pieces.append(" ".join(change) if change else " ")
            continue
        words = tokens(p.a)
        head = _take(words, context) if i > 0 else []
        tail = _take(words[::-1], context)[::-1] if i < len(items) - 1 else []
        if len(head) + len(tail) >= len(words):
            pieces.append(p.a)
        else:
            left, right = "".join(head).rstrip(), "".join(tail).lstrip()
            pieces.append(" … ".join(x for x in (left, right) if x) if left and right else "")
            if not (left and right):
                pieces[-1] = f"{left} …" if left else f"… {right}"
    text = "".join(pieces)
    text = re.sub(r"(-\]|\+\})(?=[^\s,.;:)\]}])", r"\1 ", text)
    text = re.sub(r"(?<=[^\s(\[{])(\[-|\{\+)", r" \1", text)
    return re.sub(r"\s+", " ", text).strip()


def _take(words: list[str], n: int) -> list[str]:
    """The first tokens of ``words`` holding ``n`` words (spaces and punctuation between
    them included)."""
    taken: list[str] = []
    count = 0
    for w in words:
        if w.strip() and w.isalnum():
            if count == n:
                break
            count += 1
        taken.append(w)
    return taken
