"""A journal's numbers (volume and issue read as one field, TeX page ranges) and a special
issue's name read into the journal (made-up references)."""

from __future__ import annotations

import pytest

from asrefs.parse import parse_entry
from asrefs.parse.fields import tidy_journal
from asrefs.parse.repair import repair
from asrefs.parse.repair_numbers import (
    issue_as_note,
    issue_in_date,
    issue_in_volume,
    issue_mark_apart,
    issue_start_as_note,
    numeric_day_and_month,
    pages_as_issue,
    roman_volume_before_issue,
)


@pytest.mark.parametrize(
    ("text", "volume", "issue", "pages"),
    [
        ("Ruiz, A. K. Typed lambdas. Commun. ACM 38, 11 (Nov. 1995), 33-56.", "38", "11", "33-56"),
        (
            "Ruiz, A. K. Typed lambdas. Lisp Symb. Comput. 8, 4 (Dec. 1995), 343-356.",
            "8",
            "4",
            "343-356",
        ),
        (
            "Ruiz, A.; Lee, J. Tunnelling in tubes. Phys. Rev. B 2002, 65 (11), 115401.",
            "65",
            "11",
            "115401",
        ),
        ("Ruiz, A.; Lee, J. Tunnelling in tubes. Phys. Rev. B 2002, 65, (11).", "65", "11", None),
        (
            "Ruiz, A. Prices and dividends. The Review of Economics and Statistics, Vol. 41,"
            " No. 2, Part 1, pp. 99-105",
            "41",
            "2",  # the part is no part of the issue's number
            "99-105",
        ),
    ],
)
def test_volume_and_issue_printed_together(
    text: str, volume: str, issue: str, pages: str | None
) -> None:
    ref = parse_entry(text, 1, 1, 0)
    assert (ref.volume, ref.issue, ref.pages or ref.article_number) == (volume, issue, pages)


def test_a_volume_with_a_comma_is_left_alone_when_an_issue_is_read() -> None:
    found = [("volume", "38, 11 ("), ("issue", "2"), ("pages", "33-56.")]
    assert issue_in_volume(found) == found
    pages = ("pages", "33-56.")
    assert issue_in_volume([("volume", "38, 11 ("), pages]) == [
        ("volume", "38,"),
        ("issue", " 11 ("),
        pages,
    ]
    # a volume and a page, as Nature prints them, when no pages are read
    assert issue_in_volume([("volume", "12, 345 (")]) == [("volume", "12, 345 (")]


@pytest.mark.parametrize(
    "text",
    [
        "Ruiz, A. and Lee, J., ``Superprisms in crystals,'' Phys. Status Solidi A, vol. 204,"
        " no. 11, pp. 3790--3804, 2007.",
        "Ruiz A, Lee J. Superprisms in crystals. Phys Status Solidi A. 2007;204(11):3790--3804.",
    ],
)
def test_a_page_range_with_tex_s_double_hyphen(text: str) -> None:
    ref = parse_entry(text, 1, 1, 0)
    assert (ref.pages, ref.article_number) == ("3790-3804", None)


def test_a_special_issue_is_not_the_journal_s_name() -> None:
    text = "Ruiz, G. M., and D. A. Lee. 2005. Calving of caribou. Rangifer Special Issue 16: 27–35."
    assert parse_entry(text, 1, 1, 0).journal == "Rangifer"
    named = "Journal of Applied Logic, Special Issue: Belief Change"
    assert tidy_journal(named) == "Journal of Applied Logic"
    assert tidy_journal("Special Issue") == "Special Issue"  # nothing else: left alone


@pytest.mark.parametrize(
    ("journal", "tidy"),
    [
        ("Mercure de France, 15 novembre", "Mercure de France"),
        ("Soins Aides-soignantes, mai", "Soins Aides-soignantes"),
        ("Die Zeit, 3. Juni", "Die Zeit"),
        ("Boston Globe, June 7", "Boston Globe"),
        ("Journal of May", "Journal of May"),  # no comma: part of the name
        ("Annales, Économies", "Annales, Économies"),  # not a month
    ],
)
def test_an_issues_date_after_the_journal_is_no_part_of_it(journal: str, tidy: str) -> None:
    assert tidy_journal(journal) == tidy


