"""The claims an article's body makes about the works its markers cite.

For every marker, what its sentence (or, when that sentence says nothing checkable, one
of the two sentences before it) says about the cited work: publication date, journal,
title, institution or country, in Chinese or English; and the numbers the following
text attributes to it (:mod:`asrefs.claims.numbers`). Sentences without a marker that
name a journal or a title give claims with no reference. Nothing here does I/O.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterator
from typing import NamedTuple

from asrefs.claims.context import attribute, clause_of, publication_date
from asrefs.claims.layout import MONTH, Layout, Sentence, build_layout
from asrefs.claims.markup import prose_of
from asrefs.claims.numbers import numbers
from asrefs.claims.offsets import Spans, blank, clip
from asrefs.dates import month_number
from asrefs.journals import is_journal_name
from asrefs.models import Article, Claim, Marker
from asrefs.text import has_han, words

__all__ = ["extract_claims"]

_WALK_BACK = 2  # sentences searched before a marker's own sentence for its claims

# --------------------------------------------------------------------------- dates

_DAY_SUFFIX = r"(?:st|nd|rd|th)?"
_ZH_DATE_RE = re.compile(
    r"(?<![0-9\-–~第])(?:(?P<y>(?:19|20)[0-9]{2})\s*年\s*)?(?P<m>1[0-2]|0?[1-9])\s*月"
    r"(?:\s*(?P<d>3[01]|[12][0-9]|0?[1-9])\s*[日号])?(?!\s*[-–~至到]\s*[0-9])"
)
_ZH_YEAR_RE = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})\s*年(?!\s*[0-9])")
_EN_DATE_RES = (
    re.compile(
        rf"\b(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+)?(?P<mon>{MONTH})\.?,?\s+"
        r"(?P<y>(?:19|20)[0-9]{2})\b"
    ),
    re.compile(
        rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX},?\s+(?P<y>(?:19|20)[0-9]{{2}})\b"
    ),
    re.compile(r"\b(?P<y>(?:19|20)[0-9]{2})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])\b"),
    re.compile(rf"\b(?P<mon>{MONTH})\.?,?\s+(?P<y>(?:19|20)[0-9]{{2}})\b"),
    re.compile(rf"\b(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+)?(?P<mon>{MONTH})"),
    re.compile(rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>[0-9]{{1,2}}){_DAY_SUFFIX}\b(?!,?\s*[0-9])"),
    re.compile(rf"\b(?:in|In|during|During|since|Since|early|late|mid-?)\s+(?P<mon>{MONTH})"),
    re.compile(r"\b(?:in|In|during|During)\s+(?P<y>(?:19|20)[0-9]{2})\b(?!-)"),
    re.compile(
        r"\b(?:[Aa]n?|[Tt]he|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur|[Tt]his)\s+(?P<y>(?:19|20)[0-9]{2})"
        r"\s+(?=(?:paper|study|article|report|review|letter|publication|trial|analysis)\b)"
    ),
)
# --------------------------------------------------------------------------- titles, journals

_TITLE_CUE_RE = re.compile(
    r"(?:名为|题为|标题为|题目为|题名为|名叫|论文|文章|titled|entitled)\s*[:：]?\s*$"
)
_ZH_JOURNAL_AFTER_RE = re.compile(
    r"^\s*(?:(?:学术|国际|行业|权威)?(?:期刊|杂志|刊物)|上|发表|刊登|刊发|在线发表|报道|刊载)"
)
_ZH_JOURNAL_BEFORE_RE = re.compile(
    r"(?:期刊|杂志|刊物|发表于|发表在|刊登于|刊登在|刊发于|刊发在|刊于|见于|登上|发布于|子刊|旗下的?)\s*$"
)
# 《自然》子刊《自然·通讯》: the first name is the family the journal belongs to, not a claim.
_ZH_FAMILY_AFTER_RE = re.compile(r"^\s*(?:杂志|期刊)?\s*(?:的|旗下的?)?\s*(?:子刊|旗下|系列)")
_ZH_BRACKET_RE = re.compile(r"《(?P<v>[^》\n]{1,300})》|[“\"](?P<q>[^”\"\n]{1,300})[”\"]")
_EN_TITLE_RE = re.compile(
    r"\b(?:titled|entitled|title)\s*[:,]?\s*(?:“(?P<a>[^”\n]{2,400})”|\"(?P<b>[^\"\n]{2,400})\""
    r"|‘(?P<c>[^’\n]{2,400})’|'(?P<d>[^'\n]{2,400})'(?![A-Za-z])|\*(?P<e>[^*\n]{2,400})\*"
    r"|《(?P<f>[^》\n]{1,400})》)"
)
_CAP_WORD = rf"(?!{MONTH})(?:[A-Z]|[a-z]+[A-Z])[A-Za-z0-9'’.&\-]*"
_PROPER_NAME = (
    rf"(?:The\s+)?{_CAP_WORD}(?:\s+(?:(?:of|in|and|for|the|on|&|de|la|et|und|y)\s+)*{_CAP_WORD})*"
)
# Where a journal is named; a name after a group "journal" is one whatever it is, others
# only when they are journal names (asrefs.journals): "reported in Purkinje cells" is not.
_EN_JOURNAL_RES = (
    re.compile(
        r"\bin\s+(?:the\s+(?P<journal>journal)\s+)?(?P<m>\*{1,2}|_)(?P<j>[^*_\n]{2,150}?)(?P=m)"
    ),
    re.compile(
        r"\b(?:published|appeared|appearing|appears|reported|publishing)\b[^;。]{0,120}?"
        rf"\bin\s+(?:the\s+)?(?:(?P<journal>journal)\s+)?(?P<j>{_PROPER_NAME})"
    ),
    re.compile(rf"\b(?P<journal>[Jj]ournal)\s+(?P<j>{_PROPER_NAME})"),
    re.compile(
        r"\b(?:paper|study|article|report|review|letter)s?\s+(?:published\s+)?in\s+(?:the\s+)?"
        rf"(?P<j>{_PROPER_NAME})"
    ),
)
_NOT_JOURNALS = frozenset(
    (
        *words("The English Chinese Spanish French German Japanese China Japan USA"),
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
_COUNTRIES_ZH = words(
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


class _Raw(NamedTuple):
    """A claim before it is tied to a reference."""

    kind: str
    value: str
    offset: int
    precision: str | None = None
    end: int = 0  # where the printed date ends (dates only)


class _SentenceClaims:
    """The claims of each sentence (numbers aside), computed once per sentence."""

    def __init__(self, layout: Layout) -> None:
        self._layout = layout
        self._cache: dict[int, list[_Raw]] = {}

    def of(self, index: int) -> list[_Raw]:
        if index not in self._cache:
            self._cache[index] = _sentence_claims(self._layout, self._layout.sentences[index])
        return self._cache[index]


# =========================================================================== claims


def extract_claims(
    article: Article, markers: list[Marker], body_end: int | None = None
) -> list[Claim]:
    """The date, journal, title, institution and number claims the body makes about the
    works its markers cite, plus (with ``ref`` None) those of unmarked sentences that
    name a journal or a title. Markup is read as its prose (:mod:`.markup`)."""
    article = prose_of(article)
    end = clip(body_end, article.text)
    markers = sorted((m for m in markers if m.offset < end), key=lambda m: m.offset)
    layout = build_layout(article, markers, end)
    said = _SentenceClaims(layout)
    own = [_marker_sentence(layout, m) for m in markers]
    owned = set(own)
    anchors = [_anchor(layout, said, start, owned) for start in own]
    claims: list[Claim] = []
    for group, scope in _groups(layout, markers, anchors):
        anchor = anchors[group[0]]
        assert anchor is not None
        cited = [markers[i] for i in group]
        for raw, refs in _attributed(layout, anchor, said.of(anchor), cited, own[group[0]]):
            claims.extend(_to_claim(article, layout, raw, ref) for ref in refs)
        every = sorted({n for m in cited for n in m.refs})
        for value, offset in numbers(layout, scope):
            claims.extend(
                _to_claim(article, layout, _Raw("number", value, offset), r) for r in every
            )
    used = {i for i in (*own, *anchors) if i is not None}
    claims.extend(_unattributed(article, layout, said, used))
    return _dedupe(claims)


def _attributed(
    layout: Layout, anchor: int, raws: list[_Raw], cited: list[Marker], own: int | None
) -> Iterator[tuple[_Raw, tuple[int, ...]]]:
    """Each claim of the anchor sentence with the works it is about
    (:func:`asrefs.claims.context.attribute`)."""
    sentence = layout.sentences[anchor]
    text = layout.text[sentence.start : sentence.end]
    claims = [(r.kind, r.offset - sentence.start) for r in raws]
    shifted = [dataclasses.replace(m, offset=m.offset - sentence.start) for m in cited]
    works = attribute(text, claims, shifted, whole=own != anchor)
    yield from zip(raws, works, strict=True)


def _marker_sentence(layout: Layout, marker: Marker) -> int | None:
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


def _anchor(
    layout: Layout, said: _SentenceClaims, start: int | None, owned: set[int | None]
) -> int | None:
    """The sentence whose claims a marker takes: its own, or when that one says nothing
    checkable, one of the (at most two) sentences before it in the same paragraph."""
    if start is None:
        return None
    paragraph = layout.sentences[start].paragraph
    for candidate in range(start, max(-1, start - 1 - _WALK_BACK), -1):
        sentence = layout.sentences[candidate]
        if sentence.paragraph != paragraph or (candidate != start and candidate in owned):
            break
        if said.of(candidate):
            return candidate
    return start


def _groups(
    layout: Layout, markers: list[Marker], anchors: list[int | None]
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


def _unattributed(
    article: Article, layout: Layout, said: _SentenceClaims, used: set[int]
) -> Iterator[Claim]:
    for i in range(len(layout.sentences)):
        if i in used or not _names_a_work(layout, layout.sentences[i]):
            continue  # most sentences name none: skip the costlier date and place rules
        raws = said.of(i)
        if any(r.kind in ("journal", "title") for r in raws):
            yield from (_to_claim(article, layout, raw, None) for raw in raws)


def _names_a_work(layout: Layout, sentence: Sentence) -> bool:
    """Whether a sentence names a journal or a title (its sentence claims would hold one)."""
    text = layout.text[sentence.start : sentence.end]
    titles, journals, _spans = _titles_and_journals(layout, sentence.start, text)
    return bool(titles or journals)


def _to_claim(article: Article, layout: Layout, raw: _Raw, ref: int | None) -> Claim:
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
        language="zh" if has_han(sentence) else "en",
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


def _sentence_claims(layout: Layout, sentence: Sentence) -> list[_Raw]:
    """Title, journal, date and institution claims of one sentence (numbers aside)."""
    base, text = sentence.start, layout.text[sentence.start : sentence.end]
    titles, journals, quoted = _titles_and_journals(layout, base, text)
    rest = blank(text, quoted)
    named = [r.offset - base for r in (*titles, *journals)]
    dates = [
        d
        for d in _dates(layout, base, rest)
        if _dates_a_publication(rest, d.offset - base, d.end - base, named)
    ]
    return [*titles, *journals, *dates, *_institutions(layout, base, rest)]


def _dates_a_publication(text: str, start: int, end: int, named: list[int]) -> bool:
    """A date whose clause names a journal or a title, or whose sentence is about
    publishing (:func:`asrefs.claims.context.publication_date`)."""
    lo, hi = clause_of(text, start, end)
    return any(lo <= o < hi for o in named) or publication_date(text, start, end)


def _titles_and_journals(
    layout: Layout, base: int, text: str
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
        elif _ZH_FAMILY_AFTER_RE.match(after):
            continue
        elif _ZH_JOURNAL_AFTER_RE.match(after) or _ZH_JOURNAL_BEFORE_RE.search(before):
            journals.append(_value(layout, "journal", base, m, group))
    for m in _EN_TITLE_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            group = next(g for g in "abcdef" if m.group(g) is not None)
            titles.append(_value(layout, "title", base, m, group))
            spans.append((m.start(), m.end()))
    masked = blank(text, spans)
    for pattern in _EN_JOURNAL_RES:
        for m in pattern.finditer(masked):
            if any(s < m.end("j") and m.start("j") < e for s, e in spans):
                continue
            raw = _value(layout, "journal", base, m, "j")
            named = m.groupdict().get("journal") is not None or is_journal_name(raw.value)
            if raw.value and raw.value not in _NOT_JOURNALS and named:
                journals.append(raw)
                spans.append((m.start("j"), m.end("j")))
    return titles, journals, spans


def _value(layout: Layout, kind: str, base: int, m: re.Match[str], group: str) -> _Raw:
    """A claim whose value is a stretch of the original text up to a marker, trimmed of
    edge punctuation."""
    start, end = base + m.start(group), base + m.end(group)
    end = next(
        (
            i
            for i in range(start, end)
            if layout.text[i] == " " and not layout.original[i].isspace()
        ),
        end,
    )
    printed = layout.original[start:end]
    value = printed.strip().rstrip(".,;:，。；")
    offset = start + (len(printed) - len(printed.lstrip()))
    return _Raw(kind, value, offset)


def _dates(layout: Layout, base: int, text: str) -> list[_Raw]:
    out: list[_Raw] = []
    taken = Spans()
    for pattern in (_ZH_DATE_RE, _ZH_YEAR_RE, *_EN_DATE_RES):
        for m in pattern.finditer(text):
            raw = _date(layout, base + m.start(), m)
            if raw is not None and taken.take(m.start(), m.end()):
                out.append(raw)
    return out


def _date(layout: Layout, offset: int, m: re.Match[str]) -> _Raw | None:
    raw = _date_value(layout, offset, m)
    return raw._replace(end=offset + len(m.group(0))) if raw else None


def _date_value(layout: Layout, offset: int, m: re.Match[str]) -> _Raw | None:
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


def _institutions(layout: Layout, base: int, text: str) -> list[_Raw]:
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


def _zh_org(layout: Layout, base: int, text: str, start: int, stop: int) -> _Raw | None:
    """A chunk between separators that names an organisation ("中山大学附属第三医院")."""
    chunk = text[start:stop]
    lead = _LEADING_DATE_RE.match(chunk)
    skip = lead.end() if lead else 0
    name = chunk[skip:]
    if len(name) < 3 or not _ORG_SUFFIX_RE.search(name) or _ORG_GENERIC_RE.match(name):
        return None
    offset = base + start + skip
    return _Raw("institution", layout.original[offset : offset + len(name)], offset)
