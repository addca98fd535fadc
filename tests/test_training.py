"""The parser's training: deterministic, and its data kept apart from what it is measured on."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from conftest import REPO, load_script

TRAIN = load_script("training/train.py")
BUILD = TRAIN.build


def test_training_twice_on_the_same_data_gives_the_same_model(tmp_path: Path) -> None:
    data = list(itertools.islice(BUILD.anystyle(), 60))
    params = TRAIN.PARAMS | {"max_iterations": 5}
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    TRAIN.train(data, first, params)
    TRAIN.train(data, second, params)
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 1000


def test_anystyle_sequences_keep_every_character_labelled() -> None:
    for sequence in itertools.islice(BUILD.anystyle(), 200):
        assert len(sequence["labels"]) == len(sequence["text"])
        assert sequence["split"] in ("train", "dev")
    labels = {label for s in itertools.islice(BUILD.anystyle(), 200) for label in s["labels"]}
    assert {"author", "title", "date"} <= labels


def test_plos_articles_split_by_article_and_the_end_to_end_set_is_never_trained_on() -> None:
    refs = BUILD.plos_references()
    splits = {BUILD.article_split(ref["article"]) for ref in refs}
    assert splits <= {"train", "dev", "heldout"}
    by_article: dict[str, set[str]] = {}
    for ref in refs:
        by_article.setdefault(ref["article"], set()).add(BUILD.article_split(ref["article"]))
    assert all(len(s) == 1 for s in by_article.values())
    e2e = REPO / "tests" / "data" / "e2e" / "references.json"
    if e2e.exists():
        reserved = {
            Path(a["source"]["path"]).stem
            for a in json.loads(e2e.read_text(encoding="utf-8"))["articles"]
        }
        assert reserved.isdisjoint(by_article)


def test_the_evaluation_styles_are_not_training_styles() -> None:
    evaluation = load_script("benchmarks/eval_parser.py").STYLES
    card = json.loads((REPO / "training" / "model-card.json").read_text(encoding="utf-8"))
    assert card["render"]["styles"] > 100
    for name in evaluation:
        assert name.startswith(BUILD.EVALUATION_STYLE_STEMS), name


def test_no_sequence_of_anystyles_gold_set_is_trained_or_tuned_on() -> None:
    gold = BUILD.anystyle_reserved()
    assert len(gold) > 1600
    kept = [BUILD.sequence_key(s["text"]) for s in BUILD.anystyle()]
    assert kept and not gold & set(kept)


def test_training_strings_are_cut_as_the_parser_cuts_them_and_keep_their_labels() -> None:
    text = "Moreau P. Lipid droplets. J Cell Sci. 2008;121:10-19. doi:10.1242/jcs.1. PMID: 42."
    spans = [
        ("author", "Moreau P. "),
        ("title", "Lipid droplets. "),
        ("journal", "J Cell Sci. "),
        ("date", "2008;"),
        ("volume", "121:"),
        ("pages", "10-19. "),
        ("identifier", "doi:10.1242/jcs.1. PMID: 42."),
    ]
    assert "".join(part for _, part in spans) == text
    labels = [label for label, part in spans for _ in part]
    core, kept = TRAIN.as_parsed(text, labels)
    assert core == "Moreau P. Lipid droplets. J Cell Sci. 2008;121:10-19."
    assert len(kept) == len(core)
    assert kept[core.index("2008")] == "date" and kept[core.index("121")] == "volume"
    assert kept[core.index("10-19")] == "pages" and "identifier" not in kept


CROSSVAL = load_script("training/crossval.py")


def test_every_core_reference_is_held_out_by_exactly_one_fold() -> None:
    data = list(itertools.islice(BUILD.anystyle(), 400))
    other = {"text": "A PLOS reference.", "labels": [], "source": "plos-printed", "split": "train"}
    held: dict[str, int] = {}
    for fold in range(4):
        folded = CROSSVAL._fold_data([*data, other], fold, 4)
        assert folded[-1] == other  # only AnyStyle's core set is folded
        for sequence in folded[:-1]:
            if sequence["split"] == "dev":
                held[sequence["text"]] = held.get(sequence["text"], 0) + 1
    assert set(held) == {s["text"] for s in data}
    assert set(held.values()) == {1}
    sizes = [sum(CROSSVAL.fold_of(s["text"], 4) == k for s in data) for k in range(4)]
    assert min(sizes) > len(data) / 8  # no fold left (nearly) empty


def test_some_training_copies_hide_the_journal_names_and_always_the_same_ones() -> None:
    data = list(itertools.islice(BUILD.anystyle(), 300))
    shown = [TRAIN.names_shown(s["text"], copy) for s in data for copy in range(3)]
    assert shown == [TRAIN.names_shown(s["text"], copy) for s in data for copy in range(3)]
    assert 0.35 < sum(shown) / len(shown) < 0.65
    journal = next(s for s in data if "Journal" in s["text"])
    with_names, labels = TRAIN.token_labels(journal)
    without, same_labels = TRAIN.token_labels(journal, names=False)
    assert labels == same_labels
    assert any(f.startswith("jname=") for row in with_names for f in row)
    assert not any(f.startswith("jname=") for row in without for f in row)


def test_some_training_records_print_a_journal_of_another_field() -> None:
    import random

    titles = BUILD.journal_titles()
    printable = {name for pair in titles for name in pair}
    record = {"type": "article-journal", "title": "T", "container-title": "Nucleic Acids Res"}
    journals = [
        BUILD.other_journal(record, random.Random(seed))["container-title"] for seed in range(400)
    ]
    others = [name for name in journals if name != "Nucleic Acids Res"]
    assert 0.2 < len(others) / len(journals) < 0.4
    assert set(others) <= printable and len(set(others)) > 100
    book = {"type": "book", "title": "T", "container-title": "Series"}
    assert all(BUILD.other_journal(book, random.Random(s)) == book for s in range(50))


def test_training_labels_mark_where_each_named_field_begins() -> None:
    sequence = next(s for s in BUILD.anystyle() if "journal" in s["labels"])
    _, labels = TRAIN.token_labels(sequence)
    plain = [label.removeprefix("B-") for label in labels]
    assert "B-journal" in labels and "B-title" in labels
    for i, label in enumerate(labels):
        begins = i == 0 or plain[i - 1] != plain[i]
        assert label.startswith("B-") == (begins and plain[i] in TRAIN.BEGUN), (i, labels)