@pytest.mark.parametrize(
    ("found", "numbers"),
    [
        (  # volume and issue joined by colons, read as the volume
            [("journal", "Water Res,"), ("volume", "33:3:"), ("pages", "333.")],
            {"volume": "33:", "issue": "3:", "pages": "333."},
        ),
        (  # a double issue after a comma
            [("journal", "Econ Wkly,"), ("volume", "28, 3/4 ("), ("pages", "pp. 11-20.")],
            {"volume": "28,", "issue": " 3/4 (", "pages": "pp. 11-20."},
        ),
        (  # an issue with its mark, read as a note
            [("journal", "Rev. Droit,"), ("date", "2003,"), ("note", "n° 2140")],
            {"volume": None, "issue": "n° 2140", "pages": None},
        ),
        (  # ... not a note without the mark
            [("journal", "Rev. Droit,"), ("date", "2003,"), ("note", "2140 copies")],
            {"volume": None, "issue": None, "pages": None},
        ),
        (  # an issue's range whose first number was read as a note
            [("volume", "25("), ("note", "5-"), ("issue", "6):"), ("pages", "p. 265-270.")],
            {"volume": "25(", "issue": "5-6):", "pages": "p. 265-270."},
        ),
        (  # a number in the volume's bracket, read as the first of two page segments
            [("volume", "111,"), ("pages", "468 ("), ("date", "Jan 2001):"), ("pages", "128–62.")],
            {"volume": "111,", "issue": "468 (", "pages": "128–62."},
        ),
        (  # ... not one page segment alone: Nature's volume, page (year)
            [("journal", "Nature"), ("volume", "12,"), ("pages", "345 ("), ("date", "2021).")],
            {"volume": "12,", "issue": None, "pages": "345 ("},
        ),
    ],
)
def test_an_issue_read_as_another_number(
    found: list[tuple[str, str]], numbers: dict[str, str | None]
) -> None:
    repaired = dict(reversed(repair(found)))  # the first segment of each label
    assert {label: repaired.get(label) for label in numbers} == numbers


@pytest.mark.parametrize("note", ["n° 2140", "no. 54,", "Nr. 29.", "Heft 3,", "issue 7;", "nº 12"])
def test_a_marked_issue_read_as_a_note_is_the_issue(note: str) -> None:
    found = [("journal", "Lien social,"), ("note", note), ("pages", "pp. 16-18.")]
    assert issue_as_note(found) == [found[0], ("issue", note), found[2]]
    # not when an issue is read already, and not for a number without its mark
    with_issue = [*found, ("issue", "4")]
    assert issue_as_note(with_issue) == with_issue
    unmarked = [found[0], ("note", "2140"), found[2]]
    assert issue_as_note(unmarked) == unmarked


def test_a_marked_issue_read_as_a_second_volume_is_the_issue() -> None:
    found = [("journal", "In: Zeitschrift für Didaktik"), ("volume", "45 ("), ("date", "1993),")]
    second = [*found, ("volume", "Heft 2,"), ("pages", "S. 1-20.")]
    assert issue_as_note(second) == [*found, ("issue", "Heft 2,"), second[-1]]
    # a first volume segment stays the volume, marked or not
    first = [found[0], ("volume", "Heft 2,"), ("pages", "S. 1-20.")]
    assert issue_as_note(first) == first


def test_a_range_begun_in_a_note_before_the_issue_belongs_to_the_issue() -> None:
    found = [("volume", "2010. 25("), ("note", "5-"), ("issue", "6):"), ("pages", "p. 265-270.")]
    assert issue_start_as_note(found) == [found[0], ("issue", "5-6):"), found[3]]
    # only between the volume and the issue
    elsewhere = [("journal", "Sem Ophthalmol,"), ("note", "5-"), ("issue", "6):")]
    assert issue_start_as_note(elsewhere) == elsewhere


