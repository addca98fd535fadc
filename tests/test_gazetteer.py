"""The journal-name gazetteer: which tokens of an entry are a known journal's name."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from asrefs.parse.gazetteer import NAMES, journal_tags
from asrefs.parse.tokens import features, tokenize


def tagged(text: str) -> list[tuple[str, str]]:
    tokens = tokenize(text)
    return [
        (t.text, tag.decode()) for t, tag in zip(tokens, journal_tags(tokens), strict=True) if tag
    ]


def names_found(text: str) -> list[str]:
    """The names found, as printed (from each B to its E, or an S)."""
    out: list[str] = []
    tokens = tokenize(text)
    start = 0
    for i, tag in enumerate(journal_tags(tokens)):
        if tag in (b"jname=B", b"jname=S"):
            start = tokens[i].start
        if tag in (b"jname=E", b"jname=S"):
            out.append(text[start : tokens[i].end])
    return out


def test_the_names_ship_with_the_package_sorted_and_folded() -> None:
    raw = (resources.files("asrefs") / "data" / NAMES).read_bytes()
    names = gzip.decompress(raw).decode().splitlines()
    assert len(names) > 50_000
    assert names == sorted(set(names))
    assert all(name == name.lower() and "." not in name for name in names)


@pytest.mark.parametrize(
    "printed",
    [
        "Nat. Struct. Mol. Biol.",
        "Nat Struct Mol Biol",
        "Nature Structural & Molecular Biology",
        "NATURE STRUCTURAL AND MOLECULAR BIOLOGY",
    ],
)
def test_a_name_is_found_however_it_is_punctuated_or_cased(printed: str) -> None:
    text = f"Lee K. Ageing in worms. {printed} 17, 1–9 (2010)."
    assert names_found(text) == [printed.rstrip(".")]  # a period after the name is not in it


def test_the_longest_name_is_taken_and_the_title_before_it_is_not() -> None:
    text = (
        "Popov O. Impact glass from Kara Crater, Russia, Meteoritics & Planetary Science 45:1-10."
    )
    assert names_found(text) == ["Meteoritics & Planetary Science"]
    # "Physical Review" is a name, but the longer "Phys. Rev. B" is taken
    assert names_found("A. B. Name, Phys. Rev. B 12, 345 (1999).") == ["Phys. Rev. B"]


def test_accents_are_folded() -> None:
    assert "Archäologischer Anzeiger" in names_found("Archäologischer Anzeiger 1990, 1-20.")
    assert "Archaologischer Anzeiger" in names_found("Archaologischer Anzeiger 1990, 1-20.")


def test_tags_mark_first_inside_and_last_word_and_punctuation_inside() -> None:
    assert tagged("J. Am. Chem. Soc. 12") == [
        ("J", "jname=B"),
        (".", "jname=I"),
        ("Am", "jname=I"),
        (".", "jname=I"),
        ("Chem", "jname=I"),
        (".", "jname=I"),
        ("Soc", "jname=E"),
    ]


def test_words_of_no_journal_get_no_tag() -> None:
    assert tagged("Zqxv wplorth, 1999, 12-14") == []


def test_the_tags_are_features_of_the_labeller() -> None:
    text = "Lee K. Ageing. Nat Struct Mol Biol 17, 1–9 (2010)."
    rows = features(tokenize(text), text)
    tokens = tokenize(text)
    by_token = {
        t.text: row
        for t, row in zip(tokens, rows, strict=True)
        if t.text in ("Ageing", "Nat", "Biol")
    }
    assert "jname=B" in by_token["Nat"] and "jname=E" in by_token["Biol"]
    assert not any(f.startswith("jname=") for f in by_token["Ageing"])
