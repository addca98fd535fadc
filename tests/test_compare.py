"""Table-driven tests of the reference checks (asrefs.checks): every code they emit has a
positive and a negative case, and the sample article's confirmed works (refs 1, 2, 5)
pass clean."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from asrefs import codes
from asrefs.checks import (
    check_reference,
    compare_list,
    compare_reference,
    field_sources,
    lookup_findings,
    merge_records,
    reference_status,
    same_journal,
)
from asrefs.models import (
    Author,
    Finding,
    Identifier,
    Lookup,
    Origin,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Severity,
    Suggestion,
    Update,
)
from asrefs.registries import crossref, pubmed
from asrefs.text import normalise_title
from conftest import RECORDS, SAMPLES

WORKS = SAMPLES / "crossref"


def crossref_record(path: Path) -> Record:
    return crossref.parse_work(json.loads(path.read_text(encoding="utf-8"))["message"])


def pubmed_record(path: Path) -> Record:
    return pubmed.parse_article(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# The sample article's references, as a parser would give them


def names(*pairs: str) -> tuple[Author, ...]:
    out = []
    for p in pairs:
        family, _, given = p.partition(" ")
        out.append(Author(family=family, given=given))
    return tuple(out)


REF1 = Reference(
    index=1,
    line=10,
    label="1",
    raw="Zeng, L., Liu, C., Wu, Y. et al. Efficacy and safety of mesenchymal stromal cell "
    "transplantation in the treatment of autoimmune and rheumatic immune diseases: a systematic "
    "review and meta-analysis of randomized controlled trials. Stem Cell Res Ther 16, 65 (2025). "
    "https://doi.org/10.1186/s13287-025-04184-x",
    authors=names("Zeng L.", "Liu C.", "Wu Y."),
    et_al=True,
    title="Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of "
    "autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of "
    "randomized controlled trials",
    journal="Stem Cell Res Ther",
    year=2025,
    volume="16",
    article_number="65",
    doi="10.1186/s13287-025-04184-x",
)

REF2 = Reference(
    index=2,
    line=11,
    label="2",
    raw="Liu WJ, Wang JX, Li QF, Zhang YH, Ji PF, Jin JH, Zhang YB, Yuan ZH, Feng P, Wu YF, "
    "Shen HY, Wang P. Fat mass and obesity-associated protein in mesenchymal stem cells inhibits "
    "osteoclastogenesis via lnc NORAD/miR-4284 axis in ankylosing spondylitis. World J Stem Cells. "
    "2025 Mar 26;17(3):98911. doi: 10.4252/wjsc.v17.i3.98911. PMID: 40160686; PMCID: PMC11947893.",
    authors=names(
        "Liu WJ",
        "Wang JX",
        "Li QF",
        "Zhang YH",
        "Ji PF",
        "Jin JH",
        "Zhang YB",
        "Yuan ZH",
        "Feng P",
        "Wu YF",
        "Shen HY",
        "Wang P",
    ),
    title="Fat mass and obesity-associated protein in mesenchymal stem cells inhibits "
    "osteoclastogenesis via lnc NORAD/miR-4284 axis in ankylosing spondylitis",
    journal="World J Stem Cells",
    year=2025,
    month=3,
    day=26,
    volume="17",
    issue="3",
    article_number="98911",
    doi="10.4252/wjsc.v17.i3.98911",
    pmid="40160686",
    pmcid="PMC11947893",
)

REF5 = Reference(
    index=5,
    line=14,
    label="5",
    raw="Ke M, Liu W, Lu H, Pan X, Wu M, Qi N, Wang Z, Wu Y and Zhang F (2025) Breaking "
    "boundaries in ankylosing spondylitis: how innovative cell therapies reshape immunity, drive "
    "cutting-edge advances, and face future challenges. Front. Immunol. 16:1613502. "
    "doi: 10.3389/fimmu.2025.1613502",
    authors=names("Ke M", "Liu W", "Lu H", "Pan X", "Wu M", "Qi N", "Wang Z", "Wu Y", "Zhang F"),
    title="Breaking boundaries in ankylosing spondylitis: how innovative cell therapies reshape "
    "immunity, drive cutting-edge advances, and face future challenges",
    journal="Front. Immunol.",
    year=2025,
    volume="16",
    article_number="1613502",
    doi="10.3389/fimmu.2025.1613502",
)

JCP_TITLE = (
    "Construction of a reference material panel for detecting KRAS/NRAS/EGFR/BRAF/MET "
    "mutations in plasma ctDNA"
)
JCP = Reference(
    index=8,
    line=20,
    label="8",
    raw=f"Xu J, Qu S, Sun N, et al. {JCP_TITLE}. J Clin Pathol. 2021;74(5):314-320. "
    "doi:10.1136/jclinpath-2020-206745",
    authors=names("Xu J", "Qu S", "Sun N"),
    et_al=True,
    title=JCP_TITLE,
    journal="J Clin Pathol",
    year=2021,
    volume="74",
    issue="5",
    pages="314-320",
    doi="10.1136/jclinpath-2020-206745",
)

PONE = Reference(
    index=9,
    line=21,
    label="9",
    raw="Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ. Methylphenidate exposure "
    "induces dopamine neuron loss and activation of microglia in the basal ganglia of mice. "
    "PLoS One. 2012;7(3):e33693.",
    authors=names("Sadasivan S", "Pond BB", "Pani AK", "Qu C", "Jiao Y", "Smeyne RJ"),
    title="Methylphenidate exposure induces dopamine neuron loss and activation of microglia "
    "in the basal ganglia of mice",
    journal="PLoS One",
    year=2012,
    volume="7",
    issue="3",
    article_number="e33693",
    doi="10.1371/journal.pone.0033693",
)

SREP = Reference(
    index=10,
    line=22,
    label="10",
    raw="Tosatto L, Horrocks MH, Dear AJ, et al. Single-molecule FRET studies on α-synuclein "
    "oligomerization of Parkinson's disease genetically related mutants. Sci Rep. 2015;5:16696.",
    authors=names("Tosatto L", "Horrocks MH", "Dear AJ"),
    et_al=True,
    title="Single-molecule FRET studies on α-synuclein oligomerization of Parkinson's disease "
    "genetically related mutants",
    journal="Sci Rep",
    year=2015,
    volume="5",
    article_number="16696",
    doi="10.1038/srep16696",
)


def _recs(name: str) -> dict[str, Record]:
    if name == "ref1":
        return {
            "crossref": crossref_record(RECORDS / "crossref/work_10.1186_s13287-025-04184-x.json"),
            "pubmed": pubmed_record(RECORDS / "pubmed/efetch_39934871.xml"),
        }
    if name == "ref2":
        return {"pubmed": pubmed_record(RECORDS / "pubmed/efetch_40160686.xml")}
    if name == "ref5":
        return {
            "crossref": crossref_record(RECORDS / "crossref/work_10.3389_fimmu.2025.1613502.json"),
            "pubmed": pubmed_record(RECORDS / "pubmed/efetch_40718480.xml"),
        }
    if name == "ref5-crossref":
        return {"crossref": _recs("ref5")["crossref"]}
    if name == "jcp":
        return {
            "crossref": crossref_record(
                SAMPLES / "crossref" / "work_10.1136_jclinpath-2020-206745.json"
            )
        }
    if name == "pone":
        return {
            "crossref": crossref_record(
                SAMPLES / "crossref" / "work_10.1371_journal.pone.0033693.json"
            )
        }
    if name == "srep":
        return {"crossref": crossref_record(WORKS / "work_10.1038_srep16696.json")}
    raise KeyError(name)


def _with(
    records: dict[str, Record], source: str = "crossref", **changes: Any
) -> dict[str, Record]:
    out = dict(records)
    out[source] = dataclasses.replace(out[source], **changes)
    return out


def _codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def _base(name: str) -> Reference:
    return {"ref1": REF1, "ref2": REF2, "ref5": REF5, "jcp": JCP, "pone": PONE, "srep": SREP}[name]


def printed_as(ref: Reference, **changes: Any) -> Reference:
    """``ref`` with ``changes`` to its fields made in its printed string too, where the
    old value is printed: the checks look for the registered values in the string, so
    an error the parse reads must be an error printed."""
    raw = ref.raw
    for name, new in changes.items():
        old = getattr(ref, name)
        if name == "authors":
            spans, start = [], 0
            for a in old[: len(new)]:
                at = raw.find(a.family, start)
                if at < 0:
                    break
                spans.append((at, at + len(a.family)))
                start = at + len(a.family)
            for (a, b), author in reversed(list(zip(spans, new, strict=False))):
                raw = raw[:a] + author.family + raw[b:]
        elif isinstance(old, str | int) and isinstance(new, str | int) and str(old) in raw:
            raw = raw.replace(str(old), str(new), 1)
    return dataclasses.replace(ref, raw=raw, **changes)


# ---------------------------------------------------------------------------
# The sample article: confirmed works


def test_ref1_crossref_and_pubmed_correct_no_findings() -> None:
    assert compare_reference(REF1, _recs("ref1")) == []


def test_ref2_pubmed_lacks_via_is_one_title_variant_info() -> None:
    findings = compare_reference(REF2, _recs("ref2"))
    assert _codes(findings) == ["title-variant"]
    (f,) = findings
    assert f.severity is Severity.INFO and f.source == "pubmed" and f.fix is None
    assert "via" in f.message and "not an error in the article" in f.message


def test_ref2_both_registries_one_lacks_via_is_disagreement_only() -> None:
    """Crossref has the publisher's title with "via": the article matches it."""
    pubmed = _recs("ref2")["pubmed"]
    crossref = dataclasses.replace(
        pubmed,
        source="crossref",
        identifier=Identifier("doi", "10.4252/wjsc.v17.i3.98911"),
        title=REF2.title,
    )
    findings = compare_reference(REF2, {"crossref": crossref, "pubmed": pubmed})
    assert _codes(findings) == ["registry-disagreement"]
    assert findings[0].field == "title" and findings[0].source == "both"
    assert "via" in (findings[0].expected or "")


