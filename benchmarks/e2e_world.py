"""What the end-to-end evaluation's registry holds, and the errors it seeds.

Every reference of tests/data/e2e/references.json is one work. Its Crossref record (a
``/works/{doi}`` message in Crossref's shape) is built from the same JATS metadata the
printed reference is rendered from: the title keeps Crossref's inline marks (``<i>``,
``<sub>``, ``<sup>``), pages are ``first-last``, an elocation-id is the
``article-number``, and the only date is the year. A reference without a DOI gets one
under the test prefix 10.5555 (never printed: it only lets the stand-in hold and
search the work). About one work in 72 (``RETRACTED_SHARE``, chosen by a hash of its
key) carries a retraction notice the way Crossref delivers it (``updated-by`` entries of
type "retraction" from Retraction Watch and the publisher).

``seed_errors`` changes about one reference in eight of each printed list (a fixed
random generator per article and style): the retracted works are one kind; the others
are drawn among the kinds that the reference's printed form can show (``KINDS``).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "e2e" / "references.json"

RETRACTED_SHARE = 1 / 72
SEEDED_SHARE = 1 / 8
# Each kind and the finding codes that name it rightly.
KINDS: dict[str, tuple[str, ...]] = {
    "year": ("year-mismatch",),
    "volume": ("volume-mismatch",),
    "pages": ("pages-mismatch",),
    "title-word": ("title-mismatch", "title-typo"),
    "first-author": ("author-mismatch",),
    "author-order": ("author-order",),
    "wrong-doi": ("doi-points-elsewhere",),
    "unregistered-doi": ("doi-not-found",),
    "retracted": ("retracted",),
}
_WORDS = (
    "protein",
    "network",
    "regulation",
    "analysis",
    "response",
    "population",
    "signalling",
    "mechanism",
    "evolution",
    "expression",
    "structure",
    "infection",
    "diversity",
    "model",
    "dynamics",
    "function",
    "variation",
    "resistance",
    "development",
    "selection",
)


@dataclass(frozen=True)
class Ref:
    """One reference of one article: its key (article id and position) and fields."""

    article: str
    position: int  # 1-based, in the article's own list
    fields: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.article}#{self.position}"

    @property
    def doi(self) -> str:
        """The DOI the registry holds the work under: the printed one as registered (JATS
        metadata may hold it URL-encoded, "…21:13%3c1132::aid-jcc2%3e3.0.co;2-5", where
        Crossref registers "<" and ">"), or a test DOI."""
        return unquote(str(self.fields.get("doi") or test_doi(self.key)))


def test_doi(key: str) -> str:
    return f"10.5555/e2e.{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def _hash01(text: str) -> float:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) / 16**12


def load(path: Path = DATA) -> list[dict[str, Any]]:
    """The articles, each with its references as ``Ref``."""
    articles = json.loads(path.read_text(encoding="utf-8"))["articles"]
    for a in articles:
        a["refs"] = [Ref(a["id"], i + 1, r) for i, r in enumerate(a["references"])]
    return list(articles)


def is_retracted(ref: Ref) -> bool:
    return _hash01("retracted|" + ref.key) < RETRACTED_SHARE


def plain(title: str) -> str:
    """The title without the marks ``e2e_jats`` keeps (italic, sub- and superscript)."""
    return re.sub(r"</?(?:i|sub|sup)>", "", title)


# ---------------------------------------------------------------------------
# What the registry holds
# ---------------------------------------------------------------------------


def _pages(f: dict[str, Any]) -> str | None:
    if not f.get("first_page"):
        return None
    return str(f["first_page"]) + (f"-{f['last_page']}" if f.get("last_page") else "")


def crossref_work(ref: Ref) -> dict[str, Any]:
    """The Crossref ``/works/{doi}`` message for the work ``ref`` cites."""
    f = ref.fields
    authors: list[dict[str, Any]] = []
    for i, name in enumerate(f["authors"]):
        sequence = "first" if i == 0 else "additional"
        if len(name) == 1:
            authors.append({"name": name[0], "sequence": sequence, "affiliation": []})
        else:
            person = {"family": name[0], "sequence": sequence, "affiliation": []}
            if name[1]:
                person["given"] = name[1]
            authors.append(person)
    year = {"date-parts": [[f["year"]]]}
    work: dict[str, Any] = {
        "DOI": ref.doi,
        "type": "journal-article",
        "title": [f["title"]],
        "author": authors,
        "container-title": [f["journal"]],
        "issued": year,
        "published": year,
        "prefix": ref.doi.split("/")[0],
        "URL": f"https://doi.org/{ref.doi}",
        "source": "Crossref",
        "relation": {},
    }
    for key, value in (("volume", f.get("volume")), ("issue", f.get("issue"))):
        if value:
            work[key] = value
    if _pages(f):
        work["page"] = _pages(f)
    elif f.get("article_number"):
        work["article-number"] = f["article_number"]
    if is_retracted(ref):
        notice = test_doi("retraction|" + ref.key)
        updated = {"date-parts": [[f["year"] + 2, 6, 1]]}
        work["updated-by"] = [
            {
                "DOI": notice,
                "type": "retraction",
                "label": "Retraction",
                "source": source,
                "updated": updated,
            }
            for source in ("retraction-watch", "publisher")
        ]
    return work


def csl_item(ref: Ref, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """The CSL-JSON item the printed reference is rendered from (its test DOI is never
    printed)."""
    f = fields if fields is not None else ref.fields
    item: dict[str, Any] = {
        "id": ref.key,
        "type": "article-journal",
        "title": plain(f["title"]),
        "container-title": f["journal"],
        "issued": {"date-parts": [[f["year"]]]},
        "author": [_csl_name(n) for n in f["authors"]],
    }
    for key, csl in (("volume", "volume"), ("issue", "issue"), ("doi", "DOI")):
        if f.get(key):
            item[csl] = f[key]
    page = _pages(f) or f.get("article_number")
    if page:
        item["page"] = page
    return item


def _csl_name(name: list[str]) -> dict[str, str]:
    """A JATS name as CSL-JSON: a collaboration as a literal; lower-case particles at the
    end of the given names ("G van der") as the dropping particle, where a CSL processor
    that parses names puts them; no given names when JATS has none."""
    if len(name) == 1:
        return {"literal": name[0]}
    out = {"family": name[0]}
    words = name[1].split()
    particles: list[str] = []
    while words and words[-1].isalpha() and words[-1].islower():
        particles.insert(0, words.pop())
    if particles:
        out["dropping-particle"] = " ".join(particles)
    if words:
        out["given"] = _given(" ".join(words))
    return out


def _given(given: str) -> str:
    """JATS initials as a style can abbreviate them ("RT" -> "R. T.", "P-H" -> "P.-H.")."""
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return " ".join(f"{c}." for c in given)
    if re.fullmatch(r"[A-Z](?:-[A-Z])+", given):
        return "-".join(f"{c}." for c in given.split("-"))
    return given


# ---------------------------------------------------------------------------
# Seeded errors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """One seeded error: the kind and the changed fields the reference is printed with."""

    kind: str
    fields: dict[str, Any]
    detail: str


def _applicable(ref: Ref, printed: str) -> list[str]:
    f = ref.fields
    kinds = ["year", "title-word", "first-author"]
    if f.get("volume", "").isdigit() and f["volume"] in printed:
        kinds.append("volume")
    if re.search(r"[0-9]", f.get("first_page", "")) and f["first_page"] in printed:
        kinds.append("pages")
    people = [n for n in f["authors"][:2] if len(n) == 2]
    if len(people) == 2 and people[1][0] in printed and people[0][0] != people[1][0]:
        kinds.append("author-order")
    if f.get("doi") and f["doi"].lower() in printed.lower():
        kinds += ["wrong-doi", "unregistered-doi"]
    return kinds


def _shift_number(text: str, rng: random.Random) -> str:
    match = re.search(r"[0-9]+", text)
    assert match is not None
    number = int(match.group())
    new = number + rng.choice([1, 2, 3, 10]) if number < 5 else number + rng.choice([-3, -1, 1, 2])
    return text[: match.start()] + str(new) + text[match.end() :]


def _mutate(
    kind: str, ref: Ref, rng: random.Random, dois: list[str], families: list[str], known: set[str]
) -> Seed:
    f = dict(ref.fields)
    if kind == "year":
        f["year"] = f["year"] + rng.choice([-2, -1, 1, 2])
        return Seed(kind, f, f"{ref.fields['year']} -> {f['year']}")
    if kind == "volume":
        f["volume"] = _shift_number(f["volume"], rng)
        return Seed(kind, f, f"{ref.fields['volume']} -> {f['volume']}")
    if kind == "pages":
        delta = rng.choice([1, 2, 5, 10, 100])
        for key in ("first_page", "last_page"):
            if f.get(key):
                m = re.search(r"[0-9]+", f[key])
                if m:
                    f[key] = f[key][: m.start()] + str(int(m.group()) + delta) + f[key][m.end() :]
        return Seed(kind, f, f"first page {ref.fields['first_page']} -> {f['first_page']}")
    if kind == "title-word":
        words = plain(f["title"]).split()
        spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()] or [len(words) - 1]
        i = rng.choice(spots)
        new = rng.choice([w for w in _WORDS if w not in plain(f["title"]).lower()])
        old = words[i]
        words[i] = new.capitalize() if old[0].isupper() else new
        f["title"] = " ".join(words)
        return Seed(kind, f, f"{old!r} -> {words[i]!r}")
    if kind == "first-author":
        first = f["authors"][0]
        others = sorted({n for n in families if n.casefold() != first[0].casefold()})
        new = rng.choice(others)
        f["authors"] = [[new, *first[1:]] if len(first) == 2 else [new, ""], *f["authors"][1:]]
        return Seed(kind, f, f"{first[0]} -> {new}")
    if kind == "author-order":
        a = list(f["authors"])
        a[0], a[1] = a[1], a[0]
        f["authors"] = a
        return Seed(kind, f, f"{a[1][0]}, {a[0][0]} -> {a[0][0]}, {a[1][0]}")
    if kind == "wrong-doi":
        new = rng.choice([d for d in dois if d.lower() != f["doi"].lower()])
        f["doi"] = new
        return Seed(kind, f, f"{ref.fields['doi']} -> {new}")
    if kind == "unregistered-doi":
        new = _unregistered(f["doi"], rng, known)
        f["doi"] = new
        return Seed(kind, f, f"{ref.fields['doi']} -> {new}")
    raise ValueError(kind)


def _unregistered(doi: str, rng: random.Random, known: set[str]) -> str:
    """The DOI with one character of its suffix changed, so that no record holds it."""
    prefix, suffix = doi.split("/", 1)
    spots = [i for i, c in enumerate(suffix) if c.isalnum()]
    while True:
        i = rng.choice(spots)
        pool = "0123456789" if suffix[i].isdigit() else "abcdefghkmnpqrstuvwxyz"
        new = f"{prefix}/{suffix[:i]}{rng.choice(pool.replace(suffix[i].lower(), ''))}"
        new += suffix[i + 1 :]
        if new.lower() not in known:
            return new


def seed_errors(
    refs: list[Ref], printed: dict[str, str], seed: str, everything: list[Ref]
) -> dict[str, Seed]:
    """Seeded errors for one printed list (``printed`` maps a reference's key to its
    clean printed form): the retracted works, and about one other reference in eight."""
    rng = random.Random(seed)
    dois = sorted({r.fields["doi"] for r in everything if r.fields.get("doi")})
    known = {r.doi.lower() for r in everything}
    families = sorted({r.fields["authors"][0][0] for r in everything})
    out = {
        r.key: Seed("retracted", dict(r.fields), "retraction notice")
        for r in refs
        if is_retracted(r)
    }
    share = (SEEDED_SHARE - RETRACTED_SHARE) / (1 - RETRACTED_SHARE)
    for ref in refs:
        if ref.key in out or rng.random() >= share:
            continue
        kinds = _applicable(ref, printed.get(ref.key, ""))
        out[ref.key] = _mutate(rng.choice(kinds), ref, rng, dois, families, known)
    return out
