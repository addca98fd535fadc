"""``asrefs fix``: the fixes of an article's findings written into a copy of it, through
the command line against the registry stand-in. A Word file gets tracked changes by
"asrefs" and a comment per finding, and opens in LibreOffice; a text file is edited in
place of the entry only; the original is never modified; accepted findings and codes not
chosen are left alone."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from asrefs.read.docx import docx_to_text
from conftest import REF1, REF5, SAMPLE, run, server_args

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REF5_2019 = REF5.replace("(2025)", "(2019)")


def wrong_sample() -> str:
    """The sample with two printed years wrong (references 1 and 5), each fixable."""
    text = SAMPLE.read_text(encoding="utf-8")
    wrong = text.replace("Res Ther 16, 65 (2025)", "Res Ther 16, 65 (2019)")
    wrong = wrong.replace("Zhang F (2025)", "Zhang F (2019)")
    assert wrong.count("(2019)") == 2
    return wrong


def sample_docx(path: Path, text: str | None = None) -> Path:
    """The article as Word writes it with python-docx: a paragraph per line, headings
    with Word's heading styles."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (text or wrong_sample()).split("\n"):
        if line.startswith("#"):
            document.add_heading(line.lstrip("# "), len(line) - len(line.lstrip("#")))
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def docx_parts(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as z:
        comments = (
            z.read("word/comments.xml").decode() if "word/comments.xml" in z.namelist() else ""
        )
        return z.read("word/document.xml").decode(), comments


def test_a_word_file_gets_tracked_changes_and_a_comment_per_finding(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    article = sample_docx(tmp_path / "article.docx")
    before = article.read_bytes()
    out = tmp_path / "fixed.docx"
    code, _, err = run(
        capsys, "fix", *server_args(registry, tmp_path), str(article), "-o", str(out)
    )
    assert code == 1, err  # the claims' findings are noted, not fixed
    assert article.read_bytes() == before
    xml, comments = docx_parts(out)
    deleted = re.findall(r'<w:del w:id="\d+" w:author="asrefs" w:date="[\dT:Z-]+">.*?</w:del>', xml)
    inserted = re.findall(
        r'<w:ins w:id="\d+" w:author="asrefs" w:date="[\dT:Z-]+">.*?</w:ins>', xml
    )
    assert len(deleted) == len(inserted) == 2
    assert all('<w:delText xml:space="preserve">2019</w:delText>' in d for d in deleted)
    assert all(">2025</w:t>" in i for i in inserted)
    assert comments.count("<w:comment ") == xml.count("<w:commentReference ") >= 3
    assert "year-mismatch" in comments and 'w:author="asrefs"' in comments
    # python-docx opens it; read with the changes accepted, the years are corrected
    docx = pytest.importorskip("docx")
    assert len(docx.Document(str(out)).comments) == comments.count("<w:comment ")
    shown = docx_to_text(out.read_bytes())
    assert "Stem Cell Res Ther 16, 65 (2025)" in shown and "(2019)" not in shown
    assert "2 fixes made in 2 references" in err


def test_the_corrected_word_file_opens_in_libreoffice(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("needs LibreOffice Writer (apt-get install libreoffice-writer-nogui)")
    article = sample_docx(tmp_path / "article.docx")
    out = tmp_path / "fixed.docx"
    run(capsys, "fix", *server_args(registry, tmp_path), str(article), "-o", str(out))
    made = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "fixed.pdf"
    assert made.returncode == 0 and pdf.is_file(), made.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_a_markdown_file_is_edited_in_its_entries_only(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    article = tmp_path / "a.md"
    text = wrong_sample()
    article.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "fix", *server_args(registry, tmp_path), str(article))
    fixed = (tmp_path / "a.corrected.md").read_text(encoding="utf-8")
    assert fixed == SAMPLE.read_text(encoding="utf-8")
    assert article.read_text(encoding="utf-8") == text
    # a second run does not replace what the first wrote, unless told to
    code, _, err = run(capsys, "fix", *server_args(registry, tmp_path), str(article))
    assert code == 2 and "--force" in err
    code, _, err = run(capsys, "fix", "--force", *server_args(registry, tmp_path), str(article))
    assert code in (0, 1), err


def test_codes_choose_the_fixes_and_accepted_findings_are_not_applied(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        f"Text [1][2].\n\n## References\n\n[1] {REF1.format(year=2019)}\n[2] {REF5_2019}\n",
        encoding="utf-8",
    )
    args = (*server_args(registry, tmp_path), str(article), "--force")
    run(capsys, "fix", *args, "--code", "title-typo")
    assert (tmp_path / "a.corrected.md").read_text(encoding="utf-8") == article.read_text(
        encoding="utf-8"
    )
    (tmp_path / "asrefs.toml").write_text(
        '[[accept]]\ncode = "year-mismatch"\ndoi = "10.3389/fimmu.2025.1613502"\n'
        'reason = "the print year of this journal"\n',
        encoding="utf-8",
    )
    run(capsys, "fix", *args, "--code", "year-mismatch")
    fixed = (tmp_path / "a.corrected.md").read_text(encoding="utf-8")
    assert "Res Ther 16, 65 (2025)" in fixed and "Zhang F (2019)" in fixed


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fix", "{dir}/a.pdf"], "writes back only"),
        (["fix", "{dir}/a.md", "-o", "{dir}/a.md"], "never writes over"),
        (["fix", "{dir}/a.md", "-o", "{dir}/out.docx"], "the article's kind"),
        (["fix", "{dir}/a.md", "--code", "no-such-code"], "unknown finding code"),
        (["fix", "{dir}/missing.md"], "missing.md"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "a.md").write_text(f"## References\n\n[1] {REF1.format(year=2025)}\n", "utf-8")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    code, out, err = run(capsys, *[a.format(dir=tmp_path) for a in argv], "--offline")
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
