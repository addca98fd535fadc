"""What the registry stand-in holds when ``doi-suggested`` is measured
(benchmarks/eval_suggest.py): the end-to-end set's works and distractors around them.

- **The set's works**: every reference of tests/data/e2e/references.json, both splits,
  as ``e2e_world.crossref_work`` builds it (its printed DOI, or a test DOI).
- **Other works of the field**: the journal-article references of 122 PLOS articles
  (training/data/plos-refs.json.gz, their JATS metadata), less those that may be a work
  of the set (the same DOI, or nearly the same title).
- **The same authors' other work**: for every work of the set, one more by the same
  authors in the same journal, a year earlier, the same year or a year later (chosen
  by a hash of its key), titled with the title of the field's works nearest in words
  to the work's own (so never nearly the title of a work of the set).
- **Correction notices**: for one work in ``CORRECTION_SHARE``, "Correction: <title>"
  in the same journal, without authors, the same or the next year, as publishers
  register them.
- **Preprints**: for one work from 2014 on in ``PREPRINT_SHARE``, the same title and
  authors a year earlier as bioRxiv posted content.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from e2e_world import Ref, crossref_work, plain, test_doi
from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
POOL = REPO / "training" / "data" / "plos-refs.json.gz"
CORRECTION_SHARE = 1 / 20
PREPRINT_SHARE = 1 / 4
SAME_TITLE = 90  # rapidfuzz ratio of folded titles from which two titles are one work
_STOP_WORDS = (
    "a an and are as at by for from in into is of on or the to with via its their this that "
    "using between during after new role"
)
_STOP = frozenset(_STOP_WORDS.split())


KINDS = ("set", "field", "sibling", "correction", "preprint")
KIND_NAMES = {
    "set": "works of the set",
    "field": "other works of the field",
    "sibling": "the same authors' other work",
    "correction": "correction notices",
    "preprint": "preprints",
}


@dataclass(frozen=True)
class Universe:
    """The Crossref works the stand-in serves: each with its kind (``KINDS``) and the key
    of the set's work it stands for or was made from (None for the field's works)."""

    works: list[tuple[str, str | None, dict[str, Any]]]

    def counts(self) -> dict[str, int]:
        return {k: sum(kind == k for kind, _, _ in self.works) for k in KINDS}

    def kind_of(self) -> dict[str, str]:
        """Each work's kind by its DOI (lower case)."""
        return {str(w["DOI"]).lower(): kind for kind, _, w in self.works}

    def without(self, keys: set[str]) -> Universe:
        """The universe less the set's works of these keys, the set's other copies of
        them (the same title: one work cited in two articles) and their correction
        notices (a publisher that registers a correction registers the work)."""
        titles = {_fold(w["title"][0]) for k, of, w in self.works if k == "set" and of in keys}
        return Universe(
            [
                (k, of, w)
                for k, of, w in self.works
                if not (k == "correction" and of in keys)
                and not (k == "set" and _fold(w["title"][0]) in titles)
            ]
        )


def _fold(title: str) -> str:
    return " ".join(re.findall(r"\w+", plain(title).lower()))


def _words(title: str) -> frozenset[str]:
    return frozenset(w for w in _fold(title).split() if len(w) > 3 and w not in _STOP)


def _hash01(text: str) -> float:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) / 16**12


def _family(work: dict[str, Any]) -> str:
    authors = work.get("author") or [{}]
    return _fold(str(authors[0].get("family") or authors[0].get("name") or ""))