def test_ref5_front_immunol_no_findings() -> None:
    assert compare_reference(REF5, _recs("ref5")) == []


def test_ref5_registry_only_gives_year_so_printed_month_is_unknown() -> None:
    ref = dataclasses.replace(REF5, month=7, day=23)
    assert compare_reference(ref, _recs("ref5")) == []


# ---------------------------------------------------------------------------
# One table: (reason, base, records, reference changes, record changes, expected codes)

Case = tuple[str, str, str, dict[str, Any], dict[str, Any], list[str]]

CASES: list[Case] = [
    # --- negatives on real payloads
    (
        "jclinpath: title with <i> tags and newlines equals the plain title; 2021 is the "
        "issue's year (online first 2020): nothing",
        "jcp",
        "jcp",
        {},
        {},
        [],
    ),
    (
        "pone: e-locator printed as article number, record has it as page",
        "pone",
        "pone",
        {},
        {},
        ["corrected"],
    ),
    ("srep: article number with no page; α vs alpha; ’ vs '", "srep", "srep", {}, {}, []),
    # --- year
    (
        "jclinpath: 2020 is the online year (print is 2021)",
        "jcp",
        "jcp",
        {"year": 2020},
        {},
        ["year-online-print"],
    ),
    (
        "jclinpath: 2019 matches no registered date",
        "jcp",
        "jcp",
        {"year": 2019},
        {},
        ["year-mismatch"],
    ),
    (
        "year equal to the single online/issued year: nothing",
        "ref1",
        "ref1",
        {"year": 2025},
        {},
        [],
    ),
    ("printed year wrong", "ref1", "ref1", {"year": 2024}, {}, ["year-mismatch"]),
    # --- date
    ("printed month/day equal to the online date", "ref2", "ref2", {}, {}, ["title-variant"]),
    (
        "printed day differs from both registered dates",
        "ref2",
        "ref2",
        {"day": 27},
        {},
        ["date-mismatch", "title-variant"],
    ),
    ("printed month differs", "ref1", "ref1", {"month": 3}, {}, ["date-mismatch"]),
    ("record without month: printed month is unknown", "ref5", "ref5", {"month": 7}, {}, []),
    # --- volume / issue
    ("'Vol. 16' is volume 16", "ref1", "ref1", {"volume": "Vol. 16"}, {}, []),
    ("wrong volume", "ref1", "ref1", {"volume": "15"}, {}, ["volume-mismatch"]),
    ("issue '(1)' is issue 1", "ref1", "ref1", {"issue": "(1)"}, {}, []),
    ("wrong issue", "ref1", "ref1", {"issue": "2"}, {}, ["issue-mismatch"]),
    ("issue printed, record holds none: unknown", "ref5", "ref5", {"issue": "4"}, {}, []),
    # --- pages / article number
    ("wrong article number", "ref1", "ref1", {"article_number": "66"}, {}, ["pages-mismatch"]),
    (
        "truncated range equals full range",
        "jcp",
        "jcp",
        {"pages": "314-20"},
        {},
        [],
    ),
    (
        "en dash range equals hyphen range",
        "jcp",
        "jcp",
        {"pages": "314–320"},
        {},
        [],
    ),
    (
        "wrong last page",
        "jcp",
        "jcp",
        {"pages": "314-321"},
        {},
        ["pages-mismatch"],
    ),
    ("PubMed MedlinePgn equals printed article number", "ref2", "ref2", {}, {}, ["title-variant"]),
    # --- journal
    ("wrong journal", "ref1", "ref1", {"journal": "Stem Cells"}, {}, ["journal-mismatch"]),
    (
        "full journal name printed",
        "ref1",
        "ref1",
        {"journal": "Stem Cell Research and Therapy"},
        {},
        [],
    ),
    (
        "printed ISSN equal: counts as the journal",
        "ref1",
        "ref1",
        {"journal": "SCRT", "issn": ("1757-6512",)},
        {},
        [],
    ),
    # --- title
    (
        "one-letter typo",
        "ref1",
        "ref1",
        {"title": (REF1.title or "").replace("stromal", "stromall")},
        {},
        ["title-typo"],
    ),
    (
        "different title, same authors",
        "ref1",
        "ref1",
        {"title": "Mesenchymal stem cells for lupus nephritis"},
        {},
        ["title-mismatch"],
    ),
    (
        "case, punctuation and trailing period only",
        "ref1",
        "ref1",
        {"title": (REF1.title or "").upper() + "."},
        {},
        [],
    ),
    # --- authors
    ("'ZENG' equals 'Zeng'", "ref1", "ref1", {"authors": names("ZENG L", "Liu C", "Wu Y")}, {}, []),
    (
        "wrong first author",
        "ref1",
        "ref1",
        {"authors": names("Smith J", "Liu C", "Wu Y")},
        {},
        ["author-mismatch"],
    ),
    (
        "misspelled first author",
        "ref1",
        "ref1",
        {"authors": names("Zheng L", "Liu C", "Wu Y")},
        {},
        ["author-spelling"],
    ),
    (
        "first two authors swapped",
        "ref1",
        "ref1",
        {"authors": names("Liu C", "Zeng L", "Wu Y")},
        {},
        ["author-order"],
    ),
    (
        "complete list missing authors",
        "ref1",
        "ref1",
        {"authors": names("Zeng L", "Liu C", "Wu Y"), "et_al": False},
        {},
        ["author-count"],
    ),
    ("initials WJ match Wen-Jie; complete list", "ref2", "ref2", {}, {}, ["title-variant"]),
    (
        "record without authors: unknown",
        "ref1",
        "ref1",
        {"authors": names("Smith J")},
        {"authors": ()},
        [],
    ),
]


