"""PDF articles through the command line: the committed example and articles printed to
PDF by headless Chromium (one column; two justified columns with a running header, page
numbers, ligatures and hyphenation) give the references their source gives; bad PDFs
(no text layer, encrypted, damaged, bombs) end with one line and exit status 2.

The rendered PDFs need Debian's chromium (the tests skip, saying why, without it); the
bad ones are written here, by hand or with pypdf.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from asrefs.read import read_article
from asrefs.read.pdf import MAX_PAGE_CONTENT_BYTES, MAX_PAGE_GLYPHS, MAX_PDF_PAGES
from asrefs.read.pdf_layout import Line, assemble, clean
from conftest import CACHE, REF1, SAMPLE, load_script, run

EXAMPLE = SAMPLE.with_suffix(".pdf")
bench = load_script("benchmarks/eval_pdf.py")


def offline(capsys: pytest.CaptureFixture[str], path: Path | str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(path)
    )
    assert out, err
    return code, json.loads(out)


def verdicts(report: dict[str, Any]) -> dict[str, Any]:
    """What a report says about the references, without where the article prints them."""
    return {
        "summary": report["summary"],
        "references": [
            (r["index"], r["label"], r["status"], r["identifiers"], r["parsed"])
            for r in report["references"]
        ],
        "discrepancies": [
            {k: v for k, v in d.items() if k != "line"} for d in report["discrepancies"]
        ],
        "claims": [(c["kind"], c["ref"], c["precision"]) for c in report["claims"]],
    }


def parsed(capsys: pytest.CaptureFixture[str], path: Path | str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "parse", "--format", "json", str(path))
    assert code == 0, err
    return list(json.loads(out)["references"])


# ---------------------------------------------------------------------------
# The committed example: examples/as-stem-cells-2025.pdf


def test_the_example_pdf_gives_the_verdicts_of_the_markdown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code_md, from_md = offline(capsys, SAMPLE)
    code_pdf, from_pdf = offline(capsys, EXAMPLE)
    assert (code_pdf, len(from_pdf["references"])) == (code_md, 7) == (3, 7)
    assert verdicts(from_pdf) == verdicts(from_md)


def test_a_pdf_on_standard_input_is_recognised_by_its_content(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    from_stdin = parsed(capsys, "-")
    assert [r["raw"] for r in from_stdin] == [r["raw"] for r in parsed(capsys, EXAMPLE)]
    assert len(from_stdin) == 7


# ---------------------------------------------------------------------------
# Rendered by Chromium


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if bench.chromium() is None:
        pytest.skip("needs Debian's chromium (/usr/bin/chromium): apt-get install chromium")
    work = tmp_path_factory.mktemp("pdf")
    paths = {"sample": bench.render_pdf(bench.sample_html(), work / "sample.pdf")}
    for name, style in bench.STYLES.items():
        page = bench.two_column_html(bench.rendered_entries(style), numbered="numbered" in name)
        paths[name] = bench.render_pdf(page, work / f"{name}.pdf")
    return paths


def test_the_sample_printed_to_pdf_gives_the_verdicts_of_the_markdown(
    capsys: pytest.CaptureFixture[str], rendered: dict[str, Path]
) -> None:
    fonts = (
        shutil.which("fc-list")
        and subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
    )
    if not fonts:  # without one the sample's Chinese text prints as empty boxes
        pytest.skip("needs a Chinese font for chromium: apt-get install fonts-wqy-microhei")
    code_md, from_md = offline(capsys, SAMPLE)
    code_pdf, from_pdf = offline(capsys, rendered["sample"])
    assert code_pdf == code_md == 3
    assert verdicts(from_pdf) == verdicts(from_md)


@pytest.mark.parametrize("name", ["two-column-numbered", "two-column-author-year"])
def test_two_column_references_are_found_and_parsed_with_their_fields(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rendered: dict[str, Path], name: str
) -> None:
    entries = bench.rendered_entries(bench.STYLES[name])
    text = tmp_path / "list.txt"
    text.write_text("References\n\n" + "\n\n".join(e["text"] for e in entries) + "\n")
    from_pdf, from_text = parsed(capsys, rendered[name]), parsed(capsys, text)
    assert len(from_pdf) == len(entries) == 62
    assert [r["parsed"] for r in from_pdf] == [r["parsed"] for r in from_text]
    assert [r["identifiers"] for r in from_pdf] == [r["identifiers"] for r in from_text]
    assert [r["identifiers"]["doi"] for r in from_pdf] == [
        e["gold"]["doi"].lower() for e in entries
    ]
    if name.endswith("numbered"):
        assert [r["label"] for r in from_pdf] == [f"{n}." for n in range(1, 63)]
    for r in from_pdf:  # no running header, page number or broken word in an entry
        assert bench.HEADER not in r["raw"] and "ﬁ" not in r["raw"], r["raw"]


def test_two_column_body_reads_in_order_with_words_repaired(rendered: dict[str, Path]) -> None:
    text = read_article(str(rendered["two-column-numbered"])).text
    cited = [
        int(n) for n in re.findall(r"^The first study of .* confirmed \[(\d+)\]\.$", text, re.M)
    ]
    assert cited == list(range(1, 63))  # one paragraph each, column after column
    assert not re.search("[\ufb00-\ufb06\u00ad]", text)
    assert bench.HEADER not in text and not re.search(r"(?m)^\d+$", text)
    # soft hyphens at line ends joined, compounds kept
    assert "transplantation" in text and "meta-analysis" in text
    assert "transplanta tion" not in text and "transplanta-tion" not in text


# ---------------------------------------------------------------------------
# Hyphens, running headers and paragraphs, on lines placed by hand


def _paragraph(first: str, second: str, *extra: str) -> str:
    """Two lines of one wrapped paragraph (the first reaches the column's right edge),
    then lines of a paragraph elsewhere on the page that hold ``extra``."""
    lines = [Line(first, 50, 500, 700, 710, 10, 40), Line(second, 50, 300, 688, 698, 10, 60)]
    lines += [Line(t, 50, 200, 600 - 30 * i, 610 - 30 * i, 10, 30) for i, t in enumerate(extra)]
    return assemble([lines]).split("\n\n")[0]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("the effect of regu-", "lation on", "the effect of regulation on"),
        ("a gene regu\u00ad", "lation study", "a gene regulation study"),
        ("in a cell-", "free system", "in a cell-free system"),
        ("and p53-", "independent responses", "and p53-independent responses"),
        ("a Meta-", "Analysis of", "a Meta-Analysis of"),
        ("doi:10.1136/esmoopen-", "2020-000776", "doi:10.1136/esmoopen-2020-000776"),
        ("9(8), 1735–", "1780. https://doi.org", "9(8), 1735–1780. https://doi.org"),
        ("of the treat-", "ment of", "of the treatment of"),
    ],
)
def test_line_end_hyphens_and_ligatures(first: str, second: str, joined: str) -> None:
    assert _paragraph(first, second) == joined


def test_ligatures_and_soft_hyphens_become_letters() -> None:
    assert clean("ﬁrst  eﬀects of ﬂow, eﬃcacy, ﬄuid, gene regu\u00adlation (cid:12)") == (
        "first effects of flow, efficacy, ffluid, gene regulation"
    )


def test_the_article_s_own_words_decide_a_hyphen() -> None:
    # both halves are words, the joined one is not: a compound
    assert _paragraph("a single-", "cell atlas") == "a single-cell atlas"
    assert _paragraph("a dose-", "response curve") == "a dose-response curve"
    # the article's own spelling elsewhere decides
    assert _paragraph("the post-", "operative care", "postoperative pain") == (
        "the postoperative care"
    )
    assert _paragraph("the post-", "operative care", "post-operative pain") == (
        "the post-operative care"
    )


def test_running_headers_and_page_numbers_are_dropped() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]

    def page(number: int) -> list[Line]:
        body = [f"Paragraph {words[3 * (number - 1) + n]}." for n in range(3)]
        return [
            Line("Journal of Tests 2025;1:1-9", 200, 400, 800, 808, 8, 40),
            Line(f"A line as wide as the {words[number]} column.", 50, 400, 750, 760, 10, 30),
            *[Line(t, 50, 150, 700 - 40 * n, 710 - 40 * n, 10, 30) for n, t in enumerate(body)],
            Line(f"{number}", 295, 305, 30, 38, 8, 5),
        ]

    paragraphs = assemble([page(1), page(2), page(3)]).split("\n\n")
    assert [p for p in paragraphs if not p.startswith("A line")] == [
        f"Paragraph {word}." for word in words
    ]
    assert len(paragraphs) == 12


def test_list_numbers_hanging_indents_and_space_start_paragraphs() -> None:
    full, short = 500.0, 300.0
    lines = [
        Line("1. Smith J. A title that fills the", 50, full, 700, 710, 10, 10),
        Line("line. J Test. 2020;1:1.", 62, short, 688, 698, 10, 25),
        Line("2. Jones K. Another title that", 50, full, 676, 686, 10, 10),
        Line("Doe A, Roe B. Unnumbered entry with", 50, full, 640, 650, 10, 25),
        Line("a hanging indent. 2020.", 62, full, 628, 638, 10, 10),
        Line("Poe C. The next entry starts at the", 50, short, 616, 626, 10, 25),
    ]
    assert assemble([lines]).split("\n\n") == [
        "1. Smith J. A title that fills the line. J Test. 2020;1:1.",
        "2. Jones K. Another title that",
        "Doe A, Roe B. Unnumbered entry with a hanging indent. 2020.",
        "Poe C. The next entry starts at the",
    ]


# ---------------------------------------------------------------------------
# Bad PDFs: one line, exit status 2


def _pdf(*objects: bytes) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", *, deflate: bool = False) -> bytes:
    if deflate:
        data, extra = zlib.compress(data), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(resources: bytes = b"<< /Font << /F1 5 0 R >> >>") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2000 842] /Contents 4 0 R /Resources %s >>"
        % resources
    )


def _text_pdf(*lines: str) -> bytes:
    """A one-page PDF that prints ``lines`` in Helvetica, one under the other."""
    shown = b" ".join(
        b"(%s) Tj T*" % line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)")
        for line in lines
    )
    content = b"BT /F1 10 Tf 12 TL 20 780 Td " + shown + b" ET"
    return _pdf(CATALOG, ONE_PAGE, _page(), _stream(content), HELVETICA)


ARTICLE_LINES = ("A study [1].", "", "References", "[1] " + REF1.format(year=2025))


def _encrypted(**how: Any) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf(*ARTICLE_LINES))))
    writer.encrypt(algorithm="AES-128", owner_password="owner", **how)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refused(capsys: pytest.CaptureFixture[str], path: Path, data: bytes) -> str:
    path.write_bytes(data)
    code, out, err = run(capsys, "verify", "--offline", "--cache-dir", str(CACHE), str(path))
    assert (code, out, err.count("\n")) == (2, "", 1), err
    assert err.startswith(f"asrefs: error: {path}: ")
    return err.removeprefix(f"asrefs: error: {path}: ").rstrip("\n")


def test_a_pdf_without_a_text_layer_says_run_ocr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    image = _stream(
        b"\x80" * 4,
        b" /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8",
    )
    scanned = _pdf(
        CATALOG,
        ONE_PAGE,
        _page(b"<< /XObject << /Im1 5 0 R >> >>"),
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        image,
    )
    message = _refused(capsys, tmp_path / "scan.pdf", scanned)
    assert message == "the PDF has no text layer (a scanned PDF?): run OCR first"


def test_a_pdf_with_a_password_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    message = _refused(capsys, tmp_path / "locked.pdf", _encrypted(user_password="secret"))
    assert message == "the PDF is encrypted with a password: save an unprotected copy"


def test_a_pdf_whose_owner_forbids_copying_text_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pypdf.constants import UserAccessPermissions

    data = _encrypted(user_password="", permissions_flag=UserAccessPermissions.PRINT)
    message = _refused(capsys, tmp_path / "no-copy.pdf", data)
    assert message == "the PDF is encrypted and its owner does not allow copying its text"


def test_a_pdf_encrypted_with_an_empty_password_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "open.pdf"
    path.write_bytes(_encrypted(user_password=""))
    code, report = offline(capsys, path)
    assert code == 0
    assert [r["identifiers"]["doi"] for r in report["references"]] == ["10.1186/s13287-025-04184-x"]
    assert report["references"][0]["status"] == "verified"


def test_a_truncated_pdf_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = EXAMPLE.read_bytes()
    message = _refused(capsys, tmp_path / "cut.pdf", data[: len(data) // 20])
    assert message.startswith("cannot read the PDF (damaged or cut short?): ")


def test_a_pdf_header_over_garbage_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    message = _refused(capsys, tmp_path / "bad.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert message.startswith("cannot read the PDF (damaged or cut short?): ")


def test_a_pdf_suffix_on_a_text_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    message = _refused(capsys, tmp_path / "a.pdf", f"References\n\n[1] {REF1}\n".encode())
    assert message == "not a PDF file: it does not start with %PDF-"


def test_a_pdf_of_too_many_pages_is_refused_before_reading_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    count = MAX_PDF_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"
    pages = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)
    message = _refused(capsys, tmp_path / "pages.pdf", _pdf(CATALOG, pages, *[page] * count))
    assert message == f"it has more than {MAX_PDF_PAGES:,} pages, which is not an article; refused"


def test_a_page_that_inflates_past_the_limit_is_refused_before_it_is_inflated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bomb = _stream(b" " * (MAX_PAGE_CONTENT_BYTES + 1024), deflate=True)  # 65 KB on disk
    data = _pdf(CATALOG, ONE_PAGE, _page(), bomb, HELVETICA)
    assert len(data) < 100_000
    message = _refused(capsys, tmp_path / "bomb.pdf", data)
    assert message == (
        "a page's drawing inflates to more than 64 MB, more than an article holds; refused"
    )


def test_a_page_drawing_too_many_glyphs_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    content = _stream(b"BT /F1 1 Tf (" + b"a" * (MAX_PAGE_GLYPHS + 1) + b") Tj ET", deflate=True)
    data = _pdf(CATALOG, ONE_PAGE, _page(), content, HELVETICA)
    message = _refused(capsys, tmp_path / "glyphs.pdf", data)
    assert message == (
        f"a page draws more than {MAX_PAGE_GLYPHS:,} glyphs, "
        "more than an article's page holds; refused"
    )
