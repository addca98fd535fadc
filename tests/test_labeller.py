"""The trained reference parser on layouts the layout rules misread.

Every reference here is made up for the test (none is from a training or evaluation set);
each pins a class of misreading: compact physics style, author–year without brackets,
initials before names, multi-word family names, PubMed tails, abbreviated journals with
periods, journals whose name holds a number, a year at the end.
"""

from __future__ import annotations

import pytest

from asrefs.parse import parse_entry
from asrefs.parse.labeller import BEGUN, available, begin_marked, segments
from asrefs.parse.repair import repair
from asrefs.parse.repair_authors import title_after_names_and_colon
from asrefs.parse.tokens import features, tokenize


def parsed(text: str) -> dict[str, object]:
    ref = parse_entry(text, 1, 1, 0)
    return {
        "families": [a.family for a in ref.authors],
        "title": ref.title,
        "journal": ref.journal,
        "year": ref.year,
        "volume": ref.volume,
        "issue": ref.issue,
        "pages": ref.pages or ref.article_number,
    }


def test_the_model_ships_with_the_package() -> None:
    assert available()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tanaka H, Ruiz M, Becker F. 2006. Regulation of motor proteins in axons. "
            "J Cell Sci 119:153–160.",
            {"families": ["Tanaka", "Ruiz", "Becker"], "year": 2006, "journal": "J Cell Sci",
             "volume": "119", "pages": "153–160"},
        ),
        (
            "A. B. Norden and C. Lively, Phys. Rev. B 12, 345 (1999).",
            {"families": ["Norden", "Lively"], "journal": "Phys. Rev. B", "volume": "12",
             "pages": "345", "year": 1999},
        ),
        (
            "Ostrowski P, Hale J. Collagen turnover in healing tendons. Ann N Y Acad Sci. "
            "1993;686:299-309. Epub 1993 Mar 3. PMID: 8512345.",
            {"families": ["Ostrowski", "Hale"], "journal": "Ann N Y Acad Sci", "volume": "686",
             "pages": "299-309", "year": 1993, "title": "Collagen turnover in healing tendons"},
        ),
        (
            "M. H. van der Berg, L. de la Cruz, and S. Mohammadi Nejad, "
            "“Grain boundaries in thin films,” J. Appl. Phys., vol. 88, no. 4, "
            "pp. 1201–1207, 2000.",
            {"families": ["van der Berg", "de la Cruz", "Mohammadi Nejad"], "volume": "88",
             "issue": "4", "pages": "1201–1207", "year": 2000,
             "title": "Grain boundaries in thin films"},
        ),
        (
            "A. B. Norden. Probabilistic reasoning. Artif. Intell., 28(1) 71-87, 1986.",
            {"families": ["Norden"], "title": "Probabilistic reasoning", "year": 1986},
        ),
        (
            "Norden, A. B., Quist, R. & Lively, C. Outcrossing, selfing and drift shape yeast "
            "genomes. Proc Natl Acad Sci U S A 108, 1987–1992 (2012).",
            {"families": ["Norden", "Quist", "Lively"], "year": 2012, "pages": "1987–1992",
             "title": "Outcrossing, selfing and drift shape yeast genomes"},
        ),
        (
            "Quist R, Amberg T, Lively C. LipA (Rv3097) is a secreted lipase of soil bacteria. "
            "Infect Immun. 2011;81:243-253.",
            {"families": ["Quist", "Amberg", "Lively"],
             "title": "LipA (Rv3097) is a secreted lipase of soil bacteria"},
        ),
        (
            "Quist, R. & Amberg, T. (2003). Expression of two lipases in different tissues. "
            "Biochem. J., 354, 521–529.",
            {"title": "Expression of two lipases in different tissues", "journal": "Biochem. J.",
             "volume": "354"},
        ),
        (
            "Quist R, Amberg T (2014) Bone loss around implants. Periodontol 2000 66: 71–84.",
            {"families": ["Quist", "Amberg"], "year": 2014, "volume": "66", "pages": "71–84"},
        ),
    ],
)  # fmt: skip
def test_layouts_the_rules_misread(text: str, expected: dict[str, object]) -> None:
    got = parsed(text)
    assert {key: got[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("text", "family", "title"),
    [
        (
            "Amberg, T., et al. “Text Mining and Its Potential Applications in Soil Biology”. "
            "Trends Microbiol, vol. 24, 2006, pp. 571–79.",
            "Amberg",
            "Text Mining and Its Potential Applications in Soil Biology",
        ),
        (
            "Norden, A., et al. “Functional Biogeography of Soil Microbes Revealed Through Matrix "
            "Factorization”. PLoS One, vol. 7, 2012, p. e43866.",
            "Norden",
            "Functional Biogeography of Soil Microbes Revealed Through Matrix Factorization",
        ),
    ],
)
def test_et_al_after_the_names_ends_the_author_list(text: str, family: str, title: str) -> None:
    """MLA's "Family, I., et al." says the list is cut, whatever label "et al." was given."""
    ref = parse_entry(text, 1, 1, 0)
    assert ref.et_al
    assert [a.family for a in ref.authors] == [family]
    assert ref.title == title


def test_a_year_at_the_end_and_a_journal_with_periods() -> None:
    got = parsed(
        "Lund, K. and Ferreira, J., Binding of zinc by soil humus, "
        "Proc. Natl. Acad. Sci. U.S.A., 95:4120-4125, 1998."
    )
    assert got["year"] == 1998
    assert got["volume"] == "95"
    assert got["pages"] == "4120-4125"
    assert got["title"] == "Binding of zinc by soil humus"


@pytest.mark.parametrize(
    ("pages", "year"),
    [
        ("1858–63, 2011.", 2011),  # a year after the pages is the year
        ("p. 1858‐1863.", None),  # the end of a page range is not, whatever its dash
        ("pp. 1858 - 1863", None),
        ("2038—2045", None),
    ],
)
def test_a_year_is_taken_after_the_pages_but_not_from_them(pages: str, year: int | None) -> None:
    from asrefs.parse.fields import Fields
    from asrefs.parse.labeller import _fallback_year

    fields = Fields()
    _fallback_year({"pages": [pages]}, fields)
    assert fields.values.get("year") == year


def test_segments_cover_the_entry_in_order() -> None:
    text = "Sato K, Ito M. Title of a paper. J Biol Chem. 2001;276(5):123-9."
    found = segments(text)
    assert "".join(value for _, value in found).replace(" ", "") == text.replace(" ", "")
    labels = [label for label, _ in found]
    assert labels.index("author") < labels.index("title") < labels.index("journal")
    assert len(set(labels)) == len(labels)  # a field's first token joins the rest of it


def test_the_first_token_of_a_named_field_has_a_label_of_its_own() -> None:
    labels = ["author", "author", "date", "title", "title", "journal", "volume", "volume"]
    marked = begin_marked(labels)
    assert marked == [
        "B-author",
        "author",
        "date",
        "B-title",
        "title",
        "B-journal",
        "volume",
        "volume",
    ]
    assert {"author", "title", "journal"} <= BEGUN and "volume" not in BEGUN
    assert [label.removeprefix("B-") for label in marked] == labels


def test_features_are_one_row_per_token_with_neighbours() -> None:
    text = "Smith J. A title. Nature 1953;171:737."
    tokens = tokenize(text)
    rows = features(tokens, text)
    assert len(rows) == len(tokens)
    assert "BOS" in rows[0] and "EOS" in rows[-1]
    year = next(i for i, t in enumerate(tokens) if t.text == "1953")
    assert "year" in rows[year] and "year=" in rows[year]
    assert any(f.startswith("-1:w=") for f in rows[year])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a journal stands a mark before its volume, the title's words further off
        (
            "M. C. Miller, Donors, Their Gifts, Speculum, 66, 1991, 27-42.",
            {"Donors": "3+", "Their": "2", "Gifts": "2", "Speculum": "1", "66": "0"},
        ),
        # "Vol." and "No." belong to their numbers; an initial's period is no mark
        (
            "A. Author, Top table, Architectural review, Vol. 208, No. 1241, 2000",
            {"Author": "3+", "table": "2", "review": "1", "Vol": "0"},
        ),
        # after the last number there is none to count to
        ("Smith J. Title. Nature 12: 3-9. Epub", {"Nature": "0", "Title": "1", "Epub": "none"}),
    ],
)
def test_marks_between_a_word_and_the_next_number(text: str, expected: dict[str, str]) -> None:
    tokens = tokenize(text)
    rows = features(tokens, text)
    seen = {
        token.text: next(f.removeprefix("tonum=") for f in row if f.startswith("tonum="))
        for token, row in zip(tokens, rows, strict=True)
    }
    assert {word: seen[word] for word in expected} == expected


