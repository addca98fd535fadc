"""Claims are read only where the text makes them, and about the work they stand with:
a date in a sentence about publishing, a journal that is a journal's name, the clause
and marker a claim belongs to, a Chinese journal family name that is not the journal.

The sentences, works and DOIs are made up for these tests (DOI prefix 10.5555)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asrefs.checks import check_claims
from asrefs.claims import extract_claims, find_markers
from asrefs.models import Article, Claim, Identifier, Lookup, Record, Reference, ReferenceResult
from conftest import SEED, verify_report

Fact = tuple[int | None, str, str]


def claims_of(text: str) -> set[Fact]:
    article = Article(path="x.md", text=text, encoding="utf-8")
    markers = find_markers(article, None, None, max_ref=20)
    return {(c.ref, c.kind, c.value) for c in extract_claims(article, markers, None)}


# (sentence, claims it makes, claims it must not make)
CASES: dict[str, tuple[str, set[Fact], set[Fact]]] = {
    # B: the clause and marker a claim stands with
    "a date goes with its own clause's marker": (
        "Tau spreading was reported in March 2019 [4], and another team described its "
        "clearance [5].",
        {(4, "date", "2019-03")},
        {(5, "date", "2019-03")},
    ),
    "each clause its own date and journal": (
        "Grid cells were mapped in June 2016 [9], and a 2012 paper in Cell showed their "
        "remapping [10].",
        {(9, "date", "2016-06"), (10, "date", "2012"), (10, "journal", "Cell")},
        {(10, "date", "2016-06"), (9, "date", "2012"), (9, "journal", "Cell")},
    ),
    "a clause after a marker describes that marker's work": (
        "Ahlberg et al. [1], published in Neuron in 2019, differ from Varga et al. [2], "
        "published in Brain in 2021.",
        {(1, "journal", "Neuron"), (1, "date", "2019"), (2, "journal", "Brain")},
        {(1, "journal", "Brain"), (2, "journal", "Neuron"), (1, "date", "2021")},
    ),
    "chinese clauses split at ，and ；": (
        "2019年3月，甲团队报道了肝脏的再生机制[4]；另一团队描述了胆管的修复[5]。",
        {(4, "date", "2019-03")},
        {(5, "date", "2019-03")},
    ),
    "chinese clauses split at 、": (
        "2018年5月发表于《细胞》的研究[2]、随后的重复研究[3]均证实了这一点。",
        {(2, "date", "2018-05"), (2, "journal", "细胞")},
        {(3, "date", "2018-05"), (3, "journal", "细胞")},
    ),
    # C: no claim where there is none
    "a cell type is no journal": (
        "Similar expression was reported in Purkinje cells [5].",
        set(),
        {(5, "journal", "Purkinje")},
    ),
    "organisms are no journals": (
        "The effect was first reported in Zebrafish [6] and later in Mice [7].",
        set(),
        {(6, "journal", "Zebrafish"), (7, "journal", "Zebrafish")},
    ),
    "places are no journals": (
        "Comparable rates were reported in Norway and Chile [4].",
        set(),
        {(4, "journal", "Norway and Chile")},
    ),
    "a journal's name is one": (
        "Comparable rates were reported in Annals of Hepatology [4] and in Hepatology [5].",
        {(4, "journal", "Annals of Hepatology")},
        set(),
    ),
    "the date of an event in methods is no publication date": (
        "Samples were collected in May 2014 as described [8].",
        set(),
        {(8, "date", "2014-05")},
    ),
    "patients enrolled in a year": (
        "Patients enrolled in 2015 were followed for two years [3].",
        set(),
        {(3, "date", "2015")},
    ),
    "chinese event date": (
        "2014年5月采集样本，方法参照文献[8]。",
        set(),
        {(8, "date", "2014-05")},
    ),
    "a year next to a citation of several works dates the first": (
        "The variant was first described in 2012 and later confirmed [3, 4].",
        {(3, "date", "2012")},
        {(4, "date", "2012")},
    ),
    "a year next to one marker of a group": (
        "The variant was first described in 2012 [3], [4].",
        {(3, "date", "2012")},
        {(4, "date", "2012")},
    ),
    # D: a Chinese journal family is not the journal
    "《细胞》子刊《细胞报告》 names Cell Reports": (
        "2019年6月，研究团队在《细胞》子刊《细胞报告》上发表了论文[1]。",
        {(1, "journal", "细胞报告")},
        {(1, "journal", "细胞")},
    ),
    "《自然》旗下的《自然·通讯》 names Nature Communications": (
        "该成果2020年8月发表于《自然》旗下的《自然·通讯》[2]。",
        {(2, "journal", "自然·通讯"), (2, "date", "2020-08")},
        {(2, "journal", "自然")},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_claims_read_where_they_are_made(name: str) -> None:
    text, present, absent = CASES[name]
    found = claims_of(text)
    assert present <= found, sorted(found, key=str)
    assert not found & absent, sorted(found & absent, key=str)


# ----------------------------------------------------------------------------- D: checks


def result(index: int, journal: str) -> ReferenceResult:
    ident = Identifier("doi", f"10.5555/asrefs.claims.{index}")
    record = Record(source="crossref", identifier=ident, title="A study", journal=journal)
    ref = Reference(index=index, raw="…", line=1, journal=journal)
    return ReferenceResult(ref, (Lookup(ident, "crossref", record=record),))


JOURNAL_CLAIMS = [
    ("细胞", "Cell Reports", ["journal-claim-mismatch"]),
    ("柳叶刀", "The Lancet Oncology", ["journal-claim-mismatch"]),
    ("柳叶刀杂志", "The Lancet Oncology", ["journal-claim-mismatch"]),
    ("自然", "Nature Communications", ["journal-claim-mismatch"]),
    ("自然·通讯", "Nature Communications", []),
    ("自然-通讯", "Nature Communications", []),
    ("柳叶刀·肿瘤学", "The Lancet Oncology", []),
    ("柳叶刀杂志", "The Lancet", []),
    ("细胞", "Cell", []),
    ("Cell", "Cell Reports", ["journal-claim-mismatch"]),
    # names not in the table, read by the scorer: a part of the name is another journal
    ("肿瘤学", "The Lancet Oncology", ["journal-claim-mismatch"]),
    ("临床肿瘤学", "Journal of Clinical Oncology", []),  # "Journal" may be left out
    ("临床肿瘤学杂志", "Journal of Clinical Oncology", []),
    ("细胞死亡", "Cell Death & Disease", ["journal-claim-mismatch"]),
    ("关节炎研究与治疗", "Arthritis Research & Therapy", []),
    ("生物医学与药物治疗", "Biomedicine & Pharmacotherapy", []),  # the scorer cannot tell
]


@pytest.mark.parametrize(("claimed", "registered", "expected"), JOURNAL_CLAIMS)
def test_a_name_that_is_part_of_the_registered_name_is_another_journal(
    claimed: str, registered: str, expected: list[str]
) -> None:
    claim = Claim(ref=1, line=1, sentence="…", kind="journal", value=claimed)
    assert [f.code for f in check_claims([claim], [result(1, registered)])] == expected


# ----------------------------------------------------------------------------- end to end


def work(doi: str, title: str, journal: str, online: tuple[int, int, int]) -> dict[str, Any]:
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [
            {"given": "Ines", "family": "Marchetti", "sequence": "first", "affiliation": []}
        ],
        "container-title": [journal],
        "volume": "12",
        "page": "100-110",
        "published-online": {"date-parts": [list(online)]},
        "issued": {"date-parts": [list(online)]},
    }


WORKS = [
    ("Tau spreading between neurons", "Journal of Neuroscience", (2019, 3, 12)),
    ("Microglia clear tau aggregates", "Glia", (2020, 5, 2)),
    ("Calbindin in cerebellar neurons", "Cerebellum", (2017, 9, 1)),
    ("Fin regeneration needs tau", "Developmental Biology", (2016, 2, 8)),
    ("Tau knockout mice", "Neurobiology of Aging", (2015, 10, 30)),
]
BODY = """# Tau