def _run_case(
    base: str, recs: str, ref_changes: dict[str, Any], rec_changes: dict[str, Any]
) -> list[Finding]:
    ref = printed_as(_base(base), **ref_changes)
    records = _recs(recs)
    for source in list(records):
        records = _with(records, source, **rec_changes)
    return compare_reference(ref, records)


@pytest.mark.parametrize(
    ("reason", "base", "recs", "ref_ch", "rec_ch", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_field_cases(
    reason: str,
    base: str,
    recs: str,
    ref_ch: dict[str, Any],
    rec_ch: dict[str, Any],
    expected: list[str],
) -> None:
    findings = _run_case(base, recs, ref_ch, rec_ch)
    assert _codes(findings) == sorted(expected), reason
    for f in findings:
        assert f.severity is codes.severity_of(f.code)
        assert f.origin is Origin.REFERENCE
        assert f.message.endswith(".")


# ---------------------------------------------------------------------------
# Detailed expectations: messages, expected values and fixes


def test_year_online_print_messages_name_both_years() -> None:
    online = _run_case("jcp", "jcp", {"year": 2020}, {})[0]
    assert "online" in online.message and "2021" in online.message and online.fix is None
    assert _run_case("jcp", "jcp", {}, {}) == []  # the issue's (print) year: nothing


def test_year_mismatch_lists_dates_and_fixes_the_year() -> None:
    ref = dataclasses.replace(JCP, raw=JCP.raw.replace("2021", "2019"), year=2019)
    (f,) = compare_reference(ref, _recs("jcp"))
    assert f.code == "year-mismatch" and f.severity is Severity.ERROR
    assert "online 2020-08-17" in (f.expected or "") and "print 2021-05" in (f.expected or "")
    assert f.fix == JCP.raw  # volume printed: the print (issue) year is suggested


def test_title_typo_message_shows_the_differing_words_and_fix() -> None:
    wrong = (REF1.title or "").replace("stromal", "stromall")
    ref = dataclasses.replace(REF1, title=wrong, raw=REF1.raw.replace("stromal", "stromall"))
    (f,) = compare_reference(ref, _recs("ref1"))
    assert "“stromall” where the record has “stromal”" in f.message
    assert f.fix == REF1.raw


def test_fix_corrects_only_its_own_field() -> None:
    raw = REF1.raw.replace("Stem Cell Res Ther 16, 65", "Stem Cell Res Ther 15, 66")
    ref = dataclasses.replace(REF1, raw=raw, volume="15", article_number="66")
    fixes = {f.code: f.fix for f in compare_reference(ref, _recs("ref1"))}
    assert fixes["volume-mismatch"] == raw.replace(" 15, ", " 16, ")
    assert fixes["pages-mismatch"] == raw.replace(", 66 ", ", 65 ")


def test_year_fix_never_touches_the_doi() -> None:
    raw = REF5.raw.replace("(2025)", "(2024)")
    ref = dataclasses.replace(REF5, raw=raw, year=2024)
    (f,) = compare_reference(ref, _recs("ref5"))
    assert f.fix == REF5.raw


def test_journal_fix_keeps_the_article_abbreviation_style() -> None:
    raw = REF5.raw.replace("Front. Immunol.", "Front. Immun. Res.")
    ref = dataclasses.replace(REF5, raw=raw, journal="Front. Immun. Res.")
    (f,) = compare_reference(ref, _recs("ref5"))
    assert f.code == "journal-mismatch" and f.fix == REF5.raw


def test_author_mismatch_fix_replaces_the_first_family_name() -> None:
    ref = dataclasses.replace(
        REF1,
        raw=REF1.raw.replace("Zeng, L.", "Smith, L."),
        authors=names("Smith L.", "Liu C.", "Wu Y."),
    )
    (f,) = compare_reference(ref, _recs("ref1"))
    assert f.code == "author-mismatch" and f.fix == REF1.raw


@pytest.mark.parametrize(
    ("printed", "registered"), [("D34–38", "D34-D38"), ("E862–70", "E862-E870")]
)
def test_a_lettered_page_range_printed_short_is_the_registered_range(
    printed: str, registered: str
) -> None:
    recs = {
        k: dataclasses.replace(r, pages=registered, article_number=None)
        for k, r in _recs("jcp").items()
    }
    ref = dataclasses.replace(JCP, raw=JCP.raw.replace("314-320", printed), pages=printed)
    assert "pages-mismatch" not in _codes(compare_reference(ref, recs))
    wrong = dataclasses.replace(ref, raw=ref.raw.replace(printed, "D35–38"), pages="D35–38")
    assert "pages-mismatch" in _codes(compare_reference(wrong, recs))


def test_page_fix_keeps_the_printed_dash() -> None:
    raw = JCP.raw.replace("314-320", "314–321")
    ref = dataclasses.replace(JCP, raw=raw, pages="314–321")
    f = next(f for f in compare_reference(ref, _recs("jcp")) if f.code == "pages-mismatch")
    assert f.fix == JCP.raw.replace("314-320", "314–320")


# ---------------------------------------------------------------------------
# Identity


def test_doi_points_elsewhere_names_the_real_work_and_skips_field_noise() -> None:
    ref = printed_as(
        REF1,
        title="Gut microbiota dysbiosis in psoriatic arthritis",
        authors=names("Smith J", "Brown K"),
        journal="Ann Rheum Dis",
        year=2019,
        volume="78",
    )
    findings = compare_reference(ref, _recs("ref1"))
    assert _codes(findings) == ["doi-points-elsewhere"]
    f = findings[0]
    for part in ("Efficacy and safety", "Zeng", "Stem Cell Research & Therapy", "2025"):
        assert part in (f.expected or "") and part in f.message


def test_other_title_but_same_first_author_is_not_points_elsewhere() -> None:
    ref = printed_as(REF1, title="Gut microbiota dysbiosis in psoriatic arthritis")
    assert _codes(compare_reference(ref, _recs("ref1"))) == ["title-mismatch"]


def test_pmid_points_elsewhere_when_only_pubmed_by_pmid() -> None:
    ref = dataclasses.replace(
        REF2,
        doi=None,
        title="Gut microbiota dysbiosis in psoriatic arthritis",
        authors=names("Smith J"),
    )
    assert _codes(compare_reference(ref, _recs("ref2"))) == ["pmid-points-elsewhere"]


def test_doi_pmid_mismatch_names_both_works() -> None:
    ref = dataclasses.replace(REF2, pmid="39934871")
    crossref = dataclasses.replace(
        _recs("ref2")["pubmed"],
        source="crossref",
        identifier=Identifier("doi", "10.4252/wjsc.v17.i3.98911"),
        title=REF2.title,
        pmid=None,
    )
    records = {"crossref": crossref, "pubmed": _recs("ref1")["pubmed"]}
    findings = compare_reference(ref, records)
    assert "doi-pmid-mismatch" in _codes(findings)
    f = next(f for f in findings if f.code == "doi-pmid-mismatch")
    assert "Fat mass" in f.message and "Efficacy and safety" in f.message
    # judged against the work the printed title describes: no field noise
    assert _codes(findings) == ["doi-pmid-mismatch"]


def test_same_work_by_doi_and_pmid_is_no_mismatch() -> None:
    assert compare_reference(dataclasses.replace(REF1, pmid="39934871"), _recs("ref1")) == []


# ---------------------------------------------------------------------------
# Status: retractions, corrections, preprints


def _status_record(**changes: Any) -> dict[str, Record]:
    rec = Record(
        source="crossref",
        identifier=Identifier("doi", "10.1000/xyz"),
        title="A study of things",
        doi="10.1000/xyz",
    )
    return {"crossref": dataclasses.replace(rec, **changes)}


STATUS_REF = Reference(
    index=3,
    line=5,
    raw="A study of things. doi:10.1000/xyz",
    title="A study of things",
    doi="10.1000/xyz",
)

STATUS_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "retraction from Retraction Watch",
        {
            "updates": (
                Update(
                    "retraction", doi="10.1000/ret", date="2020-05-01", source="retraction-watch"
                ),
            )
        },
        ["retracted"],
    ),
    (
        "expression of concern",
        {"updates": (Update("expression_of_concern", doi="10.1000/eoc"),)},
        ["expression-of-concern"],
    ),
    ("withdrawal", {"updates": (Update("withdrawal", doi="10.1000/wd"),)}, ["withdrawn"]),
    (
        "PubMed erratum (no DOI)",
        {"updates": (Update("erratum", pmid="123", source="pubmed"),)},
        ["corrected"],
    ),
    (
        "new version pointing at the work itself",
        {"updates": (Update("new_version", doi="10.1000/XYZ"),)},
        [],
    ),
    (
        "PubMed 'Retracted Publication' type",
        {"publication_types": ("Retracted Publication",)},
        ["retracted"],
    ),
    ("'RETRACTED:' title prefix", {"title": "RETRACTED: A study of things"}, ["retracted"]),
    (
        "posted-content with is-preprint-of",
        {"type": "posted-content", "relations": (("is-preprint-of", "10.1000/published"),)},
        ["preprint-published"],
    ),
    ("preprint relation of another kind", {"relations": (("has-preprint", "10.1101/pre"),)}, []),
    ("no notices", {}, []),
]


