"""A third end-to-end split, ``train``: the reference lists of the PLOS articles the
parser's model is trained on (training/data/plos-refs.json.gz, PLOS's allofplos starter
corpus), in the shape of tests/data/e2e/references.json.

The parser has seen these works, printed by PLOS and rendered in other styles, so its
figures here flatter it: the split is for finding where the checks go wrong on many more
references than the dev split holds, never for reporting accuracy.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import e2e_world

REPO = Path(__file__).resolve().parents[1]
PLOS = REPO / "training" / "data" / "plos-refs.json.gz"
MAX_REFS = 60  # per article, as the reserved articles
_PAGE_RE = re.compile(r"[A-Za-z]{0,12}\d+[A-Za-z]?(?:-[A-Za-z]{0,12}\d+[A-Za-z]?)?")


def _fields(record: dict[str, Any]) -> dict[str, Any] | None:
    """A CSL-JSON journal-article record as the e2e set's fields, or None if incomplete."""
    names = [[a.get("family", ""), a.get("given", "")] for a in record.get("author", [])]
    names = [n for n in names if n[0]]
    year = (record.get("issued", {}).get("date-parts") or [[None]])[0][0]
    if not (names and record.get("title") and record.get("container-title") and year):
        return None
    out: dict[str, Any] = {
        "authors": names,
        "title": re.sub(r"\s+", " ", record["title"]).strip().rstrip("."),
        "journal": record["container-title"],
        "year": int(year),
    }
    for key in ("volume", "issue"):
        if record.get(key):
            out[key] = str(record[key])
    page = str(record.get("page", ""))
    if page and not _PAGE_RE.fullmatch(page):
        return None  # the extraction's leftovers in the field ("2095-2097. doi:…", "15 11-16")
    first, _, last = page.partition("-")
    if first.startswith("e") and first[1:].isdigit():
        out["article_number"] = first
    elif first:
        out["first_page"] = first
        if last:
            out["last_page"] = last
    if record.get("DOI"):
        out["doi"] = record["DOI"].lower()
    return out


def articles() -> list[dict[str, Any]]:
    """The training articles (``build.article_split`` says train) as e2e articles."""
    sys.path.insert(0, str(REPO / "training"))
    import build

    with gzip.open(PLOS, "rt", encoding="utf-8") as handle:
        refs = json.load(handle)["references"]
    by_article: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for ref in refs:
        record = ref["record"]
        if record.get("type") != "article-journal":
            continue
        if build.article_split(ref["article"]) != "train":
            continue
        fields = _fields(record)
        key = (fields or {}).get("doi") or json.dumps(fields, sort_keys=True)
        if fields is None or key in seen:
            continue
        seen.add(key)
        by_article.setdefault(ref["article"], []).append(fields)
    out = [
        {"id": f"train-{name}", "split": "train", "references": found[:MAX_REFS]}
        for name, found in sorted(by_article.items())
        if len(found) >= 5
    ]
    for a in out:
        a["refs"] = [e2e_world.Ref(a["id"], i + 1, r) for i, r in enumerate(a["references"])]
    return out
