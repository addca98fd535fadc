"""Tests for asrefs.claims: citation markers and the claims made around them.

The expectations for the seed article and the sample article were written by hand
from their text; the table below uses sentences written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asrefs.claims import author_year_key, extract_claims, find_markers
from asrefs.models import Article, Claim, Marker
from conftest import SAMPLE, SEED


def article(text: str) -> Article:
    return Article(path="x.md", text=text, encoding="utf-8")


def run(
    text: str,
    body_end: int | None = None,
    labels: dict[str, int] | None = None,
    max_ref: int | None = None,
) -> tuple[list[Marker], list[Claim]]:
    a = article(text)
    markers = find_markers(a, body_end, labels, max_ref=max_ref)
    return markers, extract_claims(a, markers, body_end)


def facts(claims: list[Claim]) -> set[tuple[int | None, str, str, str | None]]:
    return {(c.ref, c.kind, c.value, c.precision) for c in claims}


# --------------------------------------------------------------------------- the two articles

TITLES = {
    1: "间充质基质细胞移植治疗自身免疫及风湿免疫疾病的疗效和安全性:"
    "随机对照试验的系统评价和荟萃分析",
    2: "间充质干细胞中的脂肪量和肥胖相关蛋白通过lnc NORAD/miR-4284轴"
    "抑制强直性脊柱炎中的破骨细胞生成",
    3: "间充质干细胞治疗的临床进展:以风湿病为重点",
    4: "整合素连接激酶介导促进骨髓间充质干细胞成骨分化:强直性脊柱炎异位骨化的驱动因素",
    5: "突破强直性脊柱炎的界限:创新细胞疗法如何重塑免疫力、推动前沿进展并应对未来挑战",
    6: "无药物间充质干细胞模拟纳米诱饵可抑制强直性脊柱炎的炎症并减弱新骨形成",
    7: "单细胞RNA测序鉴定出PD-L1+间充质干细胞,这些细胞具有增强的免疫调节能力,"
    "并能减轻强直性脊柱炎中异位新骨形成的程度",
}
DATES = {
    1: ("2025-02-11", "day"),
    2: ("2025-03-26", "day"),
    3: ("2025-05-12", "day"),
    4: ("2025-06", "month"),
    5: ("2025-07-11", "day"),
    6: ("2025-07-23", "day"),
    7: ("2025-12-29", "day"),
}
JOURNALS = {
    1: "干细胞研究与治疗",
    2: "世界干细胞杂志",
    3: "Immunity, Inflammation and Disease",
    4: "Bone",
    5: "免疫学前沿",
    6: "纳米研究",
    7: "干细胞研究与治疗",
}
INSTITUTIONS = {1: {"中国医学科学院"}, 3: {"沙特阿拉伯"}, 6: {"我国"}, 7: {"中山大学附属第三医院"}}
NUMBERS = {1: {"42", "2183", "15"}, 5: {"31", "77.4%", "54.8%", "32.3%"}}

ARTICLES = {
    # name: (path, where the reference list starts, marker lines 1..7)
    "seed": (SEED, "参考资料:", (7, 13, 18, 26, 32, 39, 46)),
    "sample": (SAMPLE, "## 参考文献", (9, 15, 21, 27, 33, 37, 43)),
}


@pytest.fixture(params=sorted(ARTICLES))
def loaded(request: pytest.FixtureRequest) -> tuple[Article, int, tuple[int, ...]]:
    path, heading, lines = ARTICLES[request.param]
    text = path.read_text(encoding="utf-8")
    return article(text), text.index(heading), lines


def test_articles_markers(loaded: tuple[Article, int, tuple[int, ...]]) -> None:
    a, body_end, lines = loaded
    markers = find_markers(a, body_end, {}, max_ref=7)
    assert [m.refs for m in markers] == [(n,) for n in range(1, 8)]
    assert [m.line for m in markers] == list(lines)
    assert [m.text for m in markers] == [f"[{n}]" for n in range(1, 8)]
    assert all(m.offset < body_end for m in markers)


def test_articles_reference_list_markers_not_found(
    loaded: tuple[Article, int, tuple[int, ...]],
) -> None:
    a, body_end, _lines = loaded
    assert "117591.[5]Ke M" in a.text[body_end:]
    markers = find_markers(a, body_end)
    assert len(markers) == 7
    # without a body end, the list's own numbers are found, which is why callers pass it
    assert len(find_markers(a)) > 7


@pytest.mark.parametrize("ref", range(1, 8))
def test_articles_claims(loaded: tuple[Article, int, tuple[int, ...]], ref: int) -> None:
    a, body_end, lines = loaded
    claims = [c for c in extract_claims(a, find_markers(a, body_end), body_end) if c.ref == ref]
    by_kind: dict[str, set[str]] = {}
    for c in claims:
        by_kind.setdefault(c.kind, set()).add(c.value)
    value, precision = DATES[ref]
    assert [(c.value, c.precision) for c in claims if c.kind == "date"] == [(value, precision)]
    assert by_kind["journal"] == {JOURNALS[ref]}
    assert by_kind["title"] == {TITLES[ref]}
    assert by_kind.get("institution", set()) == INSTITUTIONS.get(ref, set())
    assert by_kind.get("number", set()) == NUMBERS.get(ref, set())
    for c in claims:
        assert c.language == "zh"
        if c.kind != "number":
            assert c.line == lines[ref - 1]
            assert c.value in c.sentence or c.kind == "date"
            assert a.line_of(c.offset) == c.line


def test_seed_ref4_claims_come_from_the_sentence_before_the_marker() -> None:
    a = article(SEED.read_text(encoding="utf-8"))
    end = a.text.index("参考资料:")
    claims = [c for c in extract_claims(a, find_markers(a, end), end) if c.ref == 4]
    assert all(c.sentence.startswith("6月,《Bone》") for c in claims)


def test_sample_matches_the_seed_references_exactly() -> None:
    seed = SEED.read_text(encoding="utf-8")
    listed = seed[seed.index("[1]Zeng") : seed.index("免责说明")]
    sample = SAMPLE.read_text(encoding="utf-8")
    assert listed in sample
    assert sample.index(listed) > sample.index("## 参考文献")


# --------------------------------------------------------------------------- table of cases

HEAD_2025 = "## 2025年2月研究进展\n\n"


@dataclass
class Case:
    text: str
    markers: list[tuple[int, ...]]
    claims: set[tuple[int | None, str, str, str | None]] = field(default_factory=set)
    absent: set[tuple[int | None, str, str]] = field(default_factory=set)
    labels: dict[str, int] | None = None
    max_ref: int | None = None
    body_end: str | None = None  # the list starts at this string


LABELS = {"zeng-2025": 1, "liu-2024": 2, "hetta-2025": 3, "vanderberg-2023": 4}

CASES: dict[str, Case] = {
    "two refs in one bracket share the claims": Case(
        "2024年5月8日，《柳叶刀》上发表了一篇名为《某药物的随机试验》的论文[1,3]。",
        [(1, 3)],
        {
            (1, "date", "2024-05-08", "day"),
            (3, "date", "2024-05-08", "day"),
            (1, "journal", "柳叶刀", None),
            (3, "title", "某药物的随机试验", None),
        },
    ),
    "bracket list with a space": Case(
        "In 2023, a study appeared in *The Lancet* [1, 3].",
        [(1, 3)],
        {(3, "journal", "The Lancet", None)},
    ),
    "full-width comma in a list": Case("多项研究证实了这一点[2，4]。", [(2, 4)]),
    "adjacent brackets": Case(
        HEAD_2025 + "2月3日，《细胞》杂志上发表了名为《干细胞与衰老》的综述。[2][5]",
        [(2,), (5,)],
        {
            (2, "journal", "细胞", None),
            (5, "journal", "细胞", None),
            (5, "date", "2025-02-03", "day"),
        },
    ),
    "hyphen range expands": Case("前期研究[1-3]提示了风险。", [(1, 2, 3)]),
    "en-dash range expands": Case("Several trials [2–4] reported this.", [(2, 3, 4)]),
    "full-width brackets and digits": Case("该结论已被证实［１２］。", [(12,)]),
    "markdown footnote": Case("The effect was large.[^3]", [(3,)]),
    "claim in the sentence before the marker": Case(
        "## 2023年3月进展\n\n3月2日，《自然医学》期刊上发表了一篇名为《脐带干细胞的长期随访》"
        "的论文。"
        "作者据此提出了新的假说。[4]",
        [(4,)],
        {
            (4, "date", "2023-03-02", "day"),
            (4, "journal", "自然医学", None),
            (4, "title", "脐带干细胞的长期随访", None),
        },
    ),
    "english prose with all four kinds": Case(
        "On 11 February 2025, researchers at the Chinese Academy of Medical Sciences published in "
        "Stem Cell Research & Therapy a paper titled “Stromal cells for lupus” [1].",
        [(1,)],
        {
            (1, "date", "2025-02-11", "day"),
            (1, "institution", "Chinese Academy of Medical Sciences", None),
            (1, "journal", "Stem Cell Research & Therapy", None),
            (1, "title", "Stromal cells for lupus", None),
        },
    ),
    "english month and year, the journal X": Case(
        "In June 2025 the journal Bone carried a study on bony spurs [2].",
        [(2,)],
        {(2, "date", "2025-06", "month"), (2, "journal", "Bone", None)},
    ),
    "english month with the year from a heading": Case(
        "## Advances in 2024\n\nIn June, a team from Sun Yat-sen University reported the results "
        "in *Nature Medicine* [3].",
        [(3,)],
        {
            (3, "date", "2024-06", "month"),
            (3, "institution", "Sun Yat-sen University", None),
            (3, "journal", "Nature Medicine", None),
        },
    ),
    "abbreviated month with day": Case(
        "The review was published Feb. 11, 2025 in Frontiers in Immunology [5].",
        [(5,)],
        {(5, "date", "2025-02-11", "day"), (5, "journal", "Frontiers in Immunology", None)},
    ),
    "hard-wrapped english paragraph": Case(
        "On 3 March 2024 a trial\nwas reported in the journal Bone\nby Saudi researchers [2].",
        [(2,)],
        {
            (2, "date", "2024-03-03", "day"),
            (2, "journal", "Bone", None),
            (2, "institution", "Saudi", None),
        },
    ),
    "english claim before the marker sentence": Case(
        "A study entitled 'Nanodecoys for spondylitis' appeared in Nano Research on July 23, 2025. "
        "It was small.[6]",
        [(6,)],
        {
            (6, "title", "Nanodecoys for spondylitis", None),
            (6, "journal", "Nano Research", None),
            (6, "date", "2025-07-23", "day"),
        },
    ),
    "superscript list": Case("MSC therapy was effective¹,² in early trials.", [(1, 2)]),
    "superscript after a full stop": Case("该疗法安全有效。³", [(3,)]),
    "caret": Case("as reported^4 by the authors", [(4,)]),
    "sup tag": Case("Pain fell<sup>2</sup> and <sup>[3]</sup> so did CRP.", [(2,), (3,)]),
    "exponents are not markers": Case("Doses of 10⁶ cells per m² and 2^10 units; R² was 0.9.", []),
    "ions and PD-L1⁺ are not markers": Case("Ca²⁺ 内流增加，PD-L1⁺ MSCs 增多。", []),
    "author-year in parentheses": Case(
        "MSCs reduced pain (Zeng et al., 2025).",
        [(1,)],
        absent={(1, "date", "2025")},
        labels=LABELS,
    ),
    "author-year two authors": Case("as shown (Zeng & Liu, 2025).", [(1,)], labels=LABELS),
    "author-year narrative": Case("Zeng et al. (2025) pooled 42 RCTs.", [(1,)], labels=LABELS),
    "author-year two citations": Case(
        "Both reviews agree (Zeng et al., 2025; Hetta et al., 2025).", [(1,), (3,)], labels=LABELS
    ),
    "author-year with a particle and a year letter": Case(
        "See (van der Berg et al., 2023a) for details.", [(4,)], labels=LABELS
    ),
    "author-year without a label is dangling": Case(
        "An older trial (Smith et al., 2019) disagreed.", [()], labels=LABELS
    ),
    "author-year in chinese": Case("已有研究证实（Liu等，2024）。", [(2,)], labels=LABELS),
    "author-year ignored without labels": Case("MSCs reduced pain (Zeng et al., 2025).", []),
    "not markers: cytokines and genes": Case(
        "TNF-α、IL-17A和IFN-γ水平下降，miR-4284与Th17细胞比例改变。", []
    ),
    "not markers: document type and volume": Case(
        "见Stem Cell Res Ther[J]，Volume 200，第4期。", []
    ),
    "not markers: a year in brackets": Case("The cohort [2025] was small.", [], max_ref=7),
    "not markers: a year with no list length": Case("The cohort [1998] was small.", []),
    "a long list admits high numbers": Case("As noted [350].", [(350,)], max_ref=400),
    "not markers: zero and reversed range": Case("Values [0] and [5-2] were dropped.", []),
    "claims without a marker": Case(
        "2024年1月5日，《自然》杂志发表了一篇名为《衰老细胞清除》的论文。",
        [],
        {
            (None, "date", "2024-01-05", "day"),
            (None, "journal", "自然", None),
            (None, "title", "衰老细胞清除", None),
        },
    ),
    "a date with no year anywhere is skipped": Case(
        "3月5日，《细胞》上发表了名为《类器官模型》的论文。[1]",
        [(1,)],
        {(1, "journal", "细胞", None)},
        absent={(1, "date", "--03-05")},
    ),
    "year taken from earlier text": Case(
        "2022年1月，一项研究启动。\n3月5日，《细胞》上发表了名为《类器官模型》的论文。[1]",
        [(1,)],
        {(1, "date", "2022-03-05", "day")},
    ),
    "title in 《》 after 名为 is no journal": Case(
        HEAD_2025 + "2月9日，团队在《科学》上发表了名为《骨代谢》的论文。[2]",
        [(2,)],
        {(2, "journal", "科学", None), (2, "title", "骨代谢", None)},
        absent={(2, "journal", "骨代谢")},
    ),
    "journal in curly quotes": Case(
        HEAD_2025 + "2月9日，研究在“Nature”上发表，题为“Bone repair by stem cells”。[3]",
        [(3,)],
        {(3, "journal", "Nature", None), (3, "title", "Bone repair by stem cells", None)},
    ),
    "institutions and a country": Case(
        HEAD_2025 + "2月1日，复旦大学附属华山医院与北京协和医院联合日本研究人员在《骨》上发表了"
        "名为《骨赘》的论文。[2]",
        [(2,)],
        {
            (2, "institution", "复旦大学附属华山医院", None),
            (2, "institution", "北京协和医院", None),
            (2, "institution", "日本", None),
        },
        absent={(2, "institution", "骨赘")},
    ),
    "numbers after the marker up to the next heading": Case(
        HEAD_2025 + "2月1日，《骨》上发表了名为《骨赘》的论文。[1]\n\n"
        "研究纳入120名患者，第4周有效率为85.5%，随访3年。\n\n## 结语\n\n共30例。",
        [(1,)],
        {(1, "number", "120", None), (1, "number", "85.5%", None)},
        absent={(1, "number", "4"), (1, "number", "3"), (1, "number", "30")},
    ),
    "numbers stop at the next marker": Case(
        "A trial enrolled 31 patients; 77.4% responded [2]. A later one had 60 patients [3].",
        [(2,), (3,)],
        {(2, "number", "31", None), (2, "number", "77.4%", None), (3, "number", "60", None)},
        absent={(2, "number", "60"), (3, "number", "31")},
    ),
    "marker in mid-sentence": Case(
        "In a trial [1], published in Rheumatology in May 2024, pain fell.",
        [(1,)],
        {(1, "journal", "Rheumatology", None), (1, "date", "2024-05", "month")},
    ),
    "markers in the reference list are not found": Case(
        "正文引用[1]。\n\n参考文献\n[1]Zeng L. Title[J]. 2025.\n[2]Liu W. Other. 2024.",
        [(1,)],
        body_end="参考文献",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str) -> None:
    case = CASES[name]
    body_end = case.text.index(case.body_end) if case.body_end else None
    markers, claims = run(case.text, body_end, case.labels, case.max_ref)
    assert [m.refs for m in markers] == case.markers
    found = facts(claims)
    assert case.claims <= found, sorted(found, key=str)
    assert not {(r, k, v) for r, k, v, _p in found} & case.absent


def test_claim_fields_english() -> None:
    text = "## Notes\n\nOn 11 February 2025, a team at Fudan University published in *Bone* [1]."
    markers, claims = run(text)
    (marker,) = markers
    assert (marker.line, marker.offset, marker.text) == (3, text.index("[1]"), "[1]")
    journal = next(c for c in claims if c.kind == "journal")
    assert journal.language == "en"
    assert journal.line == 3
    assert journal.offset == text.index("Bone")
    assert journal.sentence.endswith("[1].")


def test_author_year_marker_label() -> None:
    markers, _claims = run("It worked (Zeng et al., 2025).", labels={"zeng-2025": 1})
    assert markers[0].label == "zeng-2025"
    assert markers[0].text == "Zeng et al., 2025"
    assert author_year_key("Müller", 2020) == "muller-2020"
    assert author_year_key("van der Berg", "2023") == "vanderberg-2023"


def test_caller_style_labels_match_accented_names() -> None:
    # the verify stage keeps only a-z, so "Müller" becomes "mller"
    markers, _claims = run("Shown before (Müller et al., 2020).", labels={"mller-2020": 6})
    assert markers[0].refs == (6,)


# --------------------------------------------------------------------------- robustness

PIECES = (
    *"[]［］0123456789１２,，-–~。！？；.!? \n\t年月日号《》“”\"'()（）¹²³⁻⁺^*_#%％例名个第",
    *("名为", "题为", "上发表", "期刊", "杂志", "<sup>", "</sup>", "et al.", "Zeng", " June "),
    *("Feb.", "大学", "医院", "科研人员", "我国", "researchers at ", "published in ", "titled "),
    "2025",
)
ALPHABET = st.sampled_from(PIECES)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.lists(ALPHABET, max_size=80).map("".join), st.text(max_size=300)),
    st.integers(min_value=-5, max_value=400) | st.none(),
)
def test_never_raises(text: str, body_end: int | None) -> None:
    a = article(text)
    markers = find_markers(a, body_end, {"zeng-2025": 1}, max_ref=7)
    claims = extract_claims(a, markers, body_end)
    for m in markers:
        assert a.text[m.offset : m.offset + len(m.text)] == m.text
    for c in claims:
        assert 1 <= c.line <= text.count("\n") + 1