@pytest.mark.parametrize(
    ("reason", "changes", "expected"), STATUS_CASES, ids=[c[0] for c in STATUS_CASES]
)
def test_status_cases(reason: str, changes: dict[str, Any], expected: list[str]) -> None:
    findings = compare_reference(STATUS_REF, _status_record(**changes))
    assert _codes(findings) == expected, reason


def test_retraction_names_the_notice_doi_and_date() -> None:
    upd = Update("retraction", doi="10.1000/ret", date="2020-05-01", source="retraction-watch")
    (f,) = compare_reference(STATUS_REF, _status_record(updates=(upd,)))
    assert "10.1000/ret" in f.message and "2020-05-01" in f.message and f.severity is Severity.ERROR


def test_preprint_names_the_published_doi() -> None:
    recs = _status_record(
        type="posted-content", relations=(("is-preprint-of", "10.1000/published"),)
    )
    (f,) = compare_reference(STATUS_REF, recs)
    assert f.expected == "10.1000/published" and "10.1000/published" in f.message


def test_pone_correction_carries_the_notice_doi() -> None:
    (f,) = compare_reference(PONE, _recs("pone"))
    assert f.code == "corrected" and "10.1371/annotation/c76da2c1" in f.message


def test_retraction_from_both_registries_is_one_finding() -> None:
    recs = _status_record(updates=(Update("retraction", doi="10.1000/ret", source="publisher"),))
    pubmed = Record(
        source="pubmed",
        identifier=Identifier("pmid", "1"),
        title="A study of things.",
        updates=(Update("retraction", pmid="2", source="pubmed"),),
        publication_types=("Retracted Publication",),
    )
    findings = compare_reference(STATUS_REF, {**recs, "pubmed": pubmed})
    assert _codes(findings) == ["retracted"]


# ---------------------------------------------------------------------------
# Registry disagreement on other fields


def _pair(**pubmed_changes: Any) -> dict[str, Record]:
    cr = Record(
        source="crossref",
        identifier=Identifier("doi", "10.1000/xyz"),
        title="A study of things",
        journal="Journal of Things",
        year=2020,
        dates=(("online", "2020-03-01"),),
        volume="12",
        issue="3",
        pages="100-110",
    )
    pm = dataclasses.replace(cr, source="pubmed", identifier=Identifier("pmid", "1"))
    return {"crossref": cr, "pubmed": dataclasses.replace(pm, **pubmed_changes)}


PAIR_REF = Reference(
    index=4,
    line=6,
    raw="A study of things. J Things. 2020;12(3):100-110.",
    title="A study of things",
    journal="J Things",
    year=2020,
    volume="12",
    issue="3",
    pages="100-110",
)

