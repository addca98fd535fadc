"""Markdown articles (.md, .markdown) are read as CommonMark, through the command line:
reference entries are what a reader of the rendered page sees (no emphasis, bullets or
link markup), ordered lists carry the numbers the page shows, link targets that are
identifiers count as printed, and line numbers stay those of the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CACHE, REF1, REF5, run, server_args

ZENG = REF1.format(year=2025)
ZENG_TITLE = (
    "Efficacy and safety of mesenchymal stromal cell transplantation in the treatment of "
    "autoimmune and rheumatic immune diseases: a systematic review and meta-analysis of "
    "randomized controlled trials"
)
ZENG_DOI = "https://doi.org/10.1186/s13287-025-04184-x"
ZENG_APA = (
    "Zeng, L., Liu, C., Wu, Y., Liu, S., Zheng, Y., Hao, W., Wang, D., & Sun, L. (2025). "
    f"{ZENG_TITLE}. {{journal}}, {{volume}}(1), 65. {ZENG_DOI}"
)
HETTA = (
    "Hetta, H.F., Elsaghir, A., Sijercic, V.C., Ahmed, A.K., Gad, S.A., Zeleke, M.S., "
    "Alanazi, F.E. and Ramadan, Y.N. (2025), Clinical Progress in Mesenchymal Stem Cell "
    "Therapy: A Focus on Rheumatic Diseases. Immunity, Inflammation and Disease, 13: e70189. "
    "https://doi.org/10.1002/iid3.70189"
)
LIU = (
    "Liu WJ, Wang JX, Li QF, Zhang YH, Ji PF, Jin JH, Zhang YB, Yuan ZH, Feng P, Wu YF, Shen HY, "
    "Wang P. Fat mass and obesity-associated protein in mesenchymal stem cells inhibits "
    "osteoclastogenesis via lnc NORAD/miR-4284 axis in ankylosing spondylitis. World J Stem "
    "Cells. 2025 Mar 26;17(3):98911. doi: 10.4252/wjsc.v17.i3.98911. PMID: 40160686; "
    "PMCID: PMC11947893."
)
BODY = "# Notes\n\nStromal cells were safe [1], progress was reviewed [2] and so on [3].\n\n"


def _write(name: str, text: str) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


def _parse(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "parse", "--format", "json", str(path))
    assert code == 0, err
    references: list[dict[str, Any]] = json.loads(out)["references"]
    return references


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, "verify", "--format", "json", *args)
    assert code in (0, 1), err
    report: dict[str, Any] = json.loads(out)
    return code, report


def _offline(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, Any]]:
    return _verify(capsys, "--offline", "--cache-dir", str(CACHE), str(path))


def _line_of(path: Path, needle: str) -> int:
    """The 1-based line of the file on which ``needle`` is printed."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# --- emphasis -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "journal", "volume", "number"),
    [
        pytest.param(
            ZENG_APA.format(journal="*Stem Cell Research & Therapy*", volume="*16*"),
            "Stem Cell Research & Therapy",
            "16",
            "65",
            id="apa-asterisks",
        ),
        pytest.param(
            ZENG_APA.format(journal="_Stem Cell Research & Therapy_", volume="_16_"),
            "Stem Cell Research & Therapy",
            "16",
            "65",
            id="apa-underscores",
        ),
        pytest.param(
            f"1. Zeng, L. et al. {ZENG_TITLE}. *Stem Cell Res. Ther.* **16**, 65 (2025). "
            f"[Article]({ZENG_DOI})",
            "Stem Cell Res. Ther.",
            "16",
            "65",
            id="nature-italic-journal-bold-volume",
        ),
        pytest.param(
            f"[1] Zeng L, Liu C, Wu Y, et al. {ZENG_TITLE}. <i>Stem Cell Res Ther</i>. "
            f"2025;<b>16</b>(1):65. doi:10.1186/s13287-025-04184-x",
            "Stem Cell Res Ther",
            "16",
            "65",
            id="vancouver-html-tags",
        ),
    ],
)
def test_emphasis_is_not_printed_in_the_entry(
    capsys: pytest.CaptureFixture[str], entry: str, journal: str, volume: str, number: str
) -> None:
    path = _write("a.md", f"# Notes\n\nStromal cells were safe [1].\n\n## References\n\n{entry}\n")
    code, report = _offline(capsys, path)
    (reference,) = report["references"]
    parsed = reference["parsed"]
    assert (parsed["journal"], parsed["volume"], parsed["article_number"]) == (
        journal,
        volume,
        number,
    )
    assert reference["status"] == "verified"
    assert [d["code"] for d in report["discrepancies"] if d["origin"] != "text"] == []
    assert code == 0


def test_a_txt_file_is_plain_text_markup_and_all(capsys: pytest.CaptureFixture[str]) -> None:
    entry = ZENG_APA.format(journal="*Stem Cell Research & Therapy*", volume="*16*")
    path = _write("a.txt", f"Stromal cells were safe.\n\nReferences\n\n{entry}\n")
    (reference,) = _parse(capsys, path)
    assert "*Stem Cell Research & Therapy*, *16*(1)" in reference["raw"]


