"""Finding, normalising and validating DOI / PMID / PMCID / arXiv identifiers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asrefs.models import Identifier
from asrefs.parse.identifiers import (
    classify,
    find_doi,
    find_dois,
    find_malformed,
    normalize_arxiv,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
)

SICI = "10.1002/(sici)1097-4636(199606)31:2<257::aid-jbm13>3.0.co;2-m"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1186/s13287-025-04184-x", "10.1186/s13287-025-04184-x"),
        ("doi:10.4252/wjsc.v17.i3.98911", "10.4252/wjsc.v17.i3.98911"),
        ("DOI 10.3389/fimmu.2025.1613502", "10.3389/fimmu.2025.1613502"),
        ("DOI: 10.3389/FIMMU.2025.1613502", "10.3389/fimmu.2025.1613502"),
        ("https://doi.org/10.1002/iid3.70189", "10.1002/iid3.70189"),
        ("http://dx.doi.org/10.1016/j.bone.2025.117591", "10.1016/j.bone.2025.117591"),
        ("doi.org/10.26599/NR.2025.94907838", "10.26599/nr.2025.94907838"),
        ("https://doi.org/10.1002%2Fiid3.70189", "10.1002/iid3.70189"),
        ("https://doi.org/10.1002%252Fiid3.70189", "10.1002/iid3.70189"),  # double-encoded
        (
            "https://doi.org/10.1002/%28SICI%291097-4636%28199606%2931%3A2%3C257%3A%3AAID-JBM13%3E3.0.CO%3B2-M",
            SICI,
        ),
        ("１０．１１８６／ｓ１３２８７－０２５－０４１８４－ｘ", "10.1186/s13287-025-04184-x"),
        ("doi：10.1186/abc", "10.1186/abc"),
        ("<https://doi.org/10.1186/abc>", "10.1186/abc"),
        ('"10.1186/abc"', "10.1186/abc"),
        ("“10.1186/abc”", "10.1186/abc"),
        ("10.1186/abc.", "10.1186/abc"),
        ("10.1186/abc,", "10.1186/abc"),
        ("10.1186/abc;", "10.1186/abc"),
        ("10.1186/abc:", "10.1186/abc"),
        ("(doi: 10.1186/abc)", "10.1186/abc"),
        ("[10.1186/abc]", "10.1186/abc"),
        ("10.1016/S0021-9258(19)50881-X", "10.1016/s0021-9258(19)50881-x"),
        ("10.1016/S0021-9258(19)50881-X).", "10.1016/s0021-9258(19)50881-x"),
        ("10.1002/(SICI)1097-4636(199606)31:2<257::AID-JBM13>3.0.CO;2-M", SICI),
        (f"({SICI}).", SICI),
        ("10.1000.10/123456", "10.1000.10/123456"),
        ("10.1016/j.bone.2025.117591.[5]Ke M", "10.1016/j.bone.2025.117591"),
        ("10.1186/abc。", "10.1186/abc"),
        ("10.1186/abc参考文献", "10.1186/abc"),
    ],
)
def test_normalize_doi(text: str, expected: str) -> None:
    assert normalize_doi(text) == expected
    assert normalize_doi(expected) == expected


@pytest.mark.parametrize(
    "text",
    ["", "doi:", "10.1186/", "10.1186/ abc", "10.12/abc", "11.1186/abc", "hello", "doi: 10.1186"],
)
def test_normalize_doi_rejects(text: str) -> None:
    assert normalize_doi(text) is None


def test_find_dois_in_order_without_repeats() -> None:
    text = (
        "See doi:10.1186/A and https://doi.org/10.1002/b, then 10.1186/a again; "
        "also 10.1/x (too short) and 10.3389/c,10.3389/d."
    )
    assert find_dois(text) == ["10.1186/a", "10.1002/b", "10.3389/c", "10.3389/d"]
    assert find_doi(text) == "10.1186/a"
    assert find_doi("no identifier here") is None


def test_find_dois_stops_at_a_run_on_url() -> None:
    text = (
        "https://doi.org/10.1016/j.x.2020.1.(https://www.sciencedirect.com/science/article/pii/S1)"
    )
    assert find_dois(text) == ["10.1016/j.x.2020.1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PMID: 40160686", "40160686"),
        ("40160686", "40160686"),
        ("pmid:40160686.", "40160686"),
        ("PMID 0040160686", "40160686"),
        ("４０１６０６８６", "40160686"),
        ("", None),
        ("12ab", None),
        ("PMID: 12ab", None),
        ("1234567890", None),
        ("0000", None),
    ],
)
def test_normalize_pmid(text: str, expected: str | None) -> None:
    assert normalize_pmid(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PMCID: PMC11947893", "PMC11947893"),
        ("PMC11947893", "PMC11947893"),
        ("pmc11947893", "PMC11947893"),
        ("PMCID: 11947893", "PMC11947893"),
        ("PMCID:PMC11947893;", "PMC11947893"),
        ("11947893", None),
        ("PMCabc", None),
        ("", None),
    ],
)
def test_normalize_pmcid(text: str, expected: str | None) -> None:
    assert normalize_pmcid(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2101.01234", "2101.01234"),
        ("2101.01234v2", "2101.01234v2"),
        ("arXiv:2101.01234v2", "2101.01234v2"),
        ("arXiv: 0704.0001", "0704.0001"),
        ("https://arxiv.org/abs/2101.01234", "2101.01234"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("arXiv:hep-th/9901001v1", "hep-th/9901001v1"),
        ("math.GT/0309136", "math.gt/0309136"),
        ("2113.01234", None),  # month 13
        ("arXiv:abc", None),
        ("", None),
    ],
)
def test_normalize_arxiv(text: str, expected: str | None) -> None:
    assert normalize_arxiv(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("doi: 10.1186/", ["doi: 10.1186/"]),
        ("Title. J Foo. 2020;1:2. doi: 10.1186/ PMID: 12ab", ["doi: 10.1186/", "PMID: 12ab"]),
        ("see 10.123/abc", ["10.123/abc"]),
        ("PMCID: PMCxyz.", ["PMCID: PMCxyz"]),
        ("arXiv: 9999.1", ["arXiv: 9999.1"]),
        ("doi: 10.1186/s13287-025-04184-x. PMID: 40160686; PMCID: PMC11947893.", []),
        ("https://doi.org/10.1186/abc", []),
        ("Nothing to see, 2020;1:2.", []),
    ],
)
def test_find_malformed(text: str, expected: list[str]) -> None:
    assert find_malformed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1186/S13287-025-04184-X", Identifier("doi", "10.1186/s13287-025-04184-x")),
        ("https://doi.org/10.1002/iid3.70189", Identifier("doi", "10.1002/iid3.70189")),
        ("40160686", Identifier("pmid", "40160686")),
        ("PMID:40160686", Identifier("pmid", "40160686")),
        ("PMC11947893", Identifier("pmcid", "PMC11947893")),
        ("PMCID: 11947893", Identifier("pmcid", "PMC11947893")),
        ("arXiv:2101.01234", Identifier("arxiv", "2101.01234")),
        ("2101.01234v3", Identifier("arxiv", "2101.01234v3")),
        ("10.48550/arXiv.2101.01234", Identifier("doi", "10.48550/arxiv.2101.01234")),
        ("not an id", None),
        ("", None),
    ],
)
def test_classify(text: str, expected: Identifier | None) -> None:
    assert classify(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_doi_is_idempotent(text: str) -> None:
    once = normalize_doi(text)
    if once is not None:
        assert normalize_doi(once) == once


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(doi: ?|https://doi\.org/)?10\.[0-9]{4,6}/[!-~%]{1,30}[.,;)]?"))
def test_normalize_doi_is_idempotent_on_doi_like_text(text: str) -> None:
    once = normalize_doi(text)
    if once is not None:
        assert normalize_doi(once) == once
        assert once == once.lower()
        assert find_malformed(once) == [] or not once.startswith("10.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0000/0:pmid", []),  # a label inside a DOI is part of the DOI
        ("https://arxiv.org/abs/arxiv:x", []),
        ("doi: 10.1234/abc. PMID: 12ab", ["PMID: 12ab"]),
        ("(PMCID: abc)", ["PMCID: abc"]),
    ],
)
def test_labels_inside_identifiers_are_not_labels(text: str, expected: list[str]) -> None:
    assert find_malformed(text) == expected
