"""Reference-manager exports (RIS, CSL-JSON, EndNote XML) and JATS articles, end to end
through the command line against the registry stand-in.

Each file in tests/data/fielded cites works the stand-in holds; one work is given with a
wrong volume (15 for 16), which must be the one field reported. The exports have no body,
so no reference in them is "uncited"; the JATS article's xrefs are its markers.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CACHE, REPO, TESTS, run, server_args, validate_report

DATA = TESTS / "data" / "fielded"
RIS = DATA / "zotero.ris"
CSL = DATA / "zotero.json"
ENDNOTE = DATA / "endnote.xml"
JATS = DATA / "pmc-article.xml"

ZENG = "10.1186/s13287-025-04184-x"
KE = "10.3389/fimmu.2025.1613502"


def verify(capsys: pytest.CaptureFixture[str], server: Any, tmp: Path, path: str) -> Any:
    code, out, err = run(
        capsys, "verify", "--format", "json", "--fail-on", "never", *server_args(server, tmp), path
    )
    assert code == 0, err
    report = json.loads(out)
    validate_report(report)
    return report


def lines_starting(path: Path, pattern: str) -> list[int]:
    """The file's line numbers (from 1) of the lines matching ``pattern``."""
    text = path.read_text(encoding="utf-8")
    return [n for n, line in enumerate(text.splitlines(), 1) if re.match(pattern, line)]


def codes(report: Any) -> list[tuple[str, int | None]]:
    return sorted((d["code"], d["ref"]) for d in report["discrepancies"])


# ------------------------------------------------------------------------ the exports

EXPORTS = [
    pytest.param(RIS, "ris", r"TY  - ", [None, None], id="ris"),
    pytest.param(
        CSL,
        "csl-json",
        r"\t\{$",
        [f"http://zotero.org/users/local/kQ3nT8aS/items/{k}" for k in ("7XKQ2M9D", "B4N8WQ2E")],
        id="csl-json",
    ),
    pytest.param(ENDNOTE, "endnote", r"<record>", ["12", "15"], id="endnote"),
]


@pytest.mark.parametrize(("path", "fmt", "entry", "keys"), EXPORTS)
def test_an_export_is_checked_field_by_field(
    capsys: pytest.CaptureFixture[str],
    registry: Any,
    tmp_path: Path,
    path: Path,
    fmt: str,
    entry: str,
    keys: list[str | None],
) -> None:
    """Every entry resolves; the wrong volume is the one finding (no "uncited": an export
    has no body); each entry keeps its key and the line it opens on."""
    report = verify(capsys, registry, tmp_path, str(path))
    refs = report["references"]
    by_doi = {r["identifiers"]["doi"]: r for r in refs}
    assert {r["fields_from"] for r in refs} == {fmt}
    assert [r["line"] for r in refs] == lines_starting(path, entry)
    assert [r["key"] for r in refs][:2] == keys
    assert by_doi[ZENG]["status"] == "verified"
    assert by_doi[KE]["status"] == "discrepancies"
    ke = by_doi[KE]["index"]
    assert codes(report) == [("volume-mismatch", ke)]
    (wrong,) = report["discrepancies"]
    assert (wrong["found"], wrong["expected"], wrong["fix"]) == ("15", "16", None)
    authors = by_doi[ZENG]["parsed"]["authors"]
    assert [a["family"] for a in authors] == [
        "Zeng",
        "Liu",
        "Wu",
        "Liu",
        "Zheng",
        "Hao",
        "Wang",
        "Sun",
    ]


def test_exports_exit_1_on_the_wrong_volume(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "verify", *server_args(registry, tmp_path), str(RIS))
    assert (code, err) == (1, "")
    assert "volume-mismatch" in out and "uncited" not in out


