"""Locating, splitting and parsing reference lists."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asrefs.models import Article, Author, Reference
from asrefs.parse import find_reference_section, parse_entry, parse_references
from conftest import SEED


def _article(text: str) -> Article:
    return Article(path="test.txt", text=text, encoding="utf-8")


def _check(ref: Reference, expected: dict[str, Any]) -> None:
    for name, value in expected.items():
        if name == "authors":
            got = [(a.family, a.given) for a in ref.authors]
            assert got == value, f"authors of {ref.raw!r}"
        else:
            assert getattr(ref, name) == value, f"{name} of {ref.raw!r}"


# --- the seed article ------------------------------------------------------

SEED_EXPECTED: list[dict[str, Any]] = [
    {
        "index": 1,
        "line": 58,
        "authors": [("Zeng", "L"), ("Liu", "C"), ("Wu", "Y")],
        "et_al": True,
        "title": "Efficacy and safety of mesenchymal stromal cell transplantation in the "
        "treatment of autoimmune and rheumatic immune diseases: a systematic review and "
        "meta-analysis of randomized controlled trials",
        "journal": "Stem Cell Res Ther",
        "year": 2025,
        "volume": "16",
        "issue": None,
        "pages": None,
        "article_number": "65",
        "doi": "10.1186/s13287-025-04184-x",
        "style": "springer",
    },
    {
        "index": 2,
        "line": 59,
        "authors": [
            ("Liu", "WJ"),
            ("Wang", "JX"),
            ("Li", "QF"),
            ("Zhang", "YH"),
            ("Ji", "PF"),
            ("Jin", "JH"),
            ("Zhang", "YB"),
            ("Yuan", "ZH"),
            ("Feng", "P"),
            ("Wu", "YF"),
            ("Shen", "HY"),
            ("Wang", "P"),
        ],
        "et_al": False,
        "title": "Fat mass and obesity-associated protein in mesenchymal stem cells inhibits "
        "osteoclastogenesis via lnc NORAD/miR-4284 axis in ankylosing spondylitis",
        "journal": "World J Stem Cells",
        "year": 2025,
        "month": 3,
        "day": 26,
        "volume": "17",
        "issue": "3",
        "pages": None,
        "article_number": "98911",
        "doi": "10.4252/wjsc.v17.i3.98911",
        "pmid": "40160686",
        "pmcid": "PMC11947893",
        "style": "vancouver",
    },
    {
        "index": 3,
        "line": 60,
        "authors": [
            ("Hetta", "HF"),
            ("Elsaghir", "A"),
            ("Sijercic", "VC"),
            ("Ahmed", "AK"),
            ("Gad", "SA"),
            ("Zeleke", "MS"),
            ("Alanazi", "FE"),
            ("Ramadan", "YN"),
        ],
        "et_al": False,
        "title": "Clinical Progress in Mesenchymal Stem Cell Therapy: A Focus on Rheumatic "
        "Diseases",
        "journal": "Immunity, Inflammation and Disease",
        "year": 2025,
        "volume": "13",
        "issue": None,
        "article_number": "e70189",
        "doi": "10.1002/iid3.70189",
        "style": "apa",
    },
    {
        "index": 4,
        "line": 61,
        "authors": [
            ("Huang", "Zhixiang"),
            ("Li", "Yinyu"),
            ("Hu", "Guozhen"),
            ("Ding", "Jiali"),
            ("Liu", "Meng"),
            ("Huang", "Yukai"),
            ("Huang", "Xuechan"),
            ("Li", "Tianwang"),
        ],
        "et_al": False,
        "title": "Integrin-linked kinase-mediated promotion of osteogenic differentiation in "
        "bone marrow mesenchymal stem cells: A driver of heterotopic ossification in "
        "ankylosing spondylitis",
        "journal": "Bone",
        "year": 2025,
        "volume": "200",
        "article_number": "117591",
        "issn": ("8756-3282",),
        "doi": "10.1016/j.bone.2025.117591",
        "style": "elsevier",
    },
    {
        "index": 5,
        "line": 62,
        "authors": [
            ("Ke", "M"),
            ("Liu", "W"),
            ("Lu", "H"),
            ("Pan", "X"),
            ("Wu", "M"),
            ("Qi", "N"),
            ("Wang", "Z"),
            ("Wu", "Y"),
            ("Zhang", "F"),
        ],
        "et_al": False,
        "title": "Breaking boundaries in ankylosing spondylitis: how innovative cell therapies "
        "reshape immunity, drive cutting-edge advances, and face future challenges",
        "journal": "Front. Immunol.",
        "year": 2025,
        "volume": "16",
        "article_number": "1613502",
        "doi": "10.3389/fimmu.2025.1613502",
        "style": "frontiers",
    },
    {
        "index": 6,
        "line": 63,
        "authors": [("Hao", "X"), ("Wen", "X"), ("Zhou", "L")],
        "et_al": True,
        "title": "Drug-free mesenchymal stem cell-mimicking nanodecoys suppress inflammation "
        "and attenuate new bone formation in ankylosing spondylitis",
        "journal": "Nano Research",
        "year": 2025,
        "volume": None,
        "article_number": None,
        "doi": "10.26599/nr.2025.94907838",
    },
    {
        "index": 7,
        "line": 64,
        "authors": [("Luo", "X"), ("Zhou", "L"), ("Wen", "X")],
        "et_al": True,
        "title": "Single—cell RNA sequencing identifies PD—L1 + mesenchymal stem cells with "
        "enhanced immunomodulatory capacity and alleviated the degree of ectopic new bone "
        "formation in ankylosing spondylitis",
        "journal": "Stem Cell Res Ther",
        "year": 2025,
        "volume": "16",
        "article_number": "684",
        "doi": "10.1186/s13287-025-04701-y",
        "style": "springer",
    },
]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_refs(seed_text: str) -> list[Reference]:
    return parse_references(_article(seed_text))


def test_seed_has_seven_references(seed_refs: list[Reference]) -> None:
    assert [r.index for r in seed_refs] == [1, 2, 3, 4, 5, 6, 7]
    assert all(r.numbered for r in seed_refs)
    assert [r.label for r in seed_refs] == [f"[{n}]" for n in range(1, 8)]


@pytest.mark.parametrize("expected", SEED_EXPECTED, ids=lambda e: f"ref{e['index']}")
def test_seed_reference_fields(seed_refs: list[Reference], expected: dict[str, Any]) -> None:
    ref = seed_refs[expected["index"] - 1]
    _check(ref, expected)
    assert ref.malformed == ()


def test_seed_offsets_point_at_the_markers(seed_text: str, seed_refs: list[Reference]) -> None:
    article = _article(seed_text)
    for ref in seed_refs:
        assert seed_text[ref.offset : ref.offset + len(f"[{ref.index}]")] == f"[{ref.index}]"
        assert article.line_of(ref.offset) == ref.line


def test_seed_run_together_refs_4_and_5_are_split(seed_refs: list[Reference]) -> None:
    assert seed_refs[3].raw.endswith("https://doi.org/10.1016/j.bone.2025.117591.")
    assert "[5]" not in seed_refs[3].raw
    assert seed_refs[4].raw.startswith("Ke M, Liu W,")
    assert seed_refs[3].line == 61
    assert seed_refs[4].line == 62


def test_seed_ref_4_joined_across_its_two_lines(seed_refs: list[Reference]) -> None:
    assert "Tianwang Li, Integrin-linked kinase" in seed_refs[3].raw
    assert "\n" not in seed_refs[3].raw


def test_seed_disclaimer_is_not_part_of_ref_7(seed_text: str, seed_refs: list[Reference]) -> None:
    assert seed_refs[6].raw.endswith("https://doi.org/10.1186/s13287-025-04701-y")
    assert "免责" not in seed_refs[6].raw and "扫码" not in seed_refs[6].raw
    section = find_reference_section(seed_text)
    assert section is not None
    start, end = section
    assert seed_text[start:].startswith("[1]Zeng")
    assert seed_text[:end].endswith("s13287-025-04701-y")


# --- one entry per style -------------------------------------------------------------

_FAMILIES = (
    "Adler", "Brandt", "Castro", "Duarte", "Eklund", "Fischer", "Garcia", "Horvat", "Ito",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi",
)  # fmt: skip
MANY_AUTHORS = list(zip(_FAMILIES, "BKLMPRSTUVWXYZABCD", strict=True))
STYLE_CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "Zhang Y, Li X, Wang Z. Mesenchymal stem cells in lupus. Int J Mol Sci. "
        "2021 Jan;22(2):1979-87. doi: 10.3390/ijms22021979.",
        {
            "style": "vancouver",
            "authors": [("Zhang", "Y"), ("Li", "X"), ("Wang", "Z")],
            "title": "Mesenchymal stem cells in lupus",
            "journal": "Int J Mol Sci",
            "year": 2021,
            "month": 1,
            "volume": "22",
            "issue": "2",
            "pages": "1979-87",
            "article_number": None,
            "doi": "10.3390/ijms22021979",
        },
    ),
    (
        "GBD 2019 Diseases and Injuries Collaborators. Global burden of 369 diseases and "
        "injuries in 204 countries. Lancet. 2020 Oct 17;396(10258):1204-1222.",
        {
            "style": "vancouver",
            "authors": [("GBD 2019 Diseases and Injuries Collaborators", "")],
            "title": "Global burden of 369 diseases and injuries in 204 countries",
            "journal": "Lancet",
            "year": 2020,
            "month": 10,
            "day": 17,
            "volume": "396",
            "issue": "10258",
            "pages": "1204-1222",
        },
    ),
    (
        "van der Berg JH, De Los Santos MA, Müller-Schmidt A. Particles in names. "
        "N Engl J Med. 2019;380(2):100-110.",
        {
            "authors": [("van der Berg", "JH"), ("De Los Santos", "MA"), ("Müller-Schmidt", "A")],
            "journal": "N Engl J Med",
            "year": 2019,
            "pages": "100-110",
        },
    ),
    (
        "Le, L. P., Tran, T. H., & Moreau, J. (2010). Particles alone as a family name. "
        "Journal of Infectious Diseases, 201(3), 100–110.",
        {"authors": [("Le", "LP"), ("Tran", "TH"), ("Moreau", "J")], "year": 2010},
    ),
    (
        "Aguera y Arcas, B., Fairhall, A. L., & Bialek, W. (2003). Joined family names. "
        "Neural Computation, 15(8), 1715–1749.",
        {"authors": [("Aguera y Arcas", "B"), ("Fairhall", "AL"), ("Bialek", "W")]},
    ),
    (
        "Riese, D. J., 2nd, Henderson, D. A., Jr., & Stern, D. F. (1998). Suffixes after "
        "names. Bioessays, 20(1), 41–48.",
        {"authors": [("Riese", "DJ"), ("Henderson", "DA"), ("Stern", "DF")]},
    ),
    (  # years after the training data's: a number is read by its form, not its value
        "Xu J, Qu S, Sun N, et al. A reference panel for plasma ctDNA. J Clin Pathol. "
        "2031;74(5):314-20.",
        {"year": 2031, "volume": "74", "issue": "5", "journal": "J Clin Pathol"},
    ),
    (
        "Okafor C, Lind P. Soil warming and microbial respiration. Int J Soil Ecol. "
        "2027 Mar 3;25(2):279-294.",
        {"year": 2027, "month": 3, "volume": "25", "issue": "2", "pages": "279-294"},
    ),
    (  # ACS, one author: the title's first words are no names
        "Whitford, N. J. Intermittent Presumptive Treatment for Malaria. PLoS Med 2005, 2, e3.",
        {
            "authors": [("Whitford", "NJ")],
            "title": "Intermittent Presumptive Treatment for Malaria",
        },
    ),
    (
        "de Sousa Abreu, R., et al. “Two-word family names before et al.” Molecular "
        "BioSystems, vol. 5, 2009, pp. 1512–26.",
        {"authors": [("de Sousa Abreu", "R")], "et_al": True},
    ),
    (
        "Moreau JE. 2005. A slippery slope: how much warming is “dangerous interference”?. "
        "Clim Chg 68:269–279.",
        {"authors": [("Moreau", "JE")], "year": 2005, "journal": "Clim Chg"},
    ),
    (  # APA 7, more than 20 authors: the first 19, an ellipsis, the last
        ", ".join(f"{family}, {initial}." for family, initial in MANY_AUTHORS)
        + ", do Nascimento, V. V., … Zhou, Q. (2014). Genomes of polar animals. Cell, "
        "157(4), 785–794.",
        {
            "authors": [*MANY_AUTHORS, ("do Nascimento", "VV")],
            "et_al": True,
            "journal": "Cell",
            "year": 2014,
        },
    ),
    (  # "Du" looks like a particle, yet "J." is no family name
        "K. Ito, J. Du, W. Du, and X. Ye, “Variants in a Han population”, Diabetes Technol "
        "Ther, vol. 14, pp. 293–300, 2012.",
        {"authors": [("Ito", "K"), ("Du", "J"), ("Du", "W"), ("Ye", "X")]},
    ),
    (  # French: family names in capitals, initials in brackets
        "SIERVO (M.), GREY (P.), NYAN (O.A.) 2006, A pilot study on body image. Eating and "
        "Weight Disorders 11(2): 100-109.",
        {"authors": [("SIERVO", "M"), ("GREY", "P"), ("NYAN", "OA")], "year": 2006},
    ),
    (  # no author: the title opens the entry (APA), no group's name
        "Campus library reopens after repairs. (2001, May). Riverside College Magazine, "
        "12(2), p. 8.",
        {"authors": [], "title": "Campus library reopens after repairs", "year": 2001},
    ),
    (  # a group author with "and" inside its name
        "Centers for Disease Control and Prevention. (2020). Trends in asthma prevalence. "
        "Morbidity and Mortality Weekly Report, 69(2), 1-5.",
        {
            "authors": [("Centers for Disease Control and Prevention", "")],
            "title": "Trends in asthma prevalence",
        },
    ),
    (  # family name first, dotted initials after it
        "Okoro E.N., Lindqvist P.A. Spectral lines of cool dwarfs. Astron J. 2019;157(3):101-110.",
        {"authors": [("Okoro", "EN"), ("Lindqvist", "PA")], "year": 2019, "volume": "157"},
    ),
    (  # ACS without titles: the journal's "J." is no author's initial
        "H. Tanaka, M. Ruiz, J. Am. Chem. Soc. 2012, 134, 3345.",
        {
            "authors": [("Tanaka", "H"), ("Ruiz", "M")],
            "journal": "J. Am. Chem. Soc.",
            "year": 2012,
            "volume": "134",
            "article_number": "3345",  # a first page alone is read as the article's number
        },
    ),
    (
        "Riese DJ 2nd, King ML Jr, Stern DF III, Louis II. Suffixes in Vancouver. "
        "Bioessays. 1998;20(1):41-48.",
        {"authors": [("Riese", "DJ"), ("King", "ML"), ("Stern", "DF"), ("Louis", "II")]},
    ),
    (
        "Smith, J. D., & Doe, A. (2020). Deep learning for cells. Nature Methods, 17(3), "
        "261–268. https://doi.org/10.1038/s41592-020-0001-1",
        {
            "style": "apa",
            "authors": [("Smith", "JD"), ("Doe", "A")],
            "title": "Deep learning for cells",
            "journal": "Nature Methods",
            "year": 2020,
            "volume": "17",
            "issue": "3",
            "pages": "261–268",
            "doi": "10.1038/s41592-020-0001-1",
        },
    ),
    (
        "Hetta, H.F. and Ramadan, Y.N. (2025). Stem cells in rheumatic disease. Immunity, "
        "Inflammation and Disease, 13(2), e70189.",
        {
            "style": "apa",
            "authors": [("Hetta", "HF"), ("Ramadan", "YN")],
            "journal": "Immunity, Inflammation and Disease",
            "volume": "13",
            "issue": "2",
            "article_number": "e70189",
        },
    ),
    (
        "Nguyen, T., Tran, B. et al. A study of events in 1999 and 2001. Nat. Commun. 12, "
        "345 (2021). https://doi.org/10.1038/s41467-021-00001-1",
        {
            "style": "springer",
            "authors": [("Nguyen", "T"), ("Tran", "B")],
            "et_al": True,
            "title": "A study of events in 1999 and 2001",
            "journal": "Nat. Commun.",
            "year": 2021,
            "volume": "12",
            "article_number": "345",
        },
    ),
    (
        "Ludwig van Beethoven, Maria De Los Santos, Tonal memory in the ageing brain,"
        "Journal of Music,Volume 12,Issue 3,2020,Pages 100-110,ISSN 1234-567X,"
        "https://doi.org/10.1016/j.jm.2020.01.001.",
        {
            "style": "elsevier",
            "authors": [("van Beethoven", "Ludwig"), ("De Los Santos", "Maria")],
            "title": "Tonal memory in the ageing brain",
            "journal": "Journal of Music",
            "year": 2020,
            "volume": "12",
            "issue": "3",
            "pages": "100-110",
            "issn": ("1234-567X",),
            "doi": "10.1016/j.jm.2020.01.001",
        },
    ),
    (
        "Chen Q, Li W and Zhou X (2024) Immune cells in the joint. Front. Cell Dev. Biol. "
        "12:1234567. doi: 10.3389/fcell.2024.1234567",
        {
            "style": "frontiers",
            "authors": [("Chen", "Q"), ("Li", "W"), ("Zhou", "X")],
            "title": "Immune cells in the joint",
            "journal": "Front. Cell Dev. Biol.",
            "year": 2024,
            "volume": "12",
            "article_number": "1234567",
        },
    ),
    (
        "Wang, L.; Chen, M.; Zhou, Q. Stem cells for arthritis. Int. J. Mol. Sci. 2025, 16, 65.",
        {
            "style": "mdpi",
            "authors": [("Wang", "L"), ("Chen", "M"), ("Zhou", "Q")],
            "title": "Stem cells for arthritis",
            "journal": "Int. J. Mol. Sci.",
            "year": 2025,
            "volume": "16",
            "article_number": "65",
        },
    ),
    (
        "Kim, S.; Lee, J. Catalytic oxidation of alcohols. J. Am. Chem. Soc. 2019, 141 (3), "
        "1234–1240.",
        {
            "journal": "J. Am. Chem. Soc.",
            "year": 2019,
            "volume": "141",
            "issue": "3",
            "pages": "1234–1240",
        },
    ),
    (
        'A. B. Smith, C. Jones, and D. Brown, "Fast Fourier methods for imaging," IEEE '
        "Trans. Med. Imag., vol. 16, no. 1, pp. 65–70, Mar. 2025, doi: "
        "10.1109/TMI.2025.123456.",
        {
            "style": "ieee",
            "authors": [("Smith", "AB"), ("Jones", "C"), ("Brown", "D")],
            "title": "Fast Fourier methods for imaging",
            "journal": "IEEE Trans. Med. Imag.",
            "year": 2025,
            "month": 3,
            "volume": "16",
            "issue": "1",
            "pages": "65–70",
            "doi": "10.1109/tmi.2025.123456",
        },
    ),
    (
        'Smith, John, and Jane Doe. 2020. "Cells and Their Niches." Journal of Cell '
        "Science 133 (4): 335–340. https://doi.org/10.1242/jcs.123456.",
        {
            "style": "chicago",
            "authors": [("Smith", "John"), ("Doe", "Jane")],
            "title": "Cells and Their Niches",
            "journal": "Journal of Cell Science",
            "year": 2020,
            "volume": "133",
            "issue": "4",
            "pages": "335–340",
        },
    ),
    (
        "Smith, J. and Doe, J. (2020) 'Cells and niches', Journal of Cell Science, 133(4), "
        "pp. 335-340. doi: 10.1242/jcs.123456.",
        {
            "style": "harvard",
            "authors": [("Smith", "J"), ("Doe", "J")],
            "title": "Cells and niches",
            "journal": "Journal of Cell Science",
            "year": 2020,
            "volume": "133",
            "issue": "4",
            "pages": "335-340",
        },
    ),
    (
        'Smith, John, and Jane Doe. "Cells and Their Niches." Journal of Cell Science, '
        "vol. 133, no. 4, 2020, pp. 335-40.",
        {
            "style": "mla",
            "authors": [("Smith", "John"), ("Doe", "Jane")],
            "title": "Cells and Their Niches",
            "journal": "Journal of Cell Science",
            "year": 2020,
            "volume": "133",
            "issue": "4",
            "pages": "335-40",
        },
    ),
    (
        "ZENG L, LIU C, WU Y, et al. Efficacy of stromal cells[J]. Stem Cell Research & "
        "Therapy, 2025, 16(1): 65.",
        {
            "style": "gbt7714",
            "kind": "J",
            "authors": [("ZENG", "L"), ("LIU", "C"), ("WU", "Y")],
            "et_al": True,
            "title": "Efficacy of stromal cells",
            "journal": "Stem Cell Research & Therapy",
            "year": 2025,
            "volume": "16",
            "issue": "1",
            "article_number": "65",
        },
    ),
    (
        "张三, 李四, 王五, 等. 间充质干细胞治疗强直性脊柱炎的研究[J]. 中华医学杂志, 2020, "
        "100(5): 321-325.",
        {
            "style": "gbt7714",
            "kind": "J",
            "authors": [("张", "三"), ("李", "四"), ("王", "五")],
            "et_al": True,
            "title": "间充质干细胞治疗强直性脊柱炎的研究",
            "journal": "中华医学杂志",
            "year": 2020,
            "volume": "100",
            "issue": "5",
            "pages": "321-325",
        },
    ),
    (
        "欧阳明，司马光．干细胞治疗学［M］．北京：人民卫生出版社，2018：12-20．",
        {
            "style": "gbt7714",
            "kind": "M",
            "authors": [("欧阳", "明"), ("司马", "光")],
            "title": "干细胞治疗学",
            "publisher": "人民卫生出版社",
            "year": 2018,
            "pages": "12-20",
        },
    ),
    (
        "Brown A, Green B. Bad identifiers. J Foo. 2020;1:2. doi: 10.1186/ PMID: 12ab",
        {
            "journal": "J Foo",
            "year": 2020,
            "doi": None,
            "pmid": None,
            "malformed": ("doi: 10.1186/", "PMID: 12ab"),
        },
    ),
    (
        "Doe J. A preprint on things. arXiv:2101.01234v2. 2021.",
        {"arxiv": "2101.01234v2", "year": 2021, "title": "A preprint on things"},
    ),
    (
        "Birch H. Dementia and care. Alzheimer's Australia; 2009. Available from: "
        "http://www.example.org/report.pdf",
        {"url": "http://www.example.org/report.pdf", "year": 2009, "doi": None},
    ),
    (  # a URL a line break split after its "www." is still cut out whole
        "Lund, K. (2007). Ferry fares rise again. Harbour Times, http://www. harbourtimes.example/"
        "2007/ferry-fares",
        {
            "url": "http://www.harbourtimes.example/2007/ferry-fares",
            "title": "Ferry fares rise again",  # the site's name is the journal or publisher
            "year": 2007,
        },
    ),
]


@pytest.mark.parametrize(("raw", "expected"), STYLE_CASES, ids=lambda v: str(v)[:30])
def test_parse_entry_styles(raw: str, expected: dict[str, Any]) -> None:
    ref = parse_entry(raw, 1, 10, 100)
    assert (ref.index, ref.line, ref.offset, ref.numbered) == (1, 10, 100, True)
    _check(ref, expected)


def test_consortium_author_is_collective() -> None:
    ref = parse_entry(STYLE_CASES[1][0], 1, 1, 0)
    assert ref.authors == (Author("GBD 2019 Diseases and Injuries Collaborators", collective=True),)


def test_names_before_a_colon_and_a_title_are_no_group() -> None:
    ref = parse_entry(
        "Ada Moss: On the Names of Rivers. Harbour Studies Quarterly, Vol. 19, 2015, 100-120",
        1,
        1,
        0,
    )
    assert [(a.family, a.collective) for a in ref.authors] == [("Moss", False)]
    assert (ref.title, ref.journal) == ("On the Names of Rivers", "Harbour Studies Quarterly")


def test_raw_is_whitespace_normalised() -> None:
    ref = parse_entry("  Smith J.\n  Title.   J Foo. 2020;1:2. ", 3, 1, 0, numbered=False)
    assert ref.raw == "Smith J. Title. J Foo. 2020;1:2."
    assert ref.numbered is False


# --- locating and splitting ----------------------------------------------------------


def _raws(text: str) -> list[tuple[int, int, str]]:
    return [(r.index, r.line, r.raw) for r in parse_references(_article(text))]


def test_unnumbered_paragraph_list_ends_at_rule() -> None:
    text = (
        "Intro text.\n\n## References\n\n"
        "Smith, J. (2020). A title. Journal of X, 1(2), 3-4.\n\n"
        "Doe, A., & Roe, B. (2019). Another title. Journal of Y, 5, e12.\n\n---\n\nFooter.\n"
    )
    refs = parse_references(_article(text))
    assert [(r.index, r.line, r.numbered) for r in refs] == [(1, 5, False), (2, 7, False)]
    assert refs[1].raw == "Doe, A., & Roe, B. (2019). Another title. Journal of Y, 5, e12."


def test_unnumbered_hanging_indent_joins_lines() -> None:
    text = (
        "References\n"
        "Smith J, Doe A. A long title that wraps over\n"
        "    two lines. J Foo. 2020;1:2.\n"
        "Roe B. Another. J Bar. 2019;3:4.\n"
    )
    assert _raws(text) == [
        (1, 2, "Smith J, Doe A. A long title that wraps over two lines. J Foo. 2020;1:2."),
        (2, 4, "Roe B. Another. J Bar. 2019;3:4."),
    ]


@pytest.mark.parametrize("bullet", ["- ", "* ", "• ", "  · "])
def test_a_bullet_starts_an_unnumbered_entry_and_is_not_part_of_it(bullet: str) -> None:
    text = (
        "References\n"
        f"{bullet}Smith J, Doe A. A long title that wraps over\n"
        "    two lines. J Foo. 2020;1:2.\n"
        f"{bullet}Roe B. Another title, J Bar 2019,\n"
        f"{bullet}Poe C. A third. J Baz. 2018;7:8.\n"
    )
    refs = parse_references(_article(text))
    assert [(r.index, r.line, r.raw) for r in refs] == [
        (1, 2, "Smith J, Doe A. A long title that wraps over two lines. J Foo. 2020;1:2."),
        (2, 4, "Roe B. Another title, J Bar 2019,"),
        (3, 5, "Poe C. A third. J Baz. 2018;7:8."),
    ]
    assert [r.authors[0].family for r in refs] == ["Smith", "Roe", "Poe"]
    assert text[refs[2].offset :].startswith("Poe C.")


def test_full_width_brackets_and_chinese_heading() -> None:
    text = (
        "正文。\n参考文献：\n"
        "［１］张三, 李四. 标题一[J]. 中华医学杂志, 2020, 100(5): 321-325.\n"
        "［２］王五. 标题二[J]. 中华内科杂志, 2019, 58(1): 1-5.\n"
        "扫码关注我们\n"
    )
    refs = parse_references(_article(text))
    assert [(r.index, r.line, r.label) for r in refs] == [(1, 3, "［１］"), (2, 4, "［２］")]
    assert refs[1].journal == "中华内科杂志"
    assert refs[1].authors == (Author("王", "五"),)


@pytest.mark.parametrize(
    ("first", "second"),
    [("1.", "2."), ("1)", "2)"), ("(1)", "(2)"), ("^1", "^2"), ("¹", "²"), ("[1]", "[2]")],
)
def test_marker_forms(first: str, second: str) -> None:
    text = (
        f"Bibliography\n{first} Smith J. Title one. J Foo. 2020;1:2.\n"
        f"{second} Doe A. Title two. J Bar. 2019;3:5.\n"
    )
    assert _raws(text) == [
        (1, 2, "Smith J. Title one. J Foo. 2020;1:2."),
        (2, 3, "Doe A. Title two. J Bar. 2019;3:5."),
    ]


def test_markdown_heading_and_appendix_end() -> None:
    text = (
        "# Paper\n\n**References:**\n\n"
        "1) Smith J. Title one. J Foo. 2020;1:2.\n"
        "2) Doe A. Title two. J Bar. 2019;3:5.\n\n## Appendix\n3) something 2020\n"
    )
    assert [r.index for r in parse_references(_article(text))] == [1, 2]


def test_without_heading_the_trailing_numbered_run() -> None:
    text = (
        "Body text [1].\n\n1. Smith J. Title one. J Foo. 2020;1:2.\n"
        "2. Doe A. Title two. J Bar. 2019;3(4):5-6.\n\nCopyright 2024 Someone.\n"
    )
    assert [(r.index, r.line) for r in parse_references(_article(text))] == [(1, 3), (2, 4)]


def test_bracketed_number_in_title_does_not_split() -> None:
    text = (
        "References\n[1] Smith J. Results in [7] cohorts. J Foo. 2020;1:2.\n"
        "[2] Doe A. Two. J Bar. 2019;3:5.\n"
    )
    assert parse_references(_article(text))[0].raw == (
        "Smith J. Results in [7] cohorts. J Foo. 2020;1:2."
    )


def test_run_together_entries_split_at_next_number_only() -> None:
    text = (
        "References:\n[1] Smith J. One. J Foo. 2020;1:2.[2] Doe A. Two. J Bar. 2019;3:5. "
        "[3] Roe B. Three. J Baz. 2018;1:1.\n"
    )
    refs = parse_references(_article(text))
    assert [(r.index, r.line, r.raw) for r in refs] == [
        (1, 2, "Smith J. One. J Foo. 2020;1:2."),
        (2, 2, "Doe A. Two. J Bar. 2019;3:5."),
        (3, 2, "Roe B. Three. J Baz. 2018;1:1."),
    ]
    assert text[refs[1].offset : refs[1].offset + 3] == "[2]"


def test_prose_after_the_list_ends_it() -> None:
    text = (
        "参考资料\n(1) Smith J. Title one. J Foo. 2020;1:2.\n"
        "(2) Doe A. Title two. J Bar. 2019;3:5.\n"
        "本文仅供参考，不构成任何医疗建议，请在医生指导下使用。\n"
    )
    refs = parse_references(_article(text))
    assert [r.raw for r in refs][-1] == "Doe A. Title two. J Bar. 2019;3:5."


def test_last_heading_wins() -> None:
    text = (
        "Sources\n[1] Not this. J X. 2001;1:1.\n\nBody.\n\nReferences\n"
        "[1] Smith J. This one. J Foo. 2020;1:2.\n"
    )
    assert _raws(text) == [(1, 7, "Smith J. This one. J Foo. 2020;1:2.")]


def test_no_reference_list() -> None:
    assert parse_references(_article("Just some text.\nNo list here.\n")) == []
    assert find_reference_section("Just some text.") is None


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("[]()1234. ,;:\nAbc等参考文献References10/doi")), max_size=300
    )
)
def test_parse_references_never_raises_on_list_like_text(text: str) -> None:
    for ref in parse_references(_article(text)):
        assert ref.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parse_references_never_raises(text: str) -> None:
    parse_references(_article("References\n[1] " + text))
    parse_references(_article(text))


def test_an_mla_entry_with_a_volume_word_is_not_read_as_elsevier_export() -> None:
    ref = parse_entry(
        "Al-Riyami, S. S., and K. G. Paterson. “Certificateless Public Key Cryptography”. "
        "Advances in Cryptology—ASIACRYPT 2003, Lecture Notes in Computer Science, "
        "Volume 2894, 2003, pp. 452–73.",
        1,
        1,
        0,
    )
    assert [a.family for a in ref.authors] == ["Al-Riyami", "Paterson"]
    assert ref.title == "Certificateless Public Key Cryptography"
    assert ref.style != "elsevier"