def pool_works(path: Path = POOL) -> list[dict[str, Any]]:
    """The PLOS references' journal articles as Crossref works (a test DOI under
    10.5555/plos. where the reference printed none); one per DOI and per title."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = json.load(f)["references"]
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        rec = row["record"]
        people = [a for a in rec.get("author", []) if a.get("family") or a.get("literal")]
        year = (rec.get("issued", {}).get("date-parts") or [[None]])[0][0]
        if row["kind"] != "journal" or not (rec.get("title") and people and year):
            continue
        if not rec.get("container-title"):
            continue
        doi = (
            rec.get("DOI") or f"10.5555/plos.{hashlib.sha256(row['ref'].encode()).hexdigest()[:12]}"
        )
        fields = {
            "authors": [
                [a["family"], a.get("given", "")] if a.get("family") else [a["literal"]]
                for a in people
            ],
            "title": str(rec["title"]).rstrip("."),
            "journal": rec["container-title"],
            "year": int(year),
            "volume": rec.get("volume", ""),
            "doi": doi,
        }
        first, _, last = str(rec.get("page", "")).partition("-")
        if first:
            fields["first_page"], fields["last_page"] = first, last
        work = crossref_work(Ref("pool", 0, fields))
        out.setdefault(doi.lower(), work)
    by_title: dict[str, dict[str, Any]] = {}
    for work in out.values():
        by_title.setdefault(_fold(work["title"][0]) + "|" + _family(work), work)
    return list(by_title.values())


class _Titles:
    """Titles looked up by the words they share."""

    def __init__(self, titles: Iterable[str]) -> None:
        self.titles = sorted({plain(t) for t in titles})
        self.index: dict[str, list[int]] = {}
        for i, t in enumerate(self.titles):
            for w in _words(t):
                self.index.setdefault(w, []).append(i)

    def _sharing(self, title: str) -> list[str]:
        """The titles sharing a word with ``title``, most shared words first."""
        shared: Counter[int] = Counter(i for w in _words(title) for i in self.index.get(w, ()))
        return [self.titles[i] for i, _n in sorted(shared.items(), key=lambda x: (-x[1], x[0]))]

    def nearest(self, title: str) -> str | None:
        """The title sharing the most words with ``title`` that is not nearly the same."""
        folded = _fold(title)
        return next(
            (t for t in self._sharing(title) if fuzz.ratio(folded, _fold(t)) < SAME_TITLE), None
        )

    def holds(self, title: str, among: int = 20) -> bool:
        """Whether nearly the same title is here (among the ``among`` sharing most words)."""
        folded = _fold(title)
        return any(fuzz.ratio(folded, _fold(t)) >= SAME_TITLE for t in self._sharing(title)[:among])


def _sibling(ref: Ref, title: str) -> dict[str, Any]:
    """The same authors' other work in the same journal, a year apart at most."""
    shift = int(_hash01("sibling-year|" + ref.key) * 3) - 1
    fields = {k: ref.fields[k] for k in ("authors", "journal") if k in ref.fields}
    fields.update(title=title, year=ref.fields["year"] + shift)
    volume = str(ref.fields.get("volume", ""))
    if volume.isdigit():
        fields["volume"] = str(max(1, int(volume) + shift))
    fields["doi"] = test_doi("sibling|" + ref.key)
    return crossref_work(Ref(ref.article, ref.position, fields))


def _correction(ref: Ref) -> dict[str, Any]:
    work = crossref_work(ref)
    year = ref.fields["year"] + (_hash01("correction-year|" + ref.key) < 0.5)
    doi = test_doi("correction|" + ref.key)
    work.update(DOI=doi, title=["Correction: " + ref.fields["title"]], author=[])
    work.update(issued={"date-parts": [[year]]}, published={"date-parts": [[year]]})
    work.update(URL=f"https://doi.org/{doi}")
    for key in ("volume", "issue", "page", "article-number", "updated-by"):
        work.pop(key, None)
    return work


def _preprint(ref: Ref) -> dict[str, Any]:
    work = crossref_work(ref)
    year = {"date-parts": [[ref.fields["year"] - 1]]}
    doi = "10.1101/" + test_doi("preprint|" + ref.key).split("/", 1)[1]
    work.update(DOI=doi, type="posted-content", issued=year, published=year, prefix="10.1101")
    work.update({"container-title": [], "institution": [{"name": "bioRxiv"}]})
    work.update(URL=f"https://doi.org/{doi}")
    for key in ("volume", "issue", "page", "article-number", "updated-by"):
        work.pop(key, None)
    return work


def build(everything: Iterable[Ref], pool: list[dict[str, Any]] | None = None) -> Universe:
    """The set's works and every kind of distractor."""
    refs = list(everything)
    own = [crossref_work(r) for r in refs]
    dois = {str(w["DOI"]).lower() for w in own}
    ours = _Titles(r.fields["title"] for r in refs)
    field = [
        w
        for w in (pool_works() if pool is None else pool)
        if str(w["DOI"]).lower() not in dois and not ours.holds(w["title"][0])
    ]
    out: list[tuple[str, str | None, dict[str, Any]]] = [
        ("set", r.key, w) for r, w in zip(refs, own, strict=True)
    ]
    out += [("field", None, w) for w in field]
    theirs = _Titles(w["title"][0] for w in field)
    for r in refs:
        title = theirs.nearest(r.fields["title"])
        if title:
            out.append(("sibling", r.key, _sibling(r, title)))
    out += [
        ("correction", r.key, _correction(r))
        for r in refs
        if _hash01("correction|" + r.key) < CORRECTION_SHARE
    ]
    out += [
        ("preprint", r.key, _preprint(r))
        for r in refs
        if r.fields["year"] >= 2014 and _hash01("preprint|" + r.key) < PREPRINT_SHARE
    ]
    return Universe(out)
