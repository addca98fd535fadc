"""Parsing recorded DataCite and arXiv answers into Records (no server needed)."""

from __future__ import annotations

import json

import pytest

from asrefs.errors import BadResponse
from asrefs.models import Author, Identifier, Record
from asrefs.registries import arxiv, datacite
from conftest import SAMPLES


def sample(folder: str, name: str) -> str:
    return (SAMPLES / folder / name).read_text(encoding="utf-8")


def datacite_record(name: str) -> Record:
    return datacite.parse_doi(sample("datacite", name))


def test_an_arxiv_doi_is_a_preprint_with_its_arxiv_id_and_v1_dates() -> None:
    r = datacite_record("dois_10.48550_arxiv.1902.02534_2026.json")
    assert r.source == "datacite"
    assert r.doi == "10.48550/arxiv.1902.02534"
    assert r.title is not None and r.title.startswith("Crowdsourcing open citations with CROCI")
    assert r.authors[:2] == (Author("Heibi", "Ivan"), Author("Peroni", "Silvio"))
    assert (r.type, r.publisher, r.year, r.arxiv) == ("posted-content", "arXiv", 2019, "1902.02534")
    # Submitted is given per version; the first (v1's) is kept
    assert r.date("received") == "2019-02-07"
    assert r.date("online") == "2019-02"
    assert r.date("issued") == "2019"


def test_a_zenodo_dataset_keeps_its_version_relation_and_drops_supplements() -> None:
    r = datacite_record("dois_10.5281_zenodo.1196821_2026.json")
    assert r.type == "dataset"
    assert r.relations == (("is-version-of", "10.5281/zenodo.1039580"),)
    assert r.date("issued") == "2018-03-14"
    assert r.publisher == "Zenodo"


def test_a_journal_article_registered_with_datacite_has_its_container() -> None:
    r = datacite_record("dois_10.2312_geowissenschaften.1989.7.181_2026.json")
    assert r.type == "journal-article"
    assert (r.journal, r.volume, r.issue, r.pages) == ("Die Geowissenschaften", "7", "7", "181-186")
    assert r.issn == ("0933-0704",)
    assert r.abstract is None  # an empty Abstract description is no abstract
    assert r.relations == ()  # IsPublishedIn names an ISSN, not a DOI


def test_a_thai_buddhist_era_year_is_not_trusted_and_a_name_only_creator_is_split() -> None:
    r = datacite_record("dois_10.14457_kmitl.res.2006.17_2021.json")
    assert r.year is None
    assert r.date("issued") is None
    assert r.authors == (Author("แซ่เตียว", "กัญจนา"),)
    assert r.publisher is not None and r.publisher.startswith("ภาควิชาพืชสวน")


@pytest.mark.parametrize(
    ("creator", "author"),
    [
        ({"name": "WHO", "nameType": "Organizational"}, Author("WHO", "", collective=True)),
        ({"name": "Beethoven, Ludwig van"}, Author("Beethoven", "Ludwig van")),
        ({"name": "Ludwig van Beethoven"}, Author("van Beethoven", "Ludwig")),
        ({"name": "x", "givenName": "Ada", "familyName": "Lovelace"}, Author("Lovelace", "Ada")),
    ],
)
def test_creators_by_name_type(creator: dict[str, str], author: Author) -> None:
    payload = json.dumps({"data": {"attributes": {"creators": [creator]}}})
    assert datacite.parse_doi(payload).authors == (author,)


def test_a_publisher_object_and_a_typed_title_first() -> None:
    payload = (
        '{"data": {"attributes": {"publisher": {"name": "CERN"}, "titles": ['
        '{"title": "Sous-titre", "titleType": "TranslatedTitle"}, {"title": "Main"},'
        '{"title": "A subtitle", "titleType": "Subtitle"}]}}}'
    )
    r = datacite.parse_doi(payload)
    assert (r.publisher, r.title, r.subtitle) == ("CERN", "Main", "A subtitle")


def test_datacites_404_body_and_garbage_are_no_record() -> None:
    with pytest.raises(BadResponse):
        datacite.parse_doi(sample("datacite", "error_404_dois_not_found_2021.json"))
    with pytest.raises(BadResponse):
        datacite.parse_doi("<html>")


def entry(name: str, ident: str) -> Record:
    feed = arxiv.split_feed(sample("arxiv", name))
    return arxiv.parse_entry(feed[ident], Identifier("arxiv", ident))


def test_an_arxiv_entry_without_version_is_the_version_arxiv_returned() -> None:
    feed = arxiv.split_feed(sample("arxiv", "query_id_list_1605.08386_2026.xml"))
    assert list(feed) == ["1605.08386v1"]
    r = arxiv.parse_entry(feed["1605.08386v1"], Identifier("arxiv", "1605.08386"))
    assert r.title == "Heat-bath random walks with Markov bases"
    assert r.authors == (Author("Stanley", "Caprice"), Author("Windisch", "Tobias"))
    assert (r.year, r.date("online"), r.type) == (2016, "2016-05-26", "posted-content")
    assert (r.doi, r.arxiv, r.relations, r.updates) == (
        "10.48550/arxiv.1605.08386",
        "1605.08386v1",
        (),
        (),
    )


def test_a_title_that_is_the_character_zero_is_kept() -> None:
    r = entry("query_id_list_2104.12255v1_title_0_2026.xml", "2104.12255v1")
    assert r.title == "0"


def test_an_old_style_id_and_its_journal_ref_without_doi() -> None:
    r = entry("query_id_list_astro-ph_0601001_2026.xml", "astro-ph/0601001v1")
    assert r.doi == "10.48550/arxiv.astro-ph/0601001"
    assert r.relations == ()


def test_the_published_versions_doi_is_a_preprint_relation() -> None:
    r = entry("query_search_testing_max10_2026.xml", "2204.08348v3")
    assert r.relations == (("is-preprint-of", "10.1145/3533767.3534401"),)
    assert r.date("online") == "2022-04-18"


def test_a_comment_saying_withdrawn_is_a_withdrawal_notice() -> None:
    text = sample("arxiv", "query_id_list_1605.08386_2026.xml").replace(
        "20 pages, 3 figures", "This paper has been withdrawn by the author"
    )
    r = arxiv.parse_entry(arxiv.split_feed(text)["1605.08386v1"])
    assert [(u.kind, u.source) for u in r.updates] == [("withdrawal", "arxiv")]


def test_a_missing_id_and_the_error_feed_hold_no_arxiv_entry() -> None:
    assert arxiv.split_feed(sample("arxiv", "query_id_list_0808.05394_empty_2026.xml")) == {}
    one = arxiv.split_feed(
        sample("arxiv", "query_id_list_0808.05394_1707.08567_one_missing_2026.xml")
    )
    assert list(one) == ["1707.08567v1"]
    error = arxiv.split_feed(sample("arxiv", "query_id_list_abc_error_400_2026.xml"))
    assert list(error) == [""]  # the "Error" entry is not an arXiv work
    with pytest.raises(BadResponse):
        arxiv.parse_entry(error[""])


def test_a_feed_with_entities_is_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    with pytest.raises(BadResponse):
        arxiv.split_feed(bomb)
