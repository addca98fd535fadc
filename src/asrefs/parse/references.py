"""Article -> [Reference]: find the reference list, split it into entries, parse each entry.

Owns three steps, all pure:

* locating the list (the last reference heading, else the trailing run of numbered
  entries) and where it ends (the first line that is neither a new entry nor a plausible
  continuation of the previous one);
* splitting it into entries ("[1]", "1.", "1)", "(1)", "［１］", "^1", superscripts,
  run-together "...117591.[5]Ke M...", or one entry per paragraph when unnumbered);
* parsing an entry's printed fields for the common styles (Vancouver, APA/Wiley,
  Springer/Nature, Elsevier, Frontiers, MDPI/ACS, IEEE, Chicago, Harvard, MLA, GB/T 7714).

Identifiers are delegated to :mod:`asrefs.identifiers`.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from asrefs.dates import month_number
from asrefs.models import Article, Author, Reference
from asrefs.parse import identifiers

log = logging.getLogger("asrefs")

__all__ = ["find_reference_section", "parse_authors", "parse_entry", "parse_references"]

# ---------------------------------------------------------------------------
# Locating and splitting the list
# ---------------------------------------------------------------------------

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
    r"(?<![0-9])(?:1[6-9]|20)[0-9]{2}(?![0-9])|\bdoi\b|https?://|www\.|\bet al\b|等\."
    r"|\[[A-Z]{1,2}(?:/OL)?\]|\bvol\.|\bpp?\.\s*[0-9]|[0-9]+\s*\([0-9]+\)\s*:|[0-9]+:\s*[0-9]+"
    r"|\bISSN\b|\bPMID\b",
    re.IGNORECASE,
)
_STRONG_FEATURES_RE = re.compile(r"\bdoi\b|10\.[0-9]{4,9}/|\[[A-Z]{1,2}(?:/OL)?\]", re.IGNORECASE)
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_CJK_SENTENCE_RE = re.compile(r"[。！？!?]")
_URLISH_RE = re.compile(r"^(?:https?://|www\.|doi:|10\.[0-9]{4,9}/)", re.IGNORECASE)
_CONTINUING_WORDS = frozenset({"and", "et", "in", "of", "the", "for", "with", "to", "on", "In"})


@dataclass
class _Entry:
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
    cjk = len(_CJK_RE.findall(line))
    return cjk >= 20 or (cjk >= 4 and bool(_CJK_SENTENCE_RE.search(line)))


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


def _split_inline(entries: list[_Entry], text: str, start: int, end: int) -> None:
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
        current = _Entry(start + bracket, expected, match.group().strip())
        entries.append(current)
        cursor = match.end()
        expected += 1
    current.parts.append(segment[cursor:])
    current.end = end


def _scan_numbered(text: str, spans: list[tuple[int, int]]) -> list[_Entry]:
    entries: list[_Entry] = []
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
            entries.append(_Entry(line_start + match.start("marker"), number, marker))
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


def _scan_unnumbered(text: str, spans: list[tuple[int, int]]) -> list[_Entry]:
    entries: list[_Entry] = []
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
        indented = line[:1] in (" ", "\t", "\u3000")
        joins = bool(entries) and not after_blank
        if joins and (indented or _expects_more(previous) or stripped[:1].islower()):
            entries[-1].parts.append(stripped)
        else:
            lead = len(line) - len(line.lstrip())
            entries.append(_Entry(line_start + lead, None, None, [stripped]))
        entries[-1].end = line_end
        previous = stripped
        after_blank = False
    # An unnumbered list ends before the first paragraph that does not look like a reference.
    for position, entry in enumerate(entries):
        if not _FEATURES_RE.search(entry.text):
            return entries[:position]
    return entries


def _scan(text: str, start: int) -> list[_Entry]:
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


def _locate(text: str) -> list[_Entry]:
    for heading in reversed(list(_HEADING_RE.finditer(text))):
        start = _heading_body_start(text, heading)
        if start is None:
            continue
        entries = _scan(text, start)
        if entries:
            return entries
    for start in _numbered_runs(text):
        entries = _scan(text, start)
        if len(entries) >= 2:
            return entries
    return []


def find_reference_section(text: str) -> tuple[int, int] | None:
    """Offsets [start, end) of the reference list's body, or None when there is none."""
    entries = _locate(text)
    if not entries:
        return None
    return entries[0].offset, entries[-1].end


def parse_references(article: Article) -> list[Reference]:
    """Every entry of the article's reference list, parsed."""
    out = []
    text = article.text
    line, counted_to = 1, 0
    for position, entry in enumerate(_locate(text), start=1):
        # Same result as article.line_of(entry.offset), counted incrementally: O(n), not O(n²).
        line += text.count("\n", counted_to, entry.offset)
        counted_to = entry.offset
        numbered = entry.number is not None
        reference = parse_entry(
            entry.text,
            entry.number if entry.number is not None else position,
            line,
            entry.offset,
            numbered,
            label=entry.label,
        )
        out.append(reference)
    if not out:
        name = "<stdin>" if article.path == "-" else article.path
        log.warning(
            "%s: no reference list found (a heading such as 'References' or '参考文献' "
            "followed by entries, or a numbered list)",
            name,
        )
    return out