DISAGREE_CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str]]] = [
    ("registries agree", {}, {}, []),
    ("volume differs, article matches Crossref", {"volume": "13"}, {}, ["registry-disagreement"]),
    (
        "volume differs, article matches PubMed",
        {"volume": "13"},
        {"volume": "13"},
        ["registry-disagreement"],
    ),
    (
        "volume differs, article matches neither",
        {"volume": "13"},
        {"volume": "14"},
        ["registry-disagreement", "volume-mismatch"],
    ),
    ("issue differs", {"issue": "4"}, {}, ["registry-disagreement"]),
    ("pages differ", {"pages": "200-210"}, {"pages": "200-210"}, ["registry-disagreement"]),
    ("journal differs", {"journal": "Things Research"}, {}, ["registry-disagreement"]),
    ("journal abbreviated in PubMed only", {"journal": "J Things"}, {}, []),
    ("same online date, one at month precision", {"dates": (("online", "2020-03"),)}, {}, []),
    ("online dates differ", {"dates": (("online", "2020-04-01"),)}, {}, ["registry-disagreement"]),
]


@pytest.mark.parametrize(
    ("reason", "pm", "ref_ch", "expected"), DISAGREE_CASES, ids=[c[0] for c in DISAGREE_CASES]
)
def test_disagreement_cases(
    reason: str, pm: dict[str, Any], ref_ch: dict[str, Any], expected: list[str]
) -> None:
    findings = compare_reference(printed_as(PAIR_REF, **ref_ch), _pair(**pm))
    assert _codes(findings) == expected, reason
    for f in findings:
        if f.code == "registry-disagreement":
            assert f.source == "both" and f.severity is Severity.INFO


# ---------------------------------------------------------------------------
# Journal names: (printed, registered, same?, reason)

JOURNALS: list[tuple[str, str, bool, str]] = [
    (
        "Biomed. Pharmacother.",
        "Biomedicine & Pharmacotherapy",
        True,
        "dotted ISO abbreviation, & dropped",
    ),
    ("Stem Cell Res Ther", "Stem Cell Research & Therapy", True, "NLM abbreviation without dots"),
    ("Front. Immunol.", "Frontiers in Immunology", True, "'in' is a stop word"),
    ("J Am Chem Soc", "Journal of the American Chemical Society", True, "'of the' dropped"),
    (
        "Proc Natl Acad Sci U S A",
        "Proceedings of the National Academy of Sciences of the United States of America",
        True,
        "Natl is a contraction, U S A initials",
    ),
    ("N Engl J Med", "The New England Journal of Medicine", True, "leading 'The'"),
    ("Ann Rheum Dis", "Annals of the Rheumatic Diseases", True, "plural full words"),
    ("Rheumatology (Oxford)", "Rheumatology", True, "NLM place qualifier"),
    ("PeerJ", "PeerJ [Internet]", True, "NLM medium designator"),
    ("PeerJ [Internet]", "PeerJ Computer Science", False, "the medium is not a word"),
    ("Biochim Biophys Acta", "Biochimica et Biophysica Acta", True, "Latin 'et'"),
    ("PLoS One", "PLOS ONE", True, "case only"),
    ("Nano Research", "Nano Res.", True, "registry holds the abbreviation"),
    ("World J Stem Cells", "World Journal of Stem Cells", True, "abbreviated middle word"),
    ("Stem Cells", "Stem Cell Reports", False, "look-alike: other journal"),
    ("Stem Cells", "Stem Cell Research & Therapy", False, "look-alike: other journal"),
    ("Stem Cell Reports", "Stem Cell Research & Therapy", False, "Reports is not Research"),
    ("Bone", "Bone Research", False, "one word is not a prefix of a title"),
    ("Rheumatology", "Rheumatology and Therapy", False, "look-alike"),
    ("Cell", "Cells", False, "one-word titles must be equal"),
    ("Cell Rep", "Cell Research", False, "Rep is not a prefix of Research"),
    ("J Immunol", "Journal of Immunology Research", False, "word count differs"),
]


@pytest.mark.parametrize(
    ("printed", "registered", "same", "reason"), JOURNALS, ids=[j[3] for j in JOURNALS]
)
def test_same_journal(printed: str, registered: str, same: bool, reason: str) -> None:
    assert same_journal(printed, registered) is same, reason
    assert same_journal(registered, printed) is same, reason


# ---------------------------------------------------------------------------
# Author names: (printed, registered, expected codes, reason)


def _author_case(
    printed: tuple[Author, ...], registered: tuple[Author, ...], et_al: bool = True
) -> list[str]:
    rec = Record(source="crossref", identifier=Identifier("doi", "10.1000/a"), authors=registered)
    ref = Reference(index=1, line=1, raw="x", authors=printed, et_al=et_al)
    return _codes(compare_reference(ref, {"crossref": rec}))


A = Author
AUTHORS: list[tuple[tuple[Author, ...], tuple[Author, ...], list[str], str]] = [
    ((A("Zeng", "L."),), (A("Zeng", "Liuting"),), [], "initial vs given name"),
    ((A("Liu", "WJ"),), (A("Liu", "Wen-Jie"),), [], "joined initials vs hyphenated given name"),
    ((A("Liu", "WJ"),), (A("Liu", "Wenjie"),), [], "only the first initial is compared"),
    ((A("Zeng", "X."),), (A("Zeng", "Liuting"),), ["author-spelling"], "other given initial"),
    ((A("曾", "立婷"),), (A("Zeng", "Liuting"),), [], "CJK against Latin script: unknown"),
    ((A("曾", "立婷"),), (A("曾", "立婷"),), [], "CJK equal"),
    ((A("王", "伟"),), (A("曾", "立婷"),), ["author-mismatch"], "CJK different"),
    ((A("Liuting", "Z"),), (A("Zeng", "Liuting"),), [], "family and given swapped"),
    ((A("Berg", "J"),), (A("van der Berg", "Jan"),), [], "particles dropped"),
    ((A("Van Der Berg", "J"),), (A("van der Berg", "Jan"),), [], "particles capitalised"),
    ((A("Muller", "K"),), (A("Müller", "Karl"),), [], "accent folded"),
    ((A("Mueller", "K"),), (A("Müller", "Karl"),), [], "umlaut transliterated"),
    ((A("Dalla-Serra", "M"),), (A("Dalla Serra", "Mauro"),), [], "hyphen vs space"),
    ((A("O'Brien", "P"),), (A("OBrien", "Pat"),), [], "apostrophe"),
    (
        (A("GBD 2019 Collaborators", collective=True),),
        (A("GBD 2019 Collaborators", collective=True),),
        [],
        "consortium equal",
    ),
    (
        (A("GBD 2019 Collaborators", collective=True),),
        (A("Smith", "J"),),
        [],
        "consortium vs person: unknown",
    ),
    ((A("Muler", "K"),), (A("Müller", "Karl"),), ["author-spelling"], "misspelling"),
    ((A("Smith", "J"),), (A("Jones", "K"),), ["author-mismatch"], "other person"),
    (
        (A("Zeng", "L"), A("Wu", "Y"), A("Liu", "C")),
        (A("Zeng", "L"), A("Liu", "C"), A("Wu", "Y")),
        ["author-order"],
        "co-authors swapped",
    ),
    (
        (A("Zeng", "L"), A("Lui", "C")),
        (A("Zeng", "L"), A("Liu", "C")),
        ["author-spelling"],
        "co-author misspelled",
    ),
]


