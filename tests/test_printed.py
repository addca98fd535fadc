"""A reference is checked against the string it prints, with the record in hand: a field
is wrong only when the record's value is not in the printed string and the parse gives
another value, so a misread reference raises no alarm while a printed error still does.
Also: the volume year of a work published online first, and a title word replaced.

The works, names and DOIs are made up for these tests (DOI prefix 10.5555)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from asrefs.checks import compare_reference
from asrefs.models import Author, Identifier, Record, Reference, Severity
from asrefs.registries import crossref, pubmed
from conftest import verify_report

TITLE = "Phosphorylation of the insulin receptor kinase domain in hepatocytes"
RAW = (
    f"Halloran J, Okonkwo B, Lindgren E. {TITLE}. J Biol Chem. 2019;294(5):402-8. "
    "doi:10.5555/asrefs.printed.1"
)
RECORD = Record(
    source="crossref",
    identifier=Identifier("doi", "10.5555/asrefs.printed.1"),
    title=TITLE,
    authors=(Author("Halloran", "James"), Author("Okonkwo", "Bisi"), Author("Lindgren", "Eva")),
    journal="Journal of Biological Chemistry",
    year=2019,
    dates=(("online", "2019-01-10"), ("print", "2019-02")),
    volume="294",
    issue="5",
    pages="402-408",
)
PARSED = Reference(
    index=1,
    raw=RAW,
    line=1,
    authors=(Author("Halloran", "J"), Author("Okonkwo", "B"), Author("Lindgren", "E")),
    title=TITLE,
    journal="J Biol Chem",
    year=2019,
    volume="294",
    issue="5",
    pages="402-8",
    doi="10.5555/asrefs.printed.1",
)


def codes(ref: Reference, record: Record = RECORD) -> list[str]:
    return sorted(f.code for f in compare_reference(ref, {"crossref": record}))


def misread(**fields: Any) -> Reference:
    """The reference as a parser that went wrong gives it: other fields, same string."""
    return dataclasses.replace(PARSED, **fields)


def printed(old: str, new: str, **fields: Any) -> Reference:
    """The reference with ``old`` printed as ``new`` (and parsed accordingly)."""
    assert old in RAW
    return dataclasses.replace(PARSED, raw=RAW.replace(old, new, 1), **fields)


def test_the_correct_reference_gives_nothing() -> None:
    assert codes(PARSED) == []


# ----------------------------------------------------------------------------- misreadings

MISREADINGS = {
    "the journal's first words read into the title": misread(
        title=f"{TITLE}. J Biol", journal="Chem"
    ),
    "the volume read into the journal": misread(journal="J Biol Chem. 2019;294", volume=None),
    "the issue read as the volume": misread(volume="5", issue=None),
    "the pages read as one page": misread(pages="8"),
    "a number of the title read as the year": misread(year=2012),
    "the authors run into one name": misread(
        authors=(Author("Halloran J, Okonkwo B, Lindgren", "E"),)
    ),
    "the first author read without the others": misread(authors=(Author("Halloran", "J"),)),
}


@pytest.mark.parametrize("name", sorted(MISREADINGS))
def test_a_misread_reference_raises_no_alarm(name: str) -> None:
    assert codes(MISREADINGS[name]) == [], name


def test_the_full_journal_name_is_found_word_by_word_in_an_abbreviation() -> None:
    record = dataclasses.replace(
        RECORD, journal="Proceedings of the National Academy of Sciences", volume="116"
    )
    for journal in ("Proc. Natl. Acad. Sci. U.S.A.", "Proc Natl Acad Sci U S A", "PNAS"):
        ref = printed("J Biol Chem. 2019;294", f"{journal} 2019;116", journal=journal, volume="116")
        if journal == "PNAS":
            assert codes(ref, record) == ["journal-mismatch"]  # an acronym is not found
        else:
            assert codes(ref, record) == [], journal


def test_page_ranges_and_given_names_in_any_printed_form() -> None:
    raw = (
        f"Halloran, James; Okonkwo, Bisi; Lindgren, Eva. {TITLE}. Journal of Biological "
        "Chemistry 294, no. 5 (2019): 402–408."
    )
    ref = dataclasses.replace(PARSED, raw=raw, journal="Journal of Biological", pages="402")
    assert codes(ref) == []


@pytest.mark.parametrize(
    ("registered", "parsed"),
    [("RESEARCH0002", "RCH0002"), ("vi–7", "7"), ("S47-S62, S63-S64", "S63-S64")],
)
def test_registered_pages_of_any_form_printed_as_registered(registered: str, parsed: str) -> None:
    """Pages the number patterns do not read (a long letter prefix, roman numerals, two
    ranges) are found printed as the record holds them, whatever the parse made of them;
    another printed value is still a mismatch."""
    record = dataclasses.replace(RECORD, pages=registered)
    ref = printed("402-8", registered, pages=parsed)
    assert codes(ref, record) == []
    other = printed("402-8", "RESEARCH0003" if registered[0] == "R" else "S48-S62", pages="3")
    assert codes(other, record) == ["pages-mismatch"]


@pytest.mark.parametrize(
    ("registered", "parsed", "other"),
    [("294 Suppl", "294", "295 Suppl"), ("27.1", "27", "28.1"), ("6044/2010", "6044", "6045/2010")],
)
def test_a_volume_registered_with_more_than_digits_printed_as_registered(
    registered: str, parsed: str, other: str
) -> None:
    record = dataclasses.replace(RECORD, volume=registered, issue=None)
    ref = printed("2019;294(5)", f"2019;{registered}", volume=parsed, issue=None)
    assert codes(ref, record) == []
    wrong = printed("2019;294(5)", f"2019;{other}", volume=other.split()[0][:4], issue=None)
    assert codes(wrong, record) == ["volume-mismatch"]


@pytest.mark.parametrize(
    ("registered", "printed_as"),
    [
        (f"{TITLE} [Version 1; Referees: 3 Approved]", "{t}."),
        (f"{TITLE}: a comment on Halloran et al. (2014)", "{t}."),
        (f"{TITLE}: a comment on Halloran et al. (2014)", "“{t}”."),
        (TITLE, "“{t},”"),
    ],
)
def test_a_registered_title_ending_on_brackets_or_quoted_is_found(
    registered: str, printed_as: str
) -> None:
    """The title as registered, closing brackets and all, or inside quotation marks, is
    found in the string whatever the parse cut from it; one word changed is still not."""
    record = dataclasses.replace(RECORD, title=registered)
    shown = printed_as.format(t=registered)
    ref = printed(f"{TITLE}.", shown, title=registered[: len(TITLE) - 5])
    assert codes(ref, record) == []
    wrong = printed(f"{TITLE}.", shown.replace("kinase", "receptor"), title=TITLE[:-5])
    assert "title-mismatch" in codes(wrong, record)


# ----------------------------------------------------------------------------- printed errors

PRINTED_ERRORS = {
    "wrong volume": (printed("294(5)", "249(5)", volume="249"), "volume-mismatch"),
    "wrong issue": (printed("294(5)", "294(6)", issue="6"), "issue-mismatch"),
    "volume printed where the issue belongs": (
        printed("294(5)", "5(5)", volume="5"),
        "volume-mismatch",
    ),
    "wrong year": (printed("2019;", "2018;", year=2018), "year-mismatch"),
    "wrong last page": (printed("402-8", "402-9", pages="402-9"), "pages-mismatch"),
    "wrong journal": (
        printed("J Biol Chem", "J Cell Biol", journal="J Cell Biol"),
        "journal-mismatch",
    ),
    "a longer journal": (
        printed("J Biol Chem", "J Biol Chem Res", journal="J Biol Chem Res"),
        "journal-mismatch",
    ),
    "wrong first author": (
        printed("Halloran J", "Harlan J", authors=(Author("Harlan", "J"), *PARSED.authors[1:])),
        "author-mismatch",
    ),
    "first author's initial": (
        printed("Halloran J", "Halloran K", authors=(Author("Halloran", "K"), *PARSED.authors[1:])),
        "author-spelling",
    ),
    "authors swapped": (
        printed(
            "Halloran J, Okonkwo B",
            "Okonkwo B, Halloran J",
            authors=(PARSED.authors[1], PARSED.authors[0], PARSED.authors[2]),
        ),
        "author-order",
    ),
    "a title word replaced": (
        printed("receptor kinase", "receptor receptor", title=TITLE.replace("kinase", "receptor")),
        "title-mismatch",
    ),
}


@pytest.mark.parametrize("name", sorted(PRINTED_ERRORS))
def test_a_printed_error_is_still_found(name: str) -> None:
    ref, code = PRINTED_ERRORS[name]
    assert codes(ref) == [code], name


def test_a_misreading_does_not_hide_a_printed_error() -> None:
    ref = printed("294(5)", "249(5)", title=f"{TITLE}. J Biol", journal="Chem", volume="249")
    assert codes(ref) == ["volume-mismatch"]


# ----------------------------------------------------------------------------- title words

TITLE_EDITS = [
    ("kinase", "receptor", "title-mismatch"),  # a word replaced by another
    ("hepatocytes", "adipocytes", "title-mismatch"),
    ("kinase", "kinsae", "title-typo"),  # letters swapped within a word
    ("kinase", "kinases", "title-typo"),
    ("Phosphorylation", "Phosphorilation", "title-typo"),
    ("domain in hepatocytes", "domain hepatocytes", "title-typo"),  # a function word left out
]


@pytest.mark.parametrize(("old", "new", "code"), TITLE_EDITS)
def test_title_typo_is_spelling_and_a_replaced_word_is_a_mismatch(
    old: str, new: str, code: str
) -> None:
    ref = printed(old, new, title=TITLE.replace(old, new))
    (finding,) = compare_reference(ref, {"crossref": RECORD})
    assert finding.code == code
    expected = Severity.ERROR if code == "title-mismatch" else Severity.WARNING
    assert finding.severity is expected


# ----------------------------------------------------------------------------- online first


def online_first(printed_year: int, **dates: str) -> list[str]:
    record = dataclasses.replace(RECORD, dates=tuple(dates.items()), year=None)
    ref = printed("2019;", f"{printed_year};", year=printed_year)
    return codes(ref, record)


def test_the_year_after_a_late_online_date_is_an_info_when_no_issue_date_is_held() -> None:
    assert online_first(2020, online="2019-12-28", issued="2019-12-28") == ["year-after-online"]
    (finding,) = compare_reference(
        printed("2019;", "2020;", year=2020),
        {"crossref": dataclasses.replace(RECORD, dates=(("online", "2019-12-28"),))},
    )
    assert finding.severity is Severity.INFO and finding.fix is None
    assert "2019-12-28" in finding.message


def test_a_year_no_online_first_explains_is_still_wrong() -> None:
    assert online_first(2020, online="2019-03-14", issued="2019-03-14") == ["year-mismatch"]
    assert online_first(2021, online="2019-12-28") == ["year-mismatch"]
    assert online_first(2020, online="2019") == ["year-mismatch"]  # no month: cannot tell
    # the issue is dated, and in the online year
    assert online_first(2020, online="2019-12-28", issue="2019-12") == ["year-mismatch"]


def test_the_issue_year_gives_no_finding() -> None:
    assert online_first(2020, online="2019-11-30", print="2020-02") == []
    assert online_first(2020, online="2019-11-30", issue="2020-01") == []
    assert online_first(2019, online="2019-11-30", print="2020-02") == ["year-online-print"]


def crossref_work(doi: str, online: tuple[int, ...], **extra: Any) -> dict[str, Any]:
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [TITLE],
        "author": [
            {"given": a.given, "family": a.family, "sequence": "additional", "affiliation": []}
            for a in RECORD.authors
        ],
        "container-title": ["Journal of Biological Chemistry"],
        "short-container-title": ["J Biol Chem"],
        "volume": "294",
        "issue": "5",
        "page": "402-408",
        "published-online": {"date-parts": [list(online)]},
        "issued": {"date-parts": [list(online)]},
        **extra,
    }


def test_crossref_journal_issue_dates_are_the_issue_date() -> None:
    work = crossref_work(
        "10.5555/asrefs.printed.ji",
        (2019, 11, 30),
        **{"journal-issue": {"issue": "5", "published-online": {"date-parts": [[2020, 1, 6]]}}},
    )
    record = crossref.parse_work(work)
    assert ("issue", "2020-01-06") in record.dates
    ref = printed("2019;", "2020;", year=2020)
    assert codes(ref, record) == []


PUBMED = """<?xml version="1.0" ?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">99000777</PMID><Article PubModel="Print-Electronic"><Journal>
<JournalIssue CitedMedium="Print"><Volume>294</Volume><Issue>5</Issue><PubDate><Year>2020</Year>
<Month>Feb</Month></PubDate></JournalIssue><Title>Journal of Biological Chemistry</Title>
<ISOAbbreviation>J Biol Chem</ISOAbbreviation></Journal><ArticleTitle>{title}.</ArticleTitle>
<Pagination><MedlinePgn>402-8</MedlinePgn></Pagination><AuthorList CompleteYN="Y">
<Author><LastName>Halloran</LastName><ForeName>James</ForeName></Author>
<Author><LastName>Okonkwo</LastName><ForeName>Bisi</ForeName></Author>
<Author><LastName>Lindgren</LastName><ForeName>Eva</ForeName></Author></AuthorList>
<ArticleDate DateType="Electronic"><Year>2019</Year><Month>12</Month><Day>20</Day></ArticleDate>
</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""