def test_rules_alone_are_still_available() -> None:
    text = "Watson JD, Crick FH. Molecular structure of nucleic acids. Nature. 1953;171:737-8."
    rules = parse_entry(text, 1, 1, 0, use_model=False)
    model = parse_entry(text, 1, 1, 0)
    assert rules.journal == model.journal == "Nature"
    assert rules.volume == model.volume == "171"


def test_a_gbt_title_that_opens_with_a_comma_list_is_no_author() -> None:
    got = parsed(
        "OKAFOR B A, LINDQVIST M E. Apoptosis, autophagy, and necrosis in tendon[J]. "
        "J Orthop Res, 2004, 22(3): 175-182."
    )
    assert got["families"] == ["OKAFOR", "LINDQVIST"]
    assert got["title"] == "Apoptosis, autophagy, and necrosis in tendon"
    assert got["journal"] == "J Orthop Res"


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "Quist, R. A., Amberg, T. & Richard Cutler, D. (2011). Frogs in Hawaii. "
            "Divers Distrib, 18, 648–660.",
            ["Quist", "Amberg", "Richard Cutler"],
        ),
        (
            "Quist, R. A., Amberg, T., Dalla Serra, M. 2011. Frogs in Hawaii. "
            "Divers Distrib 18, 648–660.",
            ["Quist", "Amberg", "Dalla Serra"],
        ),
    ],
)
def test_a_two_word_family_name_last_in_the_list_stays_one_name(
    text: str, families: list[str]
) -> None:
    assert parsed(text)["families"] == families


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (  # a quoted title run on into the journal, a volume after it
            [
                ("author", "Reyes, D., and Dunn, R.,"),
                ("title", "“Speaker models for verification,” Digital Signal Processing,"),
                ("volume", "Vol. 10,"),
                ("pages", "pp. 19–41."),
            ],
            {"title": "“Speaker models for verification,”", "journal": "Digital Signal Processing"},
        ),
        (  # the title's own bracket, closed in the journal's segment
            [
                ("title", "A new species from Spain (Onychiuridae,"),
                ("journal", "Tullbergiinae)., Spixiana"),
                ("volume", "14"),
            ],
            {
                "title": "A new species from Spain (Onychiuridae, Tullbergiinae).,",
                "journal": "Spixiana",
            },
        ),
        (  # the title's years, printed after the entry's own year
            [
                ("date", "(2010)"),
                ("title", "Newspaper coverage in the UK ("),
                ("date", "2005-2008)."),
                ("journal", "Social Science & Medicine,"),
            ],
            {
                "title": "Newspaper coverage in the UK (2005-2008).",
                "journal": "Social Science & Medicine,",
            },
        ),
        (  # a Roman volume at the end of the journal
            [
                ("title", "The planning"),
                ("journal", "Harvard Business Review, XLIII"),
                ("pages", "49"),
            ],
            {"journal": "Harvard Business Review", "volume": "XLIII"},
        ),
        (  # no dated segment: a year that ends the journal as an item of its own
            [("title", "Drug-free decoys."), ("journal", "Nano Research, 2025")],
            {"journal": "Nano Research, ", "date": "2025"},
        ),
        (  # a note that is a month and year
            [
                ("journal", "IEEE Trans. Med. Imag.,"),
                ("pages", "pp. 65–70,"),
                ("note", "Mar. 2025."),
            ],
            {"date": "Mar. 2025."},
        ),
        (  # a journal named with a year keeps it when the entry is dated elsewhere
            [("journal", "Periodontol 2000"), ("date", "2014;"), ("volume", "66:")],
            {"journal": "Periodontol 2000", "date": "2014;"},
        ),
        (  # no dated segment: a year that opens the title
            [
                ("author", "Sera, W. E."),
                ("title", "2003. Voles of the high plains."),
                ("pages", "1"),
            ],
            {"date": "2003. ", "title": "Voles of the high plains."},
        ),
        (  # "Names: Title." read as the authors, no title read
            [("author", "Li Wenjun: On the Names of Rivers."), ("journal", "Asian Studies,")],
            {"author": "Li Wenjun: ", "title": "On the Names of Rivers."},
        ),
        (  # a status in brackets opening the title
            [
                ("author", "Moss, A."),
                ("title", "(in press). Tides of the northern coast."),
                ("journal", "Coastal Studies"),
            ],
            {"note": "(in press). ", "title": "Tides of the northern coast."},
        ),
        (  # the last author printed initials first, the family name read as the title's
            [("author", "Sera, W. E., and C. N."), ("title", "Early. Voles."), ("pages", "1")],
            {"author": "Sera, W. E., and C. N. Early", "title": "Voles."},
        ),
        (  # what a volume's bracket holds is the issue
            [
                ("journal", "Lancet."),
                ("volume", "396("),
                ("note", "10258):"),
                ("pages", "1204-22."),
            ],
            {"issue": "10258):", "pages": "1204-22."},
        ),
        (  # after "Authors (Year)", what the title opens with is the title's
            [
                ("author", "Staib M, Bach DR ("),
                ("date", "2018)"),
                ("pages", "PsPM-SC4B"),
                ("author", ": SCR, ECG,"),
                ("title", "PSR and respiration."),
            ],
            {"title": "PsPM-SC4B: SCR, ECG, PSR and respiration.", "author": "Staib M, Bach DR ("},
        ),
        (  # an article number after the issue's bracket
            [("journal", "Stem Cell Research & Therapy,"), ("volume", "16("), ("issue", "1), 65.")],
            {"issue": "1),", "pages": "65."},
        ),
        (  # without a volume or pages after it, a quoted title keeps what follows
            [("title", "“Speech signals,” Institute of Engineers,"), ("date", "2000.")],
            {"title": "“Speech signals,” Institute of Engineers,"},
        ),
        (  # APA's more than 20 authors: the names after the ellipsis are the authors'
            [
                ("author", "Adler, B., O’Hara, M."),
                ("journal", "J.... Zhou, Q. ("),
                ("date", "2014)."),
                ("title", "Genomes."),
            ],
            {"author": "Adler, B., O’Hara, M. J.... Zhou, Q.(", "date": "2014).", "journal": None},
        ),
        (  # a one-word title with a colon after the last family-first name
            [("author", "Okafor, Z. S. & Lind, N. J. Metaplot:"), ("title", "An R package.")],
            {"author": "Okafor, Z. S. & Lind, N. J.", "title": "Metaplot: An R package."},
        ),
        (  # ... and title words up to an opening quote
            [("author", "Okafor, P. & Lind, P. The ATLAS and “"), ("title", "Tree Project” data.")],
            {"author": "Okafor, P. & Lind, P.", "title": "The ATLAS and “Tree Project” data."},
        ),
        (  # a quoted title ends at its closing quote, in the next segment
            [
                ("title", '"Multiscale Fields and Relaxation'),
                ("container", 'in Image Analysis," IEEE Conf. on Acoustics,'),
                ("volume", "Vol. 3,"),
            ],
            {"title": '"Multiscale Fields and Relaxation in Image Analysis,"'},
        ),
        (  # ... and what follows its closing quote inside the title opens the journal
            [
                ("author", "R. C. Vrijenhoek,"),
                (
                    "title",
                    "“Unusual fauna in Monterey Canyon, California ,” Deep Sea Research Part I:",
                ),
                ("journal", "Oceanographic Research Papers,"),
                ("volume", "vol. 51,"),
            ],
            {
                "title": "“Unusual fauna in Monterey Canyon, California ,” ",
                "journal": "Deep Sea Research Part I: Oceanographic Research Papers,",
            },
        ),
        (  # an opening quote left with the authors opens the title
            [
                ("author", "Lindau, Paul, “"),
                ("title", "The ‘Tannhäuser’ Scandal"),
                ("note", "in March 1861,” Wagner,"),
            ],
            {"author": "Lindau, Paul,", "title": "“The ‘Tannhäuser’ Scandal in March 1861,”"},
        ),
        (  # no title read: the quotes that open the journal hold it
            [
                ("author", "V. Giscard, «"),
                ("journal", "Le programme », Pouvoirs,"),
                ("date", "1979,"),
            ],
            {"author": "V. Giscard,", "title": "«Le programme », ", "journal": "Pouvoirs,"},
        ),
        (  # the closing quote two segments on; the second "title" opens the journal
            [
                ("author", "R. C. Vrijenhoek, “"),
                ("title", "Whale-fall communities in Monterey"),
                ("location", "Canyon, California,"),
                ("date", "”"),
                ("title", "Deep Sea Research Part I:"),
                ("journal", "Oceanographic Research Papers,"),
                ("volume", "vol. 57,"),
            ],
            {
                "title": "“Whale-fall communities in Monterey Canyon, California, ”",
                "journal": "Deep Sea Research Part I: Oceanographic Research Papers,",
                "location": None,
            },
        ),
        (  # no journal read, numbers printed: the title's last short sentence is the journal
            [
                ("author", "BONNIN, O."),
                ("title", "Un nouveau regard sur l'évaluation. La Gazette Santé-Social,"),
                ("date", "Septembre 2014,"),
                ("issue", "n°110,"),
            ],
            {"title": "Un nouveau regard sur l'évaluation.", "journal": "La Gazette Santé-Social,"},
        ),
        (  # ... but not without a volume, issue or pages (a book's series, a report)
            [("title", "A long title of a report. Technical Series,"), ("date", "2014.")],
            {"title": "A long title of a report. Technical Series,", "journal": None},
        ),
        (  # a day read as the volume before its month: a newspaper's date
            [("journal", "Wall Street Journal"), ("volume", "4"), ("note", "January.")],
            {"journal": "Wall Street Journal", "volume": None, "date": "4 January."},
        ),
        (  # names opening the entry, read as editors though nothing marks them as such
            [("editor", "SIERVO (M.), GREY (P.)"), ("date", "2006,"), ("title", "A pilot study.")],
            {"author": "SIERVO (M.), GREY (P.)", "editor": None},
        ),
        (
            [("editor", "Moodley R, Lago C (eds)"), ("title", "Race and culture.")],
            {"editor": "Moodley R, Lago C (eds)", "author": None},
        ),
        (  # a word broken at its hyphen between the authors and the title
            [("author", "McCown, T.J., Adeno-"), ("title", "associated virus vectors.")],
            {"author": "McCown, T.J., ", "title": "Adeno-associated virus vectors."},
        ),
        (  # a quoted word inside the title is no title's end
            [("title", "“Junk” DNA revisited."), ("journal", "Cell")],
            {"title": "“Junk” DNA revisited.", "journal": "Cell"},
        ),
        (  # quotes inside a quoted title close inside it
            [
                ("author", "Roux Anne,"),
                ("title", "« La « ville durable » et la « ville »."),
                ("journal", "Autres regards sur la ville », Espaces et sociétés,"),
                ("date", "mai 2009,"),
            ],
            {
                "title": "« La « ville durable » et la « ville ». Autres regards sur la ville »,",
                "journal": "Espaces et sociétés,",
            },
        ),
        (  # a number ending the journal before the pages is the volume
            [
                ("journal", "Proceedings of the Institute of Radio Engineers 40,"),
                ("pages", "1098-1101."),
            ],
            {"journal": "Proceedings of the Institute of Radio Engineers", "volume": "40,"},
        ),
        (  # astronomy: journal, volume and page after the year, read as numbers or a note
            [
                ("author", "Kempner J.C., David L.P.,"),
                ("date", "2004b,"),
                ("volume", "MNRAS, 349,"),
                ("pages", "385"),
            ],
            {"journal": "MNRAS", "volume": "349", "pages": "385"},
        ),
        (
            [("author", "Belsole E. et al."), ("date", "2001,"), ("note", "A&A, 365L, 188")],
            {"journal": "A&A", "volume": "365L", "pages": "188"},
        ),
        (  # words after the colon that ends the authors open the title
            [
                ("author", "M Bergenheim and J Pedersen: Pathophysiological"),
                ("title", "mechanisms of pain."),
            ],
            {
                "author": "M Bergenheim and J Pedersen:",
                "title": "Pathophysiological mechanisms of pain.",
            },
        ),
        (  # a month-like word read as a date between the authors and the title
            [
                ("author", "D. Kranz, and J. Kubiatowicz."),
                ("date", "APRIL:"),
                ("title", "a processor architecture."),
                ("date", "May 1990."),
            ],
            {"title": "APRIL: a processor architecture.", "date": "May 1990."},
        ),
        (  # no title read, the journal opening with a sentence: that sentence is the title
            [
                ("author", "Ruiz, G. M., and D. A. Lee."),
                ("date", "2005."),
                ("journal", "Calving of caribou. Rangifer"),
                ("volume", "16:"),
            ],
            {"title": "Calving of caribou. ", "journal": "Rangifer"},
        ),
        (  # ACS: a lone initial ending initials-first names opens the journal
            [
                ("author", "A. Smith, B. Jones, J."),
                ("journal", "Am. Chem. Soc."),
                ("date", "2011,"),
            ],
            {"author": "A. Smith, B. Jones,", "journal": "J. Am. Chem. Soc."},
        ),
        (  # ... and after "et al.", before an abbreviated journal read as the title
            [("author", "Benecke G. et al., J."), ("title", "Appl. Cryst."), ("date", "2014,")],
            {"journal": "J. Appl. Cryst.", "title": None},
        ),
        (  # ACS: the year, volume and pages in one segment
            [("author", "Y. Cui,"), ("journal", "Nano Lett."), ("date", "2010, 10, 1979.")],
            {"date": "2010, ", "volume": "10", "pages": ", 1979."},
        ),
        (  # a volume that is a year (Hindawi): twice in one segment before the pages
            [("journal", "Comput Math Methods Med."), ("date", "2012;2012:"), ("pages", "4106.")],
            {"date": "2012;", "volume": "2012:"},
        ),
        (  # ... or between the journal and the pages, the year printed before too
            [
                ("date", "(2012)."),
                ("journal", "Comput Math Methods Med,"),
                ("date", "2012,"),
                ("pages", "410602."),
            ],
            {"date": "(2012).", "volume": "2012,"},
        ),
        (  # ... not when the other year differs ("… by Sykes et al. (2014)" in the title)
            [
                ("date", "(2014)."),
                ("journal", "Proc R Soc B"),
                ("date", "2015,"),
                ("pages", "282."),
            ],
            {"date": "(2014).", "volume": None},
        ),
        (  # ... but a year printed once is the date, and a read volume stays the volume
            [("journal", "Comput Math Methods Med"), ("date", "2012:"), ("pages", "410602.")],
            {"date": "2012:", "volume": None},
        ),
        (
            [
                ("date", "(2012)."),
                ("journal", "J Biol Chem"),
                ("date", "2012;"),
                ("pages", "1-9;"),
                ("volume", "45."),
            ],
            {"date": "(2012).", "volume": "45."},
        ),
        (  # a capital letter ending the title's last sentence opens the journal
            [("title", "Drug delivery to tumour sites. J"), ("journal", "Theor Biol")],
            {"title": "Drug delivery to tumour sites.", "journal": "J Theor Biol"},
        ),
        (  # ... and so does a shortened word
            [("title", "Within the hierarchic medical context. Qual"), ("journal", "Health Res")],
            {"title": "Within the hierarchic medical context.", "journal": "Qual Health Res"},
        ),
        (  # ... not a word of the vocabulary
            [("title", "The unfolding story of stroke. Stroke"), ("journal", "Rehabil")],
            {"title": "The unfolding story of stroke. Stroke", "journal": "Rehabil"},
        ),
        (  # ... not a letter that ends the title's own sentence, nor before a date
            [("title", "Vitamin B"), ("journal", "Nutrients")],
            {"title": "Vitamin B", "journal": "Nutrients"},
        ),
        (
            [("title", "Drug delivery. J"), ("date", "2004.")],
            {"title": "Drug delivery. J"},
        ),
        (  # no journal read: an abbreviated name after the title's last comma is the journal
            [
                ("title", "Treatment burden in heart failure, Curr Opin Support Palliat Care,"),
                ("volume", "7:"),
                ("pages", "3–7."),
            ],
            {
                "title": "Treatment burden in heart failure",
                "journal": "Curr Opin Support Palliat Care,",
            },
        ),
        (  # ... not words of the title
            [("title", "Quantum fields in curved spacetime, Part II"), ("volume", "7:")],
            {"title": "Quantum fields in curved spacetime, Part II", "journal": None},
        ),
        (  # ACS: the volume and its bracketed issue read as the issue
            [("journal", "Phys. Rev. B"), ("date", "2001,"), ("issue", "63 (16),"), ("pages", "9")],
            {"volume": "63 ", "issue": "(16),"},
        ),
        (
            [("volume", "12,"), ("issue", "63 (16),")],
            {"volume": "12,", "issue": "63 (16),"},
        ),
        (  # a title cut after an article takes the journal's first sentence back
            [("title", "Stroke Units: A"), ("journal", "Qualitative Review. Arch Phys Med")],
            {"title": "Stroke Units: A Qualitative Review. ", "journal": "Arch Phys Med"},
        ),
        (  # ... not a title that ends on a word that may end it
            [("title", "Stroke Units."), ("journal", "Qualitative Review. Arch Phys Med")],
            {"title": "Stroke Units.", "journal": "Qualitative Review. Arch Phys Med"},
        ),
        (  # the year read with the journal when no date is read
            [("journal", "BMJ 2000:"), ("volume", "320:"), ("pages", "1246.")],
            {"journal": "BMJ", "date": "2000:", "volume": "320:"},
        ),
        (  # ... but a journal named with a year keeps it when the date is printed
            [("date", "2014."), ("journal", "Periodontol 2000"), ("volume", "66:")],
            {"journal": "Periodontol 2000", "date": "2014."},
        ),
        (  # the volume and the pages read with the journal
            [("title", "A study. –"), ("journal", "BMJ 320: 1246,"), ("date", "2000.")],
            {"journal": "BMJ", "volume": "320: ", "pages": "1246,"},
        ),
        (  # a one-word title read as one more name, with no title read
            [("author", "Hatfull, G. F. Mycobacteriophages."), ("journal", "The Bacteriophages")],
            {"author": "Hatfull, G. F.", "title": "Mycobacteriophages."},
        ),
        (  # ... not a name without its period, nor when a title is read elsewhere
            [("author", "Hatfull, G. F. Mycobacteriophages"), ("journal", "The Bacteriophages")],
            {"author": "Hatfull, G. F. Mycobacteriophages", "title": None},
        ),
        (  # a title's opening comma list read as names
            [
                ("author", "Liao, T. H. & Joung, S. J. Age, Growth, and"),
                ("title", "Reproduction of the Pelagic Thresher Shark."),
            ],
            {
                "author": "Liao, T. H. & Joung, S. J.",
                "title": "Age, Growth, and Reproduction of the Pelagic Thresher Shark.",
            },
        ),
        (  # ... nor a part's number
            [("title", "Fourier integral operators. I."), ("journal", "Acta mathematica,")],
            {"title": "Fourier integral operators. I.", "journal": "Acta mathematica,"},
        ),
        (  # the title's last sentence read with a known journal gives it back
            [
                ("title", "Flora of the Pine Barrens,"),
                ("journal", "New Jersey. Bartonia"),
                ("volume", "44:"),
            ],
            {"title": "Flora of the Pine Barrens, New Jersey.", "journal": "Bartonia"},
        ),
        (  # a month in French read as a note: the date's, and the title's last
            # sentence before the date is the journal
            [
                ("title", "Soigner la nuit (dossier). Soins Aides-soignantes,"),
                ("note", "janvier"),
                ("date", "2009,"),
                ("issue", "n°103."),
            ],
            {
                "title": "Soigner la nuit (dossier).",
                "journal": "Soins Aides-soignantes,",
                "date": "janvier 2009,",
                "note": None,
            },
        ),
        (  # ... not with no title read, when the sentence may as well be names
            [
                ("author", "Lee, K.;"),
                ("journal", "Crossed Wire Junctions. Science"),
                ("date", "2000,"),
            ],
            {"title": None, "journal": "Crossed Wire Junctions. Science"},
        ),
        (  # ... not a journal whose whole name is known ("The Lancet. Oncology")
            [("title", "Tumour growth."), ("journal", "The Lancet. Oncology"), ("volume", "3")],
            {"title": "Tumour growth.", "journal": "The Lancet. Oncology"},
        ),
        (  # a title cut at its comma: the journal's opening sentence is the title's
            [
                ("title", "Building a mound at Spring Point,"),
                ("journal", "Ohio: Ritual Practice and Complexity. Geoarchaeol Q"),
                ("volume", "28:"),
            ],
            {
                "title": "Building a mound at Spring Point, Ohio: Ritual Practice and Complexity.",
                "journal": "Geoarchaeol Q",
            },
        ),
        (  # ... or a journal that opens in lower case ("in North America.")
            [("title", "Harvesting waterfowl"), ("journal", "in Ohio. Trans Midwest Wildl Conf")],
            {"title": "Harvesting waterfowl in Ohio.", "journal": "Trans Midwest Wildl Conf"},
        ),
        (  # ... not a journal whose first sentence opens a journal's name
            [("title", "Spin waves,"), ("journal", "Journal of Physics. Conference Series")],
            {"title": "Spin waves,", "journal": "Journal of Physics. Conference Series"},
        ),
        (  # ... nor when no known name follows and the title does not run on
            [("title", "Soils of the Causses"), ("journal", "South France. Rev Pedol Xyz")],
            {"title": "Soils of the Causses", "journal": "South France. Rev Pedol Xyz"},
        ),
    ],
)
def test_repairs_of_titles_and_journals(
    found: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    repaired = dict(reversed(repair(found)))  # the first segment of each label
    assert {label: repaired.get(label) for label in expected} == expected


def test_tokens_keep_their_offsets_across_runs_of_spaces() -> None:
    text = "Smith  J,\tA title (2001).  Smith J, again."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        *("Smith", "J", ",", "A", "title", "(", "2001", ")", "."),
        *("Smith", "J", ",", "again", "."),
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[9].start == text.index("Smith J, again")


@pytest.mark.parametrize(
    ("text", "title", "journal"),
    [
        (
            "Collectif. Les soins à l’hôpital (dossier). L’Aide-soignante, 2004, 54, 11-19.",
            "Les soins à l’hôpital (dossier)",
            "L’Aide-soignante",
        ),
        (
            "Dupont, F. (1920). J’ai conçu des jeux. La classe, 3, 112-114.",
            "J’ai conçu des jeux",
            "La classe",
        ),
        ("Lee, K. (2003). The ‘junk’ DNA story. Cell, 3(4), 1-4.", "The ‘junk’ DNA story", "Cell"),
    ],
)
def test_an_apostrophe_inside_a_word_is_no_closing_quote(
    text: str, title: str, journal: str
) -> None:
    ref = parse_entry(text, 1, 1, 0)
    assert (ref.title, ref.journal) == (title, journal)


def test_names_end_at_a_colon_only_when_no_title_is_read() -> None:
    titled = [("author", "Li Wenjun: On Rivers."), ("title", "Asian Studies.")]
    assert title_after_names_and_colon(titled) == titled
    one_word = [("author", "Li Wenjun: Rivers."), ("journal", "Asian Studies.")]
    assert title_after_names_and_colon(one_word) == one_word
    sentence = [("author", "The long view of harbours: On Rivers."), ("journal", "Asia.")]
    assert title_after_names_and_colon(sentence) == sentence  # no names before the colon


@pytest.mark.parametrize(
    ("text", "volume", "issue"),
    [
        # German journals: "Jg." (Jahrgang) marks the volume, "Heft" or "H." the issue
        (
            "Brandt, O. (1997): Der Markt im Dorf. Zeitschrift für Volkskunde, Jg. 31, H. 4, "
            "S. 12–30.",
            "31",
            "4",
        ),
        (
            "Vogt, R.: Lehrer im Wandel. In: Pädagogische Rundschau 44 (1990), Heft 2, S. 1-9.",
            "44",
            "2",
        ),
        ("Lenz, T. (2003): Schule ohne Noten. In: Neue Sammlung. 43.Jg. H.3, 246-251", "43", "3"),
        (
            "Mora, P. (1987). Tides of the river. Journal of Lake Studies, Vol. 12, No. 3, "
            "pp. 40-52.",
            "12",
            "3",
        ),
    ],
)
def test_a_marked_issue_is_read_after_its_volume(text: str, volume: str, issue: str) -> None:
    got = parsed(text)
    assert (got["volume"], got["issue"]) == (volume, issue)


@pytest.mark.parametrize(
    ("note", "is_month"),
    [
        ("Mar.", True),
        ("Sept", True),
        ("janvier", True),
        ("Juni,", True),
        ("Decision", False),
        ("Marching", False),
        ("Junk", False),
    ],
)
def test_a_note_before_the_year_joins_the_date_only_when_it_names_a_month(
    note: str, is_month: bool
) -> None:
    found = [("title", "Tidal mills."), ("note", note), ("date", "2009,"), ("pages", "1-9.")]
    joined = [found[0], ("date", f"{note} 2009,"), found[3]]
    assert repair(found) == (joined if is_month else found)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # the closing quote stands after the title's end: the opening one goes, no gap
            "Ward, Ellen. Rivers and Mills: Water Power and Thomas Hale’s “Long Canal”. "
            "Leeds: Moor Press, 1979.",
            "Rivers and Mills: Water Power and Thomas Hale’s Long Canal",
        ),
        (  # "‘" before a decade elides its century: it opens no quote
            "Holt, R., Houses of the ‘60s, The Builders’ Review, vol. 12, 1970, pp. 33-41.",
            "Houses of the ‘60s",
        ),
    ],
)
def test_a_quote_left_open_in_a_title_leaves_no_gap(text: str, title: str) -> None:
    assert parse_entry(text, 1, 1, 0).title == title


