"""references.bib at the root is what `asrefs bib --offline` makes of the sample."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from asrefs.cli.main import main
from conftest import REPO, SAMPLE


def test_regenerating_references_bib_gives_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "references.bib"
    code = main(
        ["bib", "--offline", "--cache-dir", str(REPO / "cache"), str(SAMPLE), "-o", str(out)]
    )
    assert code == 3  # four works are not in the cache: written as printed, and said so
    assert out.read_bytes() == (REPO / "references.bib").read_bytes()


def test_records_are_authoritative_and_fallbacks_are_marked() -> None:
    text = (REPO / "references.bib").read_text(encoding="utf-8")
    entries = text.split("\n@")
    assert len(entries) == 7
    # ref 1 comes from the registries: full names, not the printed initials
    assert "Zeng, Liuting and Liu, Chang" in entries[0] and "annote =" not in entries[0]
    # ref 2: PubMed's title drops "via"; the bibliography keeps the publisher's wording
    assert "osteoclastogenesis via lnc" in entries[1]
    # refs 3, 4, 6, 7 have no record: as printed, and said so
    for i in (2, 3, 5, 6):
        assert "Not verified against a registry" in entries[i]
    assert "Hao, X. and Wen, X. and Zhou, L. and others" in entries[5]


@pytest.mark.skipif(
    shutil.which("bibtex") is None, reason="bibtex is not installed (Debian texlive-binaries)"
)
def test_references_bib_compiles_with_bibtex_without_warnings(tmp_path: Path) -> None:
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{references}\n")
    proc = subprocess.run(
        ["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout
    assert "Warning" not in proc.stdout, proc.stdout
    assert (tmp_path / "doc.bbl").read_text().count("\\bibitem") == 7
