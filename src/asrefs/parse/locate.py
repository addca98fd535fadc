"""Where an article's reference list is and how it splits into entries.

* Locating the list: the last reference heading ("References", "参考文献"...) followed
  by entries, else the trailing run of numbered entries; the list ends at the first line
  that is neither a new entry nor a plausible continuation of the previous one (a rule,
  a heading, a disclaimer, body text).
* Splitting it into entries: "[1]", "1.", "1)", "(1)", "［１］", "^1", superscripts,
  run-together "...117591.[5]Ke M...", or one entry per paragraph when unnumbered (a
  bullet, "- " or "• ", starts an entry and is not part of it).

Everything here is pure and works on offsets into the article's text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from asrefs.dates import PRINTED_YEAR
from asrefs.text import HAN

__all__ = ["Entry", "find_reference_section", "locate"]

_HEADING_RE = re.compile(
    r"^[ \t\u3000]*(?:#{1,6}[ \t]*)?(?:[*_]{1,3}[ \t]*)?[【\[]?"
    r"(?:(?:[0-9]{1,2}|[IVX]{1,4})[.、)]?[ \t]+)?"
    r"(?:references?|reference[ \t]+list|list[ \t]+of[ \t]+references|bibliography"
    r"|literature[ \t]+cited|works[ \t]+cited|cited[ \t]+literature|sources"
    r"|参考文献|參考文獻|参考资料|參考資料|引用文献|引用文獻|文献|文獻)"
    r"[】\]]?[ \t]*(?:[*_]{1,3})?[ \t]*[:：]?[ \t]*(?:[*_]{1,3})?[ \t\u3000]*(?P<rest>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)

_DIGITS = "0-9０-９"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARKER_RE = re.compile(
    rf"^[ \t\u3000]*(?:[-*•·][ \t]+)?(?P<marker>"
    rf"[\[［][ \t]*(?P<b>[{_DIGITS}]{{1,5}})[ \t]*[\]］]"
    rf"|[(（][ \t]*(?P<p>[{_DIGITS}]{{1,5}})[ \t]*[)）]"
    rf"|(?P<d>[{_DIGITS}]{{1,5}})[ \t]*[.)．）、](?![{_DIGITS}])"
    rf"|\^(?P<c>[0-9]{{1,5}})"
    rf"|(?P<s>[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,5}})"
    rf")[ \t\u3000]*"
)
# "[5]" inside a line after a sentence end: splits only as the next expected number.
_INLINE_MARKER_RE = re.compile(
    rf"(?<=[.。;；!?])[ \t]*[\[［][ \t]*([{_DIGITS}]{{1,5}})[ \t]*[\]］](?=[ \t]*\S)"
)

_HR_RE = re.compile(r"^(?:[-*_=~][ \t]*){3,}$")
# A bullet before an unnumbered entry ("- Smith J…", "• Smith J…"): not part of the entry.
_BULLET_RE = re.compile(r"^[ \t\u3000]*[-*+•·][ \t]+(?=\S)")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s")
_STOP_START_RE = re.compile(
    r"^[#*_>\s【\[]*(?:免责|声明|版权|扫码|扫描|长按|关注|联系|转载|原文|阅读原文|点击|来源[:：]"
    r"|编辑[:：]|责编|审核|排版|作者简介|致谢|附录|注释|disclaimer|copyright|©|\(c\)\s"
    r"|all rights reserved|acknowledg|appendix|appendices|supplementary|funding"
    r"|conflicts? of interest|competing interests?|author contributions?|abbreviations"
    r"|footnotes?\b|about the authors?|follow us|contact|corresponding author|scan )",
    re.IGNORECASE,
)
_STOP_ANYWHERE_RE = re.compile(
    r"免责|扫码|二维码|公众号|微信|版权所有|qr[- ]?code|all rights reserved", re.IGNORECASE
)
_FEATURES_RE = re.compile(
    rf"(?<![0-9]){PRINTED_YEAR}(?![0-9])|\bdoi\b|https?://|www\.|\bet al\b|等\."
    r"|\[[A-Z]{1,2}(?:/OL)?\]|\bvol\.|\bpp?\.\s*[0-9]|[0-9]+\s*\([0-9]+\)\s*:|[0-9]+:\s*[0-9]+"
    r"|\bISSN\b|\bPMID\b",
    re.IGNORECASE,
)
_STRONG_FEATURES_RE = re.compile(r"\bdoi\b|10\.[0-9]{4,9}/|\[[A-Z]{1,2}(?:/OL)?\]", re.IGNORECASE)
_HAN_RE = re.compile(f"[{HAN}]")
_CJK_SENTENCE_RE = re.compile(r"[。！？!?]")
_URLISH_RE = re.compile(r"^(?:https?://|www\.|doi:|10\.[0-9]{4,9}/)", re.IGNORECASE)
_CONTINUING_WORDS = frozenset({"and", "et", "in", "of", "the", "for", "with", "to", "on", "In"})


@dataclass
class Entry:
    """One entry of the list: where it starts and ends, its number and printed marker."""

    offset: int  # the marker's first character (or the text's, when unnumbered)
    number: int | None
    label: str | None
    parts: list[str] = field(default_factory=list)
    end: int = 0

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _line_spans(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start``, ``end`` excluding the line break."""
    spans = []
    pos = start
    while pos < len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        end = stop - 1 if stop > pos and text[stop - 1] == "\r" else stop
        spans.append((pos, end))
        pos = stop + 1
    return spans