@pytest.mark.parametrize(
    ("printed", "registered", "expected", "reason"), AUTHORS, ids=[a[3] for a in AUTHORS]
)
def test_author_names(
    printed: tuple[Author, ...], registered: tuple[Author, ...], expected: list[str], reason: str
) -> None:
    assert _author_case(printed, registered) == expected, reason


def test_author_count_only_for_complete_lists() -> None:
    reg = (A("Zeng", "L"), A("Liu", "C"), A("Wu", "Y"))
    assert _author_case(reg[:2], reg, et_al=False) == ["author-count"]
    assert _author_case(reg[:2], reg, et_al=True) == []
    assert _author_case(reg, reg, et_al=False) == []


# ---------------------------------------------------------------------------
# Titles


TITLES: list[tuple[str, str, str | None, str]] = [
    ("CO2 and TNF-alpha", "CO<sub>2</sub> and TNF&#945;", None, "JATS tags, entity, Greek letter"),
    ("The α7 receptor", "The <mml:math><mml:mi>α</mml:mi></mml:math>7 receptor", None, "MathML"),
    ("A title: with a subtitle", "A title", "title-variant", "registry lacks the subtitle"),
    (
        "A long title about cells",
        "A long title about cells: the sequel",
        "title-typo",
        "subtitle omitted",
    ),
    (
        "Effects of drug in the mice",
        "Effects drug mice",
        "title-variant",
        "registry lacks function words",
    ),
    ("Effects drug mice", "Effects of drug in the mice", "title-mismatch", "article lacks words"),
    (
        "Breaking boundaries in ankylosing spondylitis",
        "Breaking boundaries in ankylosing spondilytis",
        "title-typo",
        "typo",
    ),
]


@pytest.mark.parametrize(
    ("printed", "registered", "code", "reason"), TITLES, ids=[t[3] for t in TITLES]
)
def test_titles(printed: str, registered: str, code: str | None, reason: str) -> None:
    rec = Record(source="crossref", identifier=Identifier("doi", "10.1000/t"), title=registered)
    ref = Reference(index=1, line=1, raw=printed, title=printed)
    assert _codes(compare_reference(ref, {"crossref": rec})) == ([code] if code else []), reason


def test_subtitle_is_joined() -> None:
    rec = Record(
        source="crossref",
        identifier=Identifier("doi", "10.1000/t"),
        title="Main",
        subtitle="the sub",
    )
    ref = Reference(index=1, line=1, raw="Main: the sub.", title="Main: the sub")
    assert compare_reference(ref, {"crossref": rec}) == []


def test_normalise_title() -> None:
    assert (
        normalise_title("RETRACTED: <i>KRAS</i> &amp; β-catenin — a study.")
        == "kras beta catenin a study"
    )


def test_cjk_title_against_english_record_is_unknown() -> None:
    rec = Record(
        source="crossref", identifier=Identifier("doi", "10.1000/t"), title="An English title"
    )
    ref = Reference(index=1, line=1, raw="中文标题", title="中文标题")
    assert compare_reference(ref, {"crossref": rec}) == []


def test_unknown_fields_are_no_findings() -> None:
    rec = Record(source="pubmed", identifier=Identifier("pmid", "1"))
    assert compare_reference(REF2, {"pubmed": rec}) == []
    assert compare_reference(REF2, {}) == []


# ---------------------------------------------------------------------------
# merge_records / field_sources


def test_merge_prefers_crossref_and_unites_lists() -> None:
    recs = _recs("ref5")
    merged = merge_records(recs)
    assert merged is not None
    assert merged.source == "both"
    assert merged.title == recs["crossref"].title  # without PubMed's trailing period
    assert set(merged.journal_abbrevs) == {"Front. Immunol.", "Front Immunol"}
    assert merged.issn == ("1664-3224",)
    assert merged.pmcid == "PMC12289492"  # only PubMed holds it
    assert dict(merged.dates)["issued"] == "2025"
    sources = field_sources(recs)
    assert sources["title"] == "both"  # equal after normalisation
    assert sources["pmcid"] == "pubmed"
    assert sources["article_number"] == "crossref"
    assert sources["journal_abbrevs"] == "both"
    assert "issue" not in sources


def test_merge_single_and_empty() -> None:
    rec = Record(source="pubmed", identifier=Identifier("pmid", "1"), title="T")
    merged = merge_records({"pubmed": rec})
    assert merged is not None and merged.source == "pubmed" and merged.title == "T"
    assert merge_records({}) is None
    assert field_sources({"pubmed": rec}) == {"title": "pubmed"}


def test_merge_keeps_each_date_kind_once_preferring_crossref() -> None:
    cr = Record(
        source="crossref", identifier=Identifier("doi", "d"), dates=(("online", "2020-01-02"),)
    )
    pm = Record(
        source="pubmed",
        identifier=Identifier("pmid", "1"),
        dates=(("online", "2020-01-03"), ("print", "2020-02")),
    )
    merged = merge_records({"pubmed": pm, "crossref": cr})
    assert merged is not None and merged.dates == (("online", "2020-01-02"), ("print", "2020-02"))


# ---------------------------------------------------------------------------
# lookup_findings, check_reference, reference_status


def _lookup(kind: str, value: str, source: str, **kw: Any) -> Lookup:
    return Lookup(identifier=Identifier(kind, value), source=source, **kw)


LOOKUP_REF = Reference(
    index=7, line=30, raw="Some reference. 2020.", doi="10.1000/nope", pmid="999"
)
FOUND = Record(source="pubmed", identifier=Identifier("doi", "10.1000/nope"), doi="10.1000/nope")