# --- bullets --------------------------------------------------------------------------


@pytest.mark.parametrize("bullet", ["- ", "* ", "+ "])
def test_a_bulleted_list_parses_like_an_unbulleted_one(
    capsys: pytest.CaptureFixture[str], bullet: str
) -> None:
    entries = [ZENG, HETTA, REF5]
    plain = _write("plain.md", BODY + "## References\n\n" + "\n\n".join(entries) + "\n")
    # The list is tight, and the last item goes on over a line that is not indented.
    ke_first, ke_rest = REF5.split(" Front. Immunol.")
    items = [*entries[:2], f"{ke_first}\nFront. Immunol.{ke_rest}"]
    bulleted = _write(
        "bulleted.md", BODY + "## References\n\n" + bullet + f"\n{bullet}".join(items)
    )
    expected = _parse(capsys, plain)
    got = _parse(capsys, bulleted)
    assert [r["parsed"]["authors"][0]["family"] for r in got] == ["Zeng", "Hetta", "Ke"]
    for mine, theirs in zip(got, expected, strict=True):
        for key in ("index", "label", "parsed", "identifiers", "raw"):
            assert mine[key] == theirs[key], key
    assert [r["line"] for r in got] == [_line_of(bulleted, e[:30]) for e in entries]


def test_bulleted_items_in_the_body_stay_apart(capsys: pytest.CaptureFixture[str]) -> None:
    """Each item is its own paragraph: a date or journal in one item is not claimed for
    the marker of the other."""
    text = (
        "# Notes\n\nRecent work:\n\n"
        "- A meta-analysis of stromal cells was published on 11 February 2025 [1]\n"
        "- A review of cell therapies appeared in Frontiers in Immunology in July 2025 [2]\n\n"
        f"## References\n\n1. {ZENG}\n2. {REF5}\n"
    )
    _code, report = _offline(capsys, _write("a.md", text))
    claims = {(c["ref"], c["kind"], c["value"]) for c in report["claims"]}
    assert (1, "date", "2025-02-11") in claims
    assert (2, "journal", "Frontiers in Immunology") in claims
    assert {c for c in claims if c[0] == 1} == {(1, "date", "2025-02-11")}
    assert "journal-claim-mismatch" not in [d["code"] for d in report["discrepancies"]]


# --- ordered lists --------------------------------------------------------------------


def test_lazy_list_numbers_are_the_numbers_the_page_shows(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    """ "1." "1." "1." is shown 1, 2, 3: no repeated numbers, every marker has its entry."""
    entries = "".join(f"1. {e}\n" for e in (ZENG, LIU, REF5))
    path = _write("a.md", BODY + "## References\n\n" + entries)
    code, report = _verify(capsys, *server_args(registry, tmp_path), str(path))
    references = report["references"]
    assert [(r["index"], r["label"]) for r in references] == [(1, "1."), (2, "2."), (3, "3.")]
    assert [r["line"] for r in references] == [7, 8, 9]
    assert [d["code"] for d in report["discrepancies"] if d["origin"] == "list"] == []
    assert [r["status"] for r in references] == ["verified"] * 3
    assert code == 0


def test_an_item_that_prints_its_own_number_keeps_it(capsys: pytest.CaptureFixture[str]) -> None:
    path = _write("a.md", BODY + "## References\n\n1. [1] " + ZENG + "\n2. [2] " + HETTA + "\n")
    assert [r["label"] for r in _parse(capsys, path)] == ["[1]", "[2]"]


# --- links ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "kind", "value"),
    [
        (f"[Link]({ZENG_DOI})", "doi", "10.1186/s13287-025-04184-x"),
        (f'<a href="{ZENG_DOI}">doi</a>', "doi", "10.1186/s13287-025-04184-x"),
        (f"<{ZENG_DOI}>", "doi", "10.1186/s13287-025-04184-x"),
        ("[PubMed](https://pubmed.ncbi.nlm.nih.gov/39934871/)", "pmid", "39934871"),
        (
            "[PMC free article](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11947893/)",
            "pmcid",
            "PMC11947893",
        ),
    ],
    ids=["markdown-link", "html-link", "autolink", "pubmed-link", "pmc-link"],
)
def test_a_link_target_is_a_printed_identifier(
    capsys: pytest.CaptureFixture[str], tail: str, kind: str, value: str
) -> None:
    entry = f"1. Zeng, L. et al. {ZENG_TITLE}. *Stem Cell Res Ther* **16**, 65 (2025). {tail}"
    path = _write("a.md", f"Stromal cells [1].\n\n## References\n\n{entry}\n")
    (reference,) = _parse(capsys, path)
    assert reference["identifiers"][kind] == value
    assert (reference["parsed"]["journal"], reference["parsed"]["volume"]) == (
        "Stem Cell Res Ther",
        "16",
    )
    assert "Link" not in reference["raw"] and "<" not in reference["raw"]