def _marker_number(match: re.Match[str]) -> int:
    for group in ("b", "p", "d", "c"):
        value = match.group(group)
        if value:
            return int(value)  # int() reads full-width digits too
    return int(match.group("s").translate(_SUPERSCRIPTS))


def _accepts(number: int, expected: int | None) -> bool:
    """Whether a line-start number continues the list (gaps and a repeat are tolerated)."""
    if expected is None:
        return True
    return expected - 1 <= number <= expected + 4


def _ends_with_identifier(line: str) -> bool:
    parts = line.rsplit(None, 1)
    return bool(parts) and bool(_URLISH_RE.match(parts[-1]))


def _expects_more(line: str) -> bool:
    """Whether a line looks cut off mid-entry (ends with a comma, a hyphen, a word...)."""
    line = line.rstrip()
    if not line or _ends_with_identifier(line):
        return False
    last = line[-1]
    if last in ",;:-–—&/(":
        return True
    words = line.split()
    if words and words[-1] in _CONTINUING_WORDS:
        return True
    return last.isalpha()


def _is_prose(line: str) -> bool:
    """Body text in a CJK language: many CJK characters, sentence punctuation, no codes."""
    if _STRONG_FEATURES_RE.search(line):
        return False
    han = len(_HAN_RE.findall(line))
    return han >= 20 or (han >= 4 and bool(_CJK_SENTENCE_RE.search(line)))


def _is_stop(line: str, previous: str) -> bool:
    """A line that ends the list whatever follows: a rule, a heading, a disclaimer..."""
    if _HR_RE.match(line) or _MD_HEADING_RE.match(line):
        return True
    if _STOP_ANYWHERE_RE.search(line) and not _STRONG_FEATURES_RE.search(line):
        return True
    return bool(_STOP_START_RE.match(line)) and not _expects_more(previous)


def _continues(previous: str, line: str, after_blank: bool) -> bool:
    if _is_prose(line):
        return False
    expects = _expects_more(previous)
    features = bool(_FEATURES_RE.search(line))
    if after_blank:
        return expects and features
    return expects or features


def _split_inline(entries: list[Entry], text: str, start: int, end: int) -> None:
    """Add text[start:end] to the last entry, splitting at "[n]" for the next number n."""
    current = entries[-1]
    expected = (current.number or 0) + 1
    segment = text[start:end]
    cursor = 0
    for match in _INLINE_MARKER_RE.finditer(segment):
        if current.number is None or int(match.group(1)) != expected:
            continue
        current.parts.append(segment[cursor : match.start()])
        current.end = start + match.start()
        bracket = match.start() + len(match.group()) - len(match.group().lstrip())
        current = Entry(start + bracket, expected, match.group().strip())
        entries.append(current)
        cursor = match.end()
        expected += 1
    current.parts.append(segment[cursor:])
    current.end = end