# ---------------------------------------------------------------------------
# Parsing one entry
# ---------------------------------------------------------------------------

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+", re.IGNORECASE)
_DOI_LABEL_RE = re.compile(
    r"(?:\bdoi\s*[:：]?\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)$", re.IGNORECASE
)
_PMID_RE = re.compile(r"\bPMID\s*[:：]?\s*[0-9]+", re.IGNORECASE)
_PMCID_RE = re.compile(r"\b(?:PMCID\s*[:：]?\s*(?:PMC\s?)?|PMC\s?)[0-9]+", re.IGNORECASE)
_ARXIV_RE = re.compile(r"\barxiv\s*[:：]\s*\S+", re.IGNORECASE)
_ISSN_RE = re.compile(
    r"\b(?:[ep]-?)?ISSN\s*[:：]?\s*([0-9]{4})\s*[-‐–]?\s*([0-9]{3}[0-9Xx])", re.IGNORECASE
)
_NOISE_RE = re.compile(
    r"\[(?:cited|accessed|internet|epub ahead of print|published online)[^\]]*\]"
    r"|\((?:accessed|retrieved|cited)[^)]*\)"
    r"|\b(?:available\s+(?:from|at|online)|retrieved\s+from|accessed(?:\s+on)?)\b:?"
    r"|\bEpub\s+(?:ahead\s+of\s+print|[0-9]{4}(?:\s+[A-Z][a-z]{2,8})?(?:\s+[0-9]{1,2})?)\.?",
    re.IGNORECASE,
)
_DANGLING_SEPARATORS_RE = re.compile(r"(?:\s*[,;:]\s*)+(?=[,;.]|$)")
_DOUBLED_PERIOD_RE = re.compile(r"\.(?:\s+[.;,:])+")
# (words one of which a lower-cased entry must hold, the pattern whose matches are cut)
_CUT_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("pmid",), _PMID_RE),
    (("pmc",), _PMCID_RE),
    (("arxiv",), _ARXIV_RE),
    (("issn",), _ISSN_RE),
    (("cited", "access", "internet", "epub", "published", "retriev", "available"), _NOISE_RE),
)
_TYPE_CODE_RE = re.compile(r"\[(J|M|C|D|R|S|P|N|Z|A|G|EB|DB|CP|DS|CM|DT)(?:/OL)?\]", re.IGNORECASE)
_QUOTED_RE = re.compile(
    r"[“\"](?P<t>[^”\"]{3,}?)[”\"]|(?:(?<=\s)|^)[‘'](?P<s>[^’']{3,}?)[’'](?=[\s,.:;]|$)"
)
_QUOTE_CHARS_RE = re.compile("[\"“‘']")
_PAREN_YEAR_RE = re.compile(
    r"\((?P<y>(?:1[6-9]|20)[0-9]{2})[a-z]?(?:,\s*(?P<mon>[A-Za-z]+)\.?(?:\s+(?P<day>[0-9]{1,2}))?)?\)"
)
_TRAILING_YEAR_RE = re.compile(r"[.,]?\s*\(?(?P<y>(?:1[6-9]|20)[0-9]{2})[a-z]?\)?[.,]?\s*$")
_ET_AL_RE = re.compile(r",?\s*(?:\bet\.?\s*al\b\.?|等\.?|and others|…|\.\.\.)", re.IGNORECASE)
_BOUNDARY_RE = re.compile(r"(?<=[.?!])\s+|(?<=\.)(?=[\u3400-\u9fff])")
_COMMA_RE = re.compile(r",\s+")
_HAS_DIGIT_RE = re.compile(r"[0-9]")
_VOL_NO_KEYWORD_RE = re.compile(r"\b(?:vol|no)\.", re.IGNORECASE)
_PP_KEYWORD_RE = re.compile(r"\bpp?\.", re.IGNORECASE)
_FIRST_KEYWORD_RE = re.compile(r",?\s*\b(?:vol|no|pp|p)\.", re.IGNORECASE)
_INVERTED_FIRST_RE = re.compile(r"^[^,\s]+(?:\s[^,\s]+)?,\s")
_LETTER_RE = re.compile(r"[A-Za-z\u3400-\u9fff]")
_YEAR_ONLY_RE = re.compile(r"(?:1[6-9]|20)[0-9]{2}")
_RANGE_RE = re.compile(r"[0-9A-Za-z]\s*[-–—‐]\s*[0-9A-Za-z]")
_RANGE_SPACES_RE = re.compile(r"\s*([-–—‐])\s*")
_COMMA_ABBREVIATION_RE = re.compile(r",\s+((?:[A-Z][a-z]{0,8}\.\s*){1,3})$")
_YEAR_RE = re.compile(r"(?<![0-9])((?:1[6-9]|20)[0-9]{2})(?![0-9])")
_ELSEVIER_RE = re.compile(
    r",\s*(?P<j>[^,]+?)\s*,\s*Volume\s+(?P<vol>[^,]+?)\s*,(?:\s*Issue\s+(?P<iss>[^,]+?)\s*,)?"
    r"\s*(?:(?P<mon>[A-Z][a-z]+)\s+)?(?P<y>[0-9]{4})"
    r"(?:\s*,\s*(?:Pages?\s+)?(?P<pg>[^,]+?))?\s*(?:,|$)"
)

