"""Author–year citations matched to their entries the way author–year styles tell works
apart: the year's letter, the authors as cited, names with particles, three or more
names before "&". Every reference below is made up for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run

LIST = """\
Moreau P, Stein K. 2008. Lipid droplets in yeast. J Cell Sci 121:10–19.

Moreau P, Dubois A, Lenoir C. 2008. Lipid droplets in plants. Plant J 54:20–29.

Smith J. 2009a. Early work on pores. Biophys J 96:1–9.

Smith J. 2009b. Later work on pores. Biophys J 97:11–19.

Le Goff X, Martin B, Petit C. 2010. Spindle checkpoints. Curr Biol 20:30–39.

Gerke J, Lorenz K, Cohen B. 2009. Transcription factors and variation. Science 323:498–501.

Ben Ali Y, Petry S, Muller G. 2011. Lipases of the cell wall. Biochimie 93:40–49.

Chetwood C, St. Clair C, Boyce M. 2012. Corridors and patches. Ecology 93:50–59.
"""


def findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, refs: str = LIST
) -> list[str]:
    """The codes of an offline check of the article with ``body`` and ``refs``, as
    "ref:code"."""
    article = tmp_path / "a.md"
    article.write_text(f"# Study\n\n{body}\n\n## References\n\n{refs}", encoding="utf-8")
    code, out, err = run(
        capsys, "verify", "--offline", "--no-search", "--cache-dir", str(tmp_path / "c"),
        "--format", "json", str(article),
    )  # fmt: skip
    assert code in (0, 1), err
    return [f"{f['ref']}:{f['code']}" for f in json.loads(out)["discrepancies"]]


def cited_until_cut(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, refs: str, citation: str
) -> list[str]:
    """The findings once ``citation`` is cut from ``body``, which alone has none."""
    assert findings(capsys, tmp_path, body, refs) == []
    cut = body.replace(citation, "")
    assert cut != body
    return findings(capsys, tmp_path, cut, refs)


def verify_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str) -> list[str]:
    return [f for f in findings(capsys, tmp_path, body) if f.endswith(":uncited-reference")]


EVERY_FORM = (
    "Droplets were seen (Moreau & Stein, 2008; Moreau et al., 2008). Pores were "
    "described twice (Smith, 2009a; Smith, 2009b), spindles too (Le Goff et al., "
    "2010), and variation was mapped (Gerke, Lorenz & Cohen, 2009). Lipases act "
    "(Ben Ali et al., 2011) along corridors (Chetwood, St. Clair & Boyce, 2012)."
)


def test_every_form_of_author_year_citation_finds_its_entry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert verify_json(capsys, tmp_path, EVERY_FORM) == []


def test_a_citation_beside_a_note_in_one_parenthesis_is_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = EVERY_FORM.replace("(Le Goff", "(see Figure 2; Le Goff")
    assert body != EVERY_FORM
    assert verify_json(capsys, tmp_path, body) == []


def test_a_note_beside_a_citation_is_no_dangling_citation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = "Droplets were seen (Methods, 2008; Moreau & Stein, 2008)."
    assert not [f for f in findings(capsys, tmp_path, body) if f.endswith(":dangling-marker")]


def test_an_entry_no_citation_names_is_still_uncited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = (
        "Droplets were seen (Moreau & Stein, 2008). Pores were described (Smith, 2009a), "
        "spindles too (Le Goff et al., 2010), and variation was mapped "
        "(Gerke, Lorenz & Cohen, 2009)."
    )
    assert sorted(verify_json(capsys, tmp_path, body)) == [
        "2:uncited-reference",
        "4:uncited-reference",
        "7:uncited-reference",
        "8:uncited-reference",
    ]


TWO_WORD_LIST = """\
Aguera y Salas B, Fairhall K. 2003. Spikes in single neurons. Neural Comput 15:1–9.

de Ruyter van Steen R, Bialek W. 1988. Spike trains in flies. Proc R Soc B 234:10–19.

Sterne J, Davey Smith G. 2001. Sifting the evidence. BMJ 322:20–29.

Jiang X, Langille M, Neches R, Elliot M. 2012b. Ocean microbes by factorization. PLoS One 7:e1.

