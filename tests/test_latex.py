"""LaTeX articles and BibTeX databases, end to end through the command line against the
registry stand-in: a .bib alone, a .tex with its .bib, a thebibliography, a .bbl
compiled by BibTeX, the cleaned .bib ``asrefs bib`` writes, and HALLMARK's entries."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import run, server_args

DATA = Path(__file__).parent / "data" / "latex"
ARTICLE = DATA / "article.tex"
REFS = DATA / "refs.bib"
needs_bibtex = pytest.mark.skipif(
    shutil.which("bibtex") is None, reason="classic bibtex not on PATH (Debian: texlive-binaries)"
)


def _verify(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, *argv: str
) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), *argv
    )
    return code, json.loads(out), err


def _by_code(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for f in report["discrepancies"] if f["code"] == code]


def test_article_with_its_bib(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    code, report, _ = _verify(capsys, registry, tmp_path, str(ARTICLE))
    assert code == 1
    refs = report["references"]
    assert len(refs) == 30
    assert all(r["source"] == str(REFS) and r["fields_from"] == "bibtex" for r in refs)
    keys = {r["index"]: r["key"] for r in refs}
    assert keys[1] == "vanderpluijm2006impaired" and refs[0]["line"] == 3
    status = {r["key"]: r["status"] for r in refs}
    for key in ("rivera2024gwas", "lieber1997growth", "arya2003accurate", "iwasa2020phase"):
        assert status[key] == "verified", key
    # 30 keys cited; two name no entry, two entries are cited by no command (one only
    # in a comment)
    dangling = _by_code(report, "dangling-marker")
    assert sorted(f["found"] for f in dangling) == [
        r"\citep{doe2020ghost}",
        r"\cite{smith2019missing}",
    ]
    assert {f["line"] for f in dangling} == {29}
    uncited = {keys[f["ref"]] for f in _by_code(report, "uncited-reference")}
    assert uncited == {"norman2024general", "karatayev2021grazer"}


def test_fix_is_the_corrected_entry(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    _, report, _ = _verify(capsys, registry, tmp_path, str(ARTICLE))
    [title] = _by_code(report, "title-mismatch")
    assert title["line"] == 36
    fix = title["fix"]
    assert fix.startswith("@article{tosatto2015singlemolecule,")
    assert "title = {Single-molecule {FRET} studies on alpha-synuclein oligomerization" in fix
    assert "month = nov" in fix and "doi = {10.1038/srep16696}" in fix  # the user's fields
    [year] = _by_code(report, "year-mismatch")
    assert year["fix"].startswith("@article{stravopodis2009human,")
    assert "year = {2009}" in year["fix"] and "2008" not in year["fix"]


def test_bib_alone(capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path) -> None:
    code, report, _ = _verify(capsys, registry, tmp_path, str(REFS))
    assert code == 1
    assert len(report["references"]) == 30
    codes = {f["code"] for f in report["discrepancies"]}
    assert {"title-mismatch", "year-mismatch"} <= codes
    assert not codes & {"uncited-reference", "dangling-marker"}  # a .bib has no text
    code, out, _ = run(
        capsys, "verify", "--format", "github", *server_args(registry, tmp_path), str(ARTICLE)
    )
    assert f"::error file={REFS},line=36,title=title-mismatch" in out
    assert f"::error file={ARTICLE},line=29,title=dangling-marker" in out


def test_reports_name_the_bib(
    capsys: pytest.CaptureFixture[str],
    registry: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DATA)
    args = (*server_args(registry, tmp_path), "article.tex")
    _, text, _ = run(capsys, "verify", *args)
    assert "refs.bib, line 36: @article{tosatto2015singlemolecule," in text
    assert "title-mismatch (refs.bib, line 36)" in text
    _, markdown, _ = run(capsys, "verify", "--format", "markdown", *args)
    assert "| `title-mismatch` | 4 | refs.bib:36 |" in markdown
    _, sarif, _ = run(capsys, "verify", "--format", "sarif", *args)
    located = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in json.loads(sarif)["runs"][0]["results"]
    }
    assert ("title-mismatch", "refs.bib") in located
    assert ("dangling-marker", "article.tex") in located


def test_bib_flag_adds_a_bib(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    tex = tmp_path / "note.tex"
    tex.write_text("\\documentclass{article}\nAs shown \\cite{lieber1997growth}.\n")
    code, report, _ = _verify(capsys, registry, tmp_path, "--bib", str(REFS), str(tex))
    assert code == 1  # the .bib's own errors
    assert len(report["references"]) == 30
    assert not _by_code(report, "dangling-marker")
    assert len(_by_code(report, "uncited-reference")) == 29


THEBIBLIOGRAPHY = r"""\documentclass{article}
\begin{document}
Growth hormone secretagogues \cite{lieber} and FRET studies \cite{tosatto,nobody}.
\begin{thebibliography}{9}
\bibitem{lieber} R.~L. Lieber, T.~M. Jacks, R.~L. Mohler, et~al.
\newblock Growth hormone secretagogue increases muscle strength during remobilization
  after canine hindlimb immobilization.
