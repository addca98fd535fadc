"""Newspapers' and magazines' names, and a review's subject (made-up references)."""

from __future__ import annotations

import pytest

from asrefs.parse import parse_entry
from asrefs.parse.repair_serials import (
    journal_after_comma,
    magazine_after_dated_title,
    note_before_volume,
    page_in_day_date,
    quoted_journal_ending_title,
    review_subject_in_journal,
    serial_read_as_publisher,
    translator_before_journal,
)


@pytest.mark.parametrize(
    ("text", "title", "journal"),
    [
        (
            "Okafor, Nia. “A Quiet Harbour.” Review of The Salt Road, by Elena Marsh. Chicago"
            " Tribune, March 14, 2003, 7.",
            "A Quiet Harbour. Review of The Salt Road, by Elena Marsh",
            "Chicago Tribune",
        ),
        (
            "Pike, Dora. “Letters Home.” Review of Winter Orchard, by T. J. Hale. New York"
            " Review of Books, May 2, 2011, 22-24.",
            "Letters Home. Review of Winter Orchard, by T. J. Hale",
            "New York Review of Books",
        ),
        (
            "Ruiz Torres, “Schools Rethink the Calendar,” Chronicle of Higher Education,"
            " October 9, 2007, B12.",
            "Schools Rethink the Calendar",
            "Chronicle of Higher Education",
        ),
        (
            "DUMONT, Henri, « Chroniques », Cahiers d'art, n°12, mars 1929, p. 45.",
            "Chroniques",
            "Cahiers d'art",
        ),
    ],
)
def test_newspapers_magazines_and_reviews(text: str, title: str, journal: str) -> None:
    ref = parse_entry(text, 1, 1, 0)
    assert (ref.title, ref.journal) == (title, journal)


def test_a_review_of_a_book_goes_back_to_the_title() -> None:
    title = ("title", "“Bad Company.”")
    found = [title, ("journal", "Review of Gain, by Richard Powers. Times Book Review,")]
    assert review_subject_in_journal(found) == [
        ("title", "“Bad Company.” Review of Gain, by Richard Powers."),
        ("journal", "Times Book Review,"),
    ]
    alone = [title, ("journal", "Review of Gain, by R. Powers."), ("location", "Boston Globe,")]
    assert review_subject_in_journal(alone)[:2] == [
        ("title", "“Bad Company.” Review of Gain, by R. Powers."),
        ("location", "Boston Globe,"),
    ]
    # a journal named "Review of …" is left alone
    journal = [title, ("journal", "Review of Economic Studies,"), ("volume", "12")]
    assert review_subject_in_journal(journal) == journal


def test_a_publisher_is_a_newspaper_only_before_a_day_and_a_page_or_an_issue() -> None:
    title, publisher = ("title", "Tides and harbours."), ("publisher", "Harbour Press,")
    dated = [title, publisher, ("date", "May 12, 2001,"), ("pages", "A4.")]
    assert serial_read_as_publisher(dated)[1] == ("journal", "Harbour Press,")
    for rest in (
        [("date", "May 12, 2001.")],  # no page: a book or a web page
        [("date", "2001,"), ("pages", "A4.")],  # no day
        [("date", "May 12, 2001,"), ("pages", "4 p.")],  # a length, not a page
    ):
        assert serial_read_as_publisher([title, publisher, *rest])[1] == publisher
    two = [title, ("location", "London:"), publisher, ("issue", "n°4")]
    assert serial_read_as_publisher(two) == two  # a place and a publisher: a book
    assert serial_read_as_publisher([title, ("location", "Formes,"), ("issue", "n°20,")])[1] == (
        "journal",
        "Formes,",
    )


def test_a_page_after_a_day_s_date() -> None:
    found = [("location", "Chicago Tribune,"), ("date", "March 14, 2003, 7.")]
    assert page_in_day_date(found) == [
        found[0],
        ("date", "March 14, 2003, "),
        ("pages", "7."),
    ]
    for date in ("2003, 7.", "March 14, 2003."):  # no day, or no page
        assert page_in_day_date([found[0], ("date", date)]) == [found[0], ("date", date)]
    paged = [*found, ("pages", "C1.")]
    assert page_in_day_date(paged) == paged


def test_a_magazine_s_name_after_the_title_s_comma() -> None:
    title = ("title", "The long view, Building design,")
    found = [("author", "Ada Moss,"), title, ("issue", "No. 83,"), ("date", "2000,")]
    assert journal_after_comma(found)[1:3] == [
        ("title", "The long view"),
        ("journal", "Building design"),
    ]
    for number in ("83,", "Autumn 2000,"):  # no mark: a title's comma is its own
        unmarked = [found[0], title, ("issue", number)]
        assert journal_after_comma(unmarked) == unmarked
    with_journal = [*found, ("journal", "Domus")]
    assert journal_after_comma(with_journal) == with_journal


def test_a_magazine_s_name_ending_the_title_after_a_day_s_date() -> None:
    date, title = ("date", "(2019, May 3)."), ("title", "Tides of change. The Harbour Review.")
    assert magazine_after_dated_title([("author", "Moss, A."), date, title])[2:] == [
        ("title", "Tides of change."),
        ("journal", "The Harbour Review"),
    ]
    for found in (
        [("date", "(2019)."), title],  # no day: a title of two sentences
        [date, ("title", "Tides of change. A history of harbours.")],  # not a name
        [date, title, ("journal", "Harbour Weekly")],
    ):
        assert magazine_after_dated_title(found) == found


def test_a_translator_named_before_a_known_journal() -> None:
    found = [
        ("title", "“Notes.”"),
        ("journal", "Trans. Ada Moss. Critical Inquiry"),
        ("volume", "13"),
    ]
    assert translator_before_journal(found)[1:3] == [
        ("note", "Trans. Ada Moss."),
        ("journal", "Critical Inquiry"),
    ]
    for journal in (
        "Trans. Ada Moss. Harbour Letters",  # the rest is no known journal
        "Trans. Am. Math. Soc.",  # a journal's own abbreviation
    ):
        kept = [found[0], ("journal", journal)]
        assert translator_before_journal(kept) == kept


def test_a_journal_quoted_after_the_title_s_last_sentence() -> None:
    found = [("author", "Nowak A.:"), ("title", "Akcje. „Gazeta Portowa"), ("date", "1997,")]
    assert quoted_journal_ending_title(found)[1:3] == [
        ("title", "Akcje."),
        ("journal", "„Gazeta Portowa"),
    ]
    for title in (
        "“Tides.” “Harbours”",  # a quoted title's own sentences
        "Akcje portowe",  # nothing quoted
    ):
        kept = [found[0], ("title", title), found[2]]
        assert quoted_journal_ending_title(kept) == kept
    with_journal = [*found, ("journal", "Morze")]
    assert quoted_journal_ending_title(with_journal) == with_journal


def test_a_note_between_the_title_and_the_volume_is_the_journal_when_none_was_read() -> None:
    found = [
        ("author", "Ruiz, G. M. 2005."),
        ("title", "Calving of caribou."),
        ("note", "Rangifer Special Issue"),
        ("volume", "16:"),
        ("pages", "27–35."),
    ]
    assert note_before_volume(found)[2] == ("journal", "Rangifer Special Issue")
    with_publisher = [*found, ("publisher", "Nordic Press")]
    assert note_before_volume(with_publisher) == with_publisher
    two_notes = [*found[:2], ("note", "[Review]"), *found[2:]]
    assert note_before_volume(two_notes) == two_notes
    after_pages = [*found[:2], found[3], found[4], found[2]]  # the note after the pages
    assert note_before_volume(after_pages) == after_pages
