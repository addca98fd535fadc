"""Parsing recorded registry payloads into Records (no server needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asrefs.errors import BadResponse
from asrefs.registries import crossref, pubmed
from conftest import RECORDS, SAMPLES


def work(name: str) -> dict[str, object]:
    path = SAMPLES / "crossref" / name
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("message", data)  # type: ignore[no-any-return]


def test_title_tags_newlines_and_online_vs_print_dates() -> None:
    r = crossref.parse_work(work("work_10.1136_jclinpath-2020-206745.json"))
    assert (
        r.title is not None and "<i>" not in r.title and "  " not in r.title and "\n" not in r.title
    )
    assert "KRAS" in r.title
    assert r.date("online") == "2020-08-17"
    assert r.date("print") == "2021-05"
    assert r.year == 2020  # issued = the earliest


def test_correction_notice_is_an_update() -> None:
    r = crossref.parse_work(work("work_10.1371_journal.pone.0033693.json"))
    kinds = [u.kind for u in r.updates]
    assert "correction" in kinds
    notice = next(u for u in r.updates if u.kind == "correction")
    assert notice.doi and notice.doi.startswith("10.1371/annotation/")


def test_article_number_without_page() -> None:
    r = crossref.parse_work(work("work_10.1038_srep16696.json"))
    assert r.article_number == "16696"
    assert r.pages is None


def test_null_issued_and_missing_fields_are_unknown() -> None:
    r = crossref.parse_work(work("work_10.1109_icdcsw.2003.1203662.json"))
    assert r.year is None and r.volume is None and r.issn == ()
    sparse = crossref.parse_work(work("work_10.3892_ijo_00000353.json"))
    assert sparse.authors and sparse.authors[0].given == ""


def test_garbage_types_do_not_crash() -> None:
    r = crossref.parse_work(
        {
            "DOI": "10.1/x",
            "title": None,
            "author": "nobody",
            "issued": {"date-parts": [[None]]},
            "container-title": [3],
            "updated-by": [None, {"type": 5}],
            "relation": [],
        }
    )
    assert r.title is None and r.authors == () and r.year is None
    with pytest.raises(BadResponse):
        crossref.parse_work([])  # type: ignore[arg-type]


def test_self_pointing_new_version_and_preprint_relation() -> None:
    r = crossref.parse_work(work("item_from_worklist_10.1371_journal.pgen.1011490.json"))
    assert any(kind == "has-preprint" for kind, _doi in r.relations)


def efetch(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_pubmed_sample_ref1() -> None:
    r = pubmed.parse_article(efetch(RECORDS / "pubmed" / "efetch_39934871.xml"))
    assert r.pmid == "39934871" and r.doi == "10.1186/s13287-025-04184-x"
    assert r.title is not None and r.title.endswith("randomized controlled trials")
    assert r.date("online") == "2025-02-11" and r.date("print") == "2025-02-11"
    assert r.journal == "Stem Cell Research & Therapy"
    assert r.journal_abbrevs == ("Stem Cell Res Ther",)
    assert (r.volume, r.issue, r.pages) == ("16", "1", "65")
    assert [a.family for a in r.authors][:3] == ["Zeng", "Liu", "Wu"]


def test_pubmed_pmcid_and_year_only_date() -> None:
    r = pubmed.parse_article(efetch(RECORDS / "pubmed" / "efetch_40718480.xml"))
    assert r.pmcid == "PMC12289492"
    assert r.dates == (("print", "2025"),)


def test_pubmed_collective_author_and_issn_linking() -> None:
    r = pubmed.parse_article(efetch(SAMPLES / "pubmed" / "efetch_pubmed_23121403.xml"))
    assert any(a.collective for a in r.authors)
    assert "0028-4793" in r.issn
    assert r.pages == "1979-87"


def test_split_articles_and_refuse_entities() -> None:
    text = efetch(SAMPLES / "pubmed" / "efetch_pubmed_29915538.xml")
    assert list(pubmed.split_articles(text)) == ["29915538"]
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<PubmedArticleSet><PubmedArticle>&b;</PubmedArticle></PubmedArticleSet>"
    )
    with pytest.raises(BadResponse):
        pubmed.split_articles(bomb)
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<PubmedArticleSet>&x;</PubmedArticleSet>"
    )
    with pytest.raises(BadResponse):
        pubmed.split_articles(xxe)
    with pytest.raises(BadResponse):
        pubmed.split_articles("<html><body>Service unavailable</body></html>")
    with pytest.raises(BadResponse):
        pubmed.split_articles(text[: len(text) // 2])


def test_ncbi_rate_limit_body_with_status_200_is_unavailable() -> None:
    from asrefs.errors import Unavailable

    with pytest.raises(Unavailable):
        pubmed.check_ncbi_error('{"error":"API rate limit exceeded","count":"11"}')


@pytest.mark.parametrize(
    "name",
    ["work_10.1136_jclinpath-2020-206745.json", "work_10.1371_journal.pone.0033693.json"],
)
def test_records_survive_a_round_trip_through_plain_data(name: str) -> None:
    import json as _json

    from asrefs.models import record_from_data, record_to_data

    record = crossref.parse_work(work(name))
    data = _json.loads(_json.dumps(record_to_data(record)))
    assert record_from_data(data) == record
