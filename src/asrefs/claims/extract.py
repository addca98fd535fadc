"""Citation markers in an article's body and the claims the body makes around them.

This module owns two things, both pure functions over an :class:`Article`:

* ``find_markers``: the citation markers of the body (the text before the reference
  list): numeric brackets ``[1]``, ``[1,3]``, ``[1-3]``, ``［１］``, ``[^1]``, superscripts
  ``¹²``, ``^1``, ``<sup>1</sup>``, and author–year citations ``(Zeng et al., 2025)`` /
  ``Zeng et al. (2025)`` mapped to reference numbers through caller-supplied labels.
* ``extract_claims``: for every marker, what its sentence (or, when that sentence says
  nothing checkable, the sentence before it) says about the cited work: publication
  date, journal, title, institution or country; and the numbers the following text
  attributes to it (counts, percentages), in Chinese or English.

Segmentation rules (sentences, paragraphs, headings) live here too, because they only
serve the attribution of claims to markers. Nothing here does I/O.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from asrefs.dates import MONTHS, month_number
from asrefs.models import Article, Claim, Marker

__all__ = ["DEFAULT_MAX_REF", "author_year_key", "extract_claims", "find_markers"]

DEFAULT_MAX_REF = 300
"""A bracketed number above this (or above the list's length, when longer) is no marker."""

_MAX_RANGE = 200
_WALK_BACK = 2  # sentences searched before a marker's own sentence for its claims

# --------------------------------------------------------------------------- characters

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


class _Lines:
    """Line numbers of offsets in one text, by bisection over its line starts: a long
    article has tens of thousands of markers and claims, and counting newlines from the
    start for each would be quadratic."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        """The 1-based line number of the character at ``offset`` (as Article.line_of)."""
        return bisect_left(self._breaks, max(0, offset)) + 1


_FULLWIDTH = str.maketrans("０１２３４５６７８９［］（）", "0123456789[]()")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_WIDE = "\u2e80"  # characters from here on are CJK script or punctuation

# --------------------------------------------------------------------------- markers

_LIST = r"[0-9]{1,4}(?:\s*(?:[-–—~－]|[,，、;])\s*[0-9]{1,4})*"
_BRACKET_RE = re.compile(rf"\[\^?\s*(?P<list>{_LIST})\s*\]")
_SUP_TAG_RE = re.compile(rf"<sup>\s*\[?\s*(?P<list>{_LIST})\s*\]?\s*</sup>", re.IGNORECASE)
_SUPERSCRIPT_RE = re.compile(r"(?P<list>[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:\s?[,˒‚⁻–-]\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_CARET_RE = re.compile(r"\^(?P<list>[0-9]{1,3}(?:[,–-][0-9]{1,3})*)\^?")
_LIST_SPLIT_RE = re.compile(r"\s*[,，、;˒‚]\s*")
_RANGE_SPLIT_RE = re.compile(r"\s*[-–—~－]\s*")
# A superscript after a unit, a one-letter symbol or a number is an exponent (m², R², 10⁶).
_EXPONENT_BEFORE_RE = re.compile(r"(?:^|[^A-Za-zµμ])(?:[A-Za-z]|[cmkdnµμ]m|ft|kg|mol)\s?$")

_PARTICLE = r"(?:(?:van|von|de|der|den|da|di|del|della|du|dos|das|le|la|ter|ten)\s+)*"
_LATIN_FAMILY = rf"{_PARTICLE}[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+"
_FAMILY = rf"(?:{_LATIN_FAMILY}|[{_CJK}]{{1,4}}?)"
_YEAR = r"(?:19|20)[0-9]{2}[a-z]?"
_ET_AL = r"(?:\s+et\s+al\.?|\s*等人?)"
_AUTHORS = rf"(?P<family>{_FAMILY})(?:{_ET_AL}|\s*(?:&|and|和|与)\s*{_FAMILY})?"
_CITE_ITEM_RE = re.compile(
    rf"\s*(?:(?:see|also|e\.g\.|cf\.|i\.e\.)[,]?\s+)*{_AUTHORS}\s*[,，]?\s*(?P<year>{_YEAR})\s*"
)
_PAREN_RE = re.compile(r"[(（](?P<body>[^()（）\n]{4,300})[)）]")
_ITEM_SPLIT_RE = re.compile(r"[^;；]+")
_NARRATIVE_RE = re.compile(
    rf"(?P<family>{_LATIN_FAMILY})(?P<more>\s+et\s+al\.?|\s+(?:&|and)\s+{_LATIN_FAMILY})?"
    rf"\s*[(（](?P<year>{_YEAR})[)）]"
)

# --------------------------------------------------------------------------- layout

_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)[^*_\n]+\1\s*$")
_PLAIN_HEADING_RE = re.compile(r"^[^。，,；;！？!?：:、]{1,40}$")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|[0-9]{1,3}[.)])\s+")
_TERMINATOR_RE = re.compile(
    rf"[。！？；]+[”’」』）)\]]*|[.!?]+[”’\"')\]]*(?=\s|$|[{_CJK}])|;(?=[{_CJK}])|(?<=[{_CJK}]);"
)
_WORD_BEFORE_DOT_RE = re.compile(r"([A-Za-z]+)\.$")
_ABBREVIATIONS = frozenset(
    _words(
        "al e.g i.e vs etc cf ca approx Dr Mr Mrs Ms Prof Fig Figs "
        "Eq No Nos Vol pp Ref Refs St Inc Ltd Co Jan Feb Mar Apr Jun "
        "Jul Aug Sep Sept Oct Nov Dec"
    )
)
_QUOTED_RE = re.compile(r"《[^》\n]*》|“[^”\n]*”")

# --------------------------------------------------------------------------- dates

_MONTH = "(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\b"
_DAY_SUFFIX = r"(?:st|nd|rd|th)?"
_ZH_DATE_RE = re.compile(
    r"(?<![0-9\-–~第])(?:(?P<y>(?:19|20)[0-9]{2})\s*年\s*)?(?P<m>1[0-2]|0?[1-9])\s*月"
    r"(?:\s*(?P<d>3[01]|[12][0-9]|0?[1-9])\s*[日号])?(?!\s*[-–~至到]\s*[0-9])"
)
_ZH_YEAR_RE = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})\s*年(?!\s*[0-9])")
_EN_DATE_RES = (
    re.compile(
        rf"\b(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+)?(?P<mon>{_MONTH})\.?,?\s+"
        r"(?P<y>(?:19|20)[0-9]{2})\b"
    ),
    re.compile(
        rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX},?\s+(?P<y>(?:19|20)[0-9]{{2}})\b"
    ),
    re.compile(r"\b(?P<y>(?:19|20)[0-9]{2})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])\b"),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?,?\s+(?P<y>(?:19|20)[0-9]{{2}})\b"),
    re.compile(rf"\b(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+)?(?P<mon>{_MONTH})"),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX}\b(?!,?\s*[0-9])"),
    re.compile(rf"\b(?:in|In|during|During|since|Since|early|late|mid-?)\s+(?P<mon>{_MONTH})"),
    re.compile(r"\b(?:in|In|during|During)\s+(?P<y>(?:19|20)[0-9]{2})\b(?!-)"),
)
_HEADING_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_TEXT_YEAR_RES = (
    re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年"),
    re.compile(rf"{_MONTH}\.?\s+(?:[0-9]{{1,2}},?\s+)?((?:19|20)[0-9]{{2}})\b"),
    re.compile(r"\b(?:in|In|during|During)\s+((?:19|20)[0-9]{2})\b"),
)

# --------------------------------------------------------------------------- titles, journals

_TITLE_CUE_RE = re.compile(
    r"(?:名为|题为|标题为|题目为|题名为|名叫|论文|文章|titled|entitled)\s*[:：]?\s*$"
)
_ZH_JOURNAL_AFTER_RE = re.compile(
    r"^\s*(?:(?:学术|国际|行业|权威)?(?:期刊|杂志|刊物|子刊)|上|发表|刊登|刊发|在线发表|报道|刊载)"
)
_ZH_JOURNAL_BEFORE_RE = re.compile(
    r"(?:期刊|杂志|刊物|发表于|发表在|刊登于|刊登在|刊发于|刊发在|刊于|见于|登上|发布于)\s*$"
)
_ZH_BRACKET_RE = re.compile(r"《(?P<v>[^》\n]{1,300})》|[“\"](?P<q>[^”\"\n]{1,300})[”\"]")
_EN_TITLE_RE = re.compile(
    r"\b(?:titled|entitled|title)\s*[:,]?\s*(?:“(?P<a>[^”\n]{2,400})”|\"(?P<b>[^\"\n]{2,400})\""
    r"|‘(?P<c>[^’\n]{2,400})’|'(?P<d>[^'\n]{2,400})'(?![A-Za-z])|\*(?P<e>[^*\n]{2,400})\*"
    r"|《(?P<f>[^》\n]{1,400})》)"
)
_CAP_WORD = rf"(?!{_MONTH})(?:[A-Z]|[a-z]+[A-Z])[A-Za-z0-9'’.&\-]*"
_PROPER_NAME = (
    rf"(?:The\s+)?{_CAP_WORD}(?:\s+(?:(?:of|in|and|for|the|on|&|de|la|et|und|y)\s+)*{_CAP_WORD})*"
)
_EN_JOURNAL_RES = (
    re.compile(r"\bin\s+(?:the\s+journal\s+)?(?P<m>\*{1,2}|_)(?P<j>[^*_\n]{2,150}?)(?P=m)"),
    re.compile(
        r"\b(?:published|appeared|appearing|appears|reported|publishing)\b[^;。]{0,120}?"
        rf"\bin\s+(?:the\s+)?(?:journal\s+)?(?P<j>{_PROPER_NAME})"
    ),
    re.compile(rf"\b[Jj]ournal\s+(?P<j>{_PROPER_NAME})"),
)
_NOT_JOURNALS = frozenset(
    (
        *_words("The English Chinese Spanish French German Japanese China Japan USA"),
        *("Europe", "America", "Africa", "Asia", "Saudi Arabia", "the United States"),
    )
)

# --------------------------------------------------------------------------- institutions

_ORG_SPLIT_RE = re.compile(
    r"[\s,，。；;：:、！？!?()（）“”\"《》]+|牵头|联合|携手|合作|团队|课题组|研究组|小组|"
    r"研究人员|科研人员|科学家|学者|发表|在|的|与|及|(?<![协平共])和|由|来自|以及|通过|对|为|是|将|等"
)
_ORG_SUFFIX_RE = re.compile(
    r"(?:大学|医学院|学院|医院|研究院|科学院|研究所|医学中心|研究中心|实验室)$"
)
_ORG_GENERIC_RE = re.compile(
    r"^(?:多家|多所|数家|几家|一家|一所|各|该|本|某|其他|其它|三甲|附属|相关|国内|国外|全国|多个|大学|医院)"
)
_LEADING_DATE_RE = re.compile(r"^(?:(?:19|20)[0-9]{2}年)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}[日号])?")
_COUNTRIES_ZH = _words(
    "我国 中国 国内 美国 英国 德国 法国 日本 韩国 意大利 西班牙 加拿大 "
    "澳大利亚 印度 伊朗 埃及 沙特阿拉伯 沙特 以色列 荷兰 瑞典 瑞士 巴西 "
    "俄罗斯 土耳其 新加坡 波兰 比利时 丹麦 挪威 芬兰 奥地利 希腊 墨西哥 "
    "阿根廷 巴基斯坦 泰国 马来西亚 越南 印度尼西亚 南非 新西兰 爱尔兰 "
    "葡萄牙 卡塔尔 阿联酋 约旦 伊拉克 香港 台湾 澳门"
)
_ZH_COUNTRY_RE = re.compile(
    "(?P<who>"
    + "|".join(sorted(_COUNTRIES_ZH, key=len, reverse=True))
    + ")(?:的)?(?:科研人员|研究人员|科研团队|研究团队|科学家|学者|团队|研究者|医生)"
)
_EN_PEOPLE = r"(?:researchers|scientists|investigators|clinicians|authors|teams?|groups?)"
_EN_ORG_RES = (
    re.compile(rf"\b{_EN_PEOPLE}\s+(?:at|from|of|in)\s+(?:the\s+)?(?P<v>{_PROPER_NAME})"),
    re.compile(rf"\bled\s+by\s+(?:the\s+)?(?P<v>{_PROPER_NAME})"),
    re.compile(
        r"\b(?P<v>Chinese|Saudi(?: Arabian)?|American|British|Japanese|Korean|German|French|"
        r"Italian|Spanish|Indian|Iranian|Egyptian|Dutch|Swedish|Swiss|Brazilian|Canadian|"
        r"Australian|Israeli|Turkish|Polish|Russian|Danish|Norwegian|Finnish|Belgian|Austrian|"
        rf"Greek|Mexican|Pakistani|Thai|Singaporean|Taiwanese)\s+{_EN_PEOPLE}\b"
    ),
)

# --------------------------------------------------------------------------- numbers

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


# =========================================================================== records


class _Raw(NamedTuple):
    """A claim before it is tied to a reference."""

    kind: str
    value: str
    offset: int
    precision: str | None = None


class _Spans:
    """Non-overlapping spans taken so far; a later candidate that overlaps one loses."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def take(self, start: int, end: int) -> bool:
        """Take [start, end) unless it overlaps a span already taken."""
        i = bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        if i < len(self._starts) and self._starts[i] < end:
            return False
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class _Layout:
    """The body split into headings, paragraphs and sentences, on normalised text with
    the markers blanked out (same length as the original, so offsets carry over)."""

    original: str
    text: str
    headings: tuple[tuple[int, int], ...]
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[_Sentence, ...]
    years: tuple[tuple[int, int], ...]  # (offset, year) that give later dates their year
    _starts: list[int] = field(default_factory=list, compare=False)
    _year_offsets: list[int] = field(default_factory=list, compare=False)
    _claims: dict[int, list[_Raw]] = field(default_factory=dict, compare=False)
    _lines: list[_Lines] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        self._starts.extend(s.start for s in self.sentences)
        self._year_offsets.extend(o for o, _y in self.years)
        self._lines.append(_Lines(self.original))

    def line_of(self, offset: int) -> int:
        """The article's 1-based line number of ``offset`` (offsets carry over)."""
        return self._lines[0].line_of(offset)

    def sentence_at(self, offset: int) -> int | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None

    def year_before(self, offset: int) -> int | None:
        i = bisect_right(self._year_offsets, offset) - 1
        return self.years[i][1] if i >= 0 else None

    def claims_of(self, index: int) -> list[_Raw]:
        """The claims of one sentence (numbers aside), computed once."""
        if index not in self._claims:
            self._claims[index] = _sentence_claims(self, self.sentences[index])
        return self._claims[index]

    def next_heading(self, offset: int) -> int:
        for start, _end in self.headings:
            if start >= offset:
                return start
        return len(self.text)


# =========================================================================== markers


def author_year_key(family: str, year: int | str) -> str:
    """The label key of an author–year citation: ``author_year_key("Zeng", 2025)`` is
    ``"zeng-2025"`` (accents folded, anything but letters and digits dropped)."""
    folded = unicodedata.normalize("NFKD", family)
    letters = "".join(ch for ch in folded if ch.isalnum()).lower()
    return f"{letters}-{year}"


def find_markers(
    article: Article,
    body_end: int | None = None,
    labels: dict[str, int] | None = None,
    max_ref: int | None = None,
) -> list[Marker]:
    """The citation markers in the body (the text before ``body_end``), in text order.

    Author–year citations are looked for only when ``labels`` is given; one that matches
    no label is returned with empty ``refs`` so the caller can report it as dangling.
    A bracketed number above ``max(DEFAULT_MAX_REF, max_ref)`` (a year, say) is no marker.
    """
    text = _normalise(article.text[: _clip(body_end, article.text)])
    limit = max(DEFAULT_MAX_REF, max_ref or 0)
    found: list[tuple[int, int, tuple[int, ...], str | None]] = []
    taken = _Spans()
    spans: Iterable[tuple[int, int, tuple[int, ...], str | None]] = _numeric_markers(text, limit)
    if labels is not None:
        spans = (*spans, *_author_year_markers(text, labels))
    for start, end, refs, label in spans:
        if taken.take(start, max(end, start + 1)):
            found.append((start, end, refs, label))
    found.sort()
    lines = _Lines(article.text)
    return [
        Marker(text=article.text[s:e], refs=refs, line=lines.line_of(s), offset=s, label=label)
        for s, e, refs, label in found
    ]


def _numeric_markers(
    text: str, limit: int
) -> Iterator[tuple[int, int, tuple[int, ...], str | None]]:
    for pattern in (_SUP_TAG_RE, _BRACKET_RE, _SUPERSCRIPT_RE, _CARET_RE):
        for m in pattern.finditer(text):
            if pattern is not _BRACKET_RE and _is_exponent(text, m.start(), m.end()):
                continue
            if pattern is _BRACKET_RE and _is_link_definition(text, m.start(), m.end()):
                continue
            refs = _parse_list(m.group("list"), limit)
            if refs:
                yield m.start(), m.end(), refs, None


def _parse_list(listed: str, limit: int) -> tuple[int, ...]:
    """The numbers of a marker list: "1, 3-5" gives (1, 3, 4, 5); () when a part is
    out of range."""
    out: list[int] = []
    for part in _LIST_SPLIT_RE.split(listed.translate(_SUPERSCRIPT).strip()):
        bounds = [int(b) for b in _RANGE_SPLIT_RE.split(part) if b]
        if len(bounds) == 1 and 1 <= bounds[0] <= limit:
            numbers = bounds
        elif len(bounds) == 2 and 1 <= bounds[0] < bounds[1] <= limit:
            if bounds[1] - bounds[0] > _MAX_RANGE:
                return ()
            numbers = list(range(bounds[0], bounds[1] + 1))
        else:
            return ()
        out.extend(n for n in numbers if n not in out)
    return tuple(out)


def _is_exponent(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    if before and (before[-1].isdigit() or before[-1] in "^)"):
        return True
    if _EXPONENT_BEFORE_RE.search(before):
        return True
    return text[end : end + 1] in ("⁺", "⁻", "+")


def _is_link_definition(text: str, start: int, end: int) -> bool:
    """A Markdown link definition "[1]: https://…" opens a line; it is not a citation."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[end : end + 1] == ":"


def _author_year_markers(
    text: str, labels: dict[str, int]
) -> Iterator[tuple[int, int, tuple[int, ...], str | None]]:
    for paren in _PAREN_RE.finditer(text):
        body_start = paren.start("body")
        items = list(_ITEM_SPLIT_RE.finditer(paren.group("body")))
        parsed = [_CITE_ITEM_RE.fullmatch(item.group()) for item in items]
        if not items or any(p is None for p in parsed):
            continue
        for item, match in zip(items, parsed, strict=True):
            assert match is not None
            key, ref = _label(match.group("family"), match.group("year"), labels)
            lead = len(item.group()) - len(item.group().lstrip())
            start = body_start + item.start() + lead
            end = body_start + item.start() + len(item.group().rstrip())
            yield start, end, (ref,) if ref else (), key
    for m in _NARRATIVE_RE.finditer(text):
        key, ref = _label(m.group("family"), m.group("year"), labels)
        if ref or m.group("more"):
            yield m.start(), m.end(), (ref,) if ref else (), key


def _label(family: str, year: str, labels: dict[str, int]) -> tuple[str, int | None]:
    """The label key of a citation and the reference it names, if any."""
    bare_year = year.rstrip("abcdefghijklmnopqrstuvwxyz")
    ascii_family = re.sub(r"[^a-z]", "", family.lower())
    keys = [
        author_year_key(family, year),
        author_year_key(family, bare_year),
        f"{ascii_family}-{year}",
        f"{ascii_family}-{bare_year}",
    ]
    for key in keys:
        if key in labels:
            return key, labels[key]
    return keys[0], None


# =========================================================================== layout


def _normalise(text: str) -> str:
    """Full-width digits and brackets made ASCII; one character for one, so offsets hold."""
    return text.translate(_FULLWIDTH)


def _clip(body_end: int | None, text: str) -> int:
    if body_end is None:
        return len(text)
    return max(0, min(body_end, len(text)))


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _build_layout(article: Article, markers: list[Marker], end: int) -> _Layout:
    original = article.text[:end]
    marker_spans = [(m.offset, m.offset + len(m.text)) for m in markers]
    text = _blank(_normalise(original), marker_spans)
    headings: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    previous: tuple[int, int] | None = None  # the last text line of the open paragraph
    for start, stop in _lines(text):
        kind = _line_kind(text[start:stop], original[start:stop])
        if kind == "heading":
            headings.append((start, stop))
        if kind in ("blank", "heading"):
            previous = None
            continue
        if previous is not None and kind == "text" and _soft_wrap(text, previous, (start, stop)):
            paragraphs[-1] = (paragraphs[-1][0], stop)
        else:
            paragraphs.append((start, stop))
        previous = (start, stop)
    sentences = tuple(
        _Sentence(s, e, i) for i, (ps, pe) in enumerate(paragraphs) for s, e in _split(text, ps, pe)
    )
    years = _year_marks(text, headings)
    return _Layout(original, text, tuple(headings), tuple(paragraphs), sentences, years)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _line_kind(line: str, original: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _MD_HEADING_RE.match(line) or _BOLD_LINE_RE.match(line):
        return "heading"
    if (
        _HAS_CJK.search(stripped)
        and _PLAIN_HEADING_RE.match(stripped)
        and original.strip() == stripped  # no marker was blanked out of the line
    ):
        return "heading"
    if _LIST_ITEM_RE.match(line):
        return "item"
    return "text"


def _soft_wrap(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """A line break inside a hard-wrapped (Western) paragraph; in CJK text a line break
    ends the paragraph."""
    before = text[previous[0] : previous[1]].rstrip()
    after = text[current[0] : current[1]].lstrip()
    return bool(before and after) and before[-1] < _WIDE and after[0] < _WIDE


def _split(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans of one paragraph, trimmed of surrounding whitespace."""
    cut = start
    for m in _TERMINATOR_RE.finditer(text, start, end):
        if m.group()[0] == "." and not _ends_sentence(text, m.start(), m.end(), end):
            continue
        yield from _trimmed(text, cut, m.end())
        cut = m.end()
    yield from _trimmed(text, cut, end)


def _ends_sentence(text: str, dot: int, after: int, end: int) -> bool:
    word = _WORD_BEFORE_DOT_RE.search(text[max(0, dot - 12) : dot + 1])
    if word and (word.group(1) in _ABBREVIATIONS or (len(word.group(1)) == 1)):
        return False
    rest = text[after:end].lstrip()
    return not rest or not rest[0].islower()


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body and any(ch.isalnum() for ch in body):
        yield start + lead, start + lead + len(body)


def _year_marks(text: str, headings: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    marks: list[tuple[int, int]] = []
    for start, end in headings:
        m = _HEADING_YEAR_RE.search(text, start, end)
        if m:
            marks.append((start, int(m.group(1))))
    quoted = _blank(text, ((m.start(), m.end()) for m in _QUOTED_RE.finditer(text)))
    for pattern in _TEXT_YEAR_RES:
        marks.extend((m.start(), int(m.group(1))) for m in pattern.finditer(quoted))
    return tuple(sorted(set(marks)))


# =========================================================================== claims


def extract_claims(
    article: Article, markers: list[Marker], body_end: int | None = None
) -> list[Claim]:
    """The date, journal, title, institution and number claims the body makes about the
    works its markers cite, plus (with ``ref`` None) those of unmarked sentences that
    name a journal or a title."""
    end = _clip(body_end, article.text)
    markers = sorted((m for m in markers if m.offset < end), key=lambda m: m.offset)
    layout = _build_layout(article, markers, end)
    own = [_marker_sentence(layout, m) for m in markers]
    owned = set(own)
    anchors = [_anchor(layout, start, owned) for start in own]
    claims: list[Claim] = []
    for group, scope in _groups(layout, markers, anchors):
        anchor = anchors[group[0]]
        assert anchor is not None
        raws = [*layout.claims_of(anchor), *_numbers(layout, scope)]
        refs = sorted({n for i in group for n in markers[i].refs})
        claims.extend(_to_claim(article, layout, raw, ref) for raw in raws for ref in refs)
    used = {i for i in (*own, *anchors) if i is not None}
    claims.extend(_unattributed(article, layout, used))
    return _dedupe(claims)


def _marker_sentence(layout: _Layout, marker: Marker) -> int | None:
    """The sentence a marker belongs to: the one it closes ("…成果。[1]", "…trial [1].")."""
    text = layout.text
    q = marker.offset - 1
    while q >= 0 and text[q] in " \t\r":
        q -= 1
    if q >= 0 and text[q] != "\n":
        found = layout.sentence_at(q)
        if found is not None:
            return found
    return layout.sentence_at(_skip_space(text, marker.offset + len(marker.text)))


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def _anchor(layout: _Layout, start: int | None, owned: set[int | None]) -> int | None:
    """The sentence whose claims a marker takes: its own, or when that one says nothing
    checkable, one of the (at most two) sentences before it in the same paragraph."""
    if start is None:
        return None
    paragraph = layout.sentences[start].paragraph
    for candidate in range(start, max(-1, start - 1 - _WALK_BACK), -1):
        sentence = layout.sentences[candidate]
        if sentence.paragraph != paragraph or (candidate != start and candidate in owned):
            break
        if layout.claims_of(candidate):
            return candidate
    return start


def _groups(
    layout: _Layout, markers: list[Marker], anchors: list[int | None]
) -> Iterator[tuple[list[int], tuple[int, int]]]:
    """Markers that share an anchor sentence, and the span whose numbers they take: from
    the anchor's paragraph to the next group's anchor or the next heading."""
    groups: list[list[int]] = []
    for i, anchor in enumerate(anchors):
        if anchor is None:
            continue
        if groups and anchors[groups[-1][0]] == anchor:
            groups[-1].append(i)
        else:
            groups.append([i])
    previous_end = 0
    for k, group in enumerate(groups):
        sentence = layout.sentences[anchors[group[0]] or 0]
        start = max(layout.paragraphs[sentence.paragraph][0], previous_end, 0)
        stop = layout.next_heading(sentence.start)
        if k + 1 < len(groups):
            following = layout.sentences[anchors[groups[k + 1][0]] or 0]
            stop = min(stop, following.start)
        stop = max(stop, sentence.end)
        previous_end = stop
        yield group, (start, stop)


def _unattributed(article: Article, layout: _Layout, used: set[int]) -> Iterator[Claim]:
    for i in range(len(layout.sentences)):
        if i in used or not _names_a_work(layout, layout.sentences[i]):
            continue  # most sentences name none: skip the costlier date and place rules
        raws = layout.claims_of(i)
        if any(r.kind in ("journal", "title") for r in raws):
            yield from (_to_claim(article, layout, raw, None) for raw in raws)


def _names_a_work(layout: _Layout, sentence: _Sentence) -> bool:
    """Whether a sentence names a journal or a title (its claims_of would hold one)."""
    text = layout.text[sentence.start : sentence.end]
    titles, journals, _spans = _titles_and_journals(layout, sentence.start, text)
    return bool(titles or journals)


def _to_claim(article: Article, layout: _Layout, raw: _Raw, ref: int | None) -> Claim:
    index = layout.sentence_at(raw.offset)
    if index is None:
        sentence = raw.value
    else:
        s = layout.sentences[index]
        sentence = " ".join(layout.original[s.start : s.end].split())
    return Claim(
        ref=ref,
        line=layout.line_of(raw.offset),
        sentence=sentence,
        kind=raw.kind,
        value=raw.value,
        language="zh" if _HAS_CJK.search(sentence) else "en",
        precision=raw.precision,
        offset=raw.offset,
    )


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple[int | None, str, str, int]] = set()
    out: list[Claim] = []
    for c in sorted(claims, key=lambda c: (c.ref is None, c.ref or 0, c.offset, c.kind)):
        key = (c.ref, c.kind, c.value, c.offset)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# --------------------------------------------------------------------------- one sentence


def _sentence_claims(layout: _Layout, sentence: _Sentence) -> list[_Raw]:
    """Title, journal, date and institution claims of one sentence (numbers aside)."""
    base, text = sentence.start, layout.text[sentence.start : sentence.end]
    titles, journals, quoted = _titles_and_journals(layout, base, text)
    rest = _blank(text, quoted)
    return [
        *titles,
        *journals,
        *_dates(layout, base, rest),
        *_institutions(layout, base, rest),
    ]


def _titles_and_journals(
    layout: _Layout, base: int, text: str
) -> tuple[list[_Raw], list[_Raw], list[tuple[int, int]]]:
    """Titles and journals of a sentence, and every span they (or other quotes) cover."""
    titles: list[_Raw] = []
    journals: list[_Raw] = []
    spans: list[tuple[int, int]] = []
    for m in _ZH_BRACKET_RE.finditer(text):
        group = "v" if m.group("v") is not None else "q"
        spans.append((m.start(), m.end()))
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() :]
        if _TITLE_CUE_RE.search(before):
            titles.append(_value(layout, "title", base, m, group))
        elif _ZH_JOURNAL_AFTER_RE.match(after) or _ZH_JOURNAL_BEFORE_RE.search(before):
            journals.append(_value(layout, "journal", base, m, group))
    for m in _EN_TITLE_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            group = next(g for g in "abcdef" if m.group(g) is not None)
            titles.append(_value(layout, "title", base, m, group))
            spans.append((m.start(), m.end()))
    masked = _blank(text, spans)
    for pattern in _EN_JOURNAL_RES:
        for m in pattern.finditer(masked):
            if any(s < m.end("j") and m.start("j") < e for s, e in spans):
                continue
            raw = _value(layout, "journal", base, m, "j")
            if raw.value and raw.value not in _NOT_JOURNALS:
                journals.append(raw)
                spans.append((m.start("j"), m.end("j")))
    return titles, journals, spans


def _value(layout: _Layout, kind: str, base: int, m: re.Match[str], group: str) -> _Raw:
    """A claim whose value is a stretch of the original text, trimmed of edge punctuation."""
    start, end = base + m.start(group), base + m.end(group)
    printed = layout.original[start:end]
    value = printed.strip().rstrip(".,;:，。；")
    offset = start + (len(printed) - len(printed.lstrip()))
    return _Raw(kind, value, offset)


def _dates(layout: _Layout, base: int, text: str) -> list[_Raw]:
    out: list[_Raw] = []
    taken = _Spans()
    for pattern in (_ZH_DATE_RE, _ZH_YEAR_RE, *_EN_DATE_RES):
        for m in pattern.finditer(text):
            raw = _date(layout, base + m.start(), m)
            if raw is not None and taken.take(m.start(), m.end()):
                out.append(raw)
    return out


def _date(layout: _Layout, offset: int, m: re.Match[str]) -> _Raw | None:
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else layout.year_before(offset)
    if year is None:
        return None
    if groups.get("mon"):
        month: int | None = month_number(groups["mon"])
    else:
        month = int(groups["m"]) if groups.get("m") else None
    day = int(groups["d"]) if groups.get("d") else None
    if month is None:
        return _Raw("date", f"{year:04d}", offset, "year")
    if not 1 <= month <= 12:
        return None
    if day is None:
        return _Raw("date", f"{year:04d}-{month:02d}", offset, "month")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return _Raw("date", f"{year:04d}-{month:02d}-{day:02d}", offset, "day")


def _institutions(layout: _Layout, base: int, text: str) -> list[_Raw]:
    out: list[_Raw] = []
    for m in _ZH_COUNTRY_RE.finditer(text):
        out.append(_value(layout, "institution", base, m, "who"))
    cut = 0
    for sep in (*_ORG_SPLIT_RE.finditer(text), None):
        stop = sep.start() if sep else len(text)
        raw = _zh_org(layout, base, text, cut, stop)
        if raw is not None:
            out.append(raw)
        cut = sep.end() if sep else stop
    for pattern in _EN_ORG_RES:
        for m in pattern.finditer(text):
            raw = _value(layout, "institution", base, m, "v")
            if raw.value and not any(raw.offset == o.offset for o in out):
                out.append(raw)
    return out


def _zh_org(layout: _Layout, base: int, text: str, start: int, stop: int) -> _Raw | None:
    """A chunk between separators that names an organisation ("中山大学附属第三医院")."""
    chunk = text[start:stop]
    lead = _LEADING_DATE_RE.match(chunk)
    skip = lead.end() if lead else 0
    name = chunk[skip:]
    if len(name) < 3 or not _ORG_SUFFIX_RE.search(name) or _ORG_GENERIC_RE.match(name):
        return None
    offset = base + start + skip
    return _Raw("institution", layout.original[offset : offset + len(name)], offset)


def _numbers(layout: _Layout, scope: tuple[int, int]) -> list[_Raw]:
    """Counts and percentages in a span of text (outside titles, journals and quotes)."""
    start, end = scope
    text = _blank(layout.text[start:end], _quoted_spans(layout.text[start:end]))
    out: list[_Raw] = []
    taken = _Spans()
    for pattern in _NUMBER_RES:
        for m in pattern.finditer(text):
            offset = start + m.start("n")
            if layout.sentence_at(offset) is None or not taken.take(m.start(), m.end()):
                continue  # a heading, or part of a number already taken
            value = layout.original[offset : start + m.end("n")]
            if "pct" in m.groupdict() and m.group("pct"):
                value += "%"
            out.append(_Raw("number", value, offset))
    return out


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