_VOL = r"[A-Za-z]?[0-9]+[A-Za-z]?(?:[-–/][0-9]+)?"
_ISS = r"\((?P<iss>[^()]{1,20})\)"
_NUM = r"[A-Za-z]{0,3}[0-9]+[A-Za-z]?(?:\s*[-–—‐]\s*[A-Za-z]{0,3}[0-9]+[A-Za-z]?)?"
_MON = r"(?P<mon>[A-Z][a-z]{2,8})\.?(?:[-–/][A-Z][a-z]{2,8}\.?)?"
# Each pattern must match a whole "journal + numbers" tail; the first that does wins.
_SOURCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "vancouver",
            rf"(?P<j>.+?)\.?\s+(?P<y>[0-9]{{4}})(?:\s+{_MON}(?:\s+(?P<day>[0-9]{{1,2}}))?)?"
            rf"\s*;\s*(?P<vol>{_VOL})?\s*(?:{_ISS})?\s*(?::\s*(?P<pg>{_NUM}))?",
        ),
        (
            "vancouver",
            rf"(?P<j>.+?)\.\s+(?P<y>[0-9]{{4}})\s+{_MON}(?:\s+(?P<day>[0-9]{{1,2}}))?",
        ),
        (
            "gbt7714",
            rf"(?P<j>.+?),\s*(?P<y>[0-9]{{4}})(?:\s*,\s*(?P<vol>{_VOL})?\s*(?:{_ISS})?"
            rf"\s*(?::\s*(?P<pg>{_NUM}))?)?",
        ),
        (
            "springer",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})\s*(?:{_ISS})?,\s*(?P<pg>{_NUM})\s*\((?P<y>[0-9]{{4}})\)",
        ),
        (
            "cell",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})\s*(?:{_ISS})?,\s*(?P<pg>{_NUM})",
        ),
        (
            "elsevier",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})\s*\((?P<y>[0-9]{{4}})\)\s*(?P<pg>{_NUM})",
        ),
        (
            "mdpi",
            rf"(?P<j>.+?)\.?\s+(?P<y>[0-9]{{4}}),\s*(?P<vol>{_VOL})\s*(?:{_ISS})?"
            rf"(?:,\s*(?P<pg>{_NUM}))?",
        ),
        (
            "apa",
            rf"(?P<j>.+?),\s*(?:vol\.\s*)?(?P<vol>{_VOL})\s*(?:{_ISS})?\s*[,:]\s*(?:pp?\.\s*)?"
            rf"(?P<pg>{_NUM})",
        ),
        ("apa", rf"(?P<j>.+?),\s*(?P<vol>{_VOL})\s*{_ISS}"),
        ("frontiers", rf"(?P<j>.+?)\.?\s+(?P<vol>{_VOL})(?:{_ISS})?:\s*(?P<pg>{_NUM})"),
        (
            "chicago",
            rf"(?P<j>.+?)\s+(?P<vol>{_VOL})(?:,\s*no\.\s*(?P<no>\w+))?\s*(?:\((?P<iss>[^()]{{1,20}})\))?"
            rf"\s*:\s*(?P<pg>{_NUM})",
        ),
    )
)
_KEYWORD_VOL_RE = re.compile(r"\bvol\.?\s*([0-9A-Za-z\-–]+)", re.IGNORECASE)
_KEYWORD_NO_RE = re.compile(r"\b(?:no|iss|issue)\.?\s*([0-9A-Za-z\-–/]+)", re.IGNORECASE)
_KEYWORD_PP_RE = re.compile(rf"\b(?:pp?|pages?|art\.?(?:\s*no\.)?)\.?\s*({_NUM})", re.IGNORECASE)
_KEYWORD_MON_RE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(?:[0-9]{1,2},?\s+)?[0-9]{4}\b")
_BOOK_RE = re.compile(
    r"(?:(?P<place>[^:,]{2,40}):\s*)?(?P<pub>[^,:]+?)\s*,\s*(?P<y>[0-9]{4})(?:\s*:\s*(?P<pg>.+))?"
)
_PUBLISHER_HINT_RE = re.compile(
    r"press|publish|verlag|出版社|books|university|springer|wiley|elsevier|\binc\b|\bltd\b",
    re.IGNORECASE,
)