LOOKUP_CASES: list[tuple[str, tuple[Lookup, ...], dict[str, Any], list[str]]] = [
    (
        "Crossref does not know the DOI",
        (_lookup("doi", "10.1000/nope", "crossref", problem=Problem.NOT_FOUND),),
        {},
        ["doi-not-found"],
    ),
    (
        "Crossref does not know it, PubMed found it by DOI",
        (
            _lookup("doi", "10.1000/nope", "crossref", problem=Problem.NOT_FOUND),
            _lookup("doi", "10.1000/nope", "pubmed", record=FOUND),
        ),
        {},
        [],
    ),
    (
        "registered with DataCite",
        (
            _lookup(
                "doi", "10.1000/nope", "crossref", problem=Problem.OTHER_AGENCY, agency="DataCite"
            ),
        ),
        {},
        ["other-agency"],
    ),
    (
        "PubMed does not know the PMID",
        (_lookup("pmid", "999", "pubmed", problem=Problem.NOT_FOUND),),
        {},
        ["pmid-not-found"],
    ),
    (
        "PMC ID unknown",
        (_lookup("pmcid", "PMC1", "pmc", problem=Problem.NOT_FOUND),),
        {},
        ["pmcid-not-found"],
    ),
    (
        "registry unavailable: could not verify, no alarm",
        (
            _lookup("doi", "10.1000/nope", "crossref", problem=Problem.UNAVAILABLE),
            _lookup("pmid", "999", "pubmed", problem=Problem.NOT_CACHED),
        ),
        {},
        [],
    ),
    ("malformed identifier", (), {"malformed": ("10.1000",)}, ["malformed-identifier"]),
    (
        "PubMed by DOI finds nothing: not an error",
        (_lookup("doi", "10.1000/nope", "pubmed", problem=Problem.NOT_FOUND),),
        {},
        [],
    ),
]


@pytest.mark.parametrize(
    ("reason", "lookups", "ref_ch", "expected"), LOOKUP_CASES, ids=[c[0] for c in LOOKUP_CASES]
)
def test_lookup_cases(
    reason: str, lookups: tuple[Lookup, ...], ref_ch: dict[str, Any], expected: list[str]
) -> None:
    result = ReferenceResult(reference=dataclasses.replace(LOOKUP_REF, **ref_ch), lookups=lookups)
    findings = lookup_findings(result)
    assert _codes(findings) == expected, reason
    for f in findings:
        assert f.ref == 7 and f.line == 30 and f.severity is codes.severity_of(f.code)


def test_other_agency_names_the_agency() -> None:
    lk = _lookup("doi", "10.1000/nope", "crossref", problem=Problem.OTHER_AGENCY, agency="mEDRA")
    (f,) = lookup_findings(ReferenceResult(reference=LOOKUP_REF, lookups=(lk,)))
    assert "mEDRA" in f.message and f.severity is Severity.INFO


def test_doi_suggested_fix_appends_the_doi() -> None:
    ref = Reference(index=3, line=4, raw="Smith J. A title. J Things. 2020. ")
    s = Suggestion(doi="10.1000/found", score=97.5, source="crossref")
    (f,) = lookup_findings(ReferenceResult(reference=ref, suggestion=s))
    assert f.code == "doi-suggested" and "97.5" in f.message
    assert f.fix == "Smith J. A title. J Things. 2020. https://doi.org/10.1000/found"
    assert lookup_findings(ReferenceResult(reference=ref)) == []


def test_check_reference_and_status() -> None:
    recs = _recs("ref2")
    lk = _lookup("pmid", "40160686", "pubmed", record=recs["pubmed"])
    result = ReferenceResult(reference=REF2, lookups=(lk,))
    findings = check_reference(result)
    assert _codes(findings) == ["title-variant"]
    assert reference_status(result, findings) == "verified"  # info only
    bad = check_reference(dataclasses.replace(result, reference=printed_as(REF2, volume="18")))
    assert reference_status(result, bad) == "discrepancies"
    accepted = [dataclasses.replace(f, accepted="known") for f in bad]
    assert reference_status(result, accepted) == "verified"
    unresolved = ReferenceResult(
        reference=REF2, lookups=(_lookup("pmid", "1", "pubmed", problem=Problem.UNAVAILABLE),)
    )
    assert reference_status(unresolved, check_reference(unresolved)) == "unresolved"
    assert check_reference(unresolved) == []


# ---------------------------------------------------------------------------
# compare_list


def _entry(index: int, label: str | None, **kw: Any) -> ReferenceResult:
    return ReferenceResult(
        reference=Reference(index=index, line=index, raw=f"ref {index}", label=label, **kw)
    )


LIST_CASES: list[tuple[str, list[ReferenceResult], list[tuple[str, int]]]] = [
    ("clean list", [_entry(1, "1", doi="10.1/a"), _entry(2, "2", doi="10.1/b")], []),
    (
        "same DOI twice (case differs)",
        [_entry(1, "1", doi="10.1/A"), _entry(2, "2", doi="10.1/a")],
        [("duplicate-reference", 2)],
    ),
    (
        "same PMID twice",
        [_entry(1, "1", pmid="5"), _entry(2, "2", pmid="5")],
        [("duplicate-reference", 2)],
    ),
    (
        "same title and year",
        [
            _entry(1, "1", title="A Long Enough Title Here", year=2020),
            _entry(2, "2", title="a long enough title here.", year=2020),
        ],
        [("duplicate-reference", 2)],
    ),
    (
        "same title, other year",
        [
            _entry(1, "1", title="A Long Enough Title Here", year=2020),
            _entry(2, "2", title="A Long Enough Title Here", year=2021),
        ],
        [],
    ),
    (
        "short generic title is no key",
        [
            _entry(1, "1", title="Editorial", year=2020),
            _entry(2, "2", title="Editorial", year=2020),
        ],
        [],
    ),
    ("gap 3", [_entry(1, "1"), _entry(2, "2"), _entry(3, "4")], [("numbering-gap", 3)]),
    ("repeat 2", [_entry(1, "1"), _entry(2, "2"), _entry(3, "2")], [("numbering-repeat", 3)]),
    (
        "unnumbered list: no numbering checks",
        [_entry(1, None, numbered=False), _entry(2, None, numbered=False)],
        [],
    ),
    ("bracketed labels", [_entry(1, "[1]"), _entry(2, "[2]"), _entry(3, "[3]")], []),
]


@pytest.mark.parametrize(
    ("reason", "results", "expected"), LIST_CASES, ids=[c[0] for c in LIST_CASES]
)
def test_compare_list(
    reason: str, results: list[ReferenceResult], expected: list[tuple[str, int]]
) -> None:
    findings = compare_list(results)
    assert sorted((f.code, f.ref or 0) for f in findings) == sorted(expected), reason
    for f in findings:
        assert f.origin is Origin.LIST


def test_duplicate_names_the_earlier_entry_and_gap_names_the_number() -> None:
    dup = compare_list([_entry(1, "1", doi="10.1/a"), _entry(2, "2"), _entry(3, "3", doi="10.1/a")])
    assert len(dup) == 1 and "reference 1" in dup[0].message and dup[0].ref == 3
    gap = compare_list([_entry(1, "1"), _entry(2, "5")])
    assert len(gap) == 1 and "2–4" in gap[0].message


# ---------------------------------------------------------------------------
# Every emitted code is known


def test_every_code_used_here_is_registered() -> None:
    used = {c for case in CASES for c in case[5]} | {c for case in STATUS_CASES for c in case[2]}
    used |= {c for case in LOOKUP_CASES for c in case[3]} | {
        c for case in DISAGREE_CASES for c in case[3]
    }
    used |= {"doi-points-elsewhere", "pmid-points-elsewhere", "doi-pmid-mismatch", "doi-suggested"}
    used |= {"duplicate-reference", "numbering-gap", "numbering-repeat"}
    assert used <= set(codes.CODES)


