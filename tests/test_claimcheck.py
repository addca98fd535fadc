"""Claims in the text checked against the records: one table of cases per claim code
(each with a claim that must produce nothing), and the sample and seed articles end to
end, where no correct claim about a resolved reference may raise an alarm."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from asrefs.checks import check_claims, check_markers
from asrefs.checks.claim_facts import INSTITUTION_CODE
from asrefs.checks.claim_titles import title_score
from asrefs.cli.main import main
from asrefs.codes import CODES, Code
from asrefs.models import (
    Claim,
    Identifier,
    Lookup,
    Marker,
    Origin,
    Record,
    Reference,
    ReferenceResult,
    Severity,
)
from conftest import CACHE, SAMPLE, SEED

REF1_TITLE = (
    "Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of "
    "autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of "
    "randomized controlled trials"
)
REF1_TITLE_ZH = (
    "间充质基质细胞移植治疗自身免疫及风湿免疫疾病的疗效和安全性:随机对照试验的系统评价和荟萃分析"
)
REF2_TITLE = (
    "Fat mass and obesity-associated protein in mesenchymal stem cells inhibits "
    "osteoclastogenesis via lnc NORAD/miR-4284 axis in ankylosing spondylitis"
)
REF2_TITLE_ZH = (
    "间充质干细胞中的脂肪量和肥胖相关蛋白通过lnc NORAD/miR-4284轴抑制强直性脊柱炎中的破骨细胞生成"
)
ABSTRACT = (
    "Background: Mesenchymal stromal cells are studied in autoimmune disease. Methods: We "
    "searched five databases. Results: Forty-two RCTs with 2,183 participants were "
    "included. Fifteen studies reported adverse events; the ASAS20 response was 77.4%."
)


@dataclass
class Work:
    """A reference and (unless ``resolved`` is False) its Crossref record."""

    index: int
    title: str
    journal: str
    dates: tuple[tuple[str, str], ...] = (("online", "2025-02-11"), ("print", "2025-03-01"))
    abstract: str | None = None
    affiliations: tuple[str, ...] = ()
    resolved: bool = True
    abbrevs: tuple[str, ...] = field(default_factory=tuple)

    def result(self) -> ReferenceResult:
        ref = Reference(
            index=self.index, raw="…", line=100 + self.index, title=self.title, journal=self.journal
        )
        ident = Identifier("doi", f"10.1234/w{self.index}")
        if not self.resolved:
            return ReferenceResult(ref, (Lookup(ident, "crossref", problem=None),))
        record = Record(
            source="crossref",
            identifier=ident,
            title=self.title,
            journal=self.journal,
            journal_abbrevs=self.abbrevs,
            dates=self.dates,
            abstract=self.abstract,
            affiliations=self.affiliations,
        )
        return ReferenceResult(ref, (Lookup(ident, "crossref", record=record),))


WORKS = [
    Work(
        1,
        REF1_TITLE,
        "Stem Cell Research & Therapy",
        abstract=ABSTRACT,
        abbrevs=("Stem Cell Res Ther",),
        dates=(("online", "2025-02-11"), ("print", "2025-03-01"), ("received", "2024-10-02")),
    ),
    Work(
        2,
        REF2_TITLE,
        "World Journal of Stem Cells",
        affiliations=("Department of Orthopedics, Sun Yat-sen University, Guangzhou, China",),
    ),
    Work(3, "Osteoclast differentiation and activation", "Bone", dates=(("issued", "2025"),)),
    Work(4, "A study nobody registered", "Unknown Journal", resolved=False),
]


def claim(kind: str, value: str, ref: int | None = 1, sentence: str = "…") -> Claim:
    return Claim(ref=ref, line=7, sentence=sentence, kind=kind, value=value)


def codes_of(*claims: Claim) -> list[str]:
    results = [w.result() for w in WORKS]
    return [f.code for f in check_claims(list(claims), results)]


# (claim, expected codes) — the empty list is "confirmed, say nothing"
CASES: dict[str, tuple[Claim, list[str]]] = {
    # dates
    "date-correct-day": (claim("date", "2025-02-11"), []),
    "date-correct-month": (claim("date", "2025-03"), []),
    "date-print-day": (claim("date", "2025-03-01"), []),
    "date-one-day-late": (claim("date", "2025-02-12"), ["date-claim-timezone"]),
    "date-received": (claim("date", "2024-10-02"), ["date-claim-other-event"]),
    "date-wrong": (claim("date", "2025-05-20"), ["date-claim-mismatch"]),
    "date-wrong-month": (claim("date", "2025-06"), ["date-claim-mismatch"]),
    "date-year-only-record": (claim("date", "2025-07-11", ref=3), ["date-claim-unconfirmable"]),
    "date-year-only-record-year": (claim("date", "2025", ref=3), []),
    # journals
    "journal-zh-known-right": (claim("journal", "干细胞研究与治疗"), []),
    "journal-zh-known-other": (claim("journal", "免疫学前沿"), ["journal-claim-mismatch"]),
    "journal-zh-known-other-journal-of-the-list": (
        claim("journal", "世界干细胞杂志"),
        ["journal-claim-mismatch"],
    ),
    "journal-zh-scored-right": (claim("journal", "干细胞研究和治疗"), []),
    "journal-zh-scored-other": (claim("journal", "骨科研究学报", ref=3), []),  # cannot tell
    "journal-en-right": (claim("journal", "Stem Cell Res Ther"), []),
    "journal-en-case": (claim("journal", "bone", ref=3), []),
    "journal-en-other": (claim("journal", "Bone Research", ref=3), ["journal-claim-mismatch"]),
    "journal-en-another-reference": (claim("journal", "Bone"), ["journal-claim-mismatch"]),
    # titles
    "title-zh-right": (claim("title", REF1_TITLE_ZH), []),
    "title-zh-right-2": (claim("title", REF2_TITLE_ZH, ref=2), []),
    "title-zh-other-reference": (claim("title", REF2_TITLE_ZH, ref=1), ["claim-wrong-reference"]),
    "title-zh-unrelated": (
        claim("title", "新型冠状病毒疫苗的安全性", ref=1),
        ["title-claim-mismatch"],
    ),
    "title-en-right": (claim("title", REF1_TITLE.upper()), []),
    "title-en-typo": (
        claim("title", REF1_TITLE.replace("meta-analysis", "meta-analyses of trials")),
        [],
    ),
    "title-en-other-reference": (
        claim("title", "Osteoclast differentiation and activation", ref=2),
        ["claim-wrong-reference"],
    ),
    "title-en-unrelated": (claim("title", "Deep learning", ref=1), ["title-claim-mismatch"]),
    # numbers
    "number-in-abstract": (claim("number", "2183"), []),
    "number-in-abstract-separator": (claim("number", "2,183"), []),
    "number-percent": (claim("number", "77.4%"), []),
    "number-not-in-abstract": (claim("number", "31"), ["number-claim-unconfirmed"]),
    "number-no-abstract": (claim("number", "31", ref=2), []),
    # institutions: nothing unless the code exists (see the test below)
    "institution-no-affiliations": (claim("institution", "中国医学科学院"), []),
    # claims that cannot be checked
    "unresolved-reference": (claim("title", "完全不同的标题", ref=4), []),
    "no-reference": (claim("title", "完全不同的标题", ref=None), []),
    "dangling-reference": (claim("date", "2020-01-01", ref=99), []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_claim_case(name: str) -> None:
    c, expected = CASES[name]
    assert codes_of(c) == expected


def test_every_text_code_has_a_case() -> None:
    covered = {code for _c, codes in CASES.values() for code in codes}
    text_codes = {c.code for c in CODES.values() if c.origin is Origin.TEXT}
    assert text_codes - {INSTITUTION_CODE} <= covered


def test_findings_carry_the_records_value_and_default_severity() -> None:
    results = [w.result() for w in WORKS]
    findings = check_claims(
        [
            claim("journal", "免疫学前沿"),
            claim("title", REF2_TITLE_ZH, ref=1),
            claim("date", "2025-05-20"),
            claim("number", "31"),
        ],
        results,
    )
    by_code = {f.code: f for f in findings}
    journal = by_code["journal-claim-mismatch"]
    assert journal.severity is Severity.ERROR and journal.origin is Origin.TEXT
    assert journal.expected == "Stem Cell Research & Therapy"
    assert "Frontiers in Immunology" in journal.message
    wrong = by_code["claim-wrong-reference"]
    assert wrong.severity is Severity.ERROR and "reference 2" in wrong.message
    assert wrong.expected == REF1_TITLE
    assert by_code["date-claim-mismatch"].severity is Severity.WARNING
    assert "online 2025-02-11" in (by_code["date-claim-mismatch"].expected or "")
    number = by_code["number-claim-unconfirmed"]
    assert number.severity is Severity.INFO
    assert number.expected and number.expected in ABSTRACT
    assert all(f.line == 7 for f in findings)


def test_institution_claims_when_the_code_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    code = INSTITUTION_CODE
    if code not in CODES:
        monkeypatch.setitem(
            CODES, code, Code(code, Severity.INFO, Origin.TEXT, "institution not in affiliations")
        )
    assert codes_of(claim("institution", "中山大学", ref=2)) == []
    assert codes_of(claim("institution", "Sun Yat-sen University", ref=2)) == []
    assert codes_of(claim("institution", "我国", ref=2)) == []
    assert codes_of(claim("institution", "中国医学科学院")) == []  # no affiliations
    found = check_claims([claim("institution", "沙特阿拉伯", ref=2)], [w.result() for w in WORKS])
    assert [f.code for f in found] == [code]
    assert found[0].severity is Severity.INFO


def test_markers() -> None:
    refs = [w.result().reference for w in WORKS]
    markers = [
        Marker("[1]", (1,), 3, 10),
        Marker("[2,3]", (2, 3), 4, 20),
        Marker("[9]", (9,), 5, 30),
    ]
    found = check_markers(markers, refs)
    assert [(f.code, f.ref) for f in found] == [("dangling-marker", None), ("uncited-reference", 4)]
    assert check_markers([], refs) == []  # no markers at all: nothing to say


# ----------------------------------------------------------------------------- end to end


def verify(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    main(["verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(path)])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


@pytest.mark.parametrize("which", ["sample", "seed"])
def test_no_false_alarm_on_the_resolved_references(
    capsys: pytest.CaptureFixture[str], which: str
) -> None:
    path = SAMPLE if which == "sample" else SEED
    report = verify(capsys, path)
    resolved = {r["index"] for r in report["references"] if r["status"] != "unresolved"}
    assert resolved == {1, 2, 5}
    text = [d for d in report["discrepancies"] if d["origin"] == "text"]
    assert [(d["code"], d["ref"], d["found"], d["severity"]) for d in text] == [
        ("date-claim-unconfirmable", 5, "2025-07-11", "info")
    ]
    assert "2025" in text[0]["expected"]


@pytest.mark.parametrize("which", ["sample", "seed"])
def test_claims_about_resolved_references_are_confirmed(which: str) -> None:
    """Not just silent: every journal and title claim about refs 1, 2, 5 scores at or
    above the confirming threshold against its own record."""
    from asrefs import pipeline as verify_mod
    from asrefs.checks import crosslingual
    from asrefs.claims import extract_claims, find_markers
    from asrefs.parse import find_reference_section, parse_references
    from asrefs.read import read_article

    path = SAMPLE if which == "sample" else SEED
    article = read_article(str(path))
    refs = parse_references(article)
    section = find_reference_section(article.text)
    body_end = section[0] if section else len(article.text)
    markers = find_markers(article, body_end, verify_mod.author_year_labels(refs))
    found = extract_claims(article, markers, body_end)
    registered = {
        1: (REF1_TITLE, "Stem Cell Research & Therapy"),
        2: (REF2_TITLE, "World Journal of Stem Cells"),
        5: (
            "Breaking boundaries in ankylosing spondylitis: how innovative cell therapies "
            "reshape immunity, drive cutting-edge advances, and face future challenges",
            "Frontiers in Immunology",
        ),
    }
    checked = 0
    for c in found:
        if c.ref in registered and c.kind in ("title", "journal"):
            title, journal = registered[c.ref]
            if c.kind == "title":
                assert title_score(c.value, title) >= crosslingual.TITLE_THRESHOLD
            else:
                assert crosslingual.journal_score(c.value, journal) >= 1.0
            checked += 1
    assert checked == 6
