"""Word list numbering and paragraph styles: numbering.xml and styles.xml.

A paragraph's automatic list number comes from numbering.xml: each list (``w:num``)
points to a definition (``w:abstractNum``) whose levels give the start, the number
format (decimal, letters, Roman, full-width, Chinese) and the label text ("%1.", "[%1]");
a list may override the start or a whole level, and lists sharing a definition share
their counters, as in Word. styles.xml gives, per paragraph style and the styles it is
based on, its list, its outline level and its name (headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from asrefs.read.markers import list_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_DIGITS = "〇一二三四五六七八九"


def w_attr(element: Any, name: str) -> str | None:
    """The ``w:`` attribute ``name`` of an element, when it is a string."""
    value = element.get(W + name)
    return value if isinstance(value, str) else None


def w_child(element: Any, name: str) -> Any:
    """The first ``w:`` child ``name`` of an element (None for no element)."""
    return element.find(W + name) if element is not None else None


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """numbering.xml: list definitions and the running counters of each list."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, lvl) -> start
    level_overrides: dict[tuple[str, int], _Level] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list ``num_id`` at level ``ilvl``; the label Word shows, if any."""
        abstract_id = self.nums.get(num_id)
        if abstract_id is None or abstract_id not in self.abstract:
            return None
        levels = self.abstract[abstract_id]
        level = self.level_overrides.get((num_id, ilvl)) or levels.get(ilvl) or _Level()
        counters = self.counters.setdefault(abstract_id, {})
        if (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            if (num_id, ilvl) in self.overrides:
                counters.pop(ilvl, None)
                level = _Level(self.overrides[(num_id, ilvl)], level.fmt, level.text)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return None

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = self.level_overrides.get((num_id, index)) or levels.get(index) or _Level()
            value = counters.get(index, shown.start)
            return _docx_number(value, shown.fmt if index != ilvl else level.fmt)

        return re.sub(r"%([1-9])", substitute, level.text).strip() or None


def _docx_number(value: int, fmt: str) -> str:
    """``value`` in a Word number format (``w:numFmt``)."""
    if fmt in ("lowerLetter", "upperLetter"):
        return list_number(value, "a" if fmt == "lowerLetter" else "A")
    if fmt in ("lowerRoman", "upperRoman"):
        return list_number(value, "i" if fmt == "lowerRoman" else "I")
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt.startswith(("chineseCounting", "ideographTraditional", "chineseLegalSimplified")):
        return _chinese_number(value)
    return str(value)


def _chinese_number(value: int) -> str:
    if not 0 < value < 100:
        return str(value)
    tens, units = divmod(value, 10)
    out = ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" if tens else ""
    return out + (_CHINESE_DIGITS[units] if units else "")


def load_numbering(root: Any) -> Numbering:
    """The lists numbering.xml defines (none when the package has no numbering part)."""
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(W + "abstractNum"):
        ident = w_attr(abstract, "abstractNumId")
        if ident is not None:
            numbering.abstract[ident] = {
                int(w_attr(lvl, "ilvl") or 0): _level(lvl) for lvl in abstract.iter(W + "lvl")
            }
    for num in root.iter(W + "num"):
        ident = w_attr(num, "numId")
        abstract_ref = w_child(num, "abstractNumId")
        if ident is None or abstract_ref is None:
            continue
        numbering.nums[ident] = w_attr(abstract_ref, "val") or ""
        for override in num.iter(W + "lvlOverride"):
            ilvl = int(w_attr(override, "ilvl") or 0)
            start = w_child(override, "startOverride")
            if start is not None and (w_attr(start, "val") or "").isdigit():
                numbering.overrides[(ident, ilvl)] = int(w_attr(start, "val") or 1)
            lvl = w_child(override, "lvl")
            if lvl is not None:
                numbering.level_overrides[(ident, ilvl)] = _level(lvl)
    return numbering


def _level(lvl: Any) -> _Level:
    start = w_child(lvl, "start")
    fmt = w_child(lvl, "numFmt")
    text = w_child(lvl, "lvlText")
    start_value = w_attr(start, "val") if start is not None else None
    return _Level(
        int(start_value) if start_value and start_value.isdigit() else 1,
        (w_attr(fmt, "val") if fmt is not None else None) or "decimal",
        (w_attr(text, "val") if text is not None else None) or "",
    )


@dataclass
class Style:
    """A paragraph style: its name, parent style, list (numId, level) and outline level."""

    name: str = ""
    based_on: str | None = None
    num: tuple[str, int] | None = None
    outline: int | None = None


def load_styles(root: Any) -> dict[str, Style]:
    """The paragraph styles of styles.xml by id."""
    styles: dict[str, Style] = {}
    if root is None:
        return styles
    for style in root.iter(W + "style"):
        ident = w_attr(style, "styleId")
        if ident is None:
            continue
        name = w_child(style, "name")
        based = w_child(style, "basedOn")
        ppr = w_child(style, "pPr")
        styles[ident] = Style(
            (w_attr(name, "val") if name is not None else None) or ident,
            w_attr(based, "val") if based is not None else None,
            paragraph_list(ppr),
            outline_level(ppr),
        )
    return styles


def paragraph_list(ppr: Any) -> tuple[str, int] | None:
    """The list (numId, level) that paragraph properties (``w:pPr``) put a paragraph in."""
    num_pr = w_child(ppr, "numPr")
    if num_pr is None:
        return None
    num_id = w_child(num_pr, "numId")
    ilvl = w_child(num_pr, "ilvl")
    ident = w_attr(num_id, "val") if num_id is not None else None
    level = w_attr(ilvl, "val") if ilvl is not None else None
    if ident is None:
        return None
    return ident, int(level) if level and level.isdigit() else 0


def outline_level(ppr: Any) -> int | None:
    """The outline level (0-8) set in paragraph properties, if any."""
    outline = w_child(ppr, "outlineLvl")
    value = w_attr(outline, "val") if outline is not None else None
    return int(value) if value and value.isdigit() and int(value) < 9 else None
