"""OpenAlex's parser on the recorded answers (tests/recordings/api-samples/openalex), and
its search terms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asrefs.errors import BadResponse
from asrefs.models import Author, Identifier, Reference
from asrefs.registries.openalex import OpenAlex, parse_work, results, title_words, work_doi
from conftest import SAMPLES

OPENALEX = SAMPLES / "openalex"
SICI = "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2"


def load(name: str) -> Any:
    return json.loads((OPENALEX / name).read_text(encoding="utf-8"))


def test_the_sici_doi_comes_back_lower_cased_and_keeps_the_case_asked() -> None:
    item = load("work_doi_10.1890_sici_2026.json")
    asked = "10.1890/0012-9658(2006)87[2832:TIOPMA]2.0.CO;2"
    record = parse_work(item, Identifier("doi", asked))
    assert record.doi == asked  # matched without regard to case; the printed case kept
    assert parse_work(item).doi == SICI
    assert record.title == (
        "THE IMPACT OF PARASITE MANIPULATION AND PREDATOR FORAGING BEHAVIOR ON "
        "PREDATOR\u2013PREY COMMUNITIES"
    )
    assert record.authors == (Author("Fenton", "A."), Author("Rands", "S. A."))  # raw names
    assert (record.journal, record.volume, record.issue, record.pages) == (
        "Ecology",
        "87",
        "11",
        "2832-2841",
    )
    assert record.pmid == "17168027"  # from the PubMed URL in ids
    assert record.type == "journal-article"
    assert (record.year, record.dates) == (2006, (("issued", "2006-11-01"),))
    assert record.updates == ()


def test_a_work_whose_only_title_is_japanese_has_no_title_and_family_first_names() -> None:
    record = parse_work(load("work_doi_10.7600_jspfsm.56.60_japanese_2026.json"))
    assert record.title is None  # "" in OpenAlex: unknown, not an empty title
    assert record.authors == (Author("宮地", "元彦"), Author("山元", "健太"))  # author ids null
    assert record.pages == "60"  # first page = last page
    assert (record.year, record.dates) == (2007, (("issued", "2007"),))  # 2007-01-01: a year
    assert record.journal == "Japanese Journal of Physical Fitness and Sports Medicine"


def test_the_2025_schema_with_no_authorships() -> None:
    record = parse_work(load("work_doi_10.1007_s40278-023-41815-2_no_authors_2025.json"))
    assert record.authors == ()
    assert record.title == "Convalescent-anti-sars-cov-2-plasma/immune-globulin"
    assert record.type == "journal-article"  # type_crossref, where the record has it
    assert (record.volume, record.pages, record.journal) == ("1962", "145", "Reactions Weekly")
    assert record.dates == (("issued", "2023-06-23"),)


def test_a_batch_answer_in_another_order_with_one_id_missing() -> None:
    works = results(load("works_filter_ids_openalex_3ids_2_found_2026.json"))
    assert [work_doi(w) for w in works] == ["10.1038/d41586-023-02554-0", "10.53731/9cdnt-2k006"]
    news, blog = (parse_work(w) for w in works)
    assert (news.journal, news.volume, news.pages, news.pmid) == (
        "Nature",
        "620",
        "482-484",
        "37587303",
    )
    assert blog.type == "posted-content" and blog.journal is None  # a preprint, no journal


def test_a_title_search_gives_the_article_and_its_preprint_as_two_works() -> None:
    payload = (OPENALEX / "works_filter_title_search_2025.json").read_text(encoding="utf-8")
    article, preprint = OpenAlex.parse_search(OpenAlex.__new__(OpenAlex), payload)
    assert (article.doi, article.type, article.year) == (
        "10.1038/s42256-024-00832-8",
        "journal-article",
        2024,
    )
    assert article.authors[0] == Author("Bran", "Andres M.")
    assert (preprint.doi, preprint.type, preprint.arxiv) == (
        "10.48550/arxiv.2304.05376",
        "posted-content",
        "2304.05376",
    )
    assert preprint.authors[0] == Author("Bran", "Andres M")  # "Bran, Andres M" as printed
    assert preprint.dates == (("issued", "2023"),)  # "2023-01-01": a year placeholder
    assert preprint.journal is None  # "arXiv (Cornell University)" is a repository
    assert preprint.relations == () and article.relations == ()  # nothing links them


def test_a_retracted_work_carries_a_retraction() -> None:
    item = {**load("work_doi_10.1890_sici_2026.json"), "is_retracted": True}
    [update] = parse_work(item).updates
    assert (update.kind, update.source) == ("retraction", "openalex")


@pytest.mark.parametrize(
    "body",
    [
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>",
        '{"open_access":{"is_oa":false},"doi":"https://doi.org/10.1002/wrna.1370"}',  # select=
        "[]",
        '{"id": 7}',
    ],
)
def test_an_answer_that_is_not_a_work_is_refused(body: str) -> None:
    registry = OpenAlex.__new__(OpenAlex)
    with pytest.raises(BadResponse):
        registry.parse(body, Identifier("doi", SICI))


def test_wrong_types_are_unknowns() -> None:
    record = parse_work(
        {
            "id": "https://openalex.org/W1",
            "doi": None,
            "title": ["x"],
            "display_name": 3,
            "authorships": [None, {"author": None}, {"raw_author_name": "Ann Lee"}],
            "biblio": [],
            "publication_year": "2020",
            "publication_date": "2020-13",
            "primary_location": {"source": None},
            "ids": "none",
        }
    )
    assert (record.doi, record.year, record.dates, record.journal) == (None, None, (), None)
    assert record.title == "x" and record.authors == (Author("Lee", "Ann"),)


def ref(title: str | None) -> Reference:
    return Reference(index=1, raw="r", line=1, title=title)


def test_the_search_terms_are_the_printed_titles_words() -> None:
    assert title_words(ref("ChemCrow: augmenting, large | models")) == (
        "ChemCrow augmenting large models"
    )  # no comma or pipe to split the filter
    assert title_words(ref("Two words")) is None
    assert title_words(ref("自律神経・循環器応答")) == "自律神経 循環器応答"
    assert title_words(ref(None)) is None


def test_the_recordings_are_the_ones_described(tmp_path: Path) -> None:
    listing = (SAMPLES.parent / "SOURCES.md").read_text(encoding="utf-8")
    for path in OPENALEX.iterdir():
        assert f"openalex/{path.name}" in listing