def test_a_linked_title_keeps_its_text_and_gives_its_identifier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = (
        f"1. Zeng L, Liu C, Wu Y, et al. [{ZENG_TITLE}]({ZENG_DOI}). Stem Cell Res Ther. "
        "2025;16:65."
    )
    path = _write("a.md", f"Stromal cells [1].\n\n## References\n\n{entry}\n")
    (reference,) = _parse(capsys, path)
    assert reference["identifiers"]["doi"] == "10.1186/s13287-025-04184-x"
    assert reference["parsed"]["title"] == ZENG_TITLE


def test_a_wrong_volume_in_an_entry_ending_with_a_link_is_caught(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = (
        f"1. Zeng, L. et al. {ZENG_TITLE}. *Stem Cell Res Ther* **61**, 65 (2025). "
        f"[Link]({ZENG_DOI})"
    )
    path = _write("a.md", f"# Notes\n\nStromal cells [1].\n\n## References\n\n{entry}\n")
    code, report = _offline(capsys, path)
    (finding,) = [d for d in report["discrepancies"] if d["origin"] == "reference"]
    assert (finding["code"], finding["found"], finding["expected"]) == (
        "volume-mismatch",
        "61",
        "16",
    )
    assert finding["line"] == _line_of(path, "**61**")
    assert code == 1


# --- line numbers ---------------------------------------------------------------------


def test_lines_are_the_files_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """Blocks that show fewer lines than they take (a comment, a table's rule, a fence, a
    setext heading, a wrapped emphasis) do not move what follows them."""
    text = (
        "Stem cells\n==========\n\n"
        "<!-- a comment\n   over two lines -->\n\n"
        "| trial | patients |\n|---|---|\n| one | 31 |\n\n"
        "```\nsome code\n```\n\n"
        "A meta-analysis in *Stem Cell Research\n"
        "& Therapy*, published on 11 February 2025, found them safe [1].\n\n"
        "References\n----------\n\n"
        f"- {ZENG_APA.format(journal='*Stem Cell Research & Therapy*', volume='**61**')}\n"
        f"- {REF5}\n"
    )
    path = _write("a.md", text)
    _code, report = _offline(capsys, path)
    assert [r["line"] for r in report["references"]] == [
        _line_of(path, "- Zeng"),
        _line_of(path, "- Ke M"),
    ]
    (volume,) = [d for d in report["discrepancies"] if d["code"] == "volume-mismatch"]
    assert volume["line"] == _line_of(path, "**61**")
    date = next(c for c in report["claims"] if c["kind"] == "date")
    assert (date["ref"], date["value"]) == (1, "2025-02-11")
    assert date["line"] == _line_of(path, "11 February 2025")
    assert "dangling-marker" not in [d["code"] for d in report["discrepancies"]]


def test_a_list_with_a_rule_right_under_it_is_not_a_heading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """CommonMark makes "text⏎---" a heading; under a list it is meant as a rule."""
    text = (
        BODY
        + "References\n----------\n\n"
        + f"[1]{ZENG}\n[2]{HETTA}\n[3]{REF5}\n---\nDisclaimer: for information only.\n"
    )
    path = _write("a.md", text)
    references = _parse(capsys, path)
    assert [(r["label"], r["line"]) for r in references] == [("[1]", 8), ("[2]", 9), ("[3]", 10)]
    assert references[0]["parsed"]["authors"][0]["family"] == "Zeng"


# --- link reference definitions -------------------------------------------------------


def test_citation_markers_and_numbered_link_definitions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With definitions "[1]: …" the body's "[1]" is a link on the page: it stays a
    marker, and each definition is an entry of the list."""
    text = (
        "# Notes\n\nStromal cells were safe [1] and cell therapies reviewed [2].\n\n"
        "## References\n\n"
        f'[1]: {ZENG_DOI} "{ZENG}"\n'
        '[2]: https://doi.org/10.3389/fimmu.2025.1613502 "Ke M, Liu W, Lu H, Pan X, Wu M, Qi N, '
        "Wang Z, Wu Y and Zhang F (2025) Breaking boundaries in ankylosing spondylitis: how "
        "innovative cell therapies reshape immunity, drive cutting-edge advances, and face "
        'future challenges. Front. Immunol. 16:1613502."\n'
    )
    path = _write("a.md", text)
    code, report = _offline(capsys, path)
    references = report["references"]
    assert [(r["label"], r["line"]) for r in references] == [("[1]", 7), ("[2]", 8)]
    assert [r["identifiers"]["doi"] for r in references] == [
        "10.1186/s13287-025-04184-x",
        "10.3389/fimmu.2025.1613502",
    ]
    assert [r["status"] for r in references] == ["verified", "verified"]
    codes = [d["code"] for d in report["discrepancies"]]
    assert "dangling-marker" not in codes and "uncited-reference" not in codes
    assert code == 0