@pytest.mark.parametrize(
    ("text", "journal", "year", "issue", "pages"),
    [
        (  # a day and a month printed as numbers before the year
            "Moreau, L. Les jardins partagés du quartier. Revue urbaine, 12/03/2015, n°842,"
            " pp. 22-25.",
            "Revue urbaine",
            2015,
            "842",
            "22-25",
        ),
        (  # an issue after the year, with no volume
            "Durand P, Martin C. Évaluation des pratiques de soins en orthodontie. Le fil"
            " dentaire. 2014 ;(88) : 12-6.",
            "Le fil dentaire",
            2014,
            "88",
            "12-6",
        ),
        (  # the issue's mark apart from its number
            "Hale, Jonas. « Wood and Wire ». Crafts no. 187. London : Crafts Council"
            " (May/June 2004), 40-45.",
            "Crafts",
            2004,
            "187",
            "40-45",
        ),
    ],
)
def test_an_issue_without_a_volume(
    text: str, journal: str, year: int, issue: str, pages: str
) -> None:
    ref = parse_entry(text, 1, 1, 0)
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        journal,
        year,
        None,
        issue,
        pages,
    )


def test_the_repairs_of_an_issue_without_a_volume_need_their_whole_shape() -> None:
    mark = [("journal", "Crafts"), ("note", "no."), ("pages", "211."), ("pages", "36-40.")]
    assert issue_mark_apart(mark)[1:3] == [("issue", "no.211."), ("pages", "36-40.")]
    a_range = [("journal", "Crafts"), ("note", "no."), ("pages", "36-40.")]
    assert issue_mark_apart(a_range) == a_range  # a range is pages, whatever is before it
    first_volume = [("journal", "Crafts"), ("note", "no."), ("volume", "21,")]
    assert issue_mark_apart(first_volume) == first_volume  # the only volume stays one
    date = [("journal", "Le fil dentaire."), ("date", "2011 ;(61) :"), ("pages", "40-4.")]
    assert issue_in_date(date)[1:3] == [("date", "2011 ;"), ("issue", "(61) :")]
    with_volume = [("volume", "7"), *date]
    assert issue_in_date(with_volume) == with_volume
    numbers = [("journal", "Lien social,"), ("volume", "25/"), ("issue", "04/"), ("date", "2013,")]
    assert numeric_day_and_month(numbers) == [numbers[0], ("date", "25/04/2013,")]
    not_a_day = [numbers[0], ("volume", "125/"), numbers[2], numbers[3]]
    assert numeric_day_and_month(not_a_day) == not_a_day


def test_a_roman_volume_ending_the_journal_before_its_issue() -> None:
    found = [("journal", "Word & World XIV:"), ("volume", "4 ("), ("date", "1994),")]
    assert roman_volume_before_issue(found) == [
        ("journal", "Word & World"),
        ("volume", "XIV:"),
        ("issue", "4 ("),
        found[2],
    ]
    named = [("journal", "J. Phys. IV"), ("volume", "4 ("), ("date", "1994),")]
    assert roman_volume_before_issue(named) == named  # a Roman numeral of the name


@pytest.mark.parametrize(
    ("journal", "tidy"),
    [
        ("Tectonophysics. PDF", "Tectonophysics"),
        ("Geophysics, [PDF]", "Geophysics"),
        ("PDF", "PDF"),  # nothing else: left alone
        ("Journal of HTML Studies", "Journal of HTML Studies"),
    ],
)
def test_a_link_s_file_format_after_the_journal_is_no_part_of_it(journal: str, tidy: str) -> None:
    assert tidy_journal(journal) == tidy


def test_a_range_too_wide_for_an_issue_is_the_pages() -> None:
    volume = ("volume", "vol. I (")
    assert pages_as_issue([volume, ("issue", "839–878).")]) == [volume, ("pages", "839–878).")]
    assert pages_as_issue([("issue", "(45–67).")]) == [("pages", "(45–67).")]
    for issue in ("5-6).", "1–4)."):  # issues printed together
        assert pages_as_issue([volume, ("issue", issue)]) == [volume, ("issue", issue)]
    unopened = [("volume", "12,"), ("issue", "839–878.")]  # no bracket: not this shape
    assert pages_as_issue(unopened) == unopened
    paged = [volume, ("issue", "839–878)."), ("pages", "pp. 3-9")]
    assert pages_as_issue(paged) == paged
