"""Which claims a sentence really makes, and about which of its markers.

- A date is a publication date only in a sentence about publishing: the cue word nearest
  to it in its clause says so ("published", "reported", "described", "showed", "a 2012
  paper", 发表, 报道, 报告…), not an event's ("samples were collected in May 2014",
  "patients enrolled in 2015", 纳入, 随访…); "as described [8]" is a method's source, not
  a publication.
- A claim belongs to the clause and the marker it stands with: in "X was reported in
  March 2019 [4], and another team described Y [5]" the date is [4]'s alone. Clauses
  end at commas, semicolons and colons in both scripts (，；、：).
- A date next to a citation of several works ("in 2012 [3, 4]") belongs to one of them,
  the first; several dates to as many works, in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from asrefs.models import Marker
from asrefs.text import words

__all__ = ["attribute", "clause_of", "publication_date"]

_SEPARATOR_RE = re.compile(r"[;:；：，、]|,(?!\s*\d)")
_EN_PUBLISHED = (
    r"publish(?:ed|es|ing)?|publications?|reported|reports?|reporting|described|describes?|"
    r"showed|shown|shows|demonstrated|demonstrates?|revealed|reveals?|appeared|appears?|"
    r"posted|released|online|papers?|articles?|studies|study|reviews?|letters?|preprints?|"
    r"journal|issue|carried|found|identified|discovered|proposed|et\s+al"
)
_EN_EVENT = (
    r"collected|recruited|enrolled|obtained|harvested|sampled|conducted|performed|treated|"
    r"admitted|diagnosed|born|surveyed|interviewed|randomi[sz]ed|followed|measured|started|"
    r"began|begun|initiated|completed|ended|launched|established|founded|held|visited|"
    r"hospitali[sz]ed|operated|vaccinated|infected|exposed|recorded|assessed|screened|"
    r"examined|approved|registered|occurred|took\s+place|carried\s+out|ran|run"
)
# Simplified and traditional forms.
_ZH_PUBLISHED = "|".join(
    words("发表 报道 报告 刊登 刊发 刊载 刊出 发布 在线 上线 公布 出版 论文 文章 综述 成果")
    + words("期刊 杂志 子刊 發表 報道 報導 報告 刊發 刊載 發布 線上 在線 上線 論文 綜述 雜誌")
    + words("发现 證實 证实 提出 揭示 發現")
)
_ZH_EVENT = "|".join(
    words("收集 采集 纳入 招募 入组 随访 开展 进行 启动 实施 治疗 检测 入院 确诊 出生 调查")
    + words("手术 接种 举行 举办 成立 採集 納入 入組 隨訪 開展 進行 啟動 實施 治療 檢測 確診")
    + words("調查 手術 接種 舉行 舉辦")
)
_CUE_RE = re.compile(
    rf"(?P<pub>\b(?:{_EN_PUBLISHED})\b|{_ZH_PUBLISHED})|(?P<event>\b(?:{_EN_EVENT})\b|{_ZH_EVENT})",
    re.I,
)
# A method's source or a citation formula: no publication is being dated.
_NOT_A_CUE_RE = re.compile(
    r"\bas\s+(?:previously\s+|earlier\s+|already\s+)?(?:described|reported|published|shown)\b"
    r"|\b(?:described|reported|published|shown)\s+(?:previously|elsewhere|before|earlier)\b"
    r"|\baccording\s+to\b|如前所述|参照|参考",
    re.I,
)


def clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding ``text[start:end]``: from the separator before it to the one
    after it (separators inside the span, as in "March 21, 2019", do not count)."""
    before = [m.end() for m in _SEPARATOR_RE.finditer(text, 0, start)]
    after = _SEPARATOR_RE.search(text, end)
    return (before[-1] if before else 0, after.start() if after else len(text))


def publication_date(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` (a sentence) dates a publication: the cue
    word nearest to it in its clause is a publication word; when its clause has none,
    the sentence has a publication word and no event word."""
    masked = _NOT_A_CUE_RE.sub(lambda m: " " * len(m.group(0)), text)
    cues = [(m.start(), m.end(), m.lastgroup) for m in _CUE_RE.finditer(masked)]
    lo, hi = clause_of(text, start, end)
    near = [c for c in cues if lo <= c[0] < hi and not (start <= c[0] < end)]
    if near:
        nearest = min(near, key=lambda c: c[0] - end if c[0] >= end else start - c[1])
        return nearest[2] == "pub"
    kinds = {kind for _s, _e, kind in cues}
    return "pub" in kinds and "event" not in kinds


class Cluster:
    """Markers standing together ("[2][5]", "[3], [4]"): one citation of several works."""

    def __init__(self, markers: Sequence[Marker]) -> None:
        self.markers = tuple(markers)
        self.start = markers[0].offset
        self.end = markers[-1].offset + len(markers[-1].text)

    @property
    def refs(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(n for m in self.markers for n in m.refs))


def clusters(text: str, markers: Sequence[Marker]) -> list[Cluster]:
    """Markers (in text order) grouped when only spaces and punctuation stand between."""
    groups: list[list[Marker]] = []
    for m in markers:
        if groups:
            last = groups[-1][-1]
            between = text[last.offset + len(last.text) : m.offset]
            if not any(ch.isalnum() for ch in between):
                groups[-1].append(m)
                continue
        groups.append([m])
    return [Cluster(g) for g in groups]


def owner(text: str, offset: int, found: Sequence[Cluster]) -> Cluster:
    """The cluster a claim at ``offset`` stands with (offsets relative to ``text``, the
    sentence): the first cluster after it in its clause; else the nearest one before it
    (a clause describing the work cited before it: "[1], published in Cell in 2019,");
    else the first one after it."""
    _lo, hi = clause_of(text, offset, offset)
    after = [c for c in found if c.start >= offset]
    if after and after[0].start <= hi:
        return after[0]
    before = [c for c in found if c.end <= offset]
    if before:
        return before[-1]
    return after[0] if after else found[-1]


def works_for_dates(dates: Sequence[int], refs: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """The work each date (by offset) of one citation of several works dates: one date,
    the first work; as many dates as works, in order; otherwise none can be told."""
    if len(refs) <= 1:
        return {d: tuple(refs) for d in dates}
    ordered = sorted(dates)
    if len(ordered) == 1:
        return {ordered[0]: (refs[0],)}
    if len(ordered) == len(refs):
        return {d: (r,) for d, r in zip(ordered, refs, strict=True)}
    return {d: () for d in ordered}


def attribute(
    text: str, claims: Sequence[tuple[str, int]], cited: Sequence[Marker], whole: bool
) -> list[tuple[int, ...]]:
    """The works each claim (kind, offset) of a sentence is about, among those its
    markers ``cited`` (offsets relative to ``text``, the sentence): those of the
    marker it stands with; a date next to a citation of several works, one of them (all
    when the sentence gives the one paper's title). ``whole``: the claims are an earlier
    sentence's, about the whole citation."""
    found = [Cluster(cited)] if whole else clusters(text, cited)
    owners = [owner(text, offset, found) for _kind, offset in claims]
    titled = {id(c) for (kind, _o), c in zip(claims, owners, strict=True) if kind == "title"}
    out: list[tuple[int, ...]] = []
    for (kind, offset), cluster in zip(claims, owners, strict=True):
        if kind != "date" or id(cluster) in titled:
            out.append(cluster.refs)
            continue
        dates = [
            o for (k, o), c in zip(claims, owners, strict=True) if c is cluster and k == "date"
        ]
        out.append(works_for_dates(dates, cluster.refs)[offset])
    return out