Tau spreading was reported in March 2019 [1], and another team described its clearance [2].
Calbindin is enriched in Purkinje cells [3]. This was reported in Zebrafish [4] and in
Mice [5]. Tissue was collected in May 2014 as described [3].
"""


def verify_text(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp: Path, body: str
) -> list[tuple[str, int]]:
    refs = []
    for i, (title, journal, online) in enumerate(WORKS, start=1):
        doi = f"10.5555/asrefs.claims.e2e.{i}"
        registry.store.add_crossref_work(work(doi, title, journal, online))
        refs.append(f"{i}. Marchetti I. {title}. {journal}. {online[0]};12:100-10. doi:{doi}")
    article = tmp / "a.md"
    article.write_text(body + "\n## References\n\n" + "\n".join(refs) + "\n", encoding="utf-8")
    report = verify_report(capsys, registry, tmp, article)
    return [(d["code"], d["ref"]) for d in report["discrepancies"] if d["origin"] == "text"]


def test_no_alarm_from_claims_that_are_not_there(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    assert verify_text(capsys, registry, tmp_path, BODY) == []


def test_real_claims_are_still_checked(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    body = (
        "# Tau\n\nTau spreading was reported in March 2018 [1], and microglia were shown to "
        "clear it in a paper published in Neuron [2]. Purkinje cells [3], zebrafish [4] and "
        "mice [5] agree.\n"
    )
    found = verify_text(capsys, registry, tmp_path, body)
    assert sorted(found) == [("date-claim-mismatch", 1), ("journal-claim-mismatch", 2)]


def test_the_seed_articles_claims_are_read_as_before() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = Article(path=str(SEED), text=text, encoding="utf-8")
    end = text.index("参考资料:")
    claims = extract_claims(article, find_markers(article, end), end)
    dates = sorted((c.ref, c.value) for c in claims if c.kind == "date")
    assert dates == [
        (1, "2025-02-11"),
        (2, "2025-03-26"),
        (3, "2025-05-12"),
        (4, "2025-06"),
        (5, "2025-07-11"),
        (6, "2025-07-23"),
        (7, "2025-12-29"),
    ]