def test_a_pubmed_item_in_csl_json_is_verified_by_its_pmid(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    """Zotero's PMID and PMCID variables are read as identifiers."""
    report = verify(capsys, registry, tmp_path, str(CSL))
    item = next(r for r in report["references"] if r["identifiers"]["pmid"])
    assert item["identifiers"] == {
        "doi": "10.4252/wjsc.v17.i3.98911",
        "pmid": "40160686",
        "pmcid": "PMC11947893",
        "arxiv": None,
    }
    assert item["parsed"]["year"] == 2025 and item["parsed"]["month"] == 3
    assert "pubmed" in item["records"]


# ------------------------------------------------------------------------ JATS


def test_a_jats_article_is_checked_with_its_markers_and_claims(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    """Mixed citations are printed text, element citations fields only; the xrefs are
    the markers: a rid with no ref dangles, a ref no xref names is uncited, a dash
    between two xrefs cites the range (ref 2 is cited only so), and the claim the body
    makes about ref 1 (published in March 2025; it was February) is checked, through
    the tags of the paragraph."""
    report = verify(capsys, registry, tmp_path, str(JATS))
    refs = report["references"]
    assert [r["key"] for r in refs] == ["B1", "B2", "B3", "B4"]
    assert [r["label"] for r in refs] == ["1", "2", "3", "4"]
    assert [r["line"] for r in refs] == lines_starting(JATS, r"<ref id=")
    assert [r["fields_from"] for r in refs] == ["jats"] * 4
    assert refs[0]["raw"].startswith("Zeng L, Liu C, Wu Y, et al. Efficacy and safety")
    assert refs[1]["raw"].startswith('<ref id="B2">')
    assert refs[1]["identifiers"]["pmid"] == "40160686"
    assert refs[0]["parsed"]["et_al"] is True
    assert [r["status"] for r in refs[:3]] == ["verified", "verified", "discrepancies"]
    (dangling,) = lines_starting(JATS, r'.*rid="B3 B9"')
    (claim,) = lines_starting(JATS, r".*published in March 2025")
    found = {(d["code"], d["ref"], d["line"]) for d in report["discrepancies"]}
    assert found == {
        ("volume-mismatch", 3, refs[2]["line"]),
        ("dangling-marker", None, dangling),
        ("uncited-reference", 4, refs[3]["line"]),
        ("date-claim-mismatch", 1, claim),
        ("corrected", 4, refs[3]["line"]),  # the registry's record has a correction notice
    }
    marker = next(d for d in report["discrepancies"] if d["code"] == "dangling-marker")
    assert "'B9'" in marker["message"]
    (date,) = report["claims"]
    assert (date["ref"], date["value"], date["line"]) == (1, "2025-03", claim)
    assert "<" not in date["sentence"] and "published in March 2025" in date["sentence"]


# ------------------------------------------------------------------------ the examples


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("library.ris", {"volume-mismatch"}),
        ("library.json", {"volume-mismatch"}),
        ("library-endnote.xml", {"volume-mismatch"}),
        ("article-jats.xml", {"volume-mismatch", "date-claim-mismatch"}),
    ],
)
def test_the_examples_run_offline_from_the_committed_cache(
    capsys: pytest.CaptureFixture[str], name: str, expected: set[str]
) -> None:
    """Every work of examples/inputs is in cache/: all resolve offline, and what is
    reported is the error put there on purpose (exit 1)."""
    path = REPO / "examples" / "inputs" / name
    argv = ["verify", "--offline", "--cache-dir", str(CACHE), "--format", "json", str(path)]
    code, out, err = run(capsys, *argv)
    report = json.loads(out)
    assert (code, err) == (1, "")
    assert report["summary"]["unresolved"] == 0
    assert {d["code"] for d in report["discrepancies"]} == expected


# ------------------------------------------------------------------------ standard input


@pytest.mark.parametrize(
    ("path", "fmt"),
    [(RIS, "ris"), (CSL, "csl-json"), (ENDNOTE, "endnote"), (JATS, "jats")],
    ids=["ris", "csl-json", "endnote", "jats"],
)
def test_standard_input_is_recognised_by_its_content(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path, fmt: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    code, out, err = run(capsys, "parse", "--format", "json", "-")
    assert code == 0, err
    refs = json.loads(out)["references"]
    assert refs and {r["fields_from"] for r in refs} == {fmt}


def test_a_text_article_opening_with_a_bracket_is_still_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "[1] is cited here.\n\nReferences\n\n[1] Zeng L. A title. Stem Cell Res Ther. 2025.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, err = run(capsys, "parse", "--format", "json", "-")
    assert code == 0, err
    assert [r["fields_from"] for r in json.loads(out)["references"]] == [None]


# ------------------------------------------------------------------------ names and keys


def parsed(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str) -> Any:
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "parse", "--format", "json", name)
    assert code == 0, err
    return json.loads(out)["references"]


