"""Numbers as HTML, Word and Markdown print them: superscript citation markers and list labels.

A superscript that holds a citation list becomes Unicode superscripts ("<sup>1,3</sup>"
-> "¹,³", which the claims stage reads as markers, and as exponents after a unit, like
"m²"), or stays as printed when bracketed ("<sup>[1]</sup>" -> "[1]"). A list label is
the number a browser or Word shows: 3, c, C, iii or III.
"""

from __future__ import annotations

import re

SUP_LIST_RE = re.compile(r"^[\[［(（]?\s*[0-9]{1,4}(?:\s*[-–—~,，、;]\s*[0-9]{1,4})*\s*[\]］)）]?$")
# A list item that prints its own number ("[1] …", "1. …"): no list number is added.
LEADING_MARKER_RE = re.compile(
    r"^\s*(?:[\[［(（]\s*[0-9０-９]{1,5}\s*[\]］)）]|[0-9]{1,5}\s*[.)．、])"
)
TO_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript_marker(text: str) -> str:
    """The text of a superscript: a citation list becomes Unicode superscripts.

    "1" -> "¹", "1,3" -> "¹,³", "2-5" -> "²⁻⁵"; a bracketed list stays as printed
    ("[1]", "[2-4]"); anything else ("th", "®") is returned unchanged.
    """
    stripped = text.strip()
    if not stripped or not SUP_LIST_RE.match(stripped):
        return text
    if stripped[0] in "[［(（":
        return stripped
    compact = re.sub(r"\s+", "", stripped).replace("–", "-").replace("—", "-")
    return compact.translate(TO_SUPERSCRIPT)


def list_number(number: int, style: str) -> str:
    """``number`` in a list style: "1" decimal, "a"/"A" letters, "i"/"I" Roman numerals;
    decimal where the style has no form for it (letters below 1, Roman outside 1-3999)."""
    if style in ("a", "A") and number > 0:
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I") and 0 < number < 4000:
        roman = _roman(number)
        return roman if style == "I" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out
