"""The cross-language scorer: its measured accuracy on the frozen pairs is held here
within one point, and its building blocks behave as documented."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from asrefs.checks import crosslingual
from conftest import REPO, load_script

FIGURES = REPO / "tests" / "data" / "crosslingual_figures.json"
PAIRS = REPO / "tests" / "data" / "crosslingual_pairs.tsv"
TOLERANCE = 0.01  # one point


def _script() -> ModuleType:
    return load_script("scripts/eval_crosslingual.py")


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIGURES.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    result: dict[str, Any] = _script().evaluate()
    result.pop("_items")
    return result


def test_the_pairs_are_the_frozen_set(stored: dict[str, Any]) -> None:
    """Changing the evaluation set is deliberate: update the figures with it."""
    assert _script().sha256(PAIRS) == stored["pairs_file_sha256"]


def test_the_set_is_big_enough_and_mostly_not_from_the_seed() -> None:
    rows = _script().read_pairs(PAIRS)
    pairs = [r for r in rows if r.split != "distractor"]
    assert len(pairs) >= 200
    assert sum(r.split != "seed" for r in pairs) / len(pairs) >= 0.8
    assert {r.kind for r in pairs} == {"journal", "title"}


def test_accuracy_holds_within_one_point(stored: dict[str, Any], measured: dict[str, Any]) -> None:
    assert measured["nonseed_top1"] >= stored["nonseed_top1"] - TOLERANCE
    assert measured["seed_top1"] >= stored["seed_top1"] - TOLERANCE
    for kind in ("journal", "title"):
        for part in ("nonseed", "test"):
            now, then = measured["kinds"][kind][part], stored["kinds"][kind][part]
            assert now["top1"] >= then["top1"] - TOLERANCE, (kind, part)
            assert now["recall"] >= then["recall"] - TOLERANCE, (kind, part)
            assert now["precision"] >= then["precision"] - TOLERANCE, (kind, part)


def test_thresholds_in_use_are_the_measured_ones(stored: dict[str, Any]) -> None:
    assert stored["kinds"]["journal"]["threshold"] == crosslingual.JOURNAL_THRESHOLD
    assert stored["kinds"]["title"]["threshold"] == crosslingual.TITLE_THRESHOLD


def test_no_true_title_falls_below_the_alarm(measured: dict[str, Any]) -> None:
    for part in ("seed", "dev", "test"):
        assert measured["kinds"]["title"][part]["true_below_alarm"] == 0


def test_scoring_is_fast(measured: dict[str, Any]) -> None:
    assert measured["ms_per_pair"] < 5


def test_index_is_built_once() -> None:
    assert crosslingual.load_index() is crosslingual.load_index()


@pytest.mark.parametrize(
    ("zh", "right", "wrong"),
    [
        ("干细胞研究与治疗", "Stem Cell Research & Therapy", "Stem Cells"),
        ("干细胞报告", "Stem Cell Reports", "Cell Reports"),
        ("免疫学前沿", "Frontiers in Immunology", "Frontiers in Cell and Developmental Biology"),
        ("骨研究", "Bone Research", "Bone"),
        ("风湿病学与治疗", "Rheumatology and Therapy", "Rheumatology"),
        ("风湿病年鉴", "Annals of the Rheumatic Diseases", "Rheumatology"),
        ("纳米快报", "Nano Letters", "Nano Research"),
        (
            "无药物间充质干细胞模拟纳米诱饵可抑制强直性脊柱炎的炎症并减弱新骨形成",
            "Drug-free mesenchymal stem cell-mimicking nanodecoys suppress inflammation and "
            "attenuate new bone formation in ankylosing spondylitis",
            "Mesenchymal stem cell-derived exosomes attenuate new bone formation in "
            "ankylosing spondylitis",
        ),
    ],
)
def test_right_counterpart_scores_higher(zh: str, right: str, wrong: str) -> None:
    assert crosslingual.score(zh, right) > crosslingual.score(zh, wrong)
    assert crosslingual.rank(zh, [wrong, right])[0][1] == right


@pytest.mark.parametrize(
    ("zh", "en"),
    [("世界干细胞杂志", "World Journal of Stem Cells"), ("医学年鉴", "Annals of Medicine")],
)
def test_glossary_corrects_misleading_dictionary_senses(zh: str, en: str) -> None:
    """杂志 is "magazine" and 年鉴 "yearbook" in CC-CEDICT; journal titles mean journal
    and annals."""
    assert crosslingual.score(zh, en) >= crosslingual.JOURNAL_THRESHOLD


def test_alignment_explains_its_units() -> None:
    a = crosslingual.align("干细胞研究", "Stem Cell Research")
    assert a.score == 1.0
    assert dict(a.units) == {"干细胞": ("stem", "cell"), "研究": ("research",)}


def test_latin_tokens_inside_chinese_match_themselves() -> None:
    a = crosslingual.align("单细胞RNA测序", "Single-cell RNA sequencing")
    assert ("rna", ("rna",)) in a.units
    assert a.score > 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("therapy", "therapies"),
        ("randomised", "randomized"),
        ("tumour", "tumor"),
        ("haematology", "hematology"),
        ("cells", "cell"),
    ],
)
def test_stems_meet(a: str, b: str) -> None:
    assert crosslingual.relatedness(crosslingual.stem(a), crosslingual.stem(b)) > 0


def test_related_stems_score_less_than_equal_ones() -> None:
    assert crosslingual.score("免疫", "Immunity") > crosslingual.score("免疫", "Immunology")


@pytest.mark.parametrize("name", ["自然-医学", "自然·医学", "《自然医学》", "自然 医学"])
def test_known_journal_ignores_punctuation(name: str) -> None:
    assert crosslingual.known_journal(name) == ("Nature Medicine",)


def test_journal_score_uses_the_table_first() -> None:
    assert crosslingual.journal_score("免疫学前沿", "Front Immunol") == 1.0
    assert (
        crosslingual.journal_score("免疫学前沿", "Frontiers in Cell and Developmental Biology")
        == 0.0
    )


def test_same_language_similarity() -> None:
    assert crosslingual.similarity("Bone Research", "bone research") == 1.0
    assert crosslingual.similarity("Bone", "Stem Cells") < 0.5


def test_empty_and_odd_input() -> None:
    assert crosslingual.score("", "Bone") == 0.0
    assert crosslingual.score("骨", "") == 0.0
    assert crosslingual.score("！？", "the of and") == 0.0


def test_paths_are_package_data() -> None:
    data = Path(crosslingual.__file__).parents[1] / "data"
    assert (data / "glossary_zh_en.tsv").is_file()
    assert (data / "journals_zh.tsv").is_file()