Jiang X, Weitz J, Dushoff J. 2012a. Factorization of metagenomes. J Math Biol 64:30–39.
"""


def test_two_word_family_names_and_every_author_named_find_their_entries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Family names of two words ("Davey Smith", "Aguera y Salas", "de Ruyter van Steen");
    two works "Jiang et al., 2012" told apart by all three names of one of them (PeerJ's
    first citation) and by the letters the entries print, not their order in the list."""
    body = (
        "Neurons spike (Aguera y Salas & Fairhall, 2003) in flies (de Ruyter van Steen & "
        "Bialek, 1988); evidence is sifted (Sterne & Davey Smith, 2001). Microbes were "
        "factorized (Jiang, Weitz & Dushoff, 2012a) in the ocean (Jiang et al., 2012b)."
    )
    cut = " in the ocean (Jiang et al., 2012b)"
    assert cited_until_cut(capsys, tmp_path, body, TWO_WORD_LIST, cut) == ["4:uncited-reference"]


ONE_AUTHOR_LIST = """\
Paninski L, Pillow J, Simoncelli E. 2004. Cascade models of spiking. Neural Comput 16:1–9.

Paninski L. 2004. Estimating cascade models. Network 15:10–19.

Kinney J, Tkačik G, Callan C. 2007. Models of protein binding. Biophys J 92:20–29.
"""


def test_a_single_author_citation_finds_the_single_author_work_of_that_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A citation of one name ("Paninski 2004") is the work Paninski wrote alone, though
    "Paninski et al. 2004" comes first in the list; names with letters beyond Latin-1
    ("Tkačik") are read."""
    body = (
        "Cascades were fitted (Paninski et al. 2004) and estimated (Paninski 2004); "
        "binding was modelled (Kinney, Tkačik & Callan, 2007)."
    )
    assert findings(capsys, tmp_path, body, ONE_AUTHOR_LIST) == []
    alone = body.replace(" and estimated (Paninski 2004)", "")
    assert findings(capsys, tmp_path, alone, ONE_AUTHOR_LIST) == ["2:uncited-reference"]


def test_a_work_of_the_nineteenth_century_is_cited_by_its_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    refs = LIST + "\nGeoffroy S-H. 1812. Tables of primates. Ann Mus Hist Nat 19:156–170.\n"
    body = EVERY_FORM + " Primates were tabled early (Geoffroy, 1812)."
    uncited = [f for f in findings(capsys, tmp_path, body, refs) if "uncited" in f]
    assert uncited == []


def test_citations_not_understood_leave_no_reference_uncited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """MLA's (Author, "Title") citations are not read as markers; a year-like phrase in a
    cited title ("(Lesueur 1818)") cites no entry, so no entry is called uncited."""
    body = (
        'Fins matter (Moreau and Stein, "Lipid droplets in yeast"; Smith, "Early work on '
        'pores (Lesueur 1818)").'
    )
    codes = findings(capsys, tmp_path, body)
    assert not [c for c in codes if c.endswith(":uncited-reference")]
    body = EVERY_FORM.replace("(Ben Ali et al., 2011)", "")
    assert [c for c in findings(capsys, tmp_path, body) if "uncited" in c] == [
        "7:uncited-reference"
    ]


GLUED_LIST = """\
vanEngelsdorp D, Caron D, Hayes J. 2012. Winter losses of honey bee colonies. J Apic Res 51:115–124.

deMenocal PB. 2001. Cultural responses to climate change. Science 292:667–673.

Moreau P, Stein T. 2008. Droplets in flow. Phys Fluids 20:1–9.
"""


def test_a_family_name_with_its_particle_written_on_is_cited_by_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = (
        "Colonies are lost in winter (vanEngelsdorp et al., 2012), as the climate changed"
        " before (deMenocal, 2001); droplets too (Moreau & Stein, 2008)."
    )
    cut = " (deMenocal, 2001)"
    assert cited_until_cut(capsys, tmp_path, body, GLUED_LIST, cut) == ["2:uncited-reference"]


ADDED_NAMES_LIST = """\
Wang J, Li C, Wang E. 2010. Landscapes of gene circuits. Biophys J 98:10–19.

Wang J, Xu L, Wang E, Huang S. 2010. Time's arrow in stem cells. Biophys J 99:29–39.
"""


def test_et_al_is_the_work_with_more_authors_when_the_other_is_named_in_full(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """PeerJ tells two "Wang et al., 2010" apart by naming all three authors of one."""
    body = "Circuits have landscapes (Wang, Li & Wang, 2010) and arrows (Wang et al., 2010)."
    cut = " and arrows (Wang et al., 2010)"
    found = cited_until_cut(capsys, tmp_path, body, ADDED_NAMES_LIST, cut)
    assert found == ["2:uncited-reference"]