_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "du",
        "la",
        "le",
        "los",
        "las",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
        "Van",
        "Von",
        "Der",
        "Den",
        "De",
        "Del",
        "Della",
        "Di",
        "Da",
        "Dos",
        "Du",
        "La",
        "Le",
        "Los",
        "Las",
        "Ten",
        "Ter",
    ]
)
_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "闻人",
        "赫连",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "太叔",
        "申屠",
        "万俟",
        "呼延",
        "百里",
        "东郭",
        "拓跋",
        "完颜",
        "歐陽",
        "司馬",
        "諸葛",
        "長孫",
        "夏侯",
        "軒轅",
    ]
)
_COLLECTIVE_WORDS = frozenset(
    [
        "group",
        "consortium",
        "collaboration",
        "collaborative",
        "committee",
        "network",
        "society",
        "association",
        "investigators",
        "collaborators",
        "authors",
        "organisation",
        "organization",
        "team",
        "working",
        "council",
        "institute",
        "foundation",
        "center",
        "centre",
        "project",
        "alliance",
        "panel",
        "taskforce",
        "study",
    ]
)
_COLLECTIVE_CJK_RE = re.compile("协作组|委员会|学会|协会|小组|工作组|联盟")
_AND_PREFIX_RE = re.compile(r"^\s*(?:and|&)\s+")
_AND_SPLIT_RE = re.compile(r"\s+(?:and|&)\s+|和")
_PART_SPLIT_RE = re.compile(r"[,、，]")
_INITIALS_PUNCT_RE = re.compile(r"[.\s]")
_CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff·]{2,6}$")
_BARE_INITIALS_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ]{1,3}(?:-[A-ZÀ-ÖØ-Þ])?$")
_DOTTED_INITIALS_RE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-z]?\.[\s-]*)+$|^(?:[A-ZÀ-ÖØ-Þ]\.?[\s-]*){1,4}$"
)
_INITIAL_TOKEN_RE = re.compile(r"^-?[A-ZÀ-ÖØ-Þ][a-z]?\.(?:-?[A-ZÀ-ÖØ-Þ][a-z]?\.)*[,;]?$")
# "J. D. Watson, F. H. C. Crick, Title…" (Elsevier numeric, Science, PNAS): given names first.
_GIVEN_FIRST_NAME = (
    r"(?:[A-ZÀ-ÖØ-Þ][a-z]?\.[ \t-]*){1,4}(?:(?:van|von|der|den|de|du|da|di|del|la|le)\s+)*"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s[A-ZÀ-ÖØ-Þ][\w'’-]+)?"
)
_GIVEN_FIRST_LIST_RE = re.compile(
    rf"(?:{_GIVEN_FIRST_NAME}\s*,\s*(?:and\s+|&\s+)?)+"
    rf"(?:(?:and|&)\s+{_GIVEN_FIRST_NAME}\s*,\s*)?(?:et\s+al\.?\s*,\s*)?"
)


@dataclass
class _Fields:
    """The fields parse_entry fills, before they become a Reference."""

    values: dict[str, Any] = field(default_factory=dict)

    def set(self, name: str, value: Any) -> None:
        if value not in (None, "") and self.values.get(name) in (None, ""):
            self.values[name] = value


def parse_entry(
    raw: str,
    index: int,
    line: int,
    offset: int,
    numbered: bool = True,
    *,
    label: str | None = None,
) -> Reference:
    """Parse one entry's text (without its number marker) into a Reference."""
    raw = " ".join(raw.split())
    text = unicodedata.normalize("NFKC", raw)
    fields = _Fields()
    core = _take_identifiers(text, fields)
    _parse_core(core, fields)
    return Reference(
        index=index,
        raw=raw,
        line=line,
        label=label,
        offset=offset,
        numbered=numbered,
        **fields.values,
    )


def _take_identifiers(text: str, fields: _Fields) -> str:
    """Fill doi/pmid/pmcid/arxiv/issn/url/malformed and return the text without them."""
    fields.set("malformed", tuple(identifiers.find_malformed(text)))
    cuts: list[tuple[int, int]] = []
    for start, end, doi in identifiers.iter_doi_spans(text):
        fields.set("doi", doi)
        label = _DOI_LABEL_RE.search(text, max(0, start - 30), start)
        cuts.append((label.start() if label else start, end))
    lowered = text.lower()
    urls = _URL_RE.finditer(text) if "www." in lowered or "http" in lowered else ()
    for match in urls:
        url = match.group().rstrip(".,;:)]}>")
        if not any(s <= match.start() < e for s, e in cuts):
            if "doi.org/" not in url.lower():
                fields.set("url", url)
            cuts.append((match.start(), match.start() + len(url)))
    fields.set("pmid", identifiers.find_pmid(text))
    fields.set("pmcid", identifiers.find_pmcid(text))
    fields.set("arxiv", identifiers.find_arxiv(text))
    if "issn" in lowered:
        issns = tuple(f"{m.group(1)}-{m.group(2).upper()}" for m in _ISSN_RE.finditer(text))
        fields.set("issn", issns or None)
    for hints, pattern in _CUT_PATTERNS:
        if any(
            hint in lowered for hint in hints
        ):  # a cheap pre-filter keeps 10,000 entries under a second
            cuts.extend(m.span() for m in pattern.finditer(text))
    for bad in fields.values.get("malformed", ()):
        where = text.find(bad)
        if where >= 0:
            cuts.append((where, where + len(bad)))
    return _remove_spans(text, cuts)


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    keep = []
    cursor = 0
    for start, end in sorted(spans):
        if start > cursor:
            keep.append(text[cursor:start])
        cursor = max(cursor, end)
    keep.append(text[cursor:])
    out = " ".join("".join(keep).split())
    # Separators left dangling where an identifier was cut out: "2025, , ." -> "2025".
    out = _DANGLING_SEPARATORS_RE.sub("", out)
    out = _DOUBLED_PERIOD_RE.sub(".", out)
    return out.strip(" ,;:")


def _parse_core(core: str, fields: _Fields) -> None:
    """Authors, title, journal, date, volume, issue, pages from identifier-free text."""
    if not core:
        return
    type_code = _TYPE_CODE_RE.search(core) if "[" in core else None
    if type_code is not None:
        fields.set("kind", type_code.group(1).upper())
    elsevier = _ELSEVIER_RE.search(core) if "Volume" in core else None
    if elsevier is not None and type_code is None:
        _parse_elsevier(core, elsevier, fields)
        return
    quoted = _QUOTED_RE.search(core) if _QUOTE_CHARS_RE.search(core) else None
    if quoted is not None and type_code is None:
        _parse_quoted(core, quoted, fields)
        return
    given_first = _GIVEN_FIRST_LIST_RE.match(core) if type_code is None else None
    if given_first is not None:
        _set_authors(core[: given_first.end()], fields)
        _parse_title_and_source(core[given_first.end() :].strip(" .,"), fields, commas=True)
        return
    paren_year = _PAREN_YEAR_RE.search(core) if "(" in core else None
    if paren_year is not None and type_code is None and _leads_authors(core[: paren_year.start()]):
        _parse_author_year(core, paren_year, fields)
        return
    end = _author_end(core)
    if end is None and type_code is not None:
        end = _last_boundary_before(core, type_code.start())
    authors = core[:end] if end is not None else ""
    year_after_authors = _TRAILING_YEAR_RE.search(authors) if authors else None
    if year_after_authors is not None:  # Elsevier Harvard: "Zeng, L., Sun, L., 2025. Title"
        fields.set("year", int(year_after_authors.group("y")))
        authors = authors[: year_after_authors.start()]
    _set_authors(authors, fields)
    rest = core[end:].strip(" .,") if end is not None else core
    if type_code is not None:
        title = core[end or 0 : type_code.start()].strip(" .,")
        fields.set("title", title)
        _parse_gbt_source(core[type_code.end() :].strip(" .,"), fields)
        fields.set("style", "gbt7714")
        return
    _parse_title_and_source(rest, fields)


def _leads_authors(before: str) -> bool:
    """Whether text before a "(2025)" is only an author list (APA, Harvard, Frontiers)."""
    before = before.strip()
    if not before or len(before) > 2000:
        return False
    end = _author_end(before + " ")
    return end is None or end >= len(before.rstrip(" .,")) - 1


def _author_end(core: str) -> int | None:
    """Offset just past the author list, or None when no end is recognisable."""
    et_al = _ET_AL_RE.search(core, 0, min(len(core), 3000)) if _may_have_et_al(core) else None
    for boundary in _BOUNDARY_RE.finditer(core):
        period = boundary.start() - 1 if boundary.start() > 0 else 0
        if et_al is not None and et_al.start() <= period:
            return et_al.end()
        before = core[:period].rsplit(None, 1)
        word = before[-1] if before else ""
        after = core[boundary.end() :].split(None, 1)
        following = after[0] if after else ""
        if _INITIAL_TOKEN_RE.match(word + ".") and _name_continues(following):
            continue
        return boundary.end()
    return et_al.end() if et_al is not None else None


def _may_have_et_al(text: str) -> bool:
    """Cheap pre-filter for _ET_AL_RE."""
    return "al" in text or "等" in text or "…" in text or "..." in text or "others" in text


def _name_continues(token: str) -> bool:
    """After an initial and a period, does the author list go on?"""
    if not token:
        return False
    if _INITIAL_TOKEN_RE.match(token) or token.lower() in ("and", "&", "et"):
        return True
    return token.endswith((",", ";"))


def _last_boundary_before(core: str, limit: int) -> int | None:
    last = None
    for boundary in _BOUNDARY_RE.finditer(core, 0, limit):
        last = boundary.end()
    return last


# --- style-specific layouts --------------------------------------------------


def _parse_elsevier(core: str, match: re.Match[str], fields: _Fields) -> None:
    """ "A B, C D, Title,Journal,Volume 200,2025,117591" (Elsevier's export)."""
    parts = [p.strip() for p in core[: match.start()].split(",")]
    count = 0
    while count < len(parts) - 1 and _looks_like_given_first_name(parts[count]):
        count += 1
    _set_authors(", ".join(parts[:count]), fields)
    fields.set("title", ", ".join(parts[count:]).strip(" ."))
    fields.set("journal", match.group("j").strip())
    fields.set("volume", match.group("vol"))
    fields.set("issue", match.group("iss"))
    fields.set("year", int(match.group("y")))
    fields.set("month", _month(match.group("mon")))
    _set_pages(match.group("pg"), fields)
    fields.set("style", "elsevier")


def _looks_like_given_first_name(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5 or len(part) > 50 or any(ch.isdigit() for ch in part):
        return False
    if _CJK_NAME_RE.match(part):
        return True
    return all(w[0].isupper() or w in _PARTICLES for w in words) and ":" not in part


def _parse_quoted(core: str, quoted: re.Match[str], fields: _Fields) -> None:
    """IEEE, MLA, Chicago and Harvard: the title is in quotation marks."""
    authors = core[: quoted.start()].strip(" ,.")
    year_match = _TRAILING_YEAR_RE.search(authors)
    year_style = None
    if year_match is not None:
        fields.set("year", int(year_match.group("y")))
        year_style = "harvard" if "(" in year_match.group() else "chicago"
        authors = authors[: year_match.start()].strip(" ,.")
    _set_authors(authors, fields)
    title = (quoted.group("t") or quoted.group("s") or "").strip(" ,.")
    fields.set("title", title)
    source = core[quoted.end() :].strip(" ,.")
    keywords = _VOL_NO_KEYWORD_RE.search(source)
    style = None if keywords else _parse_source(source, fields)
    if style is None and (keywords or _PP_KEYWORD_RE.search(source)):
        _parse_keyword_source(source, fields)
        inverted = bool(_INVERTED_FIRST_RE.match(authors))
        style = "mla" if inverted else "ieee"
    fields.set("style", year_style or style)
    _fallback_year(source, fields)


def _parse_author_year(core: str, paren: re.Match[str], fields: _Fields) -> None:
    """APA, Wiley, Harvard and Frontiers: "Authors (2025) Title. Journal..."."""
    _set_authors(core[: paren.start()], fields)
    fields.set("year", int(paren.group("y")))
    fields.set("month", _month(paren.group("mon")))
    if paren.group("day") and fields.values.get("month"):
        fields.set("day", int(paren.group("day")))
    after = core[paren.end() :]
    punctuated = after[:1] in (".", ",", ":")
    style = _parse_title_and_source(after.strip(" .,:"), fields)
    if punctuated:
        fields.values["style"] = "apa"
    elif style == "frontiers":
        fields.values["style"] = "frontiers"
    else:
        fields.values["style"] = "harvard"


def _parse_title_and_source(rest: str, fields: _Fields, commas: bool = False) -> str | None:
    """Split "Title. Journal numbers" at the last sentence boundary whose tail parses.

    With ``commas`` (given-name-first styles: "Title, Journal 171 (1953) 737"), a comma
    is tried as the boundary when no sentence boundary gives a parsable tail.
    """
    boundaries = [m.end() for m in _BOUNDARY_RE.finditer(rest)]
    for cut, sentence in _cuts(rest, boundaries, commas):
        trial = _Fields()
        style = _parse_source(rest[cut:].strip(" .,"), trial)
        if style is None:
            continue
        if sentence:
            cut = _extend_abbreviated_journal(rest, boundaries, cut, trial)
            abbreviation = _COMMA_ABBREVIATION_RE.search(rest, 0, cut) if commas else None
            if abbreviation is not None:  # "Title, Front. Immunol. 16 (2025)"
                cut = abbreviation.start(1)
        fields.set("title", rest[:cut].strip().rstrip(".,"))
        if "journal" in trial.values:
            fields.set("journal", _journal_text(rest[cut:], trial.values["journal"]))
        for name, value in trial.values.items():
            fields.set(name, value)
        fields.set("style", style)
        return style
    title, _, source = rest.partition(". ") if boundaries else (rest, "", "")
    fields.set("title", title.strip().rstrip("."))
    if source and _plausible_journal(source):
        fields.set("journal", _tidy_journal(source))
    _fallback_year(source, fields)
    return None


def _cuts(rest: str, boundaries: list[int], commas: bool) -> Iterator[tuple[int, bool]]:
    """Sentence boundaries right to left, then (with ``commas``) commas right to left."""
    for cut in reversed(boundaries):
        yield cut, True
    if commas:
        for match in reversed(list(_COMMA_RE.finditer(rest))):
            yield match.end(), False


def _extend_abbreviated_journal(rest: str, boundaries: list[int], cut: int, trial: _Fields) -> int:
    """Move the cut left over "Front." in "Front. Immunol. 16:1613502"."""
    first_word = rest[cut:].split(None, 1)
    if not first_word or not first_word[0].endswith("."):
        return cut
    position = boundaries.index(cut)
    while position > 0:
        segment = rest[boundaries[position - 1] : boundaries[position]].strip()
        words = segment.split()
        if not 1 <= len(words) <= 3 or not all(
            w[0].isupper() and (w.endswith(".") or len(w) <= 4) for w in words
        ):
            break
        position -= 1
    if position == 0 and boundaries[0] == cut:
        return cut
    return boundaries[position]


def _journal_text(tail: str, parsed: str) -> str:
    """The journal as printed from the cut: "Front. Immunol." keeps its final period."""
    tail = tail.strip()
    index = tail.find(parsed)
    journal = tail[: index + len(parsed)] if index >= 0 else parsed
    journal = journal.strip(" ,;:")
    if "." in journal.rstrip(".") and tail[len(journal) : len(journal) + 1] == ".":
        journal += "."
    return journal.rstrip(",") if not journal.endswith(".") else journal


def _parse_source(source: str, fields: _Fields) -> str | None:
    """Journal, date and numbers from a "journal + numbers" tail; the style name or None."""
    source = source.strip(" .,;")
    if not source or len(source) > 300 or not _HAS_DIGIT_RE.search(source):
        return None  # every layout holds a year or a volume
    for name, pattern in _SOURCE_PATTERNS:
        match = pattern.fullmatch(source)
        if match is None or not _plausible_journal(match.group("j")):
            continue
        groups = match.groupdict()
        fields.set("journal", _tidy_journal(match.group("j")))
        _apply_numbers(groups, fields)
        return name
    return None


def _tidy_journal(journal: str) -> str | None:
    """Drop separators; keep a final period only in an abbreviation ("Front. Immunol.")."""
    journal = journal.strip(" ,;:")
    if journal.endswith(".") and ". " not in journal and ".\t" not in journal:
        journal = journal.rstrip(".")
    return journal or None


def _plausible_journal(journal: str) -> bool:
    journal = journal.strip(" .,")
    if not journal or journal[0].isdigit() or len(journal) > 200:
        return False
    return bool(_LETTER_RE.search(journal)) and not _YEAR_RE.search(journal)


def _apply_numbers(groups: dict[str, str | None], fields: _Fields) -> None:
    year = groups.get("y")
    if year:
        fields.set("year", int(year))
    fields.set("month", _month(groups.get("mon")))
    if groups.get("day") and fields.values.get("month"):
        fields.set("day", int(groups["day"] or 0))
    fields.set("volume", groups.get("vol"))
    issue = groups.get("no") or groups.get("iss")
    if issue and _YEAR_ONLY_RE.fullmatch(issue) and not groups.get("no"):
        fields.set("year", int(issue))  # Chicago notes: "12 (2020): 45"
    else:
        fields.set("issue", issue)
    if groups.get("no") and groups.get("iss"):
        fields.set("year", _year_of(groups["iss"] or ""))
    _set_pages(groups.get("pg"), fields)


def _parse_keyword_source(source: str, fields: _Fields) -> None:
    """IEEE / MLA: "Journal, vol. 16, no. 1, pp. 65–70, Mar. 2025"."""
    first = _FIRST_KEYWORD_RE.search(source)
    journal = source[: first.start()] if first else source
    fields.set("journal", _tidy_journal(journal))
    for pattern, name in ((_KEYWORD_VOL_RE, "volume"), (_KEYWORD_NO_RE, "issue")):
        match = pattern.search(source)
        if match is not None:
            fields.set(name, match.group(1).strip("-–"))
    pages = _KEYWORD_PP_RE.search(source)
    if pages is not None:
        _set_pages(pages.group(1), fields)
    years = _YEAR_RE.findall(source)
    if years:
        fields.set("year", int(years[-1]))
    month = _KEYWORD_MON_RE.search(source)
    if month is not None:
        fields.set("month", _month(month.group(1)))


def _parse_gbt_source(source: str, fields: _Fields) -> None:
    """After "[J]." a journal tail; after "[M]." a "Place: Publisher, Year" tail."""
    if fields.values.get("kind") in ("M", "C", "D", "R", "S") or _PUBLISHER_HINT_RE.search(
        source.split(",")[0]
    ):
        book = _BOOK_RE.fullmatch(source)
        if book is not None:
            fields.set("publisher", book.group("pub").strip())
            fields.set("year", int(book.group("y")))
            _set_pages(book.group("pg"), fields)
            return
    if _parse_source(source, fields) is None:
        fields.set("journal", source.split(",")[0].strip() or None)
        _fallback_year(source, fields)


def _fallback_year(text: str, fields: _Fields) -> None:
    if fields.values.get("year") is None:
        fields.set("year", _year_of(text))


def _year_of(text: str) -> int | None:
    match = _YEAR_RE.search(text)
    return int(match.group(1)) if match else None


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return month_number(name)


def _set_pages(value: str | None, fields: _Fields) -> None:
    if not value:
        return
    value = value.strip(" .,")
    if _RANGE_RE.search(value):
        fields.set("pages", _RANGE_SPACES_RE.sub(r"\1", value))
    elif value:
        fields.set("article_number", value)


# --- authors ------------------------------------------------------------------


def _set_authors(block: str, fields: _Fields) -> None:
    authors, et_al = parse_authors(block)
    fields.set("authors", tuple(authors) or None)
    if et_al:
        fields.set("et_al", True)


def parse_authors(block: str) -> tuple[list[Author], bool]:
    """Authors from a printed author list, and whether it ends with "et al."/"等"."""
    block = block.strip(" ,.;:")
    et_al = False
    match = _ET_AL_RE.search(block) if _may_have_et_al(block) else None
    if match is not None:
        et_al = True
        block = block[: match.start()].strip(" ,.;:")
    if not block:
        return [], et_al
    if ";" in block:
        parts = [p.strip() for p in block.split(";")]
        return [a for p in parts if (a := _inverted_or_plain(p)) is not None], et_al
    parts = []
    for part in _PART_SPLIT_RE.split(block):
        part = _AND_PREFIX_RE.sub("", part).strip()
        if " " not in part or not _is_collective(part):
            parts.extend(p.strip() for p in _AND_SPLIT_RE.split(part))
        else:
            parts.append(part)
    parts = [p for p in parts if p]
    authors = []
    index = 0
    while index < len(parts):
        part = parts[index]
        given = parts[index + 1] if index + 1 < len(parts) else None
        if given is not None and _pairs_as_inverted(part, given):
            authors.append(Author(part, _given(given)))
            index += 2
            continue
        author = _plain_name(part)
        if author is not None:
            authors.append(author)
        index += 1
    return authors, et_al


def _pairs_as_inverted(family: str, given: str) -> bool:
    """Whether "family, given" are two halves of one name ("Zeng, L." / "Smith, John")."""
    if _CJK_RE.search(family) or _is_collective(family):
        return False
    family_words = [w for w in family.split() if w not in _PARTICLES]
    if len(family_words) != 1:
        # "Dalla Serra, M." / "Temple Lang, D.": a two-word family before dotted initials.
        return (
            1 < len(family_words) <= 3
            and "." in given
            and bool(_DOTTED_INITIALS_RE.match(given))
            and all(w[:1].isupper() for w in family_words)
        )
    if _DOTTED_INITIALS_RE.match(given):
        return True
    words = given.split()
    return (
        1 <= len(words) <= 2
        and all(w[0].isupper() for w in words)
        and not _BARE_INITIALS_RE.match(words[-1])
    )


def _inverted_or_plain(part: str) -> Author | None:
    if "," in part:
        family, _, given = part.partition(",")
        return Author(family.strip(), _given(given.strip()))
    return _plain_name(part)


def _given(given: str) -> str:
    """Initials lose their periods and spaces ("H. F." -> "HF"); full names stay."""
    given = given.strip(" ,")
    if _DOTTED_INITIALS_RE.match(given) and "." in given:
        return _INITIALS_PUNCT_RE.sub("", given)
    return given


def _plain_name(part: str) -> Author | None:
    part = part.strip(" .,")
    if not part:
        return None
    if _CJK_NAME_RE.match(part):
        size = 2 if part[:2] in _COMPOUND_SURNAMES and len(part) > 2 else 1
        return Author(part[:size], part[size:])
    if _is_collective(part) or len(part.split()) > 5:
        return Author(part, collective=True)
    words = part.split()
    if len(words) == 1:
        return Author(words[0])
    if _BARE_INITIALS_RE.match(words[-1]):
        # Vancouver / GB/T: "Liu WJ", "LIEBER R L" (initials spaced apart in GB/T).
        first_given = len(words) - 1
        while (
            first_given > 1
            and len(words[first_given - 1]) == 1
            and words[first_given - 1].isupper()
        ):
            first_given -= 1
        return Author(" ".join(words[:first_given]), "".join(words[first_given:]))
    first_family = len(words) - 1
    while first_family > 1 and words[first_family - 1] in _PARTICLES:
        first_family -= 1
    return Author(" ".join(words[first_family:]), _given(" ".join(words[:first_family])))


@functools.lru_cache(maxsize=8192)  # each name part is asked about up to three times
def _is_collective(name: str) -> bool:
    """A consortium or group rather than a person ("GBD 2019 Collaborators", "某某协作组")."""
    if " " not in name:
        return bool(_COLLECTIVE_CJK_RE.search(name))
    return any(word.strip(".,;:()") in _COLLECTIVE_WORDS for word in name.lower().split())