def test_ris_keys_and_organisational_authors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A RIS ID is the key; an author without a comma is an organisation."""
    text = (
        "TY  - JOUR\nID  - who2020\nAU  - World Health Organization\nAU  - Smith, Jane\n"
        "TI  - A report\nJO  - Bull World Health Organ\nPY  - 2020///\nSP  - 10\nEP  - 19\n"
        "ER  - \n"
    )
    (ref,) = parsed(capsys, tmp_path, "a.ris", text)
    assert ref["key"] == "who2020"
    assert ref["parsed"]["authors"] == [
        {"family": "World Health Organization", "given": None, "collective": True},
        {"family": "Smith", "given": "Jane"},
    ]
    assert (ref["parsed"]["journal"], ref["parsed"]["pages"]) == (
        "Bull World Health Organ",
        "10-19",
    )


def test_csl_literal_names_and_the_items_object(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    items = {
        "items": [
            {
                "id": "who",
                "type": "report",
                "title": "A report",
                "author": [{"literal": "World Health Organization"}],
                "issued": {"date-parts": [[2020, 5]]},
            }
        ]
    }
    (ref,) = parsed(capsys, tmp_path, "a.json", json.dumps(items, indent=2))
    assert ref["key"] == "who" and ref["line"] == 3
    assert ref["parsed"]["authors"] == [
        {"family": "World Health Organization", "given": None, "collective": True}
    ]
    assert (ref["parsed"]["year"], ref["parsed"]["month"]) == (2020, 5)


def test_jats_collaborations_and_string_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "<article><body><p>As shown <xref ref-type='bibr' rid='r1'>1</xref>.</p></body>"
        "<back><ref-list><ref id='r1'><element-citation><person-group>"
        "<collab>ASPIRE Investigators</collab><string-name>Simes J</string-name>"
        "</person-group><source>A book</source><year>2019</year>"
        "<publisher-name>Press</publisher-name></element-citation></ref></ref-list></back>"
        "</article>"
    )
    (ref,) = parsed(capsys, tmp_path, "a.xml", text)
    assert ref["parsed"]["authors"][0] == {
        "family": "ASPIRE Investigators",
        "given": None,
        "collective": True,
    }
    assert ref["parsed"]["authors"][1]["family"] == "Simes"
    assert (ref["parsed"]["title"], ref["parsed"]["journal"]) == ("A book", None)


# ------------------------------------------------------------------------ bad input

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
    "<article><back><ref-list><ref id='r1'><mixed-citation>&lol3;</mixed-citation></ref>"
    "</ref-list></back></article>\n"
)

BAD_INPUTS = [
    pytest.param(
        "a.ris",
        "AU  - Smith, Jane\nTI  - A title\nER  - \n",
        'a.ris: line 1: not in a RIS entry (each entry opens with a "TY  - " line)',
        id="ris-without-ty",
    ),
    pytest.param(
        "a.ris",
        "TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\n",
        "a.ris: line 5: the entry has no ER line",
        id="ris-without-er",
    ),
    pytest.param(
        "a.ris",
        "TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n",
        "a.ris: line 1: the entry has no ER line before the next TY (line 3)",
        id="ris-entry-left-open",
    ),
    pytest.param(
        "a.json",
        '{"name": "asrefs", "version": "1.0"}',
        'a.json: not CSL-JSON: expected a list of items (or {"items": [...]})',
        id="json-not-csl",
    ),
    pytest.param(
        "a.json",
        '[{"id": "a", "title": "T"}, {"name": "x"}]',
        "a.json: not CSL-JSON: item 2 has no id, type or title",
        id="json-item-not-csl",
    ),
    pytest.param(
        "a.json",
        '[{"id": "a", "title": "T"},',
        "a.json: not valid JSON: Expecting value: line 1 column 28 (char 27)",
        id="json-truncated",
    ),
    pytest.param(
        "a.xml",
        "<xml><records><record><titles><title>T</title></record></records></xml>",
        "a.xml: not well-formed XML: mismatched tag (line 1, column 49)",
        id="xml-malformed",
    ),
    pytest.param(
        "a.xml",
        BILLION_LAUGHS,
        "a.xml: the JATS article declares entities or external references; refused",
        id="xml-entity-bomb",
    ),
    pytest.param(
        "a.xml",
        '<?xml version="1.0" encoding="UTF-8" ?><xml><records></records></xml>',
        "a.xml: the EndNote XML file holds no records",
        id="endnote-without-records",
    ),
    pytest.param(
        "a.xml",
        "<article><body><p>No references here.</p></body></article>",
        "a.xml: the JATS article has no references (no <ref> in a <ref-list>)",
        id="jats-without-ref-list",
    ),
    pytest.param(
        "a.xml",
        '<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion></project>',
        "a.xml: not an EndNote XML export (<xml><records>) or a JATS article (<article>): "
        "its root element is <project>",
        id="xml-of-another-kind",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_INPUTS)
def test_bad_structured_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "verify", "--offline", name)
    assert (code, out, err) == (2, "", f"asrefs: error: {message}\n")
