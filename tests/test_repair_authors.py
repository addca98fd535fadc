"""Where the authors end: names read as the title, a title's first words read as a name,
an opening quote inside the author list, initials longer than three letters.

The references are made up for the test; each pins a misreading seen on the dev sets.
"""

from __future__ import annotations

import pytest

from asrefs.parse import parse_entry
from asrefs.parse.repair import repair
from asrefs.parse.repair_authors import title_after_initials_first


def read(text: str) -> tuple[list[str], str | None, str | None]:
    ref = parse_entry(text, 1, 1, 0)
    return [a.family for a in ref.authors], ref.title, ref.journal


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (  # two names, family first, joined by "and", read as the title's start
            [
                ("title", "Ruiz A and Berger M. Walking after a fall in older women."),
                ("journal", "Gait Posture"),
            ],
            {"author": "Ruiz A and Berger M. ", "title": "Walking after a fall in older women."},
        ),
        (  # ... the whole title segment when the year follows the names
            [("title", "Ruiz A, Lee JK and Berger M ("), ("date", "2010)"), ("title", "Walking.")],
            {"author": "Ruiz A, Lee JK and Berger M (", "title": "Walking."},
        ),
        (  # one name alone is as often a title's first words: left alone
            [("title", "Vitamin D. Effects in older women."), ("journal", "Gait Posture")],
            {"author": None, "title": "Vitamin D. Effects in older women."},
        ),
        (  # ... and so is a title when an author was read
            [("author", "Lee K."), ("title", "Ruiz A and Berger M. Walking.")],
            {"author": "Lee K.", "title": "Ruiz A and Berger M. Walking."},
        ),
        (  # initials before names: the period after the last family name ends the list
            [
                ("author", "A. Ruiz, B.-H. Lee, and J. Berger. LAZY:"),
                ("title", "a scheduler for parallel programs."),
            ],
            {
                "author": "A. Ruiz, B.-H. Lee, and J. Berger.",
                "title": "LAZY: a scheduler for parallel programs.",
            },
        ),
        (  # ... nor on a word and a colon: the title's first word
            [
                ("author", "A. Ruiz, B. Lee, C. Berger, LAZY:"),
                ("title", "Schedulers for Parallel Programs,"),
            ],
            {
                "author": "A. Ruiz, B. Lee, C. Berger,",
                "title": "LAZY: Schedulers for Parallel Programs,",
            },
        ),
        (  # ... not after "Jr."
            [("author", "A. Ruiz, B. Lee Jr. and J. Berger."), ("title", "Lazy tasks.")],
            {"author": "A. Ruiz, B. Lee Jr. and J. Berger.", "title": "Lazy tasks."},
        ),
        (  # the last author given name first after a family-first one
            [("author", "Okonkwo, B. T. and Lena Marsh."), ("title", '"Prices of Grain,"')],
            {"author": "Okonkwo, B. T. and Lena Marsh.", "title": '"Prices of Grain,"'},
        ),
    ],
)
def test_where_the_authors_end(found: list[tuple[str, str]], expected: dict[str, str]) -> None:
    repaired = dict(reversed(repair(found)))  # the first segment of each label
    assert {label: repaired.get(label) for label in expected} == expected


def test_a_family_first_list_is_not_cut_at_a_period_after_a_word() -> None:
    found = [("author", "Ruiz, A., Berger, J. Lazy"), ("title", "tasks.")]
    assert title_after_initials_first(found) == found


def test_a_title_quoted_in_single_quotes_that_opens_inside_the_author_list() -> None:
    families, title, journal = read(
        "Ruiz, A., J. Lee, and S. Berger, ‘Falls, Fractures, and Walking Aids in Older"
        " Women: A Cohort’, Gait Posture, 31 (2006), pp. 10–4."
    )
    assert families == ["Ruiz", "Lee", "Berger"]
    assert title == "Falls, Fractures, and Walking Aids in Older Women: A Cohort"
    assert journal == "Gait Posture"


def test_a_quoted_phrase_that_opens_a_title_before_its_subtitle() -> None:
    families, title, journal = read(
        "Ruiz A, Lee J (2009) “Keeping me going”: walking with arthritis after a fall."
        " Gait Posture 90: 494–500."
    )
    assert families == ["Ruiz", "Lee"]
    assert title is not None and title.endswith("walking with arthritis after a fall")
    assert journal == "Gait Posture"


@pytest.mark.parametrize(
    ("authors", "families"),
    [
        ("Ruiz IM, Bergmann HFJM, Lee HH", ["Ruiz", "Bergmann", "Lee"]),
        ("Ruiz H, Bergmann JFJr, Lee RA", ["Ruiz", "Bergmann", "Lee"]),
        ("Bergmann WMLG", ["Bergmann"]),
    ],
)
def test_four_initials_after_a_family_name(authors: str, families: list[str]) -> None:
    found, _, _ = read(f"{authors} (2000) Walking after a fall. Gait Posture 9: 460–478.")
    assert found == families


@pytest.mark.parametrize(
    ("text", "families", "title"),
    [
        (  # a Vancouver list ends at the period after its last initials
            "Ruiz AE, Berger KH, Lee F. BMI, RQ, sex and age in the clamp. Diabetes."
            " 2014;63:791–800.",
            ["Ruiz", "Berger", "Lee"],
            "BMI, RQ, sex and age in the clamp",
        ),
        (  # ... and a GB/T list in capitals at the period before a capitalised word alone
            "RUIZ E A, BERGER J W. MATH, a measure of tumour diversity[J]. Oral Oncol, 2013,"
            " 49: 211-215.",
            ["RUIZ", "BERGER"],
            "MATH, a measure of tumour diversity",
        ),
        (  # one name, given name first, is not a Vancouver list
            "Gunter M. Berger. Lectures on polytopes. Springer, 1995.",
            ["Berger"],
            "Lectures on polytopes",
        ),
    ],
)
def test_a_title_that_opens_with_a_list_of_capitals(
    text: str, families: list[str], title: str
) -> None:
    found, read_title, _ = read(text)
    assert (found, read_title) == (families, title)


@pytest.mark.parametrize("rule", ["———.", "---.", "______.", "__________ ."])
def test_a_rule_standing_for_the_names_before_is_no_author(rule: str) -> None:
    assert read(f"{rule} 1807. The geography of Ithaca. London: Wright.")[0] == []


def test_a_dash_before_the_names_is_no_part_of_them() -> None:
    assert read("- H. PLAGNOL, « La réforme du code », Rev. Droit, 2003, n° 2140")[0] == ["PLAGNOL"]