\newblock \emph{Journal of Orthopaedic Research}, 15(4):519--527, 1997.
\newblock \doi{10.1002/jor.1100150407}.

\bibitem{tosatto} L.~Tosatto, M.~H. Horrocks, et~al.
\newblock Single-molecule {FRET} studies on alpha-synuclein oligomerization of
  {P}arkinson's disease genetically related mutants.
\newblock \emph{Scientific Reports}, 5:16696, 2015.
\newblock \doi{10.1038/srep16696}.
\end{thebibliography}
\end{document}
"""


def test_thebibliography(capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path) -> None:
    tex = tmp_path / "inline.tex"
    tex.write_text(THEBIBLIOGRAPHY)
    code, report, _ = _verify(capsys, registry, tmp_path, str(tex))
    refs = report["references"]
    assert [(r["key"], r["line"], r["status"]) for r in refs] == [
        ("lieber", 5, "verified"),
        ("tosatto", 11, "verified"),
    ]
    assert refs[0]["parsed"]["journal"] == "Journal of Orthopaedic Research"
    assert [f["found"] for f in _by_code(report, "dangling-marker")] == [r"\cite{tosatto,nobody}"]
    assert code == 1


@needs_bibtex
def test_bbl_compiled_by_bibtex(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    shutil.copy(REFS, tmp_path / "refs.bib")
    (tmp_path / "doc.aux").write_text(
        "\\citation{lieber1997growth}\n\\citation{stravopodis2009human}\n"
        "\\bibstyle{plain}\n\\bibdata{refs}\n"
    )
    subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, check=True, timeout=60)
    _, report, _ = _verify(capsys, registry, tmp_path, str(tmp_path / "doc.bbl"))
    refs = {r["key"]: r for r in report["references"]}
    assert set(refs) == {"lieber1997growth", "stravopodis2009human"}
    lieber, stravopodis = refs["lieber1997growth"], refs["stravopodis2009human"]
    assert lieber["identifiers"]["doi"] is None  # the plain style prints no DOI
    assert lieber["suggested"]["doi"] == "10.1002/jor.1100150407"  # found by search
    assert (lieber["line"], lieber["parsed"]["pages"]) == (3, "519–527")
    assert stravopodis["parsed"]["journal"] == "International Journal of Oncology"
    assert stravopodis["parsed"]["year"] == 2008


@needs_bibtex
def test_bib_command_writes_a_clean_bib(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    source = tmp_path / "mine.bib"
    source.write_text(
        REFS.read_text()
        .split("@article{arya2003accurate")[0]
        .replace("  number = {3},\n", "  number = {3},\n  keywords = {growth hormone},\n", 1)
    )
    out = tmp_path / "refs.bib"
    code, _, _ = run(capsys, "bib", *server_args(registry, tmp_path), str(source), "-o", str(out))
    assert code == 0
    written = out.read_text()
    for key in (
        "vanderpluijm2006impaired",
        "rivera2024gwas",
        "lieber1997growth",
        "tosatto2015singlemolecule",
    ):
        assert f"{{{key}," in written
    assert "keywords = {growth hormone}" in written
    assert "oligomerization" in written and "aggregation in yeast" not in written  # the record
    assert "{FRET}" in written  # capitals protected
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n")
    bibtex = subprocess.run(
        ["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert bibtex.returncode == 0, bibtex.stdout
    assert "error" not in bibtex.stdout.lower(), bibtex.stdout


def test_hallmark_entries_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", "--format", "json", str(DATA / "hallmark-sample.bib"))
    assert code == 0, err
    refs = json.loads(out)["references"]
    assert len(refs) == 42
    for ref in refs:
        parsed = ref["parsed"]
        assert ref["key"] and parsed["title"] and parsed["authors"] and parsed["year"], ref["key"]
    names = {a["family"] for r in refs for a in r["parsed"]["authors"]}
    assert {"Kübler", "Defferrard", "Kaiser"} <= names  # {\"u}, {\"e}, {\L}ukasz
    assert "\\" not in json.dumps([r["parsed"] for r in refs], ensure_ascii=False)


def test_bibtex_on_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(REFS.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "parse", "--format", "json", "-")
    assert code == 0
    assert len(json.loads(out)["references"]) == 30


BAD_INPUTS = {
    "unbalanced-braces": (
        "refs.bib",
        "@article{a,\n  title = {Open {brace},\n  year = 2020,\n}\n",
        "refs.bib:1: the entry '@article{a,' does not parse: Unexpectedly reached end of file.",
    ),
    "undefined-macro": (
        "refs.bib",
        "@article{a,\n  title = {A},\n  journal = jbiol,\n}\n",
        "refs.bib:3: the macro jbiol is not defined by any @string",
    ),
    "crossref-to-a-missing-key": (
        "refs.bib",
        "@inproceedings{a,\n  title = {A},\n  crossref = {proc2020},\n}\n",
        "refs.bib:1: the entry a has crossref = proc2020, an entry the file does not have",
    ),
    "empty-bib": ("refs.bib", "", "refs.bib: the file is empty"),
    "bib-with-no-entries": ("refs.bib", "% nothing yet\n", "refs.bib: holds no BibTeX entries"),
    "tex-naming-a-missing-bib": (
        "paper.tex",
        "\\documentclass{article}\n\\begin{document}\n\\cite{a}\n\\bibliography{refs,more}\n",
        "paper.tex:4: \\bibliography names refs.bib, which does not exist",
    ),
    "binary-garbage-named-bib": (
        "refs.bib",
        bytes(range(256)) * 16,
        "refs.bib: looks like a binary file, not an article (expected text, HTML, .docx or .pdf)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_latex_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    name, content, message = BAD_INPUTS[case]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "verify", "--offline", name)
    assert (code, out) == (2, "")
    assert err == f"asrefs: error: {message}\n"


def test_duplicate_key_is_a_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a,\n  title = {Growth hormone secretagogue},\n  year = 1997,\n}\n\n"
        "@article{A,\n  title = {Another work entirely},\n  year = 2001,\n}\n"
    )
    code, out, _ = run(capsys, "verify", "--offline", "--format", "json", "--no-search", str(bib))
    [finding] = [f for f in json.loads(out)["discrepancies"] if f["code"] == "duplicate-key"]
    assert (finding["ref"], finding["line"], finding["severity"]) == (2, 6, "error")
    assert "line 1" in finding["message"]
    assert code == 1


def test_the_latex_example_runs_offline(capsys: pytest.CaptureFixture[str]) -> None:
    """README's example: examples/latex/article.tex with the committed cache; it holds a
    wrong year and a key the .bib lacks on purpose, so it ends with 1."""
    from conftest import CACHE, REPO

    example = REPO / "examples" / "latex" / "article.tex"
    code, out, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(example)
    )
    report = json.loads(out)
    assert code == 1, err
    assert report["summary"]["resolved"] == 3
    assert sorted(f["code"] for f in report["discrepancies"]) == [
        "dangling-marker",
        "title-variant",
        "year-mismatch",
    ]


def test_a_folder_checks_a_named_bib_once_with_its_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder holding a .tex and the .bib it names gives one report, the article's; a
    .bib no article names is still checked on its own."""
    from conftest import CACHE, REPO

    folder = tmp_path / "paper"
    shutil.copytree(REPO / "examples" / "latex", folder)
    (folder / "other.bib").write_text((folder / "refs.bib").read_text(encoding="utf-8"))
    code, out, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json",
        str(folder),
    )  # fmt: skip
    assert code == 1, err
    articles = sorted(Path(r["article"]).name for r in json.loads(out)["reports"])
    assert articles == ["article.tex", "other.bib"]
