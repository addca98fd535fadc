"""Tests for asrefs.bibliography: BibTeX, CSL-JSON and RIS export."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string as pybtex_parse

from asrefs.export import (
    FORMATS,
    UNVERIFIED_NOTE,
    bibtex_key,
    bibtex_keys,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from asrefs.models import Author, Identifier, Record, Reference

ZENG_DOI = "10.1186/s13287-025-04184-x"
ZENG_TITLE = (
    "Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of "
    "autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of "
    "randomized controlled trials"
)
INJECTION_TITLE = r"Evil } \ % & $ # _ ^ ~ { title \input{/etc/passwd} \end{document}"


def _ref(index: int, **kw: object) -> Reference:
    return Reference(index=index, raw=f"[{index}] …", line=index, **kw)  # type: ignore[arg-type]


def _record(doi: str, **kw: object) -> Record:
    return Record(source="crossref", identifier=Identifier("doi", doi), doi=doi, **kw)  # type: ignore[arg-type]


ZENG = _record(
    ZENG_DOI,
    title=ZENG_TITLE,
    authors=tuple(
        Author(family, given)
        for family, given in [
            ("Zeng", "Liuting"),
            ("Liu", "Chang"),
            ("Wu", "Yang"),
            ("Liu", "Shuman"),
            ("Zheng", "Yaru"),
            ("Hao", "Wensa"),
            ("Wang", "Dandan"),
            ("Sun", "Lingyun"),
        ]
    ),
    journal="Stem Cell Research & Therapy",
    journal_abbrevs=("Stem Cell Res Ther",),
    issn=("1757-6512",),
    publisher="Springer Science and Business Media LLC",
    type="journal-article",
    year=2025,
    dates=(("online", "2025-02-11"),),
    volume="16",
    issue="1",
    article_number="65",
    url="https://doi.org/10.1186/s13287-025-04184-x",
)

NORAD = _record(
    "10.1038/s41419-023-05800-2",
    title=(
        "Fat mass and obesity-associated protein promotes osteogenic differentiation of "
        "MSCs via the lnc NORAD/miR-4284 axis: a study of PD-L1 and RNA in Müller cells"
    ),
    authors=(
        Author("Müller", "Jörg"),
        Author("Zhang", "Wei"),
        Author("STEM Consortium", collective=True),
    ),
    journal="Cell Death & Disease",
    type="journal-article",
    year=2023,
    dates=(("print", "2023-05"), ("online", "2023-04-20")),
    volume="14",
    issue="5",
    pages="300–312",
)

INJECTION = _record(
    "10.5555/evil",
    title=INJECTION_TITLE,
    authors=(Author(r"Hacker\def\x{1}", "Eve}"),),
    journal=r"Journal of \LaTeX{} & {Stuff",
    type="journal-article",
    year=2020,
    volume="1",
    issue="2",
    pages="3-4",
)

FALLBACK = _ref(
    4,
    authors=(Author("Li", "Hua"), Author("Chen", "Ming")),
    title="A printed reference that no registry holds",
    journal="Chinese Journal of Things",
    year=2019,
    volume="12",
    issue="3",
    pages="45-50",
)

ITEMS: list[tuple[Reference, Record | None]] = [
    (_ref(1, doi=ZENG_DOI), ZENG),
    (_ref(2), NORAD),
    (_ref(3), INJECTION),
    (FALLBACK, None),
]

ZENG_BIB = r"""@article{zeng2025efficacy,
    author = {Zeng, Liuting and Liu, Chang and Wu, Yang and Liu, Shuman and Zheng, Yaru and Hao, Wensa and Wang, Dandan and Sun, Lingyun},
    title = {Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of randomized controlled trials},
    journal = {Stem Cell Research \& Therapy},
    year = {2025},
    month = feb,
    volume = {16},
    number = {1},
    pages = {65},
    eid = {65},
    publisher = {Springer Science and Business Media LLC},
    issn = {1757-6512},
    doi = {10.1186/s13287-025-04184-x},
    url = {https://doi.org/10.1186/s13287-025-04184-x}
}
"""  # noqa: E501


def _fields_pybtex(text: str) -> dict[str, dict[str, str]]:
    data = pybtex_parse(text, "bibtex")
    out: dict[str, dict[str, str]] = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): str(v) for k, v in entry.fields.items()}
        if "author" in entry.persons:
            fields["author"] = " and ".join(str(p) for p in entry.persons["author"])
        out[key] = fields
    return out


def _fields_bibtexparser(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return {e.key: {f.key.lower(): str(f.value) for f in e.fields} for e in library.entries}


# --- BibTeX -----------------------------------------------------------------------


def test_bibtex_golden_entry() -> None:
    assert to_bibtex([(_ref(1), ZENG)]) == ZENG_BIB


def test_bibtex_round_trips_through_pybtex_and_bibtexparser() -> None:
    text = to_bibtex(ITEMS)
    by_pybtex = _fields_pybtex(text)
    by_parser = _fields_bibtexparser(text)
    assert (
        list(by_pybtex)
        == list(by_parser)
        == [
            "zeng2025efficacy",
            "muller2023fat",
            "hackerdefx2020evil",
            "li2019printed",
        ]
    )
    compared = ("author", "title", "journal", "year", "volume", "number", "pages", "eid", "doi")
    for key in by_pybtex:
        for name in compared:
            assert by_pybtex[key].get(name) == by_parser[key].get(name), (key, name)
    zeng = by_parser["zeng2025efficacy"]
    assert zeng["author"].startswith("Zeng, Liuting and Liu, Chang and ")
    assert zeng["journal"] == r"Stem Cell Research \& Therapy"
    assert (zeng["year"], zeng["volume"], zeng["number"]) == ("2025", "16", "1")
    assert zeng["month"] == "feb"  # BibTeX's month macro
    assert by_pybtex["zeng2025efficacy"]["month"] == "February"  # the macro, expanded
    assert (zeng["pages"], zeng["eid"], zeng["doi"]) == ("65", "65", ZENG_DOI)
    norad = by_parser["muller2023fat"]
    assert norad["pages"] == "300--312"
    assert norad["month"] == "apr"  # no "issued" date: the earlier of online and print
    assert norad["author"] == "Müller, Jörg and Zhang, Wei and {STEM Consortium}"


def test_fallback_reference_is_marked_unverified() -> None:
    fields = _fields_bibtexparser(to_bibtex(ITEMS))
    assert fields["li2019printed"]["annote"] == UNVERIFIED_NOTE
    assert "note" not in fields["li2019printed"]  # a note would be printed in the paper
    assert fields["li2019printed"]["pages"] == "45--50"
    assert fields["li2019printed"]["journal"] == "Chinese Journal of Things"
    assert "annote" not in fields["zeng2025efficacy"]


_ALLOWED_ESCAPES = re.compile(
    r"\{\\text(?:backslash|braceleft|braceright|asciicircum|asciitilde|less|greater|bar)\}"
    r"|\\[%&$#_]"
)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("ascii_only", [False, True])
def test_injection_is_inert_and_balanced(ascii_only: bool) -> None:
    text = to_bibtex([(_ref(3), INJECTION)], ascii_only=ascii_only)
    assert _balanced(text)
    for parse in (_fields_pybtex, _fields_bibtexparser):
        fields = parse(text)["hackerdefx2020evil"]
        for name in ("title", "journal", "author"):
            value = fields[name]
            assert _balanced(value), (name, value)
            rest = _ALLOWED_ESCAPES.sub("", value)
            assert "\\" not in rest, (name, value)  # every backslash is one of ours
    title = _fields_bibtexparser(text)["hackerdefx2020evil"]["title"]
    assert r"{\textbackslash}input{\textbraceleft}/etc/passwd{\textbraceright}" in title
    assert r"\input{" not in title
    assert r"\end{" not in title
    # undoing the escapes gives the original title back
    undo = {
        r"{\textbackslash}": "\\",
        r"{\textbraceleft}": "{",
        r"{\textbraceright}": "}",
        r"{\textasciicircum}": "^",
        r"{\textasciitilde}": "~",
    }
    restored = re.sub(r"\\([%&$#_])", r"\1", title)
    for escaped, raw in undo.items():
        restored = restored.replace(escaped, raw)
    assert restored == INJECTION_TITLE


def test_doi_and_url_are_percent_encoded_not_escaped() -> None:
    rec = _record("10.1002/(SICI)1097_x{evil}\\", title="T", year=2000, journal="J")
    fields = _fields_bibtexparser(to_bibtex([(_ref(1), rec)]))
    entry = next(iter(fields.values()))
    assert entry["doi"] == "10.1002/(SICI)1097_x%7Bevil%7D%5C"
    assert entry["url"].startswith("https://doi.org/10.1002/(SICI)1097_x%7Bevil%7D%5C")


def _bibtex_run(tmp_path: Path, bib: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    return subprocess.run(
        ["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(
    shutil.which("bibtex") is None,
    reason="classic bibtex not on PATH (Debian: texlive-binaries, plain.bst in texlive-base)",
)
@pytest.mark.parametrize("ascii_only", [False, True])
def test_real_bibtex_plain_style_has_no_warnings(tmp_path: Path, ascii_only: bool) -> None:
    run = _bibtex_run(tmp_path, to_bibtex(ITEMS, ascii_only=ascii_only))
    log = run.stdout + run.stderr
    assert run.returncode == 0, log
    assert "Warning" not in log and "error" not in log.lower(), log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert r"{\textbackslash}input{\textbraceleft}/etc/passwd{\textbraceright}" in bbl
    assert r"\input{" not in bbl
    assert "16(1):65, February 2025" in bbl  # the article number as the locator; the month
    assert "{NORAD/miR-4284}" in bbl
    assert "li2019printed" in bbl and UNVERIFIED_NOTE not in bbl  # annote is never printed
    assert "ASCII" not in bbl


def test_bibtex_is_deterministic_lf_and_ends_with_one_newline() -> None:
    first = to_bibtex(ITEMS)
    assert first == to_bibtex(list(ITEMS))
    assert "\r" not in first
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert to_bibtex([]) == ""


# --- keys -------------------------------------------------------------------------


def test_key_from_family_year_and_first_significant_word() -> None:
    assert bibtex_key(_ref(1), ZENG) == "zeng2025efficacy"
    rec = _record(
        "10.1/a",
        title="The role of α-SMA in an on-off switch",
        authors=(Author("van der Berg-Øster", "Anna"),),
        year=2021,
    )
    assert bibtex_key(_ref(1), rec) == "vanderbergoster2021role"
    assert bibtex_key(_ref(1), _record("10.1/b", title="On the of", year=2020)) == "anon2020"
    assert bibtex_key(_ref(7), None) == "ref7"
    collective = _record(
        "10.1/c", title="Guidelines", authors=(Author("The PRISMA Group", collective=True),)
    )
    assert bibtex_key(_ref(1), collective) == "prismaguidelines"
    # the reference is used only when there is no record
    assert bibtex_key(FALLBACK, None) == "li2019printed"
    assert bibtex_key(FALLBACK, ZENG) == "zeng2025efficacy"


def test_duplicate_keys_get_suffixes_in_list_order() -> None:
    other = _record("10.1/z", title="Efficacy of something else", authors=ZENG.authors, year=2025)
    items: list[tuple[Reference, Record | None]] = [
        (_ref(1), ZENG),
        (_ref(2), NORAD),
        (_ref(3), other),
        (_ref(4), ZENG),
    ]
    assert bibtex_keys(items) == [
        "zeng2025efficacya",
        "muller2023fat",
        "zeng2025efficacyb",
        "zeng2025efficacyc",
    ]
    # a suffixed key never collides with another entry's own key
    clash = _record("10.1/y", title="Efficacya", authors=ZENG.authors, year=2025)
    keys = bibtex_keys([(_ref(1), ZENG), (_ref(2), ZENG), (_ref(3), clash)])
    assert keys == ["zeng2025efficacyb", "zeng2025efficacyc", "zeng2025efficacya"]
    assert len(set(bibtex_keys([(_ref(i), ZENG) for i in range(30)]))) == 30


# --- titles -----------------------------------------------------------------------


def _title(title: str, ascii_only: bool = False) -> str:
    rec = _record("10.1/t", title=title, year=2000, journal="J", authors=(Author("X", "Y"),))
    fields = _fields_bibtexparser(to_bibtex([(_ref(1), rec)], ascii_only))
    return next(iter(fields.values()))["title"]


def test_acronyms_and_proper_nouns_are_protected() -> None:
    assert _title(NORAD.title or "") == (
        "Fat mass and obesity-associated protein promotes osteogenic differentiation of "
        "{MSCs} via the lnc {NORAD/miR-4284} axis: a study of {PD-L1} and {RNA} in "
        "{Müller} cells"
    )
    # sentence case: a capitalised word after a colon starts a subtitle, not a name
    assert _title("Stem cells: Results from China") == "Stem cells: Results from {China}"
    # Title Case: ordinary capitalised words are left for the style to re-case
    assert _title("The Structure of Ordinary Water and NMR Data") == (
        "The Structure of Ordinary Water and {NMR} Data"
    )
    # ALL CAPS titles are not braced word by word (unlike Crossref's own BibTeX)
    assert _title("EVOLUTIONARY DIVERGENCES IN LEAF STRUCTURE") == (
        "EVOLUTIONARY DIVERGENCES IN LEAF STRUCTURE"
    )
    # a protected word starting with an escape gets a second level of braces
    assert _title("Effects of &ABC on cells") == r"Effects of {{\&ABC}} on cells"


# --- ASCII mode -------------------------------------------------------------------


def test_ascii_mode_uses_latex_accents_and_marks_dropped_characters() -> None:
    rec = _record(
        "10.1/u",
        title="Über α-Synuclein in Zürich – naïve T cells, 5 µm, 37 °C, 中文题目",
        authors=(Author("Müller", "José"), Author("Łukasiewicz", "Ćwir"), Author("王", "小明")),
        journal="Ærztliche Œuvres",
        year=2024,
    )
    text = to_bibtex([(_ref(1), rec)], ascii_only=True)
    assert text.isascii()
    entry = next(iter(_fields_bibtexparser(text).values()))
    assert entry["title"] == (
        r"{\"U}ber {{$\alpha$}-Synuclein} in {Z{\"u}rich} -- na{\"{\i}}ve {T} cells, "
        r"5 {$\mu$}m, 37 {{$^{\circ}$}C,} [?]"
    )
    assert entry["author"] == (r"M{\"u}ller, Jos{\'e} and {\L}ukasiewicz, {\'C}wir and [?], [?]")
    assert entry["journal"] == r"{\AE}rztliche {\OE}uvres"
    assert entry["annote"] == "Characters with no ASCII form are shown as [?]"
    # UTF-8 mode keeps the characters and adds no remark
    utf8 = next(iter(_fields_bibtexparser(to_bibtex([(_ref(1), rec)])).values()))
    assert "中文题目" in utf8["title"] and "annote" not in utf8
    assert utf8["author"].startswith("Müller, José and Łukasiewicz, Ćwir and 王, 小明")


# --- entry types ------------------------------------------------------------------


def test_entry_types() -> None:
    preprint = _record(
        "10.1101/2024.01.01.123456",
        title="A preprint",
        type="posted-content",
        publisher="Cold Spring Harbor Laboratory",
        year=2024,
        authors=(Author("Doe", "Jane"),),
    )
    arxiv = _record(
        "10.48550/arXiv.2401.00001", title="An arXiv paper", type="posted-content", year=2024
    )
    chapter = _record(
        "10.1007/978-3-030-00001-1_4",
        title="A chapter",
        type="book-chapter",
        journal="A Book",
        publisher="Springer",
        year=2020,
        volume="3",
        issue="9",
        pages="41-60",
    )
    paper = _record(
        "10.1145/1", title="A paper", type="proceedings-article", journal="Proc. X", year=2019
    )
    book = _record("10.1/book", title="A book", type="monograph", publisher="P", year=2001)
    other = _record("10.1/ds", title="A dataset", type="dataset", year=2002)
    text = to_bibtex(
        [(_ref(i), r) for i, r in enumerate([preprint, arxiv, chapter, paper, book, other])]
    )
    types = re.findall(r"^@(\w+)\{", text, re.MULTILINE)
    assert types == ["misc", "misc", "incollection", "inproceedings", "book", "misc"]
    fields = list(_fields_bibtexparser(text).values())
    assert fields[0]["howpublished"] == "Preprint, Cold Spring Harbor Laboratory"
    assert fields[1]["howpublished"] == "arXiv:2401.00001"
    assert (fields[1]["eprint"], fields[1]["archiveprefix"]) == ("2401.00001", "arXiv")
    assert fields[2]["booktitle"] == "A Book"
    assert fields[2]["pages"] == "41--60"
    assert "number" not in fields[2]  # plain.bst warns on volume + number for chapters
    assert fields[3]["booktitle"] == "Proc. X"
    assert fields[4]["publisher"] == "P"


# --- CSL-JSON ---------------------------------------------------------------------

ZENG_CSL = """[
  {
    "DOI": "10.1186/s13287-025-04184-x",
    "ISSN": "1757-6512",
    "URL": "https://doi.org/10.1186/s13287-025-04184-x",
    "author": [
      {
        "family": "Zeng",
        "given": "Liuting"
      },
      {
        "family": "Liu",
        "given": "Chang"
      }
    ],
    "container-title": "Stem Cell Research & Therapy",
    "container-title-short": "Stem Cell Res Ther",
    "id": "zeng2025efficacy",
    "issue": "1",
    "issued": {
      "date-parts": [
        [
          2025,
          2,
          11
        ]
      ]
    },
    "number": "65",
    "page": "65",
    "publisher": "Springer Science and Business Media LLC",
    "title": "Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of randomized controlled trials",
    "type": "article-journal",
    "volume": "16"
  }
]
"""  # noqa: E501


def _zeng_two_authors() -> Record:
    from dataclasses import replace

    return replace(ZENG, authors=ZENG.authors[:2])


def test_csl_json_golden() -> None:
    assert to_csl_json([(_ref(1), _zeng_two_authors())]) == ZENG_CSL


def test_csl_json_all_items() -> None:
    data = json.loads(to_csl_json(ITEMS))
    assert [d["id"] for d in data] == bibtex_keys(ITEMS)
    assert data[1]["author"][2] == {"literal": "STEM Consortium"}
    assert data[1]["page"] == "300-312"
    assert data[1]["issued"] == {"date-parts": [[2023, 4, 20]]}
    assert data[2]["title"] == INJECTION_TITLE  # plain text, no LaTeX
    assert data[3]["note"] == UNVERIFIED_NOTE
    assert data[3]["type"] == "article-journal"
    assert to_csl_json([]) == "[]\n"


# --- RIS --------------------------------------------------------------------------

ZENG_RIS = """TY  - JOUR
AU  - Zeng, Liuting
AU  - Liu, Chang
TI  - Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of randomized controlled trials
T2  - Stem Cell Research & Therapy
J2  - Stem Cell Res Ther
PY  - 2025
DA  - 2025/02/11/
VL  - 16
IS  - 1
SP  - 65
PB  - Springer Science and Business Media LLC
SN  - 1757-6512
DO  - 10.1186/s13287-025-04184-x
UR  - https://doi.org/10.1186/s13287-025-04184-x
ER  - 
"""  # noqa: E501, W291


def test_ris_golden() -> None:
    assert to_ris([(_ref(1), _zeng_two_authors())]) == ZENG_RIS


def test_ris_all_items() -> None:
    text = to_ris(ITEMS)
    assert "\r" not in text and text.endswith("ER  - \n")
    blocks = text.split("\n\n")
    assert len(blocks) == 4
    assert "SP  - 300\nEP  - 312" in blocks[1]
    assert "AU  - STEM Consortium\n" in blocks[1]
    assert "DA  - 2023/04/20/" in blocks[1]
    assert f"N1  - {UNVERIFIED_NOTE}" in blocks[3]
    assert "DA  -" not in blocks[3]  # year only: PY alone
    pm = _record("10.1/pm", title="T", year=2001, pmid="123", pmcid="PMC9")
    assert "AN  - 123\nC2  - PMC9\n" in to_ris([(_ref(1), pm)])


def test_formats_registry() -> None:
    assert set(FORMATS) == {"bibtex", "csl-json", "ris"}
    for render in FORMATS.values():
        out = render(ITEMS)
        assert out.endswith("\n") and not out.endswith("\n\n")
        assert out == render(ITEMS)


# --- property: any text stays inert ---------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(min_size=1, max_size=60),
    family=st.text(min_size=1, max_size=20),
    ascii_only=st.booleans(),
)
def test_any_text_parses_back_balanced_and_inert(title: str, family: str, ascii_only: bool) -> None:
    rec = _record("10.1/p", title=title, authors=(Author(family, "A"),), journal=title, year=2000)
    text = to_bibtex([(_ref(1), rec)], ascii_only=ascii_only)
    assert _balanced(text)
    if ascii_only:
        assert text.isascii()
    for parse in (_fields_pybtex, _fields_bibtexparser):
        fields = next(iter(parse(text).values()))
        for name in ("title", "journal"):
            value = fields.get(name, "")
            assert _balanced(value)
            rest = _ALLOWED_ESCAPES.sub("", value)
            if ascii_only:
                # accent and symbol commands from the ASCII table are the only others
                rest = re.sub(r"\\(?:[`'^\"~=.uvHdckbr]|[a-zA-Z]+)", "", rest)
            assert "\\" not in rest, value