# ---------------------------------------------------------------------------
# Found by the golden cases (tests/cases): digitisation dates, printed-name forms,
# PMCIDs, and fixes for every fixable finding


def _jor(**changes: Any) -> Record:
    rec = Record(
        source="crossref",
        identifier=Identifier("doi", "10.1002/jor.1100150407"),
        title="Growth hormone secretagogue increases muscle strength",
        authors=names("Lieber Richard L.", "Jacks Thomas M."),
        journal="Journal of Orthopaedic Research",
        year=1997,
        dates=(("print", "1997-07"), ("online", "2005-02-18"), ("issued", "1997-07")),
        volume="15",
        doi="10.1002/jor.1100150407",
    )
    return dataclasses.replace(rec, **changes)


JOR = Reference(
    index=1,
    line=1,
    raw="Lieber RL, Jacks TM. Growth hormone secretagogue increases muscle strength. "
    "J Orthop Res. 1997;15:519-27.",
    authors=names("Lieber RL", "Jacks TM"),
    title="Growth hormone secretagogue increases muscle strength",
    journal="J Orthop Res",
    year=1997,
    volume="15",
    doi="10.1002/jor.1100150407",
)


def test_print_year_before_a_digitisation_date_is_no_finding() -> None:
    assert compare_reference(JOR, {"crossref": _jor()}) == []


def test_digitisation_year_printed_is_info_with_a_fix_to_the_print_year() -> None:
    ref = dataclasses.replace(JOR, year=2005, raw=JOR.raw.replace("1997", "2005"))
    (f,) = compare_reference(ref, {"crossref": _jor()})
    assert f.code == "year-online-print" and "posted online" in f.message
    assert f.fix == JOR.raw


@pytest.mark.parametrize(
    ("printed", "raw_names"),
    [
        (Author("LIU W", "J"), "LIU W J"),  # GB/T 7714 initials read into the family
        (Author("Lieber RL", ""), "Lieber RL"),  # a Vancouver block left in the family
        (Author("RL", "Lieber"), "Lieber RL"),  # read the wrong way round
    ],
)
def test_printed_name_forms_are_the_same_person(printed: Author, raw_names: str) -> None:
    family = "Liu" if printed.family.startswith("LIU") else "Lieber"
    given = "Wen-Jie" if family == "Liu" else "Richard L."
    rec = _jor(authors=(Author(family, given),))
    ref = dataclasses.replace(
        JOR, authors=(printed,), raw=JOR.raw.replace("Lieber RL, Jacks TM", raw_names)
    )
    assert [f for f in compare_reference(ref, {"crossref": rec}) if f.field == "authors"] == []


def test_author_list_not_split_into_names_has_no_count() -> None:
    ref = dataclasses.replace(JOR, authors=(Author("Lieber", "RL, Jacks TM, Mohler R"),))
    rec = _jor(authors=names("Lieber R", "Jacks T", "Mohler R", "Other A"))
    assert "author-count" not in _codes(compare_reference(ref, {"crossref": rec}))


def test_author_fixes_rename_reorder_and_respell_in_the_printed_form() -> None:
    rec = _jor(authors=names("Jahn Najko"))
    ref = dataclasses.replace(
        JOR, authors=names("Bosman J."), raw="Bosman J. How open are journals? Q S S. 1997;15."
    )
    (f,) = [f for f in compare_reference(ref, {"crossref": rec}) if f.field == "authors"]
    assert f.code == "author-mismatch" and f.fix == "Jahn N. How open are journals? Q S S. 1997;15."
    swapped = dataclasses.replace(
        JOR,
        authors=names("Jacks TM", "Lieber RL"),
        raw=JOR.raw.replace("Lieber RL, Jacks TM", "Jacks TM, Lieber RL"),
    )
    (g,) = compare_reference(swapped, {"crossref": _jor()})
    assert g.code == "author-order" and g.fix == JOR.raw
    misspelt = dataclasses.replace(
        JOR, authors=names("Lieber RL", "Jakcs TM"), raw=JOR.raw.replace("Jacks", "Jakcs")
    )
    (h,) = compare_reference(misspelt, {"crossref": _jor()})
    assert h.code == "author-spelling" and h.fix == JOR.raw


def test_pmcid_mismatch_against_pubmeds_pmcid() -> None:
    rec = dataclasses.replace(_jor(source="pubmed"), pmcid="PMC5994433", pmid="29915538")
    ref = dataclasses.replace(JOR, pmcid="PMC5994434", raw=JOR.raw + " PMCID: PMC5994434.")
    (f,) = compare_reference(ref, {"pubmed": rec})
    assert f.code == "pmcid-mismatch" and f.severity is Severity.WARNING
    assert f.fix == JOR.raw + " PMCID: PMC5994433."
    same = dataclasses.replace(ref, pmcid="PMC5994433")
    assert compare_reference(same, {"pubmed": rec}) == []


def test_date_mismatch_fix_keeps_the_printed_date_form() -> None:
    rec = _jor(dates=(("online", "2012-03-21"),), year=2012)
    for printed, fixed in (
        ("2012 Mar 12", "2012 Mar 21"),
        ("March 12, 2012", "March 21, 2012"),
        ("12 March 2012", "21 March 2012"),
    ):
        ref = dataclasses.replace(
            JOR, year=2012, month=3, day=12, raw=f"X. J Orthop Res. {printed};15."
        )
        (f,) = [f for f in compare_reference(ref, {"crossref": rec}) if f.code == "date-mismatch"]
        assert f.fix == f"X. J Orthop Res. {fixed};15."


def test_title_typo_fix_changes_only_the_differing_words() -> None:
    rec = _jor(title="Growth Hormone Secretagogue Increases Muscle Strength")
    ref = dataclasses.replace(
        JOR,
        title="Growth hormone secretagogue increases musle strength",
        raw=JOR.raw.replace("muscle", "musle"),
    )
    (f,) = compare_reference(ref, {"crossref": rec})
    assert f.code == "title-typo" and f.fix == JOR.raw


def test_doi_pmid_mismatch_fix_drops_the_other_works_pmid() -> None:
    by_doi = _jor()
    by_pmid = Record(
        source="pubmed",
        identifier=Identifier("pmid", "29915538"),
        title="Efficacy and safety of once-weekly semaglutide for type 2 diabetes",
        authors=names("Shi FH"),
        doi="10.3389/fphar.2018.00576",
        pmid="29915538",
    )
    ref = dataclasses.replace(JOR, pmid="29915538", raw=JOR.raw + " PMID: 29915538.")
    (f,) = [
        f
        for f in compare_reference(ref, {"crossref": by_doi, "pubmed": by_pmid})
        if f.code == "doi-pmid-mismatch"
    ]
    assert f.fix == JOR.raw