def test_pubmeds_print_date_confirms_the_volume_year() -> None:
    record = pubmed.parse_article(PUBMED.format(title=TITLE))
    assert codes(printed("2019;", "2020;", year=2020), record) == []


# ----------------------------------------------------------------------------- end to end


def verify(capsys: pytest.CaptureFixture[str], registry: Any, tmp: Path, ref: str) -> list[str]:
    article = tmp / "a.md"
    article.write_text(f"# Notes\n\nInsulin signalling [1].\n\n## References\n\n1. {ref}\n")
    report = verify_report(capsys, registry, tmp, article)
    return sorted(d["code"] for d in report["discrepancies"] if d["origin"] == "reference")


def test_a_reference_the_parser_misreads_passes_end_to_end(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    doi = "10.5555/asrefs.printed.bmc"
    registry.store.add_crossref_work(crossref_work(doi, (2019, 1, 10)))
    # BMC style: the colon after the authors makes the journal and numbers read as the title
    bmc = f"Halloran J, Okonkwo B, Lindgren E: {TITLE}. J Biol Chem 2019, 294:402-408. doi:{doi}"
    assert verify(capsys, registry, tmp_path, bmc) == []
    wrong = bmc.replace("Halloran J", "Harlan J")
    assert verify(capsys, registry, tmp_path, wrong) == ["author-mismatch"]