def _scan_numbered(text: str, spans: list[tuple[int, int]]) -> list[Entry]:
    entries: list[Entry] = []
    previous = ""
    after_blank = False
    for line_start, line_end in spans:
        line = text[line_start:line_end]
        stripped = line.strip()
        if not stripped:
            after_blank = True
            continue
        match = _MARKER_RE.match(line)
        expected = (entries[-1].number or 0) + 1 if entries else None
        if match is not None and _accepts(_marker_number(match), expected):
            number = _marker_number(match)
            marker = match.group("marker")
            entries.append(Entry(line_start + match.start("marker"), number, marker))
            content_start = line_start + match.end()
        elif (
            not entries
            or _is_stop(stripped, previous)
            or not _continues(previous, stripped, after_blank)
        ):
            break
        else:
            content_start = line_start
        _split_inline(entries, text, content_start, line_end)
        previous = stripped
        after_blank = False
    return entries


def _scan_unnumbered(text: str, spans: list[tuple[int, int]]) -> list[Entry]:
    entries: list[Entry] = []
    previous = ""
    after_blank = False
    for line_start, line_end in spans:
        line = text[line_start:line_end]
        stripped = line.strip()
        if not stripped:
            after_blank = True
            continue
        if _is_stop(stripped, previous) or _is_prose(stripped):
            break
        bullet = _BULLET_RE.match(line)
        indented = line[:1] in (" ", "\t", "\u3000")
        joins = bool(entries) and not after_blank and not bullet
        if joins and (indented or _expects_more(previous) or stripped[:1].islower()):
            entries[-1].parts.append(stripped)
        else:
            lead = bullet.end() if bullet else len(line) - len(line.lstrip())
            stripped = line[lead:].strip()
            entries.append(Entry(line_start + lead, None, None, [stripped]))
        entries[-1].end = line_end
        previous = stripped
        after_blank = False
    # An unnumbered list ends before the first paragraph that does not look like a reference.
    for position, entry in enumerate(entries):
        if not _FEATURES_RE.search(entry.text):
            return entries[:position]
    return entries


def _scan(text: str, start: int) -> list[Entry]:
    spans = _line_spans(text, start)
    first = next((s for s in spans if text[s[0] : s[1]].strip()), None)
    if first is None:
        return []
    spans = spans[spans.index(first) :]
    if _MARKER_RE.match(text[first[0] : first[1]]):
        return _scan_numbered(text, spans)
    return _scan_unnumbered(text, spans)


def _heading_body_start(text: str, match: re.Match[str]) -> int | None:
    rest = match.group("rest")
    if rest.strip():
        # "参考文献：[1] ..." with the first entry on the heading's line.
        return match.start("rest") if _MARKER_RE.match(rest) else None
    return match.end() + 1 if match.end() < len(text) else None


def _numbered_runs(text: str) -> list[int]:
    """Offsets of lines starting with marker 1, last first: candidate heading-less lists."""
    starts = []
    for line_start, line_end in _line_spans(text, 0):
        match = _MARKER_RE.match(text[line_start:line_end])
        if match is not None and _marker_number(match) == 1:
            starts.append(line_start)
    return starts[::-1]


def locate(text: str) -> list[Entry]:
    """The entries of the article's reference list, in order; [] when there is none."""
    return list(_located(text))


@functools.lru_cache(maxsize=1)  # parsing the list and finding the body's end both ask
def _located(text: str) -> tuple[Entry, ...]:
    for heading in reversed(list(_HEADING_RE.finditer(text))):
        start = _heading_body_start(text, heading)
        if start is None:
            continue
        entries = _scan(text, start)
        if entries:
            return tuple(entries)
    for start in _numbered_runs(text):
        entries = _scan(text, start)
        if len(entries) >= 2:
            return tuple(entries)
    return ()


def find_reference_section(text: str) -> tuple[int, int] | None:
    """Offsets [start, end) of the reference list's body, or None when there is none."""
    entries = locate(text)
    if not entries:
        return None
    return entries[0].offset, entries[-1].end