_TASK_FORCE = "ACC/AHA Task Force on Practice Guidelines"


@pytest.mark.parametrize(
    ("block", "families"),
    [
        ("Kato, T., & et al.", ["Kato"]),  # "&" before "et al." names no one
        ("Yu Q *, Lin Y*, Berg A, Moss H", ["Yu", "Lin", "Berg", "Moss"]),  # co-first marks
        ("DURAND, Pierre -", ["DURAND"]),
        ("M. Rossi e G.B. Verdi", ["Rossi", "Verdi"]),  # Italian "e" before initials
        ("Ramón y Cajal, S.", ["Ramón y Cajal"]),  # a family name with "y" stays whole
        ("Anna Weber/ Jonas Keller/ Lena Roth", ["Weber", "Keller", "Roth"]),
        ("ACC/AHA Task Force on Practice Guidelines", [_TASK_FORCE]),  # "/" alone joins
        ("Chen HM Wu J Sun XY", ["Chen", "Wu", "Sun"]),  # Vancouver names without commas
        ("Smith J; .; Lee K", ["Smith", "Lee"]),  # an empty part between semicolons
    ],
)
def test_author_lists_in_more_languages_and_with_marks(block: str, families: list[str]) -> None:
    from asrefs.parse.names import parse_authors

    assert [author.family for author in parse_authors(block)[0]] == families
